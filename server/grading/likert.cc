// Likert: no right answer; the response loads onto traits.
#include "absl/strings/str_cat.h"
#include "server/grading/graders.h"
#include "server/grading/outcome.h"

namespace grading {

int LikertScaleSize(const quiz::v1::Likert& likert) {
  return likert.scale_size() > 0 ? likert.scale_size() : kDefaultLikertScale;
}

absl::StatusOr<quiz::v1::Outcome> GradeLikert(const quiz::v1::Item& item,
                                              int position) {
  const quiz::v1::Likert& likert = item.likert();
  const int size = LikertScaleSize(likert);
  if (position < 1 || position > size) {
    return BadResponse(
        "response.likert", item,
        absl::StrCat("takes a position from 1 to ", size, ", got ", position));
  }
  // Centred so the middle of the scale is 0: 1..5 becomes -2..2.
  double centred = position - (size + 1) / 2.0;
  if (likert.reverse_keyed()) centred = -centred;
  quiz::v1::Outcome outcome;
  outcome.set_correctness(quiz::v1::NOT_SCORED);
  for (const quiz::v1::TraitWeight& weight : likert.weights()) {
    quiz::v1::TraitWeight* trait = outcome.add_traits();
    trait->set_trait(weight.trait());
    trait->set_weight(centred * weight.weight());
  }
  return outcome;
}

}  // namespace grading
