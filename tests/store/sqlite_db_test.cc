#include "server/store/sqlite_db.h"

#include <sqlite3.h>

#include "gtest/gtest.h"
#include "tests/store/store_test_util.h"

namespace store {
namespace {

using ::store::testing::TempDir;

class SqliteDbTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<Db>> db = Db::Open(
        dir_.path() + "/t.db", SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = *std::move(db);
    ASSERT_TRUE(db_->Exec("CREATE TABLE t(k TEXT PRIMARY KEY, v BLOB)").ok());
  }

  TempDir dir_;
  std::unique_ptr<Db> db_;
};

TEST_F(SqliteDbTest, CachedStatementIsResetBetweenUses) {
  for (int i = 0; i < 3; ++i) {
    absl::StatusOr<Statement> insert =
        db_->Prepare("INSERT INTO t(k, v) VALUES(?, ?)");
    ASSERT_TRUE(insert.ok()) << insert.status();
    insert->BindText(1, "k" + std::to_string(i))
        .BindBlob(2, std::string("\0x", 2));
    ASSERT_TRUE(insert->Run().ok());
  }
  absl::StatusOr<Statement> count = db_->Prepare("SELECT COUNT(*) FROM t");
  ASSERT_TRUE(count.ok());
  ASSERT_TRUE(*count->Step());
  EXPECT_EQ(count->ColumnInt64(0), 3);
}

TEST_F(SqliteDbTest, BlobsKeepEmbeddedZeros) {
  const std::string blob("a\0b", 3);
  {
    absl::StatusOr<Statement> insert =
        db_->Prepare("INSERT INTO t(k, v) VALUES('z', ?)");
    insert->BindBlob(1, blob);
    ASSERT_TRUE(insert->Run().ok());
  }
  absl::StatusOr<Statement> select =
      db_->Prepare("SELECT v FROM t WHERE k = 'z'");
  ASSERT_TRUE(*select->Step());
  EXPECT_EQ(select->ColumnBlob(0), blob);
}

TEST_F(SqliteDbTest, NestedUseOfOneStatementIsRefused) {
  absl::StatusOr<Statement> outer = db_->Prepare("SELECT k FROM t");
  ASSERT_TRUE(outer.ok());
  EXPECT_EQ(db_->Prepare("SELECT k FROM t").status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(SqliteDbTest, MapsErrorsToCanonicalCodes) {
  ASSERT_TRUE(db_->Exec("INSERT INTO t(k) VALUES('dup')").ok());
  absl::Status dup = db_->Exec("INSERT INTO t(k) VALUES('dup')");
  EXPECT_EQ(dup.code(), absl::StatusCode::kAlreadyExists) << dup;
  EXPECT_EQ(db_->Prepare("SELEC nonsense").status().code(),
            absl::StatusCode::kInternal);
  // A bind error surfaces at Step.
  absl::StatusOr<Statement> stmt = db_->Prepare("SELECT ?");
  stmt->BindInt64(5, 1);
  EXPECT_EQ(stmt->Step().status().code(), absl::StatusCode::kInternal);
}

TEST(SqliteDbOpenTest, MissingFileReadOnlyFails) {
  TempDir dir;
  absl::StatusOr<std::unique_ptr<Db>> db =
      Db::Open(dir.path() + "/absent.db", SQLITE_OPEN_READONLY);
  EXPECT_FALSE(db.ok());
}

}  // namespace
}  // namespace store
