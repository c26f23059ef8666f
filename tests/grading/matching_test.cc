#include "gtest/gtest.h"
#include "tests/grading/grade_table_util.h"

namespace grading {
namespace {

// Three group codes and four meanings, one of them a distractor.
const char kGroupCodes[] = R"pb(
  id: "gc"
  topic: "t"
  points: 3
  matching {
    prompts { id: "co" text: "CO" answer_id: "contract" }
    prompts { id: "pr" text: "PR" answer_id: "patient" }
    prompts { id: "oa" text: "OA" answer_id: "other" }
    answers { id: "contract" text: "Contractual obligation" }
    answers { id: "patient" text: "Patient responsibility" }
    answers { id: "other" text: "Other adjustment" }
    answers { id: "medicaid" text: "Medicaid only" }
  })pb";

std::string Pairs(const std::string& pairs) {
  return "matching { " + pairs + " }";
}
std::string Pair(const std::string& prompt, const std::string& answer) {
  return "pairs { prompt_id: '" + prompt + "' answer_id: '" + answer + "' } ";
}

INSTANTIATE_TEST_SUITE_P(
    Matching, GradeTable,
    ::testing::Values(
        Case{"all_right", kGroupCodes,
             Pairs(Pair("co", "contract") + Pair("pr", "patient") +
                   Pair("oa", "other")),
             false, 3, quiz::v1::CORRECT},
        Case{"two_of_three", kGroupCodes,
             Pairs(Pair("co", "contract") + Pair("pr", "patient") +
                   Pair("oa", "medicaid")),
             false, 2, quiz::v1::PARTIALLY_CORRECT,
             "\"OA\" does not go with \"Medicaid only\"."},
        Case{"one_left_unpaired", kGroupCodes,
             Pairs(Pair("co", "contract") + Pair("pr", "patient")), false, 2,
             quiz::v1::PARTIALLY_CORRECT, "1 prompt was left unpaired."},
        Case{"same_answer_everywhere", kGroupCodes,
             Pairs(Pair("co", "patient") + Pair("pr", "patient") +
                   Pair("oa", "patient")),
             false, 1, quiz::v1::PARTIALLY_CORRECT, "1 of 3 pairs are right."},
        Case{"all_wrong", kGroupCodes,
             Pairs(Pair("co", "patient") + Pair("pr", "contract")), false, 0,
             quiz::v1::INCORRECT},
        Case{"empty", kGroupCodes, "matching {}", false, 0,
             quiz::v1::UNANSWERED}),
    CaseName());

INSTANTIATE_TEST_SUITE_P(
    Matching, RejectTable,
    ::testing::Values(
        Refusal{"unknown_prompt", kGroupCodes, Pairs(Pair("pi", "other")),
                "response.matching.pairs: item gc has no prompt \"pi\""},
        Refusal{"unknown_answer", kGroupCodes, Pairs(Pair("co", "payer")),
                "has no answer \"payer\""},
        Refusal{"prompt_twice", kGroupCodes,
                Pairs(Pair("co", "contract") + Pair("co", "patient")),
                "got prompt \"co\" paired twice"}),
    CaseName());

}  // namespace
}  // namespace grading
