// The bench's side of the wire: channels and stubs to one quizd, and Unary(),
// which issues one call with the callback API and reports its latency.
#ifndef QUIZD_BENCH_CLIENTS_H_
#define QUIZD_BENCH_CLIENTS_H_

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "grpc/health/v1/health.grpc.pb.h"
#include "quiz/v1/attempt_service.grpc.pb.h"
#include "quiz/v1/auth_service.grpc.pb.h"
#include "quiz/v1/bank_service.grpc.pb.h"
#ifdef QUIZ_BENCH_HAS_PROGRESS
#include "quiz/v1/progress_service.grpc.pb.h"
#endif

namespace bench {

// The stubs of one channel (one HTTP/2 connection).
struct Stubs {
  std::unique_ptr<grpc::health::v1::Health::Stub> health;
  std::unique_ptr<quiz::v1::AuthService::Stub> auth;
  std::unique_ptr<quiz::v1::BankService::Stub> banks;
  std::unique_ptr<quiz::v1::AttemptService::Stub> attempts;
#ifdef QUIZ_BENCH_HAS_PROGRESS
  std::unique_ptr<quiz::v1::ProgressService::Stub> progress;
#endif
};

// `channels` separate connections to `address`; load slot s uses For(s).
// Thread-safe (stubs are).
class Clients {
 public:
  Clients(const std::string& address, int channels);
  Stubs& For(int slot) { return stubs_[slot % stubs_.size()]; }

 private:
  std::vector<Stubs> stubs_;
};

// How long a bench call may take before it fails with DEADLINE_EXCEEDED.
inline constexpr std::chrono::seconds kCallDeadline{60};

// Issues one unary call: `invoke(context, request, response, on_done)` must
// start it through a stub's async() interface, e.g.
//   [&s](auto... a) { s.attempts->async()->StartAttempt(a...); }
// `token` (if not empty) is sent as "authorization: Bearer TOKEN". When the
// call completes, `done(status, response, latency_ms)` runs on a gRPC thread;
// it must not block, and may issue the next call.
template <typename Request, typename Response, typename Invoke, typename Done>
void Unary(Invoke&& invoke, const std::string& token, Request request,
           Done done) {
  struct Pending {
    grpc::ClientContext context;
    Request request;
    Response response;
    std::chrono::steady_clock::time_point start;
  };
  auto* pending = new Pending;
  pending->request = std::move(request);
  pending->context.set_deadline(std::chrono::system_clock::now() +
                                kCallDeadline);
  if (!token.empty()) {
    pending->context.AddMetadata("authorization", "Bearer " + token);
  }
  pending->start = std::chrono::steady_clock::now();
  invoke(&pending->context, &pending->request, &pending->response,
         [pending, done = std::move(done)](grpc::Status status) mutable {
           const std::chrono::duration<double, std::milli> latency =
               std::chrono::steady_clock::now() - pending->start;
           done(status, pending->response, latency.count());
           delete pending;
         });
}

}  // namespace bench

#endif  // QUIZD_BENCH_CLIENTS_H_
