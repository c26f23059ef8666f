#include "gtest/gtest.h"
#include "tests/grading/grade_table_util.h"

namespace grading {
namespace {

using quiz::v1::CORRECT;
using quiz::v1::INCORRECT;
using quiz::v1::PARTIALLY_CORRECT;
using quiz::v1::UNANSWERED;

const char kDiabetes[] = R"pb(
  id: "dm"
  topic: "t"
  code_entry {
    system: CODE_SYSTEM_ICD10CM
    expected { code: "E11.65" }
    credit { right_category: 0.5 }
  })pb";
const char kFracture[] = R"pb(
  id: "fx"
  topic: "t"
  code_entry {
    system: CODE_SYSTEM_ICD10CM
    expected { code: "S52.521A" }
    credit { wrong_seventh_character: 0.5 right_category: 0.25 }
  })pb";
const char kPlaceholder[] = R"pb(
  id: "allergy"
  topic: "t"
  code_entry {
    system: CODE_SYSTEM_ICD10CM
    expected { code: "T78.40XA" }
    credit { wrong_seventh_character: 0.5 }
  })pb";
const char kSequenced[] = R"pb(
  id: "alz"
  topic: "t"
  points: 2
  code_entry {
    system: CODE_SYSTEM_ICD10CM
    expected { code: "G30.9" }
    expected { code: "F02.80" }
    sequence_matters: true
    credit { wrong_sequence_penalty: 0.5 extra_code_penalty: 0.25 }
  })pb";
const char kStrictSequence[] = R"pb(
  id: "alz-strict"
  topic: "t"
  points: 2
  code_entry {
    system: CODE_SYSTEM_ICD10CM
    expected { code: "G30.9" }
    expected { code: "F02.80" }
    sequence_matters: true
  })pb";
const char kOfficeVisit[] = R"pb(
  id: "em"
  topic: "t"
  points: 2
  code_entry {
    system: CODE_SYSTEM_CPT
    expected { code: "99213" modifiers: "25" }
    expected { code: "20610" }
    credit { wrong_modifier: 0.5 }
  })pb";
const char kLenientModifier[] = R"pb(
  id: "em-lenient"
  topic: "t"
  code_entry {
    system: CODE_SYSTEM_CPT
    expected { code: "99213" modifiers: "25" }
    credit { wrong_modifier: 1 }
  })pb";
const char kInjection[] = R"pb(
  id: "inj"
  topic: "t"
  code_entry {
    system: CODE_SYSTEM_HCPCS
    expected { code: "J1885" units: 4 }
    credit { wrong_units: 0.5 }
  })pb";

std::string CodesAnswer(const std::string& text) {
  return "codes: '" + text + "'";
}

std::string Repeated(const std::string& text, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += text;
  return out;
}

INSTANTIATE_TEST_SUITE_P(
    Icd10Cm, GradeTable,
    ::testing::Values(
        Case{"exact", kDiabetes, CodesAnswer("E11.65"), false, 1, CORRECT},
        Case{"undotted_lower_case", kDiabetes, CodesAnswer(" e1165 "), false, 1,
             CORRECT},
        Case{"right_category", kDiabetes, CodesAnswer("E11.9"), false, 0.5,
             PARTIALLY_CORRECT,
             "E11.9 is the right category (E11) but the wrong specificity"},
        Case{"wrong_category", kDiabetes, CodesAnswer("E10.65"), false, 0,
             INCORRECT, "E11.65 is missing."},
        Case{"extra_code_default_penalty", kDiabetes,
             CodesAnswer("E11.65, I10"), false, 0, INCORRECT,
             "I10 should not be coded here."},
        Case{"malformed", kDiabetes, CodesAnswer("E1.65"), false, 0, INCORRECT,
             "\"E1.65\" is not a well-formed ICD-10-CM code."},
        // A typed value is quoted cut to 40 characters and escaped, however
        // long it is or whatever it holds.
        Case{"malformed_1000_characters", kDiabetes,
             CodesAnswer(std::string(1000, 'E')), false, 0, INCORRECT,
             "\"" + std::string(40, 'E') +
                 "\u2026\" is not a well-formed ICD-10-CM code."},
        Case{"malformed_with_escape", kDiabetes, CodesAnswer("E1\x1b[2J"),
             false, 0, INCORRECT,
             "\"E1\\x1B[2J\" is not a well-formed ICD-10-CM code."},
        Case{"malformed_with_modifier", kDiabetes, CodesAnswer("E11.65-25"),
             false, 0, INCORRECT, "is not a well-formed ICD-10-CM code"},
        Case{"duplicate", kDiabetes, CodesAnswer("E11.65; e11.65"), false, 0,
             INCORRECT, "E11.65 is entered more than once."},
        Case{"many_duplicates", kDiabetes,
             CodesAnswer(Repeated("E11.65, ", 120)), false, 0, INCORRECT,
             "entered more than once"},
        Case{"separators_only", kDiabetes, CodesAnswer(" , ; "), false, 0,
             UNANSWERED},
        Case{"seventh_exact", kFracture, CodesAnswer("S52.521A"), false, 1,
             CORRECT},
        Case{"seventh_wrong", kFracture, CodesAnswer("S52.521D"), false, 0.5,
             PARTIALLY_CORRECT,
             "S52.521D has the wrong 7th character; the code is S52.521A."},
        Case{"seventh_missing", kFracture, CodesAnswer("S52.521"), false, 0.5,
             PARTIALLY_CORRECT, "S52.521 is missing its 7th character"},
        Case{"seventh_category_only", kFracture, CodesAnswer("S52.522A"), false,
             0.25, PARTIALLY_CORRECT, "right category (S52)"},
        Case{"placeholder_missing", kPlaceholder, CodesAnswer("T78.40A"), false,
             0.5, PARTIALLY_CORRECT, "T78.40A is missing the placeholder X"},
        Case{"placeholder_right", kPlaceholder, CodesAnswer("t78.40xa"), false,
             1, CORRECT},
        Case{"sequence_right", kSequenced, CodesAnswer("G30.9, F02.80"), false,
             2, CORRECT},
        Case{"sequence_newlines", kSequenced, CodesAnswer("G30.9\\nF02.80"),
             false, 2, CORRECT},
        Case{"sequence_swapped", kSequenced, CodesAnswer("F02.80, G30.9"),
             false, 1, PARTIALLY_CORRECT, "G30.9 must be listed first."},
        Case{"sequence_one_missing", kSequenced, CodesAnswer("G30.9"), false, 1,
             PARTIALLY_CORRECT, "F02.80 is missing."},
        Case{"sequence_extra_last", kSequenced,
             CodesAnswer("G30.9 F02.80 R41.0"), false, 1.5, PARTIALLY_CORRECT,
             "R41.0 should not be coded here."},
        Case{"sequence_extra_first", kSequenced,
             CodesAnswer("R41.0, G30.9, F02.80"), false, 0.5, PARTIALLY_CORRECT,
             "G30.9 must be listed first."},
        Case{"strict_sequence_swapped", kStrictSequence,
             CodesAnswer("F02.80, G30.9"), false, 0, INCORRECT,
             "G30.9 must be listed first."}),
    CaseName());

INSTANTIATE_TEST_SUITE_P(
    CptHcpcs, GradeTable,
    ::testing::Values(
        Case{"modifier_right", kOfficeVisit, CodesAnswer("99213-25, 20610"),
             false, 2, CORRECT},
        Case{"modifier_spaced", kOfficeVisit, CodesAnswer("99213 -25 20610"),
             false, 2, CORRECT},
        Case{"modifier_missing", kOfficeVisit, CodesAnswer("99213, 20610"),
             false, 1.5, PARTIALLY_CORRECT,
             "99213 is the right code but needs modifier 25."},
        Case{"modifier_wrong", kOfficeVisit, CodesAnswer("99213-59, 20610"),
             false, 1.5, PARTIALLY_CORRECT,
             "needs modifier 25 and should not carry modifier 59"},
        Case{"modifier_on_wrong_line", kOfficeVisit,
             CodesAnswer("99213, 20610-25"), false, 1, PARTIALLY_CORRECT,
             "20610 is the right code but should "
             "not carry modifier 25"},
        Case{"wrong_level", kOfficeVisit, CodesAnswer("99214-25, 20610"), false,
             1, PARTIALLY_CORRECT, "99214 starts like the right code (992)"},
        Case{"modifier_glued", kOfficeVisit, CodesAnswer("9921325, 20610"),
             false, 0, INCORRECT, "\"9921325\" is not a well-formed CPT code."},
        Case{"lenient_credit_is_still_not_correct", kLenientModifier,
             CodesAnswer("99213"), false, 1, PARTIALLY_CORRECT,
             "needs modifier 25"},
        Case{"units_right", kInjection, CodesAnswer("J1885 x4"), false, 1,
             CORRECT},
        Case{"units_glued", kInjection, CodesAnswer("j1885x4"), false, 1,
             CORRECT},
        Case{"units_spaced", kInjection, CodesAnswer("J1885 x 4"), false, 1,
             CORRECT},
        Case{"units_missing", kInjection, CodesAnswer("J1885"), false, 0.5,
             PARTIALLY_CORRECT, "J1885 is 4 units, not 1."},
        Case{"units_zero", kInjection, CodesAnswer("J1885 x0"), false, 0,
             INCORRECT, "is not a well-formed HCPCS Level II code"},
        Case{"hcpcs_malformed", kInjection, CodesAnswer("J188"), false, 0,
             INCORRECT, "\"J188\" is not a well-formed HCPCS Level II code."}),
    CaseName());

INSTANTIATE_TEST_SUITE_P(
    CodeEntry, RejectTable,
    ::testing::Values(
        Refusal{"too_long", kDiabetes, CodesAnswer(std::string(10000, 'E')),
                "response.codes: item dm takes at most 1000 characters, got "
                "10000"},
        Refusal{"text_answer", kDiabetes, "text: 'E11.65'",
                "takes a codes answer, got a text answer"}),
    CaseName());

}  // namespace
}  // namespace grading
