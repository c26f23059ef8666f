// What a bank's strings and enums may hold: declared enum values, no control
// characters, line breaks only in prose, and a length limit per kind of
// field; through CheckBank (what a gRPC push runs) and ParseBank (file:line).
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "google/protobuf/descriptor.h"
#include "gtest/gtest.h"
#include "question_bank/src/bank_check.h"
#include "question_bank/src/bank_file.h"
#include "question_bank/src/yaml_to_proto.h"
#include "quiz/v1/bank.pb.h"

namespace question_bank {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::SizeIs;

// A bank with one clean item and one quiz, as a push would send it.
quiz::v1::Bank CleanBank() {
  quiz::v1::Bank bank;
  bank.set_id("demo");
  bank.set_title("Demo");
  bank.add_topics()->set_id("t1");
  quiz::v1::Item* item = bank.add_items();
  item->set_id("a");
  item->set_topic("t1");
  item->set_stem("Which form?\nPick one.");
  item->set_rationale("Because.");
  item->add_references()->set_citation("C");
  quiz::v1::Option* right = item->mutable_single_choice()->add_options();
  right->set_id("x");
  right->set_text("CMS-1500");
  right->set_correct(true);
  item->mutable_single_choice()->add_options()->set_id("y");
  quiz::v1::Quiz* quiz = bank.add_quizzes();
  quiz->set_id("q");
  quiz->set_title("Q");
  quiz->set_mode(quiz::v1::QUIZ_MODE_PRACTICE);
  return bank;
}

std::vector<std::string> Errors(const quiz::v1::Bank& bank) {
  std::vector<std::string> errors;
  for (const Diagnostic& d : CheckBank(bank)) {
    if (d.severity == Diagnostic::Severity::kError) {
      errors.push_back(d.message);
    }
  }
  return errors;
}

TEST(BankValuesTest, CleanBankHasNoErrors) {
  EXPECT_THAT(Errors(CleanBank()), SizeIs(0));
}

TEST(BankValuesTest, UnknownEnumNumberIsRefused) {
  quiz::v1::Bank bank = CleanBank();
  bank.mutable_quizzes(0)->set_mode(static_cast<quiz::v1::QuizMode>(77));
  EXPECT_THAT(Errors(bank),
              ElementsAre("quizzes[0] (id \"q\").mode: unknown value 77 of "
                          "enum quiz.v1.QuizMode; allowed: "
                          "QUIZ_MODE_UNSPECIFIED, QUIZ_MODE_PRACTICE, "
                          "QUIZ_MODE_EXAM"));
  bank = CleanBank();
  bank.mutable_items(0)->mutable_multiple_choice()->set_scoring(
      static_cast<quiz::v1::MultiSelectScoring>(-3));
  EXPECT_THAT(Errors(bank), Contains(HasSubstr("unknown value -3 of enum "
                                               "quiz.v1.MultiSelectScoring")));
}

TEST(BankValuesTest, UnknownEnumInAFileNamesItsLine) {
  const ParsedBank parsed = ParseBank(
      "id: demo\ntopics: [{id: t1}]\nquizzes:\n  - id: q\n    title: Q\n"
      "    mode: 77\n",
      "b.yaml");
  ASSERT_FALSE(parsed.ok());
  EXPECT_THAT(parsed.diagnostics[0].ToString(),
              HasSubstr("b.yaml:6:11: error: invalid value '77' for enum "
                        "field 'mode'"));
}

TEST(BankValuesTest, ControlCharactersAreRefusedEverywhere) {
  for (const std::string& bad :
       {std::string("a\0b", 3), std::string("\x1b[2J"), std::string("a\tb"),
        std::string("a\rb"), std::string("a\x7f"), std::string("a\xc2\x9b")}) {
    quiz::v1::Bank bank = CleanBank();
    bank.set_title(bad);
    bank.mutable_items(0)->set_stem("S" + bad);
    bank.mutable_items(0)
        ->mutable_single_choice()
        ->mutable_options(0)
        ->set_text(bad);
    const std::vector<std::string> errors = Errors(bank);
    EXPECT_THAT(errors, Contains(HasSubstr("title: has the control character")))
        << bad;
    EXPECT_THAT(errors, Contains(HasSubstr("stem: has the control character")))
        << bad;
    EXPECT_THAT(errors, Contains(HasSubstr("options[0] (id \"x\").text: has "
                                           "the control character")))
        << bad;
  }
}

TEST(BankValuesTest, LineBreaksOnlyInProse) {
  quiz::v1::Bank bank = CleanBank();
  bank.set_description("Two\nlines.\n");
  bank.mutable_items(0)->set_rationale("a\n\nb\n");
  bank.mutable_items(0)
      ->mutable_single_choice()
      ->mutable_options(0)
      ->set_feedback("Yes.\nReally.");
  EXPECT_THAT(Errors(bank), SizeIs(0));
  bank.set_title("Two\nlines");
  bank.mutable_items(0)->set_id("a\nb");
  bank.mutable_items(0)->mutable_single_choice()->mutable_options(0)->set_text(
      "x\n");
  const std::vector<std::string> errors = Errors(bank);
  EXPECT_THAT(errors, Contains("title: has a line break (character 4); it "
                               "must be one line"));
  EXPECT_THAT(errors, Contains(HasSubstr("].id: has a line break")));
  EXPECT_THAT(errors, Contains(HasSubstr("options[0] (id \"x\").text: has a "
                                         "line break")));
}

struct LimitCase {
  std::string name;
  // Sets a field of a clean bank to `text`.
  void (*set)(quiz::v1::Bank*, const std::string& text);
  size_t limit;
  std::string field;  // how the error names the field
};
void PrintTo(const LimitCase& c, std::ostream* os) { *os << c.name; }

class LengthLimitTest : public ::testing::TestWithParam<LimitCase> {};

TEST_P(LengthLimitTest, AtTheLimitPassesOneMoreIsRefused) {
  const LimitCase& c = GetParam();
  quiz::v1::Bank bank = CleanBank();
  // Characters, not bytes: "é" is two bytes.
  std::string text;
  for (size_t i = 0; i < c.limit; ++i) text += i % 2 == 0 ? "a" : "\xc3\xa9";
  c.set(&bank, text);
  EXPECT_THAT(Errors(bank), Not(Contains(HasSubstr("characters long"))));
  c.set(&bank, text + "z");
  EXPECT_THAT(Errors(bank),
              Contains(HasSubstr(absl::StrCat(c.field, ": is ", c.limit + 1,
                                              " characters long, more than "
                                              "the ",
                                              c.limit, " allowed"))));
}

INSTANTIATE_TEST_SUITE_P(
    Kinds, LengthLimitTest,
    ::testing::Values(LimitCase{"Id",
                                [](quiz::v1::Bank* b, const std::string& t) {
                                  b->mutable_quizzes(0)->set_id(t);
                                },
                                kMaxIdChars, "quizzes[0].id"},
                      LimitCase{"Title",
                                [](quiz::v1::Bank* b, const std::string& t) {
                                  b->mutable_quizzes(0)->set_title(t);
                                },
                                kMaxTitleChars, "quizzes[0] (id \"q\").title"},
                      LimitCase{
                          "OptionText",
                          [](quiz::v1::Bank* b, const std::string& t) {
                            b->mutable_items(0)
                                ->mutable_single_choice()
                                ->mutable_options(1)
                                ->set_text(t);
                          },
                          kMaxOptionTextChars,
                          "items[0] (id \"a\").single_choice.options[1] (id "
                          "\"y\").text"},
                      LimitCase{"Stem",
                                [](quiz::v1::Bank* b, const std::string& t) {
                                  b->mutable_items(0)->set_stem(t);
                                },
                                kMaxProseChars, "items[0] (id \"a\").stem"}),
    [](const auto& info) { return info.param.name; });

TEST(BankValuesTest, HugeTitleInAFileNamesItsLine) {
  const ParsedBank parsed = ParseBank(
      "id: demo\ntitle: " + std::string(100000, 'T') + "\n", "big.yaml");
  ASSERT_FALSE(parsed.ok());
  EXPECT_THAT(parsed.diagnostics[0].ToString(),
              HasSubstr("big.yaml:2:1: error: title: is 100000 characters "
                        "long, more than the 200 allowed for titles"));
}

TEST(BankValuesTest, EscapedNulInAFileNamesItsLine) {
  const ParsedBank parsed = ParseBank(
      "id: demo\ntopics: [{id: t1}]\nitems:\n  - id: a\n"
      "    topic: t1\n    stem: \"a\\0b\"\n    true_false: {}\n",
      "nul.yaml");
  ASSERT_FALSE(parsed.ok());
  std::vector<std::string> lines;
  for (const Diagnostic& d : parsed.diagnostics) lines.push_back(d.ToString());
  EXPECT_THAT(lines, Contains("nul.yaml:6:5: error: items[0] (id \"a\").stem: "
                              "has the control character U+0000 (character "
                              "2), which is not allowed"));
}

TEST(BankValuesTest, BadIdIsNotRepeatedInLabels) {
  quiz::v1::Bank bank = CleanBank();
  bank.mutable_items(0)->set_id(std::string(1000, 'i'));
  for (const std::string& error : Errors(bank)) {
    EXPECT_THAT(error, Not(HasSubstr("(id \"iii")));
  }
}

// Values quoted in messages cannot flood them or carry escape sequences.
TEST(BankValuesTest, QuotedValuesAreShortAndEscaped) {
  quiz::v1::Bank bank = CleanBank();
  bank.mutable_items(0)->set_topic("\x1b[2J" + std::string(100, 't'));
  EXPECT_THAT(Errors(bank),
              Contains("items[0] (id \"a\").topic: unknown topic \"\\x1B[2J" +
                       std::string(36, 't') + "\u2026\""));
}

// A bank of many broken items lists the first kMaxBankFindings problems
// and says how many more there are, rather than millions of lines.
TEST(BankValuesTest, FindingsAreCapped) {
  quiz::v1::Bank bank = CleanBank();
  for (int i = 0; i < 5000; ++i) bank.add_items();
  const std::vector<Diagnostic> diagnostics = CheckBank(bank);
  ASSERT_EQ(diagnostics.size(), kMaxBankFindings + 1);
  EXPECT_THAT(diagnostics.back().message,
              HasSubstr("more problems are not listed (only the first 1000 "
                        "are)"));
}

TEST(BankValuesTest, MappingErrorsAreCapped) {
  std::string yaml = "id: demo\nitems:\n";
  for (int i = 0; i < 1500; ++i) yaml += "  - {zzz: 1}\n";
  quiz::v1::Bank bank;
  const YamlParseResult result = ParseYamlToMessage(yaml, &bank);
  ASSERT_EQ(result.errors.size(), kMaxYamlErrors + 1);
  EXPECT_EQ(result.errors.back().message,
            "500 more errors are not listed (only the first 1000 are)");
  EXPECT_EQ(bank.items_size(), 1500);
}

// Every string field of the bank model has a kind chosen on purpose: a new
// field must be added to the table in bank_check.cc.
TEST(BankValuesTest, EveryStringFieldHasADeclaredKind) {
  std::vector<const google::protobuf::Descriptor*> pending = {
      quiz::v1::Bank::descriptor()};
  std::set<const google::protobuf::Descriptor*> seen;
  while (!pending.empty()) {
    const google::protobuf::Descriptor* type = pending.back();
    pending.pop_back();
    if (!seen.insert(type).second) continue;
    for (int i = 0; i < type->field_count(); ++i) {
      const google::protobuf::FieldDescriptor* field = type->field(i);
      if (field->message_type() != nullptr) {
        pending.push_back(field->message_type());
      } else if (field->cpp_type() ==
                 google::protobuf::FieldDescriptor::CPPTYPE_STRING) {
        EXPECT_NE(DeclaredTextKind(field), nullptr) << field->full_name();
      }
    }
  }
  EXPECT_GE(seen.size(), 20u);
}

}  // namespace
}  // namespace question_bank
