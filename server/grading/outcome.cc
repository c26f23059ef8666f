#include "server/grading/outcome.h"

#include "absl/strings/str_cat.h"

namespace grading {

quiz::v1::Outcome MakeOutcome(double score, double max_score) {
  quiz::v1::Outcome outcome;
  outcome.set_score(score);
  outcome.set_max_score(max_score);
  if (max_score > 0 && score >= max_score - kEpsilon) {
    outcome.set_correctness(quiz::v1::CORRECT);
  } else if (score > kEpsilon) {
    outcome.set_correctness(quiz::v1::PARTIALLY_CORRECT);
  } else {
    outcome.set_correctness(quiz::v1::INCORRECT);
  }
  return outcome;
}

absl::Status BadResponse(const std::string& field, const quiz::v1::Item& item,
                         const std::string& problem) {
  return absl::InvalidArgumentError(
      absl::StrCat(field, ": item ", item.id(), " ", problem));
}

std::string Plural(int n, const std::string& one, const std::string& many) {
  return absl::StrCat(n, " ", n == 1 ? one : many);
}

}  // namespace grading
