#include "server/grading/grade.h"

#include <algorithm>
#include <set>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace grading {
namespace {

using quiz::v1::Correctness;
using quiz::v1::Item;
using quiz::v1::Option;
using quiz::v1::Outcome;
using quiz::v1::Response;

// A score within this of the maximum counts as full marks (floating point).
constexpr double kEpsilon = 1e-9;

Outcome MakeOutcome(double score, double max_score) {
  Outcome outcome;
  outcome.set_score(score);
  outcome.set_max_score(max_score);
  if (score >= max_score - kEpsilon) {
    outcome.set_correctness(quiz::v1::CORRECT);
  } else if (score > kEpsilon) {
    outcome.set_correctness(quiz::v1::PARTIALLY_CORRECT);
  } else {
    outcome.set_correctness(quiz::v1::INCORRECT);
  }
  return outcome;
}

// The chosen options, in the item's order, each once. INVALID_ARGUMENT for an
// id the item does not have.
absl::StatusOr<std::vector<const Option*>> ChosenOptions(
    const Item& item, const google::protobuf::RepeatedPtrField<Option>& options,
    const Response& response) {
  std::set<std::string> ids(response.choice().option_ids().begin(),
                            response.choice().option_ids().end());
  std::vector<const Option*> chosen;
  for (const Option& option : options) {
    if (ids.erase(option.id()) > 0) chosen.push_back(&option);
  }
  if (!ids.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("response.choice.option_ids: item ", item.id(),
                     " has no option \"", *ids.begin(), "\""));
  }
  return chosen;
}

void AddOptionFeedback(const std::vector<const Option*>& chosen,
                       Outcome& outcome) {
  for (const Option* option : chosen) {
    if (!option->feedback().empty()) {
      outcome.add_feedback(option->feedback());
    }
  }
}

absl::StatusOr<Outcome> GradeSingleChoice(const Item& item,
                                          const Response& response,
                                          const GradeOptions& grade_options) {
  const auto& options = item.single_choice().options();
  absl::StatusOr<std::vector<const Option*>> chosen =
      ChosenOptions(item, options, response);
  if (!chosen.ok()) return chosen.status();
  if (chosen->size() > 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("response.choice.option_ids: item ", item.id(),
                     " takes one option, got ", chosen->size()));
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
                                            const Response& response) {
  const auto& multiple = item.multiple_choice();
  absl::StatusOr<std::vector<const Option*>> chosen =
      ChosenOptions(item, multiple.options(), response);
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

Outcome GradeTrueFalse(const Item& item, const Response& response,
                       const GradeOptions& grade_options) {
  const auto& key = item.true_false();
  const double points = ItemPoints(item);
  const bool right = response.true_false() == key.answer();
  double score = right ? points : 0;
  if (!right && grade_options.negative_marking) score = -points;
  Outcome outcome = MakeOutcome(score, points);
  const std::string& feedback =
      response.true_false() ? key.feedback_true() : key.feedback_false();
  if (!feedback.empty()) outcome.add_feedback(feedback);
  return outcome;
}

std::string AnswerName(Response::AnswerCase answer) {
  const auto* field = Response::descriptor()->FindFieldByNumber(answer);
  return field == nullptr ? "nothing" : field->name();
}

absl::Status WrongAnswerKind(const Item& item, const Response& response,
                             const std::string& expected) {
  return absl::InvalidArgumentError(absl::StrCat(
      "response: item ", item.id(), " takes a ", expected, " answer, got a ",
      AnswerName(response.answer_case()), " answer"));
}

}  // namespace

double ItemPoints(const Item& item) {
  return item.points() > 0 ? item.points() : 1.0;
}

absl::StatusOr<Outcome> Grade(const Item& item, const Response& response,
                              const GradeOptions& options) {
  const bool empty =
      response.answer_case() == Response::ANSWER_NOT_SET ||
      (response.has_choice() && response.choice().option_ids().empty());
  if (empty) {
    Outcome outcome;
    outcome.set_max_score(ItemPoints(item));
    outcome.set_correctness(quiz::v1::UNANSWERED);
    return outcome;
  }
  switch (item.type_case()) {
    case Item::kSingleChoice:
      if (!response.has_choice())
        return WrongAnswerKind(item, response, "choice");
      return GradeSingleChoice(item, response, options);
    case Item::kMultipleChoice:
      if (!response.has_choice())
        return WrongAnswerKind(item, response, "choice");
      return GradeMultipleChoice(item, response);
    case Item::kTrueFalse:
      if (response.answer_case() != Response::kTrueFalse) {
        return WrongAnswerKind(item, response, "true_false");
      }
      return GradeTrueFalse(item, response, options);
    case Item::TYPE_NOT_SET:
      return absl::InvalidArgumentError(
          absl::StrCat("item ", item.id(), " has no type"));
    default:
      return absl::UnimplementedError(absl::StrCat(
          "item ", item.id(), ": grading of ",
          Item::descriptor()->FindFieldByNumber(item.type_case())->name(),
          " items is not available yet"));
  }
}

}  // namespace grading
