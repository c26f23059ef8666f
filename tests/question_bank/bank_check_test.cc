#include "question_bank/src/bank_check.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "question_bank/src/bank_file.h"
#include "question_bank/src/yaml_to_proto.h"
#include "quiz/v1/bank.pb.h"

namespace question_bank {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::SizeIs;

constexpr char kHead[] = R"(id: demo
topics:
  - id: t1
  - id: t2
)";

// One well-documented item of topic t1 whose type is `type` (flow YAML).
std::string Item(const std::string& id, const std::string& type,
                 const std::string& extra = "") {
  return "  - id: " + id +
         "\n    topic: t1\n    stem: S\n    rationale: R\n    references: "
         "[{citation: C}]\n    " +
         type + "\n" + extra;
}

const std::string kSingle =
    "single_choice: {options: [{id: a, correct: true}, {id: b}]}";

std::string Items(const std::string& items) {
  return kHead + ("items:\n" + items);
}

quiz::v1::Bank Parse(const std::string& yaml) {
  quiz::v1::Bank bank;
  YamlParseResult result = ParseYamlToMessage(yaml, &bank);
  for (const YamlError& error : result.errors) {
    ADD_FAILURE() << "test bank does not map: " << error.position.line << ":"
                  << error.position.column << ": " << error.message << "\n"
                  << yaml;
  }
  return bank;
}

std::vector<std::string> Messages(const quiz::v1::Bank& bank,
                                  Diagnostic::Severity severity) {
  std::vector<std::string> messages;
  for (const Diagnostic& d : CheckBank(bank)) {
    if (d.severity == severity) messages.push_back(d.message);
  }
  return messages;
}

struct CheckCase {
  std::string name;
  std::string yaml;
  std::string error;  // a substring of one error; empty means no errors
};
void PrintTo(const CheckCase& c, std::ostream* os) { *os << c.name; }

class CheckBankTest : public ::testing::TestWithParam<CheckCase> {};

TEST_P(CheckBankTest, Errors) {
  const CheckCase& c = GetParam();
  std::vector<std::string> errors =
      Messages(Parse(c.yaml), Diagnostic::Severity::kError);
  if (c.error.empty()) {
    EXPECT_THAT(errors, SizeIs(0)) << c.yaml;
  } else {
    EXPECT_THAT(errors, Contains(HasSubstr(c.error))) << c.yaml;
  }
}

std::vector<CheckCase> Cases() {
  const std::string sub_items =
      "items: [{id: s1, stem: S, rationale: R, references: [{citation: C}], "
      "true_false: {}}]";
  const std::string two_items =
      Items(Item("i1", kSingle) + Item("i2", "true_false: {answer: true}"));
  return {
      // Bank.
      {"BankValid", Items(Item("i1", kSingle)), ""},
      {"BankIdMissing", "title: x\n", "id: bank id is missing"},
      {"BankIdUpperCase", "id: Demo\n", "must match [a-z0-9][a-z0-9-]*"},
      {"BankIdLeadingDash", "id: -demo\n", "must match"},
      {"BankIdWithDash", "id: icd-10\n", ""},
      // Topics.
      {"TopicDuplicate", "id: d\ntopics: [{id: t1}, {id: t1}]\n",
       "topics[1] (id \"t1\").id: duplicate topic id \"t1\" (also at "
       "topics[0] (id \"t1\"))"},
      {"TopicIdMissing", "id: d\ntopics: [{title: T}]\n",
       "topic id is missing"},
      // Item basics.
      {"ItemIdDuplicate", Items(Item("i1", kSingle) + Item("i1", kSingle)),
       "items[1] (id \"i1\").id: duplicate item id \"i1\""},
      {"ItemIdDuplicateInCase",
       Items(Item("s1", kSingle) +
             Item("c1", "case_item: {scenario: X, " + sub_items + "}")),
       "duplicate item id \"s1\""},
      {"ItemIdMissing",
       Items("  - topic: t1\n    stem: S\n    true_false: {}\n"),
       "items[0].id: item id is missing"},
      {"ItemStemMissing",
       Items("  - id: i1\n    topic: t1\n    true_false: {}\n"),
       "items[0] (id \"i1\").stem: stem is missing"},
      {"ItemTopicMissing",
       Items("  - id: i1\n    stem: S\n    true_false: {}\n"),
       "items[0] (id \"i1\").topic: topic is missing"},
      {"ItemTopicUnknown",
       Items("  - id: i1\n    topic: zz\n    stem: S\n    true_false: {}\n"),
       "items[0] (id \"i1\").topic: unknown topic \"zz\""},
      {"ItemTypeMissing", Items("  - id: i1\n    topic: t1\n    stem: S\n"),
       "items[0] (id \"i1\"): no item type is set; set one of single_choice, "
       "multiple_choice"},
      {"PointsZero", Items(Item("i1", kSingle, "    points: 0\n")), ""},
      {"PointsPositive", Items(Item("i1", kSingle, "    points: 2.5\n")), ""},
      {"PointsNegative", Items(Item("i1", kSingle, "    points: -1\n")),
       "items[0] (id \"i1\").points: points must be a finite number >= 0"},
      {"DifficultyTooHigh", Items(Item("i1", kSingle, "    difficulty: 6\n")),
       "difficulty must be 1 to 5"},
      // Single choice.
      {"SingleChoiceOneOption",
       Items(Item("i1", "single_choice: {options: [{id: a, correct: true}]}")),
       "items[0] (id \"i1\").single_choice.options: needs at least 2 options, "
       "has 1"},
      {"SingleChoiceNoCorrect",
       Items(Item("i1", "single_choice: {options: [{id: a}, {id: b}]}")),
       "items[0] (id \"i1\").single_choice: no option is marked correct"},
      {"SingleChoiceTwoCorrect",
       Items(Item("i1",
                  "single_choice: {options: [{id: a, correct: true}, {id: b, "
                  "correct: true}]}")),
       "2 options are marked correct"},
      {"OptionIdMissing",
       Items(Item("i1",
                  "single_choice: {options: [{id: a, correct: true}, "
                  "{text: B}]}")),
       "items[0] (id \"i1\").single_choice.options[1].id: option id is "
       "missing"},
      {"OptionIdDuplicate",
       Items(Item("i1",
                  "single_choice: {options: [{id: a, correct: true}, "
                  "{id: a}]}")),
       "options[1] (id \"a\").id: duplicate option id \"a\""},
      // Multiple choice.
      {"MultipleChoiceValid",
       Items(Item("i1",
                  "multiple_choice: {options: [{id: a, correct: true}, {id: "
                  "b, correct: true}, {id: c}]}")),
       ""},
      {"MultipleChoiceOneOption",
       Items(
           Item("i1", "multiple_choice: {options: [{id: a, correct: true}]}")),
       "multiple_choice.options: needs at least 2 options"},
      {"MultipleChoiceNoCorrect",
       Items(Item("i1", "multiple_choice: {options: [{id: a}, {id: b}]}")),
       "multiple_choice: no option is marked correct"},
      {"MultipleChoiceDuplicateOption",
       Items(Item("i1",
                  "multiple_choice: {options: [{id: a, correct: true}, "
                  "{id: a}]}")),
       "duplicate option id \"a\""},
      // True/false.
      {"TrueFalseValid", Items(Item("i1", "true_false: {answer: false}")), ""},
      // Ordering.
      {"OrderingValid",
       Items(Item("i1", "ordering: {steps: [{id: a}, {id: b}, {id: c}]}")), ""},
      {"OrderingOneStep", Items(Item("i1", "ordering: {steps: [{id: a}]}")),
       "ordering.steps: needs at least 2 steps, has 1"},
      {"OrderingDuplicateStep",
       Items(Item("i1", "ordering: {steps: [{id: a}, {id: a}]}")),
       "ordering.steps[1] (id \"a\").id: duplicate step id \"a\""},
      {"OrderingStepIdMissing",
       Items(Item("i1", "ordering: {steps: [{id: a}, {text: b}]}")),
       "step id is missing"},
      // Matching.
      {"MatchingValid",
       Items(Item("i1",
                  "matching: {prompts: [{id: p1, answer_id: x}], answers: "
                  "[{id: x}, {id: y}]}")),
       ""},
      {"MatchingNoPrompt", Items(Item("i1", "matching: {answers: [{id: x}]}")),
       "matching.prompts: needs at least 1 prompt"},
      {"MatchingUnknownAnswer",
       Items(Item("i1",
                  "matching: {prompts: [{id: p1, answer_id: z}], answers: "
                  "[{id: x}]}")),
       "matching.prompts[0] (id \"p1\").answer_id: answer_id \"z\" names no "
       "answer of this item"},
      {"MatchingAnswerIdMissing",
       Items(Item("i1", "matching: {prompts: [{id: p1}], answers: [{id: x}]}")),
       "answer_id is missing"},
      {"MatchingDuplicatePrompt",
       Items(Item("i1",
                  "matching: {prompts: [{id: p, answer_id: x}, {id: p, "
                  "answer_id: x}], answers: [{id: x}]}")),
       "duplicate prompt id \"p\""},
      {"MatchingDuplicateAnswer",
       Items(Item("i1",
                  "matching: {prompts: [{id: p, answer_id: x}], answers: "
                  "[{id: x}, {id: x}]}")),
       "duplicate answer id \"x\""},
      // Numeric.
      {"NumericValid",
       Items(Item("i1", "numeric: {answer: 64, tolerance: 0.01, unit: USD}")),
       ""},
      {"NumericNegativeTolerance",
       Items(Item("i1", "numeric: {answer: 64, tolerance: -1}")),
       "numeric.tolerance: tolerance must be >= 0, got -1"},
      // Short text.
      {"ShortTextValid", Items(Item("i1", "short_text: {accepted: [copay]}")),
       ""},
      {"ShortTextNoAccepted", Items(Item("i1", "short_text: {}")),
       "short_text.accepted: no accepted answer"},
      {"ShortTextEmptyAccepted",
       Items(Item("i1", "short_text: {accepted: [\" \"]}")),
       "short_text.accepted[0]: accepted answer is empty"},
      // Code entry.
      {"CodeEntryIcdValid",
       Items(Item("i1",
                  "code_entry: {system: icd10cm, expected: [{code: E11.9}, "
                  "{code: s52521a}], credit: {right_category: 0.5, "
                  "extra_code_penalty: 1}}")),
       ""},
      {"CodeEntryCptValid",
       Items(Item("i1",
                  "code_entry: {system: cpt, expected: [{code: '99213', "
                  "modifiers: ['25']}, {code: 3008F}, {code: 0042T}]}")),
       ""},
      {"CodeEntryHcpcsValid",
       Items(Item("i1",
                  "code_entry: {system: hcpcs, expected: [{code: J1885, "
                  "modifiers: [LT], units: 2}]}")),
       ""},
      {"CodeEntryNoSystem",
       Items(Item("i1", "code_entry: {expected: [{code: E11.9}]}")),
       "code_entry.system: code system is missing"},
      {"CodeEntryNoExpected", Items(Item("i1", "code_entry: {system: cpt}")),
       "code_entry.expected: no expected code"},
      {"CodeEntryBadIcd",
       Items(
           Item("i1", "code_entry: {system: icd10cm, expected: [{code: E1}]}")),
       "code_entry.expected[0].code: \"E1\" is not a well-formed "
       "CODE_SYSTEM_ICD10CM code"},
      {"CodeEntryBadCpt",
       Items(
           Item("i1", "code_entry: {system: cpt, expected: [{code: '9921'}]}")),
       "\"9921\" is not a well-formed CODE_SYSTEM_CPT code"},
      {"CodeEntryBadHcpcs",
       Items(Item("i1",
                  "code_entry: {system: hcpcs, expected: [{code: '12345'}]}")),
       "\"12345\" is not a well-formed CODE_SYSTEM_HCPCS code"},
      {"CodeEntryDuplicateCode",
       Items(Item("i1",
                  "code_entry: {system: icd10cm, expected: [{code: E11.9}, "
                  "{code: e119}]}")),
       "code \"e119\" is expected twice"},
      {"CodeEntryBadModifier",
       Items(Item("i1",
                  "code_entry: {system: cpt, expected: [{code: '99213', "
                  "modifiers: ['2']}]}")),
       "modifiers[0]: modifier \"2\" is not two letters or digits"},
      {"CodeEntryIcdWithModifier",
       Items(Item("i1",
                  "code_entry: {system: icd10cm, expected: [{code: I10, "
                  "modifiers: ['25']}]}")),
       "ICD-10-CM codes take no modifiers"},
      {"CodeEntryCreditAboveOne",
       Items(Item("i1",
                  "code_entry: {system: cpt, expected: [{code: '99213'}], "
                  "credit: {wrong_modifier: 1.5}}")),
       "code_entry.credit.wrong_modifier: wrong_modifier must be within [0, "
       "1], got 1.5"},
      {"CodeEntryCreditNegative",
       Items(Item("i1",
                  "code_entry: {system: cpt, expected: [{code: '99213'}], "
                  "credit: {wrong_sequence_penalty: -0.1}}")),
       "wrong_sequence_penalty must be within [0, 1]"},
      // Case items.
      {"CaseValid",
       Items(Item("c1", "case_item: {scenario: X, " + sub_items + "}")), ""},
      {"CaseNoScenario", Items(Item("c1", "case_item: {" + sub_items + "}")),
       "case_item.scenario: scenario is missing"},
      {"CaseNoSubItems", Items(Item("c1", "case_item: {scenario: X}")),
       "case_item.items: needs at least 1 sub-item"},
      {"CaseNested",
       Items(Item("c1",
                  "case_item: {scenario: X, items: [{id: s1, stem: S, "
                  "case_item: {scenario: Y, " +
                      sub_items + "}}]}")),
       "case_item.items[0] (id \"s1\").case_item: a case sub-item cannot "
       "itself be a case item"},
      {"CaseSubItemChecked",
       Items(Item("c1",
                  "case_item: {scenario: X, items: [{id: s1, stem: S, "
                  "single_choice: {options: [{id: a}, {id: b}]}}]}")),
       "items[0] (id \"c1\").case_item.items[0] (id \"s1\").single_choice: no "
       "option is marked correct"},
      {"CaseSubItemUnknownTopic",
       Items(Item("c1",
                  "case_item: {scenario: X, items: [{id: s1, stem: S, topic: "
                  "zz, true_false: {}}]}")),
       "case_item.items[0] (id \"s1\").topic: unknown topic \"zz\""},
      {"CaseSubItemNoStem",
       Items(Item("c1",
                  "case_item: {scenario: X, items: [{id: s1, true_false: "
                  "{}}]}")),
       "(id \"s1\").stem: stem is missing"},
      // Likert.
      {"LikertValid",
       Items("  - id: l1\n    topic: t1\n    stem: S\n    likert: {weights: "
             "[{trait: detail, weight: 1}]}\n"),
       ""},
      {"LikertNoWeights", Items(Item("l1", "likert: {scale: [a, b]}")),
       "likert.weights: needs at least 1 trait weight"},
      {"LikertEmptyTrait",
       Items(Item("l1", "likert: {weights: [{weight: 1}]}")),
       "likert.weights[0].trait: trait name is missing"},
      // Quizzes.
      {"QuizValid",
       two_items + "quizzes:\n  - {id: q1, title: Q, mode: exam, "
                   "time_limit_seconds: 600, pass_percent: 70, selections: "
                   "[{item_ids: [i1]}, {topic: t1, count: 1}]}\n",
       ""},
      {"QuizDrawWholeBank",
       two_items +
           "quizzes:\n  - {id: q1, title: Q, selections: [{count: 2}]}\n",
       ""},
      {"QuizIdMissing", two_items + "quizzes:\n  - {title: Q}\n",
       "quizzes[0].id: quiz id is missing"},
      {"QuizTitleMissing", two_items + "quizzes:\n  - {id: q1}\n",
       "quizzes[0] (id \"q1\").title: title is missing"},
      {"QuizIdDuplicate",
       two_items + "quizzes:\n  - {id: q1, title: Q}\n  - {id: q1, title: Q}\n",
       "quizzes[1] (id \"q1\").id: duplicate quiz id \"q1\""},
      {"QuizNegativeTimeLimit",
       two_items + "quizzes:\n  - {id: q1, title: Q, time_limit_seconds: -5}\n",
       "time_limit_seconds must be >= 0, got -5"},
      {"QuizPassPercentTooHigh",
       two_items + "quizzes:\n  - {id: q1, title: Q, pass_percent: 100.5}\n",
       "pass_percent must be within [0, 100], got 100.5"},
      {"QuizTopicWeightValid",
       two_items + "quizzes:\n  - {id: q1, title: Q, topic_weights: "
                   "[{topic: t1, weight: 2}]}\n",
       ""},
      {"QuizTopicWeightUnknownTopic",
       two_items + "quizzes:\n  - {id: q1, title: Q, topic_weights: "
                   "[{topic: zz, weight: 2}]}\n",
       "quizzes[0] (id \"q1\").topic_weights[0].topic: unknown topic \"zz\""},
      {"QuizTopicWeightTwice",
       two_items + "quizzes:\n  - {id: q1, title: Q, topic_weights: "
                   "[{topic: t1, weight: 2}, {topic: t1, weight: 1}]}\n",
       "topic \"t1\" is weighted twice"},
      {"QuizTopicWeightZero",
       two_items + "quizzes:\n  - {id: q1, title: Q, topic_weights: "
                   "[{topic: t1}]}\n",
       "topic_weights[0].weight: weight must be > 0, got 0"},
      {"QuizPassPercentNegative",
       two_items + "quizzes:\n  - {id: q1, title: Q, pass_percent: -1}\n",
       "pass_percent must be within [0, 100]"},
      {"QuizUnknownItem",
       two_items +
           "quizzes:\n  - {id: q1, title: Q, selections: [{item_ids: [i1, "
           "nope]}]}\n",
       "quizzes[0] (id \"q1\").selections[0].item_ids[1]: unknown item id "
       "\"nope\""},
      {"QuizSelectsSubItem",
       Items(Item("c1", "case_item: {scenario: X, " + sub_items + "}")) +
           "quizzes:\n  - {id: q1, title: Q, selections: [{item_ids: "
           "[s1]}]}\n",
       "item \"s1\" is a sub-item of case \"c1\""},
      {"QuizItemTwice",
       two_items +
           "quizzes:\n  - {id: q1, title: Q, selections: [{item_ids: [i1]}, "
           "{item_ids: [i2, i1]}]}\n",
       "selections[1].item_ids[1]: item \"i1\" is selected more than once"},
      {"QuizUnknownTopic",
       two_items +
           "quizzes:\n  - {id: q1, title: Q, selections: [{topic: zz}]}\n",
       "selections[0].topic: unknown topic \"zz\""},
      {"QuizNegativeCount",
       two_items +
           "quizzes:\n  - {id: q1, title: Q, selections: [{topic: t1, count: "
           "-1}]}\n",
       "count must be >= 0, got -1"},
      {"QuizDrawTooManyFromTopic",
       two_items +
           "quizzes:\n  - {id: q1, title: Q, selections: [{topic: t1, count: "
           "3}]}\n",
       "selections[0].count: cannot draw 3 items from topic \"t1\", which has "
       "2"},
      {"QuizDrawTooManyFromBank",
       two_items +
           "quizzes:\n  - {id: q1, title: Q, selections: [{count: 5}]}\n",
       "cannot draw 5 items from the bank, which has 2"},
      {"QuizDrawFromEmptyTopic",
       two_items +
           "quizzes:\n  - {id: q1, title: Q, selections: [{topic: t2}]}\n",
       "random draw from topic \"t2\", which has no items"},
  };
}

INSTANTIATE_TEST_SUITE_P(Rules, CheckBankTest, ::testing::ValuesIn(Cases()),
                         [](const auto& info) { return info.param.name; });

// ---- Warnings. ----

TEST(CheckBankWarningsTest, DocumentedItemDrawsNoWarning) {
  EXPECT_THAT(Messages(Parse(Items(Item("i1", kSingle))),
                       Diagnostic::Severity::kWarning),
              SizeIs(0));
}

TEST(CheckBankWarningsTest, MissingRationaleAndReferences) {
  const quiz::v1::Bank bank = Parse(
      Items("  - id: i1\n    topic: t1\n    stem: S\n    " + kSingle + "\n"));
  EXPECT_THAT(Messages(bank, Diagnostic::Severity::kWarning),
              ::testing::ElementsAre(
                  "items[0] (id \"i1\").rationale: item has no rationale",
                  "items[0] (id \"i1\").references: item has no references"));
  EXPECT_THAT(Messages(bank, Diagnostic::Severity::kError), SizeIs(0));
}

TEST(CheckBankWarningsTest, LikertNeedsNoRationale) {
  EXPECT_THAT(
      Messages(Parse(Items("  - id: l1\n    topic: t1\n    stem: S\n    "
                           "likert: {weights: [{trait: t, weight: 1}]}\n")),
               Diagnostic::Severity::kWarning),
      SizeIs(0));
}

TEST(CheckBankWarningsTest, ShortExam) {
  const std::string items = Item("i1", kSingle);
  const quiz::v1::Bank bank =
      Parse(Items(items) + "quizzes:\n  - {id: q1, title: Q, mode: exam}\n");
  EXPECT_THAT(Messages(bank, Diagnostic::Severity::kWarning),
              ::testing::ElementsAre(
                  "quizzes[0] (id \"q1\").mode: exam-mode quiz has 1 items; "
                  "an exam usually has at least 20"));
}

TEST(CheckBankWarningsTest, ExamOfTwentyItemsAndPracticeQuizAreFine) {
  std::string items;
  for (int i = 0; i < kMinExamItems; ++i) {
    items += Item("i" + std::to_string(i), kSingle);
  }
  const quiz::v1::Bank bank =
      Parse(Items(items) +
            "quizzes:\n  - {id: q1, title: Q, mode: exam, selections: "
            "[{topic: t1, count: 20}]}\n  - {id: q2, title: Q}\n");
  EXPECT_THAT(Messages(bank, Diagnostic::Severity::kWarning), SizeIs(0));
  EXPECT_THAT(Messages(bank, Diagnostic::Severity::kError), SizeIs(0));
}

TEST(CheckBankTest, FindingsCarrySourceMapPaths) {
  std::vector<BankFinding> findings = FindBankProblems(
      Parse(Items(Item("i1", "single_choice: {options: [{id: a}, {id: b}]}"))));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].path, "items[0].single_choice");
}

TEST(CheckBankTest, CheckBankHasNoPositions) {
  std::vector<Diagnostic> diagnostics = CheckBank(quiz::v1::Bank());
  ASSERT_FALSE(diagnostics.empty());
  EXPECT_EQ(diagnostics[0].line, 0);
  EXPECT_EQ(diagnostics[0].file, "");
  EXPECT_EQ(diagnostics[0].ToString(), "error: id: bank id is missing");
}

}  // namespace
}  // namespace question_bank
