// What the store keeps and for how long: file modes, the purge of old
// replies and expired tokens, the per-database page-token key, and request
// replies stored before fingerprints existed.
#include <sqlite3.h>
#include <sys/stat.h>

#include <fstream>
#include <string>

#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "server/store/migrations.h"
#include "server/store/sqlite_db.h"
#include "tests/store/store_test_util.h"

namespace store {
namespace {

using ::store::testing::Await;
using ::store::testing::AwaitStatus;
using ::store::testing::StoreTest;
using ::store::testing::TempDir;

std::unique_ptr<Db> OpenRawDb(const std::string& path) {
  absl::StatusOr<std::unique_ptr<Db>> db =
      Db::Open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  EXPECT_TRUE(db.ok()) << db.status();
  return db.ok() ? *std::move(db) : nullptr;
}

int64_t CountRows(const std::string& path, const std::string& sql) {
  std::unique_ptr<Db> db = OpenRawDb(path);
  absl::StatusOr<Statement> stmt = db->Prepare(sql);
  EXPECT_TRUE(stmt.ok()) << stmt.status();
  if (!stmt.ok()) return -1;
  absl::StatusOr<bool> row = stmt->Step();
  EXPECT_TRUE(row.ok() && *row) << sql;
  return stmt->ColumnInt64(0);
}

// Permission bits of `path`, or -1 when it does not exist.
int ModeOf(const std::string& path) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) return -1;
  return static_cast<int>(st.st_mode & 07777);
}

int64_t NowMs() { return absl::ToUnixMillis(absl::Now()); }

using HousekeepingTest = StoreTest;

TEST_F(HousekeepingTest, NewDatabaseFilesAreOwnerOnly) {
  AddUser("ana");  // a write, so the WAL and shared memory exist
  for (const char* suffix : {"", "-wal", "-shm"}) {
    SCOPED_TRACE(suffix);
    EXPECT_EQ(ModeOf(db_path() + suffix), 0600);
  }
}

TEST(HousekeepingFilesTest, ExistingWorldReadableDatabaseIsTightened) {
  TempDir dir;
  const std::string path = dir.path() + "/old.db";
  {
    std::unique_ptr<Db> db = OpenRawDb(path);
    ASSERT_TRUE(db->Exec("PRAGMA journal_mode=WAL; CREATE TABLE t(x);").ok());
  }
  ASSERT_EQ(chmod(path.c_str(), 0644), 0);
  std::ofstream(path + "-wal");  // a WAL left behind, as another umask made it
  ASSERT_EQ(chmod((path + "-wal").c_str(), 0664), 0);

  absl::StatusOr<std::unique_ptr<Store>> store = OpenSqliteStore({path});
  ASSERT_TRUE(store.ok()) << store.status();
  EXPECT_EQ(ModeOf(path), 0600);
  EXPECT_EQ(ModeOf(path + "-wal"), 0600);
  EXPECT_EQ(ModeOf(path + "-shm"), 0600);
}

TEST_F(HousekeepingTest, PurgeRemovesOldRepliesAndKeepsFreshOnes) {
  const int64_t user = AddUser("ana");
  AddAttempt("a1", user, 1000);
  AddAttempt("a2", user, 1000);
  for (const char* id : {"old", "fresh"}) {
    ResponseRecord row;
    row.attempt_id = id == std::string("old") ? "a1" : "a2";
    row.item_id = "i1";
    row.response.set_text("x");
    ASSERT_TRUE(AwaitStatus([&](DoneStatus done) {
                  store_->SaveResponse(
                      row, false, NowMs(),
                      RequestKey{user, "SubmitResponse", id, "fp"}, "reply",
                      std::move(done));
                }).ok());
  }
  // Age one reply past the retention, as if it were stored 8 days ago.
  {
    std::unique_ptr<Db> db = OpenRawDb(db_path());
    ASSERT_TRUE(db->Exec("PRAGMA busy_timeout=5000").ok());
    ASSERT_TRUE(db->Exec("UPDATE request_replies SET create_time_ms = " +
                         std::to_string(NowMs() - kReplyRetentionMs -
                                        24 * 3600 * 1000) +
                         " WHERE request_id = 'old'")
                    .ok());
  }
  absl::StatusOr<PurgeCounts> purged = Await<PurgeCounts>(
      [&](Done<PurgeCounts> done) { store_->PurgeExpired(NowMs(), done); });
  ASSERT_TRUE(purged.ok()) << purged.status();
  EXPECT_EQ(purged->replies, 1);
  EXPECT_FALSE(store_->FindReply(RequestKey{user, "SubmitResponse", "old"})
                   ->has_value());
  EXPECT_TRUE(store_->FindReply(RequestKey{user, "SubmitResponse", "fresh"})
                  ->has_value());
  // What a reply guarded stays: the answers themselves are never purged.
  EXPECT_EQ(store_->ListResponses("a1")->size(), 1u);
}

TEST_F(HousekeepingTest, PurgeRemovesExpiredTokensInBatches) {
  const int64_t user = AddUser("ana");
  const int64_t now = NowMs();
  // More than one batch of expired tokens, and one still valid.
  constexpr int kExpired = 1234;
  for (int i = 0; i < kExpired; ++i) {
    store_->CreateToken("expired-" + std::to_string(i), user, now - 1000 - i,
                        [](absl::Status) {});
  }
  ASSERT_TRUE(AwaitStatus([&](DoneStatus done) {
                store_->CreateToken("valid", user, now + 3600 * 1000,
                                    std::move(done));
              }).ok());
  absl::StatusOr<PurgeCounts> purged = Await<PurgeCounts>(
      [&](Done<PurgeCounts> done) { store_->PurgeExpired(now, done); });
  ASSERT_TRUE(purged.ok()) << purged.status();
  EXPECT_EQ(purged->tokens, kExpired);
  EXPECT_EQ(CountRows(db_path(), "SELECT COUNT(*) FROM tokens"), 1);
  EXPECT_TRUE(store_->GetUserByToken("valid", now).ok());
  // Nothing left to do: a second purge removes nothing.
  purged = Await<PurgeCounts>(
      [&](Done<PurgeCounts> done) { store_->PurgeExpired(now, done); });
  ASSERT_TRUE(purged.ok());
  EXPECT_EQ(purged->tokens, 0);
  EXPECT_EQ(purged->replies, 0);
}

TEST_F(HousekeepingTest, PageTokenKeyIsPerDatabaseAndKept) {
  const std::string key = store_->PageTokenKey();
  EXPECT_EQ(key.size(), 32u);
  // A second process on the same file (another replica) sees the same key.
  absl::StatusOr<std::unique_ptr<Store>> other = OpenSqliteStore({db_path()});
  ASSERT_TRUE(other.ok()) << other.status();
  EXPECT_EQ((*other)->PageTokenKey(), key);
  other->reset();
  Reopen();
  EXPECT_EQ(store_->PageTokenKey(), key);
  // Another database has its own.
  TempDir dir;
  absl::StatusOr<std::unique_ptr<Store>> elsewhere =
      OpenSqliteStore({dir.path() + "/other.db"});
  ASSERT_TRUE(elsewhere.ok()) << elsewhere.status();
  EXPECT_NE((*elsewhere)->PageTokenKey(), key);
}

TEST(HousekeepingMigrationTest, RepliesStoredBeforeFingerprintsStayReadable) {
  TempDir dir;
  const std::string path = dir.path() + "/v4.db";
  {
    std::unique_ptr<Db> db = OpenRawDb(path);
    ASSERT_TRUE(ApplyMigrations(*db, SchemaMigrations().subspan(0, 4)).ok());
    ASSERT_TRUE(db->Exec("INSERT INTO request_replies(user_id, method,"
                         " request_id, reply, create_time_ms)"
                         " VALUES(1, 'StartAttempt', 'r1', x'0a01', 5)")
                    .ok());
  }
  absl::StatusOr<std::unique_ptr<Store>> store = OpenSqliteStore({path});
  ASSERT_TRUE(store.ok()) << store.status();
  absl::StatusOr<std::optional<StoredReply>> stored =
      (*store)->FindReply(RequestKey{1, "StartAttempt", "r1", "fp"});
  ASSERT_TRUE(stored.ok()) << stored.status();
  ASSERT_TRUE(stored->has_value());
  EXPECT_EQ((*stored)->reply, std::string("\x0a\x01", 2));
  EXPECT_EQ((*stored)->fingerprint, "");  // unknown: treated as a retry
  EXPECT_EQ((*store)->PageTokenKey().size(), 32u);
}

}  // namespace
}  // namespace store
