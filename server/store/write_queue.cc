#include "server/store/write_queue.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"

namespace store {

WriteQueue::WriteQueue(std::unique_ptr<Db> db)
    : db_(std::move(db)), thread_([this] { Run(); }) {}

WriteQueue::~WriteQueue() { Stop(); }

void WriteQueue::Submit(WriteOp op) {
  {
    absl::MutexLock lock(&mu_);
    if (!stopping_) {
      queue_.push_back(std::move(op));
      return;
    }
  }
  op.done(absl::UnavailableError("store is closed"));
}

void WriteQueue::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

WriteQueue::Stats WriteQueue::stats() const {
  absl::MutexLock lock(&mu_);
  return stats_;
}

void WriteQueue::Run() {
  while (true) {
    std::deque<WriteOp> group;
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(
          +[](WriteQueue* q) ABSL_EXCLUSIVE_LOCKS_REQUIRED(q->mu_) {
            return q->stopping_ || !q->queue_.empty();
          },
          this));
      // Drain before exiting: everything queued before Stop gets committed.
      if (queue_.empty()) return;
      group.swap(queue_);
    }
    CommitGroup(group);
  }
}

void WriteQueue::CommitGroup(std::deque<WriteOp>& group) {
  std::vector<absl::Status> results(group.size());
  // Set when the group as a whole failed; overrides every OK result.
  absl::Status group_status = db_->Run("BEGIN IMMEDIATE");
  for (size_t i = 0; i < group.size() && group_status.ok(); ++i) {
    if (absl::Status s = db_->Run("SAVEPOINT op"); !s.ok()) {
      group_status = s;
      break;
    }
    results[i] = group[i].apply(*db_);
    if (!results[i].ok()) {
      if (!db_->InTransaction()) {
        // SQLite rolled the whole transaction back (e.g. after an I/O error),
        // taking the earlier operations of the group with it.
        group_status = absl::Status(
            results[i].code(),
            absl::StrCat("transaction rolled back: ", results[i].message()));
        break;
      }
      group_status = db_->Run("ROLLBACK TO op");
    }
    if (group_status.ok()) group_status = db_->Run("RELEASE op");
  }
  if (group_status.ok()) group_status = db_->Run("COMMIT");
  if (!group_status.ok() && db_->InTransaction()) {
    db_->Run("ROLLBACK").IgnoreError();
  }
  {
    absl::MutexLock lock(&mu_);
    ++stats_.groups;
    stats_.ops += static_cast<int64_t>(group.size());
  }
  for (size_t i = 0; i < group.size(); ++i) {
    // An operation that failed on its own keeps its own error.
    absl::Status status = results[i];
    if (status.ok() && !group_status.ok()) status = group_status;
    group[i].done(std::move(status));
  }
}

}  // namespace store
