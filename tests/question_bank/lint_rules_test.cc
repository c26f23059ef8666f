// Bank rules added with `quiz bank lint`: draws that earlier selections of
// the same quiz can starve, and ids that answers files cannot name.
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "question_bank/src/bank_file.h"

namespace question_bank {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// Five items in topic a, two in topic b, then `rest` (more YAML).
std::string Bank(const std::string& rest) {
  std::string yaml = "id: demo\ntopics: [{id: a}, {id: b}]\nitems:\n";
  for (int i = 1; i <= 7; ++i) {
    yaml += "  - {id: i" + std::to_string(i) +
            ", topic: " + (i <= 5 ? "a" : "b") +
            ", stem: S, rationale: R, references: [{citation: C}], "
            "true_false: {answer: true}}\n";
  }
  return yaml + rest;
}

std::vector<std::string> Errors(const std::string& yaml) {
  std::vector<std::string> errors;
  for (const Diagnostic& d : ParseBank(yaml, "demo.yaml").diagnostics) {
    if (d.severity == Diagnostic::Severity::kError) {
      errors.push_back(d.ToString());
    }
  }
  return errors;
}

struct RuleCase {
  std::string name;
  std::string yaml;
  std::vector<std::string> errors;  // whole lines, in order
};
void PrintTo(const RuleCase& c, std::ostream* os) { *os << c.name; }

class LintRulesTest : public ::testing::TestWithParam<RuleCase> {};

TEST_P(LintRulesTest, Errors) {
  EXPECT_EQ(Errors(GetParam().yaml), GetParam().errors) << GetParam().yaml;
}

INSTANTIATE_TEST_SUITE_P(
    Rules, LintRulesTest,
    ::testing::ValuesIn(std::vector<RuleCase>{
        {"DrawsThatFit",
         Bank("quizzes:\n  - id: q\n    title: Q\n    selections:\n"
              "      - {item_ids: [i1]}\n      - {topic: a, count: 4}\n"
              "      - {topic: b, count: 2}\n      - {count: 0}\n"),
         {}},
        {"FixedItemStarvesTopicDraw",
         Bank("quizzes:\n  - id: q\n    title: Q\n    selections:\n"
              "      - {item_ids: [i1]}\n      - {topic: a, count: 5}\n"),
         {"demo.yaml:16:20: error: quizzes[0] (id \"q\").selections[1].count: "
          "cannot always draw 5 items from topic \"a\", which has 5: earlier "
          "selections of this quiz may take up to 1 of them"}},
        {"TwoDrawsFromOneTopic",
         Bank("quizzes:\n  - id: q\n    title: Q\n    selections:\n"
              "      - {topic: b, count: 1}\n      - {topic: b, count: 2}\n"),
         {"demo.yaml:16:20: error: quizzes[0] (id \"q\").selections[1].count: "
          "cannot always draw 2 items from topic \"b\", which has 2: earlier "
          "selections of this quiz may take up to 1 of them"}},
        {"WholeBankDrawMayTakeTopicItems",
         Bank("quizzes:\n  - id: q\n    title: Q\n    selections:\n"
              "      - {count: 6}\n      - {topic: b, count: 1}\n"),
         {"demo.yaml:16:20: error: quizzes[0] (id \"q\").selections[1].count: "
          "cannot always draw 1 items from topic \"b\", which has 2: earlier "
          "selections of this quiz may take up to 2 of them"}},
        {"WholeBankAfterTopic",
         Bank("quizzes:\n  - id: q\n    title: Q\n    selections:\n"
              "      - {topic: a, count: 3}\n      - {count: 5}\n"),
         {"demo.yaml:16:10: error: quizzes[0] (id \"q\").selections[1].count: "
          "cannot always draw 5 items from the bank, which has 7: earlier "
          "selections of this quiz may take up to 3 of them"}},
        {"OptionIdWithComma",
         "id: demo\ntopics: [{id: t}]\nitems:\n  - id: i1\n    topic: t\n"
         "    stem: S\n    rationale: R\n    references: [{citation: C}]\n"
         "    single_choice:\n      options:\n"
         "        - {id: \"a,b\", correct: true}\n        - {id: c}\n",
         {"demo.yaml:11:12: error: items[0] (id \"i1\").single_choice."
          "options[0] (id \"a,b\").id: option id \"a,b\" cannot be named in "
          "an answers file; use no spaces, ',' or '='"}},
        {"ItemIdWithColon",
         "id: demo\ntopics: [{id: t}]\nitems:\n  - id: \"i:1\"\n"
         "    topic: t\n    stem: S\n    rationale: R\n"
         "    references: [{citation: C}]\n    true_false: {answer: true}\n",
         {"demo.yaml:4:5: error: items[0] (id \"i:1\").id: item id \"i:1\" "
          "cannot be named in an answers file (`ITEM_ID: ANSWER`); use no "
          "spaces, ':' or ','"}},
    }),
    [](const ::testing::TestParamInfo<RuleCase>& info) {
      return info.param.name;
    });

}  // namespace
}  // namespace question_bank
