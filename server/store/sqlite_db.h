// A thin RAII layer over the SQLite C API that reports errors as absl::Status
// and caches prepared statements per connection.
#ifndef QUIZD_SERVER_STORE_SQLITE_DB_H_
#define QUIZD_SERVER_STORE_SQLITE_DB_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

struct sqlite3;
struct sqlite3_stmt;
struct sqlite3_blob;

namespace store {

// Maps an SQLite result code to a canonical status: BUSY/LOCKED ->
// UNAVAILABLE, UNIQUE/PRIMARY KEY constraint -> ALREADY_EXISTS, other
// constraints -> FAILED_PRECONDITION, FULL/NOMEM -> RESOURCE_EXHAUSTED,
// everything else -> INTERNAL. The message names `what` and SQLite's message.
absl::Status SqliteStatus(int rc, absl::string_view what,
                          absl::string_view sqlite_message);

// A cached prepared statement, borrowed from its Db for one use. Resets the
// statement and clears its bindings when destroyed, so the next Prepare of the
// same SQL starts clean. Move-only; must not outlive its Db.
//
// Bind errors are remembered and returned by the next Step or Run, so binds
// can be chained without checking each one.
class Statement {
 public:
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  ~Statement();

  // Parameters are 1-based, as in SQLite.
  Statement& BindInt64(int index, int64_t value);
  Statement& BindText(int index, absl::string_view value);
  Statement& BindBlob(int index, absl::string_view value);
  // The same without SQLite copying `value`, which must stay alive and
  // unchanged until this Statement is destroyed: for a bank's blob of a
  // hundred megabytes.
  Statement& BindUncopiedBlob(int index, absl::string_view value);
  Statement& BindNull(int index);

  // Advances to the next row: true when a row is available, false when done.
  absl::StatusOr<bool> Step();
  // Runs a statement that returns no rows of interest to completion.
  absl::Status Run();

  // Columns of the current row, 0-based. A NULL reads as 0 or "".
  bool ColumnIsNull(int index) const;
  int64_t ColumnInt64(int index) const;
  std::string ColumnText(int index) const;
  // Valid until the next Step or the Statement's destruction.
  absl::string_view ColumnBlob(int index) const;

 private:
  friend class Db;
  Statement(sqlite3_stmt* stmt, bool* in_use);
  absl::Status Error(int rc) const;
  // `keep` is SQLite's destructor argument: SQLITE_TRANSIENT or SQLITE_STATIC.
  Statement& BindBlobAs(int index, absl::string_view value,
                        void (*keep)(void*));

  sqlite3_stmt* stmt_;
  bool* in_use_;  // the cache's flag; cleared on destruction
  absl::Status bind_status_;
};

// An open blob read straight into the caller's memory (sqlite3_blob_*),
// where a column read would first have SQLite assemble a value of many
// megabytes in memory of its own. Borrowed from a Db like a Statement.
class BlobReader {
 public:
  ~BlobReader();
  BlobReader(const BlobReader&) = delete;
  BlobReader& operator=(const BlobReader&) = delete;

  // SQLite counts a blob's bytes in int (at most 1e9 by default).
  int size() const { return size_; }
  // Copies the whole blob, size() bytes, into `buffer`.
  absl::Status ReadAll(void* buffer);

 private:
  friend class Db;
  explicit BlobReader(sqlite3_blob* blob);

  sqlite3_blob* blob_;
  int size_;
};

// One SQLite connection. Not thread-safe: one thread at a time may use a Db
// and the Statements borrowed from it.
class Db {
 public:
  // `flags` are sqlite3_open_v2 flags (e.g. SQLITE_OPEN_READONLY).
  // SQLITE_OPEN_NOMUTEX is added: callers serialize access themselves.
  static absl::StatusOr<std::unique_ptr<Db>> Open(const std::string& path,
                                                  int flags);
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  // Runs one or more SQL statements that return no rows (DDL, PRAGMA setters).
  // Parses `sql` on every call; see Run for hot statements.
  absl::Status Exec(absl::string_view sql);
  // Runs one parameterless statement through the statement cache, e.g.
  // BEGIN IMMEDIATE, SAVEPOINT and COMMIT on the writer's hot path.
  absl::Status Run(absl::string_view sql);
  // A prepared statement for `sql`, compiled on first use and cached by SQL
  // text. FAILED_PRECONDITION when the same SQL is already borrowed on this
  // connection (a nested use would clobber the outer one's cursor).
  absl::StatusOr<Statement> Prepare(absl::string_view sql);

  // Opens `column` of the row `rowid` of `table` for reading in pieces.
  absl::StatusOr<std::unique_ptr<BlobReader>> OpenBlob(const char* table,
                                                       const char* column,
                                                       int64_t rowid);

  // Runs a statement returning exactly one row with one text column, e.g.
  // "PRAGMA journal_mode=WAL"; returns that value.
  absl::StatusOr<std::string> QueryText(absl::string_view sql);

  // Whether a transaction is open (false after SQLite rolled one back on its
  // own, e.g. after an I/O error).
  bool InTransaction() const;
  // The rowid of the last successful INSERT on this connection.
  int64_t LastInsertRowId() const;
  // Rows changed by the last INSERT, UPDATE or DELETE.
  int Changes() const;
  const std::string& path() const { return path_; }

  // Calls `hook` on the committing thread after each commit on this
  // connection with the WAL's size in pages, in place of SQLite's automatic
  // checkpoint (which is then off for this connection). When the hook returns
  // true, a PASSIVE checkpoint runs on this connection right away, as SQLite's
  // automatic one would; its failure is reported on stderr and does not fail
  // the commit (which has happened: a checkpoint only copies committed pages).
  void OnWalCommit(std::function<bool(int wal_pages)> hook);

 private:
  struct CachedStatement {
    sqlite3_stmt* stmt = nullptr;
    std::unique_ptr<bool> in_use;  // stable address for Statement
  };

  Db(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  absl::Status Error(int rc, absl::string_view what) const;

  sqlite3* db_;
  std::string path_;
  absl::flat_hash_map<std::string, CachedStatement> statements_;
  std::function<bool(int)> wal_hook_;
};

}  // namespace store

#endif  // QUIZD_SERVER_STORE_SQLITE_DB_H_
