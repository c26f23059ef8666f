// Whether a learner may start an attempt now, through an assignment or on
// their own (self-study), with the plain reason when not.
#ifndef QUIZD_SERVER_SERVICE_ASSIGNED_START_H_
#define QUIZD_SERVER_SERVICE_ASSIGNED_START_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "quiz/v1/bank.pb.h"
#include "server/auth/principal.h"
#include "server/service/assignment_terms.h"
#include "server/service/context.h"

namespace service {

// A start through an assignment that passed every check but the attempt
// count, which the store checks again in the write transaction.
struct AssignedStart {
  LearnerTerms terms;
  std::string quiz_id;  // the assignment's quiz
};

// Checks a start of `assignment_name` ("assignments/{id}") by `learner`
// at `now_ms`, as StartAttemptRequest.assignment documents: NOT_FOUND when
// the assignment does not exist, is a draft, or the caller is not a
// learner of its course; FAILED_PRECONDITION with the reason when the
// membership is not active, the assignment is deleted, the course
// archived, the window not open or closed, or the attempts used up.
absl::StatusOr<AssignedStart> CheckAssignedStart(
    Context& context, const auth::Principal& learner,
    const std::string& assignment_name, int64_t now_ms);

// FAILED_PRECONDITION "quizzes/{id} is taken through an assignment" when
// `quiz` is not open for self-study.
absl::Status CheckSelfStudy(const std::string& quiz_id,
                            const quiz::v1::Quiz& quiz);

}  // namespace service

#endif  // QUIZD_SERVER_SERVICE_ASSIGNED_START_H_
