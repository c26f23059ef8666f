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
  writer_->OnWalCommit([&](int pages) { last_pages = pages; });
  const uintmax_t before = DbFileSize();
  Commit(1500);  // far past SQLite's automatic threshold of 1000 pages
  EXPECT_GT(last_pages, 1500);
  EXPECT_EQ(DbFileSize(), before);  // every page is still only in the WAL
}

TEST_F(CheckpointerTest, CopiesTheWalOnceTheThresholdIsReached) {
  auto checkpointer = Checkpointer::Start(path(), /*threshold_pages=*/100);
  ASSERT_TRUE(checkpointer.ok()) << checkpointer.status();
  writer_->OnWalCommit(
      [c = checkpointer->get()](int pages) { c->NoteCommit(pages); });
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
  EXPECT_FALSE(c.NoteCommit(99));
  EXPECT_TRUE(c.NoteCommit(100));
  // A WAL that readers keep from starting over stays large: only another 100
  // pages of growth call for another checkpoint.
  for (int pages = 101; pages < 200; ++pages) {
    EXPECT_FALSE(c.NoteCommit(pages)) << pages;
  }
  EXPECT_TRUE(c.NoteCommit(205));
  // Started over: counted from its beginning again.
  EXPECT_FALSE(c.NoteCommit(3));
  EXPECT_FALSE(c.NoteCommit(99));
  EXPECT_TRUE(c.NoteCommit(130));
}

}  // namespace
}  // namespace store
