// End to end with the real binaries and the SHIPPED banks: `quiz career-fit
// --answers FILE` with answers that agree with every coding statement gives a
// coding-leaning profile, and the opposite answers a billing-leaning one.
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "cli_fixture_util.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "process_util.h"
#include "question_bank/src/bank_file.h"
#include "quiz/v1/progress_service.pb.h"

namespace quizd_test {
namespace {

// The likert items of the shipped "career-fit-inventory", in quiz order.
std::vector<quiz::v1::Item> InventoryItems() {
  question_bank::ParsedBank parsed =
      question_bank::ParseBankFile(kShippedBanks + "/career_fit.yaml");
  EXPECT_TRUE(parsed.ok());
  std::map<std::string, quiz::v1::Item> by_id;
  for (const quiz::v1::Item& item : parsed.bank.items())
    by_id[item.id()] = item;
  std::vector<quiz::v1::Item> items;
  for (const quiz::v1::Quiz& quiz : parsed.bank.quizzes()) {
    if (quiz.id() != "career-fit-inventory") continue;
    for (const auto& selection : quiz.selections()) {
      for (const std::string& id : selection.item_ids()) {
        items.push_back(by_id.at(id));
      }
    }
  }
  return items;
}

// How much agreeing with `item` moves the lean toward coding: the coding
// weight minus the billing weight, negated for a reverse-keyed statement.
double CodingPull(const quiz::v1::Item& item) {
  double pull = 0;
  for (const auto& weight : item.likert().weights()) {
    if (weight.trait() == "coding") pull += weight.weight();
    if (weight.trait() == "billing") pull -= weight.weight();
  }
  return item.likert().reverse_keyed() ? -pull : pull;
}

// An answers file: "Strongly agree" (5) with every statement that pulls
// toward `trait`, "Strongly disagree" (1) with every one that pulls away.
std::string AnswersToward(const std::string& trait) {
  std::string text = absl::StrCat("# every statement toward ", trait, "\n");
  for (const quiz::v1::Item& item : InventoryItems()) {
    double pull = CodingPull(item);
    if (trait == "billing") pull = -pull;
    absl::StrAppend(&text, item.id(), ": ",
                    pull > 0   ? 5
                    : pull < 0 ? 1
                               : 3,
                    "\n");
  }
  return text;
}

TEST(CareerFitAnswersTest, ReadTheShippedBankAsWritten) {
  std::vector<quiz::v1::Item> items = InventoryItems();
  ASSERT_EQ(items.size(), 32u);
  const std::string coding = AnswersToward("coding");
  // Agree-keyed coding, reverse-keyed coding, and a contrast item loading
  // billing +1 / coding -1 (see the comments in career_fit.yaml).
  EXPECT_NE(coding.find("fit-inv-c01: 5\n"), std::string::npos) << coding;
  EXPECT_NE(coding.find("fit-inv-c10: 1\n"), std::string::npos);
  EXPECT_NE(coding.find("fit-inv-b01: 1\n"), std::string::npos);
  EXPECT_NE(coding.find("fit-inv-x03: 1\n"), std::string::npos);
  for (const quiz::v1::Item& item : items) {
    EXPECT_NE(CodingPull(item), 0) << item.id() << " loads on neither side";
  }
}

class CareerFitCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "quizd-e2e-XXXXXX").string();
    dir_ = mkdtemp(pattern.data());
    CommandResult added = RunCommand({QuizdBinary(), "user", "add", "alice",
                                      "--role", "student", "--db", db()},
                                     std::string(kPassword) + "\n");
    ASSERT_EQ(added.exit_code, 0) << added.err;
    server_ = std::make_unique<QuizdProcess>(db(), kShippedBanks);
    ASSERT_TRUE(server_->started()) << server_->log();
    CommandResult login = Quiz({"login", "alice", "--password-stdin"},
                               std::string(kPassword) + "\n");
    ASSERT_EQ(login.exit_code, 0) << login.err;
  }

  void TearDown() override {
    server_.reset();
    std::filesystem::remove_all(dir_);
  }

  std::string db() const { return dir_ + "/quizd.db"; }

  CommandResult Quiz(std::vector<std::string> args,
                     const std::string& input = "") {
    std::vector<std::string> argv = {QuizBinary(), "--server",
                                     server_->address(), "--config",
                                     dir_ + "/alice.json"};
    argv.insert(argv.end(), args.begin(), args.end());
    return RunCommand(argv, input);
  }

  std::string WriteFile(const std::string& name, const std::string& text) {
    const std::string path = dir_ + "/" + name;
    std::ofstream(path) << text;
    return path;
  }

  std::string dir_;
  std::unique_ptr<QuizdProcess> server_;
};

TEST_F(CareerFitCliTest, CodingAnswersLeanToCodingAndTheOppositeToBilling) {
  CommandResult coding =
      Quiz({"career-fit", "--answers",
            WriteFile("coding.txt", AnswersToward("coding"))});
  ASSERT_EQ(coding.exit_code, 0) << coding.err << coding.out;
  EXPECT_NE(coding.out.find("You may prefer medical coding"), std::string::npos)
      << coding.out;
  EXPECT_NE(coding.out.find("  coding   -1 ░░░░░░░░░░│██████████ +1  +1.00"),
            std::string::npos)
      << coding.out;
  EXPECT_NE(coding.out.find(
                "Lean: +2.00 (coding minus billing): leans to medical coding"),
            std::string::npos);
  EXPECT_NE(coding.out.find("CPC (AAPC)"), std::string::npos);
  // An inventory shows a profile, not a score, and reveals nothing about how
  // a statement is keyed while it is taken.
  EXPECT_EQ(coding.out.find("Traits:"), std::string::npos) << coding.out;
  EXPECT_EQ(coding.out.find("Rationale:"), std::string::npos);
  EXPECT_EQ(coding.out.find("TOPIC"), std::string::npos);
  EXPECT_EQ(coding.out.find("0/0"), std::string::npos);
  EXPECT_NE(coding.out.find("Recorded 32 of 32 answers. Nothing here is "
                            "scored: it gives a profile, not a score."),
            std::string::npos)
      << coding.out;
  CommandResult attempts = Quiz({"attempts"});
  ASSERT_EQ(attempts.exit_code, 0) << attempts.err;
  EXPECT_NE(attempts.out.find("profile"), std::string::npos) << attempts.out;
  EXPECT_EQ(attempts.out.find("0%"), std::string::npos) << attempts.out;
  CommandResult history = Quiz({"progress", "--history"});
  ASSERT_EQ(history.exit_code, 0) << history.err;
  EXPECT_EQ(history.out.find("career-fit"), std::string::npos) << history.out;

  CommandResult billing =
      Quiz({"career-fit", "--json", "--answers",
            WriteFile("billing.txt", AnswersToward("billing"))});
  ASSERT_EQ(billing.exit_code, 0) << billing.err;
  quiz::v1::CareerProfile profile;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(billing.out, &profile).ok())
      << billing.out;
  EXPECT_EQ(profile.latest().fit(), "billing");
  EXPECT_DOUBLE_EQ(profile.latest().lean(), -2);
  EXPECT_EQ(profile.previous().fit(), "coding");
  EXPECT_NE(profile.summary().find("You may prefer medical billing"),
            std::string::npos);
  EXPECT_NE(profile.change().find("Last time you were coding-leaning"),
            std::string::npos);

  CommandResult shown = Quiz({"career-fit", "--show"});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_NE(shown.out.find("You may prefer medical billing"),
            std::string::npos);
  EXPECT_NE(shown.out.find("Since last time: Last time you were "
                           "coding-leaning"),
            std::string::npos)
      << shown.out;
}

}  // namespace
}  // namespace quizd_test
