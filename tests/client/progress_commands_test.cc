// quiz progress, quiz review (the review session) and quiz career-fit against
// a real quizd over TCP (see live_server_util.h): answers go through the
// real server, then the commands must reflect them.
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "client/commands.h"
#include "client/config.h"
#include "client/session.h"
#include "client/take.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "tests/client/live_server_util.h"
#include "tests/client/sample_attempt_util.h"

namespace client {
namespace {

using testing::Contains;

// A small inventory: one agree-keyed and one reverse-keyed statement per
// trait, in this order in "career-fit-inventory".
const char kCareerBank[] = R"yaml(
id: careerbank
title: Career test bank
topics:
  - {id: fit, title: Fit}
items:
  - id: cf-c1
    topic: fit
    stem: I like long stretches of focused work on my own.
    likert: {weights: [{trait: coding, weight: 1}]}
  - id: cf-c2
    topic: fit
    stem: I get restless reading the same guideline twice.
    likert: {weights: [{trait: coding, weight: 1}], reverse_keyed: true}
  - id: cf-b1
    topic: fit
    stem: I like chasing a claim until it is paid.
    likert: {weights: [{trait: billing, weight: 1}]}
  - id: cf-b2
    topic: fit
    stem: I would rather not phone payers and patients.
    likert: {weights: [{trait: billing, weight: 1}], reverse_keyed: true}
quizzes:
  - id: career-fit-inventory
    title: Career fit inventory
    mode: QUIZ_MODE_PRACTICE
    selections: [{item_ids: [cf-c1, cf-c2, cf-b1, cf-b2]}]
)yaml";

// Agrees with the coding statements and disagrees with the billing ones,
// reverse-keyed ones the other way round.
const char kCodingAnswers[] = "cf-c1: 5\ncf-c2: 1\ncf-b1: 1\ncf-b2: 5\n";
const char kBillingAnswers[] = "cf-c1: 1\ncf-c2: 5\ncf-b1: 5\ncf-b2: 1\n";

// kClientBank's "drill": both ICD items wrong, both billing items right.
const char kDrillHalfWrong[] =
    "q-single: x\nq-multi: b\nq-tf: true\n"
    "q-long: long\n";

class ProgressCommandsTest : public testing::LiveServerTest {
 protected:
  void SetUp() override {
    LiveServerTest::SetUp();
    if (HasFatalFailure()) return;
    std::ofstream(dir_ + "/banks/career.yaml") << kCareerBank;
    RestartServer();
    config_path_ = dir_ + "/config.json";
  }

  // Runs `quiz ARGS... --config CONFIG` with `stdin_text` piped in.
  int Run(std::vector<std::string> args, const std::string& stdin_text = "") {
    in_.str(stdin_text);
    in_.clear();
    out_.str("");
    err_.str("");
    args.insert(args.begin(), "quiz");
    args.push_back("--config");
    args.push_back(config_path_);
    std::vector<const char*> argv;
    for (const std::string& arg : args) argv.push_back(arg.c_str());
    CommandEnv env;
    env.in = &in_;
    env.out = &out_;
    env.err = &err_;
    env.env = [](const char*) { return std::string(); };
    env.read_password = [](const std::string&) -> absl::StatusOr<std::string> {
      return absl::InternalError("not a terminal");
    };
    env.now = [] { return absl::Now(); };
    env.zone = absl::UTCTimeZone();
    env.new_request_id = RandomRequestId;
    return RunQuiz(static_cast<int>(argv.size()), argv.data(), env);
  }

  void LogInAs(const std::string& user) {
    ASSERT_EQ(Run({"login", user, "--password-stdin", "--server", address()},
                  "password-1\n"),
              0)
        << err_.str();
  }

  std::string WriteFile(const std::string& name, const std::string& text) {
    std::string path = dir_ + "/" + name;
    std::ofstream(path) << text;
    return path;
  }

  // Alice takes the drill with both ICD items wrong.
  void TakeDrillHalfWrong() {
    LogInAs("alice");
    ASSERT_EQ(Run({"take", "drill", "--answers",
                   WriteFile("drill.txt", kDrillHalfWrong)}),
              0)
        << err_.str();
  }

  // The item ids of the cards due now, in the order `quiz review` shows them.
  std::vector<std::string> DueItemIds() {
    absl::StatusOr<ClientConfig> config = LoadConfig(config_path_);
    EXPECT_TRUE(config.ok());
    Session session(address(), config->token);
    absl::StatusOr<quiz::v1::ListDueReviewsResponse> due =
        session.ListDueReviews(quiz::v1::ListDueReviewsRequest());
    EXPECT_TRUE(due.ok()) << due.status();
    std::vector<std::string> ids;
    for (const auto& card : due->cards()) ids.push_back(card.item().id());
    return ids;
  }

  std::string config_path_;
  std::istringstream in_;
  std::ostringstream out_;
  std::ostringstream err_;
};

TEST_F(ProgressCommandsTest, ProgressShowsTheWeakestTopicFirstAndDueItems) {
  LogInAs("alice");
  ASSERT_EQ(Run({"progress"}), 0) << err_.str();
  EXPECT_TRUE(Contains(out_.str(), "No graded answers yet"));

  TakeDrillHalfWrong();
  ASSERT_EQ(Run({"progress"}), 0) << err_.str();
  const std::string out = out_.str();
  EXPECT_TRUE(Contains(out, "Progress of alice: 4 graded answers in 2 topics"));
  const size_t icd = out.find("clientbank/icd ");
  const size_t billing = out.find("clientbank/billing ");
  ASSERT_NE(icd, std::string::npos) << out;
  ASSERT_NE(billing, std::string::npos) << out;
  EXPECT_LT(icd, billing) << out;
  // ICD: both items seen of 2, 2 answers, none right.
  EXPECT_TRUE(Contains(out.substr(icd, billing - icd), " 2/2 "));
  EXPECT_TRUE(Contains(out.substr(icd, billing - icd), " 0% "));
  EXPECT_TRUE(Contains(out, "2 items due for review: run `quiz review`\n"));

  ASSERT_EQ(Run({"progress", "--json"}), 0) << err_.str();
  quiz::v1::Progress parsed;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(out_.str(), &parsed).ok())
      << out_.str();
  EXPECT_EQ(parsed.topics(0).topic(), "icd");
  EXPECT_EQ(parsed.reviews_due(), 2);
}

TEST_F(ProgressCommandsTest, HistoryAndReadiness) {
  TakeDrillHalfWrong();
  // The inventory scores nothing, so it is no part of the score history.
  ASSERT_EQ(
      Run({"career-fit", "--answers", WriteFile("coding.txt", kCodingAnswers)}),
      0)
      << err_.str();
  ASSERT_EQ(Run({"progress", "--history"}), 0) << err_.str();
  EXPECT_TRUE(Contains(out_.str(), "Score history of alice"));
  EXPECT_TRUE(Contains(out_.str(), "Coding drill"));
  EXPECT_TRUE(Contains(out_.str(), "50%  FAIL\n"));
  EXPECT_FALSE(Contains(out_.str(), "Career fit"));

  ASSERT_EQ(Run({"progress", "--for", "drill"}), 0) << err_.str();
  const std::string out = out_.str();
  EXPECT_TRUE(Contains(out, "Readiness of alice for drill"));
  EXPECT_TRUE(Contains(out, "Pass mark:          70%\n"));
  EXPECT_TRUE(Contains(out, "Chance of passing:  "));
  EXPECT_TRUE(Contains(out, "GAIN IF MASTERED"));
  // ICD, answered wrongly, has the most to gain.
  EXPECT_TRUE(Contains(out, "Study ICD (+")) << out;

  EXPECT_EQ(Run({"progress", "--for", "nope"}), 1);
  EXPECT_TRUE(Contains(err_.str(), "NOT_FOUND"));
  EXPECT_EQ(Run({"progress", "--for", "drill", "--history"}), 2);
}

TEST_F(ProgressCommandsTest, InstructorsSeeEveryStudent) {
  TakeDrillHalfWrong();
  EXPECT_EQ(Run({"progress", "--all"}), 1);
  EXPECT_TRUE(Contains(err_.str(), "PERMISSION_DENIED"));
  EXPECT_EQ(Run({"progress", "--user", "bob"}), 1);
  EXPECT_TRUE(Contains(err_.str(), "NOT_FOUND"));

  LogInAs("carol");
  ASSERT_EQ(Run({"progress", "--all"}), 0) << err_.str();
  const std::string out = out_.str();
  EXPECT_TRUE(Contains(out, "USER   ANSWERS  CORRECT  WEAKEST TOPIC"));
  EXPECT_TRUE(Contains(out, "\nalice        4      50%  clientbank/icd  "))
      << out;
  EXPECT_TRUE(Contains(out, "\nbob          0        -  -"));
  // The last column counts finished attempts: alice's drill, none of bob's.
  auto row_of = [&out](const std::string& user) {
    const size_t start = out.find("\n" + user + " ") + 1;
    return out.substr(start, out.find('\n', start) - start);
  };
  EXPECT_TRUE(absl::EndsWith(row_of("alice"), " 1")) << out;
  EXPECT_TRUE(absl::EndsWith(row_of("bob"), " 0")) << out;

  ASSERT_EQ(Run({"progress", "--user", "alice"}), 0) << err_.str();
  EXPECT_TRUE(Contains(out_.str(), "Progress of alice"));
  EXPECT_TRUE(Contains(out_.str(), "2 items due for review\n"));
}

TEST_F(ProgressCommandsTest, ReviewSessionClearsTheDueItems) {
  TakeDrillHalfWrong();
  std::vector<std::string> due = DueItemIds();
  ASSERT_EQ(due.size(), 2u);
  std::string answers;
  for (const std::string& id : due) {
    answers += id == "q-single" ? "b\n" : "ac\n";
  }
  ASSERT_EQ(Run({"review"}, answers), 0) << err_.str();
  const std::string out = out_.str();
  EXPECT_TRUE(Contains(out, "Review: 2 items due.\n"));
  EXPECT_TRUE(Contains(out, "Question 1 of 2 \xC2\xB7 ICD"));
  EXPECT_TRUE(Contains(out, "(answered 1 time, 0 correct)"));
  EXPECT_TRUE(Contains(out, "review> b\n"));
  EXPECT_TRUE(Contains(out, "Rationale:\n  Y is the specific code.\n"));
  EXPECT_TRUE(Contains(out, "Next review: "));
  EXPECT_TRUE(Contains(out, "(in 1 day)"));
  EXPECT_TRUE(Contains(out,
                       "Reviewed 2, correct 2.\n"
                       "Nothing else is due now; next due: "))
      << out;
  EXPECT_TRUE(DueItemIds().empty());

  ASSERT_EQ(Run({"progress"}), 0) << err_.str();
  EXPECT_TRUE(Contains(out_.str(), "No items due for review.\n"));
  ASSERT_EQ(Run({"review"}), 0) << err_.str();
  EXPECT_TRUE(Contains(out_.str(), "Nothing is due for review."));
}

TEST_F(ProgressCommandsTest, ReviewSkipsStopsAndKeepsWrongAnswersDue) {
  TakeDrillHalfWrong();
  ASSERT_EQ(Run({"review"}, "s\nq\n"), 0) << err_.str();
  EXPECT_TRUE(Contains(out_.str(), "Skipped.\n"));
  EXPECT_TRUE(Contains(out_.str(), "Review stopped.\n"));
  EXPECT_TRUE(Contains(out_.str(),
                       "Reviewed 0, correct 0, skipped 1.\n"
                       "2 items are still due: run `quiz review` again.\n"));

  // A bad line is explained and asked again; a wrong answer stays due.
  std::vector<std::string> due = DueItemIds();
  ASSERT_EQ(due.size(), 2u);
  const std::string wrong = due[0] == "q-single" ? "a\n" : "bd\n";
  ASSERT_EQ(Run({"review", "--count", "1"}, "g 2\n" + wrong), 0) << err_.str();
  EXPECT_TRUE(Contains(out_.str(), "Review: 2 items due, 1 this time.\n"));
  EXPECT_TRUE(Contains(out_.str(), "That command is not used in review"));
  EXPECT_TRUE(Contains(out_.str(), "Incorrect (0/1)"));
  EXPECT_TRUE(Contains(out_.str(), "Due again now"));
  EXPECT_TRUE(Contains(out_.str(),
                       "Reviewed 1, correct 0.\n"
                       "2 items are still due"));
  EXPECT_EQ(DueItemIds().size(), 2u);
}

TEST_F(ProgressCommandsTest, ReviewATopicsWeakestItemsAsJson) {
  TakeDrillHalfWrong();
  // Review offers only items answered before: the case, answered wrongly in
  // practice, is billing's weakest; it is reviewed part by part.
  ASSERT_EQ(Run({"take", "mixed-practice", "--answers",
                 WriteFile("case.txt", "c-dx: I10\nc-tf: false\nc-amt: 99\n")}),
            0)
      << err_.str();
  ASSERT_EQ(
      Run({"review", "--topic", "clientbank/billing", "--count", "1", "--json"},
          "E11.9\nt\n20\n"),
      0)
      << err_.str();
  EXPECT_TRUE(Contains(err_.str(),
                       "Review of topic clientbank/billing: its 1 weakest "
                       "item.\n"));
  EXPECT_TRUE(Contains(err_.str(), "part 2 of 3"));
  EXPECT_TRUE(Contains(err_.str(), "Reviewed 1, correct 1.\n"));
  const std::string json = out_.str();
  ASSERT_EQ(json.substr(0, 4), "[\n  ") << json;
  EXPECT_EQ(json.substr(json.size() - 3), "\n]\n");
  EXPECT_TRUE(Contains(json, "\"id\":\"q-case\""));
  EXPECT_TRUE(Contains(json, "\"correctness\":\"CORRECT\""));
  quiz::v1::AnswerReviewResponse reply;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(
                  json.substr(4, json.size() - 7), &reply)
                  .ok())
      << json;
  EXPECT_EQ(reply.remaining_due(), 2);

  EXPECT_EQ(Run({"review", "--topic", "clientbank/nope"}), 1);
  EXPECT_TRUE(Contains(err_.str(), "NOT_FOUND"));
  EXPECT_EQ(Run({"review", "abc", "--topic", "clientbank/billing"}), 2);
  EXPECT_EQ(Run({"review", "--json"}), 0);
  EXPECT_EQ(out_.str(), "[]\n");
}

TEST_F(ProgressCommandsTest, CareerFitFromAFileLeansToCodingThenBilling) {
  LogInAs("alice");
  EXPECT_EQ(Run({"career-fit", "--show"}), 1);
  EXPECT_TRUE(Contains(err_.str(), "NOT_FOUND"));
  EXPECT_TRUE(Contains(err_.str(), "quiz career-fit"));

  ASSERT_EQ(
      Run({"career-fit", "--answers", WriteFile("coding.txt", kCodingAnswers)}),
      0)
      << err_.str();
  std::string out = out_.str();
  EXPECT_TRUE(Contains(out, "Started attempt "));
  // Nothing about a statement's keying shows while the inventory is taken.
  EXPECT_FALSE(Contains(out, "Recorded (not scored)"));
  EXPECT_FALSE(Contains(out, "Traits:"));
  EXPECT_TRUE(Contains(out, "Nothing here is scored: it gives a profile"));
  EXPECT_TRUE(Contains(out, "Career-fit profile of alice"));
  EXPECT_TRUE(
      Contains(out,
               "  coding   -1 ░░░░░░░░░░│██████████ +1  +1.00\n"
               "  billing  -1 ██████████│░░░░░░░░░░ +1  -1.00\n"
               "  Lean: +2.00 (coding minus billing): leans to medical coding"))
      << out;
  EXPECT_TRUE(Contains(out, "You may prefer medical coding"));
  EXPECT_TRUE(Contains(out, "Certifications that fit:\n  - CPC (AAPC)"));
  EXPECT_TRUE(Contains(out, "First roles to look for:\n  - junior"));
  EXPECT_TRUE(
      Contains(out, "This is your first result: take the inventory again"));

  ASSERT_EQ(Run({"career-fit", "--show"}), 0) << err_.str();
  EXPECT_FALSE(Contains(out_.str(), "Started attempt"));
  EXPECT_TRUE(Contains(out_.str(), "You may prefer medical coding"));

  ASSERT_EQ(Run({"career-fit", "--new", "--json", "--answers",
                 WriteFile("billing.txt", kBillingAnswers)}),
            0)
      << err_.str();
  EXPECT_TRUE(Contains(err_.str(), "Started attempt "));
  quiz::v1::CareerProfile profile;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(out_.str(), &profile).ok())
      << out_.str();
  EXPECT_EQ(profile.latest().fit(), "billing");
  EXPECT_EQ(profile.previous().fit(), "coding");
  EXPECT_TRUE(Contains(profile.summary(), "You may prefer medical billing"));
  EXPECT_TRUE(Contains(profile.change(), "Last time you were coding-leaning"));
  EXPECT_EQ(Run({"career-fit", "--show", "--new"}), 2);
}

TEST_F(ProgressCommandsTest, CareerFitFromPipedAnswersAndQuittingEarly) {
  LogInAs("alice");
  ASSERT_EQ(Run({"career-fit"}, "5\nq\n"), 0) << err_.str();
  EXPECT_TRUE(Contains(out_.str(), "The attempt stays in progress"));
  EXPECT_TRUE(Contains(out_.str(),
                       "Your profile is made when the inventory "
                       "is finished"));
  EXPECT_FALSE(Contains(out_.str(), "Career-fit profile"));

  // Resumes at the second statement.
  ASSERT_EQ(Run({"career-fit"}, "1\n1\n5\n"), 0) << err_.str();
  EXPECT_TRUE(Contains(out_.str(), "Resuming attempt "));
  EXPECT_TRUE(Contains(out_.str(), "You may prefer medical coding"));
}

}  // namespace
}  // namespace client
