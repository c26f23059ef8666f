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

// The longest typed answer (numeric, text, codes) graded; longer ones are
// refused as INVALID_ARGUMENT rather than graded.
inline constexpr size_t kMaxTypedAnswer = 1000;

// Points of the five-point agreement scale a likert item uses by default.
inline constexpr int kDefaultLikertScale = 5;

// Points an item is worth: Item.points, or 1 when unset; the sum of its parts
// for a case item; 0 for a likert item, which is never scored.
double ItemPoints(const quiz::v1::Item& item);

// Positions on a likert item's scale: its labels, or the default scale.
int LikertScaleSize(const quiz::v1::Likert& likert);

// Whether `response` says nothing: no answer set, no option chosen, blank
// text, no step or pair, or a case answer whose parts are all empty.
bool IsEmptyResponse(const quiz::v1::Response& response);

// Grades one response. An empty response is UNANSWERED with score 0; a likert
// response is NOT_SCORED and carries trait contributions. A case item's
// outcome sums its parts (one PartOutcome per sub-item, in item order).
// INVALID_ARGUMENT, naming the response field, when the response does not fit
// the item: another type's answer, an unknown option, step, prompt, answer or
// sub-item id, a repeated one, a likert position off the scale, a numeric
// answer that is not a number, or a typed answer over kMaxTypedAnswer
// characters. A malformed code is not an error: it is graded wrong, with
// feedback saying so.
absl::StatusOr<quiz::v1::Outcome> Grade(const quiz::v1::Item& item,
                                        const quiz::v1::Response& response,
                                        const GradeOptions& options = {});

}  // namespace grading

#endif  // QUIZD_SERVER_GRADING_GRADE_H_
