// Numeric items: a typed amount within an absolute or relative tolerance.
#include <cmath>
#include <string>

#include "question_bank/typed/amount.h"
#include "server/grading/graders.h"
#include "server/grading/outcome.h"

namespace grading {

absl::StatusOr<quiz::v1::Outcome> GradeNumeric(const quiz::v1::Item& item,
                                               const std::string& answer) {
  const quiz::v1::Numeric& key = item.numeric();
  absl::StatusOr<double> value = typed::ParseAmount(answer, key.unit());
  if (!value.ok()) {
    return BadResponse("response.numeric", item,
                       std::string(value.status().message()));
  }
  const double allowed = key.tolerance_kind() == quiz::v1::TOLERANCE_RELATIVE
                             ? key.tolerance() * std::fabs(key.answer())
                             : key.tolerance();
  const bool right = std::fabs(*value - key.answer()) <= allowed + kEpsilon;
  const double points = ItemPoints(item);
  return MakeOutcome(right ? points : 0, points);
}

}  // namespace grading
