// AttemptService over real gRPC: taking quizzes in practice and exam mode,
// deadlines, ownership, retries, restarts and key secrecy.
#include <chrono>
#include <set>
#include <thread>

#include "google/protobuf/text_format.h"
#include "harness.h"
#include "key_leak.h"

namespace quizd_test {
namespace {

using quiz::v1::Attempt;
using quiz::v1::AttemptItem;

class AttemptServiceTest : public ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    LoginEveryone();
  }

  // What a request does to an overdue attempt is tested here: the server's
  // clock ticks once at start, then not again within a test.
  absl::Duration ClockPeriod() const override { return absl::Hours(24); }
};

// The deadline sweeper: the server's clock finishes attempts on its own.
class DeadlineSweepTest : public ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    LoginEveryone();
  }

  absl::Duration ClockPeriod() const override { return absl::Milliseconds(20); }
};

TEST_F(AttemptServiceTest, PracticeRevealsEachOutcomeAndAnswersAreFinal) {
  Attempt attempt = Start(alice_, "quizzes/practice-all");
  ASSERT_EQ(attempt.items_size(), 4);
  EXPECT_EQ(attempt.mode(), quiz::v1::QUIZ_MODE_PRACTICE);
  EXPECT_EQ(attempt.state(), quiz::v1::IN_PROGRESS);
  EXPECT_EQ(attempt.items(0).item().id(), "claim-form");  // no shuffle
  EXPECT_EQ(attempt.items(0).topic_title(), "Claims");
  EXPECT_TRUE(KeyLeaks(attempt).empty());

  quiz::v1::SubmitResponseResponse reply;
  ASSERT_TRUE(Submit(alice_, attempt, "claim-form",
                     "choice { option_ids: 'ub04' }", &reply)
                  .ok());
  EXPECT_EQ(reply.item().outcome().correctness(), quiz::v1::INCORRECT);
  ASSERT_EQ(reply.item().outcome().feedback_size(), 1);
  EXPECT_EQ(reply.item().outcome().feedback(0), "That is the 837I.");
  EXPECT_EQ(reply.item().item().rationale(),
            "The CMS-1500 is the professional claim form.");
  EXPECT_TRUE(reply.item().item().single_choice().options(0).correct());
  EXPECT_EQ(reply.answered_count(), 1);
  // Only the answered item is revealed.
  Attempt current;
  ASSERT_TRUE(Get(alice_, attempt.name(), &current).ok());
  EXPECT_FALSE(KeyLeaks(current.items(0)).empty());
  for (int i = 1; i < current.items_size(); ++i) {
    EXPECT_TRUE(KeyLeaks(current.items(i)).empty()) << i;
  }

  grpc::Status again = Submit(alice_, attempt, "claim-form",
                              "choice { option_ids: 'cms1500' }", &reply);
  EXPECT_EQ(again.error_code(), grpc::StatusCode::FAILED_PRECONDITION);

  ASSERT_TRUE(Submit(alice_, attempt, "group-codes",
                     "choice { option_ids: 'pr' }", &reply)
                  .ok());
  EXPECT_EQ(reply.item().outcome().correctness(), quiz::v1::CORRECT);
  ASSERT_TRUE(
      Submit(alice_, attempt, "x-placeholder", "true_false: true", &reply)
          .ok());

  Attempt finished;
  ASSERT_TRUE(Finish(alice_, attempt, &finished).ok());
  EXPECT_EQ(finished.state(), quiz::v1::FINISHED);
  const quiz::v1::AttemptResult& result = finished.result();
  EXPECT_DOUBLE_EQ(result.score(), 2);
  EXPECT_DOUBLE_EQ(result.max_score(), 4);
  EXPECT_TRUE(result.passed());  // 50% against a 50% pass mark
  EXPECT_EQ(result.correct(), 2);
  EXPECT_EQ(result.incorrect(), 1);
  EXPECT_EQ(result.unanswered(), 1);
  ASSERT_EQ(result.topics_size(), 2);
  EXPECT_EQ(result.topics(0).title(), "Claims");
  EXPECT_DOUBLE_EQ(result.topics(0).score(), 1);
  EXPECT_DOUBLE_EQ(result.topics(1).score(), 1);

  // Finishing again changes nothing; review shows keys and the unanswered.
  Attempt again_finished;
  ASSERT_TRUE(Finish(alice_, attempt, &again_finished).ok());
  EXPECT_EQ(again_finished.finish_time().seconds(),
            finished.finish_time().seconds());
  EXPECT_EQ(finished.items(3).outcome().correctness(), quiz::v1::UNANSWERED);
  EXPECT_FALSE(finished.items(3).item().rationale().empty());
  EXPECT_EQ(
      Submit(alice_, attempt, "seventh-a", "choice { option_ids: 'a' }", &reply)
          .error_code(),
      grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(AttemptServiceTest, ExamRevealsNothingUntilFinishedAndAllowsChanges) {
  Attempt attempt = Start(alice_, "exam-shuffled");  // bare id accepted
  ASSERT_EQ(attempt.items_size(), 4);
  EXPECT_TRUE(attempt.has_deadline());
  EXPECT_GT(attempt.warning_seconds(), 0);
  std::vector<std::string> leaks = KeyLeaks(attempt);
  EXPECT_TRUE(leaks.empty()) << leaks[0];

  quiz::v1::SubmitResponseResponse reply;
  ASSERT_TRUE(
      Submit(alice_, attempt, "seventh-a", "choice { option_ids: 'd' }", &reply)
          .ok());
  EXPECT_TRUE(KeyLeaks(reply).empty());
  EXPECT_FALSE(reply.item().has_outcome());
  // Change the answer, flag it, answer another.
  ASSERT_TRUE(
      Submit(alice_, attempt, "seventh-a", "choice { option_ids: 'a' }", &reply)
          .ok());
  quiz::v1::FlagItemRequest flag;
  flag.set_attempt(attempt.name());
  flag.set_item_id("seventh-a");
  flag.set_flagged(true);
  AttemptItem flagged;
  ASSERT_TRUE(attempts_->FlagItem(As(alice_).get(), flag, &flagged).ok());
  EXPECT_TRUE(flagged.flagged());
  EXPECT_TRUE(KeyLeaks(flagged).empty());
  ASSERT_TRUE(Submit(alice_, attempt, "group-codes",
                     "choice { option_ids: ['pr', 'co'] }", &reply)
                  .ok());
  EXPECT_TRUE(reply.item().flagged() == false);

  // Every student-facing read before the finish is free of keys.
  Attempt current;
  ASSERT_TRUE(Get(alice_, attempt.name(), &current).ok());
  EXPECT_TRUE(KeyLeaks(current).empty());
  EXPECT_EQ(current.answered_count(), 2);
  quiz::v1::ListAttemptsResponse list;
  ASSERT_TRUE(attempts_
                  ->ListAttempts(As(alice_).get(),
                                 quiz::v1::ListAttemptsRequest(), &list)
                  .ok());
  EXPECT_TRUE(KeyLeaks(list).empty());
  // The attempt's arrangement is stable across reads.
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(current.items(i).item().id(), attempt.items(i).item().id());
    EXPECT_EQ(current.items(i).item().DebugString(),
              attempt.items(i).item().DebugString());
  }

  Attempt finished;
  ASSERT_TRUE(Finish(alice_, attempt, &finished).ok());
  EXPECT_FALSE(KeyLeaks(finished).empty());        // review shows keys now
  EXPECT_DOUBLE_EQ(finished.result().score(), 1);  // seventh-a; PR+CO = 0
  EXPECT_EQ(finished.result().incorrect(), 1);
  EXPECT_EQ(finished.result().unanswered(), 2);
  EXPECT_FALSE(finished.result().passed());
  for (const AttemptItem& item : finished.items()) {
    if (item.item().id() == "seventh-a") {
      EXPECT_TRUE(item.flagged());
      EXPECT_EQ(item.outcome().correctness(), quiz::v1::CORRECT);
    }
  }
}

TEST_F(AttemptServiceTest, ShuffledAttemptsDrawTheirOwnOrders) {
  std::set<std::string> orders;
  for (int i = 0; i < 8; ++i) {
    Attempt attempt = Start(alice_, "exam-shuffled");
    std::string order;
    for (const AttemptItem& item : attempt.items()) {
      order += item.item().id() + "/";
      for (const auto& option : item.item().single_choice().options()) {
        order += option.id();
      }
      order += " ";
    }
    orders.insert(order);
  }
  // 8 attempts over 4! item orders and option orders: all alike would mean
  // no shuffling (chance well below 1e-9).
  EXPECT_GT(orders.size(), 1u);
}

TEST_F(AttemptServiceTest, LateAnswerIsRefusedAndTheAttemptFinished) {
  Attempt attempt = Start(alice_, "timed");
  quiz::v1::SubmitResponseResponse reply;
  ASSERT_TRUE(Submit(alice_, attempt, "claim-form",
                     "choice { option_ids: 'cms1500' }", &reply)
                  .ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(1300));
  grpc::Status late = Submit(alice_, attempt, "seventh-a",
                             "choice { option_ids: 'a' }", &reply);
  EXPECT_EQ(late.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(late.error_message().find("deadline"), std::string::npos);

  Attempt finished;
  ASSERT_TRUE(Get(alice_, attempt.name(), &finished).ok());
  EXPECT_EQ(finished.state(), quiz::v1::FINISHED);
  EXPECT_TRUE(finished.result().timed_out());
  EXPECT_EQ(finished.result().correct(), 1);
  EXPECT_EQ(finished.result().unanswered(), 1);
  EXPECT_EQ(finished.finish_time().seconds(), finished.deadline().seconds());
}

TEST_F(AttemptServiceTest, OverdueAttemptIsFinishedWhenRead) {
  Attempt attempt = Start(alice_, "timed");
  Start(alice_, "practice-all");  // untimed: stays in progress
  std::this_thread::sleep_for(std::chrono::milliseconds(1300));
  quiz::v1::ListAttemptsResponse list;
  ASSERT_TRUE(attempts_
                  ->ListAttempts(As(alice_).get(),
                                 quiz::v1::ListAttemptsRequest(), &list)
                  .ok());
  ASSERT_EQ(list.attempts_size(), 2);
  EXPECT_EQ(list.attempts(0).state(), quiz::v1::IN_PROGRESS);
  EXPECT_EQ(list.attempts(1).state(), quiz::v1::FINISHED);
  EXPECT_TRUE(list.attempts(1).result().timed_out());
  Attempt read;
  ASSERT_TRUE(Get(alice_, attempt.name(), &read).ok());
  EXPECT_EQ(read.state(), quiz::v1::FINISHED);
  EXPECT_TRUE(read.result().timed_out());
}

TEST_F(AttemptServiceTest, StudentsCannotReachEachOthersAttempts) {
  Attempt attempt = Start(alice_, "practice-all");
  Attempt read;
  EXPECT_EQ(Get(bob_, attempt.name(), &read).error_code(),
            grpc::StatusCode::NOT_FOUND);
  quiz::v1::SubmitResponseResponse reply;
  EXPECT_EQ(Submit(bob_, attempt, "claim-form",
                   "choice { option_ids: 'cms1500' }", &reply)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
  Attempt finished;
  EXPECT_EQ(Finish(bob_, attempt, &finished).error_code(),
            grpc::StatusCode::NOT_FOUND);
  quiz::v1::ListAttemptsRequest list_request;
  list_request.set_user("users/alice");
  quiz::v1::ListAttemptsResponse list;
  EXPECT_EQ(
      attempts_->ListAttempts(As(bob_).get(), list_request, &list).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);

  // The instructor may read but not answer: the access policy lets no one
  // act on another user's attempt through SubmitResponse, so to it the
  // attempt is not there.
  ASSERT_TRUE(Get(carol_, attempt.name(), &read).ok());
  EXPECT_EQ(read.user(), "users/alice");
  EXPECT_EQ(Submit(carol_, attempt, "claim-form",
                   "choice { option_ids: 'cms1500' }", &reply)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
  ASSERT_TRUE(
      attempts_->ListAttempts(As(carol_).get(), list_request, &list).ok());
  EXPECT_EQ(list.attempts_size(), 1);

  // Nothing changed.
  ASSERT_TRUE(Get(alice_, attempt.name(), &read).ok());
  EXPECT_EQ(read.answered_count(), 0);
  EXPECT_EQ(read.state(), quiz::v1::IN_PROGRESS);
}

TEST_F(AttemptServiceTest, BadResponsesChangeNothing) {
  Attempt attempt = Start(alice_, "practice-all");
  quiz::v1::SubmitResponseResponse reply;
  struct Bad {
    std::string item;
    std::string response;
    grpc::StatusCode code;
  };
  for (const Bad& bad : std::vector<Bad>{
           {"not-in-attempt", "choice { option_ids: 'a' }",
            grpc::StatusCode::INVALID_ARGUMENT},
           {"claim-form", "choice { option_ids: 'nope' }",
            grpc::StatusCode::INVALID_ARGUMENT},
           {"claim-form", "true_false: true",
            grpc::StatusCode::INVALID_ARGUMENT},
           {"claim-form", "", grpc::StatusCode::INVALID_ARGUMENT},
           {"claim-form", "choice { option_ids: ['cms1500', 'ub04'] }",
            grpc::StatusCode::INVALID_ARGUMENT},
       }) {
    grpc::Status status =
        Submit(alice_, attempt, bad.item, bad.response, &reply);
    EXPECT_EQ(status.error_code(), bad.code) << bad.item << " " << bad.response;
    EXPECT_FALSE(status.error_message().empty());
  }
  Attempt other;
  other.set_name("attempts/does-not-exist");
  EXPECT_EQ(
      Submit(alice_, other, "claim-form", "choice { option_ids: 'a' }", &reply)
          .error_code(),
      grpc::StatusCode::NOT_FOUND);
  Attempt read;
  ASSERT_TRUE(Get(alice_, attempt.name(), &read).ok());
  EXPECT_EQ(read.answered_count(), 0);
}

// Every item of a basic view is a reference: the item's id, topic and points,
// with the attempt's own state of it (position, response, flag, outcome).
void ExpectReferencesOnly(const Attempt& basic, const Attempt& full) {
  ASSERT_EQ(basic.items_size(), full.items_size());
  for (int i = 0; i < basic.items_size(); ++i) {
    const AttemptItem& ref = basic.items(i);
    const AttemptItem& whole = full.items(i);
    EXPECT_EQ(ref.position(), whole.position());
    EXPECT_EQ(ref.item().id(), whole.item().id());
    EXPECT_EQ(ref.item().topic(), whole.item().topic());
    EXPECT_EQ(ref.item().points(), whole.item().points());
    EXPECT_EQ(ref.topic_title(), whole.topic_title());
    EXPECT_EQ(ref.flagged(), whole.flagged());
    EXPECT_EQ(ref.response().DebugString(), whole.response().DebugString());
    EXPECT_EQ(ref.outcome().DebugString(), whole.outcome().DebugString());
    EXPECT_TRUE(ref.item().stem().empty()) << i;
    EXPECT_TRUE(ref.item().rationale().empty()) << i;
    EXPECT_EQ(ref.item().type_case(), quiz::v1::Item::TYPE_NOT_SET) << i;
  }
}

TEST_F(AttemptServiceTest, BasicViewCarriesItemsByReference) {
  quiz::v1::StartAttemptRequest start;
  start.set_quiz("quizzes/practice-all");
  start.set_view(quiz::v1::ATTEMPT_VIEW_BASIC);
  Attempt basic;
  ASSERT_TRUE(attempts_->StartAttempt(As(alice_).get(), start, &basic).ok());
  EXPECT_EQ(basic.item_count(), 4);
  EXPECT_TRUE(KeyLeaks(basic).empty());
  Attempt full;
  ASSERT_TRUE(Get(alice_, basic.name(), &full).ok());  // default: full
  EXPECT_FALSE(full.items(0).item().stem().empty());
  ExpectReferencesOnly(basic, full);
  EXPECT_LT(basic.ByteSizeLong(), full.ByteSizeLong());

  // A practice answer's outcome shows in the basic view too.
  quiz::v1::SubmitResponseResponse reply;
  ASSERT_TRUE(Submit(alice_, basic, "claim-form",
                     "choice { option_ids: 'cms1500' }", &reply)
                  .ok());
  quiz::v1::GetAttemptRequest get;
  get.set_name(basic.name());
  get.set_view(quiz::v1::ATTEMPT_VIEW_BASIC);
  Attempt read;
  ASSERT_TRUE(attempts_->GetAttempt(As(alice_).get(), get, &read).ok());
  ASSERT_TRUE(Get(alice_, basic.name(), &full).ok());
  ExpectReferencesOnly(read, full);
  EXPECT_EQ(read.items(0).outcome().correctness(), quiz::v1::CORRECT);
  EXPECT_EQ(read.answered_count(), 1);

  // Finishing in the basic view: the whole result, each item's outcome, no
  // item content.
  quiz::v1::FinishAttemptRequest finish;
  finish.set_name(basic.name());
  finish.set_view(quiz::v1::ATTEMPT_VIEW_BASIC);
  Attempt finished;
  ASSERT_TRUE(
      attempts_->FinishAttempt(As(alice_).get(), finish, &finished).ok());
  EXPECT_EQ(finished.state(), quiz::v1::FINISHED);
  ASSERT_TRUE(Get(alice_, basic.name(), &full).ok());
  EXPECT_EQ(finished.result().DebugString(), full.result().DebugString());
  EXPECT_DOUBLE_EQ(finished.result().score(), 1);
  ExpectReferencesOnly(finished, full);
  EXPECT_EQ(finished.items(3).outcome().correctness(), quiz::v1::UNANSWERED);
}

// INVALID_ARGUMENT naming the field `view`.
void ExpectViewRefused(const grpc::Status& status) {
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(status.error_message().find("view"), std::string::npos)
      << status.error_message();
}

TEST_F(AttemptServiceTest, UnknownViewIsRefusedAndChangesNothing) {
  const auto unknown = static_cast<quiz::v1::AttemptView>(7);
  quiz::v1::StartAttemptRequest start;
  start.set_quiz("quizzes/practice-all");
  start.set_view(unknown);
  Attempt attempt;
  ExpectViewRefused(attempts_->StartAttempt(As(alice_).get(), start, &attempt));
  quiz::v1::ListAttemptsResponse list;
  ASSERT_TRUE(attempts_
                  ->ListAttempts(As(alice_).get(),
                                 quiz::v1::ListAttemptsRequest(), &list)
                  .ok());
  EXPECT_EQ(list.attempts_size(), 0);

  attempt = Start(alice_, "practice-all");
  quiz::v1::GetAttemptRequest get;
  get.set_name(attempt.name());
  get.set_view(unknown);
  Attempt read;
  ExpectViewRefused(attempts_->GetAttempt(As(alice_).get(), get, &read));
  quiz::v1::FinishAttemptRequest finish;
  finish.set_name(attempt.name());
  finish.set_view(unknown);
  ExpectViewRefused(attempts_->FinishAttempt(As(alice_).get(), finish, &read));
  ASSERT_TRUE(Get(alice_, attempt.name(), &read).ok());
  EXPECT_EQ(read.state(), quiz::v1::IN_PROGRESS);
}

TEST_F(AttemptServiceTest, RetriedRequestsWriteOnce) {
  Attempt first = Start(alice_, "practice-all", "start-1");
  Attempt second = Start(alice_, "practice-all", "start-1");
  EXPECT_EQ(first.name(), second.name());
  quiz::v1::ListAttemptsResponse list;
  ASSERT_TRUE(attempts_
                  ->ListAttempts(As(alice_).get(),
                                 quiz::v1::ListAttemptsRequest(), &list)
                  .ok());
  EXPECT_EQ(list.attempts_size(), 1);

  quiz::v1::SubmitResponseResponse reply1, reply2;
  ASSERT_TRUE(Submit(alice_, first, "claim-form",
                     "choice { option_ids: 'cms1500' }", &reply1, "sub-1")
                  .ok());
  // A practice answer is final, yet the retry gets the first reply back.
  ASSERT_TRUE(Submit(alice_, first, "claim-form",
                     "choice { option_ids: 'cms1500' }", &reply2, "sub-1")
                  .ok());
  EXPECT_EQ(reply1.SerializeAsString(), reply2.SerializeAsString());
  // The id with another answer is another request: refused, not answered
  // with the first reply (tests/service/boundary_test.cc covers each RPC).
  EXPECT_EQ(Submit(alice_, first, "claim-form", "choice { option_ids: 'ub04' }",
                   &reply2, "sub-1")
                .error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  // Bob's request ids are his own.
  Attempt bobs = Start(bob_, "practice-all", "start-1");
  EXPECT_NE(bobs.name(), first.name());
}

TEST_F(AttemptServiceTest, AttemptsSurviveARestartAndResume) {
  Attempt attempt = Start(alice_, "exam-shuffled");
  quiz::v1::SubmitResponseResponse reply;
  ASSERT_TRUE(Submit(alice_, attempt, "claim-form",
                     "choice { option_ids: 'cms1500' }", &reply)
                  .ok());
  RestartServer();
  Attempt resumed;
  ASSERT_TRUE(Get(alice_, attempt.name(), &resumed).ok());  // token kept
  EXPECT_EQ(resumed.state(), quiz::v1::IN_PROGRESS);
  EXPECT_EQ(resumed.answered_count(), 1);
  EXPECT_EQ(resumed.bank_version(), attempt.bank_version());
  for (int i = 0; i < resumed.items_size(); ++i) {
    EXPECT_EQ(resumed.items(i).item().DebugString(),
              attempt.items(i).item().DebugString());
  }
}

TEST_F(AttemptServiceTest, ListAttemptsPagesNewestFirst) {
  std::vector<std::string> names;
  for (int i = 0; i < 5; ++i) {
    names.push_back(Start(alice_, "practice-all").name());
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  std::vector<std::string> listed;
  quiz::v1::ListAttemptsRequest request;
  request.set_page_size(2);
  for (int page = 0; page < 5; ++page) {
    quiz::v1::ListAttemptsResponse response;
    ASSERT_TRUE(
        attempts_->ListAttempts(As(alice_).get(), request, &response).ok());
    for (const Attempt& a : response.attempts()) {
      EXPECT_EQ(a.items_size(), 0);
      EXPECT_EQ(a.item_count(), 4);
      listed.push_back(a.name());
    }
    if (response.next_page_token().empty()) break;
    request.set_page_token(response.next_page_token());
  }
  std::reverse(names.begin(), names.end());
  EXPECT_EQ(listed, names);

  request.set_page_token("garbage!");
  quiz::v1::ListAttemptsResponse response;
  EXPECT_EQ(attempts_->ListAttempts(As(alice_).get(), request, &response)
                .error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

// Nobody reads the attempt again: the sweeper alone finishes it at its
// deadline, with the result a late read would give, and announces it.
TEST_F(DeadlineSweepTest, AnUnreadAttemptIsFinishedAtItsDeadlineAndAnnounced) {
  grpc::ClientContext context;
  auto stream = Watch(context, alice_);
  Attempt attempt = Start(alice_, "timed");  // one second
  quiz::v1::SubmitResponseResponse reply;
  ASSERT_TRUE(Submit(alice_, attempt, "claim-form",
                     "choice { option_ids: 'cms1500' }", &reply)
                  .ok());

  // No call between the answer and the event.
  quiz::v1::ProgressEvent event;
  ASSERT_TRUE(stream->Read(&event));
  EXPECT_EQ(event.kind(), quiz::v1::ProgressEvent::KIND_FINISHED);
  EXPECT_EQ(event.attempt(), attempt.name());
  EXPECT_EQ(event.user(), "users/alice");
  EXPECT_TRUE(event.result().timed_out());
  EXPECT_EQ(event.result().correct(), 1);
  EXPECT_EQ(event.result().unanswered(), 1);
  EXPECT_EQ(event.finish_time().seconds(), attempt.deadline().seconds());
  EXPECT_EQ(event.finish_time().nanos(), attempt.deadline().nanos());

  Attempt read;
  ASSERT_TRUE(Get(alice_, attempt.name(), &read).ok());
  EXPECT_EQ(read.state(), quiz::v1::FINISHED);
  EXPECT_TRUE(read.result().timed_out());
  EXPECT_EQ(read.finish_time().seconds(), read.deadline().seconds());
  EXPECT_EQ(read.result().correct(), 1);

  // An answer after the sweep is refused as late, like one the deadline
  // caught, and changes nothing.
  grpc::Status late = Submit(alice_, attempt, "seventh-a",
                             "choice { option_ids: 'a' }", &reply);
  EXPECT_EQ(late.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(late.error_message().find("deadline"), std::string::npos)
      << late.error_message();
  ASSERT_TRUE(Get(alice_, attempt.name(), &read).ok());
  EXPECT_EQ(read.answered_count(), 1);

  // Announced once: the next event is the next finish.
  Attempt untimed = Start(alice_, "practice-all");
  Attempt finished;
  ASSERT_TRUE(Finish(alice_, untimed, &finished).ok());
  ASSERT_TRUE(stream->Read(&event));
  EXPECT_EQ(event.attempt(), untimed.name());
  EXPECT_FALSE(event.result().timed_out());
  context.TryCancel();
  while (stream->Read(&event)) {
  }
  stream->Finish();
}

// Untimed attempts and timed ones before their deadline are left alone.
TEST_F(DeadlineSweepTest, AttemptsWithTimeLeftStayOpen) {
  grpc::ClientContext context;
  auto stream = Watch(context, alice_);
  Attempt untimed = Start(alice_, "practice-all");
  Attempt hour = Start(alice_, "exam-shuffled");  // an hour
  Attempt second = Start(alice_, "timed");
  quiz::v1::ProgressEvent event;
  ASSERT_TRUE(stream->Read(&event));
  EXPECT_EQ(event.attempt(), second.name());
  for (const Attempt* open : {&untimed, &hour}) {
    Attempt read;
    ASSERT_TRUE(Get(alice_, open->name(), &read).ok());
    EXPECT_EQ(read.state(), quiz::v1::IN_PROGRESS) << read.quiz();
  }
  context.TryCancel();
  while (stream->Read(&event)) {
  }
  stream->Finish();
}

// A deadline that passed while the server was down is met when it starts,
// before any request about the attempt.
TEST_F(DeadlineSweepTest, ADeadlinePassedWhileDownIsMetAtStart) {
  Attempt attempt = Start(alice_, "timed");
  server_.reset();
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  StartServer();
  LoginEveryone();
  // GetProgress finishes nothing itself; it shows the attempt once the
  // server's clock has (no timing is asserted: 30 s is a failure).
  quiz::v1::Progress progress;
  for (int i = 0; i < 1500 && progress.history_total() == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    ASSERT_TRUE(progress_
                    ->GetProgress(As(alice_).get(),
                                  quiz::v1::GetProgressRequest(), &progress)
                    .ok());
  }
  ASSERT_EQ(progress.history_size(), 1);
  EXPECT_EQ(progress.history(0).attempt(), attempt.name());
  Attempt read;
  ASSERT_TRUE(Get(alice_, attempt.name(), &read).ok());
  EXPECT_TRUE(read.result().timed_out());
  EXPECT_EQ(read.finish_time().seconds(), read.deadline().seconds());
}

}  // namespace
}  // namespace quizd_test
