#include "server/store/sqlite_db.h"

#include <sqlite3.h>

#include <cstdio>
#include <utility>

#include "absl/strings/str_cat.h"

namespace store {

absl::Status SqliteStatus(int rc, absl::string_view what,
                          absl::string_view sqlite_message) {
  std::string message =
      absl::StrCat("sqlite: ", what, ": ", sqlite_message, " (code ", rc, ")");
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return absl::UnavailableError(message);
    case SQLITE_CONSTRAINT:
      if (rc == SQLITE_CONSTRAINT_UNIQUE ||
          rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
        return absl::AlreadyExistsError(message);
      }
      return absl::FailedPreconditionError(message);
    case SQLITE_FULL:
    case SQLITE_NOMEM:
      return absl::ResourceExhaustedError(message);
    default:
      return absl::InternalError(message);
  }
}

// --- Statement ---

Statement::Statement(sqlite3_stmt* stmt, bool* in_use)
    : stmt_(stmt), in_use_(in_use) {
  *in_use_ = true;
}

Statement::Statement(Statement&& other) noexcept
    : stmt_(std::exchange(other.stmt_, nullptr)),
      in_use_(std::exchange(other.in_use_, nullptr)),
      bind_status_(std::move(other.bind_status_)) {}

Statement::~Statement() {
  if (stmt_ == nullptr) return;
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  *in_use_ = false;
}

absl::Status Statement::Error(int rc) const {
  sqlite3* db = sqlite3_db_handle(stmt_);
  return SqliteStatus(sqlite3_extended_errcode(db), sqlite3_sql(stmt_),
                      sqlite3_errmsg(db));
}

Statement& Statement::BindInt64(int index, int64_t value) {
  int rc = sqlite3_bind_int64(stmt_, index, value);
  if (rc != SQLITE_OK && bind_status_.ok()) bind_status_ = Error(rc);
  return *this;
}

Statement& Statement::BindText(int index, absl::string_view value) {
  int rc = sqlite3_bind_text64(stmt_, index, value.data(), value.size(),
                               SQLITE_TRANSIENT, SQLITE_UTF8);
  if (rc != SQLITE_OK && bind_status_.ok()) bind_status_ = Error(rc);
  return *this;
}

Statement& Statement::BindBlob(int index, absl::string_view value) {
  return BindBlobAs(index, value, SQLITE_TRANSIENT);
}

Statement& Statement::BindUncopiedBlob(int index, absl::string_view value) {
  return BindBlobAs(index, value, SQLITE_STATIC);
}

Statement& Statement::BindBlobAs(int index, absl::string_view value,
                                 void (*keep)(void*)) {
  // A zero-length blob with a null pointer would bind NULL; "" keeps it a blob.
  const char* data = value.data() != nullptr ? value.data() : "";
  int rc = sqlite3_bind_blob64(stmt_, index, data, value.size(), keep);
  if (rc != SQLITE_OK && bind_status_.ok()) bind_status_ = Error(rc);
  return *this;
}

Statement& Statement::BindNull(int index) {
  int rc = sqlite3_bind_null(stmt_, index);
  if (rc != SQLITE_OK && bind_status_.ok()) bind_status_ = Error(rc);
  return *this;
}

absl::StatusOr<bool> Statement::Step() {
  if (!bind_status_.ok()) return bind_status_;
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return Error(rc);
}

absl::Status Statement::Run() {
  while (true) {
    absl::StatusOr<bool> row = Step();
    if (!row.ok()) return row.status();
    if (!*row) return absl::OkStatus();
  }
}

bool Statement::ColumnIsNull(int index) const {
  return sqlite3_column_type(stmt_, index) == SQLITE_NULL;
}

int64_t Statement::ColumnInt64(int index) const {
  return sqlite3_column_int64(stmt_, index);
}

std::string Statement::ColumnText(int index) const {
  const unsigned char* text = sqlite3_column_text(stmt_, index);
  if (text == nullptr) return "";
  return std::string(reinterpret_cast<const char*>(text),
                     sqlite3_column_bytes(stmt_, index));
}

absl::string_view Statement::ColumnBlob(int index) const {
  const void* blob = sqlite3_column_blob(stmt_, index);
  if (blob == nullptr) return absl::string_view();
  return absl::string_view(static_cast<const char*>(blob),
                           sqlite3_column_bytes(stmt_, index));
}

// --- Db ---

absl::StatusOr<std::unique_ptr<Db>> Db::Open(const std::string& path,
                                             int flags) {
  sqlite3* db = nullptr;
  int rc =
      sqlite3_open_v2(path.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    absl::Status status =
        SqliteStatus(rc, absl::StrCat("open ", path),
                     db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    sqlite3_close_v2(db);
    return status;
  }
  sqlite3_extended_result_codes(db, 1);
  return std::unique_ptr<Db>(new Db(db, path));
}

Db::~Db() {
  for (auto& [sql, cached] : statements_) sqlite3_finalize(cached.stmt);
  sqlite3_close_v2(db_);
}

void Db::OnWalCommit(std::function<bool(int wal_pages)> hook) {
  wal_hook_ = std::move(hook);
  sqlite3_wal_hook(
      db_,
      [](void* self, sqlite3* db, const char* name, int pages) {
        if (!static_cast<Db*>(self)->wal_hook_(pages)) return SQLITE_OK;
        // As SQLite's own automatic checkpoint does from this hook.
        const int rc = sqlite3_wal_checkpoint_v2(
            db, name, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
        if (rc != SQLITE_OK && rc != SQLITE_BUSY) {
          std::fprintf(stderr, "quizd: WAL checkpoint on commit failed: %s\n",
                       sqlite3_errmsg(db));
        }
        return SQLITE_OK;  // an error here would fail a commit that happened
      },
      this);
}

absl::Status Db::Error(int rc, absl::string_view what) const {
  return SqliteStatus(sqlite3_extended_errcode(db_), what, sqlite3_errmsg(db_));
}

absl::Status Db::Exec(absl::string_view sql) {
  std::string text(sql);
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return Error(rc, text);
  return absl::OkStatus();
}

absl::Status Db::Run(absl::string_view sql) {
  absl::StatusOr<Statement> stmt = Prepare(sql);
  if (!stmt.ok()) return stmt.status();
  return stmt->Run();
}

absl::StatusOr<Statement> Db::Prepare(absl::string_view sql) {
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return Error(rc, sql);
    if (stmt == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("sqlite: no statement in \"", sql, "\""));
    }
    CachedStatement cached;
    cached.stmt = stmt;
    cached.in_use = std::make_unique<bool>(false);
    it = statements_.emplace(std::string(sql), std::move(cached)).first;
  }
  if (*it->second.in_use) {
    return absl::FailedPreconditionError(
        absl::StrCat("sqlite: statement already in use: ", sql));
  }
  return Statement(it->second.stmt, it->second.in_use.get());
}

BlobReader::BlobReader(sqlite3_blob* blob)
    : blob_(blob), size_(sqlite3_blob_bytes(blob)) {}

BlobReader::~BlobReader() { sqlite3_blob_close(blob_); }

absl::Status BlobReader::ReadAll(void* buffer) {
  const int rc = sqlite3_blob_read(blob_, buffer, size_, 0);
  if (rc != SQLITE_OK) {
    return SqliteStatus(rc, "reading a blob", sqlite3_errstr(rc));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<BlobReader>> Db::OpenBlob(const char* table,
                                                         const char* column,
                                                         int64_t rowid) {
  sqlite3_blob* blob = nullptr;
  int rc = sqlite3_blob_open(db_, "main", table, column, rowid, 0, &blob);
  if (rc != SQLITE_OK) {
    sqlite3_blob_close(blob);  // harmless on nullptr
    return Error(rc, absl::StrCat("opening ", table, ".", column));
  }
  return std::unique_ptr<BlobReader>(new BlobReader(blob));
}

absl::StatusOr<std::string> Db::QueryText(absl::string_view sql) {
  absl::StatusOr<Statement> stmt = Prepare(sql);
  if (!stmt.ok()) return stmt.status();
  absl::StatusOr<bool> row = stmt->Step();
  if (!row.ok()) return row.status();
  if (!*row) {
    return absl::InternalError(absl::StrCat("sqlite: no row from ", sql));
  }
  return stmt->ColumnText(0);
}

bool Db::InTransaction() const { return sqlite3_get_autocommit(db_) == 0; }

int64_t Db::LastInsertRowId() const { return sqlite3_last_insert_rowid(db_); }

int Db::Changes() const { return sqlite3_changes(db_); }

}  // namespace store
