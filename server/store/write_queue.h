// The writer thread: owns the write connection and commits queued operations
// in groups, one transaction per group (as LevelDB's DBImpl::Write batches
// writers).
#ifndef QUIZD_SERVER_STORE_WRITE_QUEUE_H_
#define QUIZD_SERVER_STORE_WRITE_QUEUE_H_

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "server/store/sqlite_db.h"

namespace store {

// One write. `apply` runs on the writer thread inside the group's
// transaction, within its own savepoint: when it returns an error, its changes
// alone are rolled back. `done` runs after the group's COMMIT, with apply's
// error, or the COMMIT's error, or OK, on the completion thread: dones run
// one at a time in commit order, while the writer already commits the next
// group (replying to clients costs as much as committing). `done` must not
// block; it may submit further operations.
struct WriteOp {
  std::function<absl::Status(Db&)> apply;
  std::function<void(absl::Status)> done;
};

class WriteQueue {
 public:
  // Starts the writer thread, which owns `db` from now on. `after_group`
  // (optional) runs on the completion thread after the dones of each group
  // that committed: what they updated (caches) is current by then. It must
  // not block.
  explicit WriteQueue(std::unique_ptr<Db> db,
                      std::function<void()> after_group = nullptr);
  // Stops (see Stop) and closes the connection.
  ~WriteQueue();
  WriteQueue(const WriteQueue&) = delete;
  WriteQueue& operator=(const WriteQueue&) = delete;

  // Queues `op` and returns at once. Thread-safe. After Stop, calls op.done
  // on the calling thread with UNAVAILABLE.
  void Submit(WriteOp op);

  // Stops accepting, commits everything already queued, runs its callbacks
  // and joins the writer and completion threads. Idempotent. Must not be called
  // from a done.
  void Stop();

  // Groups run so far (one transaction each) and the operations they held,
  // failed ones included. For tests and benchmarks.
  struct Stats {
    int64_t groups = 0;
    int64_t ops = 0;
  };
  Stats stats() const;

 private:
  // A committed group waiting for its callbacks.
  struct Committed {
    std::deque<WriteOp> ops;
    std::vector<absl::Status> results;
  };

  void Run();
  // Runs one group in one transaction; returns each operation's status.
  std::vector<absl::Status> CommitGroup(std::deque<WriteOp>& group);
  // The completion thread: runs the dones of committed groups in order.
  void Complete();

  std::unique_ptr<Db> db_;  // used by the writer thread only
  const std::function<void()> after_group_;
  mutable absl::Mutex mu_;
  std::deque<WriteOp> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  Stats stats_ ABSL_GUARDED_BY(mu_);
  absl::Mutex completed_mu_;
  std::deque<Committed> completed_ ABSL_GUARDED_BY(completed_mu_);
  bool writer_done_ ABSL_GUARDED_BY(completed_mu_) = false;
  std::thread thread_;
  std::thread completion_thread_;
};

}  // namespace store

#endif  // QUIZD_SERVER_STORE_WRITE_QUEUE_H_
