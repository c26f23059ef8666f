// Ordering: exact, or credit for the longest run of steps in the right
// relative order.
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "question_bank/typed/shown_text.h"
#include "server/grading/graders.h"
#include "server/grading/outcome.h"

namespace grading {
namespace {

// Length of the longest strictly increasing subsequence (patience sorting).
int LongestIncreasing(const std::vector<int>& values) {
  std::vector<int> tails;
  for (int value : values) {
    auto it = std::lower_bound(tails.begin(), tails.end(), value);
    if (it == tails.end()) {
      tails.push_back(value);
    } else {
      *it = value;
    }
  }
  return static_cast<int>(tails.size());
}

}  // namespace

absl::StatusOr<quiz::v1::Outcome> GradeOrdering(
    const quiz::v1::Item& item, const quiz::v1::OrderingAnswer& answer) {
  constexpr char kField[] = "response.ordering.step_ids";
  const auto& steps = item.ordering().steps();
  std::map<std::string, int> key_position;
  for (int i = 0; i < steps.size(); ++i) key_position[steps[i].id()] = i;

  // The key position of each step in the student's order.
  std::vector<int> positions;
  std::vector<bool> seen(steps.size(), false);
  for (const std::string& id : answer.step_ids()) {
    auto found = key_position.find(id);
    if (found == key_position.end()) {
      return BadResponse(
          kField, item,
          absl::StrCat("has no step \"", typed::ShownText(id), "\""));
    }
    if (seen[found->second]) {
      return BadResponse(
          kField, item,
          absl::StrCat("got step \"", typed::ShownText(id), "\" twice"));
    }
    seen[found->second] = true;
    positions.push_back(found->second);
  }

  const int total = steps.size();
  const bool exact = static_cast<int>(positions.size()) == total &&
                     std::is_sorted(positions.begin(), positions.end());
  const double points = ItemPoints(item);
  double score = exact ? points : 0;
  // One step alone is in no order, so a run must hold two steps to count.
  const int run = LongestIncreasing(positions);
  if (!exact &&
      item.ordering().scoring() == quiz::v1::ORDERING_LONGEST_SUBSEQUENCE &&
      run >= 2) {
    score = points * run / total;
  }
  quiz::v1::Outcome outcome = MakeOutcome(score, points);
  if (!exact) {
    outcome.add_feedback(
        absl::StrCat(run, " of ", total, run == 1 ? " step is" : " steps are",
                     " in the right order relative to each other."));
    if (static_cast<int>(positions.size()) < total) {
      outcome.add_feedback(
          absl::StrCat(Plural(total - static_cast<int>(positions.size()),
                              "step was", "steps were"),
                       " left out."));
    }
  }
  return outcome;
}

}  // namespace grading
