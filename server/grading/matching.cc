// Matching: credit per correct pair.
#include <map>
#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "question_bank/typed/shown_text.h"
#include "server/grading/graders.h"
#include "server/grading/outcome.h"

namespace grading {

absl::StatusOr<quiz::v1::Outcome> GradeMatching(
    const quiz::v1::Item& item, const quiz::v1::MatchingAnswer& answer) {
  constexpr char kField[] = "response.matching.pairs";
  const quiz::v1::Matching& matching = item.matching();
  std::map<std::string, const quiz::v1::MatchPrompt*> prompts;
  for (const auto& prompt : matching.prompts()) prompts[prompt.id()] = &prompt;
  std::map<std::string, const quiz::v1::MatchAnswer*> answers;
  for (const auto& choice : matching.answers()) answers[choice.id()] = &choice;

  int right = 0;
  std::set<std::string> paired;
  std::vector<std::string> wrong_pairs;
  for (const quiz::v1::MatchPair& pair : answer.pairs()) {
    auto prompt = prompts.find(pair.prompt_id());
    if (prompt == prompts.end()) {
      return BadResponse(
          kField, item,
          absl::StrCat("has no prompt \"", typed::ShownText(pair.prompt_id()),
                       "\""));
    }
    auto chosen = answers.find(pair.answer_id());
    if (chosen == answers.end()) {
      return BadResponse(
          kField, item,
          absl::StrCat("has no answer \"", typed::ShownText(pair.answer_id()),
                       "\""));
    }
    if (!paired.insert(pair.prompt_id()).second) {
      return BadResponse(
          kField, item,
          absl::StrCat("got prompt \"", typed::ShownText(pair.prompt_id()),
                       "\" paired twice"));
    }
    if (prompt->second->answer_id() == pair.answer_id()) {
      ++right;
    } else {
      wrong_pairs.push_back(absl::StrCat("\"", prompt->second->text(),
                                         "\" does not go with \"",
                                         chosen->second->text(), "\"."));
    }
  }
  const int total = matching.prompts_size();
  const double points = ItemPoints(item);
  quiz::v1::Outcome outcome =
      MakeOutcome(total > 0 ? points * right / total : 0, points);
  if (right < total) {
    outcome.add_feedback(absl::StrCat(right, " of ", total,
                                      total == 1 ? " pair is" : " pairs are",
                                      " right."));
  }
  for (std::string& line : wrong_pairs) outcome.add_feedback(std::move(line));
  if (static_cast<int>(paired.size()) < total) {
    outcome.add_feedback(
        absl::StrCat(Plural(total - static_cast<int>(paired.size()),
                            "prompt was", "prompts were"),
                     " left unpaired."));
  }
  return outcome;
}

}  // namespace grading
