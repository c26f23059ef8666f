#include "client/input.h"

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
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
  return absl::InvalidArgumentError(absl::StrCat(
      "\"", Printable(std::string(1, letter)), "\" is not a choice here (A-",
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
      return absl::InvalidArgumentError(
          absl::StrCat("\"", Printable(std::string(1, c)),
                       "\" is not a letter; ? shows the commands"));
    }
    int index = letter - 'a';
    if (index >= count || index >= kMaxLetters)
      return OutOfRange(letter, count);
    if (!seen.insert(index).second) {
      return absl::InvalidArgumentError(absl::StrCat(
          "\"", Printable(std::string(1, letter)), "\" is given twice"));
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
  if (indexes->size() < static_cast<size_t>(steps.size())) {
    std::vector<std::string> missing;
    for (int i = 0; i < steps.size(); ++i) {
      if (std::find(indexes->begin(), indexes->end(), i) == indexes->end()) {
        missing.push_back(OptionLetter(i));
      }
    }
    return absl::InvalidArgumentError(
        absl::StrCat("put all ", steps.size(), " steps in order; missing ",
                     absl::StrJoin(missing, ", ")));
  }
  Response response;
  for (int index : *indexes) {
    response.mutable_ordering()->add_step_ids(steps[index].id());
  }
  return response;
}

// "1b 2a" or "1b,2a": prompt number then answer letter, optionally joined by
// "=", "-" or ":" ("1=b").
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
    size_t letter_at = digits;
    if (letter_at < pair.size() && absl::StrContains("=-:", pair[letter_at])) {
      ++letter_at;
    }
    int prompt = 0;
    if (digits == 0 || letter_at + 1 != pair.size() ||
        !absl::SimpleAtoi(pair.substr(0, digits), &prompt)) {
      return absl::InvalidArgumentError(
          absl::StrCat("\"", Elide(pair),
                       "\": pair a prompt number with a letter, e.g. 1b"));
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
          "a case is answered one part at a time, not as a whole");
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
    case Item::kCaseItem:
      return item.case_item().items_size() > 0 &&
             LetterIsAnswer(letter, item.case_item().items(0));
    default:
      return false;
  }
}

// Whether `words` is a question command (n, g N, f, l, s) that means nothing
// inside a case, where `part` is the part being answered.
bool IsQuestionCommand(const std::vector<std::string>& words,
                       const Item& part) {
  static const auto* const kWords = new std::set<std::string>{
      "n", "next", "f", "flag", "l", "list", "s", "submit", "finish"};
  int ignored = 0;
  if (words.size() == 2 && (words[0] == "g" || words[0] == "go") &&
      absl::SimpleAtoi(words[1], &ignored)) {
    return true;
  }
  if (words.size() != 1 || kWords->count(words[0]) == 0) return false;
  return !(words[0].size() == 1 && LetterIsAnswer(words[0][0], part));
}

bool HasPartAnswer(const Response& current, const std::string& part_id) {
  for (const auto& part : current.case_answer().parts()) {
    if (part.item_id() == part_id &&
        part.response().answer_case() != Response::ANSWER_NOT_SET) {
      return true;
    }
  }
  return false;
}

// Part 1 of a case item as typed at the question prompt.
absl::StatusOr<Input> ParseFirstPart(absl::string_view text, const Item& item,
                                     const Response& current) {
  if (item.case_item().items_size() == 0) {
    return absl::InvalidArgumentError("this case has no parts; move on with n");
  }
  const Item& part = item.case_item().items(0);
  absl::StatusOr<PartInput> part_input =
      ParsePartInput(text, part, HasPartAnswer(current, part.id()));
  if (!part_input.ok()) return part_input.status();
  Input input;
  input.kind = Input::Kind::kCasePart;
  input.part = *std::move(part_input);
  return input;
}

}  // namespace

absl::StatusOr<PartInput> ParsePartInput(absl::string_view line,
                                         const Item& part, bool has_answer) {
  absl::string_view text = absl::StripAsciiWhitespace(line);
  PartInput input;
  if (text.empty()) {
    if (!has_answer) {
      return absl::InvalidArgumentError(
          "type an answer for this part, or skip to leave it blank");
    }
    input.kind = PartInput::Kind::kKeep;
    return input;
  }
  if (text.front() != '=') {
    std::vector<std::string> words = absl::StrSplit(
        absl::AsciiStrToLower(text), ' ', absl::SkipWhitespace());
    static const auto* const kCommands =
        new std::vector<std::pair<std::vector<std::string>, PartInput::Kind>>{
            {{"skip"}, PartInput::Kind::kSkip},
            {{"back", "p", "prev", "previous"}, PartInput::Kind::kBack},
            {{"cancel"}, PartInput::Kind::kCancel},
            {{"q", "quit"}, PartInput::Kind::kQuit},
            {{"?", "h", "help"}, PartInput::Kind::kHelp},
        };
    const std::string& word = words[0];
    for (const auto& [names, kind] : *kCommands) {
      if (words.size() != 1 ||
          std::find(names.begin(), names.end(), word) == names.end()) {
        continue;
      }
      if (word.size() == 1 && LetterIsAnswer(word[0], part)) break;
      input.kind = kind;
      return input;
    }
    if (IsQuestionCommand(words, part)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "\"", Elide(text),
          "\" is a question command; inside a case, answer this part, or "
          "type skip, back, cancel or q (? for help)"));
    }
  } else {
    text.remove_prefix(1);
  }
  absl::StatusOr<Response> response = ParseAnswer(text, part);
  if (!response.ok()) return response.status();
  input.kind = PartInput::Kind::kAnswer;
  input.response = *std::move(response);
  return input;
}

absl::StatusOr<Input> ParseInput(absl::string_view line, const Item& item,
                                 const Response& current) {
  absl::string_view text = absl::StripAsciiWhitespace(line);
  Input input;
  const bool is_case = item.has_case_item();
  if (text.empty()) {
    if (is_case && item.case_item().items_size() > 0 &&
        HasPartAnswer(current, item.case_item().items(0).id())) {
      return ParseFirstPart(text, item, current);
    }
    return absl::InvalidArgumentError(
        is_case ? "type an answer for part 1, skip, or a command (? for help)"
                : "type an answer or a command (? for help)");
  }
  if (is_case && text.front() == '=') {
    return ParseFirstPart(text, item, current);
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
  if (is_case) return ParseFirstPart(text, item, current);
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
  cab          ordering: every step letter, first to last
  1b 2a        matching: prompt number and answer letter
  4            likert: position on the scale
  64.50        numeric: a number, optionally with $ or the unit shown
  E11.9, I10   codes: comma-separated, modifiers after "-" (99213-25)
  text         short text items take the line as typed;
               start with = to answer text that looks like a command (=n)
Case (a scenario with several parts): answer part 1 at this prompt, then one
line per part; "skip" leaves a part blank, "back" returns to the previous
part, "cancel" discards the parts typed. All parts are sent together.
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

std::string PartInputHelp() {
  return R"(Answer this part of the case in its own terms (letters, t/f, a number,
codes, text), or:
  Enter        keep the answer shown for this part
  skip         leave this part blank
  back         return to the previous part
  cancel       discard the parts typed so far; nothing is sent
  q            quit; the attempt stays open (the parts typed are not sent)
  =TEXT        answer TEXT even if it looks like a command
The parts are sent together after the last one.
)";
}

}  // namespace client
