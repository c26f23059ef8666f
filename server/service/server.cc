#include "server/service/server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>

#include <cstdio>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "server/service/bank_directory.h"
#include "server/service/call.h"
#include "server/service/context.h"
#include "server/service/learner.h"
#include "server/service/server_clock.h"
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
  std::unique_ptr<ServerClock> clock;
  bool shut_down = false;
};

namespace {

// "1 quiz", "7 quizzes": startup lines are read by people.
std::string Count(size_t n, const char* one, const char* many) {
  return absl::StrCat(n, " ", n == 1 ? one : many);
}

// Loads the bank directory and says what it found, one line per bank.
absl::Status LoadBanks(store::Store& store, const std::string& dir) {
  absl::StatusOr<std::vector<LoadedBank>> banks = LoadBankDirectory(store, dir);
  if (!banks.ok()) return banks.status();
  for (const LoadedBank& bank : *banks) {
    std::fprintf(stderr, "quizd: bank %s version %lld: %s, %s%s\n",
                 bank.bank_id.c_str(), static_cast<long long>(bank.version),
                 Count(bank.items, "item", "items").c_str(),
                 Count(bank.quizzes, "quiz", "quizzes").c_str(),
                 bank.parsed ? "" : " (file unchanged)");
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
  if (options.after_load) options.after_load();
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
  parts->clock =
      std::make_unique<ServerClock>(*parts->context, options.clock_period);
  std::string host = options.listen.substr(0, options.listen.rfind(':'));
  std::fprintf(stderr, "quizd: listening on %s:%d\n", host.c_str(), port);
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
  parts_->server->Shutdown(std::chrono::system_clock::now() +
                           std::chrono::seconds(5));
  parts_->server->Wait();
  parts_->workers.reset();
  parts_->store.reset();
}

}  // namespace service
