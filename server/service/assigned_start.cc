#include "server/service/assigned_start.h"

#include "absl/strings/str_cat.h"
#include "server/service/assignment_release.h"
#include "server/service/call.h"

namespace service {

absl::StatusOr<AssignedStart> CheckAssignedStart(
    Context& context, const auth::Principal& learner,
    const std::string& assignment_name, int64_t now_ms) {
  absl::StatusOr<std::string> id =
      ResourceId(assignment_name, "assignments", "assignment");
  if (!id.ok()) return id.status();
  const absl::Status not_found = absl::NotFoundError(
      absl::StrCat("assignment \"assignments/", *id, "\" not found"));
  absl::StatusOr<store::AssignmentRecord> record =
      context.store.GetAssignment(*id);
  if (absl::IsNotFound(record.status())) return not_found;
  if (!record.ok()) return record.status();
  absl::StatusOr<store::CourseSeat> seat =
      context.store.GetCourseSeat(record->course_id, learner.user_id);
  if (absl::IsNotFound(seat.status())) return not_found;
  if (!seat.ok()) return seat.status();
  // Neither a draft nor another course's assignment is visible.
  if (seat->role != quiz::v1::COURSE_ROLE_LEARNER ||
      !record->assignment.published()) {
    return not_found;
  }
  if (seat->status != quiz::v1::MEMBER_STATUS_ACTIVE) {
    return absl::FailedPreconditionError(
        absl::StrCat("you are not an active learner of courses/",
                     record->course_id, " (ask its instructor)"));
  }
  if (record->delete_time_ms != 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("assignments/", *id, " was deleted"));
  }
  if (seat->archived) {
    return absl::FailedPreconditionError(
        absl::StrCat("courses/", record->course_id, " is archived"));
  }
  AssignedStart start;
  absl::StatusOr<LearnerTerms> terms =
      LoadLearnerTerms(context, *record, learner.user_id);
  if (!terms.ok()) return terms.status();
  start.terms = *std::move(terms);
  if (absl::Status open = CheckWindow(start.terms, now_ms); !open.ok()) {
    return open;
  }
  absl::StatusOr<int> used =
      context.store.CountAssignmentAttempts(*id, learner.user_id);
  if (!used.ok()) return used.status();
  if (absl::Status left = CheckAttempts(start.terms, *used); !left.ok()) {
    return left;
  }
  start.quiz_id = record->assignment.quiz();
  if (start.quiz_id.rfind("quizzes/", 0) == 0) {
    start.quiz_id = start.quiz_id.substr(8);
  }
  return start;
}

absl::Status CheckSelfStudy(const std::string& quiz_id,
                            const quiz::v1::Quiz& quiz) {
  if (OpenForSelfStudy(quiz)) return absl::OkStatus();
  return absl::FailedPreconditionError(
      absl::StrCat("quizzes/", quiz_id,
                   " is taken through an assignment; start it with the "
                   "assignment your course gives (StartAttemptRequest."
                   "assignment)"));
}

}  // namespace service
