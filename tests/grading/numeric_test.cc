#include "gtest/gtest.h"
#include "tests/grading/grade_table_util.h"

namespace grading {
namespace {

// Patient owes $64 (CONTENT.md's worked example), to the cent.
const char kOwes[] = R"pb(
  id: "owes"
  topic: "t"
  points: 2
  numeric { answer: 64 tolerance: 0.005 unit: "USD" })pb";
// A rate within 1% relative.
const char kRate[] = R"pb(
  id: "rate"
  topic: "t"
  numeric { answer: 1234.5 tolerance: 0.01 tolerance_kind: TOLERANCE_RELATIVE })pb";
// No tolerance: exact.
const char kDays[] = R"pb(
  id: "days"
  topic: "t"
  numeric { answer: 120 })pb";

std::string NumericAnswer(const std::string& text) {
  return "numeric: '" + text + "'";
}

INSTANTIATE_TEST_SUITE_P(
    Numeric, GradeTable,
    ::testing::Values(Case{"plain", kOwes, NumericAnswer("64"), false, 2,
                           quiz::v1::CORRECT},
                      Case{"cents", kOwes, NumericAnswer("64.00"), false, 2,
                           quiz::v1::CORRECT},
                      Case{"dollar_sign", kOwes, NumericAnswer("$64"), false, 2,
                           quiz::v1::CORRECT},
                      Case{"unit_after", kOwes, NumericAnswer("64 usd"), false,
                           2, quiz::v1::CORRECT},
                      Case{"spaces", kOwes, NumericAnswer("  $ 64.00  "), false,
                           2, quiz::v1::CORRECT},
                      Case{"off_by_a_cent", kOwes, NumericAnswer("64.01"),
                           false, 0, quiz::v1::INCORRECT},
                      Case{"wrong", kOwes, NumericAnswer("56"), false, 0,
                           quiz::v1::INCORRECT},
                      Case{"negative", kOwes, NumericAnswer("-64"), false, 0,
                           quiz::v1::INCORRECT},
                      Case{"grouped", kRate, NumericAnswer("1,234.5"), false, 1,
                           quiz::v1::CORRECT},
                      Case{"within_relative", kRate, NumericAnswer("1240"),
                           false, 1, quiz::v1::CORRECT},
                      Case{"outside_relative", kRate, NumericAnswer("1250"),
                           false, 0, quiz::v1::INCORRECT},
                      Case{"exact_right", kDays, NumericAnswer("120"), false, 1,
                           quiz::v1::CORRECT},
                      Case{"exact_near", kDays, NumericAnswer("120.001"), false,
                           0, quiz::v1::INCORRECT},
                      Case{"blank", kOwes, NumericAnswer("   "), false, 0,
                           quiz::v1::UNANSWERED}),
    CaseName());

INSTANTIATE_TEST_SUITE_P(
    Numeric, RejectTable,
    ::testing::Values(
        Refusal{"words", kOwes, NumericAnswer("sixty-four"),
                "response.numeric: item owes \"sixty-four\" is not a number "
                "of USD"},
        Refusal{"bad_grouping", kRate, NumericAnswer("12,34"),
                "is not a number"},
        Refusal{"wrong_unit", kOwes, NumericAnswer("64 EUR"),
                "is not a number of USD"},
        Refusal{"exponent", kRate, NumericAnswer("1e3"), "is not a number"},
        Refusal{"two_numbers", kOwes, NumericAnswer("64 56"),
                "is not a number"},
        Refusal{"text_answer", kOwes, "text: '64'", "takes a numeric answer"},
        Refusal{"too_long", kOwes, NumericAnswer(std::string(10000, '6')),
                "takes at most 1000 characters, got 10000"}),
    CaseName());

}  // namespace
}  // namespace grading
