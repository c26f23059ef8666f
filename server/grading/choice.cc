// Single choice, multiple choice and true/false.
#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "question_bank/typed/shown_text.h"
#include "server/grading/graders.h"
#include "server/grading/outcome.h"

namespace grading {
namespace {

using quiz::v1::ChoiceAnswer;
using quiz::v1::Item;
using quiz::v1::Option;
using quiz::v1::Outcome;

constexpr char kField[] = "response.choice.option_ids";

// The chosen options, in the item's order, each once. INVALID_ARGUMENT for an
// id the item does not have.
absl::StatusOr<std::vector<const Option*>> ChosenOptions(
    const Item& item, const google::protobuf::RepeatedPtrField<Option>& options,
    const ChoiceAnswer& answer) {
  std::set<std::string> ids(answer.option_ids().begin(),
                            answer.option_ids().end());
  std::vector<const Option*> chosen;
  for (const Option& option : options) {
    if (ids.erase(option.id()) > 0) chosen.push_back(&option);
  }
  if (!ids.empty()) {
    return BadResponse(
        kField, item,
        absl::StrCat("has no option \"", typed::ShownText(*ids.begin()), "\""));
  }
  return chosen;
}

void AddOptionFeedback(const std::vector<const Option*>& chosen,
                       Outcome& outcome) {
  for (const Option* option : chosen) {
    if (!option->feedback().empty()) outcome.add_feedback(option->feedback());
  }
}

}  // namespace

absl::StatusOr<Outcome> GradeSingleChoice(const Item& item,
                                          const ChoiceAnswer& answer,
                                          const GradeOptions& grade_options) {
  const auto& options = item.single_choice().options();
  absl::StatusOr<std::vector<const Option*>> chosen =
      ChosenOptions(item, options, answer);
  if (!chosen.ok()) return chosen.status();
  if (chosen->size() > 1) {
    return BadResponse(kField, item,
                       absl::StrCat("takes one option, got ", chosen->size()));
  }
  const double points = ItemPoints(item);
  const bool right = chosen->front()->correct();
  double score = right ? points : 0;
  if (!right && grade_options.negative_marking && options.size() > 1) {
    score = -points / static_cast<double>(options.size() - 1);
  }
  Outcome outcome = MakeOutcome(score, points);
  AddOptionFeedback(*chosen, outcome);
  return outcome;
}

absl::StatusOr<Outcome> GradeMultipleChoice(const Item& item,
                                            const ChoiceAnswer& answer) {
  const auto& multiple = item.multiple_choice();
  absl::StatusOr<std::vector<const Option*>> chosen =
      ChosenOptions(item, multiple.options(), answer);
  if (!chosen.ok()) return chosen.status();
  const int correct_total =
      std::count_if(multiple.options().begin(), multiple.options().end(),
                    [](const Option& o) { return o.correct(); });
  int right = 0;
  int wrong = 0;
  for (const Option* option : *chosen) (option->correct() ? right : wrong)++;

  const double points = ItemPoints(item);
  double score = 0;
  if (multiple.scoring() == quiz::v1::MULTI_SELECT_PARTIAL) {
    const double n = std::max(correct_total, 1);
    score = std::max(0.0, points * (right - wrong) / n);
  } else if (right == correct_total && wrong == 0) {
    score = points;
  }
  Outcome outcome = MakeOutcome(score, points);
  AddOptionFeedback(*chosen, outcome);
  if (outcome.correctness() != quiz::v1::CORRECT) {
    if (right < correct_total) {
      outcome.add_feedback(absl::StrCat("You chose ", right, " of the ",
                                        correct_total, " correct options."));
    }
    if (wrong > 0) {
      outcome.add_feedback(absl::StrCat(
          wrong, wrong == 1 ? " chosen option is" : " chosen options are",
          " not correct."));
    }
  }
  return outcome;
}

Outcome GradeTrueFalse(const Item& item, bool answer,
                       const GradeOptions& grade_options) {
  const auto& key = item.true_false();
  const double points = ItemPoints(item);
  const bool right = answer == key.answer();
  double score = right ? points : 0;
  if (!right && grade_options.negative_marking) score = -points;
  Outcome outcome = MakeOutcome(score, points);
  const std::string& feedback =
      answer ? key.feedback_true() : key.feedback_false();
  if (!feedback.empty()) outcome.add_feedback(feedback);
  return outcome;
}

}  // namespace grading
