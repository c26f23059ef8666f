#include "question_bank/src/gift_import.h"

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "question_bank/src/bank_file.h"
#include "question_bank/src/gift_export.h"
#include "quiz/v1/bank.pb.h"
#include "tests/question_bank/diagnostics_util.h"

namespace question_bank {
namespace {

using ::google::protobuf::util::MessageDifferencer;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;

quiz::v1::Item ItemFromText(const std::string& text) {
  quiz::v1::Item item;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &item))
      << text;
  return item;
}

std::vector<std::string> Messages(const ParsedBank& parsed,
                                  Diagnostic::Severity severity) {
  std::vector<std::string> messages;
  for (const Diagnostic& d : parsed.diagnostics) {
    if (d.severity == severity) messages.push_back(d.message);
  }
  return messages;
}

// ------------------------------------------------------------ one question

struct ImportCase {
  std::string name;
  std::string gift;
  // The one item expected, in proto text format.
  std::string item;
  // A substring of each warning, in order; no other warnings.
  std::vector<std::string> warnings = {};
};
void PrintTo(const ImportCase& c, std::ostream* os) { *os << c.name; }

std::vector<ImportCase> ImportCases() {
  return {
      // The examples of docs.moodle.org/en/GIFT_format.
      {"MultipleChoiceGrant",
       "Who's buried in Grant's tomb?{~Grant ~Jefferson =no one}",
       R"(id: "gift-1" topic: "general" stem: "Who's buried in Grant's tomb?"
          single_choice { options { id: "a" text: "Grant" }
                          options { id: "b" text: "Jefferson" }
                          options { id: "c" text: "no one" correct: true } })"},
      {"MissingWordChoice",
       "Grant is {~buried =entombed ~living} in Grant's tomb.",
       R"(id: "gift-1" topic: "general" stem: "Grant is _____ in Grant's tomb."
          single_choice { options { id: "a" text: "buried" }
                          options { id: "b" text: "entombed" correct: true }
                          options { id: "c" text: "living" } })"},
      {"TrueFalseF", "Grant is buried in Grant's tomb.{F}",
       R"(id: "gift-1" topic: "general"
          stem: "Grant is buried in Grant's tomb." true_false {})"},
      {"TrueFalseT", "The sun rises in the east.{T}",
       R"(id: "gift-1" topic: "general" stem: "The sun rises in the east."
          true_false { answer: true })"},
      {"TrueFalseFeedbackTrue",
       "A denied claim can be appealed.{TRUE#Wrong: it can.#Right.}",
       R"(id: "gift-1" topic: "general" stem: "A denied claim can be appealed."
          true_false { answer: true feedback_true: "Right."
                       feedback_false: "Wrong: it can." })"},
      {"TrueFalseFeedbackFalse",
       "Grant is buried in Grant's tomb.{FALSE#No one is buried there.}",
       R"(id: "gift-1" topic: "general"
          stem: "Grant is buried in Grant's tomb."
          true_false { feedback_true: "No one is buried there." })"},
      {"ShortAnswer", "Who's buried in Grant's tomb?{=no one =nobody}",
       R"(id: "gift-1" topic: "general" stem: "Who's buried in Grant's tomb?"
          short_text { accepted: "no one" accepted: "nobody" })"},
      {"ShortAnswerMissingWord", "Two plus two equals {=four =4}.",
       R"(id: "gift-1" topic: "general" stem: "Two plus two equals _____."
          short_text { accepted: "four" accepted: "4" })"},
      {"ShortAnswerWithoutEquals", "Two plus two equals {four}.",
       R"(id: "gift-1" topic: "general" stem: "Two plus two equals _____."
          short_text { accepted: "four" })"},
      {"ShortAnswerWildcard", "Name the cost share.{=*coinsurance*}",
       R"(id: "gift-1" topic: "general" stem: "Name the cost share."
          short_text { accepted: "*coinsurance*" })"},
      {"ShortAnswerPartialDropped",
       "Who's buried in Grant's tomb?{=nobody#Yes =%50%Grant#Half}",
       R"(id: "gift-1" topic: "general" stem: "Who's buried in Grant's tomb?"
          short_text { accepted: "nobody" })",
       {"feedback on answer \"nobody\" dropped",
        "answer \"Grant\" (50%) dropped"}},
      {"NumericTolerance", "What is a number from 1 to 5? {#3:2}",
       R"(id: "gift-1" topic: "general" stem: "What is a number from 1 to 5?"
          numeric { answer: 3 tolerance: 2 })"},
      {"NumericPi", "What is the value of pi (to 2 places)? {#3.14:0.01}",
       R"(id: "gift-1" topic: "general"
          stem: "What is the value of pi (to 2 places)?"
          numeric { answer: 3.14 tolerance: 0.01 })"},
      {"NumericRange", "What is a number from 1 to 5? {#1..5}",
       R"(id: "gift-1" topic: "general" stem: "What is a number from 1 to 5?"
          numeric { answer: 3 tolerance: 2 })"},
      {"NumericExact", "The patient owes how much?{#64}",
       R"(id: "gift-1" topic: "general" stem: "The patient owes how much?"
          numeric { answer: 64 })"},
      {"NumericMultipleAnswers",
       "When was Ulysses S. Grant born? {# =1822:0 =%50%1822:2}",
       R"(id: "gift-1" topic: "general" stem: "When was Ulysses S. Grant born?"
          numeric { answer: 1822 })",
       {"answer \"1822:2\" (50%) dropped"}},
      {"NumericFeedbackDropped",
       "Owed?{#=64#Right ~#Check the copay}",
       R"(id: "gift-1" topic: "general" stem: "Owed?" numeric { answer: 64 })",
       {"feedback on the answer dropped", "feedback for other answers"}},
      {"Matching",
       "Match the following countries with their corresponding capitals. "
       "{=Canada -> Ottawa =Italy -> Rome =Japan -> Tokyo =India -> New Delhi}",
       R"(id: "gift-1" topic: "general"
          stem: "Match the following countries with their corresponding capitals."
          matching {
            prompts { id: "p1" text: "Canada" answer_id: "r1" }
            prompts { id: "p2" text: "Italy" answer_id: "r2" }
            prompts { id: "p3" text: "Japan" answer_id: "r3" }
            prompts { id: "p4" text: "India" answer_id: "r4" }
            answers { id: "r1" text: "Ottawa" } answers { id: "r2" text: "Rome" }
            answers { id: "r3" text: "Tokyo" }
            answers { id: "r4" text: "New Delhi" } })"},
      {"MatchingDistractorAndSharedAnswer",
       "Match each form.{=CMS-1500 -> 837P =Superbill -> 837P "
       "=UB-04 -> 837I = -> 835}",
       R"(id: "gift-1" topic: "general" stem: "Match each form."
          matching {
            prompts { id: "p1" text: "CMS-1500" answer_id: "r1" }
            prompts { id: "p2" text: "Superbill" answer_id: "r1" }
            prompts { id: "p3" text: "UB-04" answer_id: "r2" }
            answers { id: "r1" text: "837P" } answers { id: "r2" text: "837I" }
            answers { id: "r3" text: "835" } })"},
      {"MultipleAnswersWeights",
       "What two people are entombed in Grant's tomb? {~%-100%No one "
       "~%50%Grant ~%50%Grant's wife ~%-100%Grant's father}",
       R"(id: "gift-1" topic: "general"
          stem: "What two people are entombed in Grant's tomb?"
          multiple_choice { scoring: MULTI_SELECT_PARTIAL
            options { id: "a" text: "No one" }
            options { id: "b" text: "Grant" correct: true }
            options { id: "c" text: "Grant's wife" correct: true }
            options { id: "d" text: "Grant's father" } })"},
      {"MultipleAnswersUnequalWeights",
       "Pick.{~%70%a ~%30%b ~c}",
       R"(id: "gift-1" topic: "general" stem: "Pick."
          multiple_choice { scoring: MULTI_SELECT_PARTIAL
            options { id: "a" text: "a" correct: true }
            options { id: "b" text: "b" correct: true }
            options { id: "c" text: "c" } })",
       {"different weights"}},
      {"SingleChoicePartialWeightDropped",
       "Grant is {~%50%buried#Half credit. =entombed ~living} in Grant's tomb.",
       R"(id: "gift-1" topic: "general" stem: "Grant is _____ in Grant's tomb."
          single_choice {
            options { id: "a" text: "buried" feedback: "Half credit." }
            options { id: "b" text: "entombed" correct: true }
            options { id: "c" text: "living" } })",
       {"answer \"buried\" has weight 50%"}},
      {"AnswerFeedback",
       "What's between orange and green in the spectrum?\n"
       "{ =yellow # right; good! ~red # wrong, it's yellow\n"
       "  ~blue # wrong, it's yellow }",
       R"(id: "gift-1" topic: "general"
          stem: "What's between orange and green in the spectrum?"
          single_choice {
            options { id: "a" text: "yellow" correct: true
                      feedback: "right; good!" }
            options { id: "b" text: "red" feedback: "wrong, it's yellow" }
            options { id: "c" text: "blue" feedback: "wrong, it's yellow" } })"},
      {"GeneralFeedback",
       "Which form is the paper 837P?{=CMS-1500 ~UB-04 ####The CMS-1500 is "
       "the professional claim.}",
       R"(id: "gift-1" topic: "general" stem: "Which form is the paper 837P?"
          rationale: "The CMS-1500 is the professional claim."
          single_choice { options { id: "a" text: "CMS-1500" correct: true }
                          options { id: "b" text: "UB-04" } })"},
      {"GeneralFeedbackOnTrueFalse", "Copays are fixed.{T####They are.}",
       R"(id: "gift-1" topic: "general" stem: "Copays are fixed."
          rationale: "They are." true_false { answer: true })"},
      {"Title", "::Grant's Tomb (1)::Who's buried in Grant's tomb?{T}",
       R"(id: "grants-tomb-1" topic: "general"
          stem: "Who's buried in Grant's tomb?" true_false { answer: true })"},
      {"Escapes",
       R"(::Esc::Use \{braces\} \= \~ \# a\: b \\ c\nd{=x\=y\#z ~w})",
       R"(id: "esc" topic: "general"
          stem: "Use {braces} = ~ # a: b \\ c\nd"
          single_choice { options { id: "a" text: "x=y#z" correct: true }
                          options { id: "b" text: "w" } })"},
      {"BackslashBeforeOtherCharacter", R"(Path C:\temp?{=yes ~no})",
       R"(id: "gift-1" topic: "general" stem: "Path C:\\temp?"
          single_choice { options { id: "a" text: "yes" correct: true }
                          options { id: "b" text: "no" } })"},
      {"HtmlFormat",
       "[html]<p>Which form is the <b>paper</b> claim &amp; its "
       "twin?</p><p>Pick one.</p>{=[html]<i>CMS-1500</i> ~UB-04#Not "
       "&lt;institutional&gt;}",
       R"(id: "gift-1" topic: "general"
          stem: "Which form is the paper claim & its twin?\nPick one."
          single_choice {
            options { id: "a" text: "CMS-1500" correct: true }
            options { id: "b" text: "UB-04" feedback: "Not <institutional>" } })"},
      {"HtmlBreaksAndLists",
       "[html]Steps:<br/><ul><li>Verify</li><li>Code</li></ul>{T}",
       R"(id: "gift-1" topic: "general" stem: "Steps:\n- Verify\n- Code"
          true_false { answer: true })"},
      {"MarkdownFormatKept", "[markdown]Is **bold** kept?{T}",
       R"(id: "gift-1" topic: "general" stem: "Is **bold** kept?"
          true_false { answer: true })"},
      {"PlainAndMoodleFormats", "[plain]<b> stays?{=[moodle]yes ~no}",
       R"(id: "gift-1" topic: "general" stem: "<b> stays?"
          single_choice { options { id: "a" text: "yes" correct: true }
                          options { id: "b" text: "no" } })"},
      {"UnknownBracketIsText", "[x] Which?{T}",
       R"(id: "gift-1" topic: "general" stem: "[x] Which?"
          true_false { answer: true })"},
      {"MultiLineWithComments",
       "// A comment before.\n::Multi::First line\n// inside\nsecond line\n"
       "{\n  =yes\n  ~no\n}",
       R"(id: "multi" topic: "general" stem: "First line\nsecond line"
          single_choice { options { id: "a" text: "yes" correct: true }
                          options { id: "b" text: "no" } })"},
      {"CrLfLineEndings", "::CRLF::Windows\r\nfile?{\r\n=yes ~no}\r\n",
       R"(id: "crlf" topic: "general" stem: "Windows\nfile?"
          single_choice { options { id: "a" text: "yes" correct: true }
                          options { id: "b" text: "no" } })"},
  };
}

class GiftImportTest : public ::testing::TestWithParam<ImportCase> {};

TEST_P(GiftImportTest, ImportsTheQuestion) {
  const ImportCase& c = GetParam();
  const ParsedBank parsed = ImportGift(c.gift, "t.gift");
  ASSERT_TRUE(parsed.ok()) << AllDiagnostics(parsed);
  ASSERT_THAT(parsed.bank.items(), SizeIs(1)) << AllDiagnostics(parsed);
  const quiz::v1::Item expected = ItemFromText(c.item);
  std::string differences;
  MessageDifferencer differencer;
  differencer.ReportDifferencesToString(&differences);
  EXPECT_TRUE(differencer.Compare(expected, parsed.bank.items(0)))
      << differences << "\ngot: " << parsed.bank.items(0).DebugString();
  const std::vector<std::string> warnings =
      Messages(parsed, Diagnostic::Severity::kWarning);
  ASSERT_THAT(warnings, SizeIs(c.warnings.size())) << AllDiagnostics(parsed);
  for (size_t i = 0; i < warnings.size(); ++i) {
    EXPECT_THAT(warnings[i], HasSubstr(c.warnings[i]));
  }
  // Whatever is imported passes the bank checker.
  for (const Diagnostic& d : CheckBank(parsed.bank)) {
    EXPECT_EQ(d.severity, Diagnostic::Severity::kWarning) << d.ToString();
  }
}

INSTANTIATE_TEST_SUITE_P(Constructs, GiftImportTest,
                         ::testing::ValuesIn(ImportCases()),
                         [](const auto& info) { return info.param.name; });

// ------------------------------------------------------------------ errors

struct ErrorCase {
  std::string name;
  std::string gift;
  int line = 0;
  int column = 0;
  std::string error;  // a substring of the first error
};
void PrintTo(const ErrorCase& c, std::ostream* os) { *os << c.name; }

std::vector<ErrorCase> ErrorCases() {
  // Each file starts with a good question, so line numbers are tested past
  // the first block.
  const std::string good = "::ok::Fine?{T}\n\n";
  return {
      {"OpenBraceOnly", good + "Owed?\n{=64", 4, 1, "unbalanced braces"},
      {"CloseBraceOnly", good + "Owed? =64}", 3, 10, "unbalanced braces"},
      {"SecondAnswerBlock", good + "Q1{=a ~b}\nQ2{T}", 4, 3,
       "a second answer block"},
      {"BraceInsideBlock", good + "Q{=a { ~b}", 3, 6, "'{' inside"},
      {"TextAfterStrayBrace", good + "Q{=a ~b} }", 3, 10, "'}' after"},
      {"UnclosedTitle", good + "::Title Q{T}", 3, 1, "not closed"},
      {"TwoFullCreditAnswers", good + "Q{=a =b ~c}", 3, 3,
       "2 answers have full credit"},
      {"NoCorrectChoice", good + "Q{~a ~b}", 3, 3, "no answer is correct"},
      {"OneChoice", good + "Q{~a}", 3, 3, "at least 2 answers"},
      {"EmptyChoice", good + "Q{=a ~ ~b}", 3, 8, "answer 2 is empty"},
      {"MalformedWeight", good + "Q{~%abc%a =b}", 3, 4, "malformed weight"},
      {"UnclosedWeight", good + "Q{~%50 a =b}", 3, 4, "malformed weight"},
      {"NotANumber", good + "Q{#abc}", 3, 4, "\"abc\" is not a number"},
      {"NotANumberTolerance", good + "Q{#3:x}", 3, 4, "is not a number"},
      {"RangeBackwards", good + "Q{#5..1}", 3, 4, "minimum above its maximum"},
      {"NegativeTolerance", good + "Q{#5:-1}", 3, 4, "negative tolerance"},
      {"NumericNoFullCredit", good + "Q{#=%50%3}", 3, 4,
       "no answer has full credit"},
      {"NumericEmpty", good + "Q{# }", 3, 4, "has no number"},
      {"ShortAnswerNoFullCredit", good + "Q{=%50%x}", 3, 3,
       "no answer has full credit"},
      {"MatchingPairWithoutArrow", good + "Q{=a -> b =c}", 3, 12,
       "pair \"c\" has no '->'"},
      {"MatchingOnePair", good + "Q{=a -> b}", 3, 3, "at least 2 pairs"},
      {"MatchingNoAnswer", good + "Q{=a -> b =c ->}", 3, 12,
       "no answer after '->'"},
      {"MatchingOnlyDistractors", good + "Q{= -> a = -> b}", 3, 3,
       "no pair has a prompt"},
      {"EmptyCategory", good + "$CATEGORY:  \n\nQ{T}", 3, 1,
       "names no category"},
      {"CheckerEmptyStem", good + "\n\n::t::{T}", 5, 1, "stem is missing"},
  };
}

class GiftImportErrorTest : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(GiftImportErrorTest, ReportsWhere) {
  const ErrorCase& c = GetParam();
  const ParsedBank parsed = ImportGift(c.gift, "bad.gift");
  ASSERT_FALSE(parsed.ok());
  const Diagnostic* error = nullptr;
  for (const Diagnostic& d : parsed.diagnostics) {
    if (d.severity == Diagnostic::Severity::kError) {
      error = &d;
      break;
    }
  }
  ASSERT_NE(error, nullptr);
  EXPECT_THAT(error->message, HasSubstr(c.error)) << AllDiagnostics(parsed);
  EXPECT_EQ(error->file, "bad.gift");
  EXPECT_EQ(error->line, c.line) << error->ToString();
  EXPECT_EQ(error->column, c.column) << error->ToString();
  // The good question is still read; the bad one is left out.
  ASSERT_GE(parsed.bank.items_size(), 1);
  EXPECT_EQ(parsed.bank.items(0).id(), "ok");
}

INSTANTIATE_TEST_SUITE_P(Errors, GiftImportErrorTest,
                         ::testing::ValuesIn(ErrorCases()),
                         [](const auto& info) { return info.param.name; });

// ------------------------------------------------------ whole files

TEST(GiftImportFileTest, DescriptionsAndEssaysAreSkippedWithTheirLine) {
  const ParsedBank parsed = ImportGift(
      "::a::Q?{T}\n"
      "\n"
      "::Intro::This part covers denials.\n"
      "\n"
      "// an essay\n"
      "Explain a denial.{}\n"
      "\n"
      "Essay with feedback.{####Mention CARCs.}\n"
      "\n"
      "::b::Q?{F}\n",
      "f.gift");
  EXPECT_TRUE(parsed.ok()) << AllDiagnostics(parsed);
  std::vector<std::string> lines;
  for (const Diagnostic& d : parsed.diagnostics) lines.push_back(d.ToString());
  EXPECT_THAT(
      lines,
      ElementsAre(HasSubstr("f.gift:3:1: warning: question \"Intro\" has no "
                            "answer block { }: descriptions are not "
                            "supported; skipped"),
                  HasSubstr("f.gift:6:1: warning: question has an empty "
                            "answer block {}: essays are not supported"),
                  HasSubstr("f.gift:8:1: warning: question has an empty "
                            "answer block")));
  ASSERT_THAT(parsed.bank.items(), SizeIs(2));
  EXPECT_EQ(parsed.bank.items(0).id(), "a");
  EXPECT_EQ(parsed.bank.items(1).id(), "b");
}

TEST(GiftImportFileTest, InvalidUtf8IsRefusedWithOffsetAndLine) {
  const ParsedBank parsed =
      ImportGift("Q1?{T}\n\nBad \xE9t\xE9?{T}\n", "latin1.gift");
  ASSERT_FALSE(parsed.ok());
  ASSERT_THAT(parsed.diagnostics, SizeIs(1));
  const Diagnostic& error = parsed.diagnostics[0];
  EXPECT_EQ(error.file, "latin1.gift");
  EXPECT_EQ(error.line, 3);
  EXPECT_EQ(error.column, 5);
  EXPECT_THAT(error.message,
              HasSubstr("latin1.gift is not valid UTF-8: byte 0xE9 at byte "
                        "offset 12 (line 3, column 5)"));
  EXPECT_THAT(parsed.bank.items(), SizeIs(0));
}

TEST(GiftImportFileTest, Utf8TextAndByteOrderMarkAreFine) {
  const ParsedBank parsed = ImportGift(
      "\xEF\xBB\xBF::Caf\xC3\xA9::Is caf\xC3\xA9 fine?{T}", "u.gift");
  ASSERT_TRUE(parsed.ok()) << AllDiagnostics(parsed);
  ASSERT_THAT(parsed.bank.items(), SizeIs(1));
  EXPECT_EQ(parsed.bank.items(0).id(), "caf");
  EXPECT_EQ(parsed.bank.items(0).stem(), "Is caf\xC3\xA9 fine?");
}

TEST(GiftImportFileTest, ItemIdsFromTitlesAreUniqueAndOthersCountQuestions) {
  const ParsedBank parsed = ImportGift(
      "A description.\n\n"          // question 1, skipped
      "::Same::One?{T}\n\n"         // same
      "::Same::Two?{T}\n\n"         // same-2, with a warning
      "Untitled?{T}\n\n"            // gift-4
      "::???::Symbols only?{T}\n",  // gift-5
      "ids.gift");
  ASSERT_TRUE(parsed.ok()) << AllDiagnostics(parsed);
  std::vector<std::string> ids;
  for (const auto& item : parsed.bank.items()) ids.push_back(item.id());
  EXPECT_THAT(ids, ElementsAre("same", "same-2", "gift-4", "gift-5"));
  EXPECT_THAT(Messages(parsed, Diagnostic::Severity::kWarning),
              ElementsAre(HasSubstr("descriptions are not supported"),
                          HasSubstr("title \"Same\" gives the id \"same\", "
                                    "which is taken; using \"same-2\"")));
}

TEST(GiftImportFileTest, CategoriesBecomeTopics) {
  const ParsedBank parsed = ImportGift(
      "Before any category?{T}\n\n"
      "$CATEGORY: $course$/top/Billing/Denials\n\n"
      "::d1::Q?{T}\n\n"
      "$CATEGORY: $course$/top/Coding/Denials\n"
      "::d2::Q?{T}\n\n"
      "$CATEGORY: $course$/top/Billing/Denials\n\n"
      "::d3::Q?{T}\n\n"
      "$CATEGORY: Remittance//ERA\n\n"
      "::r1::Q?{T}\n",
      "topics.gift");
  ASSERT_TRUE(parsed.ok()) << AllDiagnostics(parsed);
  std::vector<std::string> topics;
  for (const auto& topic : parsed.bank.topics()) {
    topics.push_back(topic.id() + "=" + topic.title());
  }
  EXPECT_THAT(topics, ElementsAre("general=General", "denials=Denials",
                                  "denials-2=Denials",
                                  "remittance-era=Remittance/ERA"));
  std::vector<std::string> item_topics;
  for (const auto& item : parsed.bank.items()) {
    item_topics.push_back(item.id() + ":" + item.topic());
  }
  EXPECT_THAT(item_topics,
              ElementsAre("gift-1:general", "d1:denials", "d2:denials-2",
                          "d3:denials", "r1:remittance-era"));
}

TEST(GiftImportFileTest, BankIdAndTitleComeFromOptionsOrFileName) {
  ParsedBank parsed = ImportGift("Q?{T}", "/tmp/My Billing Quiz.gift");
  EXPECT_EQ(parsed.bank.id(), "my-billing-quiz");
  EXPECT_EQ(parsed.bank.title(), "Imported from My Billing Quiz.gift");
  parsed = ImportGift("Q?{T}", "x.gift", {"billing-101", "Billing 101"});
  EXPECT_EQ(parsed.bank.id(), "billing-101");
  EXPECT_EQ(parsed.bank.title(), "Billing 101");
  parsed = ImportGift("Q?{T}", "", {});
  EXPECT_EQ(parsed.bank.id(), "gift");
}

TEST(GiftImportFileTest, InvalidBankIdIsACheckerError) {
  const ParsedBank parsed = ImportGift("Q?{T}", "x.gift", {"Bad Id", ""});
  ASSERT_FALSE(parsed.ok());
  EXPECT_THAT(Messages(parsed, Diagnostic::Severity::kError),
              ElementsAre(HasSubstr("must match [a-z0-9][a-z0-9-]*")));
}

TEST(GiftImportFileTest, EmptyAndCommentOnlyFilesGiveAnEmptyBank) {
  for (const char* text : {"", "\n\n", "// only a comment\n// another\n"}) {
    const ParsedBank parsed = ImportGift(text, "empty.gift");
    EXPECT_TRUE(parsed.ok()) << AllDiagnostics(parsed);
    EXPECT_THAT(parsed.bank.items(), SizeIs(0));
    EXPECT_THAT(parsed.diagnostics, SizeIs(0));
  }
}

TEST(GiftImportFileTest, UnreadableFileIsOneError) {
  const ParsedBank parsed = ImportGiftFile("/nonexistent/dir/q.gift");
  ASSERT_FALSE(parsed.ok());
  ASSERT_THAT(parsed.diagnostics, SizeIs(1));
  EXPECT_THAT(parsed.diagnostics[0].ToString(),
              HasSubstr("/nonexistent/dir/q.gift: error: cannot read"));
}

TEST(GiftImportFileTest, SampleFileImportsCleanly) {
  const std::string path = std::string(QUIZD_SOURCE_DIR) +
                           "/question_bank/examples/billing-sample.gift";
  const ParsedBank parsed = ImportGiftFile(path);
  ASSERT_TRUE(parsed.ok()) << AllDiagnostics(parsed);
  EXPECT_EQ(parsed.bank.id(), "billing-sample");
  EXPECT_THAT(parsed.bank.items(), SizeIs(8));
  std::set<quiz::v1::Item::TypeCase> types;
  for (const auto& item : parsed.bank.items()) types.insert(item.type_case());
  EXPECT_THAT(types, SizeIs(6)) << "every GIFT-expressible type";
}

TEST(GiftSlugTest, Slugs) {
  EXPECT_EQ(GiftSlug("Grant's Tomb"), "grants-tomb");
  EXPECT_EQ(GiftSlug("  CO-45: contractual  "), "co-45-contractual");
  EXPECT_EQ(GiftSlug("icd-7th-001"), "icd-7th-001");
  EXPECT_EQ(GiftSlug("Patient\u2019s balance"), "patients-balance");
  EXPECT_EQ(GiftSlug("%%%"), "");
  EXPECT_EQ(GiftSlug(std::string(100, 'a')), std::string(64, 'a'));
}

// --------------------------------------- found by fuzz/gift_import_fuzzer.cc

// A lone CR stayed inside texts, where the export cannot write it, so the
// export imported differently. Every line ending (LF, CRLF, CR) ends a line.
TEST(GiftImportFuzzFindingsTest, EveryLineEndingEndsALine) {
  const ParsedBank parsed = ImportGift(
      "::a::One?{T#wrong\rstill wrong}\r\r::b::Two?{F}\r\n\r\n::c::Three?{T}",
      "cr.gift");
  ASSERT_TRUE(parsed.ok()) << AllDiagnostics(parsed);
  ASSERT_THAT(parsed.bank.items(), SizeIs(3));
  EXPECT_EQ(parsed.bank.items(0).true_false().feedback_false(),
            "wrong\nstill wrong");
  const ParsedBank bad = ImportGift("\r\r::c::Three?{T", "cr.gift");
  ASSERT_THAT(bad.diagnostics, SizeIs(1));
  EXPECT_EQ(bad.diagnostics[0].line, 3);
}

// A distractor written before a prompt's answer took the lower answer id, and
// the export (prompts first, then distractors) imported with the ids swapped.
TEST(GiftImportFuzzFindingsTest, PromptAnswersAreNumberedBeforeDistractors) {
  const ParsedBank parsed = ImportGift(
      "::m::Match.{= -> four =a -> one = -> two =b -> three =c -> one}",
      "m.gift");
  ASSERT_TRUE(parsed.ok()) << AllDiagnostics(parsed);
  const quiz::v1::Matching& matching = parsed.bank.items(0).matching();
  std::vector<std::string> answers;
  for (const auto& answer : matching.answers()) {
    answers.push_back(answer.id() + "=" + answer.text());
  }
  EXPECT_THAT(answers, ElementsAre("r1=one", "r2=three", "r3=four", "r4=two"));
  std::vector<std::string> prompts;
  for (const auto& prompt : matching.prompts()) {
    prompts.push_back(prompt.id() + ":" + prompt.text() + "->" +
                      prompt.answer_id());
  }
  EXPECT_THAT(prompts, ElementsAre("p1:a->r1", "p2:b->r2", "p3:c->r1"));
}

// "=a -> 4 = -> 4" passed as two pairs, but the distractor repeats an answer,
// so the item had one pair and its export did not import. A repeated
// distractor is dropped with a warning and does not count as a pair.
TEST(GiftImportFuzzFindingsTest, RepeatedDistractorIsDroppedAndNotAPair) {
  const ParsedBank one_pair =
      ImportGift("::m::Match.{=a -> 4 = -> 4}", "m.gift");
  EXPECT_FALSE(one_pair.ok());
  EXPECT_THAT(Messages(one_pair, Diagnostic::Severity::kError),
              ElementsAre(HasSubstr("needs at least 2 pairs")));

  const ParsedBank parsed =
      ImportGift("::m::Match.{=a -> 4 = -> 5 = -> 4 = -> 5}", "m.gift");
  ASSERT_TRUE(parsed.ok()) << AllDiagnostics(parsed);
  EXPECT_THAT(parsed.bank.items(0).matching().answers(), SizeIs(2));
  EXPECT_THAT(Messages(parsed, Diagnostic::Severity::kWarning),
              ElementsAre(HasSubstr("distractor \"4\" is already an answer; "
                                    "dropped"),
                          HasSubstr("distractor \"5\" is already an answer; "
                                    "dropped")));
}

// Suffixes went past GiftSlug's 64 characters, so an exported "::id::" or
// "$CATEGORY: id" slugged to another id. Made-unique ids stay slugs.
TEST(GiftImportFuzzFindingsTest, UniqueIdsStayWithinTheSlugLength) {
  const std::string title(70, 'a');
  const ParsedBank parsed = ImportGift(
      absl::StrCat("$CATEGORY: ", title, "\n\n::", title,
                   "::One?{T}\n\n::", title, "::Two?{T}\n\n$CATEGORY: x/",
                   title, "\n\n::", title, "::Three?{T}\n"),
      "long.gift");
  ASSERT_TRUE(parsed.ok()) << AllDiagnostics(parsed);
  ASSERT_THAT(parsed.bank.items(), SizeIs(3));
  const std::string cut(62, 'a');
  EXPECT_EQ(parsed.bank.items(0).id(), std::string(64, 'a'));
  EXPECT_EQ(parsed.bank.items(1).id(), cut + "-2");
  EXPECT_EQ(parsed.bank.items(2).id(), cut + "-3");
  ASSERT_THAT(parsed.bank.topics(), SizeIs(2));
  EXPECT_EQ(parsed.bank.topics(1).id(), cut + "-2");
  for (const auto& item : parsed.bank.items()) {
    EXPECT_EQ(GiftSlug(item.id()), item.id());
  }
}

TEST(GiftImportFuzzFindingsTest, ManyQuestionsWithOneTitleGetNumberedIds) {
  std::string text;
  for (int i = 0; i < 2000; ++i) absl::StrAppend(&text, "::q::Q?{T}\n\n");
  const ParsedBank parsed = ImportGift(text, "same.gift");
  ASSERT_THAT(parsed.bank.items(), SizeIs(2000));
  EXPECT_EQ(parsed.bank.items(0).id(), "q");
  EXPECT_EQ(parsed.bank.items(1999).id(), "q-2000");
}

// A matching answer is plain text to GIFT, but the export wrote "[plain]"
// before one starting with '[', which then became part of the answer.
TEST(GiftImportFuzzFindingsTest, MatchingAnswerWithABracketRoundTrips) {
  const ParsedBank parsed = ImportGift(
      "::m::Match.{=a -> [plain]Claim =b -> [x] y = -> [html]z}", "m.gift");
  ASSERT_TRUE(parsed.ok()) << AllDiagnostics(parsed);
  std::vector<Diagnostic> lost;
  const absl::StatusOr<std::string> gift = ExportGift(parsed.bank, &lost);
  ASSERT_TRUE(gift.ok()) << gift.status();
  const ParsedBank again = ImportGift(*gift, "m.gift");
  ASSERT_TRUE(again.ok()) << AllDiagnostics(again);
  ASSERT_THAT(again.bank.items(), SizeIs(1));
  EXPECT_TRUE(
      MessageDifferencer::Equals(parsed.bank.items(0), again.bank.items(0)))
      << *gift;
  EXPECT_EQ(again.bank.items(0).matching().answers(0).text(), "[plain]Claim");
}

}  // namespace
}  // namespace question_bank
