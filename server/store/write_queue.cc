#include "server/store/write_queue.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"

namespace store {

WriteQueue::WriteQueue(std::unique_ptr<Db> db,
                       std::function<void()> after_group)
    : db_(std::move(db)),
      after_group_(std::move(after_group)),
      thread_([this] { Run(); }),
      completion_thread_([this] { Complete(); }) {}

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
  if (completion_thread_.joinable()) completion_thread_.join();
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
      if (queue_.empty()) break;
      group.swap(queue_);
    }
    std::vector<absl::Status> results = CommitGroup(group);
    absl::MutexLock lock(&completed_mu_);
    completed_.push_back({std::move(group), std::move(results)});
  }
  absl::MutexLock lock(&completed_mu_);
  writer_done_ = true;
}

void WriteQueue::Complete() {
  while (true) {
    Committed committed;
    {
      absl::MutexLock lock(&completed_mu_);
      completed_mu_.Await(absl::Condition(
          +[](WriteQueue* q) ABSL_EXCLUSIVE_LOCKS_REQUIRED(q->completed_mu_) {
            return q->writer_done_ || !q->completed_.empty();
          },
          this));
      if (completed_.empty()) return;  // the writer has stopped
      committed = std::move(completed_.front());
      completed_.pop_front();
    }
    bool any_ok = false;
    for (size_t i = 0; i < committed.ops.size(); ++i) {
      any_ok = any_ok || committed.results[i].ok();
      committed.ops[i].done(std::move(committed.results[i]));
    }
    if (any_ok && after_group_) after_group_();
  }
}

std::vector<absl::Status> WriteQueue::CommitGroup(std::deque<WriteOp>& group) {
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
  for (absl::Status& status : results) {
    // An operation that failed on its own keeps its own error.
    if (status.ok() && !group_status.ok()) status = group_status;
  }
  return results;
}

}  // namespace store
