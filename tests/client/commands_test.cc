#include "client/commands.h"

#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "client/config.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "tests/client/fake_quiz_api_util.h"

namespace client {
namespace {

using testing::Contains;
using testing::FakeQuizApi;
using Strings = std::vector<std::string>;

// Hands RunQuiz a QuizApi that forwards to a fake the test keeps.
class ForwardingApi : public QuizApi {
 public:
  explicit ForwardingApi(QuizApi& target) : target_(target) {}
  absl::StatusOr<quiz::v1::LoginResponse> Login(
      const quiz::v1::LoginRequest& r) override {
    return target_.Login(r);
  }
  absl::Status Logout() override { return target_.Logout(); }
  absl::StatusOr<quiz::v1::ListQuizzesResponse> ListQuizzes(
      const quiz::v1::ListQuizzesRequest& r) override {
    return target_.ListQuizzes(r);
  }
  absl::StatusOr<quiz::v1::Attempt> StartAttempt(
      const quiz::v1::StartAttemptRequest& r) override {
    return target_.StartAttempt(r);
  }
  absl::StatusOr<quiz::v1::Attempt> GetAttempt(
      const quiz::v1::GetAttemptRequest& r) override {
    return target_.GetAttempt(r);
  }
  absl::StatusOr<quiz::v1::ListAttemptsResponse> ListAttempts(
      const quiz::v1::ListAttemptsRequest& r) override {
    return target_.ListAttempts(r);
  }
  absl::StatusOr<quiz::v1::SubmitResponseResponse> SubmitResponse(
      const quiz::v1::SubmitResponseRequest& r) override {
    return target_.SubmitResponse(r);
  }
  absl::StatusOr<quiz::v1::AttemptItem> FlagItem(
      const quiz::v1::FlagItemRequest& r) override {
    return target_.FlagItem(r);
  }
  absl::StatusOr<quiz::v1::Attempt> FinishAttempt(
      const quiz::v1::FinishAttemptRequest& r) override {
    return target_.FinishAttempt(r);
  }

 private:
  QuizApi& target_;
};

class CommandsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "quiz-commands-XXXXXX")
            .string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    config_path_ = dir_ + "/config.json";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Runs `quiz ARGS...` with --config pointing into the temp dir.
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
    env.stdin_is_terminal = false;
    env.env = [](const char*) { return std::string(); };
    env.connect = [this](const std::string& server, const std::string& token) {
      connected_server_ = server;
      connected_token_ = token;
      return std::make_unique<ForwardingApi>(fake_);
    };
    env.read_password = [](const std::string&) -> absl::StatusOr<std::string> {
      return absl::InternalError("not a terminal");
    };
    env.now = [] { return testing::TestNow(); };
    env.zone = absl::UTCTimeZone();
    env.new_request_id = [] { return std::string("req"); };
    return RunQuiz(static_cast<int>(argv.size()), argv.data(), env);
  }

  void LogIn() {
    ASSERT_EQ(Run({"login", "stu", "--password-stdin"}, "correct horse\n"), 0)
        << err_.str();
  }

  FakeQuizApi fake_{quiz::v1::QUIZ_MODE_EXAM};
  std::string dir_;
  std::string config_path_;
  std::istringstream in_;
  std::ostringstream out_;
  std::ostringstream err_;
  std::string connected_server_;
  std::string connected_token_;
};

TEST_F(CommandsTest, LoginSavesTheTokenAndLaterCallsUseIt) {
  LogIn();
  EXPECT_EQ(out_.str(), "Logged in as stu (student) until 2025-03-02 00:00\n");
  EXPECT_EQ(fake_.last_login_password, "correct horse");
  absl::StatusOr<ClientConfig> config = LoadConfig(config_path_);
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(config->token, "tok-123");
  EXPECT_EQ(config->username, "stu");
  EXPECT_EQ(config->server, "127.0.0.1:50051");

  ASSERT_EQ(Run({"quizzes"}), 0);
  EXPECT_EQ(connected_token_, "tok-123");
  EXPECT_EQ(connected_server_, "127.0.0.1:50051");
}

TEST_F(CommandsTest, LoginReadsUsernameAndPasswordLinesFromAPipe) {
  ASSERT_EQ(Run({"login"}, "stu\ncorrect horse\n"), 0) << err_.str();
  EXPECT_EQ(fake_.last_login_password, "correct horse");
}

TEST_F(CommandsTest, WrongPasswordIsAServerErrorWithExitCode1) {
  EXPECT_EQ(Run({"login", "stu", "--password-stdin"}, "nope\n"), 1);
  EXPECT_TRUE(Contains(err_.str(),
                       "quiz: UNAUTHENTICATED: wrong username or "
                       "password"));
  EXPECT_FALSE(std::filesystem::exists(config_path_));
}

TEST_F(CommandsTest, UsageErrorsExitWith2) {
  EXPECT_EQ(Run({}), 2);
  EXPECT_TRUE(Contains(err_.str(), "quiz: INVALID_ARGUMENT: "));
  EXPECT_EQ(Run({"take"}), 2);
  EXPECT_EQ(Run({"quizzes", "--bogus"}), 2);
  EXPECT_EQ(Run({"login", "--password-stdin"}, "pw\n"), 2);
  EXPECT_EQ(Run({"login", "stu", "--password-stdin"}, ""), 2);
  EXPECT_TRUE(fake_.calls.empty());
}

TEST_F(CommandsTest, HelpExitsWith0) {
  EXPECT_EQ(Run({"--help"}), 0);
  EXPECT_TRUE(Contains(out_.str(), "take"));
}

TEST_F(CommandsTest, GlobalOptionsMayFollowTheSubcommand) {
  LogIn();
  ASSERT_EQ(Run({"quizzes", "--server", "other:9"}), 0) << err_.str();
  EXPECT_EQ(connected_server_, "other:9");
}

TEST_F(CommandsTest, QuizzesFollowsPagesAndPrintsJson) {
  LogIn();
  for (const char* id : {"a-quiz", "b-quiz", "c-quiz"}) {
    quiz::v1::QuizSummary summary;
    summary.set_id(id);
    summary.set_name(absl::StrCat("quizzes/", id));
    summary.set_item_count(10);
    fake_.quizzes.push_back(summary);
  }
  ASSERT_EQ(Run({"quizzes"}), 0);
  EXPECT_TRUE(Contains(out_.str(), "c-quiz"));
  EXPECT_EQ(std::count(fake_.calls.begin(), fake_.calls.end(), "ListQuizzes"),
            2);

  ASSERT_EQ(Run({"quizzes", "--json"}), 0);
  quiz::v1::ListQuizzesResponse parsed;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(out_.str(), &parsed).ok());
  EXPECT_EQ(parsed.quizzes_size(), 3);
  EXPECT_TRUE(Contains(out_.str(), "\"item_count\""));  // proto field names
}

TEST_F(CommandsTest, TakeJsonKeepsStdoutForTheAttempt) {
  LogIn();
  std::string answers = dir_ + "/answers.txt";
  std::ofstream(answers) << "q-single: y\nq-tf: true\n";
  ASSERT_EQ(Run({"take", "drill", "--answers", answers, "--json"}), 0)
      << err_.str();
  quiz::v1::Attempt attempt;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(out_.str(), &attempt).ok())
      << out_.str();
  EXPECT_EQ(attempt.state(), quiz::v1::FINISHED);
  EXPECT_EQ(attempt.result().correct(), 2);
  EXPECT_TRUE(Contains(err_.str(), "Review with: quiz review att1"));
}

TEST_F(CommandsTest, TakeWithABadAnswersFileIsAUsageError) {
  LogIn();
  std::string answers = dir_ + "/answers.txt";
  std::ofstream(answers) << "q-single: y\nq-zzz: a\n";
  EXPECT_EQ(Run({"take", "drill", "--answers", answers}), 2);
  EXPECT_TRUE(Contains(err_.str(), answers + ":2: item \"q-zzz\""));
  EXPECT_TRUE(fake_.submitted.empty());
}

TEST_F(CommandsTest, ReviewRefusesAnAttemptInProgress) {
  LogIn();
  fake_.started = true;
  EXPECT_EQ(Run({"review", "att1"}), 1);
  EXPECT_TRUE(Contains(err_.str(),
                       "quiz: FAILED_PRECONDITION: attempt att1 "
                       "is in progress and cannot be reviewed "
                       "yet"));
}

TEST_F(CommandsTest, ReviewPrintsEveryItemAndTheSummary) {
  LogIn();
  fake_.started = true;
  fake_.attempt = testing::FinishedSampleAttempt();
  ASSERT_EQ(Run({"review", "attempts/att1"}), 0) << err_.str();
  const std::string out = out_.str();
  EXPECT_TRUE(Contains(out, "Question 5 of 5"));
  EXPECT_TRUE(Contains(out, "   * B) Option Y\n"));
  EXPECT_TRUE(Contains(out, "Result: FAIL"));
}

TEST_F(CommandsTest, AttemptsTable) {
  LogIn();
  fake_.started = true;
  ASSERT_EQ(Run({"attempts"}), 0) << err_.str();
  EXPECT_TRUE(Contains(out_.str(), "att1     drill  in progress"));
}

TEST_F(CommandsTest, LogoutForgetsTheToken) {
  LogIn();
  ASSERT_EQ(Run({"logout"}), 0);
  EXPECT_EQ(fake_.calls.back(), "Logout");
  EXPECT_EQ(LoadConfig(config_path_)->token, "");
  EXPECT_EQ(Run({"logout"}), 0);
  EXPECT_EQ(out_.str(), "Not logged in.\n");
}

TEST(RealSessionTest, NotLoggedInFailsLocallyWithExitCode1) {
  std::string dir =
      (std::filesystem::temp_directory_path() / "quiz-real-XXXXXX").string();
  ASSERT_NE(mkdtemp(dir.data()), nullptr);
  std::string config = dir + "/config.json";
  std::istringstream in;
  std::ostringstream out, err;
  CommandEnv env = RealCommandEnv();
  env.in = &in;
  env.out = &out;
  env.err = &err;
  env.env = [](const char*) { return std::string(); };
  // Port 1 is never listened on; the call must not even be attempted.
  const char* argv[] = {"quiz",        "quizzes",  "--server",
                        "127.0.0.1:1", "--config", config.c_str()};
  EXPECT_EQ(RunQuiz(6, argv, env), 1);
  EXPECT_EQ(err.str(),
            "quiz: UNAUTHENTICATED: not logged in \xE2\x80\x94 run `quiz "
            "login`\n");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace client
