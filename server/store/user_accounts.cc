#include "server/store/user_accounts.h"

#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "server/store/event_rows.h"
#include "server/store/mutations.h"
#include "server/store/queries.h"
#include "server/store/status_macros.h"

namespace store {
namespace {

// Writes every column of an existing user's row but id and create_time_ms.
absl::Status WriteUserRow(Db& db, const UserRecord& user) {
  STORE_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare("UPDATE users SET username = ?, role = ?, password_hash = ?,"
                 " display_name = ?, email = ?, external_id = ?,"
                 " disabled = ?, update_time_ms = ?, delete_time_ms = ?"
                 " WHERE id = ?"));
  stmt.BindText(1, user.username)
      .BindInt64(2, user.role)
      .BindText(3, user.password_hash)
      .BindText(4, user.display_name)
      .BindText(5, user.email)
      .BindText(6, user.external_id)
      .BindInt64(7, user.disabled ? 1 : 0)
      .BindInt64(8, user.update_time_ms)
      .BindInt64(9, user.delete_time_ms)
      .BindInt64(10, user.id);
  return stmt.Run();
}

// The user named `username`, or nullopt.
absl::StatusOr<std::optional<UserRecord>> FindByName(
    Db& db, const std::string& username) {
  absl::StatusOr<UserRecord> user = QueryUserByName(db, username);
  if (absl::IsNotFound(user.status())) return std::nullopt;
  if (!user.ok()) return user.status();
  return *std::move(user);
}

// ALREADY_EXISTS, naming `field`, when a user other than `owner_id` has
// `external_id` (empty: nobody can).
absl::Status CheckExternalIdFree(Db& db, const std::string& external_id,
                                 int64_t owner_id, absl::string_view field) {
  if (external_id.empty()) return absl::OkStatus();
  STORE_ASSIGN_OR_RETURN(std::optional<UserRecord> holder,
                         QueryUserByExternalId(db, external_id));
  if (holder.has_value() && holder->id != owner_id) {
    return absl::AlreadyExistsError(absl::StrCat(field, ": \"", external_id,
                                                 "\" already belongs to users/",
                                                 holder->username));
  }
  return absl::OkStatus();
}

// Whether an upsert row's failure is the row's (reported per row) rather
// than the database's (failing the whole call).
bool IsRowError(const absl::Status& status) {
  return absl::IsInvalidArgument(status) || absl::IsAlreadyExists(status) ||
         absl::IsAborted(status);
}

// The fields a sync sets, from `row` onto `user`.
void ApplySyncedFields(const UserRecord& row, UserRecord& user) {
  user.role = row.role;
  user.display_name = row.display_name;
  user.email = row.email;
  user.external_id = row.external_id;
}

bool SameSyncedFields(const UserRecord& a, const UserRecord& b) {
  return a.role == b.role && a.display_name == b.display_name &&
         a.email == b.email && a.external_id == b.external_id;
}

// One row of UpsertUserRows. Row errors name fields relative to the row
// ("user.email"); the caller adds the row's place.
absl::Status UpsertOne(Db& db, const UpsertRow& row, UpsertKey key,
                       int64_t now_ms, UpsertRowResult& result) {
  const UserRecord& wanted = row.user;
  std::optional<UserRecord> existing;
  if (key == UpsertKey::kExternalId) {
    if (wanted.external_id.empty()) {
      return absl::InvalidArgumentError(
          "user.external_id: required when rows are matched by external_id");
    }
    STORE_ASSIGN_OR_RETURN(existing,
                           QueryUserByExternalId(db, wanted.external_id));
    if (existing.has_value() && existing->username != wanted.username) {
      return absl::InvalidArgumentError(absl::StrCat(
          "user.username: \"", wanted.username, "\" differs from users/",
          existing->username,
          ", which has this external_id; usernames do not change"));
    }
    if (!existing.has_value()) {
      STORE_ASSIGN_OR_RETURN(std::optional<UserRecord> named,
                             FindByName(db, wanted.username));
      if (named.has_value()) {
        return absl::AlreadyExistsError(absl::StrCat(
            "user.username: users/", wanted.username, " exists with ",
            named->external_id.empty()
                ? std::string("no external_id")
                : absl::StrCat("external_id \"", named->external_id, "\"")));
      }
    }
  } else {
    STORE_ASSIGN_OR_RETURN(existing, FindByName(db, wanted.username));
    STORE_RETURN_IF_ERROR(CheckExternalIdFree(
        db, wanted.external_id, existing.has_value() ? existing->id : 0,
        "user.external_id"));
  }

  if (!existing.has_value()) {
    if (row.wants_password) {
      return absl::AbortedError(
          "user: created by someone else while this request was prepared "
          "(its password was not hashed); retry");
    }
    UserRecord created = wanted;
    created.create_time_ms = now_ms;
    created.update_time_ms = now_ms;
    STORE_ASSIGN_OR_RETURN(created.id, InsertUser(db, created));
    result.outcome = UpsertRowResult::kCreated;
    result.user = std::move(created);
    return absl::OkStatus();
  }
  if (SameSyncedFields(*existing, wanted)) {
    result.outcome = UpsertRowResult::kUnchanged;
    result.user = *std::move(existing);
    return absl::OkStatus();
  }
  UserRecord updated = *existing;
  ApplySyncedFields(wanted, updated);
  updated.update_time_ms = now_ms;
  STORE_RETURN_IF_ERROR(WriteUserRow(db, updated));
  result.outcome = UpsertRowResult::kUpdated;
  result.role_changed = updated.role != existing->role;
  result.user = std::move(updated);
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<UpsertResult> UpsertUserRows(Db& db,
                                            const std::vector<UpsertRow>& rows,
                                            UpsertKey key, bool dry_run,
                                            bool skip_failed, int64_t now_ms) {
  UpsertResult result;
  result.rows.reserve(rows.size());
  bool any_failed = false;
  for (const UpsertRow& row : rows) {
    UpsertRowResult& row_result = result.rows.emplace_back();
    // Each row in a savepoint of its own, so that a failing row leaves
    // nothing of itself behind when the others are kept.
    STORE_RETURN_IF_ERROR(db.Run("SAVEPOINT upsert_row"));
    absl::Status status = UpsertOne(db, row, key, now_ms, row_result);
    if (!status.ok()) {
      STORE_RETURN_IF_ERROR(db.Run("ROLLBACK TO upsert_row"));
    }
    STORE_RETURN_IF_ERROR(db.Run("RELEASE upsert_row"));
    if (status.ok()) continue;
    if (!IsRowError(status)) return status;
    any_failed = true;
    row_result = UpsertRowResult();
    row_result.outcome = UpsertRowResult::kFailed;
    row_result.error = std::move(status);
  }
  result.committed = !dry_run && (skip_failed || !any_failed);
  return result;
}

absl::StatusOr<UserChange> UpdateUserRow(Db& db, const std::string& username,
                                         const UserRecord& values,
                                         const UserFields& fields,
                                         int64_t now_ms) {
  UserChange change;
  STORE_ASSIGN_OR_RETURN(change.before, QueryUserByName(db, username));
  change.after = change.before;
  UserRecord& after = change.after;
  if (fields.display_name) after.display_name = values.display_name;
  if (fields.email) after.email = values.email;
  if (fields.role) after.role = values.role;
  if (fields.disabled) after.disabled = values.disabled;
  if (fields.external_id) {
    STORE_RETURN_IF_ERROR(CheckExternalIdFree(db, values.external_id, after.id,
                                              "user.external_id"));
    after.external_id = values.external_id;
  }
  const UserRecord& before = change.before;
  if (SameSyncedFields(before, after) && before.disabled == after.disabled) {
    return change;
  }
  after.update_time_ms = now_ms;
  STORE_RETURN_IF_ERROR(WriteUserRow(db, after));
  return change;
}

absl::StatusOr<UserRecord> SetPasswordRow(Db& db, const std::string& username,
                                          const std::string& hash,
                                          int64_t now_ms) {
  STORE_ASSIGN_OR_RETURN(UserRecord user, QueryUserByName(db, username));
  user.password_hash = hash;
  user.update_time_ms = now_ms;
  STORE_RETURN_IF_ERROR(WriteUserRow(db, user));
  return user;
}

// Marks every membership of `user` (already a tombstone) removed, each
// with its MEMBERSHIP_CHANGED event, so that courses and LMSs following
// changed_since or the event log see the user leave.
absl::Status RemoveFromCourses(Db& db, const UserRecord& user,
                               const std::string& actor, int64_t now_ms) {
  std::vector<std::pair<std::string, int64_t>> memberships;  // course, role
  {
    STORE_ASSIGN_OR_RETURN(
        Statement rows, db.Prepare("SELECT course_id, role FROM course_members"
                                   " WHERE user_id = ? AND status <> ?"));
    rows.BindInt64(1, user.id).BindInt64(2, quiz::v1::MEMBER_STATUS_DELETED);
    while (true) {
      STORE_ASSIGN_OR_RETURN(bool row, rows.Step());
      if (!row) break;
      memberships.emplace_back(rows.ColumnText(0), rows.ColumnInt64(1));
    }
  }
  for (const auto& [course_id, role] : memberships) {
    STORE_ASSIGN_OR_RETURN(
        Statement update,
        db.Prepare("UPDATE course_members SET status = ?, update_time_ms = ?"
                   " WHERE course_id = ? AND user_id = ?"));
    update.BindInt64(1, quiz::v1::MEMBER_STATUS_DELETED)
        .BindInt64(2, now_ms)
        .BindText(3, course_id)
        .BindInt64(4, user.id);
    STORE_RETURN_IF_ERROR(update.Run());
    quiz::v1::Event event;
    event.set_type(quiz::v1::MEMBERSHIP_CHANGED);
    event.set_actor(actor);
    event.set_user(absl::StrCat("users/", user.username));
    event.set_course(absl::StrCat("courses/", course_id));
    event.set_member_role(static_cast<quiz::v1::CourseRole>(role));
    event.set_member_status(quiz::v1::MEMBER_STATUS_DELETED);
    STORE_RETURN_IF_ERROR(
        AppendEventRow(db, std::move(event), user.id, now_ms).status());
  }
  return absl::OkStatus();
}

absl::StatusOr<Store::DeletedUser> DeleteUserRow(Db& db,
                                                 const std::string& username,
                                                 const std::string& actor,
                                                 int64_t now_ms) {
  Store::DeletedUser deleted;
  STORE_ASSIGN_OR_RETURN(UserRecord user, QueryUserByName(db, username));
  // '#' is not allowed in usernames, so a tombstone never takes a name a
  // person could want.
  user.username = absl::StrCat("#deleted-", user.id);
  user.password_hash.clear();
  user.display_name.clear();
  user.email.clear();
  user.external_id.clear();
  user.disabled = true;
  user.update_time_ms = now_ms;
  user.delete_time_ms = now_ms;
  STORE_RETURN_IF_ERROR(WriteUserRow(db, user));
  {
    // Stored replies may repeat what the user sent (answers, names).
    STORE_ASSIGN_OR_RETURN(
        Statement stmt,
        db.Prepare("DELETE FROM request_replies WHERE user_id = ?"));
    stmt.BindInt64(1, user.id);
    STORE_RETURN_IF_ERROR(stmt.Run());
  }
  STORE_RETURN_IF_ERROR(RemoveFromCourses(db, user, actor, now_ms));
  STORE_ASSIGN_OR_RETURN(
      Statement count,
      db.Prepare("SELECT COUNT(*) FROM attempts WHERE user_id = ?"));
  count.BindInt64(1, user.id);
  STORE_ASSIGN_OR_RETURN(bool row, count.Step());
  deleted.kept_attempts = row ? count.ColumnInt64(0) : 0;
  deleted.tombstone = std::move(user);
  return deleted;
}

}  // namespace store
