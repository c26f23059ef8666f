#include "gtest/gtest.h"
#include "tests/grading/grade_table_util.h"

namespace grading {
namespace {

const char kEra[] = R"pb(
  id: "era"
  topic: "t"
  short_text { accepted: [ "835", "X12 835", "electronic remittance advice" ] })pb";
const char kWildcard[] = R"pb(
  id: "abn"
  topic: "t"
  short_text { accepted: [ "advance beneficiary notice*" ] })pb";
const char kCaseSensitive[] = R"pb(
  id: "mod"
  topic: "t"
  short_text {
    accepted: [ "GA" ]
    case_sensitive: true
  })pb";

std::string TextAnswer(const std::string& text) {
  return "text: '" + text + "'";
}

INSTANTIATE_TEST_SUITE_P(
    ShortText, GradeTable,
    ::testing::Values(
        Case{"exact", kEra, TextAnswer("835"), false, 1, quiz::v1::CORRECT},
        Case{"case_and_spaces", kEra, TextAnswer("  x12   835 "), false, 1,
             quiz::v1::CORRECT},
        Case{"other_alternative", kEra,
             TextAnswer("Electronic Remittance  Advice"), false, 1,
             quiz::v1::CORRECT},
        Case{"wrong", kEra, TextAnswer("837"), false, 0, quiz::v1::INCORRECT},
        Case{"no_implicit_wildcard", kEra, TextAnswer("835 ERA"), false, 0,
             quiz::v1::INCORRECT},
        Case{"wildcard_tail", kWildcard,
             TextAnswer("Advance Beneficiary Notice of Noncoverage"), false, 1,
             quiz::v1::CORRECT},
        Case{"wildcard_empty_run", kWildcard,
             TextAnswer("advance beneficiary notice"), false, 1,
             quiz::v1::CORRECT},
        Case{"wildcard_needs_prefix", kWildcard,
             TextAnswer("beneficiary notice"), false, 0, quiz::v1::INCORRECT},
        Case{"case_sensitive_right", kCaseSensitive, TextAnswer("GA"), false, 1,
             quiz::v1::CORRECT},
        Case{"case_sensitive_wrong", kCaseSensitive, TextAnswer("ga"), false, 0,
             quiz::v1::INCORRECT},
        Case{"blank", kEra, TextAnswer(" \t "), false, 0, quiz::v1::UNANSWERED},
        Case{"star_typed_is_literal", kEra, TextAnswer("*"), false, 0,
             quiz::v1::INCORRECT}),
    CaseName());

INSTANTIATE_TEST_SUITE_P(
    ShortText, RejectTable,
    ::testing::Values(Refusal{"too_long", kEra,
                              TextAnswer(std::string(10000, 'a')),
                              "response.text: item era takes at most 1000 "
                              "characters, got 10000"},
                      Refusal{"codes_answer", kEra, "codes: '835'",
                              "takes a text answer, got a codes answer"}),
    CaseName());

}  // namespace
}  // namespace grading
