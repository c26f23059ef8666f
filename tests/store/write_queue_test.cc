#include "server/store/write_queue.h"

#include <sqlite3.h>

#include <atomic>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "server/store/sqlite_db.h"
#include "tests/store/store_test_util.h"

namespace store {
namespace {

using ::store::testing::TempDir;

// Inserts `key` into kv, then fails when `fail` is set (so the savepoint has
// something to roll back).
WriteOp Insert(const std::string& key, std::promise<absl::Status>* result,
               bool fail = false) {
  return WriteOp{[key, fail](Db& db) -> absl::Status {
                   absl::StatusOr<Statement> stmt =
                       db.Prepare("INSERT INTO kv(k) VALUES(?)");
                   if (!stmt.ok()) return stmt.status();
                   stmt->BindText(1, key);
                   if (absl::Status s = stmt->Run(); !s.ok()) return s;
                   if (fail) return absl::InvalidArgumentError("op failed");
                   return absl::OkStatus();
                 },
                 [result](absl::Status status) { result->set_value(status); }};
}

class WriteQueueTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.path() + "/q.db";
    absl::StatusOr<std::unique_ptr<Db>> db =
        Db::Open(path_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    ASSERT_TRUE(db.ok()) << db.status();
    ASSERT_TRUE((*db)->Exec("PRAGMA journal_mode=WAL").ok());
    ASSERT_TRUE((*db)->Exec("PRAGMA foreign_keys=ON").ok());
    ASSERT_TRUE((*db)
                    ->Exec("CREATE TABLE kv(k TEXT PRIMARY KEY);"
                           "CREATE TABLE child(parent TEXT REFERENCES kv(k)"
                           " DEFERRABLE INITIALLY DEFERRED)")
                    .ok());
    queue_ = std::make_unique<WriteQueue>(*std::move(db));
  }

  // Rows in kv, read through a separate connection (so: committed rows).
  int64_t CommittedRows() {
    absl::StatusOr<std::unique_ptr<Db>> db =
        Db::Open(path_, SQLITE_OPEN_READONLY);
    EXPECT_TRUE(db.ok()) << db.status();
    absl::StatusOr<Statement> stmt = (*db)->Prepare("SELECT COUNT(*) FROM kv");
    EXPECT_TRUE(stmt.ok() && *stmt->Step());
    return stmt->ColumnInt64(0);
  }

  // Submits an op that holds the writer thread until the returned promise is
  // set, and waits until the writer is inside it.
  std::shared_ptr<std::promise<void>> BlockWriter(
      std::promise<absl::Status>* result) {
    auto gate = std::make_shared<std::promise<void>>();
    auto entered = std::make_shared<std::promise<void>>();
    std::shared_future<void> opened = gate->get_future().share();
    queue_->Submit(WriteOp{[entered, opened](Db&) {
                             entered->set_value();
                             opened.wait();
                             return absl::OkStatus();
                           },
                           [result](absl::Status s) { result->set_value(s); }});
    entered->get_future().wait();
    return gate;
  }

  TempDir dir_;
  std::string path_;
  std::unique_ptr<WriteQueue> queue_;
};

TEST_F(WriteQueueTest, CommitsEverythingQueuedAsOneGroup) {
  std::promise<absl::Status> blocker;
  std::shared_ptr<std::promise<void>> gate = BlockWriter(&blocker);
  std::vector<std::promise<absl::Status>> results(10);
  for (int i = 0; i < 10; ++i) {
    queue_->Submit(Insert("k" + std::to_string(i), &results[i], i == 4));
  }
  gate->set_value();
  EXPECT_TRUE(blocker.get_future().get().ok());
  for (int i = 0; i < 10; ++i) {
    absl::Status status = results[i].get_future().get();
    if (i == 4) {
      EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
    } else {
      EXPECT_TRUE(status.ok()) << i << ": " << status;
    }
  }
  // The failed op's own insert was rolled back with its savepoint.
  EXPECT_EQ(CommittedRows(), 9);
  WriteQueue::Stats stats = queue_->stats();
  EXPECT_EQ(stats.groups, 2);
  EXPECT_EQ(stats.ops, 11);
}

TEST_F(WriteQueueTest, FailedCommitFailsWholeGroup) {
  std::promise<absl::Status> blocker;
  std::shared_ptr<std::promise<void>> gate = BlockWriter(&blocker);
  std::promise<absl::Status> good;
  std::promise<absl::Status> dangling;
  queue_->Submit(Insert("fine", &good));
  // A deferred foreign key is only checked by COMMIT.
  queue_->Submit(WriteOp{
      [](Db& db) { return db.Exec("INSERT INTO child VALUES('missing')"); },
      [&dangling](absl::Status s) { dangling.set_value(s); }});
  gate->set_value();
  EXPECT_TRUE(blocker.get_future().get().ok());
  absl::Status good_status = good.get_future().get();
  EXPECT_EQ(good_status.code(), absl::StatusCode::kFailedPrecondition)
      << good_status;
  EXPECT_EQ(dangling.get_future().get().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(CommittedRows(), 0);

  // The writer recovers: the next group commits.
  std::promise<absl::Status> later;
  queue_->Submit(Insert("later", &later));
  EXPECT_TRUE(later.get_future().get().ok());
  EXPECT_EQ(CommittedRows(), 1);
}

TEST_F(WriteQueueTest, StopDrainsQueueThenRefuses) {
  std::vector<std::promise<absl::Status>> results(100);
  for (int i = 0; i < 100; ++i) {
    queue_->Submit(Insert("k" + std::to_string(i), &results[i]));
  }
  queue_->Stop();
  for (auto& result : results) {
    EXPECT_TRUE(result.get_future().get().ok());
  }
  EXPECT_EQ(CommittedRows(), 100);

  std::promise<absl::Status> late;
  queue_->Submit(Insert("late", &late));  // done runs inline
  EXPECT_EQ(late.get_future().get().code(), absl::StatusCode::kUnavailable);
}

TEST_F(WriteQueueTest, DoneMaySubmitMoreWork) {
  std::promise<absl::Status> second;
  queue_->Submit(
      WriteOp{[](Db& db) { return db.Exec("INSERT INTO kv(k) VALUES('one')"); },
              [this, &second](absl::Status s) {
                EXPECT_TRUE(s.ok());
                queue_->Submit(Insert("two", &second));
              }});
  EXPECT_TRUE(second.get_future().get().ok());
  EXPECT_EQ(CommittedRows(), 2);
}

}  // namespace
}  // namespace store
