// Where password checks (argon2id, tens of milliseconds and 64 MiB each)
// run: a few threads and a short queue, so a flood of logins costs at most
// those threads' CPU and is refused at once beyond the queue, rather than
// queueing without bound (and holding every request) while a real user
// waits. Also holds the login throttle and logs accounts under attack.
#ifndef QUIZD_SERVER_SERVICE_PASSWORD_CHECKS_H_
#define QUIZD_SERVER_SERVICE_PASSWORD_CHECKS_H_

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/auth/login_throttle.h"

namespace service {

struct PasswordOptions {
  // Checks running at once; 0: one per core.
  int threads = 0;
  // Checks waiting for a thread; more are refused at once. A class logging
  // in at once mostly fits (16 checks of ~70 ms on 2 cores wait under a
  // second); a flood does not queue without bound.
  int backlog = 16;
  auth::ThrottleOptions throttle;
};

// The largest password any RPC accepts, in bytes (the proto's documented
// limit), checked before any hashing.
inline constexpr size_t kMaxPasswordBytes = 1024;

class PasswordChecks {
 public:
  explicit PasswordChecks(const PasswordOptions& options);
  // Runs every check already queued, then joins the threads.
  ~PasswordChecks();

  // Queues `check` and returns true, or returns false (dropping it) when
  // every thread is busy and the backlog is full.
  bool TryRun(std::function<void()> check);

  auth::LoginThrottle& throttle() { return throttle_; }

  // Logs the keys `note` says have just become throttled, one line each:
  // the username (quoted for the log) with its failures and the address of
  // the last, or the address with its failures and the username of the
  // last. At most kAttackLinesPerMinute lines a minute; the next line after
  // a quiet spell says how many were left out.
  void LogThrottled(absl::string_view username, absl::string_view address,
                    const auth::FailureNote& note);
  static constexpr int kAttackLinesPerMinute = 10;

 private:
  void Loop();
  // One attack line, rate-limited as LogThrottled says.
  void LogAttackLine(const std::string& line);

  auth::LoginThrottle throttle_;
  const size_t backlog_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> queue_;
  int idle_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
  // The attack log's rate limit: lines written in the current minute.
  absl::Time log_minute_ = absl::InfinitePast();
  int log_lines_ = 0;
  int64_t log_dropped_ = 0;
};

}  // namespace service

#endif  // QUIZD_SERVER_SERVICE_PASSWORD_CHECKS_H_
