// The `quiz` subcommands end to end against a real quizd over TCP (see
// live_server_util.h), with string streams for stdin, stdout and stderr.
#include "client/commands.h"

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
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

class CommandsTest : public testing::LiveServerTest {
 protected:
  void SetUp() override {
    LiveServerTest::SetUp();
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
    env.stdin_is_terminal = terminal_;
    env.env = [](const char*) { return std::string(); };
    env.list_page_size = list_page_size_;
    env.read_password = [](const std::string&) -> absl::StatusOr<std::string> {
      return absl::InternalError("not a terminal");
    };
    env.now = [] { return absl::Now(); };
    env.zone = absl::UTCTimeZone();
    env.new_request_id = RandomRequestId;
    return RunQuiz(static_cast<int>(argv.size()), argv.data(), env);
  }

  // `quiz login USER --password-stdin --server ADDRESS`, which also saves
  // the server for the later commands.
  void LogInAs(const std::string& user) {
    ASSERT_EQ(Run({"login", user, "--password-stdin", "--server", address()},
                  "password-1\n"),
              0)
        << err_.str();
  }

  // Alice's attempt ids, newest first, from `quiz attempts --json`.
  std::vector<quiz::v1::Attempt> ListedAttempts() {
    EXPECT_EQ(Run({"attempts", "--json"}), 0) << err_.str();
    quiz::v1::ListAttemptsResponse parsed;
    EXPECT_TRUE(
        google::protobuf::util::JsonStringToMessage(out_.str(), &parsed).ok())
        << out_.str();
    return {parsed.attempts().begin(), parsed.attempts().end()};
  }

  std::string WriteAnswers(const std::string& text) {
    std::string path = dir_ + "/answers.txt";
    std::ofstream(path) << text;
    return path;
  }

  std::string config_path_;
  int list_page_size_ = 200;
  bool terminal_ = false;  // whether stdin counts as a terminal
  std::istringstream in_;
  std::ostringstream out_;
  std::ostringstream err_;
};

TEST_F(CommandsTest, LoginSavesTheTokenAndLaterCallsUseIt) {
  LogInAs("alice");
  EXPECT_TRUE(Contains(out_.str(), "Logged in as alice (student) until "));
  absl::StatusOr<ClientConfig> config = LoadConfig(config_path_);
  ASSERT_TRUE(config.ok());
  EXPECT_FALSE(config->token.empty());
  EXPECT_EQ(config->username, "alice");
  EXPECT_EQ(config->server, address());

  ASSERT_EQ(Run({"quizzes"}), 0) << err_.str();
  EXPECT_TRUE(Contains(out_.str(), "drill"));
  EXPECT_TRUE(Contains(out_.str(), "practice-all"));
}

TEST_F(CommandsTest, ACorruptConfigIsNamedAndLoginAndLogoutRepairIt) {
  std::ofstream(config_path_) << "{\"token\": 12, \x1b[2J";
  EXPECT_EQ(Run({"quizzes", "--server", address()}), 1);
  EXPECT_TRUE(Contains(err_.str(), "the config file is corrupt: " +
                                       config_path_ + ": not a JSON object"))
      << err_.str();
  EXPECT_TRUE(Contains(
      err_.str(), "Run `quiz login` to replace it, or delete " + config_path_));

  // logout removes it (no token can be read from it to revoke).
  out_.str("");
  ASSERT_EQ(Run({"logout"}), 0) << err_.str();
  EXPECT_TRUE(
      Contains(out_.str(), "Removed the corrupt config file " + config_path_));
  EXPECT_FALSE(std::filesystem::exists(config_path_));

  // login replaces it, saying so.
  std::ofstream(config_path_) << "[1, 2]";
  err_.str("");
  LogInAs("alice");
  EXPECT_TRUE(
      Contains(err_.str(), "Replaced the corrupt config file " + config_path_));
  ASSERT_EQ(Run({"quizzes"}), 0) << err_.str();
  EXPECT_TRUE(Contains(out_.str(), "drill"));
}

TEST_F(CommandsTest, LoginReadsUsernameAndPasswordLinesFromAPipe) {
  ASSERT_EQ(Run({"login", "--server", address()}, "carol\npassword-1\n"), 0)
      << err_.str();
  EXPECT_TRUE(Contains(out_.str(), "Logged in as carol (instructor) until "));
}

TEST_F(CommandsTest, WrongPasswordIsAServerErrorWithExitCode1) {
  EXPECT_EQ(Run({"login", "alice", "--password-stdin", "--server", address()},
                "nope\n"),
            1);
  EXPECT_TRUE(Contains(err_.str(), "quiz: UNAUTHENTICATED: "));
  // A failed login needs no advice to log in.
  EXPECT_FALSE(Contains(err_.str(), "run `quiz login`"));
  EXPECT_FALSE(std::filesystem::exists(config_path_));
}

TEST_F(CommandsTest, UsageErrorsExitWith2) {
  EXPECT_EQ(Run({}), 2);
  EXPECT_TRUE(Contains(err_.str(), "quiz: INVALID_ARGUMENT: "));
  EXPECT_EQ(Run({"take"}), 2);
  EXPECT_EQ(Run({"quizzes", "--bogus"}), 2);
  EXPECT_EQ(Run({"login", "--password-stdin"}, "pw\n"), 2);
  EXPECT_EQ(Run({"login", "alice", "--password-stdin"}, ""), 2);
  EXPECT_FALSE(std::filesystem::exists(config_path_));
}

TEST_F(CommandsTest, HelpExitsWith0) {
  EXPECT_EQ(Run({"--help"}), 0);
  EXPECT_TRUE(Contains(out_.str(), "take"));
}

TEST_F(CommandsTest, GlobalOptionsMayFollowTheSubcommand) {
  LogInAs("alice");  // --server after the subcommand, or login fails
  // Port 1 is never listened on: the flag beats the saved server.
  EXPECT_EQ(Run({"quizzes", "--server", "127.0.0.1:1"}), 1);
  EXPECT_TRUE(Contains(err_.str(), "quiz: UNAVAILABLE: "));
}

TEST_F(CommandsTest, QuizzesFollowsPagesAndPrintsJson) {
  LogInAs("alice");
  list_page_size_ = 2;  // seven quizzes: four pages
  ASSERT_EQ(Run({"quizzes"}), 0) << err_.str();
  for (const char* id :
       {"practice-all", "exam-shuffled", "timed", "drill", "drill-warned",
        "drill-single", "mixed", "mixed-practice"}) {
    EXPECT_TRUE(Contains(out_.str(), id));
  }

  ASSERT_EQ(Run({"quizzes", "--json"}), 0) << err_.str();
  quiz::v1::ListQuizzesResponse parsed;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(out_.str(), &parsed).ok())
      << out_.str();
  EXPECT_EQ(parsed.quizzes_size(), 8);
  EXPECT_TRUE(parsed.next_page_token().empty());
  EXPECT_TRUE(Contains(out_.str(), "\"item_count\""));  // proto field names
}

TEST_F(CommandsTest, TakeJsonKeepsStdoutForTheAttempt) {
  LogInAs("alice");
  std::string answers = WriteAnswers("q-single: y\nq-tf: true\n");
  ASSERT_EQ(Run({"take", "drill", "--answers", answers, "--json"}), 0)
      << err_.str();
  quiz::v1::Attempt attempt;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(out_.str(), &attempt).ok())
      << out_.str();
  EXPECT_EQ(attempt.state(), quiz::v1::FINISHED);
  EXPECT_EQ(attempt.result().correct(), 2);
  EXPECT_TRUE(Contains(err_.str(), "Started attempt "));
  EXPECT_TRUE(Contains(
      err_.str(), "Review with: quiz review " + ResourceId(attempt.name())));
}

TEST_F(CommandsTest, TakeWithABadAnswersFileIsAUsageError) {
  LogInAs("alice");
  std::string answers = WriteAnswers("q-single: y\nq-zzz: a\n");
  EXPECT_EQ(Run({"take", "drill", "--answers", answers}), 2);
  EXPECT_TRUE(Contains(err_.str(), answers + ":2: no item \"q-zzz\""))
      << err_.str();
  // The server checked the file's ids first: nothing was started.
  EXPECT_TRUE(ListedAttempts().empty());
}

TEST_F(CommandsTest, ReviewRefusesAnAttemptInProgress) {
  LogInAs("alice");
  ASSERT_EQ(Run({"take", "drill"}, "b\nq\n"), 0) << err_.str();
  std::vector<quiz::v1::Attempt> attempts = ListedAttempts();
  ASSERT_EQ(attempts.size(), 1);
  const std::string id = ResourceId(attempts[0].name());
  EXPECT_EQ(Run({"review", id}), 1);
  EXPECT_TRUE(Contains(err_.str(), "quiz: FAILED_PRECONDITION: attempt " + id +
                                       " is in progress and cannot be "
                                       "reviewed yet"));
}

TEST_F(CommandsTest, ReviewPrintsEveryItemAndTheSummary) {
  LogInAs("alice");
  std::string answers = WriteAnswers("q-single: x\nq-multi: a,c\nq-tf: true\n");
  ASSERT_EQ(Run({"take", "drill", "--answers", answers}), 0) << err_.str();
  std::vector<quiz::v1::Attempt> attempts = ListedAttempts();
  ASSERT_EQ(attempts.size(), 1);
  ASSERT_EQ(Run({"review", attempts[0].name()}), 0) << err_.str();
  const std::string out = out_.str();
  EXPECT_TRUE(Contains(out, "Question 4 of 4"));
  EXPECT_TRUE(Contains(out,
                       "  >  A) Option X\n"
                       "   * B) Option Y\n"
                       "     C) Option Z\n"));
  EXPECT_TRUE(Contains(out, "  - X is too vague.\n"));
  EXPECT_TRUE(Contains(out, "Rationale:\n  Y is the specific code.\n"));
  EXPECT_TRUE(Contains(out, "Unanswered (0/"));
  EXPECT_TRUE(Contains(out, "Result: FAIL"));
}

TEST_F(CommandsTest, ReviewWrongShowsOnlyTheItemsNotFullyCorrect) {
  LogInAs("alice");
  // q-single wrong, q-multi and q-tf right, q-long unanswered.
  std::string answers = WriteAnswers("q-single: x\nq-multi: a,c\nq-tf: true\n");
  ASSERT_EQ(Run({"take", "drill", "--answers", answers}), 0) << err_.str();
  std::vector<quiz::v1::Attempt> attempts = ListedAttempts();
  ASSERT_EQ(attempts.size(), 1);
  out_.str("");
  ASSERT_EQ(Run({"review", attempts[0].name(), "--wrong"}), 0) << err_.str();
  const std::string out = out_.str();
  EXPECT_TRUE(Contains(out, "Question 1 of 4"));
  EXPECT_TRUE(Contains(out, "Question 4 of 4"));
  EXPECT_FALSE(Contains(out, "Question 2 of 4")) << out;
  EXPECT_FALSE(Contains(out, "Question 3 of 4"));
  EXPECT_TRUE(Contains(
      out,
      "2 of 4 items were not fully correct (--wrong shows only those).\n"));
  EXPECT_TRUE(Contains(out, "Result: FAIL"));
  // --wrong belongs to the review of one attempt.
  EXPECT_EQ(Run({"review", "--wrong"}), 2);
}

TEST_F(CommandsTest, AttemptsTable) {
  LogInAs("alice");
  ASSERT_EQ(Run({"take", "drill"}, "q\n"), 0) << err_.str();
  std::vector<quiz::v1::Attempt> attempts = ListedAttempts();
  ASSERT_EQ(attempts.size(), 1);
  ASSERT_EQ(Run({"attempts"}), 0) << err_.str();
  EXPECT_TRUE(Contains(out_.str(), ResourceId(attempts[0].name())));
  EXPECT_TRUE(Contains(out_.str(), "drill"));
  EXPECT_TRUE(Contains(out_.str(), "  open  "));
  // Real attempt ids (20 characters) and the table fit 80 columns.
  for (absl::string_view line : absl::StrSplit(out_.str(), '\n')) {
    EXPECT_LE(line.size(), 80u) << line;
  }

  // An instructor may list a student's attempts; a student may not.
  LogInAs("carol");
  ASSERT_EQ(Run({"attempts", "--user", "alice"}), 0) << err_.str();
  EXPECT_TRUE(Contains(out_.str(), ResourceId(attempts[0].name())));
  LogInAs("bob");
  EXPECT_EQ(Run({"attempts", "--user", "alice"}), 1);
  EXPECT_TRUE(Contains(err_.str(), "quiz: PERMISSION_DENIED: "));
}

TEST_F(CommandsTest, LogoutRevokesAndForgetsTheToken) {
  LogInAs("alice");
  const std::string token = LoadConfig(config_path_)->token;
  ASSERT_EQ(Run({"logout"}), 0) << err_.str();
  EXPECT_EQ(out_.str(), "Logged out.\n");
  EXPECT_EQ(LoadConfig(config_path_)->token, "");
  Session old(address(), token);
  EXPECT_EQ(old.ListQuizzes(quiz::v1::ListQuizzesRequest()).status().code(),
            absl::StatusCode::kUnauthenticated);

  EXPECT_EQ(Run({"logout"}), 0);
  EXPECT_EQ(out_.str(), "Not logged in.\n");
  EXPECT_EQ(Run({"quizzes"}), 1);
  EXPECT_TRUE(Contains(err_.str(), "quiz: UNAUTHENTICATED: not logged in"));
}

TEST(RealCommandEnvTest, NotLoggedInFailsLocallyWithExitCode1) {
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

TEST_F(CommandsTest, BankPushAsksOnATerminalBeforeDroppingAQuiz) {
  LogInAs("carol");
  std::string old_copy = quizd_test::kTestBank;
  old_copy.erase(old_copy.find("  - id: timed"));  // the last quiz
  const std::string path = dir_ + "/old.yaml";
  std::ofstream(path) << old_copy;
  terminal_ = true;

  EXPECT_EQ(Run({"bank", "push", path}, "n\n"), 2);
  EXPECT_NE(out_.str().find("quizzes removed (1): timed"), std::string::npos)
      << out_.str();
  EXPECT_NE(err_.str().find("Remove quizzes timed? [y/N]"), std::string::npos)
      << err_.str();
  EXPECT_NE(err_.str().find("nothing was pushed"), std::string::npos);

  EXPECT_EQ(Run({"bank", "push", path}, "y\n"), 0) << err_.str();
  EXPECT_NE(out_.str().find("stored banks/testbank version 2"),
            std::string::npos)
      << out_.str();
}

}  // namespace
}  // namespace client
