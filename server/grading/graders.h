// The grader of each item type, called by Grade once it has checked that the
// response is non-empty and of the item's kind. Each returns INVALID_ARGUMENT,
// naming the response field, for a response that does not fit the item, and
// otherwise an outcome out of ItemPoints(item).
#ifndef QUIZD_SERVER_GRADING_GRADERS_H_
#define QUIZD_SERVER_GRADING_GRADERS_H_

#include <string>

#include "absl/status/statusor.h"
#include "quiz/v1/attempt.pb.h"
#include "quiz/v1/bank.pb.h"
#include "server/grading/grade.h"

namespace grading {

absl::StatusOr<quiz::v1::Outcome> GradeSingleChoice(
    const quiz::v1::Item& item, const quiz::v1::ChoiceAnswer& answer,
    const GradeOptions& options);
absl::StatusOr<quiz::v1::Outcome> GradeMultipleChoice(
    const quiz::v1::Item& item, const quiz::v1::ChoiceAnswer& answer);
quiz::v1::Outcome GradeTrueFalse(const quiz::v1::Item& item, bool answer,
                                 const GradeOptions& options);
absl::StatusOr<quiz::v1::Outcome> GradeOrdering(
    const quiz::v1::Item& item, const quiz::v1::OrderingAnswer& answer);
absl::StatusOr<quiz::v1::Outcome> GradeMatching(
    const quiz::v1::Item& item, const quiz::v1::MatchingAnswer& answer);
absl::StatusOr<quiz::v1::Outcome> GradeNumeric(const quiz::v1::Item& item,
                                               const std::string& answer);
quiz::v1::Outcome GradeShortText(const quiz::v1::Item& item,
                                 const std::string& answer);
quiz::v1::Outcome GradeCodeEntry(const quiz::v1::Item& item,
                                 const std::string& answer);
absl::StatusOr<quiz::v1::Outcome> GradeLikert(const quiz::v1::Item& item,
                                              int position);

}  // namespace grading

#endif  // QUIZD_SERVER_GRADING_GRADERS_H_
