#include "question_bank/src/bank_file.h"

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "quiz/v1/bank.pb.h"
#include "tests/question_bank/diagnostics_util.h"

namespace question_bank {
namespace {

using ::google::protobuf::util::MessageDifferencer;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::SizeIs;

std::vector<std::string> Lines(const ParsedBank& parsed) {
  std::vector<std::string> lines;
  for (const Diagnostic& d : parsed.diagnostics) lines.push_back(d.ToString());
  return lines;
}

// A bank that uses every item type and every quiz feature, and that is free
// of errors and warnings.
constexpr char kFullBank[] = R"(id: full-bank
title: Every item type
description: |
  A bank for tests.
  It has two lines.
code_set_year: 2026
topics:
  - id: codes
    title: Coding
  - id: billing
    title: Billing
    description: Claims and denials
items:
  - id: sc
    topic: codes
    points: 2
    difficulty: 3
    stem: "Which code reports type 2 diabetes without complications?"
    rationale: E11.9 is the default.
    references:
      - citation: ICD-10-CM Official Guidelines I.C.4.a
        url: https://www.cms.gov/
    single_choice:
      options:
        - {id: a, text: E11.9, correct: true, feedback: Right.}
        - {id: b, text: E10.9, feedback: That is type 1.}
  - id: mc
    topic: billing
    stem: Select all that apply.
    rationale: R
    references: [{citation: C}]
    multiple_choice:
      scoring: partial
      options:
        - {id: a, correct: true}
        - {id: b, correct: true}
        - {id: c}
  - id: tf
    topic: billing
    stem: A copay is a fixed amount.
    rationale: R
    references: [{citation: C}]
    true_false: {answer: true, feedback_true: Yes., feedback_false: No.}
  - id: tf-false
    topic: billing
    stem: Denials cannot be appealed.
    rationale: R
    references: [{citation: C}]
    true_false:
  - id: ord
    topic: billing
    stem: Put the revenue cycle in order.
    rationale: R
    references: [{citation: C}]
    ordering:
      scoring: longest_subsequence
      steps: [{id: reg, text: Registration}, {id: code, text: Coding}, {id: bill, text: Billing}]
  - id: match
    topic: billing
    stem: Match the form to its electronic twin.
    rationale: R
    references: [{citation: C}]
    matching:
      prompts: [{id: p1, text: CMS-1500, answer_id: x837p}]
      answers: [{id: x837p, text: 837P}, {id: x837i, text: 837I}]
  - id: num
    topic: billing
    points: 1.5
    stem: |
      Allowed $200, deductible met, 20% coinsurance.
      What does the patient owe?
    rationale: R
    references: [{citation: C}]
    numeric: {answer: 40, tolerance: 0.01, tolerance_kind: absolute, unit: USD}
  - id: short
    topic: billing
    stem: "What is the term for the\nfixed fee per visit?"
    rationale: R
    references: [{citation: C}]
    short_text: {accepted: [copay, co-pay*], case_sensitive: false}
  - id: code
    topic: codes
    stem: Code the visit.
    rationale: R
    references: [{citation: C}]
    code_entry:
      system: cpt
      sequence_matters: true
      expected:
        - {code: "99213", modifiers: ["25"], units: 1}
        - {code: "3008F"}
      credit: {right_category: 0.5, wrong_seventh_character: 0.25, wrong_modifier: 0.5, extra_code_penalty: 0.1, wrong_sequence_penalty: 0.2}
  - id: case
    topic: codes
    stem: Read the note.
    case_item:
      scenario: "Visit note: café patient — ☕\n"
      items:
        - id: case-a
          stem: First-listed diagnosis?
          rationale: R
          references: [{citation: C}]
          code_entry: {system: icd10cm, expected: [{code: S52.521A}]}
        - id: case-b
          topic: billing
          stem: Which form?
          rationale: R
          references: [{citation: C}]
          single_choice: {options: [{id: a, correct: true}, {id: b}]}
  - id: fit
    topic: billing
    stem: I enjoy detailed rules.
    likert:
      scale: [Disagree, Neutral, Agree]
      weights: [{trait: detail_orientation, weight: 1.5}, {trait: people, weight: -0.5}]
      reverse_keyed: true
quizzes:
  - id: drill
    title: Drill
    description: Practice every type.
    mode: practice
    shuffle_items: true
    shuffle_options: true
    negative_marking: true
  - id: mini-exam
    title: Mini exam
    mode: exam
    time_limit_seconds: 1800
    warning_seconds: 300
    pass_percent: 70
    selections:
      - item_ids: [sc, code]
      - {topic: billing, count: 3}
      - {count: 6}
      - {topic: codes}
)";

TEST(ParseBankTest, FullBankIsClean) {
  ParsedBank parsed = ParseBank(kFullBank, "full.yaml");
  // The exam has 2 + 3 + 6 + 3 = 14 items, so one warning and nothing else.
  EXPECT_THAT(Lines(parsed),
              ElementsAre(HasSubstr("warning: quizzes[1] (id \"mini-exam\")."
                                    "mode: exam-mode quiz has 14 items")));
  EXPECT_TRUE(parsed.ok());
  EXPECT_EQ(parsed.bank.items_size(), 11);
}

TEST(ParseBankTest, RoundTripsThroughYaml) {
  ParsedBank parsed = ParseBank(kFullBank, "full.yaml");
  ASSERT_TRUE(parsed.ok());
  parsed.bank.set_version(3);
  const std::string yaml = BankToYaml(parsed.bank);
  EXPECT_THAT(yaml, HasSubstr("description: |\n  A bank for tests.\n"));
  ParsedBank back = ParseBank(yaml, "exported.yaml");
  EXPECT_TRUE(back.ok()) << ::testing::PrintToString(Lines(back));
  EXPECT_TRUE(MessageDifferencer::Equals(parsed.bank, back.bank))
      << "exported:\n"
      << yaml;
  // And the export is stable.
  EXPECT_EQ(BankToYaml(back.bank), yaml);
}

TEST(ParseBankTest, PinsCheckFindingsToTheirNode) {
  ParsedBank parsed = ParseBank(R"(id: demo
topics: [{id: t}]
items:
  - id: a
    topic: t
    stem: S
    rationale: R
    references: [{citation: C}]
    true_false: {}
  - id: b
    topic: nope
    stem: S
    rationale: R
    references: [{citation: C}]
    single_choice:
      options:
        - {id: x}
        - {id: x}
)",
                                "bank.yaml");
  EXPECT_FALSE(parsed.ok());
  EXPECT_THAT(
      Lines(parsed),
      ElementsAre(
          "bank.yaml:11:5: error: items[1] (id \"b\").topic: unknown topic "
          "\"nope\"",
          "bank.yaml:15:5: error: items[1] (id \"b\").single_choice: no option "
          "is marked correct",
          "bank.yaml:18:12: error: items[1] (id "
          "\"b\").single_choice.options[1] "
          "(id \"x\").id: duplicate option id \"x\""));
}

TEST(ParseBankTest, MissingFieldLandsOnItsMessage) {
  ParsedBank parsed = ParseBank(R"(id: demo
topics: [{id: t}]
items:
  - id: a
    topic: t
    rationale: R
    references: [{citation: C}]
    true_false: {}
)",
                                "bank.yaml");
  EXPECT_THAT(Lines(parsed),
              ElementsAre("bank.yaml:4:5: error: items[0] (id \"a\").stem: "
                          "stem is missing"));
}

TEST(ParseBankTest, MappingAndCheckErrorsTogetherInFileOrder) {
  ParsedBank parsed = ParseBank(R"(id: Demo
topics: [{id: t}]
items:
  - id: a
    topic: t
    stem: S
    pionts: 2
    true_false: {}
)",
                                "b.yaml");
  std::vector<std::string> lines = Lines(parsed);
  ASSERT_EQ(lines.size(), 4u) << ::testing::PrintToString(lines);
  EXPECT_THAT(lines[0], HasSubstr("b.yaml:1:1: error: id: bank id \"Demo\""));
  EXPECT_THAT(lines[1], HasSubstr("b.yaml:4:5: warning"));
  EXPECT_THAT(lines[2], HasSubstr("b.yaml:4:5: warning"));
  EXPECT_THAT(lines[3], HasSubstr("b.yaml:7:5: error: unknown field 'pionts' "
                                  "in quiz.v1.Item; did you mean 'points'?"));
}

TEST(ParseBankTest, SyntaxErrorIsTheOnlyDiagnostic) {
  ParsedBank parsed = ParseBank("id: demo\nitems: [\n", "s.yaml");
  ASSERT_EQ(parsed.diagnostics.size(), 1u);
  EXPECT_THAT(parsed.diagnostics[0].ToString(),
              HasSubstr("s.yaml:3:1: error: YAML syntax error"));
}

TEST(ParseBankTest, RefusesInvalidUtf8) {
  ParsedBank parsed =
      ParseBank("id: demo\ntitle: caf\xe9 menu\n", "latin1.yaml");
  EXPECT_FALSE(parsed.ok());
  EXPECT_THAT(
      Lines(parsed),
      ElementsAre("latin1.yaml:2:11: error: file is not valid UTF-8 (first "
                  "bad byte at line 2, column 11); save it as UTF-8"));
}

TEST(ParseBankTest, AcceptsUtf8) {
  ParsedBank parsed = ParseBank(
      "id: demo\ntitle: \"caf\xc3\xa9 \xe2\x98\x95 \xf0\x9f\x98\x80\"\n",
      "utf8.yaml");
  EXPECT_TRUE(parsed.ok());
  EXPECT_EQ(parsed.bank.title(), "caf\xc3\xa9 \xe2\x98\x95 \xf0\x9f\x98\x80");
}

TEST(ParseBankTest, RejectsOverlongAndSurrogateUtf8) {
  for (const char* text : {"id: a\xc0\xaf\n", "id: a\xed\xa0\x80\n",
                           "id: a\xf4\x90\x80\x80\n", "id: a\xe2\x98\n"}) {
    ParsedBank parsed = ParseBank(text, "x.yaml");
    ASSERT_EQ(parsed.diagnostics.size(), 1u) << text;
    EXPECT_EQ(parsed.diagnostics[0].column, 6) << text;
  }
}

// ---- Diagnostic and ParsedBank. ----

struct ToStringCase {
  Diagnostic diagnostic;
  std::string want;
};
void PrintTo(const ToStringCase& c, std::ostream* os) { *os << c.want; }

class DiagnosticToStringTest : public ::testing::TestWithParam<ToStringCase> {};

TEST_P(DiagnosticToStringTest, LeavesOutUnknownParts) {
  EXPECT_EQ(GetParam().diagnostic.ToString(), GetParam().want);
}

Diagnostic MakeDiagnostic(Diagnostic::Severity severity, std::string file,
                          int line, int column) {
  Diagnostic d;
  d.severity = severity;
  d.file = std::move(file);
  d.line = line;
  d.column = column;
  d.message = "m";
  return d;
}

INSTANTIATE_TEST_SUITE_P(
    Forms, DiagnosticToStringTest,
    ::testing::Values(
        ToStringCase{MakeDiagnostic(kError, "f.yaml", 3, 7),
                     "f.yaml:3:7: error: m"},
        ToStringCase{MakeDiagnostic(kWarning, "f.yaml", 3, 7),
                     "f.yaml:3:7: warning: m"},
        ToStringCase{MakeDiagnostic(kError, "f.yaml", 3, 0),
                     "f.yaml:3: error: m"},
        ToStringCase{MakeDiagnostic(kError, "f.yaml", 0, 0),
                     "f.yaml: error: m"},
        ToStringCase{MakeDiagnostic(kError, "", 3, 7), "3:7: error: m"},
        ToStringCase{MakeDiagnostic(kError, "", 0, 0), "error: m"}));

TEST(ParsedBankTest, OkIgnoresWarnings) {
  ParsedBank parsed;
  EXPECT_TRUE(parsed.ok());
  parsed.diagnostics.push_back(MakeDiagnostic(kWarning, "", 0, 0));
  EXPECT_TRUE(parsed.ok());
  parsed.diagnostics.push_back(MakeDiagnostic(kError, "", 0, 0));
  EXPECT_FALSE(parsed.ok());
}

// ---- Files and directories. ----

class BankDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = ::testing::TempDir() + "bank_dir_test_XXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  void Write(const std::string& name, const std::string& text) {
    std::ofstream out(dir_ / name, std::ios::binary);
    out << text;
    ASSERT_TRUE(out.good());
  }

  static std::string Bank(const std::string& id) {
    return "id: " + id + "\ntopics: [{id: t}]\nitems:\n  - id: " + id +
           "-1\n    topic: t\n    stem: S\n    true_false: {}\n";
  }

  std::filesystem::path dir_;
};

TEST_F(BankDirTest, LoadsYamlFilesInNameOrder) {
  Write("b.yml", Bank("beta"));
  Write("a.yaml", Bank("alpha"));
  Write("c.yaml", Bank("gamma"));
  Write("notes.txt", "not a bank");
  absl::StatusOr<std::vector<quiz::v1::Bank>> banks = LoadBankDir(dir_);
  ASSERT_TRUE(banks.ok()) << banks.status();
  ASSERT_EQ(banks->size(), 3u);
  EXPECT_EQ((*banks)[0].id(), "alpha");
  EXPECT_EQ((*banks)[1].id(), "beta");
  EXPECT_EQ((*banks)[2].id(), "gamma");
}

TEST_F(BankDirTest, EmptyDirectoryLoadsNothing) {
  absl::StatusOr<std::vector<quiz::v1::Bank>> banks = LoadBankDir(dir_);
  ASSERT_TRUE(banks.ok()) << banks.status();
  EXPECT_THAT(*banks, SizeIs(0));
}

TEST_F(BankDirTest, ListsEveryErrorOfEveryFile) {
  Write("a.yaml", Bank("alpha"));
  Write("b.yaml", "id: Bad\ntitel: x\n");
  Write("c.yaml", "id: gamma\ntitle: caf\xe9\n");
  absl::StatusOr<std::vector<quiz::v1::Bank>> banks = LoadBankDir(dir_);
  ASSERT_EQ(banks.status().code(), absl::StatusCode::kInvalidArgument);
  const std::string message(banks.status().message());
  const std::string b = (dir_ / "b.yaml").string();
  const std::string c = (dir_ / "c.yaml").string();
  EXPECT_THAT(message, HasSubstr("3 error(s)"));
  EXPECT_THAT(message, HasSubstr(b + ":1:1: error: id: bank id \"Bad\""));
  EXPECT_THAT(message, HasSubstr(b + ":2:1: error: unknown field 'titel'"));
  EXPECT_THAT(message, HasSubstr(c + ":2:11: error: file is not valid UTF-8"));
  EXPECT_THAT(message, Not(HasSubstr("a.yaml")));
  EXPECT_THAT(message, Not(HasSubstr("warning")));
}

TEST_F(BankDirTest, BankAndQuizIdsAreUniqueAcrossFiles) {
  const std::string quiz = "quizzes: [{id: q, title: Q}]\n";
  Write("a.yaml", Bank("alpha") + quiz);
  Write("b.yaml", Bank("alpha").replace(0, 9, "id: other") + quiz);
  absl::StatusOr<std::vector<quiz::v1::Bank>> banks = LoadBankDir(dir_);
  ASSERT_EQ(banks.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(banks.status().message(),
              HasSubstr("quiz id \"q\" is also used"));
}

TEST_F(BankDirTest, MissingDirectory) {
  EXPECT_EQ(LoadBankDir((dir_ / "nope").string()).status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(BankDirTest, UnreadableFileIsOneError) {
  ParsedBank parsed = ParseBankFile((dir_ / "missing.yaml").string());
  ASSERT_EQ(parsed.diagnostics.size(), 1u);
  EXPECT_THAT(parsed.diagnostics[0].ToString(),
              HasSubstr("missing.yaml: error: cannot read file"));
}

TEST_F(BankDirTest, ParseBankFileNamesTheFile) {
  Write("x.yaml", "id: x\nzzz: oops\n");
  ParsedBank parsed = ParseBankFile((dir_ / "x.yaml").string());
  EXPECT_THAT(Lines(parsed),
              ElementsAre((dir_ / "x.yaml").string() +
                          ":2:1: error: unknown field 'zzz' in quiz.v1.Bank"));
}

TEST(ShippedBanksTest, LoadWithoutErrors) {
  const std::filesystem::path dir =
      std::filesystem::path(QUIZD_SOURCE_DIR) / "question_bank" / "banks";
  bool has_yaml = false;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
    const std::string extension = entry.path().extension().string();
    if (extension == ".yaml" || extension == ".yml") has_yaml = true;
  }
  if (!has_yaml) GTEST_SKIP() << "no bank files in " << dir;
  absl::StatusOr<std::vector<quiz::v1::Bank>> banks = LoadBankDir(dir);
  EXPECT_TRUE(banks.ok()) << banks.status();
}

}  // namespace
}  // namespace question_bank
