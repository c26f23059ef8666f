// GradebookService.ListResults over real gRPC: the rows, paging, "updated
// since" and who may read what. Course rows are written by the test
// (tests/common/course_rows.h); attempts are started and answered through
// AttemptService.
#include <algorithm>
#include <string>
#include <thread>
#include <vector>

#include "harness.h"
#include "question_bank/src/bank_file.h"
#include "quiz/v1/gradebook_service.grpc.pb.h"
#include "quiz/v1/integration_service.grpc.pb.h"
#include "tests/common/course_rows.h"

namespace quizd_test {
namespace {

using quiz::v1::ListResultsRequest;
using quiz::v1::ListResultsResponse;
using quiz::v1::Result;

int64_t Ms(const google::protobuf::Timestamp& ts) {
  return ts.seconds() * 1000 + ts.nanos() / 1000000;
}

google::protobuf::Timestamp Ts(int64_t ms) {
  google::protobuf::Timestamp ts;
  ts.set_seconds(ms / 1000);
  ts.set_nanos(static_cast<int32_t>(ms % 1000) * 1000000);
  return ts;
}

// Course c1: carol teaches it, tina (an instructor account) and sam (a
// student account) assist, alice and bob learn; ivan is an instructor
// elsewhere, dave a student elsewhere.
// Assignment a1 (practice-all, 2 attempts, out of 20, due an hour ago),
// a2 (exam-shuffled, 1 attempt, out of 50). alice finished a1 with one
// answer right of four; bob has a2 open without answers.
class GradebookServiceTest : public ServerFixture {
 protected:
  void AddMoreUsers(store::Store& store) const override {
    AddUser(store, "root", quiz::v1::ROLE_ADMIN);
    AddUser(store, "tina", quiz::v1::ROLE_INSTRUCTOR);
    AddUser(store, "sam", quiz::v1::ROLE_STUDENT);
    AddUser(store, "ivan", quiz::v1::ROLE_INSTRUCTOR);
    AddUser(store, "dave", quiz::v1::ROLE_STUDENT);
  }

  void SetUp() override {
    ServerFixture::SetUp();
    gradebook_ = quiz::v1::GradebookService::NewStub(channel_);
    LoginEveryone();
    rows_ = std::make_unique<CourseRows>(db_path());
    rows_->Course("c1");
    rows_->Course("c2");
    rows_->Names("alice", "Alice Ames", "S-1");
    using quiz::v1::COURSE_ROLE_LEARNER;
    using quiz::v1::MEMBER_STATUS_ACTIVE;
    rows_->Member("c1", "carol", quiz::v1::COURSE_ROLE_INSTRUCTOR,
                  MEMBER_STATUS_ACTIVE);
    rows_->Member("c1", "tina", quiz::v1::COURSE_ROLE_TEACHING_ASSISTANT,
                  MEMBER_STATUS_ACTIVE);
    rows_->Member("c1", "sam", quiz::v1::COURSE_ROLE_TEACHING_ASSISTANT,
                  MEMBER_STATUS_ACTIVE);
    rows_->Member("c1", "alice", COURSE_ROLE_LEARNER, MEMBER_STATUS_ACTIVE);
    rows_->Member("c1", "bob", COURSE_ROLE_LEARNER, MEMBER_STATUS_ACTIVE);
    rows_->Member("c2", "dave", COURSE_ROLE_LEARNER, MEMBER_STATUS_ACTIVE);
    rows_->Member("c2", "ivan", quiz::v1::COURSE_ROLE_INSTRUCTOR,
                  MEMBER_STATUS_ACTIVE);
    const int64_t now = absl::ToUnixMillis(absl::Now());
    quiz::v1::Assignment a1;
    a1.set_name("assignments/a1");
    a1.set_course("courses/c1");
    a1.set_quiz("quizzes/practice-all");
    a1.set_max_attempts(2);
    a1.set_score_maximum(20);
    a1.set_published(true);
    *a1.mutable_due_time() = Ts(now - 3600 * 1000);
    rows_->Assignment(a1, now - 7200 * 1000);
    quiz::v1::Assignment a2 = a1;
    a2.set_name("assignments/a2");
    a2.set_quiz("quizzes/exam-shuffled");
    a2.set_max_attempts(1);
    a2.set_score_maximum(50);
    a2.clear_due_time();
    rows_->Assignment(a2, now - 7200 * 1000);

    quiz::v1::Attempt practice = Start(alice_, "quizzes/practice-all");
    rows_->AttemptFor(practice.name(), "a1");
    quiz::v1::SubmitResponseResponse reply;
    ASSERT_TRUE(Submit(alice_, practice, "claim-form",
                       "choice { option_ids: 'cms1500' }", &reply)
                    .ok());
    ASSERT_TRUE(Finish(alice_, practice, &alices_).ok());
    bobs_ = Start(bob_, "quizzes/exam-shuffled");
    rows_->AttemptFor(bobs_.name(), "a2");
  }

  grpc::Status List(const std::string& token, ListResultsRequest request,
                    ListResultsResponse* reply) {
    return gradebook_->ListResults(As(token).get(), request, reply);
  }

  // Every row of a listing, following page tokens.
  std::vector<Result> ListAll(const std::string& token,
                              ListResultsRequest request) {
    std::vector<Result> all;
    for (int page = 0; page < 100; ++page) {
      ListResultsResponse reply;
      grpc::Status status = List(token, request, &reply);
      EXPECT_TRUE(status.ok()) << status.error_message();
      all.insert(all.end(), reply.results().begin(), reply.results().end());
      if (!status.ok() || reply.next_page_token().empty()) break;
      request.set_page_token(reply.next_page_token());
    }
    return all;
  }

  static ListResultsRequest Of(const std::string& parent,
                               const std::string& user = "") {
    ListResultsRequest request;
    request.set_parent(parent);
    request.set_user(user);
    return request;
  }

  static std::vector<std::string> Keys(const std::vector<Result>& results) {
    std::vector<std::string> keys;
    for (const Result& r : results) {
      keys.push_back(r.user() + " " + r.assignment());
    }
    return keys;
  }

  std::unique_ptr<quiz::v1::GradebookService::Stub> gradebook_;
  std::unique_ptr<CourseRows> rows_;
  quiz::v1::Attempt alices_, bobs_;
};

const std::vector<std::string> kEveryRow = {
    "users/alice assignments/a1", "users/alice assignments/a2",
    "users/bob assignments/a1", "users/bob assignments/a2"};

TEST_F(GradebookServiceTest, InstructorReadsEveryRowOfTheCourse) {
  std::vector<Result> results = ListAll(carol_, Of("courses/c1"));
  ASSERT_EQ(Keys(results), kEveryRow);

  const Result& alice_a1 = results[0];
  EXPECT_EQ(alice_a1.display_name(), "Alice Ames");
  EXPECT_EQ(alice_a1.user_external_id(), "S-1");
  EXPECT_EQ(alice_a1.member_status(), quiz::v1::MEMBER_STATUS_ACTIVE);
  EXPECT_TRUE(alice_a1.has_score());
  const double percent = alices_.result().percent();
  EXPECT_GT(percent, 0);
  EXPECT_DOUBLE_EQ(alice_a1.percent(), percent);
  EXPECT_DOUBLE_EQ(alice_a1.score_given(), percent / 100 * 20);
  EXPECT_DOUBLE_EQ(alice_a1.score_maximum(), 20);
  EXPECT_EQ(alice_a1.counted_attempt(), alices_.name());
  EXPECT_EQ(alice_a1.attempts_used(), 1);
  EXPECT_EQ(alice_a1.attempts_allowed(), 2);
  EXPECT_EQ(alice_a1.activity_progress(), quiz::v1::ACTIVITY_SUBMITTED);
  EXPECT_EQ(alice_a1.grading_progress(), quiz::v1::GRADING_PENDING);
  EXPECT_TRUE(alice_a1.late());  // started after the due time
  EXPECT_TRUE(alice_a1.has_first_start_time());
  EXPECT_TRUE(alice_a1.has_last_finish_time());

  const Result& alice_a2 = results[1];
  EXPECT_FALSE(alice_a2.has_score());
  EXPECT_DOUBLE_EQ(alice_a2.score_maximum(), 50);
  EXPECT_EQ(alice_a2.activity_progress(), quiz::v1::ACTIVITY_NOT_STARTED);
  EXPECT_EQ(alice_a2.grading_progress(), quiz::v1::GRADING_NOT_READY);

  const Result& bob_a2 = results[3];
  EXPECT_EQ(bob_a2.activity_progress(), quiz::v1::ACTIVITY_STARTED);
  EXPECT_EQ(bob_a2.attempts_used(), 1);
  EXPECT_EQ(bob_a2.attempts_allowed(), 1);
  EXPECT_FALSE(bob_a2.late());
}

TEST_F(GradebookServiceTest, OneAssignmentAndOneLearner) {
  EXPECT_EQ(Keys(ListAll(carol_, Of("assignments/a2"))),
            (std::vector<std::string>{"users/alice assignments/a2",
                                      "users/bob assignments/a2"}));
  EXPECT_EQ(Keys(ListAll(carol_, Of("courses/c1", "users/bob"))),
            (std::vector<std::string>{"users/bob assignments/a1",
                                      "users/bob assignments/a2"}));
  EXPECT_EQ(Keys(ListAll(carol_, Of("assignments/a1", "bob"))),
            (std::vector<std::string>{"users/bob assignments/a1"}));
}

TEST_F(GradebookServiceTest, WhoReadsWhat) {
  const std::string root = Login("root");
  const std::string tina = Login("tina");
  const std::string ivan = Login("ivan");
  const std::string dave = Login("dave");
  const std::string sam = Login("sam");
  // Admins, the course's instructor and teaching assistant: every row.
  EXPECT_EQ(Keys(ListAll(root, Of("courses/c1"))), kEveryRow);
  EXPECT_EQ(Keys(ListAll(tina, Of("courses/c1"))), kEveryRow);
  // A learner: their own rows, even unasked.
  EXPECT_EQ(Keys(ListAll(alice_, Of("courses/c1"))),
            (std::vector<std::string>{"users/alice assignments/a1",
                                      "users/alice assignments/a2"}));
  EXPECT_EQ(Keys(ListAll(alice_, Of("assignments/a1", "users/alice"))),
            (std::vector<std::string>{"users/alice assignments/a1"}));
  ListResultsResponse reply;
  grpc::Status status = List(alice_, Of("courses/c1", "users/bob"), &reply);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED)
      << status.error_message();
  EXPECT_EQ(reply.results_size(), 0);
  // Strangers to the course, an instructor of another one included; and
  // an assistant with a student account, whom the access policy does not
  // let act on others.
  for (const std::string* token : {&ivan, &dave, &sam}) {
    ListResultsResponse denied;
    status = List(*token, Of("courses/c1"), &denied);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED)
        << status.error_message();
    EXPECT_EQ(denied.results_size(), 0);
  }
  // A suspended teaching assistant reads nothing.
  rows_->Member("c1", "tina", quiz::v1::COURSE_ROLE_TEACHING_ASSISTANT,
                quiz::v1::MEMBER_STATUS_INACTIVE, 2000);
  status = List(tina, Of("assignments/a1"), &reply);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED)
      << status.error_message();
}

TEST_F(GradebookServiceTest, ApiKeysNeedResultsRead) {
  auto integration = quiz::v1::IntegrationService::NewStub(channel_);
  const std::string root = Login("root");
  quiz::v1::CreateServiceAccountRequest account;
  account.set_username("lms");
  quiz::v1::ServiceAccount created;
  ASSERT_TRUE(
      integration->CreateServiceAccount(As(root).get(), account, &created)
          .ok());
  auto key = [&](quiz::v1::ApiKeyScope scope) {
    quiz::v1::CreateApiKeyRequest request;
    request.set_service_account("users/lms");
    request.add_scopes(scope);
    quiz::v1::CreateApiKeyResponse reply;
    EXPECT_TRUE(
        integration->CreateApiKey(As(root).get(), request, &reply).ok());
    return reply.secret();
  };
  EXPECT_EQ(Keys(ListAll(key(quiz::v1::API_KEY_SCOPE_RESULTS_READ),
                         Of("courses/c1"))),
            kEveryRow);
  ListResultsResponse reply;
  grpc::Status status = List(key(quiz::v1::API_KEY_SCOPE_COURSES_WRITE),
                             Of("courses/c1"), &reply);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED)
      << status.error_message();
}

TEST_F(GradebookServiceTest, PagesAreMacedAndComplete) {
  ListResultsRequest request = Of("courses/c1");
  request.set_page_size(1);
  std::vector<Result> paged = ListAll(carol_, request);
  EXPECT_EQ(Keys(paged), kEveryRow);
  request.set_page_size(3);
  EXPECT_EQ(Keys(ListAll(carol_, request)), kEveryRow);

  ListResultsResponse first;
  ASSERT_TRUE(List(carol_, request, &first).ok());
  ASSERT_FALSE(first.next_page_token().empty());
  // A token of another listing, or a forged one, is refused.
  ListResultsRequest other = Of("assignments/a1");
  other.set_page_token(first.next_page_token());
  ListResultsResponse reply;
  grpc::Status status = List(carol_, other, &reply);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(status.error_message().find("page_token"), std::string::npos);
  request.set_page_token("users/bob\nassignments/a1");
  status = List(carol_, request, &reply);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(GradebookServiceTest, UpdatedSinceReturnsOnlyChangedRows) {
  ListResultsResponse everything;
  ASSERT_TRUE(List(carol_, Of("courses/c1"), &everything).ok());
  ASSERT_TRUE(everything.has_read_time());
  ListResultsRequest since = Of("courses/c1");
  *since.mutable_updated_since() = everything.read_time();
  EXPECT_TRUE(ListAll(carol_, since).empty());
  // Stamps are in milliseconds: step past the read time.
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  quiz::v1::SubmitResponseResponse reply;
  const quiz::v1::AttemptItem& item = bobs_.items(0);
  const std::string answer =
      item.item().has_true_false()
          ? "true_false: true"
          : "choice { option_ids: '" +
                (item.item().has_single_choice()
                     ? item.item().single_choice().options(0).id()
                     : item.item().multiple_choice().options(0).id()) +
                "' }";
  ASSERT_TRUE(Submit(bob_, bobs_, item.item().id(), answer, &reply).ok());
  std::vector<Result> changed = ListAll(carol_, since);
  ASSERT_EQ(Keys(changed),
            (std::vector<std::string>{"users/bob assignments/a2"}));
  EXPECT_EQ(changed[0].activity_progress(), quiz::v1::ACTIVITY_IN_PROGRESS);
  EXPECT_GT(Ms(changed[0].update_time()), Ms(everything.read_time()));
}

// A regrade onto a bank version that moves claim-form's key: alice's row
// takes the new percent, lists the regrade, and counts as updated.
TEST_F(GradebookServiceTest, RegradesUpdateTheRowAndSaySo) {
  ListResultsResponse before;
  ASSERT_TRUE(List(carol_, Of("assignments/a1", "alice"), &before).ok());
  ASSERT_EQ(before.results_size(), 1);
  const double old_percent = before.results(0).percent();
  EXPECT_EQ(before.results(0).regrades_size(), 0);

  question_bank::ParsedBank parsed = question_bank::ParseBank(kTestBank, "t");
  ASSERT_TRUE(parsed.ok());
  for (quiz::v1::Item& item : *parsed.bank.mutable_items()) {
    if (item.id() != "claim-form") continue;
    for (auto& option : *item.mutable_single_choice()->mutable_options()) {
      option.set_correct(option.id() == "ub04");
    }
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  quiz::v1::CreateBankVersionRequest push;
  *push.mutable_bank() = parsed.bank;
  quiz::v1::CreateBankVersionResponse pushed;
  ASSERT_TRUE(banks_->CreateBankVersion(As(carol_).get(), push, &pushed).ok());
  quiz::v1::RegradeRequest regrade;
  regrade.set_quiz("quizzes/practice-all");
  quiz::v1::RegradeResponse regraded;
  grpc::Status status = banks_->Regrade(As(carol_).get(), regrade, &regraded);
  ASSERT_TRUE(status.ok()) << status.error_message();

  ListResultsRequest since = Of("courses/c1");
  *since.mutable_updated_since() = before.read_time();
  std::vector<Result> changed = ListAll(carol_, since);
  ASSERT_EQ(Keys(changed),
            (std::vector<std::string>{"users/alice assignments/a1"}));
  const Result& row = changed[0];
  EXPECT_LT(row.percent(), old_percent);
  EXPECT_DOUBLE_EQ(row.score_given(), row.percent() / 100 * 20);
  ASSERT_EQ(row.regrades_size(), 1);
  const quiz::v1::RegradeNote& note = row.regrades(0);
  EXPECT_EQ(note.attempt(), alices_.name());
  EXPECT_EQ(note.from_bank_version(), 1);
  EXPECT_EQ(note.to_bank_version(), 2);
  EXPECT_DOUBLE_EQ(note.old_percent(), old_percent);
  EXPECT_DOUBLE_EQ(note.new_percent(), row.percent());
  EXPECT_EQ(note.regraded_by(), "users/carol");
  EXPECT_EQ(Ms(row.update_time()), Ms(note.regrade_time()));
}

TEST_F(GradebookServiceTest, ErrorsNameTheField) {
  struct Case {
    ListResultsRequest request;
    grpc::StatusCode code;
    std::string message_part;
  };
  ListResultsRequest bad_time = Of("courses/c1");
  bad_time.mutable_updated_since()->set_seconds(-5);
  ListResultsRequest bad_size = Of("courses/c1");
  bad_size.set_page_size(-1);
  const std::vector<Case> cases = {
      {Of(""), grpc::StatusCode::INVALID_ARGUMENT, "parent"},
      {Of("quizzes/x"), grpc::StatusCode::INVALID_ARGUMENT, "parent"},
      {Of("courses/"), grpc::StatusCode::INVALID_ARGUMENT, "parent"},
      {Of("courses/a/b"), grpc::StatusCode::INVALID_ARGUMENT, "parent"},
      {Of("courses/nope"), grpc::StatusCode::NOT_FOUND, "courses/nope"},
      {Of("assignments/nope"), grpc::StatusCode::NOT_FOUND, "assignments/nope"},
      {Of("courses/c1", "users/nobody"), grpc::StatusCode::NOT_FOUND,
       "users/nobody"},
      {Of("courses/c1", "quizzes/x"), grpc::StatusCode::INVALID_ARGUMENT,
       "user"},
      {bad_time, grpc::StatusCode::INVALID_ARGUMENT, "updated_since"},
      {bad_size, grpc::StatusCode::INVALID_ARGUMENT, "page_size"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.request.ShortDebugString());
    ListResultsResponse reply;
    grpc::Status status = List(carol_, c.request, &reply);
    EXPECT_EQ(status.error_code(), c.code) << status.error_message();
    EXPECT_NE(status.error_message().find(c.message_part), std::string::npos)
        << status.error_message();
  }
}

}  // namespace
}  // namespace quizd_test
