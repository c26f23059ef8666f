// Grading: pure functions from (item, response) to an outcome. No I/O, no
// clocks, no randomness; safe to call from any thread.
#ifndef QUIZD_SERVER_GRADING_GRADE_H_
#define QUIZD_SERVER_GRADING_GRADE_H_

#include "absl/status/statusor.h"
#include "quiz/v1/attempt.pb.h"
#include "quiz/v1/bank.pb.h"

namespace grading {

// Quiz-level settings that change how an item is scored.
struct GradeOptions {
  // Wrong single-choice answers cost 1/(options-1) of the points and wrong
  // true/false answers all of them; the item score may then be negative (the
  // attempt total is floored at zero by ScoreAttempt).
  bool negative_marking = false;
};

// Points an item is worth: Item.points, or 1 when unset.
double ItemPoints(const quiz::v1::Item& item);

// Grades one response. An empty Response (no answer set) is UNANSWERED with
// score 0. INVALID_ARGUMENT, naming the field, when the response does not fit
// the item: another item type's answer, or an option id the item does not
// have. UNIMPLEMENTED for item types this grader does not handle yet.
absl::StatusOr<quiz::v1::Outcome> Grade(const quiz::v1::Item& item,
                                        const quiz::v1::Response& response,
                                        const GradeOptions& options = {});

}  // namespace grading

#endif  // QUIZD_SERVER_GRADING_GRADE_H_
