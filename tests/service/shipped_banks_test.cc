// The shipped banks grade their own keys as correct: for every item (and case
// part) the response built from its key must come back CORRECT from the real
// grader. Catches keys the grader cannot read (a malformed expected code, a
// numeric key with a unit typo) and items whose key contradicts itself.
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "gtest/gtest.h"
#include "question_bank/src/bank_file.h"
#include "server/grading/grade.h"

namespace quizd_test {
namespace {

using quiz::v1::Item;
using quiz::v1::Response;

// The response a student who knows the key would give.
Response KeyResponse(const Item& item) {
  Response response;
  switch (item.type_case()) {
    case Item::kSingleChoice:
    case Item::kMultipleChoice: {
      const auto& options = item.has_single_choice()
                                ? item.single_choice().options()
                                : item.multiple_choice().options();
      for (const auto& option : options) {
        if (option.correct()) {
          response.mutable_choice()->add_option_ids(option.id());
        }
      }
      break;
    }
    case Item::kTrueFalse:
      response.set_true_false(item.true_false().answer());
      break;
    case Item::kOrdering:
      for (const auto& step : item.ordering().steps()) {
        response.mutable_ordering()->add_step_ids(step.id());
      }
      break;
    case Item::kMatching:
      for (const auto& prompt : item.matching().prompts()) {
        auto* pair = response.mutable_matching()->add_pairs();
        pair->set_prompt_id(prompt.id());
        pair->set_answer_id(prompt.answer_id());
      }
      break;
    case Item::kNumeric:
      response.set_numeric(
          absl::StrCat(item.numeric().answer(), " ", item.numeric().unit()));
      break;
    case Item::kShortText:
      response.set_text(
          absl::StrReplaceAll(item.short_text().accepted(0), {{"*", ""}}));
      break;
    case Item::kCodeEntry: {
      std::vector<std::string> codes;
      for (const auto& expected : item.code_entry().expected()) {
        std::string code = expected.code();
        for (const std::string& modifier : expected.modifiers()) {
          absl::StrAppend(&code, "-", modifier);
        }
        if (expected.units() > 0)
          absl::StrAppend(&code, " x", expected.units());
        codes.push_back(code);
      }
      response.set_codes(absl::StrJoin(codes, ", "));
      break;
    }
    case Item::kCaseItem:
      for (const Item& part : item.case_item().items()) {
        auto* out = response.mutable_case_answer()->add_parts();
        out->set_item_id(part.id());
        *out->mutable_response() = KeyResponse(part);
      }
      break;
    case Item::kLikert:
      response.set_likert(1);
      break;
    default:
      break;
  }
  return response;
}

TEST(ShippedBanks, EveryKeyGradesCorrect) {
  int checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(
           QUIZD_SOURCE_DIR "/question_bank/banks")) {
    if (entry.path().extension() != ".yaml") continue;
    question_bank::ParsedBank parsed =
        question_bank::ParseBankFile(entry.path().string());
    ASSERT_TRUE(parsed.ok()) << entry.path();
    for (const Item& item : parsed.bank.items()) {
      absl::StatusOr<quiz::v1::Outcome> outcome =
          grading::Grade(item, KeyResponse(item));
      ASSERT_TRUE(outcome.ok()) << item.id() << ": " << outcome.status();
      const auto want =
          item.has_likert() ? quiz::v1::NOT_SCORED : quiz::v1::CORRECT;
      EXPECT_EQ(quiz::v1::Correctness_Name(outcome->correctness()),
                quiz::v1::Correctness_Name(want))
          << parsed.bank.id() << "/" << item.id() << ": "
          << outcome->DebugString();
      ++checked;
    }
  }
  EXPECT_GT(checked, 100);
}

}  // namespace
}  // namespace quizd_test
