#include "server/store/queries.h"

#include <sys/mman.h>

#include <cstdint>
#include <limits>
#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "server/store/status_macros.h"

namespace store {
namespace {

constexpr char kUserColumns[] =
    "u.id, u.username, u.role, u.password_hash, u.create_time_ms, "
    "u.display_name, u.email, u.external_id, u.disabled, u.update_time_ms, "
    "u.delete_time_ms";
// Where the next column after kUserColumns is.
constexpr int kUserColumnCount = 11;
constexpr char kAttemptColumns[] =
    "id, user_id, quiz_id, bank_id, bank_version, seed, state, start_time_ms, "
    "deadline_ms, finish_time_ms, item_ids, result, assignment_id";
constexpr char kResponseColumns[] =
    "attempt_id, item_id, has_response, response, outcome, flagged, "
    "update_time_ms";

UserRecord ReadUser(const Statement& stmt) {
  UserRecord user;
  user.id = stmt.ColumnInt64(0);
  user.username = stmt.ColumnText(1);
  user.role = static_cast<quiz::v1::Role>(stmt.ColumnInt64(2));
  user.password_hash = stmt.ColumnText(3);
  user.create_time_ms = stmt.ColumnInt64(4);
  user.display_name = stmt.ColumnText(5);
  user.email = stmt.ColumnText(6);
  user.external_id = stmt.ColumnText(7);
  user.disabled = stmt.ColumnInt64(8) != 0;
  user.update_time_ms = stmt.ColumnInt64(9);
  user.delete_time_ms = stmt.ColumnInt64(10);
  return user;
}

// Parses a stored payload; a blob that does not parse means a damaged file.
absl::Status ParseBlob(absl::string_view blob,
                       google::protobuf::MessageLite& msg,
                       absl::string_view what) {
  if (!msg.ParseFromArray(blob.data(), static_cast<int>(blob.size()))) {
    return absl::DataLossError(absl::StrCat(what, " does not parse"));
  }
  return absl::OkStatus();
}

// A zeroed string of `size` bytes, asking the kernel for huge pages where
// it has them: the first touch of a 100 MB bank version then costs about 50
// page faults instead of 25,000, a third of a restart's time.
std::string BigBuffer(size_t size) {
  constexpr uintptr_t kHugePage = 2 << 20;
  std::string buffer;
  buffer.reserve(size);  // not touched yet
  const uintptr_t begin =
      (reinterpret_cast<uintptr_t>(buffer.data()) + kHugePage - 1) &
      ~(kHugePage - 1);
  const uintptr_t end =
      (reinterpret_cast<uintptr_t>(buffer.data()) + size) & ~(kHugePage - 1);
  if (end > begin) {
    // Advice only: without it the buffer is the same, in small pages.
    madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
  }
  buffer.resize(size);
  return buffer;
}

// Reads a stored bank version from its blob straight into the buffer the
// version keeps: a bank of 100,000 items is over 100 MB, which then never
// sits in memory twice.
absl::StatusOr<std::shared_ptr<const BankVersion>> ReadBankBlob(
    BlobReader& blob, int64_t version, absl::string_view what) {
  std::string bytes = BigBuffer(static_cast<size_t>(blob.size()));
  STORE_RETURN_IF_ERROR(blob.ReadAll(bytes.data()));
  absl::StatusOr<std::shared_ptr<const BankVersion>> bank =
      BankVersion::Parse(std::move(bytes), version);
  if (!bank.ok()) {
    return absl::DataLossError(absl::StrCat(what, " does not parse"));
  }
  return bank;
}

absl::StatusOr<AttemptRecord> ReadAttempt(const Statement& stmt) {
  AttemptRecord attempt;
  attempt.id = stmt.ColumnText(0);
  attempt.user_id = stmt.ColumnInt64(1);
  attempt.quiz_id = stmt.ColumnText(2);
  attempt.bank_id = stmt.ColumnText(3);
  attempt.bank_version = stmt.ColumnInt64(4);
  attempt.seed = static_cast<uint64_t>(stmt.ColumnInt64(5));
  attempt.state = static_cast<quiz::v1::AttemptState>(stmt.ColumnInt64(6));
  attempt.start_time_ms = stmt.ColumnInt64(7);
  attempt.deadline_ms = stmt.ColumnInt64(8);
  attempt.finish_time_ms = stmt.ColumnInt64(9);
  attempt.item_ids = SplitItemIds(stmt.ColumnText(10));
  attempt.assignment_id = stmt.ColumnText(12);
  STORE_RETURN_IF_ERROR(
      ParseBlob(stmt.ColumnBlob(11), attempt.result,
                absl::StrCat("result of attempt ", attempt.id)));
  return attempt;
}

// Every row `stmt` yields, as attempts.
absl::StatusOr<std::vector<AttemptRecord>> ReadAttempts(Statement& stmt) {
  std::vector<AttemptRecord> attempts;
  while (true) {
    STORE_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    STORE_ASSIGN_OR_RETURN(AttemptRecord attempt, ReadAttempt(stmt));
    attempts.push_back(std::move(attempt));
  }
  return attempts;
}

absl::StatusOr<ResponseRecord> ReadResponse(const Statement& stmt) {
  ResponseRecord record;
  record.attempt_id = stmt.ColumnText(0);
  record.item_id = stmt.ColumnText(1);
  record.has_response = stmt.ColumnInt64(2) != 0;
  std::string what =
      absl::StrCat("item ", record.item_id, " of attempt ", record.attempt_id);
  STORE_RETURN_IF_ERROR(ParseBlob(stmt.ColumnBlob(3), record.response,
                                  absl::StrCat("response to ", what)));
  STORE_RETURN_IF_ERROR(ParseBlob(stmt.ColumnBlob(4), record.outcome,
                                  absl::StrCat("outcome of ", what)));
  record.flagged = stmt.ColumnInt64(5) != 0;
  record.update_time_ms = stmt.ColumnInt64(6);
  return record;
}

absl::StatusOr<UserRecord> QueryOneUser(Statement& stmt,
                                        absl::string_view missing) {
  STORE_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return absl::NotFoundError(missing);
  return ReadUser(stmt);
}

}  // namespace

std::string SerializeDeterministic(const google::protobuf::MessageLite& msg) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream string_stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&string_stream);
    coded.SetSerializationDeterministic(true);
    msg.SerializePartialToCodedStream(&coded);
  }  // the CodedOutputStream flushes into `bytes` when destroyed
  return bytes;
}

std::string JoinItemIds(const std::vector<std::string>& item_ids) {
  return absl::StrJoin(item_ids, "\n");
}

std::vector<std::string> SplitItemIds(absl::string_view joined) {
  return absl::StrSplit(joined, '\n', absl::SkipEmpty());
}

absl::StatusOr<UserRecord> QueryUserById(Db& db, int64_t id) {
  STORE_ASSIGN_OR_RETURN(
      Statement stmt, db.Prepare(absl::StrCat("SELECT ", kUserColumns,
                                              " FROM users u WHERE u.id = ?")));
  stmt.BindInt64(1, id);
  return QueryOneUser(stmt, absl::StrCat("user ", id, " not found"));
}

absl::StatusOr<UserRecord> QueryUserByName(Db& db, const std::string& name) {
  STORE_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare(absl::StrCat("SELECT ", kUserColumns,
                              " FROM users u WHERE u.username = ?"
                              " AND u.delete_time_ms = 0")));
  stmt.BindText(1, name);
  return QueryOneUser(stmt, absl::StrCat("user ", name, " not found"));
}

absl::StatusOr<std::vector<SessionRecord>> QuerySessions(Db& db,
                                                         int64_t user_id,
                                                         int64_t now_ms) {
  STORE_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare("SELECT token_hash, create_time_ms, last_used_ms,"
                 " expire_time_ms, peer, user_agent FROM tokens"
                 " WHERE user_id = ?1 AND expire_time_ms > ?2"
                 " ORDER BY create_time_ms DESC, token_hash LIMIT ?3"));
  stmt.BindInt64(1, user_id)
      .BindInt64(2, now_ms)
      .BindInt64(3, kMaxListedSessions);
  std::vector<SessionRecord> sessions;
  for (;;) {
    STORE_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    SessionRecord& session = sessions.emplace_back();
    session.token_hash = std::string(stmt.ColumnBlob(0));
    session.user_id = user_id;
    session.create_time_ms = stmt.ColumnInt64(1);
    session.last_used_ms = stmt.ColumnInt64(2);
    session.expire_time_ms = stmt.ColumnInt64(3);
    session.peer = stmt.ColumnText(4);
    session.user_agent = stmt.ColumnText(5);
  }
  return sessions;
}

absl::StatusOr<UserRecord> QueryUserByToken(Db& db,
                                            const std::string& token_hash,
                                            int64_t now_ms,
                                            int64_t* expire_time_ms) {
  STORE_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare(absl::StrCat("SELECT ", kUserColumns, ", t.expire_time_ms",
                              " FROM tokens t JOIN users u ON u.id = t.user_id"
                              " WHERE t.token_hash = ? AND t.expire_time_ms > ?"
                              " AND u.disabled = 0")));
  stmt.BindBlob(1, token_hash).BindInt64(2, now_ms);
  // Never echo the token hash into a message that may reach a log.
  STORE_ASSIGN_OR_RETURN(UserRecord user,
                         QueryOneUser(stmt, "token not found or expired"));
  if (expire_time_ms != nullptr) {
    *expire_time_ms = stmt.ColumnInt64(kUserColumnCount);
  }
  return user;
}

absl::StatusOr<int64_t> QueryLatestBankVersion(Db& db,
                                               const std::string& bank_id,
                                               const std::string& created_by) {
  STORE_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare("SELECT COALESCE(MAX(version), 0) FROM bank_versions"
                 " WHERE bank_id = ?1 AND (?2 = '' OR created_by = ?2)"));
  stmt.BindText(1, bank_id).BindText(2, created_by);
  STORE_ASSIGN_OR_RETURN(bool row, stmt.Step());
  return row ? stmt.ColumnInt64(0) : 0;
}

absl::StatusOr<std::optional<BankSourceRecord>> QueryBankSource(
    Db& db, const std::string& digest) {
  STORE_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare("SELECT bank_id, version FROM bank_sources WHERE digest = ?"));
  stmt.BindBlob(1, digest);
  STORE_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return std::nullopt;
  BankSourceRecord source;
  source.digest = digest;
  source.bank_id = stmt.ColumnText(0);
  source.version = stmt.ColumnInt64(1);
  return source;
}

absl::StatusOr<std::vector<std::pair<std::string, int64_t>>>
QueryLatestBankVersions(Db& db) {
  STORE_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare("SELECT bank_id, MAX(version) FROM bank_versions"
                 " GROUP BY bank_id ORDER BY bank_id"));
  std::vector<std::pair<std::string, int64_t>> latest;
  while (true) {
    STORE_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    latest.emplace_back(stmt.ColumnText(0), stmt.ColumnInt64(1));
  }
  return latest;
}

absl::StatusOr<BankVersionRecord> QueryBankVersion(Db& db,
                                                   const std::string& bank_id,
                                                   int64_t version) {
  STORE_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare("SELECT created_by, create_time_ms, rowid FROM bank_versions"
                 " WHERE bank_id = ? AND version = ?"));
  stmt.BindText(1, bank_id).BindInt64(2, version);
  STORE_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) {
    return absl::NotFoundError(
        absl::StrCat("bank ", bank_id, " version ", version, " not found"));
  }
  BankVersionRecord record;
  record.bank_id = bank_id;
  record.version = version;
  record.created_by = stmt.ColumnText(0);
  record.create_time_ms = stmt.ColumnInt64(1);
  // `stmt` keeps the read transaction open, so the blob is that of the row
  // just read.
  STORE_ASSIGN_OR_RETURN(
      std::unique_ptr<BlobReader> blob,
      db.OpenBlob("bank_versions", "bank", stmt.ColumnInt64(2)));
  STORE_ASSIGN_OR_RETURN(
      record.bank,
      ReadBankBlob(*blob, version,
                   absl::StrCat("bank ", bank_id, " version ", version)));
  return record;
}

absl::StatusOr<std::optional<std::string>> QueryBankBytes(
    Db& db, const std::string& bank_id, int64_t version) {
  STORE_ASSIGN_OR_RETURN(Statement stmt,
                         db.Prepare("SELECT bank FROM bank_versions"
                                    " WHERE bank_id = ? AND version = ?"));
  stmt.BindText(1, bank_id).BindInt64(2, version);
  STORE_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return std::nullopt;
  return std::string(stmt.ColumnBlob(0));
}

absl::StatusOr<AttemptRecord> QueryAttempt(Db& db, const std::string& id) {
  STORE_ASSIGN_OR_RETURN(
      Statement stmt, db.Prepare(absl::StrCat("SELECT ", kAttemptColumns,
                                              " FROM attempts WHERE id = ?")));
  stmt.BindText(1, id);
  STORE_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row)
    return absl::NotFoundError(absl::StrCat("attempt ", id, " not found"));
  return ReadAttempt(stmt);
}

absl::StatusOr<std::vector<AttemptRecord>> QueryAttempts(
    Db& db, int64_t user_id, const std::string& after_id, int limit) {
  if (limit <= 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("limit must be positive, got ", limit));
  }
  // Newest first by (start_time_ms, rowid): rowid is insertion order, so two
  // attempts started in the same millisecond still list newest first. The
  // cursor is the position of `after_id` in that order. With no cursor, every
  // row sorts before (INT64_MAX, INT64_MAX), so one statement serves both.
  int64_t cursor_time = std::numeric_limits<int64_t>::max();
  int64_t cursor_row = std::numeric_limits<int64_t>::max();
  if (!after_id.empty()) {
    STORE_ASSIGN_OR_RETURN(
        Statement cursor,
        db.Prepare("SELECT start_time_ms, rowid FROM attempts WHERE id = ?"));
    cursor.BindText(1, after_id);
    STORE_ASSIGN_OR_RETURN(bool row, cursor.Step());
    if (!row) {
      return absl::NotFoundError(
          absl::StrCat("attempt ", after_id, " not found"));
    }
    cursor_time = cursor.ColumnInt64(0);
    cursor_row = cursor.ColumnInt64(1);
  }
  std::string sql =
      absl::StrCat("SELECT ", kAttemptColumns, " FROM attempts WHERE ",
                   user_id != 0 ? "user_id = ?4 AND " : "",
                   "(start_time_ms < ?1 OR (start_time_ms = ?1 AND rowid < ?2))"
                   " ORDER BY start_time_ms DESC, rowid DESC LIMIT ?3");
  STORE_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(sql));
  stmt.BindInt64(1, cursor_time).BindInt64(2, cursor_row).BindInt64(3, limit);
  if (user_id != 0) stmt.BindInt64(4, user_id);
  return ReadAttempts(stmt);
}

absl::StatusOr<std::vector<AttemptRecord>> QueryFinishedAttempts(
    Db& db, const std::string& quiz_id) {
  STORE_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare(absl::StrCat("SELECT ", kAttemptColumns,
                              " FROM attempts WHERE quiz_id = ? AND state = ?"
                              " ORDER BY start_time_ms, rowid")));
  stmt.BindText(1, quiz_id).BindInt64(2, quiz::v1::FINISHED);
  return ReadAttempts(stmt);
}

absl::StatusOr<std::vector<AttemptRecord>> QueryAttemptsInProgress(
    Db& db, int64_t user_id) {
  STORE_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare(absl::StrCat("SELECT ", kAttemptColumns,
                              " FROM attempts WHERE user_id = ? AND state = ?"
                              " ORDER BY start_time_ms, rowid")));
  stmt.BindInt64(1, user_id).BindInt64(2, quiz::v1::IN_PROGRESS);
  return ReadAttempts(stmt);
}

absl::StatusOr<std::vector<AttemptRecord>> QueryOverdueAttempts(Db& db,
                                                                int64_t now_ms,
                                                                int limit) {
  if (limit <= 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("limit must be positive, got ", limit));
  }
  // The WHERE clause repeats the partial index's, so SQLite uses it.
  STORE_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare(absl::StrCat(
          "SELECT ", kAttemptColumns,
          " FROM attempts WHERE state = 1 AND deadline_ms > 0"
          " AND deadline_ms < ? ORDER BY deadline_ms, rowid LIMIT ?")));
  static_assert(quiz::v1::IN_PROGRESS == 1, "the SQL above says state = 1");
  stmt.BindInt64(1, now_ms).BindInt64(2, limit);
  return ReadAttempts(stmt);
}

absl::StatusOr<std::vector<int64_t>> QueryBankVersionNumbers(
    Db& db, const std::string& bank_id, int64_t before_version, int limit) {
  STORE_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare("SELECT version FROM bank_versions WHERE bank_id = ?1 AND"
                 " (?2 = 0 OR version < ?2) ORDER BY version DESC LIMIT ?3"));
  stmt.BindText(1, bank_id).BindInt64(2, before_version).BindInt64(3, limit);
  std::vector<int64_t> versions;
  while (true) {
    STORE_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    versions.push_back(stmt.ColumnInt64(0));
  }
  return versions;
}

absl::StatusOr<std::vector<ResponseRecord>> QueryResponses(
    Db& db, const std::string& attempt_id) {
  STORE_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare(absl::StrCat("SELECT ", kResponseColumns,
                              " FROM responses WHERE attempt_id = ?")));
  stmt.BindText(1, attempt_id);
  std::vector<ResponseRecord> responses;
  while (true) {
    STORE_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    STORE_ASSIGN_OR_RETURN(ResponseRecord record, ReadResponse(stmt));
    responses.push_back(std::move(record));
  }
  return responses;
}

absl::StatusOr<std::vector<RegradeRecord>> QueryRegrades(
    Db& db, const std::string& attempt_id) {
  STORE_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare("SELECT from_version, to_version, old_result, new_result,"
                 " regraded_by, regrade_time_ms FROM attempt_regrades"
                 " WHERE attempt_id = ? ORDER BY to_version"));
  stmt.BindText(1, attempt_id);
  std::vector<RegradeRecord> regrades;
  while (true) {
    STORE_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    RegradeRecord record;
    record.attempt_id = attempt_id;
    record.from_version = stmt.ColumnInt64(0);
    record.to_version = stmt.ColumnInt64(1);
    std::string what = absl::StrCat("regrade of attempt ", attempt_id,
                                    " to version ", record.to_version);
    STORE_RETURN_IF_ERROR(ParseBlob(stmt.ColumnBlob(2), record.old_result,
                                    absl::StrCat("old result of ", what)));
    STORE_RETURN_IF_ERROR(ParseBlob(stmt.ColumnBlob(3), record.new_result,
                                    absl::StrCat("new result of ", what)));
    record.regraded_by = stmt.ColumnText(4);
    record.regrade_time_ms = stmt.ColumnInt64(5);
    regrades.push_back(std::move(record));
  }
  return regrades;
}

absl::StatusOr<std::optional<ResponseRecord>> QueryResponse(
    Db& db, const std::string& attempt_id, const std::string& item_id) {
  STORE_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare(absl::StrCat(
          "SELECT ", kResponseColumns,
          " FROM responses WHERE attempt_id = ? AND item_id = ?")));
  stmt.BindText(1, attempt_id).BindText(2, item_id);
  STORE_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return std::nullopt;
  return ReadResponse(stmt);
}

absl::StatusOr<std::vector<UserRecord>> QueryUserAccounts(
    Db& db, const UserFilter& filter, const std::string& after_username,
    int limit) {
  STORE_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare(absl::StrCat(
          "SELECT ", kUserColumns,
          " FROM users u WHERE u.delete_time_ms = 0 AND u.username > ?1"
          " AND (?2 = 0 OR u.role = ?2) AND (?3 < 0 OR u.disabled = ?3)"
          " AND (?4 = 0 OR u.update_time_ms > ?4)"
          " ORDER BY u.username LIMIT ?5")));
  stmt.BindText(1, after_username)
      .BindInt64(2, filter.role)
      .BindInt64(3, filter.disabled.has_value() ? *filter.disabled : -1)
      .BindInt64(4, filter.updated_after_ms)
      .BindInt64(5, limit);
  std::vector<UserRecord> users;
  while (true) {
    STORE_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    users.push_back(ReadUser(stmt));
  }
  return users;
}

absl::StatusOr<std::vector<UserRecord>> QueryUsers(
    Db& db, quiz::v1::Role role, const std::string& after_username, int limit) {
  UserFilter filter;
  filter.role = role;
  return QueryUserAccounts(db, filter, after_username, limit);
}

absl::StatusOr<std::optional<UserRecord>> QueryUserByExternalId(
    Db& db, const std::string& external_id) {
  STORE_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare(absl::StrCat("SELECT ", kUserColumns,
                              " FROM users u WHERE u.external_id = ?"
                              " AND u.external_id <> ''")));
  stmt.BindText(1, external_id);
  STORE_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return std::nullopt;
  return ReadUser(stmt);
}

absl::StatusOr<std::vector<GradedRecord>> QueryGradedResponses(
    Db& db, int64_t user_id) {
  STORE_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare("SELECT a.id, a.quiz_id, a.state, a.bank_id, a.bank_version,"
                 " r.item_id, r.outcome, r.update_time_ms, a.assignment_id"
                 " FROM attempts a JOIN responses r ON r.attempt_id = a.id"
                 " WHERE a.user_id = ?1 AND r.has_response = 1"
                 " UNION ALL"
                 " SELECT '', '', 0, bank_id, bank_version, item_id, outcome,"
                 " time_ms, '' FROM review_responses WHERE user_id = ?1"
                 " ORDER BY 8"));
  stmt.BindInt64(1, user_id);
  std::vector<GradedRecord> records;
  while (true) {
    STORE_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    GradedRecord record;
    record.attempt_id = stmt.ColumnText(0);
    record.quiz_id = stmt.ColumnText(1);
    record.attempt_state =
        static_cast<quiz::v1::AttemptState>(stmt.ColumnInt64(2));
    record.bank_id = stmt.ColumnText(3);
    record.bank_version = stmt.ColumnInt64(4);
    record.item_id = stmt.ColumnText(5);
    STORE_RETURN_IF_ERROR(ParseBlob(
        stmt.ColumnBlob(6), record.outcome,
        absl::StrCat("outcome of ", record.item_id, " for user ", user_id)));
    record.time_ms = stmt.ColumnInt64(7);
    record.assignment_id = stmt.ColumnText(8);
    records.push_back(std::move(record));
  }
  return records;
}

absl::StatusOr<std::optional<StoredReply>> QueryReply(Db& db,
                                                      const RequestKey& key) {
  if (key.request_id.empty()) return std::nullopt;
  STORE_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare("SELECT reply, fingerprint FROM request_replies"
                 " WHERE user_id = ? AND method = ? AND request_id = ?"));
  stmt.BindInt64(1, key.user_id)
      .BindText(2, key.method)
      .BindText(3, key.request_id);
  STORE_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return std::nullopt;
  return StoredReply{std::string(stmt.ColumnBlob(0)),
                     std::string(stmt.ColumnBlob(1))};
}

absl::StatusOr<std::string> QuerySecret(Db& db, const std::string& name) {
  STORE_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare("SELECT value FROM server_secrets WHERE name = ?"));
  stmt.BindText(1, name);
  STORE_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) {
    return absl::DataLossError(
        absl::StrCat("server secret ", name, " missing from ", db.path()));
  }
  return std::string(stmt.ColumnBlob(0));
}

}  // namespace store
