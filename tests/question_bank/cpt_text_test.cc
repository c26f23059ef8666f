#include "question_bank/src/cpt_text.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "question_bank/src/bank_file.h"

namespace question_bank {
namespace {

using ::testing::HasSubstr;

struct TextCase {
  std::string name;
  std::string text;
  bool flagged;
};
void PrintTo(const TextCase& c, std::ostream* os) { *os << c.name; }

class CptTextTest : public ::testing::TestWithParam<TextCase> {};

TEST_P(CptTextTest, Flags) {
  const TextCase& c = GetParam();
  EXPECT_EQ(FindPastedCptDescriptors(c.text).has_value(), c.flagged) << c.text;
}

INSTANTIATE_TEST_SUITE_P(
    Texts, CptTextTest,
    ::testing::ValuesIn(std::vector<TextCase>{
        // Pasted: one long descriptor.
        {"LongDescriptor",
         "99213 Office or other outpatient visit for the evaluation and "
         "management of an established patient, which requires a medically "
         "appropriate history and/or examination",
         true},
        {"LongDescriptorAfterColon",
         "Use this: 20610: Arthrocentesis, aspiration and/or injection, major "
         "joint or bursa; without ultrasound guidance",
         true},
        {"CategoryIICode",
         "3074F Most recent systolic blood pressure less than 130 mm Hg in "
         "the chart",
         true},
        // Pasted: a list of short descriptors, one per line.
        {"DescriptorList",
         "71045 Radiologic examination, chest; single view\n"
         "71046 Radiologic examination, chest; 2 views\n"
         "71047 Radiologic examination, chest; 3 views\n",
         true},
        // Not pasted: codes named in questions and prose.
        {"StemNamesCodes", "Which is correct: 99213 or 99214?", false},
        {"CodeThenVerb",
         "99211 covers a minimal office visit for an established patient "
         "where a physician need not be present",
         false},
        {"CodeThenIs",
         "Correct. 71046 is the chest X-ray code for two views (71045 is one "
         "view, 71047 three views and 71048 four or more).",
         false},
        {"Range", "New patient visits are 99202-99205.", false},
        {"CodeEndsSentence",
         "Report 99213. Documentation shows low medical decision making and "
         "a total time of 25 minutes on the date of the encounter.",
         false},
        {"CapitalizedProse",
         "99214 Correct because the documentation supports moderate medical "
         "decision making for this visit",
         false},
        {"TwoShortEntries",
         "99202 New patient, straightforward MDM\n"
         "99203 New patient, low MDM\n",
         false},
        {"MoneyAndYears",
         "In 2026 the payer allowed $12345.00 Paid in full after the "
         "contractual adjustment, and 12345.50 Adjusted by the payer after "
         "the appeal in FY2026 Medicare Advantage plans of the region",
         false},
        {"HcpcsCode",
         "J1885 Injection, ketorolac tromethamine, per 15 mg is public "
         "domain",
         false},
    }),
    [](const ::testing::TestParamInfo<TextCase>& info) {
      return info.param.name;
    });

TEST(CptTextTest, ReasonQuotesTheEntry) {
  std::optional<std::string> reason = FindPastedCptDescriptors(
      "See 99213 Office or other outpatient visit for the evaluation and "
      "management of an established patient");
  ASSERT_TRUE(reason.has_value());
  EXPECT_EQ(*reason,
            "looks like a pasted CPT descriptor (99213 \"Office or other "
            "outpatient visit for...\")");
}

TEST(CptTextTest, BankFieldsAreFoundByPath) {
  ParsedBank parsed = ParseBank(R"(id: demo
topics: [{id: t1}]
items:
  - id: i1
    topic: t1
    stem: Pick one.
    rationale: R
    references: [{citation: C}]
    single_choice:
      options:
        - id: a
          correct: true
          text: >-
            99214 Office or other outpatient visit for the evaluation and
            management of an established patient
        - {id: b, text: "99213"}
)",
                                "demo.yaml");
  ASSERT_EQ(parsed.diagnostics.size(), 1u);
  const Diagnostic& d = parsed.diagnostics[0];
  EXPECT_EQ(d.line, 13);
  EXPECT_EQ(d.column, 11);
  EXPECT_THAT(d.message,
              HasSubstr("items[0] (id \"i1\").single_choice.options[0] (id "
                        "\"a\").text: looks like a pasted CPT descriptor"));
}

}  // namespace
}  // namespace question_bank
