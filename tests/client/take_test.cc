// `quiz take` against a real quizd over TCP (see live_server_util.h): the
// drill exam of kClientBank, and kTestBank's practice-all and 1-second timed
// quizzes.
#include "client/take.h"

#include <unistd.h>

#include <ext/stdio_filebuf.h>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "client/item_render.h"
#include "client/session.h"
#include "gtest/gtest.h"
#include "tests/client/live_server_util.h"
#include "tests/client/sample_attempt_util.h"

namespace client {
namespace {

using testing::Contains;
using testing::Ids;
using testing::ScriptedInput;
using Strings = std::vector<std::string>;

class TakeTest : public testing::LiveServerTest {
 protected:
  void SetUp() override {
    LiveServerTest::SetUp();
    if (HasFatalFailure()) return;
    session_ = std::make_unique<Session>(address(), Login("alice"));
  }

  // Runs `quiz take QUIZ` as alice, reading `in` as stdin.
  absl::StatusOr<TakeResult> Take(const std::string& quiz, std::istream& in,
                                  TakeOptions options = {},
                                  bool interactive = false) {
    options.quiz = quiz;
    TakeIo io;
    io.in = &in;
    io.out = &out_;
    io.interactive = interactive;
    io.width = width_;
    io.now = [this] { return absl::Now() + clock_skew_; };
    if (new_request_id_) io.new_request_id = new_request_id_;
    return TakeQuiz(*session_, options, io);
  }
  absl::StatusOr<TakeResult> Take(const std::string& quiz,
                                  const std::string& input,
                                  TakeOptions options = {},
                                  bool interactive = false) {
    std::istringstream in(input);
    return Take(quiz, in, options, interactive);
  }

  std::string WriteAnswers(const std::string& text) {
    path_ = dir_ + "/answers.txt";
    std::ofstream(path_) << text;
    return path_;
  }

  // The attempt as the server holds it now.
  quiz::v1::Attempt Fetch(const std::string& name) {
    quiz::v1::GetAttemptRequest request;
    request.set_name(name);
    absl::StatusOr<quiz::v1::Attempt> attempt = session_->GetAttempt(request);
    EXPECT_TRUE(attempt.ok()) << attempt.status();
    return attempt.value_or(quiz::v1::Attempt());
  }

  // Alice's attempts, newest first.
  std::vector<quiz::v1::Attempt> Attempts() {
    absl::StatusOr<quiz::v1::ListAttemptsResponse> reply =
        session_->ListAttempts(quiz::v1::ListAttemptsRequest());
    EXPECT_TRUE(reply.ok()) << reply.status();
    if (!reply.ok()) return {};
    return {reply->attempts().begin(), reply->attempts().end()};
  }

  // The ids of the items that have an answer on the server.
  Strings Answered(const std::string& name) {
    Strings ids;
    const quiz::v1::Attempt attempt = Fetch(name);
    for (const quiz::v1::AttemptItem& item : attempt.items()) {
      if (HasAnswer(item)) ids.push_back(item.item().id());
    }
    return ids;
  }

  std::unique_ptr<Session> session_;
  std::ostringstream out_;
  int width_ = kDefaultWidth;
  absl::Duration clock_skew_;
  std::function<std::string()> new_request_id_;
  std::string path_;
};

TEST_F(TakeTest, AnswersFileSubmitsEveryLineThenFinishes) {
  TakeOptions options;
  options.answers_path = WriteAnswers(
      "# exam answers\n"
      "q-single: y\n"
      "q-multi: a, c\n"
      "\n"
      "q-tf: false\n");
  absl::StatusOr<TakeResult> result = Take("drill", "", options);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(result->finished);
  const quiz::v1::Attempt stored = Fetch(result->attempt.name());
  EXPECT_EQ(stored.state(), quiz::v1::FINISHED);
  EXPECT_EQ(stored.result().correct(), 2);
  EXPECT_EQ(stored.result().incorrect(), 1);
  EXPECT_EQ(stored.result().unanswered(), 1);
  EXPECT_EQ(Ids(stored.items(1).response().choice().option_ids()),
            (Strings{"a", "c"}));
  const std::string id = ResourceId(stored.name());
  EXPECT_TRUE(Contains(out_.str(), "Question 1 (q-single): saved.\n"));
  EXPECT_TRUE(Contains(out_.str(), "Question 3 (q-tf): saved.\n"));
  EXPECT_TRUE(Contains(out_.str(), "Review with: quiz review " + id + "\n"));
}

TEST_F(TakeTest, MalformedAnswersFileStartsNothing) {
  TakeOptions options;
  options.answers_path = WriteAnswers("q-single y\n");
  absl::StatusOr<TakeResult> result = Take("drill", "", options);
  ASSERT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(Contains(result.status().message(), path_ + ":1: expected"));
  EXPECT_TRUE(Attempts().empty());
}

TEST_F(TakeTest, UnknownItemIdStartsNothing) {
  TakeOptions options;
  options.answers_path = WriteAnswers("q-single: y\nq-other: a\n");
  absl::StatusOr<TakeResult> result = Take("drill", "", options);
  ASSERT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(Contains(result.status().message(),
                       path_ + ":2: no item \"q-other\" in quizzes/drill"))
      << result.status();
  EXPECT_TRUE(Attempts().empty());
}

TEST_F(TakeTest, UnknownOptionIdStartsNothing) {
  TakeOptions options;
  options.answers_path = WriteAnswers("q-single: y\n# typo\nq-multi: a, zz\n");
  absl::StatusOr<TakeResult> result = Take("drill", "", options);
  ASSERT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(Contains(result.status().message(),
                       path_ + ":3: item \"q-multi\" has no option \"zz\""))
      << result.status();
  EXPECT_TRUE(Attempts().empty());
}

TEST_F(TakeTest, PipedExamCommandsNavigateFlagAndSubmit) {
  absl::StatusOr<TakeResult> result = Take("drill",
                                           "b\n"    // q1 -> y
                                           "f\n"    // flag q2
                                           "zz\n"   // not a choice here
                                           "a,c\n"  // q2
                                           "t\n"    // q3
                                           "g 1\n"  // back to q1
                                           "a\n"    // change q1 -> x
                                           "g 4\n"
                                           "b\n"  // last: list shown
                                           "l\n"
                                           "s\n");
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(result->finished);
  const quiz::v1::Attempt stored = Fetch(result->attempt.name());
  EXPECT_EQ(stored.state(), quiz::v1::FINISHED);
  EXPECT_EQ(Ids(stored.items(0).response().choice().option_ids()),
            Strings{"x"});
  EXPECT_EQ(Ids(stored.items(3).response().choice().option_ids()),
            Strings{"long"});
  EXPECT_TRUE(stored.items(1).flagged());
  EXPECT_EQ(stored.result().correct(), 3);
  const std::string out = out_.str();
  EXPECT_TRUE(Contains(out, "Question 2 flagged.\n"));
  EXPECT_TRUE(Contains(out, "\"z\" is not a choice here (A-D)\n"));
  EXPECT_TRUE(Contains(out, "That was the last question. Type s to submit"));
  EXPECT_TRUE(Contains(out, "4 of 4 answered, 1 flagged\n"));
  EXPECT_TRUE(Contains(out, "Result: PASS"));
  // An hour's limit warns at 5 minutes, not now.
  EXPECT_FALSE(Contains(out, "WARNING"));
  // No screen clearing when not at a terminal.
  EXPECT_FALSE(Contains(out, "\x1b["));
}

TEST_F(TakeTest, PracticeShowsOutcomesAndFinishesAfterTheLastQuestion) {
  absl::StatusOr<TakeResult> result = Take("practice-all",
                                           "b\n"    // claim-form: UB-04, wrong
                                           "a\n"    // group-codes: PR
                                           "t\n"    // x-placeholder
                                           "a\n");  // seventh-a: A
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(result->finished);
  const std::string out = out_.str();
  EXPECT_TRUE(Contains(out,
                       "Incorrect (0/1)\n"
                       "  Your answer: B\n"
                       "  Correct answer: A\n"
                       "  - That is the 837I.\n"
                       "Rationale:\n"
                       "  The CMS-1500 is the professional claim form.\n"
                       "References:\n"
                       "  - CMS Claims Processing Manual, Ch. 26\n"));
  EXPECT_TRUE(Contains(out, "That was the last question."));
  const quiz::v1::Attempt stored = Fetch(result->attempt.name());
  EXPECT_EQ(stored.state(), quiz::v1::FINISHED);
  EXPECT_EQ(stored.answered_count(), 4);
  EXPECT_EQ(stored.result().correct(), 3);
}

TEST_F(TakeTest, PracticeAnswersAreFinal) {
  absl::StatusOr<TakeResult> result = Take("practice-all", "a\ng 1\nb\nq\n");
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_FALSE(result->finished);
  EXPECT_TRUE(Contains(out_.str(), "Answers are final in practice mode.\n"));
  const quiz::v1::Attempt stored = Fetch(result->attempt.name());
  EXPECT_EQ(stored.answered_count(), 1);
  EXPECT_EQ(Ids(stored.items(0).response().choice().option_ids()),
            Strings{"cms1500"});
}

TEST_F(TakeTest, EndOfInputWithUnansweredItemsLeavesTheAttemptOpen) {
  absl::StatusOr<TakeResult> result = Take("drill", "b\n");
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_FALSE(result->finished);
  EXPECT_EQ(Fetch(result->attempt.name()).state(), quiz::v1::IN_PROGRESS);
  EXPECT_EQ(Answered(result->attempt.name()), Strings{"q-single"});
  EXPECT_TRUE(Contains(out_.str(), "(3 questions unanswered)"));
  EXPECT_TRUE(Contains(out_.str(), "Resume with: quiz take drill\n"));
}

TEST_F(TakeTest, EndOfInputWithEverythingAnsweredFinishes) {
  absl::StatusOr<TakeResult> result = Take("drill", "b\nac\nt\nb\n");
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(result->finished);
  EXPECT_EQ(Fetch(result->attempt.name()).state(), quiz::v1::FINISHED);
  EXPECT_TRUE(Contains(out_.str(), "Result: PASS"));
}

TEST_F(TakeTest, ResumesAnOpenAttemptUnlessNew) {
  absl::StatusOr<TakeResult> first = Take("drill", "b\nq\n");
  ASSERT_TRUE(first.ok()) << first.status();
  const std::string id = ResourceId(first->attempt.name());

  out_.str("");
  absl::StatusOr<TakeResult> resumed = Take("drill", "q\n");
  ASSERT_TRUE(resumed.ok()) << resumed.status();
  EXPECT_EQ(resumed->attempt.name(), first->attempt.name());
  EXPECT_TRUE(Contains(out_.str(), "Resuming attempt " + id + " (started "));
  EXPECT_TRUE(Contains(out_.str(), "1 of 4 answered)"));
  // Resuming shows the first unanswered question.
  EXPECT_TRUE(Contains(out_.str(), "Question 2 of 4"));

  out_.str("");
  TakeOptions fresh;
  fresh.force_new = true;
  absl::StatusOr<TakeResult> started = Take("drill", "q\n", fresh);
  ASSERT_TRUE(started.ok()) << started.status();
  EXPECT_NE(started->attempt.name(), first->attempt.name());
  // --new never leaves the old attempt open behind the new one.
  EXPECT_TRUE(
      Contains(out_.str(),
               "Your attempt " + id + " of this quiz is still open (started "));
  EXPECT_TRUE(Contains(out_.str(), "Finished attempt " + id +
                                       ": 25% (see quiz "
                                       "review " +
                                       id + "). Starting a new one.\n"));
  EXPECT_EQ(Fetch(first->attempt.name()).state(), quiz::v1::FINISHED);
  EXPECT_TRUE(Contains(out_.str(), "Started attempt "));
  EXPECT_EQ(Attempts().size(), 2);
}

TEST_F(TakeTest, NewWithARefusedAnswersFileKeepsTheOpenAttempt) {
  absl::StatusOr<TakeResult> first = Take("drill", "b\nq\n");
  ASSERT_TRUE(first.ok()) << first.status();
  TakeOptions fresh;
  fresh.force_new = true;
  fresh.answers_path = WriteAnswers("q-single: y\nq-multi: zz\n");
  absl::StatusOr<TakeResult> refused = Take("drill", "", fresh);
  ASSERT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(Contains(refused.status().message(),
                       path_ + ":2: item \"q-multi\" has no option \"zz\""))
      << refused.status();
  // Checked before finishing the open attempt: it is still open, alone.
  EXPECT_EQ(Fetch(first->attempt.name()).state(), quiz::v1::IN_PROGRESS);
  EXPECT_EQ(Attempts().size(), 1);
  EXPECT_FALSE(Contains(out_.str(), "Finished attempt"));
}

TEST_F(TakeTest, AtATerminalNewAsksBeforeFinishingTheOpenAttempt) {
  absl::StatusOr<TakeResult> first = Take("drill", "b\nq\n");
  ASSERT_TRUE(first.ok()) << first.status();
  TakeOptions fresh;
  fresh.force_new = true;
  out_.str("");
  absl::StatusOr<TakeResult> declined =
      Take("drill", "n\n", fresh, /*interactive=*/true);
  ASSERT_TRUE(declined.ok()) << declined.status();
  EXPECT_FALSE(declined->finished);
  EXPECT_EQ(declined->attempt.name(), first->attempt.name());
  EXPECT_TRUE(Contains(out_.str(),
                       "Finish it now, graded as it stands, and start a new "
                       "one? [y/N] Nothing was started. Resume it with: quiz "
                       "take drill\n"));
  EXPECT_EQ(Fetch(first->attempt.name()).state(), quiz::v1::IN_PROGRESS);
  EXPECT_EQ(Attempts().size(), 1);

  absl::StatusOr<TakeResult> accepted =
      Take("drill", "y\nq\n", fresh, /*interactive=*/true);
  ASSERT_TRUE(accepted.ok()) << accepted.status();
  EXPECT_NE(accepted->attempt.name(), first->attempt.name());
  EXPECT_EQ(Fetch(first->attempt.name()).state(), quiz::v1::FINISHED);
  EXPECT_EQ(Attempts().size(), 2);
}

TEST_F(TakeTest, AnIncompleteMatchingIsSentOnlyWhenConfirmed) {
  // "mixed" has q-match third: two prompts; "1a" pairs one of them.
  absl::StatusOr<TakeResult> result =
      Take("mixed", "g 3\n1a\nn\n1a\ny\nq\n", {}, /*interactive=*/true);
  ASSERT_TRUE(result.ok()) << result.status();
  const std::string out = out_.str();
  EXPECT_TRUE(Contains(out,
                       "Only 1 of 2 prompts are paired. Send it anyway? [y/N] "
                       "Not sent. Pair every prompt, e.g. 1b 2a.\n"));
  EXPECT_EQ(Answered(result->attempt.name()), Strings{"q-match"});

  out_.str("");
  absl::StatusOr<TakeResult> piped = Take("mixed-practice", "g 3\n1a\nq\n");
  ASSERT_TRUE(piped.ok()) << piped.status();
  EXPECT_TRUE(Contains(
      out_.str(),
      "Only 1 of 2 prompts are paired; the others are sent unanswered.\n"));
}

TEST_F(TakeTest, ATypedAnswerOverTheLimitIsRefusedBeforeSending) {
  // q-case part 3 is numeric, part 1 a code: a 1,001-character answer is
  // refused at the prompt with the limit, and nothing is sent.
  absl::StatusOr<TakeResult> result =
      Take("mixed", std::string(1001, '9') + "\nq\n");
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(Contains(out_.str(),
                       "an answer takes at most 1000 characters; "
                       "this one has 1001"));
  EXPECT_TRUE(Answered(result->attempt.name()).empty());
}

TEST_F(TakeTest, AQuizWithOneOpenAttemptRefusesASecondStart) {
  absl::StatusOr<TakeResult> first = Take("drill-single", "b\nq\n");
  ASSERT_TRUE(first.ok()) << first.status();
  // An integration that calls StartAttempt itself is refused, naming the
  // open attempt; nothing is started.
  quiz::v1::StartAttemptRequest start;
  start.set_quiz("quizzes/drill-single");
  absl::StatusOr<quiz::v1::Attempt> second = session_->StartAttempt(start);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(Contains(second.status().message(), first->attempt.name()))
      << second.status();
  EXPECT_EQ(Attempts().size(), 1);
  // Another student is not affected.
  Session bob(address(), Login("bob"));
  EXPECT_TRUE(bob.StartAttempt(start).ok());
  // Once it is finished, a new one starts.
  quiz::v1::FinishAttemptRequest finish;
  finish.set_name(first->attempt.name());
  ASSERT_TRUE(session_->FinishAttempt(finish).ok());
  EXPECT_TRUE(session_->StartAttempt(start).ok());
}

TEST_F(TakeTest, DeadlinePassingBeforeAnAnswerPrintsTheSummary) {
  // "timed" has 1 second: answer the first question at once, the second
  // after the deadline.
  ScriptedInput in(
      {{nullptr, "a\n"}, {testing::SleepPastOneSecondDeadline, "a\n"}});
  absl::StatusOr<TakeResult> result = Take("timed", in);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(result->finished);
  EXPECT_TRUE(result->attempt.result().timed_out());
  const quiz::v1::Attempt stored = Fetch(result->attempt.name());
  EXPECT_EQ(stored.state(), quiz::v1::FINISHED);
  EXPECT_EQ(stored.answered_count(), 1);
  const std::string out = out_.str();
  EXPECT_TRUE(Contains(out, "Time is up.\n"));
  EXPECT_TRUE(Contains(
      out, "Your answer to question 2 came too late and was NOT recorded.\n"));
  EXPECT_TRUE(Contains(out, "Recorded: 1 of "));
  EXPECT_TRUE(Contains(out, "Time ran out"));
  EXPECT_TRUE(Contains(
      out, "Review with: quiz review " + ResourceId(stored.name()) + "\n"));
}

TEST_F(TakeTest, DeadlinePassingWhileReadingFetchesTheFinishedAttempt) {
  // Moving on needs no call; the next turn of the loop sees the deadline
  // passed and reads the attempt, which the server then finishes.
  ScriptedInput in({{testing::SleepPastOneSecondDeadline, "n\n"}});
  absl::StatusOr<TakeResult> result = Take("timed", in);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(result->finished);
  EXPECT_TRUE(result->attempt.result().timed_out());
  EXPECT_EQ(Fetch(result->attempt.name()).answered_count(), 0);
  EXPECT_TRUE(Contains(out_.str(), "Time is up.\n"));
}

TEST_F(TakeTest, AtATerminalTheClockRunsWhileWaitingAndEndsTheAttempt) {
  // A terminal is a file descriptor the client polls: here a pipe nobody
  // writes to (a terminal reports input only once Enter is pressed, so a
  // half-typed line looks the same). The 1-second attempt ends while waiting.
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  __gnu_cxx::stdio_filebuf<char> buffer(fds[0], std::ios::in);
  std::istream in(&buffer);
  TakeIo io;
  io.in = &in;
  io.out = &out_;
  io.interactive = true;
  io.input_fd = fds[0];
  TakeOptions options;
  options.quiz = "timed";
  absl::StatusOr<TakeResult> result = TakeQuiz(*session_, options, io);
  close(fds[1]);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(result->finished);
  EXPECT_EQ(Fetch(result->attempt.name()).state(), quiz::v1::FINISHED);
  const std::string out = out_.str();
  // The status line sits right above the prompt.
  const size_t prompt = out.find("\nquiz> ");
  ASSERT_NE(prompt, std::string::npos) << out;
  EXPECT_EQ(out.compare(out.rfind('\n', prompt - 1) + 1, 11, "Time: 0:01 "), 0)
      << out;
  EXPECT_TRUE(
      Contains(out, "\nTime is up. What you were typing was not sent.\n"));
  EXPECT_TRUE(Contains(out, "Recorded: 0 of "));
  EXPECT_TRUE(Contains(out, "Review with: quiz review "));
}

TEST_F(TakeTest, ClientClockAheadOfTheServerKeepsTakingAnswers) {
  clock_skew_ = absl::Minutes(61);  // past the hour's deadline, locally
  absl::StatusOr<TakeResult> result = Take("drill", "b\n");
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_FALSE(result->finished);
  EXPECT_EQ(Answered(result->attempt.name()), Strings{"q-single"});
  EXPECT_TRUE(Contains(out_.str(), "0:00 left"));
}

TEST_F(TakeTest, WarnsOnceWhenTimeRunsLow) {
  absl::StatusOr<TakeResult> result = Take("drill-warned", "b\nn\nq\n");
  ASSERT_TRUE(result.ok()) << result.status();
  const std::string out = out_.str();
  size_t first = out.find("WARNING");
  ASSERT_NE(first, std::string::npos) << out;
  EXPECT_TRUE(Contains(out, "\n*** WARNING: under 1 hour left ("));
  EXPECT_TRUE(Contains(out,
                       " left). The attempt is finished automatically at the "
                       "deadline. ***\nquiz> b\n"));
  EXPECT_EQ(out.find("WARNING", first + 1), std::string::npos) << out;
}

TEST_F(TakeTest, ARejectedAnswerCanBeRetried) {
  // The server rejects a request id over 64 characters; the second request
  // (the first answer) gets one.
  int calls = 0;
  new_request_id_ = [&calls] {
    return ++calls == 2 ? std::string(65, 'x') : RandomRequestId();
  };
  absl::StatusOr<TakeResult> result = Take("drill", "b\nb\nq\n");
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_FALSE(result->finished);
  EXPECT_TRUE(Contains(out_.str(), "quiz: INVALID_ARGUMENT: request_id: "));
  EXPECT_EQ(Answered(result->attempt.name()), Strings{"q-single"});
  EXPECT_TRUE(HasAnswer(result->attempt.items(0)));
}

TEST_F(TakeTest, OtherServerErrorsStopWithAResumeHint) {
  ScriptedInput in({{nullptr, "b\n"}, {[this] { server_.reset(); }, "ac\n"}});
  absl::StatusOr<TakeResult> result = Take("drill", in);
  EXPECT_EQ(result.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_TRUE(Contains(out_.str(), "Resume with: quiz take drill\n"));

  // The answer given before the outage survives it.
  StartServer();
  if (HasFatalFailure()) return;
  session_ = std::make_unique<Session>(address(), Login("alice"));
  out_.str("");
  ASSERT_TRUE(Take("drill", "q\n").ok());
  EXPECT_TRUE(Contains(out_.str(), "1 of 4 answered)"));
}

TEST_F(TakeTest, AtATerminalSubmitAsksToConfirmWhenItemsAreOpen) {
  absl::StatusOr<TakeResult> result =
      Take("drill", "b\ns\nn\ns\ny\n", {}, /*interactive=*/true);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(result->finished);
  const std::string out = out_.str();
  EXPECT_TRUE(Contains(out,
                       "3 unanswered, 0 flagged. Submit anyway? [y/N] "
                       "Not submitted.\n"));
  EXPECT_TRUE(Contains(out, "quiz> "));
  // The second question replaces the first on screen.
  EXPECT_TRUE(Contains(out, "\x1b[H\x1b[2J\nQuestion 2 of 4"));
  EXPECT_EQ(Fetch(result->attempt.name()).state(), quiz::v1::FINISHED);
}

TEST_F(TakeTest, AtATerminalEndOfInputQuitsInsteadOfSubmitting) {
  absl::StatusOr<TakeResult> result =
      Take("drill", "b\nac\nt\nb\n", {}, /*interactive=*/true);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_FALSE(result->finished);
  EXPECT_EQ(Fetch(result->attempt.name()).state(), quiz::v1::IN_PROGRESS);
  EXPECT_EQ(Answered(result->attempt.name()).size(), 4);
}

TEST_F(TakeTest, AtATerminalPracticeWaitsForEnterAfterFeedback) {
  absl::StatusOr<TakeResult> result =
      Take("practice-all", "a\n\nq\n", {}, /*interactive=*/true);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(Contains(out_.str(), "Correct (1/1)\n"));
  EXPECT_TRUE(Contains(out_.str(), "Press Enter for the next question."));
  EXPECT_TRUE(Contains(out_.str(), "Question 2 of 4"));
  EXPECT_EQ(Answered(result->attempt.name()), Strings{"claim-form"});
}

TEST_F(TakeTest, QuestionsAreWrappedToTheWidth) {
  width_ = 40;
  ASSERT_TRUE(Take("drill", "g 4\nq\n").ok());
  EXPECT_TRUE(Contains(out_.str(),
                       "A claim for an office visit came back on\n"
                       "the remittance advice with group code PR\n"
                       "and reason code 1. What does the biller\n"
                       "do next?\n"
                       "\n"
                       "  A) Write it off.\n"
                       "  B) Bill the patient for the deductible\n"
                       "     amount shown on the remittance,\n"
                       "     after checking it against the payer\n"
                       "     contract.\n"));
}

TEST_F(TakeTest, CasePartsArePipedOneLinePerPartAndSentTogether) {
  absl::StatusOr<TakeResult> result = Take("mixed",
                                           "99213\n"   // not ICD-10-CM: retry
                                           "E11.9\n"   // part 1
                                           "n\n"       // refused in a case
                                           "skip\n"    // part 2 blank...
                                           "back\n"    // ...no, back to it
                                           "t\n"       // part 2
                                           "twenty\n"  // not a number: retry
                                           "$20\n"     // part 3; all sent
                                           "g 1\n"     // exam: answer again
                                           "\n"        // keep part 1
                                           "skip\n"    // blank part 2
                                           "\n"        // keep part 3; sent
                                           "q\n");
  ASSERT_TRUE(result.ok()) << result.status() << out_.str();
  const quiz::v1::Attempt stored = Fetch(result->attempt.name());
  ASSERT_EQ(stored.items(0).item().id(), "q-case");
  const auto& parts = stored.items(0).response().case_answer().parts();
  ASSERT_EQ(parts.size(), 2) << out_.str();
  EXPECT_EQ(parts[0].item_id(), "c-dx");
  EXPECT_EQ(parts[0].response().codes(), "E11.9");
  EXPECT_EQ(parts[1].item_id(), "c-amt");
  EXPECT_EQ(parts[1].response().numeric(), "$20");
  const std::string out = out_.str();
  EXPECT_TRUE(Contains(out, "Scenario:\n  An established patient"));
  EXPECT_TRUE(Contains(out, "Question 1 of 4 \xC2\xB7 part 2 of 3\n"));
  EXPECT_TRUE(Contains(out, "\"99213\" is not a valid ICD-10-CM code"));
  EXPECT_TRUE(Contains(out, "\"n\" is a question command"));
  EXPECT_TRUE(Contains(out, "\"twenty\" is not a number"));
  EXPECT_TRUE(Contains(out, "Question 1: 3 of 3 parts answered.\n"));
  EXPECT_TRUE(Contains(out, "Your answer: true (Enter keeps it)\n"));
  EXPECT_TRUE(
      Contains(out, "Question 1: 2 of 3 parts answered (left blank: part 2)"));
  // The first answer was sent once, then replaced.
  EXPECT_EQ(stored.answered_count(), 1);
}

TEST_F(TakeTest, CancellingOrQuittingACaseSendsNothing) {
  absl::StatusOr<TakeResult> result =
      Take("mixed", "E11.9\ncancel\nskip\nskip\nskip\nE11.9\nq\n");
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_FALSE(result->finished);
  const std::string out = out_.str();
  EXPECT_TRUE(Contains(
      out, "The parts typed for question 1 were discarded; nothing was sent."));
  EXPECT_TRUE(Contains(out, "No part answered; nothing was sent.\n"));
  EXPECT_TRUE(Contains(out, "The parts typed for question 1 were not sent."));
  EXPECT_TRUE(Answered(result->attempt.name()).empty());
}

TEST_F(TakeTest, PracticeCaseShowsEveryPartsOutcome) {
  absl::StatusOr<TakeResult> result =
      Take("mixed-practice", "E11.9\nf\n20 USD\ng 1\nE11.9\nq\n");
  ASSERT_TRUE(result.ok()) << result.status() << out_.str();
  const std::string out = out_.str();
  EXPECT_TRUE(Contains(out, "Partially correct (2/3)\n"));
  EXPECT_TRUE(Contains(out, "Part 1 of 3: Correct (1/1)\n"));
  EXPECT_TRUE(Contains(out,
                       "Part 2 of 3: Incorrect (0/1)\n"
                       "    Your answer: false\n"
                       "    Correct answer: true\n"));
  EXPECT_TRUE(Contains(out, "Answers are final in practice mode.\n"));
  EXPECT_EQ(Fetch(result->attempt.name()).answered_count(), 1);
}

TEST_F(TakeTest, PipedOrderingMatchingAndLikert) {
  absl::StatusOr<TakeResult> result = Take("mixed",
                                           "n\n"      // past the case
                                           "abc\n"    // a step missing
                                           "dcba\n"   // ordering
                                           "1a 2b\n"  // matching
                                           "6\n"      // off the scale
                                           "4\n"      // likert
                                           "q\n");
  ASSERT_TRUE(result.ok()) << result.status() << out_.str();
  const quiz::v1::Attempt stored = Fetch(result->attempt.name());
  EXPECT_EQ(stored.items(1).response().ordering().step_ids_size(), 4);
  EXPECT_EQ(stored.items(2).response().matching().pairs_size(), 2);
  EXPECT_EQ(stored.items(3).response().likert(), 4);
  const std::string out = out_.str();
  EXPECT_TRUE(Contains(out, "put all 4 steps in order; missing D\n"));
  EXPECT_TRUE(Contains(out, "likert item takes a number from 1 to 5"));
  EXPECT_TRUE(Contains(out, "  3) Neutral\n"));
}

TEST_F(TakeTest, AnswersFileCoversEveryTypeAndReviewShowsIt) {
  TakeOptions options;
  options.answers_path = WriteAnswers(
      "c-dx: E11.9\n"
      "q-order: s1, s2, s3, s4\n"
      "c-tf: true\n"
      "c-amt: 25\n"
      "q-match: p1=r2, p2=r3\n"
      "q-likert: 2\n");
  absl::StatusOr<TakeResult> result = Take("mixed", "", options);
  ASSERT_TRUE(result.ok()) << result.status() << out_.str();
  EXPECT_TRUE(result->finished);
  const quiz::v1::Attempt stored = Fetch(result->attempt.name());
  EXPECT_EQ(stored.items(0).response().case_answer().parts_size(), 3);
  EXPECT_EQ(stored.items(0).outcome().parts_size(), 3);
  EXPECT_EQ(stored.items(3).outcome().correctness(), quiz::v1::NOT_SCORED);
  std::string review;
  for (const quiz::v1::AttemptItem& item : stored.items()) {
    review += RenderReviewItem(item, stored.items_size(), kDefaultWidth);
  }
  EXPECT_TRUE(Contains(review, "Part 3 of 3\n"));
  EXPECT_TRUE(Contains(review, "Partially correct (2/3)\n"));
  EXPECT_TRUE(Contains(review, "    1. CMS-1500 -> 837P (right)\n"));
  EXPECT_TRUE(Contains(review, "    2. UB-04 -> 835 (key: 837I)\n"));
  EXPECT_TRUE(Contains(review, "Recorded (not scored)\n"));
  EXPECT_TRUE(Contains(review, "  Your order:\n    1. Register the patient\n"));
}

}  // namespace
}  // namespace client
