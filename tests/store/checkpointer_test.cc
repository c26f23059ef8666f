// The WAL is checkpointed by the Checkpointer's thread, never by the writer.
#include "server/store/checkpointer.h"

#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "gtest/gtest.h"
#include "server/store/sqlite_db.h"
#include "tests/store/store_test_util.h"

namespace store {
namespace {

using ::store::testing::TempDir;

class CheckpointerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<Db>> db =
        Db::Open(path(), SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    ASSERT_TRUE(db.ok()) << db.status();
    writer_ = *std::move(db);
    ASSERT_EQ(*writer_->QueryText("PRAGMA journal_mode=WAL"), "wal");
    ASSERT_TRUE(
        writer_->Exec("CREATE TABLE t(k INTEGER PRIMARY KEY, v BLOB)").ok());
  }

  std::string path() const { return dir_.path() + "/t.db"; }
  uintmax_t DbFileSize() const { return std::filesystem::file_size(path()); }

  // Commits `n` rows of `bytes`, one transaction each: at least one WAL page
  // each.
  void Commit(int n, size_t bytes = 4096) {
    for (int i = 0; i < n; ++i) {
      absl::StatusOr<Statement> insert =
          writer_->Prepare("INSERT INTO t(v) VALUES(?)");
      ASSERT_TRUE(insert.ok());
      insert->BindBlob(1, std::string(bytes, 'x'));
      ASSERT_TRUE(insert->Run().ok());
    }
  }

  TempDir dir_;
  std::unique_ptr<Db> writer_;
};

TEST_F(CheckpointerTest, TheWriterNoLongerCheckpointsItself) {
  int last_pages = 0;
  writer_->OnWalCommit([&](int pages) {
    last_pages = pages;
    return false;
  });
  const uintmax_t before = DbFileSize();
  Commit(1500);  // far past SQLite's automatic threshold of 1000 pages
  EXPECT_GT(last_pages, 1500);
  EXPECT_EQ(DbFileSize(), before);  // every page is still only in the WAL
}

TEST_F(CheckpointerTest, CopiesTheWalOnceTheThresholdIsReached) {
  auto checkpointer = Checkpointer::Start(path(), /*threshold_pages=*/100);
  ASSERT_TRUE(checkpointer.ok()) << checkpointer.status();
  // The writer's own finishing checkpoint is left out: this is the thread's.
  writer_->OnWalCommit([c = checkpointer->get()](int pages) {
    c->NoteCommit(pages);
    return false;
  });
  const uintmax_t before = DbFileSize();
  Commit(10, /*bytes=*/10);  // about a page each: under the threshold
  EXPECT_EQ((*checkpointer)->checkpoints(), 0);
  Commit(100);
  // Waits for the thread (no timing is asserted: up to 30 s is a failure).
  for (int i = 0; i < 3000 && (*checkpointer)->checkpoints() == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_GE((*checkpointer)->checkpoints(), 1);
  EXPECT_GT(DbFileSize(), before + 100 * 4096);

  // Nothing committed is lost by checkpointing beside the writer.
  absl::StatusOr<Statement> count = writer_->Prepare("SELECT COUNT(*) FROM t");
  ASSERT_TRUE(count.ok());
  ASSERT_TRUE(*count->Step());
  EXPECT_EQ(count->ColumnInt64(0), 110);
}

TEST_F(CheckpointerTest, WakesOncePerThresholdOfGrowth) {
  auto checkpointer = Checkpointer::Start(path(), /*threshold_pages=*/100);
  ASSERT_TRUE(checkpointer.ok()) << checkpointer.status();
  Checkpointer& c = **checkpointer;
  c.NoteCommit(99);
  EXPECT_EQ(c.wakes(), 0);
  c.NoteCommit(100);
  EXPECT_EQ(c.wakes(), 1);
  // A WAL that cannot start over stays large: only another 100 pages of
  // growth call for another checkpoint.
  for (int pages = 101; pages < 200; ++pages) c.NoteCommit(pages);
  EXPECT_EQ(c.wakes(), 1);
  c.NoteCommit(205);
  EXPECT_EQ(c.wakes(), 2);
  // Started over: counted from its beginning again.
  c.NoteCommit(3);
  c.NoteCommit(99);
  EXPECT_EQ(c.wakes(), 2);
  c.NoteCommit(130);
  EXPECT_EQ(c.wakes(), 3);
}

// Commits without pause, as under load: the thread's checkpoints alone would
// never let the WAL start over, since more frames are always committed while
// one runs; the writer's finishing checkpoint does.
TEST_F(CheckpointerTest, TheWalStartsOverUnderSteadyCommits) {
  auto checkpointer = Checkpointer::Start(path(), /*threshold_pages=*/100);
  ASSERT_TRUE(checkpointer.ok()) << checkpointer.status();
  int last_pages = 0;
  int restarts = 0;
  writer_->OnWalCommit([&, c = checkpointer->get()](int pages) {
    if (pages < last_pages) ++restarts;
    last_pages = pages;
    return c->NoteCommit(pages);
  });
  // Bounded: 100,000 commits (seconds) without a restart is a failure.
  int committed = 0;
  for (; committed < 100000 && restarts < 2; ++committed) {
    Commit(1, /*bytes=*/100);
  }
  EXPECT_GE(restarts, 2);
  EXPECT_GE((*checkpointer)->checkpoints(), 1);
  // It started over near the threshold, not after growing without bound.
  EXPECT_LT(std::filesystem::file_size(path() + "-wal"), 2000u * 4096);

  // Every commit is there, read by a connection opened after all of them
  // (through the WAL's restarts and both kinds of checkpoint).
  writer_.reset();  // its WAL hook points at the checkpointer
  checkpointer->reset();
  absl::StatusOr<std::unique_ptr<Db>> reader =
      Db::Open(path(), SQLITE_OPEN_READONLY);
  ASSERT_TRUE(reader.ok()) << reader.status();
  absl::StatusOr<Statement> count =
      (*reader)->Prepare("SELECT COUNT(*), MAX(k) FROM t");
  ASSERT_TRUE(count.ok());
  ASSERT_TRUE(*count->Step());
  EXPECT_EQ(count->ColumnInt64(0), committed);
  EXPECT_EQ(count->ColumnInt64(1), committed);
}

}  // namespace
}  // namespace store
