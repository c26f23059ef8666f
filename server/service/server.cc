#include "server/service/server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>

#include <cstdio>
#include <future>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "google/protobuf/util/message_differencer.h"
#include "question_bank/src/bank_file.h"
#include "server/service/call.h"
#include "server/service/context.h"
#include "server/service/learner.h"
#include "server/service/services.h"

namespace service {

struct QuizServer::Parts {
  std::unique_ptr<store::Store> store;
  QuizCatalog catalog;
  std::unique_ptr<WorkerPool> workers;
  ProgressHub hub;
  LearnerCache learners;
  std::unique_ptr<Context> context;
  std::unique_ptr<AuthServiceImpl> auth;
  std::unique_ptr<BankServiceImpl> banks;
  std::unique_ptr<QuizServiceImpl> quizzes;
  std::unique_ptr<AttemptServiceImpl> attempts;
  std::unique_ptr<ProgressServiceImpl> progress;
  std::unique_ptr<grpc::Server> server;
  bool shut_down = false;
};

namespace {

// created_by of the versions loaded from the bank directory.
constexpr char kDirectoryAuthor[] = "system";

// "1 quiz", "7 quizzes": startup lines are read by people.
std::string Count(size_t n, const char* one, const char* many) {
  return absl::StrCat(n, " ", n == 1 ? one : many);
}

// The newest version of a bank that came from the bank directory, if any.
absl::StatusOr<std::optional<store::BankVersionRecord>> LatestFromDirectory(
    store::Store& store, const std::string& bank_id) {
  int64_t before = 0;
  while (true) {
    absl::StatusOr<std::vector<store::BankVersionRecord>> page =
        store.ListBankVersions(bank_id, before, kMaxPageSize);
    if (!page.ok()) return page.status();
    for (store::BankVersionRecord& record : *page) {
      if (record.created_by == kDirectoryAuthor) return std::move(record);
    }
    if (page->size() < static_cast<size_t>(kMaxPageSize)) return std::nullopt;
    before = page->back().version;
  }
}

// Stores each bank of `dir` whose content differs from the last version
// loaded from the directory. Comparing with that version, not the latest,
// keeps versions pushed by instructors: a restart with an unchanged file does
// not bring the shipped content back over theirs.
absl::Status LoadBanks(store::Store& store, const std::string& dir) {
  absl::StatusOr<std::vector<quiz::v1::Bank>> banks =
      question_bank::LoadBankDir(dir);
  if (!banks.ok()) return banks.status();
  for (quiz::v1::Bank& bank : *banks) {
    const std::string id = bank.id();
    const int items = bank.items_size();
    const int quizzes = bank.quizzes_size();
    absl::StatusOr<std::optional<store::BankVersionRecord>> loaded =
        LatestFromDirectory(store, id);
    if (!loaded.ok()) return loaded.status();
    std::optional<int64_t> version;
    if (loaded->has_value()) {
      quiz::v1::Bank previous = *(*loaded)->bank;
      previous.clear_version();
      if (google::protobuf::util::MessageDifferencer::Equals(previous, bank)) {
        version = (*loaded)->version;
      }
    }
    if (!version.has_value()) {
      std::promise<absl::StatusOr<int64_t>> stored;
      store.PutBankVersion(std::move(bank), kDirectoryAuthor,
                           [&stored](absl::StatusOr<int64_t> v) {
                             stored.set_value(std::move(v));
                           });
      absl::StatusOr<int64_t> written = stored.get_future().get();
      if (!written.ok()) return written.status();
      version = *written;
    }
    std::fprintf(stderr, "quizd: bank %s version %lld: %s, %s\n", id.c_str(),
                 static_cast<long long>(*version),
                 Count(items, "item", "items").c_str(),
                 Count(quizzes, "quiz", "quizzes").c_str());
  }
  return absl::OkStatus();
}

}  // namespace

QuizServer::QuizServer(std::unique_ptr<Parts> parts)
    : parts_(std::move(parts)) {}

QuizServer::~QuizServer() { Shutdown(); }

absl::StatusOr<std::unique_ptr<QuizServer>> QuizServer::Start(
    const ServerOptions& options) {
  auto parts = std::make_unique<Parts>();
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
  std::fprintf(
      stderr, "quizd: %s, %s available\n",
      Count(parts->catalog.Banks().size(), "bank", "banks").c_str(),
      Count(parts->catalog.Quizzes().size(), "quiz", "quizzes").c_str());

  parts->workers = std::make_unique<WorkerPool>(options.worker_threads);
  parts->context = std::make_unique<Context>(
      Context{*parts->store, parts->catalog, *parts->workers, parts->hub,
              parts->learners});
  parts->auth = std::make_unique<AuthServiceImpl>(*parts->context);
  parts->banks = std::make_unique<BankServiceImpl>(*parts->context);
  parts->quizzes = std::make_unique<QuizServiceImpl>(*parts->context);
  parts->attempts = std::make_unique<AttemptServiceImpl>(*parts->context);
  parts->progress = std::make_unique<ProgressServiceImpl>(*parts->context);

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(options.listen, grpc::InsecureServerCredentials(),
                           &port);
  builder.RegisterService(parts->auth.get());
  builder.RegisterService(parts->banks.get());
  builder.RegisterService(parts->quizzes.get());
  builder.RegisterService(parts->attempts.get());
  builder.RegisterService(parts->progress.get());
  parts->server = builder.BuildAndStart();
  if (parts->server == nullptr || port == 0) {
    return absl::UnavailableError(absl::StrCat(
        "cannot listen on ", options.listen, " (address in use or invalid?)"));
  }
  std::string host = options.listen.substr(0, options.listen.rfind(':'));
  std::fprintf(stderr, "quizd: listening on %s:%d\n", host.c_str(), port);
  std::unique_ptr<QuizServer> server(new QuizServer(std::move(parts)));
  server->port_ = port;
  return server;
}

void QuizServer::Shutdown() {
  if (parts_ == nullptr || parts_->shut_down) return;
  parts_->shut_down = true;
  // Open WatchProgress streams end now; other in-flight calls get a grace
  // period; the writer then drains and closes.
  parts_->hub.Close();
  parts_->server->Shutdown(std::chrono::system_clock::now() +
                           std::chrono::seconds(5));
  parts_->server->Wait();
  parts_->workers.reset();
  parts_->store.reset();
}

}  // namespace service
