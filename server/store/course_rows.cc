#include "server/store/course_rows.h"

#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "server/store/event_rows.h"
#include "server/store/queries.h"
#include "server/store/status_macros.h"

namespace store {
namespace {

using quiz::v1::CourseRole;
using quiz::v1::MemberStatus;

constexpr char kCourseColumns[] =
    "c.id, c.title, c.term, c.external_id, c.archived, c.create_time_ms,"
    " c.update_time_ms";

CourseRecord ReadCourse(const Statement& stmt) {
  CourseRecord course;
  course.id = stmt.ColumnText(0);
  course.title = stmt.ColumnText(1);
  course.term = stmt.ColumnText(2);
  course.external_id = stmt.ColumnText(3);
  course.archived = stmt.ColumnInt64(4) != 0;
  course.create_time_ms = stmt.ColumnInt64(5);
  course.update_time_ms = stmt.ColumnInt64(6);
  return course;
}

constexpr char kMemberColumns[] =
    "m.course_id, m.user_id, u.username, u.external_id, u.display_name,"
    " m.role, m.status, m.update_time_ms";

MemberRecord ReadMember(const Statement& stmt) {
  MemberRecord member;
  member.course_id = stmt.ColumnText(0);
  member.user_id = stmt.ColumnInt64(1);
  member.username = stmt.ColumnText(2);
  member.user_external_id = stmt.ColumnText(3);
  member.display_name = stmt.ColumnText(4);
  member.role = static_cast<CourseRole>(stmt.ColumnInt64(5));
  member.status = static_cast<MemberStatus>(stmt.ColumnInt64(6));
  member.update_time_ms = stmt.ColumnInt64(7);
  return member;
}

// ALREADY_EXISTS naming external_id when a course other than `owner_id` has
// `external_id` (empty: nobody can).
absl::Status CheckCourseExternalIdFree(Db& db, const std::string& external_id,
                                       const std::string& owner_id) {
  if (external_id.empty()) return absl::OkStatus();
  STORE_ASSIGN_OR_RETURN(
      Statement stmt, db.Prepare("SELECT id FROM courses WHERE external_id = ?"
                                 " AND external_id <> ''"));
  stmt.BindText(1, external_id);
  STORE_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (row && stmt.ColumnText(0) != owner_id) {
    return absl::AlreadyExistsError(
        absl::StrCat("external_id: \"", external_id,
                     "\" already belongs to courses/", stmt.ColumnText(0)));
  }
  return absl::OkStatus();
}

absl::Status WriteCourseRow(Db& db, const CourseRecord& course, bool insert) {
  STORE_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare(insert ? "INSERT INTO courses(title, term, external_id,"
                          " archived, create_time_ms, update_time_ms, id)"
                          " VALUES(?, ?, ?, ?, ?, ?, ?)"
                        : "UPDATE courses SET title = ?, term = ?,"
                          " external_id = ?, archived = ?,"
                          " create_time_ms = ?, update_time_ms = ?"
                          " WHERE id = ?"));
  stmt.BindText(1, course.title)
      .BindText(2, course.term)
      .BindText(3, course.external_id)
      .BindInt64(4, course.archived ? 1 : 0)
      .BindInt64(5, course.create_time_ms)
      .BindInt64(6, course.update_time_ms)
      .BindText(7, course.id);
  return stmt.Run();
}

absl::Status AppendCourseEvent(Db& db, const std::string& course_id,
                               const std::string& actor, int64_t now_ms) {
  quiz::v1::Event event;
  event.set_type(quiz::v1::COURSE_CHANGED);
  event.set_actor(actor);
  event.set_course(absl::StrCat("courses/", course_id));
  return AppendEventRow(db, std::move(event), 0, now_ms).status();
}

// Writes `member` (insert or replace) and its MEMBERSHIP_CHANGED event.
absl::Status WriteMember(Db& db, const MemberRecord& member,
                         const std::string& actor) {
  STORE_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare("INSERT INTO course_members(course_id, user_id, role,"
                 " status, update_time_ms) VALUES(?, ?, ?, ?, ?)"
                 " ON CONFLICT(course_id, user_id) DO UPDATE SET"
                 " role = excluded.role, status = excluded.status,"
                 " update_time_ms = excluded.update_time_ms"));
  stmt.BindText(1, member.course_id)
      .BindInt64(2, member.user_id)
      .BindInt64(3, member.role)
      .BindInt64(4, member.status)
      .BindInt64(5, member.update_time_ms);
  STORE_RETURN_IF_ERROR(stmt.Run());
  quiz::v1::Event event;
  event.set_type(quiz::v1::MEMBERSHIP_CHANGED);
  event.set_actor(actor);
  event.set_user(absl::StrCat("users/", member.username));
  event.set_course(absl::StrCat("courses/", member.course_id));
  event.set_member_role(member.role);
  event.set_member_status(member.status);
  return AppendEventRow(db, std::move(event), member.user_id,
                        member.update_time_ms)
      .status();
}

// The user a row names: by username, else by external id. NOT_FOUND naming
// the field when there is none.
absl::StatusOr<UserRecord> RowUser(Db& db, const MemberChange& row) {
  if (!row.username.empty()) {
    absl::StatusOr<UserRecord> user = QueryUserByName(db, row.username);
    if (absl::IsNotFound(user.status())) {
      return absl::NotFoundError(
          absl::StrCat("user: no user users/", row.username));
    }
    return user;
  }
  STORE_ASSIGN_OR_RETURN(std::optional<UserRecord> user,
                         QueryUserByExternalId(db, row.user_external_id));
  if (!user.has_value() || user->delete_time_ms != 0) {
    return absl::NotFoundError(absl::StrCat("user_external_id: no user has \"",
                                            row.user_external_id, "\""));
  }
  return *std::move(user);
}

// PERMISSION_DENIED unless `instructor_user_id` is 0 or an active
// instructor of the course.
absl::Status CheckTeaches(Db& db, const std::string& course_id,
                          int64_t instructor_user_id) {
  if (instructor_user_id == 0) return absl::OkStatus();
  STORE_ASSIGN_OR_RETURN(CourseRole role,
                         QueryCourseRoleOf(db, course_id, instructor_user_id));
  if (role == quiz::v1::COURSE_ROLE_INSTRUCTOR) return absl::OkStatus();
  // The service refuses non-instructors before queuing the write; this is
  // the rare case of a removal committed in between.
  return absl::PermissionDeniedError(absl::StrCat(
      "courses/", course_id,
      ": you stopped being an active instructor of it before this change "
      "was stored"));
}

// Whether a row's failure is the row's (reported per row) rather than the
// database's (failing the whole call).
bool IsRowError(const absl::Status& status) {
  return absl::IsInvalidArgument(status) || absl::IsNotFound(status) ||
         absl::IsFailedPrecondition(status);
}

// One row of UpdateMemberRows. `seen` maps the users of earlier rows to
// their row.
absl::Status UpdateOne(Db& db, const std::string& course_id,
                       const MemberChange& row, const std::string& actor,
                       int64_t now_ms, absl::flat_hash_map<int64_t, int>& seen,
                       int index, MemberChangeResult& result) {
  STORE_ASSIGN_OR_RETURN(UserRecord user, RowUser(db, row));
  const char* field = row.username.empty() ? "user_external_id" : "user";
  if (auto [earlier, fresh] = seen.emplace(user.id, index); !fresh) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": users/", user.username, " repeats rows[",
                     earlier->second, "]"));
  }
  if (user.role == quiz::v1::ROLE_SERVICE_ACCOUNT) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": users/", user.username,
                     " is a service account; only people are members"));
  }
  STORE_ASSIGN_OR_RETURN(std::optional<MemberRecord> existing,
                         QueryMember(db, course_id, user.id));
  const bool removing = row.status == quiz::v1::MEMBER_STATUS_DELETED;
  CourseRole role = row.role;
  if (role == quiz::v1::COURSE_ROLE_UNSPECIFIED && removing &&
      existing.has_value()) {
    role = existing->role;
  }
  if (role == quiz::v1::COURSE_ROLE_UNSPECIFIED && !removing) {
    return absl::InvalidArgumentError(
        "role: required (learner, instructor or teaching assistant)");
  }
  if (role == quiz::v1::COURSE_ROLE_INSTRUCTOR && !removing &&
      user.role != quiz::v1::ROLE_INSTRUCTOR &&
      user.role != quiz::v1::ROLE_ADMIN) {
    return absl::InvalidArgumentError(absl::StrCat(
        "role: users/", user.username,
        " is a student; a course's instructors must be instructors or "
        "admins"));
  }
  if (removing && (!existing.has_value() ||
                   existing->status == quiz::v1::MEMBER_STATUS_DELETED)) {
    result.outcome = UpsertRowResult::kUnchanged;
    if (existing.has_value()) result.member = *std::move(existing);
    return absl::OkStatus();
  }
  if (existing.has_value() && existing->role == role &&
      existing->status == row.status) {
    result.outcome = UpsertRowResult::kUnchanged;
    result.member = *std::move(existing);
    return absl::OkStatus();
  }
  MemberRecord member;
  member.course_id = course_id;
  member.user_id = user.id;
  member.username = user.username;
  member.user_external_id = user.external_id;
  member.display_name = user.display_name;
  member.role = role;
  member.status = row.status;
  member.update_time_ms = now_ms;
  STORE_RETURN_IF_ERROR(WriteMember(db, member, actor));
  result.outcome = existing.has_value() ? UpsertRowResult::kUpdated
                                        : UpsertRowResult::kCreated;
  result.member = std::move(member);
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<CourseRecord> InsertCourseRows(Db& db, CourseRecord course,
                                              int64_t instructor_user_id,
                                              const std::string& actor,
                                              int64_t now_ms) {
  absl::StatusOr<CourseRecord> taken = QueryCourse(db, course.id);
  if (taken.ok()) {
    return absl::AlreadyExistsError(
        absl::StrCat("course_id: courses/", course.id, " already exists"));
  }
  if (!absl::IsNotFound(taken.status())) return taken.status();
  STORE_RETURN_IF_ERROR(
      CheckCourseExternalIdFree(db, course.external_id, course.id));
  course.create_time_ms = now_ms;
  course.update_time_ms = now_ms;
  STORE_RETURN_IF_ERROR(WriteCourseRow(db, course, /*insert=*/true));
  STORE_RETURN_IF_ERROR(AppendCourseEvent(db, course.id, actor, now_ms));
  if (instructor_user_id != 0) {
    STORE_ASSIGN_OR_RETURN(UserRecord user,
                           QueryUserById(db, instructor_user_id));
    MemberRecord member;
    member.course_id = course.id;
    member.user_id = user.id;
    member.username = user.username;
    member.role = quiz::v1::COURSE_ROLE_INSTRUCTOR;
    member.status = quiz::v1::MEMBER_STATUS_ACTIVE;
    member.update_time_ms = now_ms;
    STORE_RETURN_IF_ERROR(WriteMember(db, member, actor));
  }
  return course;
}

absl::StatusOr<CourseRecord> UpdateCourseRow(Db& db, const std::string& id,
                                             const CourseUpdate& update,
                                             int64_t instructor_user_id,
                                             const std::string& actor,
                                             int64_t now_ms) {
  STORE_ASSIGN_OR_RETURN(CourseRecord course, QueryCourse(db, id));
  STORE_RETURN_IF_ERROR(CheckTeaches(db, id, instructor_user_id));
  CourseRecord after = course;
  if (update.title.has_value()) after.title = *update.title;
  if (update.term.has_value()) after.term = *update.term;
  if (update.archived.has_value()) after.archived = *update.archived;
  if (update.external_id.has_value()) {
    STORE_RETURN_IF_ERROR(
        CheckCourseExternalIdFree(db, *update.external_id, id));
    after.external_id = *update.external_id;
  }
  if (after.title == course.title && after.term == course.term &&
      after.external_id == course.external_id &&
      after.archived == course.archived) {
    return course;
  }
  after.update_time_ms = now_ms;
  STORE_RETURN_IF_ERROR(WriteCourseRow(db, after, /*insert=*/false));
  STORE_RETURN_IF_ERROR(AppendCourseEvent(db, id, actor, now_ms));
  return after;
}

absl::StatusOr<MemberBatchResult> UpdateMemberRows(
    Db& db, const std::string& course_id, const std::vector<MemberChange>& rows,
    bool dry_run, bool skip_failed, int64_t instructor_user_id,
    const std::string& actor, int64_t now_ms) {
  STORE_RETURN_IF_ERROR(QueryCourse(db, course_id).status());
  STORE_RETURN_IF_ERROR(CheckTeaches(db, course_id, instructor_user_id));
  MemberBatchResult result;
  result.rows.reserve(rows.size());
  absl::flat_hash_map<int64_t, int> seen;
  bool any_failed = false;
  for (size_t i = 0; i < rows.size(); ++i) {
    MemberChangeResult& row_result = result.rows.emplace_back();
    // Each row in a savepoint of its own, so that a failing row leaves
    // nothing of itself behind when the others are kept.
    STORE_RETURN_IF_ERROR(db.Run("SAVEPOINT member_row"));
    absl::Status status = UpdateOne(db, course_id, rows[i], actor, now_ms, seen,
                                    static_cast<int>(i), row_result);
    if (!status.ok()) {
      STORE_RETURN_IF_ERROR(db.Run("ROLLBACK TO member_row"));
    }
    STORE_RETURN_IF_ERROR(db.Run("RELEASE member_row"));
    if (status.ok()) continue;
    if (!IsRowError(status)) return status;
    any_failed = true;
    row_result = MemberChangeResult();
    row_result.error = std::move(status);
  }
  result.committed = !dry_run && (skip_failed || !any_failed);
  return result;
}

absl::StatusOr<CourseRecord> QueryCourse(Db& db, const std::string& id) {
  STORE_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare(absl::StrCat("SELECT ", kCourseColumns,
                              " FROM courses c WHERE c.id = ?")));
  stmt.BindText(1, id);
  STORE_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return absl::NotFoundError(absl::StrCat("no course courses/", id));
  return ReadCourse(stmt);
}

absl::StatusOr<std::vector<CourseRecord>> QueryCourses(
    Db& db, const CourseFilter& filter, const std::string& after_id,
    int limit) {
  // A learner sees courses they are suspended from (their results stay);
  // instructors and teaching assistants only those they are active in.
  STORE_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare(absl::StrCat(
          "SELECT ", kCourseColumns,
          " FROM courses c WHERE c.id > ?1 AND (?2 = 1 OR c.archived = 0)"
          " AND (?3 = 0 OR c.update_time_ms > ?3)"
          " AND (?4 = 0 OR EXISTS (SELECT 1 FROM course_members m"
          "   WHERE m.course_id = c.id AND m.user_id = ?4"
          "   AND (m.status = 1 OR (m.status = 2 AND m.role = 1))))"
          " ORDER BY c.id LIMIT ?5")));
  stmt.BindText(1, after_id)
      .BindInt64(2, filter.include_archived ? 1 : 0)
      .BindInt64(3, filter.updated_after_ms)
      .BindInt64(4, filter.member_user_id)
      .BindInt64(5, limit);
  std::vector<CourseRecord> courses;
  while (true) {
    STORE_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    courses.push_back(ReadCourse(stmt));
  }
  return courses;
}

absl::StatusOr<std::vector<MemberRecord>> QueryMembers(
    Db& db, const std::string& course_id, const MemberFilter& filter,
    const std::string& after_username, int limit) {
  STORE_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare(
          absl::StrCat("SELECT ", kMemberColumns,
                       " FROM course_members m JOIN users u ON u.id = m.user_id"
                       " WHERE m.course_id = ?1 AND u.username > ?2"
                       " AND (?3 = 0 OR m.role = ?3)"
                       " AND (CASE WHEN ?4 > 0 THEN m.update_time_ms > ?4"
                       "      ELSE (?5 = 1 OR m.status <> 3) END)"
                       " AND (?6 = 0 OR m.role <> 1 OR m.user_id = ?6)"
                       " ORDER BY u.username LIMIT ?7")));
  stmt.BindText(1, course_id)
      .BindText(2, after_username)
      .BindInt64(3, filter.role)
      .BindInt64(4, filter.changed_since_ms)
      .BindInt64(5, filter.include_deleted ? 1 : 0)
      .BindInt64(6, filter.learner_view_user_id)
      .BindInt64(7, limit);
  std::vector<MemberRecord> members;
  while (true) {
    STORE_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    members.push_back(ReadMember(stmt));
  }
  return members;
}

absl::StatusOr<std::optional<MemberRecord>> QueryMember(
    Db& db, const std::string& course_id, int64_t user_id) {
  STORE_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare(
          absl::StrCat("SELECT ", kMemberColumns,
                       " FROM course_members m JOIN users u ON u.id = m.user_id"
                       " WHERE m.course_id = ? AND m.user_id = ?")));
  stmt.BindText(1, course_id).BindInt64(2, user_id);
  STORE_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return std::nullopt;
  return ReadMember(stmt);
}

absl::StatusOr<CourseRole> QueryCourseRoleOf(Db& db,
                                             const std::string& course_id,
                                             int64_t user_id) {
  STORE_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare("SELECT role FROM course_members"
                 " WHERE course_id = ? AND user_id = ? AND status = 1"));
  stmt.BindText(1, course_id).BindInt64(2, user_id);
  STORE_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return quiz::v1::COURSE_ROLE_UNSPECIFIED;
  return static_cast<CourseRole>(stmt.ColumnInt64(0));
}

}  // namespace store
