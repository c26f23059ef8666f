#include "server/service/password_checks.h"

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "server/text/request_text.h"

namespace service {

PasswordChecks::PasswordChecks(const PasswordOptions& options)
    : throttle_(options.throttle),
      backlog_(static_cast<size_t>(std::max(options.backlog, 0))) {
  int threads = options.threads;
  if (threads <= 0) {
    threads = static_cast<int>(std::thread::hardware_concurrency());
  }
  threads = std::max(threads, 1);
  for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { Loop(); });
}

PasswordChecks::~PasswordChecks() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  ready_.notify_all();
  for (std::thread& thread : threads_) thread.join();
}

bool PasswordChecks::TryRun(std::function<void()> check) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    // Idle threads take queued checks first; what is left waits.
    const size_t waiting = queue_.size() > static_cast<size_t>(idle_)
                               ? queue_.size() - static_cast<size_t>(idle_)
                               : 0;
    const bool thread_free = queue_.size() < static_cast<size_t>(idle_);
    if (!thread_free && waiting >= backlog_) return false;
    queue_.push_back(std::move(check));
  }
  ready_.notify_one();
  return true;
}

void PasswordChecks::Loop() {
  for (;;) {
    std::function<void()> check;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      ++idle_;
      ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      --idle_;
      if (queue_.empty()) return;  // stopping, and nothing left to run
      check = std::move(queue_.front());
      queue_.pop_front();
    }
    check();
  }
}

void PasswordChecks::LogThrottled(absl::string_view username,
                                  absl::string_view address,
                                  const auth::FailureNote& note) {
  if (note.username_now_throttled) {
    LogAttackLine(absl::StrCat(
        "login throttled for username ", text::QuoteForLog(username), " after ",
        note.username_failures, " failed password checks, the last from ",
        text::QuoteForLog(address)));
  }
  if (note.address_now_throttled) {
    LogAttackLine(absl::StrCat("login throttled for address ",
                               text::QuoteForLog(address), " after ",
                               note.address_failures,
                               " failed password checks, the last for "
                               "username ",
                               text::QuoteForLog(username)));
  }
}

void PasswordChecks::LogAttackLine(const std::string& line) {
  const absl::Time now = absl::Now();
  int64_t dropped = 0;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (now - log_minute_ >= absl::Minutes(1)) {
      log_minute_ = now;
      log_lines_ = 0;
    }
    if (log_lines_ >= kAttackLinesPerMinute) {
      ++log_dropped_;
      return;
    }
    ++log_lines_;
    dropped = log_dropped_;
    log_dropped_ = 0;
  }
  std::string more;
  if (dropped > 0) {
    more = absl::StrCat(" (", dropped, " more such lines left out)");
  }
  std::fprintf(stderr, "quizd: %s%s\n", line.c_str(), more.c_str());
}

}  // namespace service
