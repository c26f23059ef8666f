// Read-only connections for reads on the callers' threads. WAL mode lets them
// read a committed snapshot while the writer thread writes.
#ifndef QUIZD_SERVER_STORE_READ_POOL_H_
#define QUIZD_SERVER_STORE_READ_POOL_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "server/store/sqlite_db.h"

namespace store {

class ReadPool {
 public:
  // A connection borrowed by one thread; returned to the pool on destruction.
  class Lease {
   public:
    Lease(Lease&&) = default;
    ~Lease();
    Db& db() { return *db_; }
    Db* operator->() { return db_.get(); }

   private:
    friend class ReadPool;
    Lease(ReadPool* pool, std::unique_ptr<Db> db)
        : pool_(pool), db_(std::move(db)) {}
    ReadPool* pool_;
    std::unique_ptr<Db> db_;
  };

  // Connections open `path`, which must exist (with its schema).
  explicit ReadPool(std::string path) : path_(std::move(path)) {}

  // A free connection, or a new one when none is free. Thread-safe. The pool
  // grows to the peak number of concurrent readers and keeps them open.
  absl::StatusOr<Lease> Acquire();

 private:
  void Release(std::unique_ptr<Db> db);

  const std::string path_;
  absl::Mutex mu_;
  std::vector<std::unique_ptr<Db>> free_ ABSL_GUARDED_BY(mu_);
};

}  // namespace store

#endif  // QUIZD_SERVER_STORE_READ_POOL_H_
