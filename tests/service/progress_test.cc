// ProgressService over real gRPC: standing per topic, exams counted once
// finished, the review queue, readiness, access rules, the career profile and
// the WatchProgress stream.
#include <atomic>
#include <chrono>
#include <future>
#include <map>
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
  }

  // Streams end within a tick of their token's logout or expiry.
  absl::Duration ClockPeriod() const override { return absl::Milliseconds(20); }

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
                      quiz::v1::AnswerReviewResponse* reply,
                      const std::string& bank = "banks/testbank") {
    quiz::v1::AnswerReviewRequest request;
    request.set_bank(bank);
    request.set_item_id(item);
    EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(
        response, request.mutable_response()));
    return progress_->AnswerReview(As(token).get(), request, reply);
  }

  // The ids of the cards, in order.
  static std::vector<std::string> CardIds(
      const quiz::v1::ListDueReviewsResponse& due) {
    std::vector<std::string> ids;
    for (const auto& card : due.cards()) ids.push_back(card.item().id());
    return ids;
  }

  // A key fix for claim-form (ub04 becomes the key) and, with
  // `pass_percent`, a new pass mark for practice-all; pushed by carol.
  void PushClaimFormFix(double pass_percent = 50) {
    question_bank::ParsedBank parsed = question_bank::ParseBank(kTestBank, "t");
    ASSERT_TRUE(parsed.ok());
    quiz::v1::Bank v2 = parsed.bank;
    auto* options =
        v2.mutable_items(0)->mutable_single_choice()->mutable_options();
    options->Mutable(0)->set_correct(false);
    options->Mutable(1)->set_correct(true);
    v2.mutable_quizzes(0)->set_pass_percent(pass_percent);
    quiz::v1::CreateBankVersionRequest push;
    *push.mutable_bank() = v2;
    quiz::v1::CreateBankVersionResponse pushed;
    grpc::Status status =
        banks_->CreateBankVersion(As(carol_).get(), push, &pushed);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  grpc::Status Regrade(const std::string& quiz, quiz::v1::RegradeResponse* out,
                       bool dry_run = false) {
    quiz::v1::RegradeRequest request;
    request.set_quiz(quiz);
    request.set_dry_run(dry_run);
    return banks_->Regrade(As(carol_).get(), request, out);
  }
};

using Strings = std::vector<std::string>;

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

  // Likert answers never enter the topic standing, and a statement is not
  // reviewable: it has no key, and how it is keyed stays unsaid.
  EXPECT_EQ(GetProgress(alice_).responses(), 0);
  quiz::v1::AnswerReviewResponse reviewed;
  EXPECT_EQ(
      Review(alice_, "f1", "likert: 3", &reviewed, "banks/fit").error_code(),
      grpc::StatusCode::NOT_FOUND);
  EXPECT_TRUE(KeyLeaks(reviewed).empty());
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

// Review offers, grades and reveals only items whose key the student was
// shown; for anything else the answer is the same NOT_FOUND whether or not
// the item exists, and nothing is graded, stored or revealed.
TEST_F(ProgressTest, ReviewServesOnlyItemsTheStudentsAnswersRevealed) {
  // Nothing answered yet: nothing to review, even by topic.
  EXPECT_TRUE(Due(alice_, "testbank/claims").cards().empty());
  quiz::v1::AnswerReviewResponse reply;
  auto refused = [&](const std::string& item, const std::string& bank) {
    grpc::Status status =
        Review(alice_, item, "choice { option_ids: 'cms1500' }", &reply, bank);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND) << item;
    EXPECT_TRUE(KeyLeaks(reply).empty()) << item;
    return status.error_message();
  };
  // An unseen item that exists, one that does not, and an unknown bank all
  // get the same answer (the names aside).
  const std::string unseen = refused("claim-form", "banks/testbank");
  EXPECT_NE(unseen.find("not one of your reviewable items"), std::string::npos)
      << unseen;
  const std::string missing = refused("no-such-item", "banks/testbank");
  const std::string no_bank = refused("claim-form", "banks/no-such-bank");
  auto without = [](std::string message, const std::string& name) {
    message.erase(message.find(name), name.size());
    return message;
  };
  EXPECT_EQ(without(unseen, "claim-form"), without(missing, "no-such-item"));
  EXPECT_EQ(without(unseen, "testbank"), without(no_bank, "no-such-bank"));

  // A practice answer reveals its item, and only that item.
  Attempt practice = Start(alice_, "quizzes/practice-all");
  Answer(alice_, practice, "claim-form", "choice { option_ids: 'ub04' }");
  EXPECT_EQ(CardIds(Due(alice_, "testbank/claims")), Strings{"claim-form"});
  EXPECT_EQ(CardIds(Due(alice_)), Strings{"claim-form"});
  refused("group-codes", "banks/testbank");
  ASSERT_TRUE(
      Review(alice_, "claim-form", "choice { option_ids: 'cms1500' }", &reply)
          .ok());
  EXPECT_EQ(reply.outcome().correctness(), quiz::v1::CORRECT);
  EXPECT_FALSE(KeyLeaks(reply).empty());  // the key, now that it was shown
  // The refusals stored nothing: one practice answer, one review.
  EXPECT_EQ(GetProgress(alice_).responses(), 2);
}

// An item of an attempt in progress is not reviewable, even when an earlier
// attempt revealed it, until that attempt is finished; a practice attempt
// releases an item once it is answered there.
TEST_F(ProgressTest, ReviewHoldsBackTheItemsOfAnAttemptInProgress) {
  TakeHalfRight(alice_);  // every item answered in practice: all revealed
  ASSERT_EQ(Due(alice_).total_due(), 2);

  Attempt exam = Start(alice_, "quizzes/exam-shuffled");  // all four items
  quiz::v1::ListDueReviewsResponse due = Due(alice_);
  EXPECT_EQ(due.total_due(), 0);
  EXPECT_TRUE(due.cards().empty());
  EXPECT_TRUE(Due(alice_, "testbank/codes").cards().empty());
  quiz::v1::AnswerReviewResponse reply;
  for (const char* item : {"seventh-a", "claim-form"}) {
    EXPECT_EQ(
        Review(alice_, item, "choice { option_ids: 'a' }", &reply).error_code(),
        grpc::StatusCode::NOT_FOUND)
        << item;
    EXPECT_TRUE(KeyLeaks(reply).empty());
  }
  // Bob sits nothing: his review is his own business, and he has none.
  EXPECT_EQ(Due(bob_).total_due(), 0);

  Attempt finished;
  ASSERT_TRUE(Finish(alice_, exam, &finished).ok());
  EXPECT_EQ(Due(alice_).total_due(), 2);

  // A practice attempt in progress holds back what it has not shown yet.
  Attempt practice = Start(alice_, "quizzes/practice-all");
  EXPECT_EQ(Due(alice_).total_due(), 0);
  Answer(alice_, practice, "seventh-a", "choice { option_ids: 'd' }");
  EXPECT_EQ(CardIds(Due(alice_)), Strings{"seventh-a"});
  ASSERT_TRUE(
      Review(alice_, "seventh-a", "choice { option_ids: 'a' }", &reply).ok());
  EXPECT_EQ(reply.remaining_due(), 0);  // x-placeholder is held back
  EXPECT_EQ(
      Review(alice_, "x-placeholder", "true_false: true", &reply).error_code(),
      grpc::StatusCode::NOT_FOUND);
}

// Review answers stored before review was limited (a harvest of unseen
// items) do not count: readiness and standing are replayed without them.
TEST_F(ProgressTest, ReviewAnswersToItemsNeverRevealedDoNotCount) {
  Attempt practice = Start(alice_, "quizzes/practice-all");
  Answer(alice_, practice, "claim-form", "choice { option_ids: 'ub04' }");
  quiz::v1::GetReadinessRequest ask;
  ask.set_quiz("quizzes/exam-shuffled");
  quiz::v1::Readiness before;
  ASSERT_TRUE(progress_->GetReadiness(As(alice_).get(), ask, &before).ok());

  // Written straight to the store, as the old server accepted them: right
  // answers to the three items alice never saw, and one to claim-form.
  server_.reset();
  {
    auto store = store::OpenSqliteStore({db_path()});
    ASSERT_TRUE(store.ok()) << store.status();
    absl::StatusOr<store::UserRecord> alice = (*store)->GetUserByName("alice");
    ASSERT_TRUE(alice.ok());
    auto save = [&](const std::string& item) {
      store::ReviewRecord record;
      record.user_id = alice->id;
      record.bank_id = "testbank";
      record.bank_version = 1;
      record.item_id = item;
      record.outcome.set_correctness(quiz::v1::CORRECT);
      record.outcome.set_score(1);
      record.outcome.set_max_score(1);
      record.time_ms = absl::ToUnixMillis(absl::Now());
      std::promise<absl::Status> saved;
      (*store)->SaveReviewResponse(
          record, store::RequestKey{}, "",
          [&saved](absl::Status status) { saved.set_value(status); });
      ASSERT_TRUE(saved.get_future().get().ok()) << item;
    };
    for (const char* item :
         {"group-codes", "x-placeholder", "seventh-a", "claim-form"}) {
      save(item);
    }
  }
  StartServer();
  LoginEveryone();

  quiz::v1::Progress progress = GetProgress(alice_);
  EXPECT_EQ(progress.responses(), 2);  // the practice answer and its review
  ASSERT_EQ(progress.topics_size(), 1);
  EXPECT_EQ(progress.topics(0).topic(), "claims");
  EXPECT_EQ(progress.topics(0).items_seen(), 1);
  quiz::v1::Readiness after;
  ASSERT_TRUE(progress_->GetReadiness(As(alice_).get(), ask, &after).ok());
  // Only the claims topic moved (by the one allowed review answer).
  ASSERT_EQ(after.topics_size(), before.topics_size());
  for (int i = 0; i < after.topics_size(); ++i) {
    for (int j = 0; j < before.topics_size(); ++j) {
      if (after.topics(i).topic() != before.topics(j).topic()) continue;
      if (after.topics(i).topic() == "codes") {
        EXPECT_DOUBLE_EQ(after.topics(i).expected(),
                         before.topics(j).expected());
      } else {
        EXPECT_GT(after.topics(i).expected(), before.topics(j).expected());
      }
    }
  }
}

TEST_F(ProgressTest, ListProgressCountsFinishedAttempts) {
  for (int i = 0; i < 2; ++i) {
    Attempt attempt = Start(alice_, "quizzes/practice-all");
    Attempt finished;
    ASSERT_TRUE(Finish(alice_, attempt, &finished).ok());
  }
  Start(alice_, "quizzes/practice-all");  // in progress: not counted
  Start(bob_, "quizzes/practice-all");
  quiz::v1::ListProgressResponse students;
  ASSERT_TRUE(progress_
                  ->ListProgress(As(carol_).get(),
                                 quiz::v1::ListProgressRequest(), &students)
                  .ok());
  ASSERT_EQ(students.students_size(), 2);
  EXPECT_EQ(students.students(0).user(), "users/alice");
  EXPECT_EQ(students.students(0).attempts_finished(), 2);
  EXPECT_EQ(students.students(1).user(), "users/bob");
  EXPECT_EQ(students.students(1).attempts_finished(), 0);
  // The same count as the student's own progress.
  EXPECT_EQ(GetProgress(alice_).history_total(), 2);
}

TEST_F(ProgressTest, AStreamEndsWhenItsTokenIsLoggedOut) {
  const std::string token = Login("alice");
  grpc::ClientContext doomed_context;
  auto doomed = Watch(doomed_context, token);
  grpc::ClientContext kept_context;
  auto kept = Watch(kept_context, alice_);

  quiz::v1::LogoutResponse out;
  ASSERT_TRUE(
      auth_->Logout(As(token).get(), quiz::v1::LogoutRequest(), &out).ok());
  quiz::v1::ProgressEvent event;
  EXPECT_FALSE(doomed->Read(&event));
  grpc::Status ended = doomed->Finish();
  EXPECT_EQ(ended.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_NE(ended.error_message().find("logged out or expired"),
            std::string::npos)
      << ended.error_message();

  // A stream on another token of the same user keeps delivering.
  Attempt attempt = Start(alice_, "quizzes/practice-all");
  Attempt finished;
  ASSERT_TRUE(Finish(alice_, attempt, &finished).ok());
  ASSERT_TRUE(kept->Read(&event));
  EXPECT_EQ(event.attempt(), attempt.name());
  kept_context.TryCancel();
  while (kept->Read(&event)) {
  }
  EXPECT_EQ(kept->Finish().error_code(), grpc::StatusCode::CANCELLED);
}

TEST_F(ProgressTest, AStreamEndsWhenItsTokenExpires) {
  // A token that expires two seconds from now, stored as Login would.
  server_.reset();
  const std::string token = auth::NewToken();
  int64_t expire_ms = 0;
  {
    auto store = store::OpenSqliteStore({db_path()});
    ASSERT_TRUE(store.ok()) << store.status();
    absl::StatusOr<store::UserRecord> alice = (*store)->GetUserByName("alice");
    ASSERT_TRUE(alice.ok());
    expire_ms = absl::ToUnixMillis(absl::Now()) + 2000;
    std::promise<absl::Status> created;
    (*store)->CreateToken(
        auth::TokenHash(token), alice->id, expire_ms,
        [&created](absl::Status status) { created.set_value(status); });
    ASSERT_TRUE(created.get_future().get().ok());
  }
  StartServer();

  grpc::ClientContext context;
  auto stream = Watch(context, token);
  quiz::v1::ProgressEvent event;
  EXPECT_FALSE(stream->Read(&event));
  EXPECT_EQ(stream->Finish().error_code(), grpc::StatusCode::UNAUTHENTICATED);
  // Ended by the expiry, not before it.
  EXPECT_GE(absl::ToUnixMillis(absl::Now()), expire_ms);
}

// A regrade is announced with the old and the new result, and a pass that
// turns into a fail counts as a changed score even when the points do not
// move.
TEST_F(ProgressTest, RegradesAreAnnouncedAndPassFailFlipsCount) {
  // Alice: claim-form right under v1 (1 of 4 points), wrong under v2's key.
  // Bob: group-codes and x-placeholder right, 2 of 4 = 50%: passes v1's
  // mark of 50 and fails v2's of 60 with the same score.
  Attempt alice = Start(alice_, "quizzes/practice-all");
  Answer(alice_, alice, "claim-form", "choice { option_ids: 'cms1500' }");
  Attempt bob = Start(bob_, "quizzes/practice-all");
  Answer(bob_, bob, "group-codes", "choice { option_ids: 'pr' }");
  Answer(bob_, bob, "x-placeholder", "true_false: true");
  Attempt alice_done, bob_done;
  ASSERT_TRUE(Finish(alice_, alice, &alice_done).ok());
  ASSERT_TRUE(Finish(bob_, bob, &bob_done).ok());
  ASSERT_TRUE(bob_done.result().passed());

  grpc::ClientContext context;
  auto stream = Watch(context, carol_);
  PushClaimFormFix(/*pass_percent=*/60);
  quiz::v1::RegradeResponse regrade;
  ASSERT_TRUE(Regrade("quizzes/practice-all", &regrade).ok());
  EXPECT_EQ(regrade.attempts_regraded(), 2);
  // Alice's score moved (claim-form's key did); Bob's did not, but he now
  // fails: both count.
  EXPECT_EQ(regrade.scores_changed(), 2);

  std::map<std::string, quiz::v1::ProgressEvent> events;
  for (int i = 0; i < 2; ++i) {
    quiz::v1::ProgressEvent event;
    ASSERT_TRUE(stream->Read(&event));
    events[event.user()] = event;
  }
  const quiz::v1::ProgressEvent& bobs = events["users/bob"];
  EXPECT_EQ(bobs.kind(), quiz::v1::ProgressEvent::KIND_REGRADED);
  EXPECT_EQ(bobs.attempt(), bob.name());
  EXPECT_TRUE(bobs.previous_result().passed());
  EXPECT_FALSE(bobs.result().passed());
  EXPECT_DOUBLE_EQ(bobs.result().score(), bobs.previous_result().score());
  EXPECT_EQ(bobs.finish_time().seconds(), bob_done.finish_time().seconds());
  EXPECT_GE(bobs.event_time().seconds(), bobs.finish_time().seconds());
  const quiz::v1::ProgressEvent& alices = events["users/alice"];
  EXPECT_EQ(alices.kind(), quiz::v1::ProgressEvent::KIND_REGRADED);
  EXPECT_DOUBLE_EQ(alices.previous_result().score(), 1);
  EXPECT_DOUBLE_EQ(alices.result().score(), 0);

  // A dry run and a second regrade announce nothing; the next event is the
  // next finish.
  quiz::v1::RegradeResponse again;
  ASSERT_TRUE(Regrade("quizzes/practice-all", &again, /*dry_run=*/true).ok());
  ASSERT_TRUE(Regrade("quizzes/practice-all", &again).ok());
  Attempt next = Start(alice_, "quizzes/practice-all");
  Attempt next_done;
  ASSERT_TRUE(Finish(alice_, next, &next_done).ok());
  quiz::v1::ProgressEvent event;
  ASSERT_TRUE(stream->Read(&event));
  EXPECT_EQ(event.kind(), quiz::v1::ProgressEvent::KIND_FINISHED);
  EXPECT_EQ(event.attempt(), next.name());
  context.TryCancel();
  while (stream->Read(&event)) {
  }
  stream->Finish();
}

// A regraded attempt says so wherever it is returned: GetAttempt (to its
// owner and to staff) and ListAttempts carry each regrade with both results;
// an attempt never regraded carries none.
TEST_F(ProgressTest, RegradedAttemptShowsItsRegrades) {
  Attempt bob = Start(bob_, "quizzes/practice-all");
  Answer(bob_, bob, "group-codes", "choice { option_ids: 'pr' }");
  Answer(bob_, bob, "x-placeholder", "true_false: true");
  Attempt bob_done;
  ASSERT_TRUE(Finish(bob_, bob, &bob_done).ok());
  EXPECT_EQ(bob_done.regrades_size(), 0);
  const int64_t from_version = bob_done.bank_version();

  PushClaimFormFix(/*pass_percent=*/60);
  quiz::v1::RegradeResponse regrade;
  ASSERT_TRUE(Regrade("quizzes/practice-all", &regrade).ok());
  ASSERT_EQ(regrade.attempts_regraded(), 1);

  for (const std::string& reader : {bob_, carol_}) {
    Attempt got;
    grpc::Status status = Get(reader, bob.name(), &got);
    ASSERT_TRUE(status.ok()) << status.error_message();
    ASSERT_EQ(got.regrades_size(), 1);
    const quiz::v1::AttemptRegrade& shown = got.regrades(0);
    EXPECT_EQ(shown.from_version(), from_version);
    EXPECT_EQ(shown.to_version(), got.bank_version());
    EXPECT_GT(shown.to_version(), from_version);
    EXPECT_EQ(shown.regraded_by(), "users/carol");
    EXPECT_GE(shown.regrade_time().seconds(), bob_done.finish_time().seconds());
    EXPECT_TRUE(shown.old_result().passed());
    EXPECT_FALSE(shown.new_result().passed());
    EXPECT_DOUBLE_EQ(shown.old_result().score(), bob_done.result().score());
    EXPECT_DOUBLE_EQ(shown.new_result().percent(), got.result().percent());
  }

  quiz::v1::ListAttemptsRequest request;
  quiz::v1::ListAttemptsResponse listed;
  ASSERT_TRUE(attempts_->ListAttempts(As(bob_).get(), request, &listed).ok());
  ASSERT_EQ(listed.attempts_size(), 1);
  ASSERT_EQ(listed.attempts(0).regrades_size(), 1);
  EXPECT_EQ(listed.attempts(0).regrades(0).regraded_by(), "users/carol");
}

}  // namespace
}  // namespace quizd_test
