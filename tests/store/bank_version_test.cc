// BankVersion: a bank kept as outlines plus serialized items gives back
// exactly what was stored, whole or item by item.
#include "server/store/bank_version.h"

#include <string>

#include "google/protobuf/text_format.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"

namespace store {
namespace {

using google::protobuf::util::MessageDifferencer;

quiz::v1::Bank SampleBank() {
  quiz::v1::Bank bank;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(
      R"pb(
        id: "billing"
        title: "Billing workflow"
        code_set_year: 2026
        version: 4
        topics { id: "claims" title: "Claims" }
        topics { id: "ar" title: "A/R" }
        items {
          id: "claim-1"
          topic: "claims"
          points: 2
          difficulty: 4
          stem: "Which form does a physician practice bill on?"
          rationale: "Professional claims go on the CMS-1500."
          references { citation: "CMS Claims Processing Manual, ch. 26" }
          single_choice {
            options { id: "a" text: "CMS-1500" correct: true feedback: "Yes." }
            options { id: "b" text: "UB-04" feedback: "Facilities." }
          }
        }
        items {
          id: "ar-case"
          topic: "ar"
          case_item {
            scenario: "A claim for $200 is allowed at $150."
            items {
              id: "ar-case-1"
              topic: "ar"
              points: 3
              stem: "Contractual adjustment?"
              numeric { answer: 50 unit: "USD" }
            }
            items {
              id: "ar-case-2"
              topic: "ar"
              stem: "True?"
              true_false { answer: true }
            }
          }
        }
        items {
          id: "fit-1"
          topic: "claims"
          stem: "I like following up on unpaid claims."
          likert { weights { trait: "billing" weight: 1 } }
        }
        items { id: "claim-1" topic: "ar" stem: "A second item with an id." }
        quizzes { id: "billing-practice" title: "Practice" }
      )pb",
      &bank));
  return bank;
}

std::shared_ptr<const BankVersion> Parsed(const quiz::v1::Bank& bank,
                                          int64_t version) {
  absl::StatusOr<std::shared_ptr<const BankVersion>> parsed =
      BankVersion::Parse(bank.SerializeAsString(), version);
  EXPECT_TRUE(parsed.ok()) << parsed.status();
  return parsed.ok() ? *parsed : nullptr;
}

// The stored bytes carry no version; the number given is the version's.
TEST(BankVersionTest, GivesBackTheWholeBankNumbered) {
  const quiz::v1::Bank bank = SampleBank();
  quiz::v1::Bank unnumbered = bank;
  unnumbered.clear_version();
  std::shared_ptr<const BankVersion> parsed = Parsed(unnumbered, 4);
  ASSERT_NE(parsed, nullptr);
  EXPECT_TRUE(MessageDifferencer::Equals(parsed->Whole(), bank));
  EXPECT_EQ(parsed->outline().version(), 4);
}

TEST(BankVersionTest, OutlineKeepsOnlyWhatDrawingAndScoringRead) {
  const quiz::v1::Bank bank = SampleBank();
  const std::shared_ptr<const BankVersion> version = Parsed(bank, 4);
  ASSERT_NE(version, nullptr);
  const quiz::v1::Bank& outline = version->outline();
  EXPECT_EQ(outline.title(), "Billing workflow");
  EXPECT_EQ(outline.topics_size(), 2);
  EXPECT_EQ(outline.quizzes(0).id(), "billing-practice");
  ASSERT_EQ(outline.items_size(), 4);
  quiz::v1::Item expected;
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(
      R"pb(id: "claim-1"
           topic: "claims"
           points: 2
           difficulty: 4
           single_choice {})pb",
      &expected));
  EXPECT_TRUE(MessageDifferencer::Equals(outline.items(0), expected))
      << outline.items(0).DebugString();
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(
      R"pb(id: "ar-case"
           topic: "ar"
           case_item {
             items {
               id: "ar-case-1"
               topic: "ar"
               points: 3
               numeric {}
             }
             items {
               id: "ar-case-2"
               topic: "ar"
               true_false {}
             }
           })pb",
      &expected));
  EXPECT_TRUE(MessageDifferencer::Equals(outline.items(1), expected))
      << outline.items(1).DebugString();
  EXPECT_TRUE(outline.items(2).has_likert());
  EXPECT_EQ(outline.items(2).likert().weights_size(), 0);
  EXPECT_EQ(outline.items(3).type_case(), quiz::v1::Item::TYPE_NOT_SET);
}

TEST(BankVersionTest, FindsWholeItemsAndOutlinesByIdFirstOneWinning) {
  const quiz::v1::Bank bank = SampleBank();
  const std::shared_ptr<const BankVersion> version = Parsed(bank, 4);
  ASSERT_NE(version, nullptr);
  std::shared_ptr<const quiz::v1::Item> first = version->FindItem("claim-1");
  ASSERT_NE(first, nullptr);
  EXPECT_TRUE(MessageDifferencer::Equals(*first, bank.items(0)));
  EXPECT_EQ(version->FindItem("claim-1"), first);  // parsed once, kept
  EXPECT_EQ(version->FindOutline("claim-1"), &version->outline().items(0));
  EXPECT_EQ(version->FindItem("ar-case-1"), nullptr);  // a part, not top
  EXPECT_EQ(version->FindItem("nope"), nullptr);
  EXPECT_EQ(version->FindOutline("nope"), nullptr);

  const auto items = version->FindItems({"fit-1", "nope", "ar-case"});
  ASSERT_EQ(items.size(), 3u);
  EXPECT_TRUE(MessageDifferencer::Equals(*items[0], bank.items(2)));
  EXPECT_EQ(items[1], nullptr);
  EXPECT_TRUE(MessageDifferencer::Equals(*items[2], bank.items(1)));
  const auto outlines = version->FindOutlines({"ar-case", "nope"});
  EXPECT_EQ(outlines[0], &version->outline().items(1));
  EXPECT_EQ(outlines[1], nullptr);
}

// More items than are kept parsed: each still comes back exact, however
// often it was evicted and parsed again.
TEST(BankVersionTest, ItemsBeyondTheParsedCacheComeBackExact) {
  quiz::v1::Bank bank;
  bank.set_id("big");
  for (int i = 0; i < 10000; ++i) {
    quiz::v1::Item* item = bank.add_items();
    item->set_id("item-" + std::to_string(i));
    item->set_stem("Stem " + std::to_string(i * 7));
    item->mutable_numeric()->set_answer(i);
  }
  std::shared_ptr<const BankVersion> version = Parsed(bank, 0);
  for (int round = 0; round < 2; ++round) {
    for (int i = 0; i < bank.items_size(); i += 3) {
      std::shared_ptr<const quiz::v1::Item> item =
          version->FindItem(bank.items(i).id());
      ASSERT_NE(item, nullptr);
      ASSERT_TRUE(MessageDifferencer::Equals(*item, bank.items(i))) << i;
    }
  }
}

// Fields other than the items are kept as read, whatever their wire type;
// anything that is not a Bank is refused.
TEST(BankVersionTest, KeepsOtherFieldsAndRefusesWhatIsNotABank) {
  const std::string bytes = SampleBank().SerializeAsString();
  // Unknown fields 90 (64-bit), 91 (32-bit) and 92 (varint) before the rest.
  const std::string unknown(
      "\xd1\x05\x01\x02\x03\x04\x05\x06\x07\x08"
      "\xdd\x05\x01\x02\x03\x04\xe0\x05\x96\x01",
      20);
  absl::StatusOr<std::shared_ptr<const BankVersion>> kept =
      BankVersion::Parse(unknown + bytes, 4);
  ASSERT_TRUE(kept.ok()) << kept.status();
  quiz::v1::Bank expected;
  ASSERT_TRUE(expected.ParseFromString(unknown + bytes));
  const quiz::v1::Bank whole = (*kept)->Whole();
  EXPECT_TRUE(MessageDifferencer::Equals(whole, expected));
  EXPECT_EQ(whole.GetReflection()->GetUnknownFields(whole).field_count(), 3);

  for (const std::string& bad :
       {std::string("\xff\xff\xff"), bytes.substr(0, bytes.size() / 2),
        bytes + "\x3a\x05\x0a", std::string("\x00\x01", 2) + bytes,
        std::string("\xd3\x05\xd4\x05") + bytes}) {  // a group, field 90
    absl::StatusOr<std::shared_ptr<const BankVersion>> parsed =
        BankVersion::Parse(bad, 1);
    EXPECT_TRUE(absl::IsInvalidArgument(parsed.status())) << parsed.status();
  }
}

}  // namespace
}  // namespace store
