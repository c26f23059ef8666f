// ProgressService over real gRPC: standing per topic, exams counted once
// finished, the review queue, readiness, access rules, the career profile and
// the WatchProgress stream.
#include <atomic>
#include <chrono>
#include <thread>

#include "harness.h"
#include "key_leak.h"
#include "question_bank/src/bank_file.h"
#include "quiz/v1/progress_service.grpc.pb.h"

namespace quizd_test {
namespace {

using quiz::v1::Attempt;

// A small inventory: two items load on coding, two on billing (one of each
// reverse-keyed).
constexpr char kCareerBank[] = R"yaml(
id: fit
title: Career fit
topics: [{id: inventory, title: Inventory}]
items:
  - {id: f1, topic: inventory, stem: I like rules., likert: {weights: [{trait: coding, weight: 1}]}}
  - {id: f2, topic: inventory, stem: Phones drain me., likert: {weights: [{trait: billing, weight: 1}], reverse_keyed: true}}
  - {id: f3, topic: inventory, stem: I like calling payers., likert: {weights: [{trait: billing, weight: 1}]}}
  - {id: f4, topic: inventory, stem: Detail work bores me., likert: {weights: [{trait: coding, weight: 1}], reverse_keyed: true}}
quizzes:
  - {id: career-fit-inventory, title: Inventory, mode: practice}
)yaml";

class ProgressTest : public ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    LoginEveryone();
    progress_ = quiz::v1::ProgressService::NewStub(channel_);
  }

  void Answer(const std::string& token, const Attempt& attempt,
              const std::string& item, const std::string& response) {
    quiz::v1::SubmitResponseResponse reply;
    grpc::Status status = Submit(token, attempt, item, response, &reply);
    ASSERT_TRUE(status.ok()) << item << ": " << status.error_message();
  }

  // Practice: claims right, codes wrong.
  void TakeHalfRight(const std::string& token) {
    Attempt attempt = Start(token, "quizzes/practice-all");
    Answer(token, attempt, "claim-form", "choice { option_ids: 'cms1500' }");
    Answer(token, attempt, "group-codes", "choice { option_ids: 'pr' }");
    Answer(token, attempt, "x-placeholder", "true_false: false");
    Answer(token, attempt, "seventh-a", "choice { option_ids: 'd' }");
  }

  quiz::v1::Progress GetProgress(const std::string& token,
                                 const std::string& user = "") {
    quiz::v1::GetProgressRequest request;
    request.set_user(user);
    quiz::v1::Progress progress;
    grpc::Status status =
        progress_->GetProgress(As(token).get(), request, &progress);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return progress;
  }

  quiz::v1::ListDueReviewsResponse Due(const std::string& token,
                                       const std::string& topic = "") {
    quiz::v1::ListDueReviewsRequest request;
    request.set_topic(topic);
    quiz::v1::ListDueReviewsResponse due;
    grpc::Status status =
        progress_->ListDueReviews(As(token).get(), request, &due);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return due;
  }

  grpc::Status Review(const std::string& token, const std::string& item,
                      const std::string& response,
                      quiz::v1::AnswerReviewResponse* reply) {
    quiz::v1::AnswerReviewRequest request;
    request.set_bank("banks/testbank");
    request.set_item_id(item);
    EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(
        response, request.mutable_response()));
    return progress_->AnswerReview(As(token).get(), request, reply);
  }

  std::unique_ptr<quiz::v1::ProgressService::Stub> progress_;
};

TEST_F(ProgressTest, StandingFollowsTheAnswersWeakestTopicFirst) {
  TakeHalfRight(alice_);
  quiz::v1::Progress progress = GetProgress(alice_);
  EXPECT_EQ(progress.user(), "users/alice");
  EXPECT_EQ(progress.responses(), 4);
  ASSERT_EQ(progress.topics_size(), 2);
  EXPECT_EQ(progress.topics(0).topic(), "codes");
  EXPECT_DOUBLE_EQ(progress.topics(0).share_correct(), 0);
  EXPECT_LT(progress.topics(0).ability(), 0);
  EXPECT_EQ(progress.topics(1).topic(), "claims");
  EXPECT_DOUBLE_EQ(progress.topics(1).share_correct(), 1);
  EXPECT_GT(progress.topics(1).mastery(), progress.topics(0).mastery());
  EXPECT_EQ(progress.topics(1).items_seen(), 2);
  EXPECT_EQ(progress.topics(1).items_total(), 2);
  EXPECT_EQ(progress.reviews_due(), 2);
  // Bob has answered nothing.
  EXPECT_EQ(GetProgress(bob_).responses(), 0);
}

TEST_F(ProgressTest, ExamAnswersCountOnceTheExamIsFinished) {
  Attempt attempt = Start(alice_, "quizzes/exam-shuffled");
  for (const auto& item : attempt.items()) {
    Answer(alice_, attempt, item.item().id(),
           item.item().has_true_false()
               ? "true_false: true"
               : "choice { option_ids: '" +
                     (item.item().has_single_choice()
                          ? item.item().single_choice().options(0).id()
                          : item.item().multiple_choice().options(0).id()) +
                     "' }");
  }
  EXPECT_EQ(GetProgress(alice_).responses(), 0);
  Attempt finished;
  ASSERT_TRUE(Finish(alice_, attempt, &finished).ok());
  quiz::v1::Progress progress = GetProgress(alice_);
  EXPECT_EQ(progress.responses(), 4);
  ASSERT_EQ(progress.history_size(), 1);
  EXPECT_EQ(progress.history(0).quiz(), "quizzes/exam-shuffled");
}

// GetProgress carries a bounded score history: the most recent attempts,
// with the total, whatever the student's past.
TEST_F(ProgressTest, HistoryHoldsTheMostRecentAttemptsAndTheTotal) {
  std::vector<std::string> finished;
  for (int i = 0; i < 22; ++i) {
    Attempt attempt = Start(alice_, "quizzes/practice-all");
    Attempt done;
    ASSERT_TRUE(Finish(alice_, attempt, &done).ok());
    finished.push_back(done.name());
  }
  quiz::v1::Progress progress = GetProgress(alice_);
  EXPECT_EQ(progress.history_total(), 22);
  ASSERT_EQ(progress.history_size(), 20);  // the default
  EXPECT_EQ(progress.history(0).attempt(), finished[2]);
  EXPECT_EQ(progress.history(19).attempt(), finished[21]);

  auto with_size = [&](int size, quiz::v1::Progress* out) {
    quiz::v1::GetProgressRequest request;
    request.set_history_size(size);
    return progress_->GetProgress(As(alice_).get(), request, out);
  };
  quiz::v1::Progress last5;
  ASSERT_TRUE(with_size(5, &last5).ok());
  ASSERT_EQ(last5.history_size(), 5);
  EXPECT_EQ(last5.history(0).attempt(), finished[17]);
  EXPECT_EQ(last5.history_total(), 22);
  quiz::v1::Progress all;
  ASSERT_TRUE(with_size(5000, &all).ok());  // capped at 1000
  EXPECT_EQ(all.history_size(), 22);
  quiz::v1::Progress refused;
  grpc::Status negative = with_size(-1, &refused);
  EXPECT_EQ(negative.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(negative.error_message().find("history_size"), std::string::npos);
}

// Progress is cached per learner between calls; every committed answer must
// show in the next read.
TEST_F(ProgressTest, EachAcknowledgedAnswerShowsInTheNextRead) {
  EXPECT_EQ(GetProgress(alice_).responses(), 0);
  Attempt attempt = Start(alice_, "quizzes/practice-all");
  Answer(alice_, attempt, "claim-form", "choice { option_ids: 'cms1500' }");
  EXPECT_EQ(GetProgress(alice_).responses(), 1);
  EXPECT_EQ(GetProgress(alice_).responses(), 1);  // a cached read
  Answer(alice_, attempt, "group-codes", "choice { option_ids: 'pr' }");
  EXPECT_EQ(GetProgress(alice_).responses(), 2);
  quiz::v1::AnswerReviewResponse reply;
  ASSERT_TRUE(
      Review(alice_, "group-codes", "choice { option_ids: 'co' }", &reply)
          .ok());
  EXPECT_EQ(GetProgress(alice_).responses(), 3);
  EXPECT_EQ(GetProgress(bob_).responses(), 0);
}

TEST_F(ProgressTest, WrongAnswersAreDueUntilAnsweredCorrectly) {
  TakeHalfRight(alice_);
  quiz::v1::ListDueReviewsResponse due = Due(alice_);
  EXPECT_EQ(due.total_due(), 2);
  ASSERT_EQ(due.cards_size(), 2);
  EXPECT_TRUE(KeyLeaks(due).empty());

  quiz::v1::AnswerReviewResponse reply;
  ASSERT_TRUE(
      Review(alice_, "seventh-a", "choice { option_ids: 'a' }", &reply).ok());
  EXPECT_EQ(reply.outcome().correctness(), quiz::v1::CORRECT);
  EXPECT_EQ(reply.remaining_due(), 1);
  EXPECT_FALSE(reply.item().rationale().empty());  // revealed after answering
  const int64_t pushed_out =
      reply.next_due_time().seconds() - std::time(nullptr);
  EXPECT_GT(pushed_out, 23 * 3600);  // SM-2: one day after the first recall

  ASSERT_TRUE(
      Review(alice_, "x-placeholder", "true_false: false", &reply).ok());
  EXPECT_EQ(reply.outcome().correctness(), quiz::v1::INCORRECT);
  due = Due(alice_);
  ASSERT_EQ(due.cards_size(), 1);
  EXPECT_EQ(due.cards(0).item().id(), "x-placeholder");
  EXPECT_EQ(due.cards(0).answered(), 2);

  // Bad review answers change nothing.
  EXPECT_EQ(Review(alice_, "nope", "true_false: true", &reply).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Review(alice_, "seventh-a", "choice { option_ids: 'zz' }", &reply)
                .error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Due(alice_).total_due(), 1);
}

TEST_F(ProgressTest, TopicPracticeServesTheWeakestItemsFirst) {
  TakeHalfRight(alice_);
  quiz::v1::ListDueReviewsResponse weakest = Due(alice_, "testbank/claims");
  ASSERT_EQ(weakest.cards_size(), 2);  // both right: still served, last
  weakest = Due(alice_, "banks/testbank/topics/codes");
  ASSERT_EQ(weakest.cards_size(), 2);
  EXPECT_EQ(weakest.cards(0).correct(), 0);
  quiz::v1::ListDueReviewsRequest bad;
  bad.set_topic("testbank/nope");
  quiz::v1::ListDueReviewsResponse reply;
  EXPECT_EQ(
      progress_->ListDueReviews(As(alice_).get(), bad, &reply).error_code(),
      grpc::StatusCode::NOT_FOUND);
}

TEST_F(ProgressTest, ReadinessNamesTheTopicThatGainsMost) {
  TakeHalfRight(alice_);
  quiz::v1::GetReadinessRequest request;
  request.set_quiz("quizzes/exam-shuffled");
  quiz::v1::Readiness readiness;
  ASSERT_TRUE(
      progress_->GetReadiness(As(alice_).get(), request, &readiness).ok());
  EXPECT_EQ(readiness.pass_percent(), 70);
  EXPECT_GT(readiness.expected_percent(), 0);
  EXPECT_LT(readiness.expected_percent(), 100);
  EXPECT_GT(readiness.pass_probability(), 0);
  EXPECT_LT(readiness.pass_probability(), 1);
  ASSERT_EQ(readiness.topics_size(), 2);
  EXPECT_EQ(readiness.topics(0).topic(), "codes");
  EXPECT_GT(readiness.topics(0).gain_if_mastered(),
            readiness.topics(1).gain_if_mastered());
  EXPECT_LT(readiness.topics(0).expected(), readiness.topics(1).expected());
}

TEST_F(ProgressTest, StudentsSeeOnlyTheirOwnProgress) {
  TakeHalfRight(alice_);
  quiz::v1::GetProgressRequest request;
  request.set_user("users/alice");
  quiz::v1::Progress progress;
  EXPECT_EQ(
      progress_->GetProgress(As(bob_).get(), request, &progress).error_code(),
      grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(GetProgress(carol_, "users/alice").responses(), 4);

  quiz::v1::ListProgressRequest list;
  quiz::v1::ListProgressResponse students;
  EXPECT_EQ(
      progress_->ListProgress(As(bob_).get(), list, &students).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  list.set_page_size(1);
  ASSERT_TRUE(progress_->ListProgress(As(carol_).get(), list, &students).ok());
  ASSERT_EQ(students.students_size(), 1);
  EXPECT_EQ(students.students(0).user(), "users/alice");
  EXPECT_EQ(students.students(0).weakest_topic(), "testbank/codes");
  EXPECT_FALSE(students.next_page_token().empty());
  list.set_page_token(students.next_page_token());
  ASSERT_TRUE(progress_->ListProgress(As(carol_).get(), list, &students).ok());
  ASSERT_EQ(students.students_size(), 1);
  EXPECT_EQ(students.students(0).user(), "users/bob");
  EXPECT_TRUE(students.next_page_token().empty());
}

TEST_F(ProgressTest, CareerProfileFollowsTheAnswers) {
  question_bank::ParsedBank career = question_bank::ParseBank(kCareerBank, "f");
  ASSERT_TRUE(career.ok());
  quiz::v1::CreateBankVersionRequest push;
  *push.mutable_bank() = career.bank;
  quiz::v1::CreateBankVersionResponse pushed;
  ASSERT_TRUE(banks_->CreateBankVersion(As(carol_).get(), push, &pushed).ok());

  quiz::v1::GetCareerProfileRequest request;
  quiz::v1::CareerProfile profile;
  EXPECT_EQ(progress_->GetCareerProfile(As(alice_).get(), request, &profile)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);

  // A detail-loving, independent worker: agrees with f1, f2 (reverse-keyed
  // billing), disagrees with f3 and f4 (reverse-keyed coding).
  auto take = [&](int f1, int f2, int f3, int f4) {
    Attempt attempt = Start(alice_, "quizzes/career-fit-inventory");
    Answer(alice_, attempt, "f1", "likert: " + std::to_string(f1));
    Answer(alice_, attempt, "f2", "likert: " + std::to_string(f2));
    Answer(alice_, attempt, "f3", "likert: " + std::to_string(f3));
    Answer(alice_, attempt, "f4", "likert: " + std::to_string(f4));
    Attempt finished;
    ASSERT_TRUE(Finish(alice_, attempt, &finished).ok());
  };
  take(5, 5, 1, 1);
  ASSERT_TRUE(
      progress_->GetCareerProfile(As(alice_).get(), request, &profile).ok());
  EXPECT_EQ(profile.latest().fit(), "coding");
  EXPECT_DOUBLE_EQ(profile.latest().lean(), 2);
  EXPECT_EQ(profile.summary().rfind("You may prefer medical coding", 0), 0u);
  EXPECT_FALSE(profile.has_previous());

  take(1, 1, 5, 5);
  ASSERT_TRUE(
      progress_->GetCareerProfile(As(alice_).get(), request, &profile).ok());
  EXPECT_EQ(profile.latest().fit(), "billing");
  EXPECT_EQ(profile.previous().fit(), "coding");
  EXPECT_NE(profile.change().find("now you are billing-leaning"),
            std::string::npos)
      << profile.change();
  EXPECT_EQ(profile.certifications(0).rfind("CPB", 0), 0u);

  // Likert answers never enter the topic standing.
  EXPECT_EQ(GetProgress(alice_).responses(), 0);
}

TEST_F(ProgressTest, WatchersHearOfFinishedAttempts) {
  grpc::ClientContext watch;
  watch.AddMetadata("authorization", "Bearer " + carol_);
  quiz::v1::WatchProgressRequest request;
  request.add_users("users/alice");
  std::unique_ptr<grpc::ClientReader<quiz::v1::ProgressEvent>> stream =
      progress_->WatchProgress(&watch, request);

  // The stream is open once the server has it; finish attempts until the
  // watcher hears one (bob's must never arrive).
  quiz::v1::ProgressEvent event;
  std::atomic<bool> heard{false};
  std::thread finisher([&] {
    for (int i = 0; i < 50; ++i) {
      Attempt finished;
      Attempt bobs = Start(bob_, "quizzes/practice-all");
      Finish(bob_, bobs, &finished);
      Attempt attempt = Start(alice_, "quizzes/practice-all");
      Finish(alice_, attempt, &finished);
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      if (heard) return;
    }
  });
  const bool read = stream->Read(&event);
  heard = true;
  finisher.join();
  ASSERT_TRUE(read);
  EXPECT_EQ(event.user(), "users/alice");
  EXPECT_EQ(event.quiz(), "quizzes/practice-all");
  EXPECT_TRUE(event.result().IsInitialized());
  watch.TryCancel();
  while (stream->Read(&event)) {
  }
  EXPECT_EQ(stream->Finish().error_code(), grpc::StatusCode::CANCELLED);

  grpc::ClientContext refused;
  refused.AddMetadata("authorization", "Bearer " + bob_);
  std::unique_ptr<grpc::ClientReader<quiz::v1::ProgressEvent>> other =
      progress_->WatchProgress(&refused, request);
  EXPECT_FALSE(other->Read(&event));
  EXPECT_EQ(other->Finish().error_code(), grpc::StatusCode::PERMISSION_DENIED);
}

}  // namespace
}  // namespace quizd_test
