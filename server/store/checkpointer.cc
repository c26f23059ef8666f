#include "server/store/checkpointer.h"

#include <sqlite3.h>

#include <cstdio>
#include <utility>

namespace store {

absl::StatusOr<std::unique_ptr<Checkpointer>> Checkpointer::Start(
    const std::string& path, int threshold_pages) {
  absl::StatusOr<std::unique_ptr<Db>> db =
      Db::Open(path, SQLITE_OPEN_READWRITE);
  if (!db.ok()) return db.status();
  // A checkpoint waits for other processes' locks rather than fail at once.
  if (absl::Status s = (*db)->Exec("PRAGMA busy_timeout=5000"); !s.ok()) {
    return s;
  }
  return std::unique_ptr<Checkpointer>(
      new Checkpointer(*std::move(db), threshold_pages));
}

Checkpointer::Checkpointer(std::unique_ptr<Db> db, int threshold_pages)
    : threshold_pages_(threshold_pages),
      db_(std::move(db)),
      thread_([this] { Run(); }) {}

Checkpointer::~Checkpointer() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  thread_.join();
}

bool Checkpointer::NoteCommit(int wal_pages) {
  // A smaller WAL has started over from its beginning.
  if (wal_pages < pages_at_last_wake_) pages_at_last_wake_ = 0;
  if (wal_pages - pages_at_last_wake_ >= threshold_pages_) {
    pages_at_last_wake_ = wal_pages;
    absl::MutexLock lock(&mu_);
    due_ = true;
    ++wakes_;
  }
  // No lock on the commit path for this: one flag, read and cleared at once.
  return finished_.exchange(false, std::memory_order_acq_rel);
}

int Checkpointer::checkpoints() const {
  absl::MutexLock lock(&mu_);
  return checkpoints_;
}

int Checkpointer::wakes() const {
  absl::MutexLock lock(&mu_);
  return wakes_;
}

void Checkpointer::Run() {
  while (true) {
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(
          +[](Checkpointer* self) ABSL_EXCLUSIVE_LOCKS_REQUIRED(self->mu_) {
            return self->due_ || self->stopping_;
          },
          this));
      if (stopping_) return;
      due_ = false;
    }
    // A failed checkpoint loses nothing (the frames stay in the WAL and the
    // next one copies them); say so and carry on.
    if (absl::Status s = db_->Exec("PRAGMA wal_checkpoint(PASSIVE)"); !s.ok()) {
      std::fprintf(stderr, "quizd: WAL checkpoint failed: %s\n",
                   std::string(s.message()).c_str());
    }
    finished_.store(true, std::memory_order_release);
    absl::MutexLock lock(&mu_);
    ++checkpoints_;
  }
}

}  // namespace store
