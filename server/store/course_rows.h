// Courses and their members (Store's "courses" section; tables courses and
// course_members of migration 11). The writes run on the writer thread
// inside their operation's savepoint and append their events there
// (event_rows.h); the reads run on any connection.
#ifndef QUIZD_SERVER_STORE_COURSE_ROWS_H_
#define QUIZD_SERVER_STORE_COURSE_ROWS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "server/store/sqlite_db.h"
#include "server/store/store.h"

namespace store {

// See Store::CreateCourse; `now_ms` becomes both times.
absl::StatusOr<CourseRecord> InsertCourseRows(Db& db, CourseRecord course,
                                              int64_t instructor_user_id,
                                              const std::string& actor,
                                              int64_t now_ms);

// See Store::UpdateCourse.
absl::StatusOr<CourseRecord> UpdateCourseRow(Db& db, const std::string& id,
                                             const CourseUpdate& update,
                                             int64_t instructor_user_id,
                                             const std::string& actor,
                                             int64_t now_ms);

// See Store::UpdateMembers. Returns every row's result and whether the
// caller should keep the writes: false when `dry_run` or when a row failed
// and not `skip_failed` (the caller then rolls the savepoint back).
absl::StatusOr<MemberBatchResult> UpdateMemberRows(
    Db& db, const std::string& course_id, const std::vector<MemberChange>& rows,
    bool dry_run, bool skip_failed, int64_t instructor_user_id,
    const std::string& actor, int64_t now_ms);

// NOT_FOUND when there is no such course.
absl::StatusOr<CourseRecord> QueryCourse(Db& db, const std::string& id);
// See Store::ListCourses.
absl::StatusOr<std::vector<CourseRecord>> QueryCourses(
    Db& db, const CourseFilter& filter, const std::string& after_id, int limit);
// See Store::ListMembers.
absl::StatusOr<std::vector<MemberRecord>> QueryMembers(
    Db& db, const std::string& course_id, const MemberFilter& filter,
    const std::string& after_username, int limit);
// See Store::GetMember.
absl::StatusOr<std::optional<MemberRecord>> QueryMember(
    Db& db, const std::string& course_id, int64_t user_id);
// See Store::CourseRoleOf.
absl::StatusOr<quiz::v1::CourseRole> QueryCourseRoleOf(
    Db& db, const std::string& course_id, int64_t user_id);

}  // namespace store

#endif  // QUIZD_SERVER_STORE_COURSE_ROWS_H_
