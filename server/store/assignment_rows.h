// Rows of assignments and assignment_overrides (migration 11), and the
// course facts assignments need. Each function uses only the Db it is
// given: the read ones run on a pooled read connection or inside a write;
// the write ones run on the writer thread inside the group's transaction
// (see mutations.h) and append their ASSIGNMENT_CHANGED event there.
#ifndef QUIZD_SERVER_STORE_ASSIGNMENT_ROWS_H_
#define QUIZD_SERVER_STORE_ASSIGNMENT_ROWS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "server/store/sqlite_db.h"
#include "server/store/store.h"

namespace store {

// See Store::GetCourseSeat.
absl::StatusOr<CourseSeat> QueryCourseSeat(Db& db, const std::string& course_id,
                                           int64_t user_id);
// See Store::GetAssignment.
absl::StatusOr<AssignmentRecord> QueryAssignment(Db& db, const std::string& id);
// See Store::ListAssignments.
absl::StatusOr<std::vector<AssignmentRecord>> QueryAssignments(
    Db& db, const std::string& course_id, const std::string& after_id,
    int limit, bool published_only);
// See Store::GetOverride.
absl::StatusOr<std::optional<quiz::v1::AssignmentOverride>> QueryOverride(
    Db& db, const std::string& assignment_id, int64_t user_id);
// See Store::ListOverrides.
absl::StatusOr<std::vector<OverrideRecord>> QueryOverrides(
    Db& db, const std::string& assignment_id);
// See Store::CountAssignmentAttempts.
absl::StatusOr<int> CountAssignmentAttempts(Db& db,
                                            const std::string& assignment_id,
                                            int64_t user_id);

// See Store::CreateAssignment.
absl::StatusOr<AssignmentRecord> InsertAssignment(
    Db& db, AssignmentRecord record, const EventNote& note,
    const RequestKey& key, const std::string& reply, int64_t now_ms);
// See Store::UpdateAssignment.
absl::StatusOr<AssignmentRecord> UpdateAssignmentRow(
    Db& db, const std::string& id, const Store::AssignmentChange& change,
    const EventNote& note, int64_t now_ms);
// See Store::DeleteAssignment.
absl::StatusOr<int64_t> DeleteAssignmentRow(Db& db, const std::string& id,
                                            const EventNote& note,
                                            int64_t now_ms);
// See Store::SetOverride.
absl::StatusOr<OverrideRecord> PutOverrideRow(Db& db, OverrideRecord record,
                                              const EventNote& note,
                                              int64_t now_ms);
// See Store::DeleteOverride.
absl::Status DeleteOverrideRow(Db& db, const std::string& assignment_id,
                               int64_t user_id, const EventNote& note,
                               int64_t now_ms);
// See Store::ReopenAttempt.
absl::StatusOr<AttemptRecord> ReopenAttemptRow(Db& db,
                                               const std::string& attempt_id,
                                               int64_t deadline_ms,
                                               const EventNote& note,
                                               int64_t now_ms);

}  // namespace store

#endif  // QUIZD_SERVER_STORE_ASSIGNMENT_ROWS_H_
