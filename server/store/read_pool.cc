#include "server/store/read_pool.h"

#include <sqlite3.h>

#include <utility>

namespace store {

ReadPool::Lease::~Lease() {
  if (db_ != nullptr) pool_->Release(std::move(db_));
}

absl::StatusOr<ReadPool::Lease> ReadPool::Acquire() {
  {
    absl::MutexLock lock(&mu_);
    if (!free_.empty()) {
      std::unique_ptr<Db> db = std::move(free_.back());
      free_.pop_back();
      return Lease(this, std::move(db));
    }
  }
  absl::StatusOr<std::unique_ptr<Db>> db =
      Db::Open(path_, SQLITE_OPEN_READONLY);
  if (!db.ok()) return db.status();
  // Readers wait out a checkpoint's brief exclusive lock instead of failing.
  if (absl::Status s = (*db)->Exec("PRAGMA busy_timeout=5000"); !s.ok()) {
    return s;
  }
  return Lease(this, *std::move(db));
}

void ReadPool::Release(std::unique_ptr<Db> db) {
  absl::MutexLock lock(&mu_);
  free_.push_back(std::move(db));
}

}  // namespace store
