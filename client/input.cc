#include "client/input.h"

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "client/format.h"
#include "client/responses.h"

namespace client {
namespace {

using quiz::v1::Item;
using quiz::v1::Response;

// Letters are 'a'.. for indexes 0..25; beyond 26 options, letters are not
// typeable one per character and the item is answered with "=ID" in a file.
constexpr int kMaxLetters = 26;

absl::Status OutOfRange(char letter, int count) {
  return absl::InvalidArgumentError(absl::StrCat("\"", std::string(1, letter),
                                                 "\" is not a choice here (A-",
                                                 OptionLetter(count - 1), ")"));
}

// Parses "a,c", "a c" or "ac" into distinct 0-based indexes below `count`.
absl::StatusOr<std::vector<int>> ParseLetters(absl::string_view text,
                                              int count) {
  std::vector<int> indexes;
  std::set<int> seen;
  for (char c : text) {
    if (c == ',' || c == ' ') continue;
    char letter = absl::ascii_tolower(static_cast<unsigned char>(c));
    if (letter < 'a' || letter > 'z') {
      return absl::InvalidArgumentError(absl::StrCat(
          "\"", std::string(1, c), "\" is not a letter; ? shows the commands"));
    }
    int index = letter - 'a';
    if (index >= count || index >= kMaxLetters)
      return OutOfRange(letter, count);
    if (!seen.insert(index).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("\"", std::string(1, letter), "\" is given twice"));
    }
    indexes.push_back(index);
  }
  if (indexes.empty()) return absl::InvalidArgumentError("no letter given");
  return indexes;
}

absl::StatusOr<Response> ParseChoice(absl::string_view text, const Item& item) {
  const auto& options = *ChoiceOptions(item);
  absl::StatusOr<std::vector<int>> indexes = ParseLetters(text, options.size());
  if (!indexes.ok()) return indexes.status();
  if (item.has_single_choice() && indexes->size() != 1) {
    return absl::InvalidArgumentError("choose exactly one letter");
  }
  Response response;
  for (int index : *indexes) {
    response.mutable_choice()->add_option_ids(options[index].id());
  }
  return response;
}

absl::StatusOr<Response> ParseOrdering(absl::string_view text,
                                       const Item& item) {
  const auto& steps = item.ordering().steps();
  absl::StatusOr<std::vector<int>> indexes = ParseLetters(text, steps.size());
  if (!indexes.ok()) return indexes.status();
  Response response;
  for (int index : *indexes) {
    response.mutable_ordering()->add_step_ids(steps[index].id());
  }
  return response;
}

// "1b 2a" or "1b,2a": prompt number then answer letter.
absl::StatusOr<Response> ParseMatching(absl::string_view text,
                                       const Item& item) {
  const auto& prompts = item.matching().prompts();
  const auto& answers = item.matching().answers();
  Response response;
  std::set<int> seen;
  for (absl::string_view pair :
       absl::StrSplit(text, absl::ByAnyChar(", "), absl::SkipEmpty())) {
    size_t digits = 0;
    while (digits < pair.size() && absl::ascii_isdigit(pair[digits])) {
      ++digits;
    }
    int prompt = 0;
    if (digits == 0 || digits + 1 != pair.size() ||
        !absl::SimpleAtoi(pair.substr(0, digits), &prompt)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "\"", pair, "\": pair a prompt number with a letter, e.g. 1b"));
    }
    if (prompt < 1 || prompt > prompts.size()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "there is no prompt ", prompt, " (1-", prompts.size(), ")"));
    }
    if (!seen.insert(prompt).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("prompt ", prompt, " is paired twice"));
    }
    char letter = absl::ascii_tolower(static_cast<unsigned char>(pair.back()));
    int index = letter - 'a';
    if (letter < 'a' || letter > 'z' || index >= answers.size()) {
      return OutOfRange(letter, answers.size());
    }
    quiz::v1::MatchPair* out = response.mutable_matching()->add_pairs();
    out->set_prompt_id(prompts[prompt - 1].id());
    out->set_answer_id(answers[index].id());
  }
  if (seen.empty()) return absl::InvalidArgumentError("no pair given");
  return response;
}

// Parses `text` as an answer in the item's own terms (letters, numbers, text).
absl::StatusOr<Response> ParseAnswer(absl::string_view text, const Item& item) {
  switch (item.type_case()) {
    case Item::kSingleChoice:
    case Item::kMultipleChoice:
      return ParseChoice(text, item);
    case Item::kOrdering:
      return ParseOrdering(text, item);
    case Item::kMatching:
      return ParseMatching(text, item);
    case Item::kCaseItem:
      return absl::InvalidArgumentError(
          "case items cannot be answered at the prompt yet; use --answers "
          "with one line per sub-item id");
    case Item::TYPE_NOT_SET:
      return absl::InvalidArgumentError(
          "this item has no type this client "
          "knows; skip it with n");
    default:
      // True/false, likert and the free-text types read like the file syntax.
      return ResponseFromIds(item, text);
  }
}

// Whether a one-letter command word would also be a valid answer here.
bool LetterIsAnswer(char letter, const Item& item) {
  if (letter < 'a' || letter > 'z') return false;
  int index = letter - 'a';
  switch (item.type_case()) {
    case Item::kTrueFalse:
      return letter == 't' || letter == 'f';
    case Item::kSingleChoice:
    case Item::kMultipleChoice:
      return index < ChoiceOptions(item)->size();
    case Item::kOrdering:
      return index < item.ordering().steps_size();
    default:
      return false;
  }
}

}  // namespace

absl::StatusOr<Input> ParseInput(absl::string_view line, const Item& item) {
  absl::string_view text = absl::StripAsciiWhitespace(line);
  Input input;
  if (text.empty()) {
    return absl::InvalidArgumentError(
        "type an answer or a command (? for help)");
  }
  if (text.front() == '=') {
    absl::StatusOr<Response> response = ParseAnswer(text.substr(1), item);
    if (!response.ok()) return response.status();
    input.kind = Input::Kind::kAnswer;
    input.response = *std::move(response);
    return input;
  }

  std::vector<std::string> words =
      absl::StrSplit(absl::AsciiStrToLower(text), ' ', absl::SkipWhitespace());
  const std::string& word = words[0];
  if (words.size() == 2 && (word == "g" || word == "go" || word == "goto")) {
    if (!absl::SimpleAtoi(words[1], &input.position)) {
      return absl::InvalidArgumentError("g takes a question number, e.g. g 3");
    }
    input.kind = Input::Kind::kGoTo;
    return input;
  }
  if (words.size() == 1) {
    static const auto* const kCommands =
        new std::vector<std::pair<std::vector<std::string>, Input::Kind>>{
            {{"n", "next"}, Input::Kind::kNext},
            {{"p", "prev", "previous"}, Input::Kind::kPrevious},
            {{"f", "flag"}, Input::Kind::kFlag},
            {{"l", "list"}, Input::Kind::kList},
            {{"s", "submit", "finish"}, Input::Kind::kSubmit},
            {{"q", "quit"}, Input::Kind::kQuit},
            {{"?", "h", "help"}, Input::Kind::kHelp},
        };
    for (const auto& [names, kind] : *kCommands) {
      if (std::find(names.begin(), names.end(), word) == names.end()) continue;
      if (word.size() == 1 && LetterIsAnswer(word[0], item)) break;
      input.kind = kind;
      return input;
    }
  }
  absl::StatusOr<Response> response = ParseAnswer(text, item);
  if (!response.ok()) return response.status();
  input.kind = Input::Kind::kAnswer;
  input.response = *std::move(response);
  return input;
}

std::string InputHelp() {
  return R"(Answer:
  b            choose option B
  a,c  or  ac  choose several options (select all that apply)
  t / f        true or false
  cab          ordering: step letters, first to last
  1b 2a        matching: prompt number and answer letter
  4            likert: position on the scale
  text         numeric, short text and code items take the line as typed;
               start with = to answer text that looks like a command (=n)
Commands:
  n / p        next / previous question
  g N          go to question N
  f            flag or unflag this question (type "flag" where F is an answer)
  l            list all questions with answered and flagged marks
  s            submit and finish the attempt
  q            quit; the attempt stays open to resume later
  ?            this help
)";
}

}  // namespace client
