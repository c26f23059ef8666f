// The server's own clock: the work that time alone makes due, done whether
// or not any request arrives.
#ifndef QUIZD_SERVER_SERVICE_SERVER_CLOCK_H_
#define QUIZD_SERVER_SERVICE_SERVER_CLOCK_H_

#include <condition_variable>
#include <mutex>
#include <thread>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "server/service/context.h"
#include "server/service/event_hub.h"

namespace service {

// A thread that, every `period`, finishes the attempts past their deadline
// (deadline_sweeper.h), ends the WatchProgress and WatchEvents streams whose
// token was logged out or has expired (ProgressHub::EndRevoked), and asks
// the store whether another process appended events (EventHub::Poll). So an
// attempt ends, and a stream stops, within one period of the moment it
// should.
class ServerClock {
 public:
  // Starts ticking; the first tick is at once (so attempts that fell due
  // while the server was down are finished at start). `context` and
  // `events` (optional) must outlive this.
  ServerClock(Context& context, absl::Duration period,
              EventHub* events = nullptr);
  // Stops: lets a tick in progress end (its writes commit), then joins.
  // Call before the store closes.
  ~ServerClock();
  ServerClock(const ServerClock&) = delete;
  ServerClock& operator=(const ServerClock&) = delete;

 private:
  void Run();
  void Tick();

  Context& context_;
  EventHub* const events_;
  const absl::Duration period_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  absl::Status last_error_;  // of the last sweep; the clock thread's own
  std::thread thread_;       // last: starts once the rest is set up
};

}  // namespace service

#endif  // QUIZD_SERVER_SERVICE_SERVER_CLOCK_H_
