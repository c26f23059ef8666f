#include "question_bank/src/gift_export.h"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "question_bank/src/bank_file.h"
#include "question_bank/src/gift_import.h"
#include "quiz/v1/bank.pb.h"
#include "tests/question_bank/diagnostics_util.h"

namespace question_bank {
namespace {

using ::google::protobuf::util::MessageDifferencer;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::SizeIs;

quiz::v1::Bank BankFromText(const std::string& text) {
  quiz::v1::Bank bank;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &bank))
      << text;
  return bank;
}

// A bank of topic "t" holding one item given in proto text format.
quiz::v1::Bank OneItemBank(const std::string& item) {
  return BankFromText(
      "id: \"b\" topics { id: \"t\" title: \"T\" } items { id: \"q\" "
      "topic: \"t\" " +
      item + " }");
}

std::vector<std::string> Messages(const std::vector<Diagnostic>& diagnostics) {
  std::vector<std::string> messages;
  for (const Diagnostic& d : diagnostics) messages.push_back(d.message);
  return messages;
}

std::string Trim(const std::string& text) {
  const size_t begin = text.find_first_not_of(" \t\n");
  if (begin == std::string::npos) return "";
  return text.substr(begin, text.find_last_not_of(" \t\n") - begin + 1);
}

// ---------------------------------------------------------- one item each

struct ExportCase {
  std::string name;
  std::string item;  // the fields of item "q" after id and topic
  std::string gift;  // the expected GIFT of the item
  std::vector<std::string> warnings = {};  // substrings, in order
};
void PrintTo(const ExportCase& c, std::ostream* os) { *os << c.name; }

std::vector<ExportCase> ExportCases() {
  return {
      {"SingleChoice",
       R"(stem: "Which form?" rationale: "Because."
          single_choice { options { id: "x" text: "CMS-1500" correct: true
                                    feedback: "Yes." }
                          options { id: "y" text: "UB-04" } })",
       "::q::Which form?{\n\t=CMS-1500#Yes.\n\t~UB-04\n\t####Because.\n}\n"},
      {"SingleChoicePercentText",
       R"(stem: "Rate?" single_choice {
            options { id: "x" text: "%20 off" }
            options { id: "y" text: "%80 paid" correct: true } })",
       "::q::Rate?{\n\t~%0%%20 off\n\t=%80 paid\n}\n"},
      {"MultipleChoicePartial",
       R"(stem: "Select all." multiple_choice { scoring: MULTI_SELECT_PARTIAL
            options { id: "a" text: "CO" correct: true }
            options { id: "b" text: "PR" correct: true }
            options { id: "c" text: "OA" correct: true }
            options { id: "d" text: "ZZ" feedback: "No such code." } })",
       "::q::Select all.{\n\t~%33.33333%CO\n\t~%33.33333%PR\n"
       "\t~%33.33333%OA\n\t~%-33.33333%ZZ#No such code.\n}\n"},
      {"MultipleChoiceAllOrNothingWarns",
       R"(stem: "Both." multiple_choice {
            options { id: "a" text: "A" correct: true }
            options { id: "b" text: "B" correct: true }
            options { id: "c" text: "C" } })",
       "::q::Both.{\n\t~%50%A\n\t~%50%B\n\t~%-50%C\n}\n",
       {"all-or-nothing scoring"}},
      {"TrueFalse", R"(stem: "Copays are fixed." true_false { answer: true })",
       "::q::Copays are fixed.{TRUE}\n"},
      {"TrueFalseFeedback",
       R"(stem: "CO is billable." rationale: "Contract."
          true_false { feedback_true: "Wrong." feedback_false: "Right." })",
       "::q::CO is billable.{FALSE#Wrong.#Right.####Contract.}\n"},
      {"TrueFalseOnlyRightFeedback",
       R"(stem: "S" true_false { answer: true feedback_true: "Yes." })",
       "::q::S{TRUE##Yes.}\n"},
      {"ShortText",
       R"(stem: "Term?" short_text { accepted: "coinsurance"
                                     accepted: "*co-insurance" })",
       "::q::Term?{\n\t=coinsurance\n\t=*co-insurance\n}\n"},
      {"ShortTextCaseSensitiveWarns",
       R"(stem: "Code?" short_text { accepted: "%A" case_sensitive: true })",
       "::q::Code?{\n\t=%100%%A\n}\n",
       {"case-sensitive matching"}},
      {"Numeric", R"(stem: "Owed?" numeric { answer: 40 tolerance: 0.005 })",
       "::q::Owed?{#40:0.005}\n"},
      {"NumericExact", R"(stem: "Owed?" numeric { answer: -12.5 })",
       "::q::Owed?{#-12.5}\n"},
      {"NumericRelativeAndUnitWarn",
       R"(stem: "Owed?" numeric { answer: 200 tolerance: 0.01
                                  tolerance_kind: TOLERANCE_RELATIVE
                                  unit: "USD" })",
       "::q::Owed?{#200:2}\n",
       {"relative tolerance (written as the absolute one), unit \"USD\""}},
      {"Matching",
       R"(stem: "Match." rationale: "R"
          matching { prompts { id: "p" text: "270" answer_id: "e" }
                     prompts { id: "q" text: "837" answer_id: "c" }
                     answers { id: "c" text: "Claim" }
                     answers { id: "e" text: "Eligibility" }
                     answers { id: "x" text: "Payment" } })",
       "::q::Match.{\n\t=270 -> Eligibility\n\t=837 -> Claim\n"
       "\t= -> Payment\n\t####R\n}\n"},
      {"Escapes", R"(stem: "a{b}c=d~e#f:g\\h\nnext" true_false {})",
       "::q::a\\{b\\}c\\=d\\~e\\#f\\:g\\\\h\\nnext{FALSE}\n"},
      {"LeadingBracket", R"(stem: "[html] is text" true_false {})",
       "::q::[plain][html] is text{FALSE}\n"},
      {"LostFields",
       R"(stem: "S" points: 2 difficulty: 3 references { citation: "C" }
          true_false {})",
       "::q::S{FALSE}\n",
       {"GIFT cannot keep references, difficulty, points"}},
  };
}

class GiftExportTest : public ::testing::TestWithParam<ExportCase> {};

TEST_P(GiftExportTest, WritesTheItem) {
  const ExportCase& c = GetParam();
  const quiz::v1::Bank bank = OneItemBank(c.item);
  std::vector<Diagnostic> diagnostics;
  absl::StatusOr<std::string> gift = ExportGift(bank, &diagnostics);
  ASSERT_TRUE(gift.ok()) << gift.status();
  EXPECT_THAT(*gift, HasSubstr("$CATEGORY: T\n\n" + c.gift)) << *gift;
  const std::vector<std::string> warnings = Messages(diagnostics);
  ASSERT_THAT(warnings, SizeIs(c.warnings.size()));
  for (size_t i = 0; i < warnings.size(); ++i) {
    EXPECT_THAT(warnings[i], HasSubstr(c.warnings[i]));
    EXPECT_EQ(diagnostics[i].severity, Diagnostic::Severity::kWarning);
  }

  // Reading it back gives the same item, up to the ids GIFT cannot carry
  // and the fields the warnings name.
  const ParsedBank parsed = ImportGift(*gift, "round.gift");
  ASSERT_TRUE(parsed.ok()) << AllDiagnostics(parsed) << *gift;
  ASSERT_THAT(parsed.bank.items(), SizeIs(1)) << *gift;
  const quiz::v1::Item& back = parsed.bank.items(0);
  EXPECT_EQ(back.id(), "q");
  EXPECT_EQ(back.topic(), "t");
  EXPECT_EQ(back.stem(), bank.items(0).stem());
  EXPECT_EQ(back.rationale(), bank.items(0).rationale());
  EXPECT_EQ(back.type_case(), bank.items(0).type_case());
}

INSTANTIATE_TEST_SUITE_P(Types, GiftExportTest,
                         ::testing::ValuesIn(ExportCases()),
                         [](const auto& info) { return info.param.name; });

// ------------------------------------------------------------- skipped items

struct SkipCase {
  std::string name;
  std::string item;
  std::string warning;
};
void PrintTo(const SkipCase& c, std::ostream* os) { *os << c.name; }

class GiftExportSkipTest : public ::testing::TestWithParam<SkipCase> {};

TEST_P(GiftExportSkipTest, SkipsWithADiagnostic) {
  const SkipCase& c = GetParam();
  quiz::v1::Bank bank = OneItemBank(c.item);
  *bank.add_items() = BankFromText(R"(items { id: "ok" topic: "t" stem: "S"
                                      true_false {} })")
                          .items(0);
  std::vector<Diagnostic> diagnostics;
  absl::StatusOr<std::string> gift = ExportGift(bank, &diagnostics);
  ASSERT_TRUE(gift.ok()) << gift.status();
  EXPECT_THAT(Messages(diagnostics), ElementsAre(c.warning));
  EXPECT_EQ(diagnostics[0].line, 0);
  EXPECT_THAT(*gift, Not(HasSubstr("::q::")));
  EXPECT_THAT(*gift, HasSubstr("::ok::S{FALSE}"));
}

INSTANTIATE_TEST_SUITE_P(
    Types, GiftExportSkipTest,
    ::testing::Values(
        SkipCase{"Ordering",
                 R"(stem: "S" ordering { steps { id: "a" text: "A" }
                                         steps { id: "b" text: "B" } })",
                 "item q (ordering) cannot be expressed in GIFT; skipped"},
        SkipCase{"CodeEntry",
                 R"(stem: "S" code_entry { system: CODE_SYSTEM_ICD10CM
                                           expected { code: "E11.9" } })",
                 "item q (code_entry) cannot be expressed in GIFT; skipped"},
        SkipCase{"CaseItem",
                 R"(stem: "S" case_item { scenario: "Visit"
                      items { id: "q1" stem: "S" true_false {} } })",
                 "item q (case_item) cannot be expressed in GIFT; skipped"},
        SkipCase{"Likert", R"(stem: "S" likert {})",
                 "item q (likert) cannot be expressed in GIFT; skipped"},
        SkipCase{"NoType", R"(stem: "S")",
                 "item q (no type) cannot be expressed in GIFT; skipped"},
        SkipCase{"ArrowInPrompt",
                 R"(stem: "S" matching {
                      prompts { id: "p" text: "a->b" answer_id: "r" }
                      answers { id: "r" text: "R" } })",
                 "item q (matching) has the prompt \"a->b\", whose \"->\" "
                 "GIFT cannot escape; skipped"},
        SkipCase{"ArrowInShortText",
                 R"(stem: "S" short_text { accepted: "a->b" })",
                 "item q (short_text) has the accepted answer \"a->b\", "
                 "whose \"->\" GIFT would read as matching; skipped"}),
    [](const auto& info) { return info.param.name; });

TEST(GiftExportTest, NothingExpressibleIsAnError) {
  const quiz::v1::Bank bank = OneItemBank(R"(stem: "S" likert {})");
  std::vector<Diagnostic> diagnostics;
  absl::StatusOr<std::string> gift = ExportGift(bank, &diagnostics);
  EXPECT_EQ(gift.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(gift.status().message(),
              HasSubstr("none of the 1 items of bank \"b\""));
  EXPECT_THAT(diagnostics, SizeIs(1));
}

TEST(GiftExportTest, EmptyBankAndNullDiagnosticsAreFine) {
  absl::StatusOr<std::string> gift =
      ExportGift(BankFromText(R"(id: "empty")"), nullptr);
  ASSERT_TRUE(gift.ok());
  EXPECT_THAT(*gift, HasSubstr("// Bank \"empty\""));
}

TEST(GiftExportTest, CategoriesFollowTopicChanges) {
  const quiz::v1::Bank bank = BankFromText(R"(
    id: "b"
    topics { id: "claims" title: "Claims and EDI transactions" }
    topics { id: "revenue-cycle" title: "Revenue cycle" }
    topics { id: "unused" title: "Unused" }
    items { id: "a" topic: "revenue-cycle" stem: "S" true_false {} }
    items { id: "b" topic: "revenue-cycle" stem: "S" true_false {} }
    items { id: "c" topic: "claims" stem: "S" true_false {} })");
  absl::StatusOr<std::string> gift = ExportGift(bank, nullptr);
  ASSERT_TRUE(gift.ok());
  EXPECT_EQ(*gift,
            "// Bank \"b\"\n// Written by quizd.\n\n"
            "$CATEGORY: Revenue cycle\n\n"
            "::a::S{FALSE}\n\n::b::S{FALSE}\n\n"
            "$CATEGORY: claims\n\n"
            "::c::S{FALSE}\n\n"
            "$CATEGORY: Unused\n\n");
  const ParsedBank parsed = ImportGift(*gift, "b.gift");
  ASSERT_TRUE(parsed.ok()) << AllDiagnostics(parsed);
  std::vector<std::string> topics;
  for (const auto& topic : parsed.bank.topics()) topics.push_back(topic.id());
  EXPECT_THAT(topics, ElementsAre("revenue-cycle", "claims", "unused"));
}

TEST(GiftExportTest, IdsThatAreNotSlugsWarn) {
  const quiz::v1::Bank bank = BankFromText(R"(
    id: "b" topics { id: "t" }
    items { id: "Q_1" topic: "t" stem: "S" true_false {} })");
  std::vector<Diagnostic> diagnostics;
  ASSERT_TRUE(ExportGift(bank, &diagnostics).ok());
  EXPECT_THAT(Messages(diagnostics),
              ElementsAre(HasSubstr("it reads back as \"q-1\"")));
}

// ---------------------------------------------------------------- round trips

// Export then import gives the same items when ids are slugs and options are
// numbered the way import numbers them.
TEST(GiftRoundTripTest, ExportThenImportGivesTheSameItems) {
  const quiz::v1::Bank bank = BankFromText(R"(
    id: "round" title: "Round trip"
    topics { id: "claims" title: "Claims" }
    topics { id: "patient-responsibility" title: "Patient responsibility" }
    items { id: "claim-form" topic: "claims"
      stem: "Which form carries the 837P?\nPick one."
      rationale: "The CMS-1500: professional {claims}."
      single_choice {
        options { id: "a" text: "CMS-1500" correct: true feedback: "Yes #1" }
        options { id: "b" text: "UB-04 = 837I" feedback: "No ~ institutional" }
        options { id: "c" text: "[html] looking" } } }
    items { id: "group-codes" topic: "claims" stem: "Select all."
      multiple_choice { scoring: MULTI_SELECT_PARTIAL
        options { id: "a" text: "CO" correct: true }
        options { id: "b" text: "PR" correct: true feedback: "Patient." }
        options { id: "c" text: "ZZ" } } }
    items { id: "co-billable" topic: "claims" stem: "CO is billable."
      rationale: "Contract." true_false { feedback_true: "Wrong."
                                          feedback_false: "Right." } }
    items { id: "term" topic: "patient-responsibility" stem: "The term is _____."
      short_text { accepted: "coinsurance" accepted: "co*insurance" } }
    items { id: "owed" topic: "patient-responsibility" stem: "Owed?"
      rationale: "20% of $200." numeric { answer: 40 tolerance: 0.005 } }
    items { id: "pi" topic: "patient-responsibility" stem: "Pi?"
      numeric { answer: 3.141592653589793 } }
    items { id: "edi" topic: "claims" stem: "Match: each -> one."
      matching { prompts { id: "p1" text: "270" answer_id: "r1" }
                 prompts { id: "p2" text: "276" answer_id: "r2" }
                 answers { id: "r1" text: "Eligibility" }
                 answers { id: "r2" text: "Status -> reply" }
                 answers { id: "r3" text: "Payment" } } })");
  std::vector<Diagnostic> diagnostics;
  absl::StatusOr<std::string> gift = ExportGift(bank, &diagnostics);
  ASSERT_TRUE(gift.ok()) << gift.status();
  EXPECT_THAT(diagnostics, SizeIs(0));
  const ParsedBank parsed =
      ImportGift(*gift, "round.gift", {"round", "Round trip"});
  ASSERT_TRUE(parsed.ok()) << AllDiagnostics(parsed) << *gift;
  EXPECT_THAT(parsed.diagnostics, SizeIs(0)) << AllDiagnostics(parsed);
  ASSERT_EQ(parsed.bank.items_size(), bank.items_size()) << *gift;
  for (int i = 0; i < bank.items_size(); ++i) {
    std::string differences;
    MessageDifferencer differencer;
    differencer.ReportDifferencesToString(&differences);
    EXPECT_TRUE(differencer.Compare(bank.items(i), parsed.bank.items(i)))
        << bank.items(i).id() << ": " << differences << "\n"
        << *gift;
  }
  // And a second export is identical to the first.
  absl::StatusOr<std::string> again = ExportGift(parsed.bank, nullptr);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, *gift);
}

TEST(GiftRoundTripTest, SampleFileSurvivesExportAndImport) {
  const ParsedBank sample =
      ImportGiftFile(std::string(QUIZD_SOURCE_DIR) +
                     "/question_bank/examples/billing-sample.gift");
  ASSERT_TRUE(sample.ok()) << AllDiagnostics(sample);
  absl::StatusOr<std::string> gift = ExportGift(sample.bank, nullptr);
  ASSERT_TRUE(gift.ok());
  const ParsedBank back = ImportGift(*gift, "billing-sample.gift");
  ASSERT_TRUE(back.ok()) << AllDiagnostics(back);
  ASSERT_EQ(back.bank.items_size(), sample.bank.items_size());
  for (int i = 0; i < sample.bank.items_size(); ++i) {
    EXPECT_TRUE(
        MessageDifferencer::Equals(sample.bank.items(i), back.bank.items(i)))
        << sample.bank.items(i).DebugString()
        << back.bank.items(i).DebugString();
  }
}

// Every shipped bank exports; what is exported reads back without errors
// under the same ids and types.
TEST(GiftRoundTripTest, ShippedBanksExportAndReadBack) {
  const std::filesystem::path dir =
      std::filesystem::path(QUIZD_SOURCE_DIR) / "question_bank" / "banks";
  int banks = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".yaml") continue;
    ++banks;
    const ParsedBank shipped = ParseBankFile(entry.path().string());
    ASSERT_TRUE(shipped.ok()) << entry.path();
    std::vector<Diagnostic> diagnostics;
    absl::StatusOr<std::string> gift = ExportGift(shipped.bank, &diagnostics);
    ASSERT_TRUE(gift.ok()) << entry.path() << ": " << gift.status();
    const ParsedBank back = ImportGift(*gift, entry.path().filename().string());
    ASSERT_TRUE(back.ok()) << entry.path() << "\n" << AllDiagnostics(back);
    std::map<std::string, const quiz::v1::Item*> originals;
    for (const auto& item : shipped.bank.items()) originals[item.id()] = &item;
    for (const auto& item : back.bank.items()) {
      ASSERT_EQ(originals.count(item.id()), 1u) << item.id();
      const quiz::v1::Item& original = *originals[item.id()];
      EXPECT_EQ(item.type_case(), original.type_case()) << item.id();
      // GIFT trims texts, so a YAML literal block's final newline is lost.
      EXPECT_EQ(item.stem(), Trim(original.stem())) << item.id();
      EXPECT_EQ(item.rationale(), Trim(original.rationale())) << item.id();
      EXPECT_EQ(item.topic(), original.topic()) << item.id();
    }
    int skipped = 0;
    for (const Diagnostic& d : diagnostics) {
      skipped += d.message.find("; skipped") != std::string::npos;
    }
    EXPECT_EQ(back.bank.items_size() + skipped, shipped.bank.items_size())
        << entry.path();
  }
  EXPECT_GT(banks, 0);
}

}  // namespace
}  // namespace question_bank
