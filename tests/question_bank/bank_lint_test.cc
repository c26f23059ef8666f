#include "question_bank/src/bank_lint.h"

#include <filesystem>
#include <string>
#include <tuple>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "question_bank/src/codeset_check.h"
#include "question_bank/src/codesets.h"
#include "tests/question_bank/diagnostics_util.h"

namespace question_bank {
namespace {

using ::testing::HasSubstr;

const std::string kData = QUIZD_SOURCE_DIR "/tests/data";
const std::string kPlanted = kData + "/lint/planted.yaml";
const std::string kSecond = kData + "/lint/second.yaml";

CodeSets FixtureCodeSets() {
  absl::StatusOr<CodeSets> code_sets = LoadCodeSets(kData + "/codesets");
  EXPECT_TRUE(code_sets.ok()) << code_sets.status();
  return code_sets.ok() ? *std::move(code_sets) : CodeSets{};
}

// One expected finding: where, how bad, and a part of the message.
struct Expected {
  std::string file;
  int line;
  int column;
  Diagnostic::Severity severity;
  std::string message_part;
};

// Every planted mistake of tests/data/lint/{planted,second}.yaml, in output
// order; the lines are marked MISTAKE in the files.
std::vector<Expected> PlantedFindings() {
  return {
      {kPlanted, 18, 5, kError, "duplicate item id \"dup\""},
      {kPlanted, 23, 5, kError,
       "items[1] (id \"dup\").single_choice: no option is marked correct"},
      {kPlanted, 29, 5, kError, "points must be a finite number >= 0"},
      {kPlanted, 37, 11, kError,
       "expected[1].code: X99.99 is not in the FY2026 ICD-10-CM code set"},
      {kPlanted, 38, 11, kError,
       "expected[2].code: E11 is not a billable ICD-10-CM code (it is a "
       "category; billable codes go to the highest specificity, e.g. E11.00, "
       "one of 3 under it)"},
      {kPlanted, 39, 5, kWarning,
       "items[3] (id \"supply\").rationale: item "
       "has no rationale"},
      {kPlanted, 41, 5, kError,
       "items[3] (id \"supply\").stem: looks like a pasted CPT descriptor "
       "(99213 \"Office or other outpatient visit for...\")"},
      {kPlanted, 49, 12, kError,
       "expected[0].code: J0135 is terminated (term_dt 20241231)"},
      {kPlanted, 62, 25, kError,
       "case_item.items[0] (id \"case-dx\").code_entry.expected[0].code: "
       "E11.6 is not a billable ICD-10-CM code (it is a subcategory; billable "
       "codes go to the highest specificity, here E11.65)"},
      {kPlanted, 67, 27, kError,
       "cannot draw 2 items from topic \"supplies\", which has 1"},
      {kSecond, 18, 5, kError,
       "quiz id \"planted-drill\" is also used by " + kPlanted + ":64:5"},
  };
}

TEST(LintBankFilesTest, ReportsEveryPlantedMistakeWhereItIs) {
  const CodeSets code_sets = FixtureCodeSets();
  const LintResult result = LintBankFiles({kPlanted, kSecond}, &code_sets);
  const std::vector<Expected> expected = PlantedFindings();
  ASSERT_EQ(result.diagnostics.size(), expected.size()) << [&] {
    std::string all;
    for (const Diagnostic& d : result.diagnostics) {
      all += d.ToString() + "\n";
    }
    return all;
  }();
  for (size_t i = 0; i < expected.size(); ++i) {
    const Diagnostic& d = result.diagnostics[i];
    const Expected& e = expected[i];
    SCOPED_TRACE(d.ToString());
    EXPECT_EQ(std::tie(d.file, d.line, d.column, d.severity),
              std::tie(e.file, e.line, e.column, e.severity));
    EXPECT_THAT(d.message, HasSubstr(e.message_part));
  }
  EXPECT_EQ(result.files, 2);
  EXPECT_EQ(result.errors, 10);
  EXPECT_EQ(result.warnings, 1);
  EXPECT_EQ(result.Summary(), "2 files, 10 errors, 1 warning");
}

TEST(LintBankFilesTest, CodeSetChecksNeedCodeSets) {
  const LintResult result = LintBankFiles({kPlanted}, nullptr);
  for (const Diagnostic& d : result.diagnostics) {
    EXPECT_THAT(d.message, ::testing::Not(HasSubstr("ICD-10-CM code")))
        << d.ToString();
  }
  EXPECT_EQ(result.Summary(), "1 file, 5 errors, 1 warning");
}

TEST(LintBankFilesTest, UnreadableFileIsAnError) {
  const LintResult result =
      LintBankFiles({kData + "/lint/no-such-file.yaml"}, nullptr);
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_THAT(result.diagnostics[0].ToString(),
              HasSubstr("no-such-file.yaml: error: cannot read file"));
  EXPECT_EQ(result.Summary(), "1 file, 1 error, 0 warnings");
}

TEST(LintBankFilesTest, SameBankTwiceCollidesOnBankAndQuizIds) {
  const LintResult result = LintBankFiles({kSecond, kSecond}, nullptr);
  std::vector<std::string> errors;
  for (const Diagnostic& d : result.diagnostics) {
    if (d.severity == kError) errors.push_back(d.ToString());
  }
  EXPECT_THAT(errors,
              ::testing::ElementsAre(
                  kSecond +
                      ":3:1: error: id: bank id \"second\" is also used "
                      "by " +
                      kSecond +
                      ":3:1 (bank ids are unique "
                      "across the server)",
                  HasSubstr(kSecond + ":18:5: error: quizzes[0] (id "
                                      "\"planted-drill\").id: quiz id")));
}

// Findings of the code-set check alone, keyed by path.
TEST(CodeSetCheckTest, OptionTextCodesAreWarnings) {
  const CodeSets code_sets = FixtureCodeSets();
  quiz::v1::Bank bank;
  auto* item = bank.add_items();
  item->set_id("i1");
  auto* options = item->mutable_single_choice();
  auto* right = options->add_options();
  right->set_id("a");
  right->set_correct(true);
  right->set_text("E11.6 with J0135 x 2 units, then A4253 and I10");
  auto* wrong = options->add_options();
  wrong->set_id("b");
  wrong->set_text("X99.99");  // not keyed: a distractor may be anything
  std::vector<BankFinding> findings = FindCodeSetProblems(bank, code_sets);
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].severity, kWarning);
  EXPECT_EQ(findings[0].path, "items[0].single_choice.options[0].text");
  EXPECT_THAT(findings[0].message,
              HasSubstr("the correct option names E11.6 is not a billable"));
  EXPECT_THAT(findings[1].message,
              HasSubstr("names J0135 is terminated (term_dt 20241231)"));
}

TEST(CodeSetCheckTest, ModifiersAndYear) {
  const CodeSets code_sets = FixtureCodeSets();
  quiz::v1::Bank bank;
  bank.set_code_set_year(2025);
  auto* entry = bank.add_items()->mutable_code_entry();
  entry->set_system(quiz::v1::CODE_SYSTEM_HCPCS);
  auto* expected = entry->add_expected();
  expected->set_code("a4253");
  // 25 is a CPT modifier (no code-set file); LT is active; CP terminated; ZQ
  // is not a modifier at all.
  for (const char* modifier : {"25", "LT", "CP", "ZQ"}) {
    expected->add_modifiers(modifier);
  }
  std::vector<BankFinding> findings = FindCodeSetProblems(bank, code_sets);
  ASSERT_EQ(findings.size(), 3u);
  EXPECT_EQ(findings[0].path, "code_set_year");
  EXPECT_EQ(findings[0].severity, kWarning);
  EXPECT_EQ(findings[1].path, "items[0].code_entry.expected[0].modifiers[2]");
  EXPECT_THAT(findings[1].message,
              HasSubstr("modifier CP is terminated (term_dt 20171231)"));
  EXPECT_THAT(findings[2].message,
              HasSubstr("modifier ZQ is not a modifier in the HCPCS Level II "
                        "October 2025 file"));
}

// The shipped banks key only codes that the official FY2026 ICD-10-CM and
// October 2025 HCPCS files accept, and pass every other check.
TEST(ShippedBanksTest, LintCleanAgainstTheRealCodeSets) {
  const std::string dir = QUIZD_SOURCE_DIR "/../shared/codesets";
  if (!std::filesystem::exists(dir + "/" + kIcd10CmCodesFile)) {
    GTEST_SKIP() << "no code sets at " << dir
                 << "; see ../shared/codesets/SOURCES.md";
  }
  absl::StatusOr<CodeSets> code_sets = LoadCodeSets(dir);
  ASSERT_TRUE(code_sets.ok()) << code_sets.status();
  EXPECT_GT(code_sets->icd10cm_billable.size(), 70000u);
  std::vector<std::string> banks;
  for (const auto& entry : std::filesystem::directory_iterator(
           QUIZD_SOURCE_DIR "/question_bank/banks")) {
    if (entry.path().extension() == ".yaml") {
      banks.push_back(entry.path().string());
    }
  }
  ASSERT_FALSE(banks.empty());
  const LintResult result = LintBankFiles(banks, &*code_sets);
  for (const Diagnostic& d : result.diagnostics) {
    EXPECT_NE(d.severity, kError) << d.ToString();
  }
  EXPECT_EQ(result.errors, 0) << result.Summary();
}

}  // namespace
}  // namespace question_bank
