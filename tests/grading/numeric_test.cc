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
const char kExact[] = R"pb(
  id: "days"
  topic: "t"
  numeric { answer: 120 })pb";

std::string Typed(const std::string& text) { return "numeric: '" + text + "'"; }

INSTANTIATE_TEST_SUITE_P(
    Numeric, GradeTable,
    ::testing::Values(
        Case{"plain", kOwes, Typed("64"), false, 2, quiz::v1::CORRECT},
        Case{"cents", kOwes, Typed("64.00"), false, 2, quiz::v1::CORRECT},
        Case{"dollar_sign", kOwes, Typed("$64"), false, 2, quiz::v1::CORRECT},
        Case{"unit_after", kOwes, Typed("64 usd"), false, 2, quiz::v1::CORRECT},
        Case{"spaces", kOwes, Typed("  $ 64.00  "), false, 2,
             quiz::v1::CORRECT},
        Case{"off_by_a_cent", kOwes, Typed("64.01"), false, 0,
             quiz::v1::INCORRECT},
        Case{"wrong", kOwes, Typed("56"), false, 0, quiz::v1::INCORRECT},
        Case{"negative", kOwes, Typed("-64"), false, 0, quiz::v1::INCORRECT},
        Case{"grouped", kRate, Typed("1,234.5"), false, 1, quiz::v1::CORRECT},
        Case{"within_relative", kRate, Typed("1240"), false, 1,
             quiz::v1::CORRECT},
        Case{"outside_relative", kRate, Typed("1250"), false, 0,
             quiz::v1::INCORRECT},
        Case{"exact_right", kExact, Typed("120"), false, 1, quiz::v1::CORRECT},
        Case{"exact_near", kExact, Typed("120.001"), false, 0,
             quiz::v1::INCORRECT},
        Case{"blank", kOwes, Typed("   "), false, 0, quiz::v1::UNANSWERED}),
    CaseName());

INSTANTIATE_TEST_SUITE_P(
    Numeric, RejectTable,
    ::testing::Values(
        Refusal{"words", kOwes, Typed("sixty-four"),
                "response.numeric: item owes \"sixty-four\" is not a number "
                "of USD"},
        Refusal{"bad_grouping", kRate, Typed("12,34"), "is not a number"},
        Refusal{"wrong_unit", kOwes, Typed("64 EUR"), "is not a number of USD"},
        Refusal{"exponent", kRate, Typed("1e3"), "is not a number"},
        Refusal{"two_numbers", kOwes, Typed("64 56"), "is not a number"},
        Refusal{"text_answer", kOwes, "text: '64'", "takes a numeric answer"},
        Refusal{"too_long", kOwes, Typed(std::string(10000, '6')),
                "takes at most 1000 characters, got 10000"}),
    CaseName());

}  // namespace
}  // namespace grading
