// The gradebook's reads (Store::FindGradebookCourse, Store::ReadGradebook)
// over the tables of migration 11: courses, course_members, assignments,
// assignment_overrides, attempts.assignment_id, and attempt_regrades.
#ifndef QUIZD_SERVER_STORE_GRADEBOOK_ROWS_H_
#define QUIZD_SERVER_STORE_GRADEBOOK_ROWS_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "server/store/sqlite_db.h"
#include "server/store/store.h"

namespace store {

// See Store::FindGradebookCourse.
absl::StatusOr<GradebookCourse> QueryGradebookCourse(
    Db& db, const std::string& course_id, const std::string& assignment_id,
    int64_t viewer_user_id);

// See Store::ReadGradebook. Runs five statements: call it inside a read
// transaction for one snapshot.
absl::StatusOr<GradebookRows> QueryGradebook(Db& db,
                                             const GradebookQuery& query);

}  // namespace store

#endif  // QUIZD_SERVER_STORE_GRADEBOOK_ROWS_H_
