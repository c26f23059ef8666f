// Checkpoints the WAL on a thread of its own, so that the writer's commits
// (and the replies waiting on them) seldom include copying the WAL back into
// the database file. The writer connection reports its WAL size after each
// commit (Db::OnWalCommit, which also turns SQLite's automatic checkpoint
// off); once the WAL has grown by the threshold, this thread runs a PASSIVE
// checkpoint on its own connection: that never blocks the writer or the
// readers, and durability is unchanged (a commit is durable once its WAL
// frames are synced, whether or not they have been checkpointed).
//
// The WAL starts over from its beginning only when a write transaction
// begins with every frame copied. Under steady writes that never happens by
// itself: the writer has always committed more frames while this thread was
// copying. So once this thread has finished a checkpoint, the writer copies
// the few frames committed meanwhile itself, right after its next commit, and
// the WAL stays near the threshold instead of growing without bound.
#ifndef QUIZD_SERVER_STORE_CHECKPOINTER_H_
#define QUIZD_SERVER_STORE_CHECKPOINTER_H_

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "server/store/sqlite_db.h"

namespace store {

class Checkpointer {
 public:
  // SQLite's own automatic checkpoint threshold.
  static constexpr int kDefaultThresholdPages = 1000;

  // Opens a connection of its own to `path` (which must exist, in WAL mode)
  // and starts the thread.
  static absl::StatusOr<std::unique_ptr<Checkpointer>> Start(
      const std::string& path, int threshold_pages = kDefaultThresholdPages);
  // Stops the thread after any checkpoint in progress.
  ~Checkpointer();

  // Called by the writer (one thread) after each commit with the WAL's size
  // in pages. Wakes the thread once the WAL has grown by the threshold since
  // the last wake (or since it started over from its beginning). Counting
  // growth rather than size matters: while the WAL cannot start over, its
  // size stays above the threshold, and a checkpoint after every commit would
  // copy and sync a few pages at a time.
  // Returns true when the thread has finished a checkpoint since the last
  // true: the writer should now checkpoint the rest itself (see above).
  bool NoteCommit(int wal_pages);

  // Checkpoints this thread has run, and times it was woken (for tests).
  int checkpoints() const;
  int wakes() const;

 private:
  Checkpointer(std::unique_ptr<Db> db, int threshold_pages);
  void Run();

  const int threshold_pages_;
  int pages_at_last_wake_ = 0;  // used only by the writer, in NoteCommit
  std::unique_ptr<Db> db_;      // used only by thread_
  mutable absl::Mutex mu_;
  bool due_ ABSL_GUARDED_BY(mu_) = false;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  int checkpoints_ ABSL_GUARDED_BY(mu_) = 0;
  int wakes_ ABSL_GUARDED_BY(mu_) = 0;
  std::atomic<bool> finished_{false};  // since NoteCommit last returned true
  std::thread thread_;
};

}  // namespace store

#endif  // QUIZD_SERVER_STORE_CHECKPOINTER_H_
