#include "server/service/server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/resource_quota.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "server/service/acceptor.h"
#include "server/service/bank_directory.h"
#include "server/service/call.h"
#include "server/service/context.h"
#include "server/service/learner.h"
#include "server/service/progress_feed.h"
#include "server/service/relay.h"
#include "server/service/reply_limits.h"
#include "server/service/server_clock.h"
#include "server/service/services.h"

namespace service {

struct QuizServer::Parts {
  std::unique_ptr<store::Store> store;
  QuizCatalog catalog;
  std::unique_ptr<WorkerPool> workers;
  std::unique_ptr<PasswordChecks> passwords;
  ProgressHub hub;
  LearnerCache learners;
  WireLimits limits;
  std::unique_ptr<Slots> bank_replies;
  std::unique_ptr<Slots> bank_uploads;
  std::unique_ptr<ReplyBudget> replies;
  std::optional<question_bank::CodeSets> code_sets;
  std::unique_ptr<Context> context;
  std::unique_ptr<AuthServiceImpl> auth;
  std::unique_ptr<BankServiceImpl> banks;
  std::unique_ptr<QuizServiceImpl> quizzes;
  std::unique_ptr<AttemptServiceImpl> attempts;
  std::unique_ptr<AssignmentServiceImpl> assignments;
  std::unique_ptr<ProgressServiceImpl> progress;
  std::unique_ptr<IntegrationServiceImpl> integration;
  std::unique_ptr<UserServiceImpl> users;
  std::unique_ptr<AuditServiceImpl> audit;
  std::unique_ptr<CourseServiceImpl> courses;
  std::unique_ptr<GradebookServiceImpl> gradebook;
  std::unique_ptr<EventHub> events_hub;
  std::unique_ptr<EventServiceImpl> events;
  std::unique_ptr<ProgressFeed> progress_feed;
  std::unique_ptr<grpc::Server> server;
  std::unique_ptr<Acceptor> acceptor;
  std::unique_ptr<Relay> relay;  // with TLS
  std::unique_ptr<ServerClock> clock;
  bool shut_down = false;
};

namespace {

// "1 quiz", "7 quizzes": startup lines are read by people.
std::string Count(size_t n, const char* one, const char* many) {
  return absl::StrCat(n, " ", n == 1 ? one : many);
}

// Loads the bank directory and says what is served, one line per bank: the
// latest version, which is the file's unless an instructor pushed a later
// one.
absl::Status LoadBanks(store::Store& store, const std::string& dir) {
  absl::StatusOr<std::vector<LoadedBank>> banks = LoadBankDirectory(store, dir);
  if (!banks.ok()) return banks.status();
  for (const LoadedBank& bank : *banks) {
    absl::StatusOr<store::BankVersionRecord> served =
        store.GetBankVersion(bank.bank_id, 0);
    if (!served.ok()) return served.status();
    const quiz::v1::Bank& outline = served->bank->outline();
    std::string source = bank.parsed ? "" : " (file unchanged)";
    if (served->version != bank.version) {
      source = absl::StrCat(" (pushed by ", served->created_by, "; ", bank.file,
                            " is version ", bank.version, ")");
    }
    std::fprintf(stderr, "quizd: bank %s version %lld: %s, %s%s\n",
                 bank.bank_id.c_str(), static_cast<long long>(served->version),
                 Count(outline.items_size(), "item", "items").c_str(),
                 Count(outline.quizzes_size(), "quiz", "quizzes").c_str(),
                 source.c_str());
  }
  return absl::OkStatus();
}

// The soft file limit (a large number when unlimited).
int64_t SoftFileLimit() {
  rlimit files{};
  getrlimit(RLIMIT_NOFILE, &files);
  return files.rlim_cur == RLIM_INFINITY ? int64_t{1} << 20 : files.rlim_cur;
}

// The lowest free descriptor now: connections take the ones above.
int LowestFreeDescriptor() {
  const int lowest = dup(STDERR_FILENO);
  if (lowest >= 0) close(lowest);
  return std::max(lowest, 0);
}

// The first descriptor number a connection may not take: the file limit
// less kReservedDescriptors, or fewer by --max-connections.
int DescriptorCeiling(const WireLimits& limits) {
  int64_t ceiling = SoftFileLimit() - kReservedDescriptors;
  if (limits.max_connections > 0) {
    ceiling = std::min<int64_t>(
        ceiling, LowestFreeDescriptor() + limits.max_connections);
  }
  return static_cast<int>(std::max<int64_t>(ceiling, 1));
}

// TLS connections at once: as many as fit below the file limit less
// kReservedDescriptors at Relay::kDescriptorsPerConnection each, or fewer
// by --max-connections.
int64_t MaxRelayedConnections(const WireLimits& limits) {
  int64_t most =
      (SoftFileLimit() - kReservedDescriptors - LowestFreeDescriptor()) /
      Relay::kDescriptorsPerConnection;
  if (limits.max_connections > 0) {
    most = std::min<int64_t>(most, limits.max_connections);
  }
  return std::max<int64_t>(most, 1);
}

// Milliseconds for a channel argument; 0 seconds turns the limit off.
int Ms(int seconds) {
  return seconds <= 0 ? INT32_MAX
                      : static_cast<int>(std::min<int64_t>(
                            int64_t{seconds} * 1000, INT32_MAX));
}

// Every knob of WireLimits that gRPC itself enforces.
void ApplyLimits(const WireLimits& limits, grpc::ServerBuilder& builder) {
  grpc::ResourceQuota quota("quizd");
  quota.Resize(static_cast<size_t>(limits.memory_quota_bytes));
  quota.SetMaxThreads(limits.max_threads);
  builder.SetResourceQuota(quota);
  builder.SetMaxReceiveMessageSize(kMaxMessageBytes);
  // Bank replies are the only large messages the server builds.
  builder.SetMaxSendMessageSize(static_cast<int>(
      std::min<int64_t>(limits.max_bank_bytes + 1024, INT32_MAX)));
  builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS,
                             limits.max_streams_per_connection);
  builder.AddChannelArgument(GRPC_ARG_HTTP2_STREAM_LOOKAHEAD_BYTES,
                             limits.stream_window_bytes);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS,
                             Ms(limits.keepalive_seconds));
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIMEOUT_MS,
                             Ms(limits.keepalive_timeout_seconds));
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_IDLE_MS,
                             Ms(limits.max_connection_idle_seconds));
  builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_MS,
                             Ms(limits.max_connection_age_seconds));
  builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_GRACE_MS,
                             Ms(limits.max_connection_age_grace_seconds));
  // gRPC's own listener serves TLS behind the relay (relay.h): without this
  // it would bind with SO_REUSEPORT and share its port with another server.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
}

}  // namespace

QuizServer::QuizServer(std::unique_ptr<Parts> parts)
    : parts_(std::move(parts)) {}

QuizServer::~QuizServer() { Shutdown(); }

absl::StatusOr<std::unique_ptr<QuizServer>> QuizServer::Start(
    const ServerOptions& options) {
  auto parts = std::make_unique<Parts>();
  absl::StatusOr<ServerTls> tls = LoadServerTls(options.tls);
  if (!tls.ok()) return tls.status();
  if (absl::Status allowed = CheckPlaintextAllowed(
          options.listen, tls->credentials != nullptr, options.insecure);
      !allowed.ok()) {
    return allowed;
  }
  // Bind first: a second quizd on the same address stops here, before it
  // touches the database or loads banks. Connections queue until serving.
  // With TLS the acceptor relays connections to gRPC's TLS listener (see
  // relay.h).
  absl::StatusOr<std::unique_ptr<Acceptor>> acceptor =
      Acceptor::Listen(options.listen);
  if (!acceptor.ok()) return acceptor.status();
  parts->acceptor = *std::move(acceptor);
  const int port = parts->acceptor->port();
  const std::string host = options.listen.substr(0, options.listen.rfind(':'));
  if (!options.codesets_dir.empty()) {
    absl::StatusOr<question_bank::CodeSets> code_sets =
        question_bank::LoadCodeSets(options.codesets_dir);
    if (!code_sets.ok()) return code_sets.status();
    parts->code_sets = *std::move(code_sets);
    std::fprintf(stderr, "quizd: code sets: ICD-10-CM FY%d, %s\n",
                 parts->code_sets->icd10cm_year,
                 parts->code_sets->hcpcs_release.c_str());
  }
  absl::StatusOr<std::unique_ptr<store::Store>> store =
      store::OpenSqliteStore({options.db_path});
  if (!store.ok()) return store.status();
  parts->store = *std::move(store);
  std::fprintf(stderr, "quizd: database %s (SQLite, WAL, synchronous=FULL)\n",
               options.db_path.c_str());
  if (!options.banks_dir.empty()) {
    if (absl::Status loaded = LoadBanks(*parts->store, options.banks_dir);
        !loaded.ok()) {
      return loaded;
    }
  }
  if (absl::Status refreshed = parts->catalog.Refresh(*parts->store);
      !refreshed.ok()) {
    return refreshed;
  }
  if (options.after_load) options.after_load();
  std::fprintf(
      stderr, "quizd: %s, %s available\n",
      Count(parts->catalog.Banks().size(), "bank", "banks").c_str(),
      Count(parts->catalog.Quizzes().size(), "quiz", "quizzes").c_str());

  parts->workers = std::make_unique<WorkerPool>(options.worker_threads);
  parts->passwords = std::make_unique<PasswordChecks>(options.passwords);
  parts->limits = options.limits;
  parts->bank_replies = std::make_unique<Slots>(parts->limits.max_bank_replies);
  parts->bank_uploads = std::make_unique<Slots>(parts->limits.max_bank_uploads);
  parts->context = std::make_unique<Context>(Context{
      *parts->store, parts->catalog, *parts->workers, parts->hub,
      parts->learners, parts->limits, *parts->bank_replies,
      *parts->bank_uploads, parts->code_sets ? &*parts->code_sets : nullptr,
      *parts->passwords});
  parts->auth = std::make_unique<AuthServiceImpl>(*parts->context);
  parts->banks = std::make_unique<BankServiceImpl>(*parts->context);
  parts->quizzes = std::make_unique<QuizServiceImpl>(*parts->context);
  parts->attempts = std::make_unique<AttemptServiceImpl>(*parts->context);
  parts->assignments = std::make_unique<AssignmentServiceImpl>(*parts->context);
  parts->progress = std::make_unique<ProgressServiceImpl>(*parts->context);
  parts->integration =
      std::make_unique<IntegrationServiceImpl>(*parts->context);
  parts->users = std::make_unique<UserServiceImpl>(*parts->context);
  parts->audit = std::make_unique<AuditServiceImpl>(*parts->context);
  parts->courses = std::make_unique<CourseServiceImpl>(*parts->context);
  parts->gradebook = std::make_unique<GradebookServiceImpl>(*parts->context);
  parts->events_hub = std::make_unique<EventHub>(*parts->store);
  parts->events =
      std::make_unique<EventServiceImpl>(*parts->context, *parts->events_hub);
  parts->progress_feed =
      std::make_unique<ProgressFeed>(*parts->context, *parts->events_hub);

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  ApplyLimits(parts->limits, builder);
  parts->replies = std::make_unique<ReplyBudget>(
      parts->limits.max_pending_reply_bytes_per_connection,
      parts->limits.max_pending_reply_bytes,
      parts->limits.reply_timeout_seconds);
  std::vector<
      std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
      interceptors;
  interceptors.push_back(MakeReplyLimits(*parts->replies));
  interceptors.push_back(NewUnparsableRequestInterceptorFactory());
  builder.experimental().SetInterceptorCreators(std::move(interceptors));
  builder.RegisterService(parts->auth.get());
  builder.RegisterService(parts->banks.get());
  builder.RegisterService(parts->quizzes.get());
  builder.RegisterService(parts->attempts.get());
  builder.RegisterService(parts->assignments.get());
  builder.RegisterService(parts->progress.get());
  builder.RegisterService(parts->integration.get());
  builder.RegisterService(parts->users.get());
  builder.RegisterService(parts->audit.get());
  builder.RegisterService(parts->courses.get());
  builder.RegisterService(parts->gradebook.get());
  builder.RegisterService(parts->events.get());
  const std::string address = absl::StrCat(host, ":", port);
  int backend_port = 0;
  if (tls->credentials != nullptr) {
    // gRPC's TLS listener, reached only through the relay (relay.h).
    builder.AddListeningPort("127.0.0.1:0", tls->credentials, &backend_port);
  }
  parts->server = builder.BuildAndStart();
  if (parts->server == nullptr ||
      (tls->credentials != nullptr && backend_port == 0)) {
    return absl::InternalError("the gRPC server did not start");
  }
  parts->clock = std::make_unique<ServerClock>(
      *parts->context, options.clock_period, parts->events_hub.get());
  if (tls->credentials != nullptr) {
    const int64_t most = MaxRelayedConnections(parts->limits);
    absl::StatusOr<std::unique_ptr<Relay>> relay =
        Relay::Start(backend_port, most);
    if (!relay.ok()) return relay.status();
    parts->relay = *std::move(relay);
    if (!tls->warning.empty()) {
      std::fprintf(stderr, "quizd: warning: %s\n", tls->warning.c_str());
    }
    Relay* relay_to = parts->relay.get();
    parts->acceptor->Start(
        [relay_to](int fd, const std::string& peer) {
          return relay_to->Add(fd, peer);
        },
        // The relay counts connections (--max-connections included); this
        // only keeps the reserve.
        static_cast<int>(
            std::max<int64_t>(SoftFileLimit() - kReservedDescriptors, 1)));
    std::fprintf(stderr,
                 "quizd: listening on %s with %s (at most %lld "
                 "connections)\n",
                 address.c_str(), tls->summary.c_str(),
                 static_cast<long long>(most));
  } else {
    const int ceiling = DescriptorCeiling(parts->limits);
    parts->acceptor->Start(parts->server.get(), ceiling);
    std::fprintf(stderr,
                 "quizd: listening on %s (plaintext; connections take "
                 "descriptors below %d)\n",
                 address.c_str(), ceiling);
  }
  std::unique_ptr<QuizServer> server(new QuizServer(std::move(parts)));
  server->port_ = port;
  return server;
}

void QuizServer::Shutdown() {
  if (parts_ == nullptr || parts_->shut_down) return;
  parts_->shut_down = true;
  parts_->clock.reset();  // no sweep may start once the store closes
  // Open WatchProgress streams end now; other in-flight calls get a grace
  // period; the writer then drains and closes.
  parts_->hub.Close();
  parts_->acceptor->Stop();
  parts_->server->Shutdown(std::chrono::system_clock::now() +
                           std::chrono::seconds(5));
  parts_->server->Wait();
  if (parts_->relay != nullptr) parts_->relay->Stop();
  parts_->progress_feed.reset();  // its reads run on the workers
  parts_->workers.reset();
  parts_->passwords.reset();
  parts_->events_hub.reset();  // stops listening to the store
  parts_->store.reset();
}

}  // namespace service
