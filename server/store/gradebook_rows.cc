#include "server/store/gradebook_rows.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "server/store/status_macros.h"

namespace store {
namespace {

// The assignments a query covers, as a common table expression over the
// numbered parameters ?1 (course id) and ?2 (assignment id, "" for all).
constexpr char kScope[] =
    "WITH scope AS (SELECT id, update_time_ms FROM assignments"
    " WHERE course_id = ?1 AND delete_time_ms = 0 AND (?2 = '' OR id = ?2)) ";

template <typename Message>
absl::Status ParseInto(absl::string_view blob, Message& message,
                       const std::string& what) {
  if (!message.ParseFromArray(blob.data(), static_cast<int>(blob.size()))) {
    return absl::DataLossError(absl::StrCat(what, " does not parse"));
  }
  return absl::OkStatus();
}

// "(1,2,3)": the learners' ids, inlined (integers from the database, so
// nothing to escape), for the per-learner reads.
std::string IdList(const std::vector<GradebookMemberRow>& learners) {
  return absl::StrCat(
      "(",
      absl::StrJoin(learners, ",",
                    [](std::string* out, const GradebookMemberRow& learner) {
                      absl::StrAppend(out, learner.user_id);
                    }),
      ")");
}

void BindScope(Statement& stmt, const GradebookQuery& query) {
  stmt.BindText(1, query.course_id).BindText(2, query.assignment_id);
}

absl::Status ReadAssignments(Db& db, const GradebookQuery& query,
                             GradebookRows& rows) {
  STORE_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare("SELECT id, assignment, update_time_ms FROM assignments"
                 " WHERE course_id = ?1 AND delete_time_ms = 0"
                 " AND (?2 = '' OR id = ?2) ORDER BY id"));
  BindScope(stmt, query);
  while (true) {
    STORE_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    GradebookAssignmentRow& assignment = rows.assignments.emplace_back();
    assignment.id = stmt.ColumnText(0);
    STORE_RETURN_IF_ERROR(
        ParseInto(stmt.ColumnBlob(1), assignment.assignment,
                  absl::StrCat("assignment ", assignment.id)));
    // The column is the truth about which row this is.
    assignment.assignment.set_name(absl::StrCat("assignments/", assignment.id));
    assignment.update_time_ms = stmt.ColumnInt64(2);
  }
  return absl::OkStatus();
}

absl::Status ReadLearners(Db& db, const GradebookQuery& query,
                          GradebookRows& rows) {
  // A removed member is listed only with an attempt in scope; with
  // ?4 (updated after) set, only learners with a change after it.
  STORE_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare(absl::StrCat(
          kScope,
          "SELECT u.id, u.username, u.external_id, u.display_name, m.status,"
          " m.update_time_ms"
          " FROM course_members m JOIN users u ON u.id = m.user_id"
          " WHERE m.course_id = ?1 AND m.role = ",
          quiz::v1::COURSE_ROLE_LEARNER,
          " AND u.username >= ?5 AND (?3 = 0 OR m.user_id = ?3)"
          " AND (m.status <> ",
          quiz::v1::MEMBER_STATUS_DELETED,
          " OR EXISTS (SELECT 1 FROM attempts t WHERE t.user_id = m.user_id"
          "   AND t.assignment_id IN (SELECT id FROM scope)))"
          " AND (?4 = 0 OR m.update_time_ms > ?4"
          "  OR EXISTS (SELECT 1 FROM scope WHERE update_time_ms > ?4)"
          "  OR EXISTS (SELECT 1 FROM assignment_overrides o"
          "    WHERE o.user_id = m.user_id"
          "    AND o.assignment_id IN (SELECT id FROM scope)"
          "    AND o.update_time_ms > ?4)"
          "  OR EXISTS (SELECT 1 FROM attempts t WHERE t.user_id = m.user_id"
          "    AND t.assignment_id IN (SELECT id FROM scope)"
          "    AND (t.start_time_ms > ?4 OR t.finish_time_ms > ?4"
          "     OR EXISTS (SELECT 1 FROM attempt_regrades g"
          "       WHERE g.attempt_id = t.id AND g.regrade_time_ms > ?4)"
          "     OR EXISTS (SELECT 1 FROM responses r"
          "       WHERE r.attempt_id = t.id AND r.update_time_ms > ?4))))"
          " ORDER BY u.username LIMIT ?6")));
  BindScope(stmt, query);
  stmt.BindInt64(3, query.user_id)
      .BindInt64(4, query.updated_after_ms)
      .BindText(5, query.first_username)
      .BindInt64(6, query.limit);
  while (true) {
    STORE_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    GradebookMemberRow& learner = rows.learners.emplace_back();
    learner.user_id = stmt.ColumnInt64(0);
    learner.username = stmt.ColumnText(1);
    learner.external_id = stmt.ColumnText(2);
    learner.display_name = stmt.ColumnText(3);
    learner.status = static_cast<quiz::v1::MemberStatus>(stmt.ColumnInt64(4));
    learner.update_time_ms = stmt.ColumnInt64(5);
  }
  return absl::OkStatus();
}

absl::Status ReadOverrides(Db& db, const GradebookQuery& query,
                           const std::string& ids, GradebookRows& rows) {
  STORE_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare(
          absl::StrCat(kScope,
                       "SELECT assignment_id, user_id, override, update_time_ms"
                       " FROM assignment_overrides WHERE user_id IN ",
                       ids, " AND assignment_id IN (SELECT id FROM scope)")));
  BindScope(stmt, query);
  while (true) {
    STORE_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    GradebookOverrideRow& o = rows.overrides.emplace_back();
    o.assignment_id = stmt.ColumnText(0);
    o.user_id = stmt.ColumnInt64(1);
    STORE_RETURN_IF_ERROR(ParseInto(
        stmt.ColumnBlob(2), o.override,
        absl::StrCat("override of user ", o.user_id, " on ", o.assignment_id)));
    o.update_time_ms = stmt.ColumnInt64(3);
  }
  return absl::OkStatus();
}

absl::Status ReadAttempts(Db& db, const GradebookQuery& query,
                          const std::string& ids, GradebookRows& rows) {
  STORE_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare(absl::StrCat(
          kScope,
          "SELECT t.id, t.assignment_id, t.user_id, t.state, t.start_time_ms,"
          " t.finish_time_ms, t.result,"
          " (SELECT COUNT(*) FROM responses r"
          "   WHERE r.attempt_id = t.id AND r.has_response = 1),"
          " (SELECT COALESCE(MAX(r.update_time_ms), 0) FROM responses r"
          "   WHERE r.attempt_id = t.id)"
          " FROM attempts t WHERE t.user_id IN ",
          ids,
          " AND t.assignment_id IN (SELECT id FROM scope)"
          " ORDER BY t.start_time_ms, t.id")));
  BindScope(stmt, query);
  while (true) {
    STORE_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    GradebookAttemptRow& attempt = rows.attempts.emplace_back();
    attempt.id = stmt.ColumnText(0);
    attempt.assignment_id = stmt.ColumnText(1);
    attempt.user_id = stmt.ColumnInt64(2);
    attempt.state = static_cast<quiz::v1::AttemptState>(stmt.ColumnInt64(3));
    attempt.start_time_ms = stmt.ColumnInt64(4);
    attempt.finish_time_ms = stmt.ColumnInt64(5);
    if (!stmt.ColumnIsNull(6)) {
      quiz::v1::AttemptResult result;
      STORE_RETURN_IF_ERROR(
          ParseInto(stmt.ColumnBlob(6), result,
                    absl::StrCat("result of attempt ", attempt.id)));
      attempt.percent = result.percent();
    }
    attempt.answered = static_cast<int>(stmt.ColumnInt64(7));
    attempt.last_answer_time_ms = stmt.ColumnInt64(8);
  }
  return absl::OkStatus();
}

absl::Status ReadRegrades(Db& db, const GradebookQuery& query,
                          const std::string& ids, GradebookRows& rows) {
  STORE_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare(absl::StrCat(
          kScope,
          "SELECT g.attempt_id, g.from_version, g.to_version, g.old_result,"
          " g.new_result, g.regraded_by, g.regrade_time_ms"
          " FROM attempt_regrades g JOIN attempts t ON t.id = g.attempt_id"
          " WHERE t.user_id IN ",
          ids,
          " AND t.assignment_id IN (SELECT id FROM scope)"
          " ORDER BY g.regrade_time_ms, g.attempt_id, g.to_version")));
  BindScope(stmt, query);
  while (true) {
    STORE_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    RegradeRecord& regrade = rows.regrades.emplace_back();
    regrade.attempt_id = stmt.ColumnText(0);
    regrade.from_version = stmt.ColumnInt64(1);
    regrade.to_version = stmt.ColumnInt64(2);
    const std::string what =
        absl::StrCat("regrade of attempt ", regrade.attempt_id, " to version ",
                     regrade.to_version);
    STORE_RETURN_IF_ERROR(ParseInto(stmt.ColumnBlob(3), regrade.old_result,
                                    absl::StrCat("old result of ", what)));
    STORE_RETURN_IF_ERROR(ParseInto(stmt.ColumnBlob(4), regrade.new_result,
                                    absl::StrCat("new result of ", what)));
    regrade.regraded_by = stmt.ColumnText(5);
    regrade.regrade_time_ms = stmt.ColumnInt64(6);
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<GradebookCourse> QueryGradebookCourse(
    Db& db, const std::string& course_id, const std::string& assignment_id,
    int64_t viewer_user_id) {
  GradebookCourse course;
  course.course_id = course_id;
  if (!assignment_id.empty()) {
    STORE_ASSIGN_OR_RETURN(Statement stmt,
                           db.Prepare("SELECT course_id FROM assignments"
                                      " WHERE id = ? AND delete_time_ms = 0"));
    stmt.BindText(1, assignment_id);
    STORE_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) {
      return absl::NotFoundError(
          absl::StrCat("assignments/", assignment_id, " not found"));
    }
    course.course_id = stmt.ColumnText(0);
  }
  {
    STORE_ASSIGN_OR_RETURN(
        Statement stmt,
        db.Prepare("SELECT archived FROM courses WHERE id = ?"));
    stmt.BindText(1, course.course_id);
    STORE_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) {
      return absl::NotFoundError(
          absl::StrCat("courses/", course.course_id, " not found"));
    }
    course.archived = stmt.ColumnInt64(0) != 0;
  }
  STORE_ASSIGN_OR_RETURN(Statement member,
                         db.Prepare("SELECT role, status FROM course_members"
                                    " WHERE course_id = ? AND user_id = ?"));
  member.BindText(1, course.course_id).BindInt64(2, viewer_user_id);
  STORE_ASSIGN_OR_RETURN(bool row, member.Step());
  if (row) {
    course.viewer_role =
        static_cast<quiz::v1::CourseRole>(member.ColumnInt64(0));
    course.viewer_status =
        static_cast<quiz::v1::MemberStatus>(member.ColumnInt64(1));
  }
  return course;
}

absl::StatusOr<GradebookRows> QueryGradebook(Db& db,
                                             const GradebookQuery& query) {
  if (query.limit <= 0) {
    return absl::InvalidArgumentError("gradebook limit must be positive");
  }
  GradebookRows rows;
  STORE_RETURN_IF_ERROR(ReadAssignments(db, query, rows));
  if (rows.assignments.empty()) return rows;
  STORE_RETURN_IF_ERROR(ReadLearners(db, query, rows));
  if (rows.learners.empty()) return rows;
  const std::string ids = IdList(rows.learners);
  STORE_RETURN_IF_ERROR(ReadOverrides(db, query, ids, rows));
  STORE_RETURN_IF_ERROR(ReadAttempts(db, query, ids, rows));
  STORE_RETURN_IF_ERROR(ReadRegrades(db, query, ids, rows));
  return rows;
}

}  // namespace store
