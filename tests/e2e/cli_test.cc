// End to end: the real quizd and quiz binaries, as a student and a script
// would use them, over TCP on a free port with a temporary database.
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "cli_fixture_util.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "process_util.h"
#include "question_bank/src/bank_file.h"
#include "quiz/v1/attempt_service.pb.h"

namespace quizd_test {
namespace {

class CliTest : public CliFixture {
 protected:
  void SetUp() override {
    CliFixture::SetUp();
    AddUsers({{"alice", "student"}, {"bob", "student"}});
    StartServer();
  }

  void StartServer() { CliFixture::StartServer(kShippedBanks); }

  // The shipped coding bank, keys included.
  static quiz::v1::Bank Icd10Bank() {
    question_bank::ParsedBank parsed =
        question_bank::ParseBankFile(kShippedBanks + "/coding.yaml");
    EXPECT_TRUE(parsed.ok());
    return parsed.bank;
  }

  // The items of the starter quiz, in quiz order.
  static std::vector<quiz::v1::Item> StarterItems() {
    quiz::v1::Bank bank = Icd10Bank();
    std::map<std::string, quiz::v1::Item> by_id;
    for (const auto& item : bank.items()) by_id[item.id()] = item;
    std::vector<quiz::v1::Item> items;
    for (const auto& quiz : bank.quizzes()) {
      if (quiz.id() != "icd10cm-starter") continue;
      for (const auto& selection : quiz.selections()) {
        for (const auto& id : selection.item_ids()) items.push_back(by_id[id]);
      }
    }
    EXPECT_EQ(items.size(), 5u);
    return items;
  }
};

// The correct options of a choice item, as ids and as letters in authored
// order (the starter quiz does not shuffle).
void Key(const quiz::v1::Item& item, std::string* ids, std::string* letters) {
  const auto& options = item.has_single_choice()
                            ? item.single_choice().options()
                            : item.multiple_choice().options();
  for (int i = 0; i < options.size(); ++i) {
    if (!options[i].correct()) continue;
    if (!ids->empty()) *ids += ",";
    *ids += options[i].id();
    if (!letters->empty()) *letters += ",";
    *letters += static_cast<char>('a' + i);
  }
}

TEST_F(CliTest, ServerLogsItsStartupFacts) {
  const std::string log = server_->log();
  EXPECT_NE(log.find("listening on 127.0.0.1:"), std::string::npos) << log;
  EXPECT_NE(log.find("database " + db()), std::string::npos) << log;
  EXPECT_NE(log.find("bank coding version 1:"), std::string::npos) << log;
  EXPECT_NE(log.find("quizzes available"), std::string::npos) << log;
}

TEST_F(CliTest, TakeFromAnswersFileThenReview) {
  Login("alice");
  CommandResult quizzes = Quiz("alice", {"quizzes"});
  ASSERT_EQ(quizzes.exit_code, 0) << quizzes.err;
  EXPECT_NE(quizzes.out.find("icd10cm-starter"), std::string::npos);

  std::string answers = "# the key of the starter quiz\n";
  for (const quiz::v1::Item& item : StarterItems()) {
    std::string ids, letters;
    if (item.has_true_false()) {
      ids = item.true_false().answer() ? "true" : "false";
    } else {
      Key(item, &ids, &letters);
    }
    answers += item.id() + ": " + ids + "\n";
  }
  CommandResult take =
      Quiz("alice", {"take", "icd10cm-starter", "--answers",
                     WriteFile("answers.txt", answers), "--json"});
  ASSERT_EQ(take.exit_code, 0) << take.err;
  quiz::v1::Attempt attempt = ParseAttempt(take.out);
  EXPECT_EQ(attempt.state(), quiz::v1::FINISHED);
  EXPECT_DOUBLE_EQ(attempt.result().percent(), 100);
  EXPECT_TRUE(attempt.result().passed());

  const std::string id = attempt.name().substr(std::string("attempts/").size());
  CommandResult review = Quiz("alice", {"review", id, "--json"});
  ASSERT_EQ(review.exit_code, 0) << review.err;
  quiz::v1::Attempt reviewed = ParseAttempt(review.out);
  ASSERT_EQ(reviewed.items_size(), 5);
  for (const auto& item : reviewed.items()) {
    EXPECT_EQ(item.outcome().correctness(), quiz::v1::CORRECT);
    EXPECT_FALSE(item.item().rationale().empty());
  }
  CommandResult human = Quiz("alice", {"review", id});
  ASSERT_EQ(human.exit_code, 0) << human.err;
  EXPECT_NE(human.out.find("Rationale"), std::string::npos);

  CommandResult attempts = Quiz("alice", {"attempts"});
  ASSERT_EQ(attempts.exit_code, 0);
  EXPECT_NE(attempts.out.find(id), std::string::npos);
  EXPECT_NE(attempts.out.find("PASS"), std::string::npos);
}

TEST_F(CliTest, TakeFromPipedKeystrokes) {
  Login("alice");
  std::string keys;
  for (const quiz::v1::Item& item : StarterItems()) {
    std::string ids, letters;
    if (item.has_true_false()) {
      letters = item.true_false().answer() ? "t" : "false";
    } else {
      Key(item, &ids, &letters);
    }
    keys += letters + "\n";
  }
  CommandResult take = Quiz("alice", {"take", "icd10cm-starter"}, keys);
  ASSERT_EQ(take.exit_code, 0) << take.err;
  EXPECT_NE(take.out.find("Question 1 of 5"), std::string::npos) << take.out;
  EXPECT_NE(take.out.find("Question 5 of 5"), std::string::npos);
  EXPECT_NE(take.out.find("Rationale"), std::string::npos);
  EXPECT_NE(take.out.find("PASS"), std::string::npos) << take.out;
  EXPECT_NE(take.out.find("100%"), std::string::npos);
}

TEST_F(CliTest, AnswersSurviveKillNineAndTheAttemptResumes) {
  Login("alice");
  std::vector<quiz::v1::Item> items = StarterItems();
  std::string ids, letters;
  Key(items[0], &ids, &letters);
  // Answer the first question, then quit leaving the attempt open.
  CommandResult first =
      Quiz("alice", {"take", "icd10cm-starter"}, letters + "\nq\n");
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find("Correct"), std::string::npos) << first.out;

  EXPECT_EQ(server_->Stop(SIGKILL), 128 + SIGKILL);
  StartServer();

  // Resuming shows question 2 next and one answer already counted.
  CommandResult resumed =
      Quiz("alice", {"take", "icd10cm-starter", "--json"}, "q\n");
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  quiz::v1::Attempt attempt = ParseAttempt(resumed.out);
  EXPECT_EQ(attempt.state(), quiz::v1::IN_PROGRESS);
  EXPECT_EQ(attempt.answered_count(), 1);
  EXPECT_EQ(attempt.items(0).outcome().correctness(), quiz::v1::CORRECT);
}

TEST_F(CliTest, ClearErrorsAndNothingChanged) {
  Login("alice");
  Login("bob");
  CommandResult take =
      Quiz("alice", {"take", "icd10cm-starter", "--json"}, "q\n");
  ASSERT_EQ(take.exit_code, 0) << take.err;
  const std::string id =
      ParseAttempt(take.out).name().substr(std::string("attempts/").size());

  // Another student's attempt does not exist for bob.
  CommandResult peek = Quiz("bob", {"review", id});
  EXPECT_EQ(peek.exit_code, 1);
  EXPECT_NE(peek.err.find("NOT_FOUND"), std::string::npos) << peek.err;

  // A wrong token.
  const std::string forged = dir_ + "/forged.json";
  std::ofstream(forged) << "{\"token\": \"" << std::string(64, 'a') << "\"}";
  CommandResult wrong =
      RunCommand({QuizBinary(), "--server", server_->address(), "--config",
                  forged, "quizzes"});
  EXPECT_EQ(wrong.exit_code, 1);
  EXPECT_NE(wrong.err.find("UNAUTHENTICATED"), std::string::npos) << wrong.err;

  // An answer to an item that is not in the attempt, caught before sending.
  CommandResult stray =
      Quiz("alice", {"take", "icd10cm-starter", "--answers",
                     WriteFile("stray.txt", "\nno-such-item: a\n")});
  EXPECT_EQ(stray.exit_code, 2);
  EXPECT_NE(stray.err.find("stray.txt:2"), std::string::npos) << stray.err;

  // Wrong password.
  CommandResult login =
      Quiz("alice", {"login", "alice", "--password-stdin"}, "nope-nope\n");
  EXPECT_EQ(login.exit_code, 1);
  EXPECT_NE(login.err.find("wrong username or password"), std::string::npos);

  // Alice's attempt is untouched.
  CommandResult mine = Quiz("alice", {"review", id});
  EXPECT_EQ(mine.exit_code, 1);  // still in progress, nothing answered
  CommandResult list = Quiz("alice", {"attempts", "--json"});
  ASSERT_EQ(list.exit_code, 0);
  EXPECT_NE(list.out.find("IN_PROGRESS"), std::string::npos) << list.out;
}

TEST_F(CliTest, AnswersFileWithUnknownIdsStartsNoExam) {
  Login("alice");
  // A choice item the timed exam can draw, and an option it does not have.
  const quiz::v1::Bank bank = Icd10Bank();
  quiz::v1::Item drawable;
  for (const quiz::v1::Item& item : bank.items()) {
    if (item.topic() == "icd-structure" && item.has_single_choice()) {
      drawable = item;
      break;
    }
  }
  ASSERT_FALSE(drawable.id().empty());
  const std::string option = drawable.single_choice().options(0).id();
  const std::string path =
      WriteFile("exam.txt", "# exam\n" + drawable.id() + ": " + option +
                                "\n\n" + drawable.id() + "-x: " + option +
                                "\n" + drawable.id() + ": no-such-option\n");
  CommandResult take =
      Quiz("alice", {"take", "icd10cm-exam", "--answers", path});
  EXPECT_EQ(take.exit_code, 2) << take.err;
  EXPECT_NE(take.err.find(path + ":4: no item \"" + drawable.id() +
                          "-x\" in quizzes/icd10cm-exam"),
            std::string::npos)
      << take.err;
  EXPECT_EQ(take.out.find("Started attempt"), std::string::npos) << take.out;

  // The same file with the unknown item fixed still names the bad option.
  const std::string fixed =
      WriteFile("fixed.txt", drawable.id() + ": " + option + "\n" +
                                 drawable.id() + ": no-such-option\n");
  take = Quiz("alice", {"take", "icd10cm-exam", "--answers", fixed});
  EXPECT_EQ(take.exit_code, 2) << take.err;
  EXPECT_NE(take.err.find(fixed + ":2: item \"" + drawable.id() +
                          "\" has no option \"no-such-option\""),
            std::string::npos)
      << take.err;

  // No attempt, so no exam clock, was started.
  CommandResult list = Quiz("alice", {"attempts", "--json"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_EQ(list.out.find("attempts/"), std::string::npos) << list.out;
  EXPECT_EQ(list.out.find("icd10cm-exam"), std::string::npos) << list.out;
}

TEST_F(CliTest, SigtermStopsCleanlyAndDataStays) {
  Login("alice");
  ASSERT_EQ(Quiz("alice", {"take", "icd10cm-starter"}, "q\n").exit_code, 0);
  EXPECT_EQ(server_->Stop(SIGTERM), 0);
  EXPECT_NE(server_->log().find("stopped"), std::string::npos);
  StartServer();
  CommandResult list = Quiz("alice", {"attempts"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_NE(list.out.find("icd10cm-starter"), std::string::npos);
  // An unchanged bank directory adds no versions.
  EXPECT_NE(server_->log().find("bank coding version 1:"), std::string::npos);
}

}  // namespace
}  // namespace quizd_test
