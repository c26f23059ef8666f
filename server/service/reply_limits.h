// Bounds on replies a peer does not read: a unary reply that has been
// produced stays in the server's memory until the peer has read it, so a
// peer that stops reading (a stalled HTTP/2 window) could pin any number of
// them. Every unary reply is counted while it is being sent: a connection
// holding its share gets no more; when all of them together pass the total,
// the connection holding the most loses its replies (a hoarder, not a
// student with one reply in flight); and a reply not read within a deadline
// is cancelled.
#ifndef QUIZD_SERVER_SERVICE_REPLY_LIMITS_H_
#define QUIZD_SERVER_SERVICE_REPLY_LIMITS_H_

#include <grpcpp/alarm.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/support/server_interceptor.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "server/service/wire_limits.h"

namespace service {

// Cancels a call that is not done by a deadline (from construction), or on
// demand. Call Disarm() before the call's context is destroyed; the alarm
// may still fire afterwards and then does nothing.
class CancelAfter {
 public:
  // seconds <= 0: no deadline (and no alarm), only CancelNow.
  CancelAfter(grpc::ServerContextBase* ctx, int seconds);
  // Cancels now, unless disarmed.
  void CancelNow();
  void Disarm();

 private:
  // Shared with the alarm's callback, which may run after this is gone (a
  // destroyed alarm still calls back, with fired false).
  struct Target {
    absl::Mutex mu;
    grpc::ServerContextBase* ctx ABSL_GUARDED_BY(mu) = nullptr;
  };
  std::shared_ptr<Target> target_;
  grpc::Alarm alarm_;
};

// One unary reply being sent.
struct ReplyTicket {
  std::string connection;  // the call's peer as gRPC names it
  int64_t bytes = 0;       // serialized
  std::chrono::steady_clock::time_point start;
  std::shared_ptr<CancelAfter> cancel;
  bool evicted = false;  // guarded by the ReplyBudget's mutex
};

// Serialized bytes of the unary replies being sent, per connection and in
// all; a thread cancels the replies older than the timeout once a second
// (one thread rather than a timer per reply, which would cost every call).
// Thread-safe.
class ReplyBudget {
 public:
  // timeout_seconds <= 0: replies have no deadline.
  ReplyBudget(int64_t per_connection, int64_t total, int timeout_seconds);
  ~ReplyBudget();
  // Counts `ticket` and returns true, or returns false (counting nothing)
  // when its connection already holds replies and this one would pass
  // per_connection. When the total passes its limit, every reply of the
  // connection holding the most (another one) is cancelled and no longer
  // counted.
  bool Take(const std::shared_ptr<ReplyTicket>& ticket);
  // The reply is done (sent or cancelled).
  void Give(const std::shared_ptr<ReplyTicket>& ticket);

 private:
  void SweepUntilStopped();
  // Stops counting every reply of `holder`, appending them to `lost`.
  void Drop(std::vector<std::shared_ptr<ReplyTicket>>& tickets,
            std::vector<std::shared_ptr<ReplyTicket>>* lost)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const int64_t per_connection_;
  const int64_t total_;
  absl::Mutex mu_;
  int64_t pending_ ABSL_GUARDED_BY(mu_) = 0;
  struct Holder {
    int64_t bytes = 0;
    std::vector<std::shared_ptr<ReplyTicket>> tickets;
  };
  std::unordered_map<std::string, Holder> holders_ ABSL_GUARDED_BY(mu_);
  const std::chrono::seconds timeout_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread sweeper_;
};

// The interceptor factory that applies `budget` to every unary method but
// the bank transfers (which have slots and a deadline of their own).
std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
MakeReplyLimits(ReplyBudget& budget);

}  // namespace service

#endif  // QUIZD_SERVER_SERVICE_REPLY_LIMITS_H_
