#include "server/store/api_keys.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "server/store/queries.h"
#include "server/store/status_macros.h"

namespace store {
namespace {

constexpr char kKeyColumns[] =
    "k.id, k.prefix, k.key_hash, k.user_id, u.username, k.label, k.scopes,"
    " k.create_time_ms, k.expire_time_ms, k.last_use_time_ms,"
    " k.revoke_time_ms, (u.disabled <> 0 OR u.delete_time_ms <> 0)";
constexpr char kKeyFrom[] = " FROM api_keys k JOIN users u ON u.id = k.user_id";

ApiKeyRecord ReadKey(const Statement& stmt) {
  ApiKeyRecord key;
  key.id = stmt.ColumnInt64(0);
  key.prefix = stmt.ColumnText(1);
  key.key_hash = std::string(stmt.ColumnBlob(2));
  key.user_id = stmt.ColumnInt64(3);
  key.username = stmt.ColumnText(4);
  key.label = stmt.ColumnText(5);
  key.scopes = static_cast<uint32_t>(stmt.ColumnInt64(6));
  key.create_time_ms = stmt.ColumnInt64(7);
  key.expire_time_ms = stmt.ColumnInt64(8);
  key.last_use_time_ms = stmt.ColumnInt64(9);
  key.revoke_time_ms = stmt.ColumnInt64(10);
  key.account_disabled = stmt.ColumnInt64(11) != 0;
  return key;
}

absl::StatusOr<ApiKeyRecord> QueryOneKey(Db& db, absl::string_view where,
                                         absl::string_view value, bool blob) {
  STORE_ASSIGN_OR_RETURN(
      Statement stmt, db.Prepare(absl::StrCat("SELECT ", kKeyColumns, kKeyFrom,
                                              " WHERE ", where)));
  if (blob) {
    stmt.BindBlob(1, value);
  } else {
    stmt.BindText(1, value);
  }
  STORE_ASSIGN_OR_RETURN(bool row, stmt.Step());
  // Never echo a hash into a message that may reach a log.
  if (!row) return absl::NotFoundError("API key not found");
  return ReadKey(stmt);
}

absl::StatusOr<std::vector<ApiKeyRecord>> ReadKeys(Statement& stmt) {
  std::vector<ApiKeyRecord> keys;
  while (true) {
    STORE_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    keys.push_back(ReadKey(stmt));
  }
  return keys;
}

bool IsActive(const ApiKeyRecord& key, int64_t now_ms) {
  return key.revoke_time_ms == 0 &&
         (key.expire_time_ms == 0 || key.expire_time_ms > now_ms);
}

// Collects, then deletes, the learner tokens `key_id` issued.
absl::Status DeleteIssuedTokens(Db& db, int64_t key_id,
                                std::vector<std::string>& token_hashes) {
  {
    STORE_ASSIGN_OR_RETURN(
        Statement stmt,
        db.Prepare("SELECT token_hash FROM tokens WHERE api_key_id = ?"));
    stmt.BindInt64(1, key_id);
    while (true) {
      STORE_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) break;
      token_hashes.emplace_back(stmt.ColumnBlob(0));
    }
  }
  STORE_ASSIGN_OR_RETURN(Statement stmt,
                         db.Prepare("DELETE FROM tokens WHERE api_key_id = ?"));
  stmt.BindInt64(1, key_id);
  return stmt.Run();
}

}  // namespace

absl::StatusOr<TokenOwner> QueryTokenOwner(Db& db,
                                           const std::string& token_hash,
                                           int64_t now_ms,
                                           int64_t* expire_time_ms) {
  // The owner as every token resolves (QueryUserByToken decides which users
  // a token still stands for), then the issuing key.
  TokenOwner owner;
  STORE_ASSIGN_OR_RETURN(
      owner.user, QueryUserByToken(db, token_hash, now_ms, expire_time_ms));
  STORE_ASSIGN_OR_RETURN(Statement stmt,
                         db.Prepare("SELECT COALESCE(api_key_id, 0) FROM tokens"
                                    " WHERE token_hash = ?"));
  stmt.BindBlob(1, token_hash);
  STORE_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (row) owner.api_key_id = stmt.ColumnInt64(0);
  return owner;
}

absl::StatusOr<ApiKeyRecord> QueryApiKeyByHash(Db& db,
                                               const std::string& key_hash) {
  return QueryOneKey(db, "k.key_hash = ?", key_hash, /*blob=*/true);
}

absl::StatusOr<ApiKeyRecord> QueryApiKeyByPrefix(Db& db,
                                                 const std::string& prefix) {
  return QueryOneKey(db, "k.prefix = ?", prefix, /*blob=*/false);
}

absl::StatusOr<std::vector<ApiKeyRecord>> QueryApiKeys(Db& db, int64_t user_id,
                                                       int64_t before_id,
                                                       int limit) {
  STORE_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(absl::StrCat(
                                             "SELECT ", kKeyColumns, kKeyFrom,
                                             " WHERE (?1 = 0 OR k.user_id = ?1)"
                                             " AND (?2 = 0 OR k.id < ?2)"
                                             " ORDER BY k.id DESC LIMIT ?3")));
  stmt.BindInt64(1, user_id).BindInt64(2, before_id).BindInt64(3, limit);
  return ReadKeys(stmt);
}

absl::StatusOr<int64_t> QueryActiveApiKeyCount(Db& db, int64_t user_id,
                                               int64_t now_ms) {
  STORE_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare("SELECT COUNT(*) FROM api_keys WHERE user_id = ?1"
                 " AND revoke_time_ms = 0"
                 " AND (expire_time_ms = 0 OR expire_time_ms > ?2)"));
  stmt.BindInt64(1, user_id).BindInt64(2, now_ms);
  STORE_ASSIGN_OR_RETURN(bool row, stmt.Step());
  return row ? stmt.ColumnInt64(0) : 0;
}

absl::StatusOr<int64_t> InsertApiKey(Db& db, const ApiKeyRecord& key) {
  STORE_ASSIGN_OR_RETURN(UserRecord user, QueryUserById(db, key.user_id));
  if (user.role != quiz::v1::ROLE_SERVICE_ACCOUNT) {
    return absl::FailedPreconditionError(
        absl::StrCat("user ", user.username,
                     " is not a service account; API keys belong to "
                     "service accounts only"));
  }
  {
    STORE_ASSIGN_OR_RETURN(
        Statement taken,
        db.Prepare("SELECT 1 FROM api_keys WHERE prefix = ? OR key_hash = ?"));
    taken.BindText(1, key.prefix).BindBlob(2, key.key_hash);
    STORE_ASSIGN_OR_RETURN(bool row, taken.Step());
    if (row) return absl::AlreadyExistsError("API key prefix is taken");
  }
  STORE_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare("INSERT INTO api_keys(prefix, key_hash, user_id, label,"
                 " scopes, create_time_ms, expire_time_ms)"
                 " VALUES(?, ?, ?, ?, ?, ?, ?)"));
  stmt.BindText(1, key.prefix)
      .BindBlob(2, key.key_hash)
      .BindInt64(3, key.user_id)
      .BindText(4, key.label)
      .BindInt64(5, key.scopes)
      .BindInt64(6, key.create_time_ms)
      .BindInt64(7, key.expire_time_ms);
  STORE_RETURN_IF_ERROR(stmt.Run());
  return db.LastInsertRowId();
}

absl::StatusOr<RevokedCredentials> RevokeKeyRow(Db& db, int64_t key_id,
                                                int64_t now_ms) {
  RevokedCredentials revoked;
  {
    STORE_ASSIGN_OR_RETURN(
        Statement stmt, db.Prepare(absl::StrCat("SELECT ", kKeyColumns,
                                                kKeyFrom, " WHERE k.id = ?")));
    stmt.BindInt64(1, key_id);
    STORE_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return absl::NotFoundError("API key not found");
    revoked.key = ReadKey(stmt);
  }
  if (IsActive(revoked.key, now_ms)) revoked.active_keys = 1;
  if (revoked.key.revoke_time_ms == 0) {
    STORE_ASSIGN_OR_RETURN(
        Statement stmt,
        db.Prepare("UPDATE api_keys SET revoke_time_ms = ? WHERE id = ?"));
    stmt.BindInt64(1, now_ms).BindInt64(2, key_id);
    STORE_RETURN_IF_ERROR(stmt.Run());
    revoked.key.revoke_time_ms = now_ms;
  }
  revoked.key_hashes.push_back(revoked.key.key_hash);
  STORE_RETURN_IF_ERROR(DeleteIssuedTokens(db, key_id, revoked.token_hashes));
  return revoked;
}

absl::StatusOr<RevokedCredentials> DeleteServiceAccountRows(Db& db,
                                                            int64_t user_id,
                                                            int64_t now_ms) {
  absl::StatusOr<UserRecord> user = QueryUserById(db, user_id);
  if (absl::IsNotFound(user.status()) ||
      (user.ok() && user->role != quiz::v1::ROLE_SERVICE_ACCOUNT)) {
    return absl::NotFoundError(
        absl::StrCat("service account ", user_id, " not found"));
  }
  STORE_RETURN_IF_ERROR(user.status());
  STORE_ASSIGN_OR_RETURN(std::vector<ApiKeyRecord> keys,
                         QueryApiKeys(db, user_id, 0, -1));
  RevokedCredentials revoked;
  for (const ApiKeyRecord& key : keys) {
    if (IsActive(key, now_ms)) ++revoked.active_keys;
    revoked.key_hashes.push_back(key.key_hash);
    STORE_RETURN_IF_ERROR(DeleteIssuedTokens(db, key.id, revoked.token_hashes));
  }
  for (const char* sql : {"DELETE FROM api_keys WHERE user_id = ?",
                          "DELETE FROM tokens WHERE user_id = ?",
                          "DELETE FROM request_replies WHERE user_id = ?",
                          "DELETE FROM users WHERE id = ?"}) {
    STORE_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(sql));
    stmt.BindInt64(1, user_id);
    STORE_RETURN_IF_ERROR(stmt.Run());
  }
  return revoked;
}

absl::Status UpdateApiKeyUse(Db& db, int64_t key_id, int64_t now_ms) {
  STORE_ASSIGN_OR_RETURN(Statement stmt,
                         db.Prepare("UPDATE api_keys SET last_use_time_ms = ?"
                                    " WHERE id = ? AND last_use_time_ms < ?"));
  stmt.BindInt64(1, now_ms).BindInt64(2, key_id).BindInt64(3, now_ms);
  return stmt.Run();
}

absl::Status InsertLearnerToken(Db& db, const std::string& token_hash,
                                int64_t user_id, int64_t expire_time_ms,
                                int64_t api_key_id) {
  STORE_RETURN_IF_ERROR(QueryUserById(db, user_id).status());
  STORE_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare("INSERT INTO tokens(token_hash, user_id, expire_time_ms,"
                 " api_key_id) SELECT ?1, ?2, ?3, id FROM api_keys"
                 " WHERE id = ?4 AND revoke_time_ms = 0"));
  stmt.BindBlob(1, token_hash)
      .BindInt64(2, user_id)
      .BindInt64(3, expire_time_ms)
      .BindInt64(4, api_key_id);
  STORE_RETURN_IF_ERROR(stmt.Run());
  if (db.Changes() == 0) {
    return absl::FailedPreconditionError(
        "the API key issuing this token was revoked");
  }
  return absl::OkStatus();
}

}  // namespace store
