#include "client/responses.h"

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "client/format.h"
#include "question_bank/typed/amount.h"
#include "question_bank/typed/code_list.h"

namespace client {
namespace {

using quiz::v1::Item;
using quiz::v1::Response;

// Checks that every id is one of `known` and none repeats.
template <typename Container, typename IdOf>
absl::Status CheckIds(const std::vector<std::string>& ids,
                      const Container& known, IdOf id_of,
                      absl::string_view what) {
  std::vector<std::string> known_ids;
  for (const auto& element : known) known_ids.push_back(id_of(element));
  std::set<std::string> seen;
  for (const std::string& id : ids) {
    if (std::find(known_ids.begin(), known_ids.end(), id) == known_ids.end()) {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown ", what, " id \"", Elide(id), "\" (", what,
                       "s: ", absl::StrJoin(known_ids, ", "), ")"));
    }
    if (!seen.insert(id).second) {
      return absl::InvalidArgumentError(
          absl::StrCat(what, " \"", Elide(id), "\" given twice"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<Response> ChoiceFromIds(const Item& item,
                                       absl::string_view text) {
  std::vector<std::string> ids = SplitList(text);
  if (item.has_single_choice() && ids.size() != 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        "single-choice item takes exactly one option id, got ", ids.size()));
  }
  absl::Status known = CheckIds(
      ids, *ChoiceOptions(item),
      [](const quiz::v1::Option& option) { return option.id(); }, "option");
  if (!known.ok()) return known;
  Response response;
  for (std::string& id : ids) {
    response.mutable_choice()->add_option_ids(std::move(id));
  }
  return response;
}

absl::StatusOr<Response> OrderingFromIds(const Item& item,
                                         absl::string_view text) {
  std::vector<std::string> ids = SplitList(text);
  absl::Status known = CheckIds(
      ids, item.ordering().steps(),
      [](const quiz::v1::OrderingStep& step) { return step.id(); }, "step");
  if (!known.ok()) return known;
  std::vector<std::string> missing;
  for (const auto& step : item.ordering().steps()) {
    if (std::find(ids.begin(), ids.end(), step.id()) == ids.end()) {
      missing.push_back(step.id());
    }
  }
  if (!missing.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("ordering item takes all ", item.ordering().steps_size(),
                     " step ids; missing ", absl::StrJoin(missing, ", ")));
  }
  Response response;
  for (std::string& id : ids) {
    response.mutable_ordering()->add_step_ids(std::move(id));
  }
  return response;
}

absl::StatusOr<Response> MatchingFromIds(const Item& item,
                                         absl::string_view text) {
  std::vector<std::string> prompts;
  std::vector<std::string> answers;
  for (const std::string& pair : SplitList(text)) {
    std::vector<std::string> sides = absl::StrSplit(pair, '=');
    if (sides.size() != 2) {
      return absl::InvalidArgumentError(
          absl::StrCat("matching answers are PROMPT_ID=ANSWER_ID pairs, got \"",
                       Elide(pair), "\""));
    }
    prompts.push_back(std::string(absl::StripAsciiWhitespace(sides[0])));
    answers.push_back(std::string(absl::StripAsciiWhitespace(sides[1])));
  }
  absl::Status known = CheckIds(
      prompts, item.matching().prompts(),
      [](const quiz::v1::MatchPrompt& prompt) { return prompt.id(); },
      "prompt");
  if (!known.ok()) return known;
  Response response;
  for (size_t i = 0; i < prompts.size(); ++i) {
    // Answers may be reused across prompts, so only their ids are checked.
    absl::Status answer_known = CheckIds(
        {answers[i]}, item.matching().answers(),
        [](const quiz::v1::MatchAnswer& answer) { return answer.id(); },
        "answer");
    if (!answer_known.ok()) return answer_known;
    quiz::v1::MatchPair* out = response.mutable_matching()->add_pairs();
    out->set_prompt_id(prompts[i]);
    out->set_answer_id(answers[i]);
  }
  return response;
}

}  // namespace

const google::protobuf::RepeatedPtrField<quiz::v1::Option>* ChoiceOptions(
    const Item& item) {
  if (item.has_single_choice()) return &item.single_choice().options();
  if (item.has_multiple_choice()) return &item.multiple_choice().options();
  return nullptr;
}

int LikertScaleSize(const Item& item) {
  int size = item.likert().scale_size();
  return size == 0 ? 5 : size;
}

std::string LikertLabel(const Item& item, int position) {
  static const char* const kDefaultScale[] = {
      "Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"};
  if (position < 1 || position > LikertScaleSize(item)) return "";
  if (item.likert().scale_size() == 0) return kDefaultScale[position - 1];
  return item.likert().scale(position - 1);
}

std::string CodeEntryExample(quiz::v1::CodeSystem system) {
  switch (system) {
    case quiz::v1::CODE_SYSTEM_ICD10CM:
      return "E11.9, I10";
    case quiz::v1::CODE_SYSTEM_CPT:
      return "99213-25, 36415";
    case quiz::v1::CODE_SYSTEM_HCPCS:
      return "J1745-JZ x35, A4253";
    default:
      return "E11.9, I10 or 99213-25";
  }
}

// The same reading the server grades with, so nothing it would refuse is sent.
absl::Status CheckNumeric(const Item& item, absl::string_view text) {
  const std::string& unit = item.numeric().unit();
  absl::StatusOr<double> amount = typed::ParseAmount(text, unit);
  if (amount.ok()) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat(Printable(amount.status().message()), " (e.g. 64.00",
                   unit.empty() ? "" : absl::StrCat(" or 64.00 ", unit), ")"));
}

absl::Status CheckCodes(const Item& item, absl::string_view text) {
  const quiz::v1::CodeSystem system = item.code_entry().system();
  std::vector<typed::EnteredCode> entered = typed::ParseCodeList(system, text);
  if (entered.empty()) return absl::InvalidArgumentError("no code given");
  if (system == quiz::v1::CODE_SYSTEM_UNSPECIFIED) return absl::OkStatus();
  for (const typed::EnteredCode& code : entered) {
    if (code.well_formed) continue;
    std::string why = system == quiz::v1::CODE_SYSTEM_ICD10CM &&
                              (!code.modifiers.empty() || code.units > 0)
                          ? " (ICD-10-CM codes take no modifiers or units)"
                          : "";
    return absl::InvalidArgumentError(
        absl::StrCat("\"", Elide(code.typed), "\" is not a valid ",
                     typed::CodeSystemTitle(system), " code", why,
                     "; enter codes like ", CodeEntryExample(system)));
  }
  return absl::OkStatus();
}

std::vector<std::string> SplitList(absl::string_view text) {
  std::vector<std::string> pieces;
  for (absl::string_view piece : absl::StrSplit(text, ',')) {
    piece = absl::StripAsciiWhitespace(piece);
    if (!piece.empty()) pieces.emplace_back(piece);
  }
  return pieces;
}

absl::StatusOr<Response> ResponseFromIds(const Item& item,
                                         absl::string_view text) {
  text = absl::StripAsciiWhitespace(text);
  if (text.empty()) return absl::InvalidArgumentError("empty answer");
  if (text.size() > kMaxTypedAnswerBytes) {
    return absl::InvalidArgumentError(absl::StrCat(
        "an answer takes at most ", kMaxTypedAnswerBytes,
        " characters; this one has ", text.size(), " (shorten it)"));
  }
  Response response;
  switch (item.type_case()) {
    case Item::kSingleChoice:
    case Item::kMultipleChoice:
      return ChoiceFromIds(item, text);
    case Item::kTrueFalse: {
      std::string word = absl::AsciiStrToLower(text);
      if (word == "true" || word == "t") {
        response.set_true_false(true);
      } else if (word == "false" || word == "f") {
        response.set_true_false(false);
      } else {
        return absl::InvalidArgumentError(
            absl::StrCat("true/false item takes \"true\" or \"false\", got \"",
                         Elide(text), "\""));
      }
      return response;
    }
    case Item::kOrdering:
      return OrderingFromIds(item, text);
    case Item::kMatching:
      return MatchingFromIds(item, text);
    case Item::kLikert: {
      int position = 0;
      int size = LikertScaleSize(item);
      if (!absl::SimpleAtoi(text, &position) || position < 1 ||
          position > size) {
        return absl::InvalidArgumentError(
            absl::StrCat("likert item takes a number from 1 to ", size,
                         ", got \"", Elide(text), "\""));
      }
      response.set_likert(position);
      return response;
    }
    case Item::kNumeric:
      if (absl::Status valid = CheckNumeric(item, text); !valid.ok()) {
        return valid;
      }
      response.set_numeric(std::string(text));
      return response;
    case Item::kShortText:
      response.set_text(std::string(text));
      return response;
    case Item::kCodeEntry:
      if (absl::Status valid = CheckCodes(item, text); !valid.ok()) {
        return valid;
      }
      response.set_codes(std::string(text));
      return response;
    case Item::kCaseItem:
      return absl::InvalidArgumentError(
          "a case item is answered one sub-item at a time: use the sub-item "
          "ids");
    case Item::TYPE_NOT_SET:
      break;
  }
  return absl::InvalidArgumentError("item has no type this client knows");
}

}  // namespace client
