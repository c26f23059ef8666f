#include "server/store/migrations.h"

#include <sqlite3.h>

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "server/store/sqlite_db.h"
#include "tests/store/store_test_util.h"

namespace store {
namespace {

using ::store::testing::StoreTest;
using ::store::testing::TempDir;

using SchemaTest = StoreTest;

std::unique_ptr<Db> OpenDb(const std::string& path) {
  absl::StatusOr<std::unique_ptr<Db>> db =
      Db::Open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  EXPECT_TRUE(db.ok()) << db.status();
  return db.ok() ? *std::move(db) : nullptr;
}

int64_t QueryInt(Db& db, const std::string& sql) {
  absl::StatusOr<Statement> stmt = db.Prepare(sql);
  EXPECT_TRUE(stmt.ok()) << stmt.status();
  if (!stmt.ok()) return -1;
  absl::StatusOr<bool> row = stmt->Step();
  EXPECT_TRUE(row.ok() && *row) << sql;
  return stmt->ColumnInt64(0);
}

bool HasTable(Db& db, const std::string& name) {
  return QueryInt(db,
                  "SELECT COUNT(*) FROM sqlite_master WHERE type='table'"
                  " AND name='" +
                      name + "'") == 1;
}

TEST(MigrationsTest, SchemaIsNumberedFromOne) {
  absl::Span<const Migration> schema = SchemaMigrations();
  ASSERT_FALSE(schema.empty());
  for (size_t i = 0; i < schema.size(); ++i) {
    EXPECT_EQ(schema[i].number, static_cast<int>(i) + 1);
  }
}

TEST_F(SchemaTest, NewFileGetsWholeSchemaInWalMode) {
  store_.reset();
  std::unique_ptr<Db> db = OpenDb(db_path());
  ASSERT_NE(db, nullptr);
  EXPECT_EQ(QueryInt(*db, "SELECT MAX(number) FROM schema_migrations"),
            static_cast<int64_t>(SchemaMigrations().size()));
  for (const char* table : {"users", "tokens", "bank_versions", "attempts",
                            "responses", "request_replies"}) {
    EXPECT_TRUE(HasTable(*db, table)) << table;
  }
  absl::StatusOr<std::string> mode = db->QueryText("PRAGMA journal_mode");
  ASSERT_TRUE(mode.ok()) << mode.status();
  EXPECT_EQ(*mode, "wal");
}

TEST_F(SchemaTest, ReopeningExistingFileAppliesNothing) {
  store_.reset();
  std::unique_ptr<Db> db = OpenDb(db_path());
  absl::StatusOr<int> applied = ApplyMigrations(*db, SchemaMigrations());
  ASSERT_TRUE(applied.ok()) << applied.status();
  EXPECT_EQ(*applied, 0);
  db.reset();
  Reopen();  // the store opens the migrated file again
  EXPECT_NE(store_, nullptr);
}

TEST(MigrationsTest, ReopenAppliesOnlyMissingMigrations) {
  TempDir dir;
  const std::string path = dir.path() + "/m.db";
  // Re-running migration 1 would fail: its table exists.
  const Migration v1[] = {{1, "CREATE TABLE a(x INTEGER)"}};
  const Migration v2[] = {{1, "CREATE TABLE a(x INTEGER)"},
                          {2, "CREATE TABLE b(y INTEGER)"}};
  {
    std::unique_ptr<Db> db = OpenDb(path);
    absl::StatusOr<int> applied = ApplyMigrations(*db, v1);
    ASSERT_TRUE(applied.ok()) << applied.status();
    EXPECT_EQ(*applied, 1);
  }
  {
    std::unique_ptr<Db> db = OpenDb(path);
    absl::StatusOr<int> applied = ApplyMigrations(*db, v2);
    ASSERT_TRUE(applied.ok()) << applied.status();
    EXPECT_EQ(*applied, 1);
    EXPECT_TRUE(HasTable(*db, "b"));
    EXPECT_EQ(QueryInt(*db, "SELECT COUNT(*) FROM schema_migrations"), 2);
  }
  {
    std::unique_ptr<Db> db = OpenDb(path);
    absl::StatusOr<int> applied = ApplyMigrations(*db, v2);
    ASSERT_TRUE(applied.ok()) << applied.status();
    EXPECT_EQ(*applied, 0);
  }
}

TEST(MigrationsTest, FailedMigrationLeavesNoTrace) {
  TempDir dir;
  std::unique_ptr<Db> db = OpenDb(dir.path() + "/m.db");
  const Migration migrations[] = {
      {1, "CREATE TABLE a(x INTEGER)"},
      {2, "CREATE TABLE c(z INTEGER); THIS IS NOT SQL"}};
  absl::StatusOr<int> applied = ApplyMigrations(*db, migrations);
  ASSERT_FALSE(applied.ok());
  EXPECT_NE(applied.status().message().find("schema migration 2"),
            std::string::npos)
      << applied.status();
  EXPECT_TRUE(HasTable(*db, "a"));
  EXPECT_FALSE(HasTable(*db, "c"));
  EXPECT_EQ(QueryInt(*db, "SELECT MAX(number) FROM schema_migrations"), 1);
  EXPECT_FALSE(db->InTransaction());
}

TEST(MigrationsTest, RejectsGapsInNumbering) {
  TempDir dir;
  std::unique_ptr<Db> db = OpenDb(dir.path() + "/m.db");
  const Migration migrations[] = {{1, "SELECT 1"}, {3, "SELECT 1"}};
  EXPECT_EQ(ApplyMigrations(*db, migrations).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(MigrationsTest, RefusesFileFromNewerSchema) {
  TempDir dir;
  std::unique_ptr<Db> db = OpenDb(dir.path() + "/m.db");
  const Migration v2[] = {{1, "CREATE TABLE a(x)"}, {2, "CREATE TABLE b(y)"}};
  ASSERT_TRUE(ApplyMigrations(*db, v2).ok());
  const Migration v1[] = {{1, "CREATE TABLE a(x)"}};
  EXPECT_EQ(ApplyMigrations(*db, v1).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

// Migration 7 gives users from before it the account fields' defaults:
// enabled, no external id, last changed when created.
TEST(UserAccountsMigrationTest, ExistingUsersGetDefaults) {
  TempDir dir;
  const std::string path = dir.path() + "/old.db";
  {
    absl::StatusOr<std::unique_ptr<Db>> db =
        Db::Open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    ASSERT_TRUE(db.ok()) << db.status();
    ASSERT_TRUE(ApplyMigrations(**db, SchemaMigrations().subspan(0, 6)).ok());
    ASSERT_TRUE((*db)
                    ->Exec("INSERT INTO users(username, role, password_hash,"
                           " create_time_ms) VALUES('old', 1, 'h', 1234),"
                           " ('older', 2, 'h', 99)")
                    .ok());
  }
  absl::StatusOr<std::unique_ptr<Store>> store = OpenSqliteStore({path});
  ASSERT_TRUE(store.ok()) << store.status();
  absl::StatusOr<UserRecord> old = (*store)->GetUserByName("old");
  ASSERT_TRUE(old.ok()) << old.status();
  EXPECT_EQ(old->update_time_ms, 1234);
  EXPECT_FALSE(old->disabled);
  EXPECT_EQ(old->external_id, "");
  EXPECT_EQ(old->delete_time_ms, 0);
  // Many users without an external id do not collide.
  EXPECT_EQ((*store)->ListUserAccounts({}, "", 10)->size(), 2u);
}

}  // namespace
}  // namespace store
