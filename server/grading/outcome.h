// Building blocks shared by the graders of each item type.
#ifndef QUIZD_SERVER_GRADING_OUTCOME_H_
#define QUIZD_SERVER_GRADING_OUTCOME_H_

#include <string>

#include "absl/status/status.h"
#include "quiz/v1/attempt.pb.h"
#include "quiz/v1/bank.pb.h"

namespace grading {

// A score within this of a bound counts as that bound (floating point).
inline constexpr double kEpsilon = 1e-9;

// An outcome of `score` out of `max_score`: CORRECT only at full marks,
// PARTIALLY_CORRECT for any positive score below that, else INCORRECT.
quiz::v1::Outcome MakeOutcome(double score, double max_score);

// INVALID_ARGUMENT whose message starts with the response field at fault,
// e.g. "response.ordering.step_ids: item rc-1 has no step \"x\"".
absl::Status BadResponse(const std::string& field, const quiz::v1::Item& item,
                         const std::string& problem);

// "1 code" / "2 codes".
std::string Plural(int n, const std::string& one, const std::string& many);

}  // namespace grading

#endif  // QUIZD_SERVER_GRADING_OUTCOME_H_
