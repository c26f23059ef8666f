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

std::string Typed(const std::string& text) { return "text: '" + text + "'"; }

INSTANTIATE_TEST_SUITE_P(
    ShortText, GradeTable,
    ::testing::Values(
        Case{"exact", kEra, Typed("835"), false, 1, quiz::v1::CORRECT},
        Case{"case_and_spaces", kEra, Typed("  x12   835 "), false, 1,
             quiz::v1::CORRECT},
        Case{"other_alternative", kEra, Typed("Electronic Remittance  Advice"),
             false, 1, quiz::v1::CORRECT},
        Case{"wrong", kEra, Typed("837"), false, 0, quiz::v1::INCORRECT},
        Case{"no_implicit_wildcard", kEra, Typed("835 ERA"), false, 0,
             quiz::v1::INCORRECT},
        Case{"wildcard_tail", kWildcard,
             Typed("Advance Beneficiary Notice of Noncoverage"), false, 1,
             quiz::v1::CORRECT},
        Case{"wildcard_empty_run", kWildcard,
             Typed("advance beneficiary notice"), false, 1, quiz::v1::CORRECT},
        Case{"wildcard_needs_prefix", kWildcard, Typed("beneficiary notice"),
             false, 0, quiz::v1::INCORRECT},
        Case{"case_sensitive_right", kCaseSensitive, Typed("GA"), false, 1,
             quiz::v1::CORRECT},
        Case{"case_sensitive_wrong", kCaseSensitive, Typed("ga"), false, 0,
             quiz::v1::INCORRECT},
        Case{"blank", kEra, Typed(" \t "), false, 0, quiz::v1::UNANSWERED},
        Case{"star_typed_is_literal", kEra, Typed("*"), false, 0,
             quiz::v1::INCORRECT}),
    CaseName());

INSTANTIATE_TEST_SUITE_P(
    ShortText, RejectTable,
    ::testing::Values(Refusal{"too_long", kEra, Typed(std::string(10000, 'a')),
                              "response.text: item era takes at most 1000 "
                              "characters, got 10000"},
                      Refusal{"codes_answer", kEra, "codes: '835'",
                              "takes a text answer, got a codes answer"}),
    CaseName());

}  // namespace
}  // namespace grading
