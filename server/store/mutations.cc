#include "server/store/mutations.h"

#include <algorithm>
#include <memory>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "server/store/assignment_rows.h"
#include "server/store/event_rows.h"
#include "server/store/queries.h"
#include "server/store/status_macros.h"

namespace store {

absl::Status StoreReply(Db& db, const RequestKey& key, const std::string& reply,
                        int64_t now_ms) {
  if (key.request_id.empty()) return absl::OkStatus();
  STORE_ASSIGN_OR_RETURN(std::optional<StoredReply> existing,
                         QueryReply(db, key));
  if (existing.has_value()) {
    return absl::AlreadyExistsError(
        absl::StrCat("request ", key.request_id, " of ", key.method,
                     " was already made by user ", key.user_id));
  }
  STORE_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare("INSERT INTO request_replies"
                 "(user_id, method, request_id, reply, create_time_ms,"
                 " fingerprint) VALUES(?, ?, ?, ?, ?, ?)"));
  stmt.BindInt64(1, key.user_id)
      .BindText(2, key.method)
      .BindText(3, key.request_id)
      .BindBlob(4, reply)
      .BindInt64(5, now_ms)
      .BindBlob(6, key.fingerprint);
  return stmt.Run();
}

namespace {

// Deletes up to `limit` rows matched by `sql` (which binds ?1 to `before_ms`
// and ?2 to `limit`); returns how many went.
absl::StatusOr<int64_t> DeleteBatch(Db& db, const char* sql, int64_t before_ms,
                                    int limit) {
  STORE_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(sql));
  stmt.BindInt64(1, before_ms).BindInt64(2, limit);
  STORE_RETURN_IF_ERROR(stmt.Run());
  return db.Changes();
}

absl::StatusOr<bool> RowExists(Db& db, absl::string_view sql,
                               absl::string_view text) {
  STORE_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(sql));
  stmt.BindText(1, text);
  return stmt.Step();
}

// NOT_FOUND unless the bank version exists. Reads no blob: a version's blob
// is the whole bank.
absl::Status CheckBankVersionExists(Db& db, const std::string& bank_id,
                                    int64_t version) {
  STORE_ASSIGN_OR_RETURN(
      Statement stmt, db.Prepare("SELECT 1 FROM bank_versions WHERE bank_id = ?"
                                 " AND version = ?"));
  stmt.BindText(1, bank_id).BindInt64(2, version);
  STORE_ASSIGN_OR_RETURN(bool exists, stmt.Step());
  if (!exists) {
    return absl::NotFoundError(
        absl::StrCat("bank ", bank_id, " version ", version, " not found"));
  }
  return absl::OkStatus();
}

// FAILED_PRECONDITION unless `attempt` still takes responses and flags.
// now_ms < 0 skips the deadline check.
absl::Status CheckOpen(const AttemptRecord& attempt, int64_t now_ms) {
  if (attempt.state == quiz::v1::FINISHED) {
    return absl::FailedPreconditionError(
        absl::StrCat("attempt ", attempt.id, " is finished"));
  }
  if (attempt.state != quiz::v1::IN_PROGRESS) {
    return absl::FailedPreconditionError(
        absl::StrCat("attempt ", attempt.id, " is not in progress"));
  }
  if (now_ms >= 0 && attempt.deadline_ms != 0 && now_ms > attempt.deadline_ms) {
    return absl::FailedPreconditionError(
        absl::StrCat("attempt ", attempt.id, " is past its deadline"));
  }
  return absl::OkStatus();
}

// OK when `item_id` of attempt `attempt_id` takes a response or a flag at
// now_ms (< 0: no deadline check); FAILED_PRECONDITION when the attempt is
// not open, NOT_FOUND when it or the item is missing. Reads three columns
// and matches the item inside SQLite: this runs for every answer.
absl::Status CheckAnswerable(Db& db, const std::string& attempt_id,
                             const std::string& item_id, int64_t now_ms) {
  STORE_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare("SELECT state, deadline_ms, instr(char(10) || item_ids ||"
                 " char(10), char(10) || ?2 || char(10)) > 0"
                 " FROM attempts WHERE id = ?1"));
  stmt.BindText(1, attempt_id).BindText(2, item_id);
  STORE_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) {
    return absl::NotFoundError(
        absl::StrCat("attempt ", attempt_id, " not found"));
  }
  AttemptRecord attempt;
  attempt.id = attempt_id;
  attempt.state = static_cast<quiz::v1::AttemptState>(stmt.ColumnInt64(0));
  attempt.deadline_ms = stmt.ColumnInt64(1);
  STORE_RETURN_IF_ERROR(CheckOpen(attempt, now_ms));
  if (stmt.ColumnInt64(2) == 0) {
    return absl::NotFoundError(
        absl::StrCat("item ", item_id, " is not in attempt ", attempt_id));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<int64_t> InsertUser(Db& db, const UserRecord& user) {
  if (user.username.empty()) {
    return absl::InvalidArgumentError("username is empty");
  }
  STORE_ASSIGN_OR_RETURN(
      bool taken,
      RowExists(db, "SELECT 1 FROM users WHERE username = ?", user.username));
  if (taken) {
    return absl::AlreadyExistsError(
        absl::StrCat("user ", user.username, " already exists"));
  }
  if (!user.external_id.empty()) {
    STORE_ASSIGN_OR_RETURN(std::optional<UserRecord> holder,
                           QueryUserByExternalId(db, user.external_id));
    if (holder.has_value()) {
      return absl::AlreadyExistsError(
          absl::StrCat("external_id: \"", user.external_id,
                       "\" already belongs to users/", holder->username));
    }
  }
  STORE_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare("INSERT INTO users"
                 "(username, role, password_hash, create_time_ms,"
                 " display_name, email, external_id, disabled, update_time_ms)"
                 " VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  stmt.BindText(1, user.username)
      .BindInt64(2, user.role)
      .BindText(3, user.password_hash)
      .BindInt64(4, user.create_time_ms)
      .BindText(5, user.display_name)
      .BindText(6, user.email)
      .BindText(7, user.external_id)
      .BindInt64(8, user.disabled ? 1 : 0)
      .BindInt64(9, user.update_time_ms != 0 ? user.update_time_ms
                                             : user.create_time_ms);
  STORE_RETURN_IF_ERROR(stmt.Run());
  return db.LastInsertRowId();
}

absl::Status InsertToken(Db& db, const std::string& token_hash, int64_t user_id,
                         int64_t expire_time_ms) {
  SessionRecord session;
  session.token_hash = token_hash;
  session.user_id = user_id;
  session.expire_time_ms = expire_time_ms;
  return InsertSession(db, session);
}

absl::Status InsertSession(Db& db, const SessionRecord& session) {
  STORE_ASSIGN_OR_RETURN(UserRecord user, QueryUserById(db, session.user_id));
  // Checked in the write transaction: a login racing a disable either
  // commits first (and the disable's DeleteUserTokens removes the token) or
  // is refused here.
  if (user.disabled || user.delete_time_ms != 0) {
    return absl::PermissionDeniedError("account disabled");
  }
  STORE_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare("INSERT INTO tokens(token_hash, user_id, expire_time_ms,"
                 " create_time_ms, last_used_ms, peer, user_agent)"
                 " VALUES(?, ?, ?, ?, ?, ?, ?)"));
  stmt.BindBlob(1, session.token_hash)
      .BindInt64(2, session.user_id)
      .BindInt64(3, session.expire_time_ms)
      .BindInt64(4, session.create_time_ms)
      .BindInt64(5, session.last_used_ms)
      .BindText(6, session.peer)
      .BindText(7, session.user_agent);
  return stmt.Run();
}

absl::Status TouchTokenRow(Db& db, const std::string& token_hash,
                           int64_t now_ms) {
  STORE_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare("UPDATE tokens SET last_used_ms = ?2"
                 " WHERE token_hash = ?1 AND last_used_ms <= ?2 - ?3"));
  stmt.BindBlob(1, token_hash)
      .BindInt64(2, now_ms)
      .BindInt64(3, kTokenUseResolutionMs);
  return stmt.Run();
}

absl::Status DeleteTokenRow(Db& db, const std::string& token_hash) {
  STORE_ASSIGN_OR_RETURN(Statement stmt,
                         db.Prepare("DELETE FROM tokens WHERE token_hash = ?"));
  stmt.BindBlob(1, token_hash);
  STORE_RETURN_IF_ERROR(stmt.Run());
  if (db.Changes() == 0) return absl::NotFoundError("token not found");
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::string>> DeleteUserTokenRows(
    Db& db, int64_t user_id, const std::string& keep_token_hash) {
  std::vector<std::string> hashes;
  {
    STORE_ASSIGN_OR_RETURN(
        Statement select,
        db.Prepare("SELECT token_hash FROM tokens WHERE user_id = ?"));
    select.BindInt64(1, user_id);
    while (true) {
      STORE_ASSIGN_OR_RETURN(bool row, select.Step());
      if (!row) break;
      std::string hash(select.ColumnBlob(0));
      if (hash != keep_token_hash) hashes.push_back(std::move(hash));
    }
  }
  STORE_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare("DELETE FROM tokens WHERE user_id = ? AND token_hash != ?"));
  stmt.BindInt64(1, user_id).BindBlob(2, keep_token_hash);
  STORE_RETURN_IF_ERROR(stmt.Run());
  return hashes;
}

absl::Status PutBankSourceRow(Db& db, const BankSourceRecord& source) {
  STORE_RETURN_IF_ERROR(
      CheckBankVersionExists(db, source.bank_id, source.version));
  STORE_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare("INSERT OR REPLACE INTO bank_sources(digest, bank_id, version)"
                 " VALUES(?, ?, ?)"));
  stmt.BindBlob(1, source.digest)
      .BindText(2, source.bank_id)
      .BindInt64(3, source.version);
  return stmt.Run();
}

absl::StatusOr<PutBankResult> PutBank(Db& db, quiz::v1::Bank bank,
                                      const std::string& created_by,
                                      int64_t now_ms) {
  if (bank.id().empty()) return absl::InvalidArgumentError("bank id is empty");
  bank.clear_version();
  std::string bytes = SerializeDeterministic(bank);
  PutBankResult result;
  STORE_ASSIGN_OR_RETURN(int64_t latest, QueryLatestBankVersion(db, bank.id()));
  if (latest > 0) {
    STORE_ASSIGN_OR_RETURN(std::optional<std::string> latest_bytes,
                           QueryBankBytes(db, bank.id(), latest));
    if (latest_bytes == bytes) {
      result.version = latest;
      return result;
    }
  }
  result.version = latest + 1;
  {
    STORE_ASSIGN_OR_RETURN(
        Statement stmt,
        db.Prepare(
            "INSERT INTO bank_versions(bank_id, version, created_by,"
            " create_time_ms, bank, item_count) VALUES(?, ?, ?, ?, ?, ?)"));
    stmt.BindText(1, bank.id())
        .BindInt64(2, result.version)
        .BindText(3, created_by)
        .BindInt64(4, now_ms)
        .BindUncopiedBlob(5, bytes)  // `bytes` outlives `stmt`
        .BindInt64(6, bank.items_size());
    STORE_RETURN_IF_ERROR(stmt.Run());
  }

  quiz::v1::Event event;
  event.set_type(quiz::v1::BANK_VERSION_PUBLISHED);
  event.set_actor(created_by);
  event.set_bank(absl::StrCat("banks/", bank.id()));
  event.set_bank_version(result.version);
  STORE_RETURN_IF_ERROR(
      AppendEventRow(db, std::move(event), 0, now_ms).status());

  BankVersionRecord record;
  record.bank_id = bank.id();
  record.version = result.version;
  record.created_by = created_by;
  record.create_time_ms = now_ms;
  STORE_ASSIGN_OR_RETURN(record.bank,
                         BankVersion::Parse(std::move(bytes), result.version));
  result.written = std::move(record);
  return result;
}

absl::Status InsertAttempt(Db& db, const AttemptRecord& attempt,
                           const RequestKey& key, const std::string& reply,
                           int64_t now_ms, bool sole_open,
                           int attempts_allowed) {
  if (attempt.id.empty())
    return absl::InvalidArgumentError("attempt id is empty");
  for (const std::string& item_id : attempt.item_ids) {
    if (item_id.empty() || item_id.find('\n') != std::string::npos) {
      return absl::InvalidArgumentError(absl::StrCat(
          "attempt ", attempt.id, " has an invalid item id \"", item_id, "\""));
    }
  }
  STORE_RETURN_IF_ERROR(StoreReply(db, key, reply, now_ms));
  STORE_ASSIGN_OR_RETURN(
      bool taken,
      RowExists(db, "SELECT 1 FROM attempts WHERE id = ?", attempt.id));
  if (taken) {
    return absl::AlreadyExistsError(
        absl::StrCat("attempt ", attempt.id, " already exists"));
  }
  STORE_RETURN_IF_ERROR(QueryUserById(db, attempt.user_id).status());
  STORE_RETURN_IF_ERROR(
      CheckBankVersionExists(db, attempt.bank_id, attempt.bank_version));
  if (sole_open) {
    STORE_ASSIGN_OR_RETURN(
        Statement open,
        db.Prepare("SELECT id FROM attempts WHERE quiz_id = ? AND state = ?"
                   " AND user_id = ? AND (deadline_ms = 0 OR deadline_ms >= ?)"
                   " ORDER BY start_time_ms DESC LIMIT 1"));
    open.BindText(1, attempt.quiz_id)
        .BindInt64(2, quiz::v1::IN_PROGRESS)
        .BindInt64(3, attempt.user_id)
        .BindInt64(4, attempt.start_time_ms);
    STORE_ASSIGN_OR_RETURN(bool found, open.Step());
    if (found) {
      return absl::FailedPreconditionError(absl::StrCat(
          "quiz: quizzes/", attempt.quiz_id,
          " allows one open attempt and attempts/", open.ColumnText(0),
          " is still in progress; resume it, or finish it (FinishAttempt) "
          "before starting another"));
    }
  }
  if (!attempt.assignment_id.empty() && attempts_allowed > 0) {
    STORE_ASSIGN_OR_RETURN(
        int used,
        CountAssignmentAttempts(db, attempt.assignment_id, attempt.user_id));
    if (used >= attempts_allowed) {
      return absl::FailedPreconditionError(
          absl::StrCat("assignments/", attempt.assignment_id, ": ", used,
                       " of ", attempts_allowed, " attempts used"));
    }
  }
  STORE_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare("INSERT INTO attempts(id, user_id, quiz_id, bank_id,"
                 " bank_version, seed, state, start_time_ms, deadline_ms,"
                 " finish_time_ms, item_ids, result, assignment_id)"
                 " VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  stmt.BindText(1, attempt.id)
      .BindInt64(2, attempt.user_id)
      .BindText(3, attempt.quiz_id)
      .BindText(4, attempt.bank_id)
      .BindInt64(5, attempt.bank_version)
      .BindInt64(6, static_cast<int64_t>(attempt.seed))
      .BindInt64(7, attempt.state)
      .BindInt64(8, attempt.start_time_ms)
      .BindInt64(9, attempt.deadline_ms)
      .BindInt64(10, attempt.finish_time_ms)
      .BindText(11, JoinItemIds(attempt.item_ids));
  if (attempt.state == quiz::v1::FINISHED) {
    stmt.BindBlob(12, SerializeDeterministic(attempt.result));
  } else {
    stmt.BindNull(12);
  }
  stmt.BindText(13, attempt.assignment_id);
  STORE_RETURN_IF_ERROR(stmt.Run());
  quiz::v1::Event event;
  event.set_type(quiz::v1::ATTEMPT_STARTED);
  return AppendAttemptEventRow(
             db, attempt.id, std::move(event), "",
             attempt.start_time_ms != 0 ? attempt.start_time_ms : now_ms)
      .status();
}

absl::Status SaveResponseRow(Db& db, const ResponseRecord& record,
                             bool only_if_unanswered, int64_t now_ms,
                             const RequestKey& key, const std::string& reply) {
  STORE_RETURN_IF_ERROR(StoreReply(db, key, reply, now_ms));
  STORE_RETURN_IF_ERROR(
      CheckAnswerable(db, record.attempt_id, record.item_id, now_ms));
  if (only_if_unanswered) {
    STORE_ASSIGN_OR_RETURN(
        std::optional<ResponseRecord> existing,
        QueryResponse(db, record.attempt_id, record.item_id));
    if (existing.has_value() && existing->has_response) {
      return absl::FailedPreconditionError(
          absl::StrCat("item ", record.item_id, " of attempt ",
                       record.attempt_id, " already has a response"));
    }
  }
  // Saving always records a response (has_response = 1) and leaves the flag
  // of an existing row alone.
  STORE_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare("INSERT INTO responses(attempt_id, item_id, has_response,"
                 " response, outcome, flagged, update_time_ms)"
                 " VALUES(?1, ?2, 1, ?3, ?4, 0, ?5)"
                 " ON CONFLICT(attempt_id, item_id) DO UPDATE SET"
                 " has_response = 1, response = ?3, outcome = ?4,"
                 " update_time_ms = ?5"));
  const int64_t time_ms =
      record.update_time_ms != 0 ? record.update_time_ms : now_ms;
  stmt.BindText(1, record.attempt_id)
      .BindText(2, record.item_id)
      .BindBlob(3, SerializeDeterministic(record.response))
      .BindBlob(4, SerializeDeterministic(record.outcome))
      .BindInt64(5, time_ms);
  STORE_RETURN_IF_ERROR(stmt.Run());
  // The item only: never the response or its outcome.
  quiz::v1::Event event;
  event.set_type(quiz::v1::RESPONSE_SUBMITTED);
  event.set_item_id(record.item_id);
  return AppendAttemptEventRow(db, record.attempt_id, std::move(event), "",
                               time_ms)
      .status();
}

absl::Status SaveFlag(Db& db, const std::string& attempt_id,
                      const std::string& item_id, bool flagged,
                      int64_t now_ms) {
  // SetFlag has no "now" from the caller, so only the state is checked.
  STORE_RETURN_IF_ERROR(CheckAnswerable(db, attempt_id, item_id, -1));
  STORE_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare("INSERT INTO responses(attempt_id, item_id, has_response,"
                 " response, outcome, flagged, update_time_ms)"
                 " VALUES(?1, ?2, 0, NULL, NULL, ?3, ?4)"
                 " ON CONFLICT(attempt_id, item_id) DO UPDATE SET"
                 " flagged = ?3, update_time_ms = ?4"));
  stmt.BindText(1, attempt_id)
      .BindText(2, item_id)
      .BindInt64(3, flagged ? 1 : 0)
      .BindInt64(4, now_ms);
  return stmt.Run();
}

absl::StatusOr<AttemptRecord> FinishAttemptRow(
    Db& db, const std::string& attempt_id, int64_t finish_time_ms,
    bool timed_out, const ResultFn& result_fn, int64_t now_ms) {
  if (!result_fn) return absl::InvalidArgumentError("result_fn is empty");
  STORE_ASSIGN_OR_RETURN(AttemptRecord attempt, QueryAttempt(db, attempt_id));
  if (attempt.state == quiz::v1::FINISHED) {
    return absl::FailedPreconditionError(
        absl::StrCat("attempt ", attempt_id, " is already finished"));
  }
  if (attempt.state != quiz::v1::IN_PROGRESS) {
    return absl::FailedPreconditionError(
        absl::StrCat("attempt ", attempt_id, " is not in progress"));
  }
  STORE_ASSIGN_OR_RETURN(std::vector<ResponseRecord> responses,
                         QueryResponses(db, attempt_id));
  attempt.result = result_fn(attempt, responses);
  attempt.result.set_timed_out(timed_out);
  attempt.state = quiz::v1::FINISHED;
  attempt.finish_time_ms = finish_time_ms;
  const quiz::v1::FinishReason reason =
      timed_out ? quiz::v1::FINISH_TIMED_OUT : quiz::v1::FINISH_SUBMITTED;
  STORE_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare("UPDATE attempts SET state = ?, finish_time_ms = ?,"
                 " result = ?, finish_reason = ? WHERE id = ?"));
  stmt.BindInt64(1, attempt.state)
      .BindInt64(2, attempt.finish_time_ms)
      .BindBlob(3, SerializeDeterministic(attempt.result))
      .BindInt64(4, reason)
      .BindText(5, attempt_id);
  STORE_RETURN_IF_ERROR(stmt.Run());
  // Only the owner finishes their attempt; a timed-out one is finished by
  // the server's clock, whoever noticed it.
  quiz::v1::Event event;
  event.set_type(quiz::v1::ATTEMPT_FINISHED);
  event.set_finish_reason(reason);
  event.set_percent(attempt.result.percent());
  STORE_RETURN_IF_ERROR(AppendAttemptEventRow(db, attempt_id, std::move(event),
                                              timed_out ? "system" : "", now_ms)
                            .status());
  return attempt;
}

absl::Status InsertReviewResponse(Db& db, const ReviewRecord& record,
                                  const RequestKey& key,
                                  const std::string& reply, int64_t now_ms) {
  STORE_RETURN_IF_ERROR(StoreReply(db, key, reply, now_ms));
  STORE_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare("INSERT INTO review_responses(user_id, bank_id, bank_version,"
                 " item_id, response, outcome, time_ms)"
                 " VALUES(?, ?, ?, ?, ?, ?, ?)"));
  stmt.BindInt64(1, record.user_id)
      .BindText(2, record.bank_id)
      .BindInt64(3, record.bank_version)
      .BindText(4, record.item_id)
      .BindBlob(5, SerializeDeterministic(record.response))
      .BindBlob(6, SerializeDeterministic(record.outcome))
      .BindInt64(7, record.time_ms != 0 ? record.time_ms : now_ms);
  return stmt.Run();
}

absl::Status ApplyRegrade(Db& db, const RegradeRecord& record) {
  STORE_ASSIGN_OR_RETURN(AttemptRecord attempt,
                         QueryAttempt(db, record.attempt_id));
  if (attempt.state != quiz::v1::FINISHED ||
      attempt.bank_version != record.from_version) {
    return absl::FailedPreconditionError(absl::StrCat(
        "attempt ", record.attempt_id, " is not a finished attempt on version ",
        record.from_version, " any more"));
  }
  for (const ResponseRecord& row : record.regraded) {
    STORE_ASSIGN_OR_RETURN(
        Statement stmt,
        db.Prepare("UPDATE responses SET outcome = ? WHERE attempt_id = ?"
                   " AND item_id = ? AND has_response = 1"));
    stmt.BindBlob(1, SerializeDeterministic(row.outcome))
        .BindText(2, record.attempt_id)
        .BindText(3, row.item_id);
    STORE_RETURN_IF_ERROR(stmt.Run());
  }
  STORE_ASSIGN_OR_RETURN(
      Statement update,
      db.Prepare("UPDATE attempts SET bank_version = ?, result = ?"
                 " WHERE id = ?"));
  update.BindInt64(1, record.to_version)
      .BindBlob(2, SerializeDeterministic(record.new_result))
      .BindText(3, record.attempt_id);
  STORE_RETURN_IF_ERROR(update.Run());
  STORE_ASSIGN_OR_RETURN(
      Statement insert,
      db.Prepare("INSERT INTO attempt_regrades(attempt_id, from_version,"
                 " to_version, old_result, new_result, regraded_by,"
                 " regrade_time_ms) VALUES(?, ?, ?, ?, ?, ?, ?)"));
  insert.BindText(1, record.attempt_id)
      .BindInt64(2, record.from_version)
      .BindInt64(3, record.to_version)
      .BindBlob(4, SerializeDeterministic(record.old_result))
      .BindBlob(5, SerializeDeterministic(record.new_result))
      .BindText(6, record.regraded_by)
      .BindInt64(7, record.regrade_time_ms);
  STORE_RETURN_IF_ERROR(insert.Run());
  quiz::v1::Event event;
  event.set_type(quiz::v1::ATTEMPT_REGRADED);
  event.set_bank_version(record.to_version);
  event.set_old_bank_version(record.from_version);
  event.set_percent(record.new_result.percent());
  event.set_old_percent(record.old_result.percent());
  return AppendAttemptEventRow(
             db, record.attempt_id, std::move(event),
             record.regraded_by.empty() ? "system" : record.regraded_by,
             record.regrade_time_ms)
      .status();
}

absl::Status InsertRequestKey(Db& db, const RequestKey& key, int64_t now_ms) {
  return StoreReply(db, key, "", now_ms);
}

absl::StatusOr<PurgeCounts> PurgeBatch(Db& db, int64_t now_ms, int limit) {
  PurgeCounts counts;
  STORE_ASSIGN_OR_RETURN(
      counts.replies,
      DeleteBatch(db,
                  "DELETE FROM request_replies WHERE (user_id, method,"
                  " request_id) IN (SELECT user_id, method, request_id"
                  " FROM request_replies WHERE create_time_ms < ?1 LIMIT ?2)",
                  now_ms - kReplyRetentionMs, limit));
  STORE_ASSIGN_OR_RETURN(
      counts.tokens,
      DeleteBatch(db,
                  "DELETE FROM tokens WHERE token_hash IN (SELECT token_hash"
                  " FROM tokens WHERE expire_time_ms <= ?1 LIMIT ?2)",
                  now_ms, limit));
  return counts;
}

}  // namespace store
