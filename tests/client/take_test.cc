#include "client/take.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "client/item_render.h"
#include "gtest/gtest.h"
#include "tests/client/fake_quiz_api_util.h"

namespace client {
namespace {

using testing::Contains;
using testing::FakeQuizApi;
using testing::Ids;
using Strings = std::vector<std::string>;

// Runs `quiz take drill` against a fake, reading `input` as piped stdin.
class TakeTest : public ::testing::Test {
 protected:
  absl::StatusOr<TakeResult> Take(FakeQuizApi& api, const std::string& input,
                                  TakeOptions options = {},
                                  bool interactive = false) {
    if (options.quiz.empty()) options.quiz = "drill";
    in_.str(input);
    in_.clear();
    TakeIo io;
    io.in = &in_;
    io.out = &out_;
    io.interactive = interactive;
    io.now = [this] { return now_; };
    io.new_request_id = [this] { return absl::StrCat("req-", ++ids_); };
    return TakeQuiz(api, options, io);
  }

  std::string WriteAnswers(const std::string& text) {
    path_ = (std::filesystem::temp_directory_path() /
             absl::StrCat("quiz-answers-", getpid(), ".txt"))
                .string();
    std::ofstream(path_) << text;
    return path_;
  }
  void TearDown() override {
    if (!path_.empty()) std::remove(path_.c_str());
  }

  std::istringstream in_;
  std::ostringstream out_;
  absl::Time now_ = testing::TestNow();
  int ids_ = 0;
  std::string path_;
};

TEST_F(TakeTest, AnswersFileSubmitsEveryLineThenFinishes) {
  FakeQuizApi api(quiz::v1::QUIZ_MODE_EXAM);
  TakeOptions options;
  options.answers_path = WriteAnswers(
      "# exam answers\n"
      "q-single: y\n"
      "q-multi: a, c\n"
      "\n"
      "q-tf: false\n");
  absl::StatusOr<TakeResult> result = Take(api, "", options);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(result->finished);
  EXPECT_EQ(api.calls, (Strings{"ListAttempts", "StartAttempt", "GetAttempt",
                                "SubmitResponse", "SubmitResponse",
                                "SubmitResponse", "FinishAttempt"}));
  ASSERT_EQ(api.submitted.size(), 3);
  EXPECT_EQ(api.submitted[0].attempt(), "attempts/att1");
  EXPECT_EQ(api.submitted[0].item_id(), "q-single");
  EXPECT_EQ(api.submitted[0].request_id(), "req-2");  // req-1 started it
  EXPECT_EQ(Ids(api.submitted[1].response().choice().option_ids()),
            (Strings{"a", "c"}));
  EXPECT_EQ(result->attempt.state(), quiz::v1::FINISHED);
  EXPECT_EQ(result->attempt.result().correct(), 2);
  EXPECT_TRUE(Contains(out_.str(), "Question 1 (q-single): saved.\n"));
  EXPECT_TRUE(Contains(out_.str(), "Review with: quiz review att1\n"));
}

TEST_F(TakeTest, MalformedAnswersFileSendsNothing) {
  FakeQuizApi api(quiz::v1::QUIZ_MODE_EXAM);
  TakeOptions options;
  options.answers_path = WriteAnswers("q-single y\n");
  absl::StatusOr<TakeResult> result = Take(api, "", options);
  ASSERT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(Contains(result.status().message(), path_ + ":1: expected"));
  EXPECT_TRUE(api.calls.empty());
}

TEST_F(TakeTest, UnknownItemIdIsReportedBeforeAnyResponse) {
  FakeQuizApi api(quiz::v1::QUIZ_MODE_EXAM);
  TakeOptions options;
  options.answers_path = WriteAnswers("q-single: y\nq-other: a\n");
  absl::StatusOr<TakeResult> result = Take(api, "", options);
  ASSERT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(Contains(result.status().message(),
                       path_ + ":2: item \"q-other\" is not in attempt att1"));
  EXPECT_TRUE(api.submitted.empty());
}

TEST_F(TakeTest, PipedExamCommandsNavigateFlagAndSubmit) {
  FakeQuizApi api(quiz::v1::QUIZ_MODE_EXAM);
  absl::StatusOr<TakeResult> result = Take(api,
                                           "b\n"    // q1 -> y
                                           "f\n"    // flag q2
                                           "zz\n"   // not a choice here
                                           "a,c\n"  // q2
                                           "t\n"    // q3
                                           "g 1\n"  // back to q1
                                           "a\n"    // change q1 -> x
                                           "g 4\n"
                                           "64\n"
                                           "=E11.9\n"  // last: list shown
                                           "l\n"
                                           "s\n");
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(result->finished);
  Strings answered;
  for (const auto& request : api.submitted)
    answered.push_back(request.item_id());
  EXPECT_EQ(answered, (Strings{"q-single", "q-multi", "q-tf", "q-single",
                               "q-num", "q-codes"}));
  EXPECT_EQ(Ids(api.submitted[3].response().choice().option_ids()),
            Strings{"x"});
  EXPECT_TRUE(api.attempt.items(1).flagged());
  const std::string out = out_.str();
  EXPECT_TRUE(Contains(out, "Question 2 flagged.\n"));
  EXPECT_TRUE(Contains(out, "\"z\" is not a choice here (A-D)\n"));
  EXPECT_TRUE(Contains(out, "That was the last question. Type s to submit"));
  EXPECT_TRUE(Contains(out, "5 of 5 answered, 1 flagged\n"));
  EXPECT_TRUE(Contains(out, "Result: PASS"));
  // No screen clearing when not at a terminal.
  EXPECT_FALSE(Contains(out, "\x1b["));
}

TEST_F(TakeTest, PracticeShowsOutcomesAndFinishesAfterTheLastQuestion) {
  FakeQuizApi api(quiz::v1::QUIZ_MODE_PRACTICE);
  absl::StatusOr<TakeResult> result = Take(api, "a\nb\na\nt\n$64\nE11.9\n");
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(result->finished);
  const std::string out = out_.str();
  EXPECT_TRUE(Contains(out,
                       "Incorrect (0/1)\n  - X is too vague.\n"
                       "Rationale:\n  Y is the specific code.\n"));
  // Answers are final: the "b" typed at question 2 was an answer to it.
  EXPECT_EQ(api.submitted.size(), 5);
  EXPECT_TRUE(Contains(out, "That was the last question."));
  EXPECT_EQ(api.calls.back(), "FinishAttempt");
}

TEST_F(TakeTest, PracticeAnswersAreFinal) {
  FakeQuizApi api(quiz::v1::QUIZ_MODE_PRACTICE);
  absl::StatusOr<TakeResult> result = Take(api, "a\ng 1\nb\nq\n");
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_FALSE(result->finished);
  EXPECT_EQ(api.submitted.size(), 1);
  EXPECT_TRUE(Contains(out_.str(), "Answers are final in practice mode.\n"));
}

TEST_F(TakeTest, EndOfInputWithUnansweredItemsLeavesTheAttemptOpen) {
  FakeQuizApi api(quiz::v1::QUIZ_MODE_EXAM);
  absl::StatusOr<TakeResult> result = Take(api, "b\n");
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_FALSE(result->finished);
  EXPECT_EQ(result->attempt.state(), quiz::v1::IN_PROGRESS);
  EXPECT_NE(api.calls.back(), "FinishAttempt");
  EXPECT_TRUE(Contains(out_.str(), "(4 questions unanswered)"));
  EXPECT_TRUE(Contains(out_.str(), "Resume with: quiz take drill\n"));
}

TEST_F(TakeTest, EndOfInputWithEverythingAnsweredFinishes) {
  FakeQuizApi api(quiz::v1::QUIZ_MODE_EXAM);
  absl::StatusOr<TakeResult> result = Take(api, "b\nac\nt\n64\nE11.9\n");
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(result->finished);
  EXPECT_EQ(api.calls.back(), "FinishAttempt");
}

TEST_F(TakeTest, ResumesAnOpenAttemptUnlessNew) {
  FakeQuizApi api(quiz::v1::QUIZ_MODE_EXAM);
  api.started = true;
  api.attempt.mutable_items(0)
      ->mutable_response()
      ->mutable_choice()
      ->add_option_ids("y");
  absl::StatusOr<TakeResult> result = Take(api, "q\n");
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(api.calls, (Strings{"ListAttempts", "GetAttempt"}));
  EXPECT_TRUE(Contains(out_.str(), "Resuming attempt att1 (started "));
  EXPECT_TRUE(Contains(out_.str(), "1 of 5 answered)"));
  // Resuming shows the first unanswered question.
  EXPECT_TRUE(Contains(out_.str(), "Question 2 of 5"));

  api.calls.clear();
  TakeOptions fresh;
  fresh.force_new = true;
  ASSERT_TRUE(Take(api, "q\n", fresh).ok());
  EXPECT_EQ(api.calls, (Strings{"StartAttempt", "GetAttempt"}));
}

TEST_F(TakeTest, DeadlinePassingDuringAnAnswerPrintsTheSummary) {
  FakeQuizApi api(quiz::v1::QUIZ_MODE_EXAM);
  api.deadline_passes_at_submit = true;
  absl::StatusOr<TakeResult> result = Take(api, "b\nac\n");
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(result->finished);
  EXPECT_TRUE(result->attempt.result().timed_out());
  EXPECT_EQ(api.submitted.size(), 1);
  EXPECT_EQ(api.calls.back(), "GetAttempt");
  EXPECT_TRUE(Contains(out_.str(), "Time is up.\n"));
  EXPECT_TRUE(Contains(out_.str(), "Time ran out"));
  EXPECT_TRUE(Contains(out_.str(), "Review with: quiz review att1\n"));
}

TEST_F(TakeTest, LocalClockPastTheDeadlineFetchesTheFinishedAttempt) {
  FakeQuizApi api(quiz::v1::QUIZ_MODE_EXAM);
  api.deadline_passes_at_get = 2;  // after StartAttempt's GetAttempt
  now_ = testing::TestNow() + absl::Minutes(31);
  absl::StatusOr<TakeResult> result = Take(api, "b\n");
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(result->finished);
  EXPECT_TRUE(api.submitted.empty());
  EXPECT_TRUE(Contains(out_.str(), "Time is up.\n"));
}

TEST_F(TakeTest, ServerClockBehindTheLocalOneKeepsTakingAnswers) {
  FakeQuizApi api(quiz::v1::QUIZ_MODE_EXAM);
  now_ = testing::TestNow() + absl::Minutes(31);
  absl::StatusOr<TakeResult> result = Take(api, "b\n");
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_FALSE(result->finished);
  EXPECT_EQ(api.submitted.size(), 1);
  EXPECT_TRUE(Contains(out_.str(), "0:00 left"));
}

TEST_F(TakeTest, WarnsOnceWhenTimeRunsLow) {
  FakeQuizApi api(quiz::v1::QUIZ_MODE_EXAM);
  now_ = testing::TestNow() + absl::Minutes(26);  // 4 minutes left
  ASSERT_TRUE(Take(api, "b\nn\nq\n").ok());
  const std::string out = out_.str();
  EXPECT_TRUE(Contains(out, "4:00 left"));
  size_t first = out.find("WARNING: only 4:00 left");
  ASSERT_NE(first, std::string::npos) << out;
  EXPECT_EQ(out.find("WARNING", first + 1), std::string::npos);
}

TEST_F(TakeTest, ARejectedAnswerCanBeRetried) {
  FakeQuizApi api(quiz::v1::QUIZ_MODE_EXAM);
  api.fail_next_submit =
      absl::InvalidArgumentError("response does not fit the item");
  absl::StatusOr<TakeResult> result = Take(api, "b\nb\nq\n");
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_FALSE(result->finished);
  EXPECT_EQ(api.submitted.size(), 2);
  EXPECT_TRUE(Contains(out_.str(),
                       "quiz: INVALID_ARGUMENT: response does not "
                       "fit the item\n"));
  EXPECT_TRUE(HasAnswer(result->attempt.items(0)));
}

TEST_F(TakeTest, OtherServerErrorsStopWithAResumeHint) {
  FakeQuizApi api(quiz::v1::QUIZ_MODE_EXAM);
  api.fail_next_submit = absl::UnavailableError("connection refused");
  absl::StatusOr<TakeResult> result = Take(api, "b\nb\n");
  EXPECT_EQ(result.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(api.submitted.size(), 1);
  EXPECT_TRUE(Contains(out_.str(), "Resume with: quiz take drill\n"));
}

TEST_F(TakeTest, AtATerminalSubmitAsksToConfirmWhenItemsAreOpen) {
  FakeQuizApi api(quiz::v1::QUIZ_MODE_EXAM);
  absl::StatusOr<TakeResult> result =
      Take(api, "b\ns\nn\ns\ny\n", {}, /*interactive=*/true);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(result->finished);
  const std::string out = out_.str();
  EXPECT_TRUE(Contains(out,
                       "4 unanswered, 0 flagged. Submit anyway? [y/N] "
                       "Not submitted.\n"));
  EXPECT_TRUE(Contains(out, "quiz> "));
  // The second question replaces the first on screen.
  EXPECT_TRUE(Contains(out, "\x1b[H\x1b[2J\nQuestion 2 of 5"));
  EXPECT_EQ(api.calls.back(), "FinishAttempt");
}

TEST_F(TakeTest, AtATerminalEndOfInputQuitsInsteadOfSubmitting) {
  FakeQuizApi api(quiz::v1::QUIZ_MODE_EXAM);
  absl::StatusOr<TakeResult> result =
      Take(api, "b\nac\nt\n64\nE11.9\n", {}, /*interactive=*/true);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_FALSE(result->finished);
  EXPECT_NE(api.calls.back(), "FinishAttempt");
}

TEST_F(TakeTest, AtATerminalPracticeWaitsForEnterAfterFeedback) {
  FakeQuizApi api(quiz::v1::QUIZ_MODE_PRACTICE);
  absl::StatusOr<TakeResult> result =
      Take(api, "b\n\nq\n", {}, /*interactive=*/true);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(Contains(out_.str(), "Correct (1/1)\n"));
  EXPECT_TRUE(Contains(out_.str(), "Press Enter for the next question."));
  EXPECT_TRUE(Contains(out_.str(), "Question 2 of 5"));
  EXPECT_EQ(api.submitted.size(), 1);
}

}  // namespace
}  // namespace client
