// Wiring: the store, the shipped banks, the services, health checking and
// reflection, behind one object that owns them all.
#ifndef QUIZD_SERVER_SERVICE_SERVER_H_
#define QUIZD_SERVER_SERVICE_SERVER_H_

#include <grpcpp/grpcpp.h>

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/service/tls.h"
#include "server/service/wire_limits.h"
#include "server/store/store.h"

namespace service {

struct ServerOptions {
  std::string listen = "127.0.0.1:50051";  // host:port; port 0 picks one
  std::string db_path = "data/quizd.db";
  std::string banks_dir;  // empty: load no banks
  // The code sets pushed banks' keys are checked against (see
  // question_bank/src/codesets.h); empty: codes are checked for shape only.
  std::string codesets_dir;
  WireLimits limits;
  // TLS (tls.h); off when no certificate is given. Without it the server
  // listens on loopback addresses only, unless `insecure`.
  TlsFiles tls;
  bool insecure = false;
  int worker_threads = 2;
  // How often the server's own clock ticks (server_clock.h): attempts end
  // and logged-out streams stop within this long. Tests shorten it.
  absl::Duration clock_period = absl::Milliseconds(500);
  // Runs once the banks are loaded, before the server listens; quizd hands
  // the memory that loading freed back to the system there.
  std::function<void()> after_load;
};

class QuizServer {
 public:
  // Opens the store, stores changed banks from banks_dir as new versions,
  // and starts serving. Logs one line per startup fact to stderr.
  static absl::StatusOr<std::unique_ptr<QuizServer>> Start(
      const ServerOptions& options);
  // Shuts down (see Shutdown) if still running.
  ~QuizServer();

  // The port actually bound (useful with port 0).
  int port() const { return port_; }
  // Stops accepting calls, lets in-flight calls finish (up to a grace period),
  // then drains the store's write queue and closes the database.
  void Shutdown();

 private:
  struct Parts;
  explicit QuizServer(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
  int port_ = 0;
};

}  // namespace service

#endif  // QUIZD_SERVER_SERVICE_SERVER_H_
