#include "server/store/assignment_rows.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "server/store/event_rows.h"
#include "server/store/mutations.h"
#include "server/store/queries.h"
#include "server/store/status_macros.h"

namespace store {
namespace {

constexpr char kAssignmentColumns[] =
    "id, course_id, assignment, delete_time_ms";

int64_t MillisOf(const google::protobuf::Timestamp& time) {
  return time.seconds() * 1000 + time.nanos() / 1000000;
}

void SetMillis(int64_t ms, google::protobuf::Timestamp* out) {
  out->set_seconds(ms / 1000);
  out->set_nanos(static_cast<int32_t>(ms % 1000) * 1000000);
}

absl::StatusOr<AssignmentRecord> ReadAssignment(const Statement& stmt) {
  AssignmentRecord record;
  record.id = stmt.ColumnText(0);
  record.course_id = stmt.ColumnText(1);
  if (!record.assignment.ParseFromString(std::string(stmt.ColumnBlob(2)))) {
    return absl::DataLossError(
        absl::StrCat("assignment ", record.id, " does not parse"));
  }
  record.delete_time_ms = stmt.ColumnInt64(3);
  return record;
}

absl::StatusOr<OverrideRecord> ReadOverride(const Statement& stmt) {
  OverrideRecord record;
  record.assignment_id = stmt.ColumnText(0);
  record.user_id = stmt.ColumnInt64(1);
  if (!record.override.ParseFromString(std::string(stmt.ColumnBlob(2)))) {
    return absl::DataLossError(absl::StrCat("override of assignment ",
                                            record.assignment_id, " user ",
                                            record.user_id, " does not parse"));
  }
  return record;
}

absl::Status AppendNote(Db& db, const EventNote& note, int64_t now_ms) {
  return AppendEventRow(db, note.event, note.user_id, now_ms).status();
}

// ALREADY_EXISTS when another assignment of the course has `external_id`.
absl::Status CheckExternalIdFree(Db& db, const AssignmentRecord& record) {
  const std::string& external_id = record.assignment.external_id();
  if (external_id.empty()) return absl::OkStatus();
  STORE_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare("SELECT id FROM assignments WHERE course_id = ? AND"
                 " external_id = ? AND id <> ?"));
  stmt.BindText(1, record.course_id)
      .BindText(2, external_id)
      .BindText(3, record.id);
  STORE_ASSIGN_OR_RETURN(bool taken, stmt.Step());
  if (taken) {
    return absl::AlreadyExistsError(
        absl::StrCat("assignment.external_id: \"", external_id,
                     "\" is taken by assignments/", stmt.ColumnText(0),
                     " in courses/", record.course_id));
  }
  return absl::OkStatus();
}

// Writes every column of `record` (insert or replace).
absl::Status WriteAssignment(Db& db, const AssignmentRecord& record,
                             int64_t create_time_ms, int64_t update_time_ms) {
  const quiz::v1::Assignment& a = record.assignment;
  auto millis_or_zero = [](bool has, const google::protobuf::Timestamp& t) {
    return has ? MillisOf(t) : int64_t{0};
  };
  STORE_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare(
          "INSERT OR REPLACE INTO assignments(id, course_id, quiz_id,"
          " external_id, open_time_ms, due_time_ms, close_time_ms,"
          " published, assignment, create_time_ms, update_time_ms,"
          " delete_time_ms) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  std::string quiz_id = a.quiz();
  if (quiz_id.rfind("quizzes/", 0) == 0) quiz_id = quiz_id.substr(8);
  stmt.BindText(1, record.id)
      .BindText(2, record.course_id)
      .BindText(3, quiz_id)
      .BindText(4, a.external_id())
      .BindInt64(5, millis_or_zero(a.has_open_time(), a.open_time()))
      .BindInt64(6, millis_or_zero(a.has_due_time(), a.due_time()))
      .BindInt64(7, millis_or_zero(a.has_close_time(), a.close_time()))
      .BindInt64(8, a.published() ? 1 : 0)
      .BindBlob(9, SerializeDeterministic(a))
      .BindInt64(10, create_time_ms)
      .BindInt64(11, update_time_ms)
      .BindInt64(12, record.delete_time_ms);
  return stmt.Run();
}

absl::Status NotFound(const std::string& id) {
  return absl::NotFoundError(
      absl::StrCat("assignment \"assignments/", id, "\" not found"));
}

// The assignment, NOT_FOUND when absent or deleted.
absl::StatusOr<AssignmentRecord> LiveAssignment(Db& db, const std::string& id) {
  STORE_ASSIGN_OR_RETURN(AssignmentRecord record, QueryAssignment(db, id));
  if (record.delete_time_ms != 0) {
    return absl::NotFoundError(
        absl::StrCat("assignments/", id, " was deleted"));
  }
  return record;
}

}  // namespace

absl::StatusOr<CourseSeat> QueryCourseSeat(Db& db, const std::string& course_id,
                                           int64_t user_id) {
  STORE_ASSIGN_OR_RETURN(
      Statement course,
      db.Prepare("SELECT archived FROM courses WHERE id = ?"));
  course.BindText(1, course_id);
  STORE_ASSIGN_OR_RETURN(bool found, course.Step());
  if (!found) {
    return absl::NotFoundError(
        absl::StrCat("course \"courses/", course_id, "\" not found"));
  }
  CourseSeat seat;
  seat.archived = course.ColumnInt64(0) != 0;
  STORE_ASSIGN_OR_RETURN(Statement member,
                         db.Prepare("SELECT role, status FROM course_members"
                                    " WHERE course_id = ? AND user_id = ?"));
  member.BindText(1, course_id).BindInt64(2, user_id);
  STORE_ASSIGN_OR_RETURN(bool is_member, member.Step());
  if (is_member) {
    seat.role = static_cast<quiz::v1::CourseRole>(member.ColumnInt64(0));
    seat.status = static_cast<quiz::v1::MemberStatus>(member.ColumnInt64(1));
  }
  return seat;
}

absl::StatusOr<AssignmentRecord> QueryAssignment(Db& db,
                                                 const std::string& id) {
  STORE_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare(absl::StrCat("SELECT ", kAssignmentColumns,
                              " FROM assignments WHERE id = ?")));
  stmt.BindText(1, id);
  STORE_ASSIGN_OR_RETURN(bool found, stmt.Step());
  if (!found) return NotFound(id);
  return ReadAssignment(stmt);
}

absl::StatusOr<std::vector<AssignmentRecord>> QueryAssignments(
    Db& db, const std::string& course_id, const std::string& after_id,
    int limit, bool published_only) {
  if (limit <= 0) return absl::InvalidArgumentError("limit must be positive");
  STORE_ASSIGN_OR_RETURN(
      Statement stmt, db.Prepare(absl::StrCat(
                          "SELECT ", kAssignmentColumns,
                          " FROM assignments WHERE course_id = ? AND id > ?"
                          " AND delete_time_ms = 0 AND (published = 1 OR ? = 0)"
                          " ORDER BY id LIMIT ?")));
  stmt.BindText(1, course_id)
      .BindText(2, after_id)
      .BindInt64(3, published_only ? 1 : 0)
      .BindInt64(4, limit);
  std::vector<AssignmentRecord> records;
  while (true) {
    STORE_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    STORE_ASSIGN_OR_RETURN(AssignmentRecord record, ReadAssignment(stmt));
    records.push_back(std::move(record));
  }
  return records;
}

absl::StatusOr<std::optional<quiz::v1::AssignmentOverride>> QueryOverride(
    Db& db, const std::string& assignment_id, int64_t user_id) {
  STORE_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare("SELECT assignment_id, user_id, override FROM"
                 " assignment_overrides WHERE assignment_id = ? AND"
                 " user_id = ?"));
  stmt.BindText(1, assignment_id).BindInt64(2, user_id);
  STORE_ASSIGN_OR_RETURN(bool found, stmt.Step());
  if (!found) return std::nullopt;
  STORE_ASSIGN_OR_RETURN(OverrideRecord record, ReadOverride(stmt));
  return std::move(record.override);
}

absl::StatusOr<std::vector<OverrideRecord>> QueryOverrides(
    Db& db, const std::string& assignment_id) {
  STORE_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare("SELECT o.assignment_id, o.user_id, o.override FROM"
                 " assignment_overrides o JOIN users u ON u.id = o.user_id"
                 " WHERE o.assignment_id = ? ORDER BY u.username"));
  stmt.BindText(1, assignment_id);
  std::vector<OverrideRecord> records;
  while (true) {
    STORE_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    STORE_ASSIGN_OR_RETURN(OverrideRecord record, ReadOverride(stmt));
    records.push_back(std::move(record));
  }
  return records;
}

absl::StatusOr<int> CountAssignmentAttempts(Db& db,
                                            const std::string& assignment_id,
                                            int64_t user_id) {
  // The WHERE clause repeats the partial index's, so SQLite uses it.
  STORE_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare("SELECT COUNT(*) FROM attempts WHERE assignment_id = ? AND"
                 " user_id = ? AND assignment_id <> ''"));
  stmt.BindText(1, assignment_id).BindInt64(2, user_id);
  STORE_ASSIGN_OR_RETURN(bool row, stmt.Step());
  return row ? static_cast<int>(stmt.ColumnInt64(0)) : 0;
}

absl::StatusOr<AssignmentRecord> InsertAssignment(
    Db& db, AssignmentRecord record, const EventNote& note,
    const RequestKey& key, const std::string& reply, int64_t now_ms) {
  STORE_RETURN_IF_ERROR(StoreReply(db, key, reply, now_ms));
  STORE_ASSIGN_OR_RETURN(CourseSeat course,
                         QueryCourseSeat(db, record.course_id, 0));
  if (course.archived) {
    return absl::FailedPreconditionError(
        absl::StrCat("courses/", record.course_id,
                     " is archived; no assignment can be added to it"));
  }
  absl::StatusOr<AssignmentRecord> existing = QueryAssignment(db, record.id);
  if (existing.ok()) {
    return absl::AlreadyExistsError(
        absl::StrCat("assignments/", record.id, " already exists"));
  }
  if (!absl::IsNotFound(existing.status())) return existing.status();
  STORE_RETURN_IF_ERROR(CheckExternalIdFree(db, record));
  // The caller set the times, so that a stored reply carries them.
  const int64_t created = MillisOf(record.assignment.create_time());
  STORE_RETURN_IF_ERROR(WriteAssignment(db, record, created, created));
  STORE_RETURN_IF_ERROR(AppendNote(db, note, now_ms));
  return record;
}

absl::StatusOr<AssignmentRecord> UpdateAssignmentRow(
    Db& db, const std::string& id, const Store::AssignmentChange& change,
    const EventNote& note, int64_t now_ms) {
  STORE_ASSIGN_OR_RETURN(AssignmentRecord record, LiveAssignment(db, id));
  STORE_RETURN_IF_ERROR(change(record.assignment));
  STORE_RETURN_IF_ERROR(CheckExternalIdFree(db, record));
  SetMillis(now_ms, record.assignment.mutable_update_time());
  STORE_RETURN_IF_ERROR(WriteAssignment(
      db, record, MillisOf(record.assignment.create_time()), now_ms));
  STORE_RETURN_IF_ERROR(AppendNote(db, note, now_ms));
  return record;
}

absl::StatusOr<int64_t> DeleteAssignmentRow(Db& db, const std::string& id,
                                            const EventNote& note,
                                            int64_t now_ms) {
  STORE_ASSIGN_OR_RETURN(AssignmentRecord record, QueryAssignment(db, id));
  if (record.delete_time_ms != 0) return record.delete_time_ms;
  STORE_ASSIGN_OR_RETURN(Statement stmt,
                         db.Prepare("UPDATE assignments SET delete_time_ms = ?,"
                                    " update_time_ms = ? WHERE id = ?"));
  stmt.BindInt64(1, now_ms).BindInt64(2, now_ms).BindText(3, id);
  STORE_RETURN_IF_ERROR(stmt.Run());
  STORE_RETURN_IF_ERROR(AppendNote(db, note, now_ms));
  return now_ms;
}

absl::StatusOr<OverrideRecord> PutOverrideRow(Db& db, OverrideRecord record,
                                              const EventNote& note,
                                              int64_t now_ms) {
  STORE_ASSIGN_OR_RETURN(AssignmentRecord assignment,
                         LiveAssignment(db, record.assignment_id));
  STORE_ASSIGN_OR_RETURN(
      CourseSeat seat,
      QueryCourseSeat(db, assignment.course_id, record.user_id));
  if (seat.role != quiz::v1::COURSE_ROLE_LEARNER) {
    return absl::NotFoundError(
        absl::StrCat("override.user: ", record.override.user(),
                     " is not a learner of courses/", assignment.course_id));
  }
  SetMillis(now_ms, record.override.mutable_update_time());
  STORE_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare("INSERT OR REPLACE INTO assignment_overrides(assignment_id,"
                 " user_id, override, update_time_ms) VALUES(?, ?, ?, ?)"));
  stmt.BindText(1, record.assignment_id)
      .BindInt64(2, record.user_id)
      .BindBlob(3, SerializeDeterministic(record.override))
      .BindInt64(4, now_ms);
  STORE_RETURN_IF_ERROR(stmt.Run());
  STORE_RETURN_IF_ERROR(AppendNote(db, note, now_ms));
  return record;
}

absl::Status DeleteOverrideRow(Db& db, const std::string& assignment_id,
                               int64_t user_id, const EventNote& note,
                               int64_t now_ms) {
  STORE_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare("DELETE FROM assignment_overrides WHERE assignment_id = ?"
                 " AND user_id = ?"));
  stmt.BindText(1, assignment_id).BindInt64(2, user_id);
  STORE_RETURN_IF_ERROR(stmt.Run());
  if (db.Changes() == 0) {
    return absl::NotFoundError(absl::StrCat(
        note.event.user(), " has no override of assignments/", assignment_id));
  }
  return AppendNote(db, note, now_ms);
}

absl::StatusOr<AttemptRecord> ReopenAttemptRow(Db& db,
                                               const std::string& attempt_id,
                                               int64_t deadline_ms,
                                               const EventNote& note,
                                               int64_t now_ms) {
  STORE_ASSIGN_OR_RETURN(AttemptRecord attempt, QueryAttempt(db, attempt_id));
  if (attempt.state != quiz::v1::FINISHED) {
    return absl::FailedPreconditionError(
        absl::StrCat("attempt: attempts/", attempt_id,
                     " is not finished; nothing to reopen"));
  }
  attempt.state = quiz::v1::IN_PROGRESS;
  attempt.deadline_ms = deadline_ms;
  attempt.finish_time_ms = 0;
  attempt.result.Clear();
  STORE_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare("UPDATE attempts SET state = ?, deadline_ms = ?,"
                 " finish_time_ms = 0, result = NULL, finish_reason = 0"
                 " WHERE id = ?"));
  stmt.BindInt64(1, attempt.state)
      .BindInt64(2, deadline_ms)
      .BindText(3, attempt_id);
  STORE_RETURN_IF_ERROR(stmt.Run());
  STORE_RETURN_IF_ERROR(AppendNote(db, note, now_ms));
  return attempt;
}

}  // namespace store
