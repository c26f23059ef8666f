#include "server/service/deadline_sweeper.h"

#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "server/service/attempt_view.h"

namespace service {
namespace {

// Attempts read per store query; more are taken in further rounds.
constexpr int kBatch = 256;

// Counts finishes in flight and waits for the last one.
class Pending {
 public:
  void Add() {
    std::lock_guard<std::mutex> lock(mutex_);
    ++pending_;
  }
  void Done(const absl::Status& status) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (status.ok()) {
      ++finished_;
    } else if (status_.ok()) {
      status_ = status;
    }
    if (--pending_ == 0) idle_.notify_all();
  }
  // Waits until every added finish is done; the first error, or how many
  // finished.
  absl::StatusOr<int> Wait() {
    std::unique_lock<std::mutex> lock(mutex_);
    idle_.wait(lock, [this] { return pending_ == 0; });
    if (!status_.ok()) return status_;
    return finished_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable idle_;
  int pending_ = 0;
  int finished_ = 0;
  absl::Status status_;
};

}  // namespace

absl::StatusOr<int> FinishOverdueAttempts(Context& context, int64_t now_ms) {
  std::map<int64_t, std::string> usernames;
  int finished = 0;
  while (true) {
    absl::StatusOr<std::vector<store::AttemptRecord>> overdue =
        context.store.ListOverdueAttempts(now_ms, kBatch);
    if (!overdue.ok()) return overdue.status();
    // Shared with the completions, which may outlive an early return.
    auto pending = std::make_shared<Pending>();
    absl::Status first_error;
    for (store::AttemptRecord& record : *overdue) {
      auto name = usernames.find(record.user_id);
      if (name == usernames.end()) {
        absl::StatusOr<store::UserRecord> user =
            context.store.GetUserById(record.user_id);
        if (!user.ok()) return user.status();
        name = usernames.emplace(record.user_id, user->username).first;
      }
      absl::StatusOr<LoadedAttempt> attempt =
          LoadAttemptFor(context, std::move(record), name->second);
      if (!attempt.ok()) {
        // One attempt that cannot load must not hold up the others.
        if (first_error.ok()) first_error = attempt.status();
        continue;
      }
      pending->Add();
      FinishAttempt(context, *attempt, now_ms,
                    [pending](absl::StatusOr<store::AttemptRecord> done) {
                      pending->Done(done.status());
                    });
    }
    absl::StatusOr<int> round = pending->Wait();
    if (!round.ok()) return round.status();
    if (!first_error.ok()) return first_error;
    finished += *round;
    // A full batch may have left more behind; a round that finished nothing
    // would only read the same attempts again.
    if (static_cast<int>(overdue->size()) < kBatch || *round == 0) break;
  }
  return finished;
}

}  // namespace service
