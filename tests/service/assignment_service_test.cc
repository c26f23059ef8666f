// AssignmentService and StartAttempt through assignments, over real gRPC
// on a real SQLite database: windows, attempts, overrides, drafts, release
// policies, assigned-only quizzes, who may act on which course, and the
// events every write appends.
#include <sqlite3.h>

#include <map>
#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "google/protobuf/text_format.h"
#include "harness.h"
#include "key_leak.h"
#include "quiz/v1/assignment_service.grpc.pb.h"
#include "server/service/assignment_terms.h"

namespace quizd_test {
namespace {

using quiz::v1::Assignment;
using quiz::v1::Attempt;

// kTestBank with two quizzes left to their defaults: an exam (assigned-only
// by default) and a practice quiz (open).
std::string AssignmentBank() {
  return std::string(kTestBank) + R"yaml(  - id: assigned-exam
    title: Assigned exam
    mode: QUIZ_MODE_EXAM
    selections: [{item_ids: [claim-form, seventh-a]}]
  - id: assigned-practice
    title: Assigned practice
    mode: QUIZ_MODE_PRACTICE
    selections: [{item_ids: [claim-form, seventh-a]}]
)yaml";
}

void AssignmentSql(const std::string& db_path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_path.c_str(), &db), SQLITE_OK);
  sqlite3_busy_timeout(db, 10000);
  char* error = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  EXPECT_EQ(rc, SQLITE_OK) << (error ? error : "") << " in " << sql;
  sqlite3_free(error);
  sqlite3_close(db);
}

int64_t AssignmentSqlInt(const std::string& db_path, const std::string& sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(db_path.c_str(), &db), SQLITE_OK);
  sqlite3_busy_timeout(db, 10000);
  sqlite3_stmt* stmt = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK)
      << sql;
  int64_t value = -1;
  if (sqlite3_step(stmt) == SQLITE_ROW) value = sqlite3_column_int64(stmt, 0);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return value;
}

// Course c1: alice and bob learners, carol instructor, tina teaching
// assistant. dave (instructor) and erin (student) are in no course. Course
// old is archived, with alice a learner; course c2 has alice inactive.
// (Courses are the courses helper's; these rows stand in for its RPCs.)
class AssignmentTest : public ServerFixture {
 protected:
  std::string BankYaml() const override { return AssignmentBank(); }
  absl::Duration ClockPeriod() const override { return absl::Hours(24); }
  void AddMoreUsers(store::Store& store) const override {
    AddUser(store, "dave", quiz::v1::ROLE_INSTRUCTOR);
    AddUser(store, "erin", quiz::v1::ROLE_STUDENT);
    AddUser(store, "tina", quiz::v1::ROLE_INSTRUCTOR);
    AssignmentSql(db_path(), R"sql(
      INSERT INTO courses VALUES('c1', 'Course one', '2027', '', 0, 0, 0);
      INSERT INTO courses VALUES('old', 'Old course', '2020', '', 1, 0, 0);
      INSERT INTO courses VALUES('c2', 'Course two', '2027', '', 0, 0, 0);
      INSERT INTO course_members SELECT 'c1', id, 1, 1, 0 FROM users
        WHERE username IN ('alice', 'bob');
      INSERT INTO course_members SELECT 'c1', id, 2, 1, 0 FROM users
        WHERE username = 'carol';
      INSERT INTO course_members SELECT 'c1', id, 3, 1, 0 FROM users
        WHERE username = 'tina';
      INSERT INTO course_members SELECT 'old', id, 1, 1, 0 FROM users
        WHERE username = 'alice';
      INSERT INTO course_members SELECT 'c2', id, 1, 2, 0 FROM users
        WHERE username = 'alice';
    )sql");
  }

  void SetUp() override {
    ServerFixture::SetUp();
    LoginEveryone();
    assignments_ = quiz::v1::AssignmentService::NewStub(channel_);
  }

  // Creates an assignment from `text` (an Assignment in text format) as
  // `token`.
  grpc::Status Create(const std::string& token, const std::string& text,
                      Assignment* created) {
    quiz::v1::CreateAssignmentRequest request;
    EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(
        text, request.mutable_assignment()))
        << text;
    return assignments_->CreateAssignment(As(token).get(), request, created);
  }

  // Creates a published assignment of `quiz` in c1 as carol with `extra`
  // fields (text format); fails the test when refused.
  Assignment Assign(const std::string& quiz, const std::string& extra = "") {
    Assignment created;
    grpc::Status status = Create(carol_,
                                 "course: 'courses/c1' quiz: 'quizzes/" + quiz +
                                     "' published: true " + extra,
                                 &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return created;
  }

  grpc::Status StartFor(const std::string& token, const Assignment& assignment,
                        Attempt* attempt) {
    quiz::v1::StartAttemptRequest request;
    request.set_assignment(assignment.name());
    return attempts_->StartAttempt(As(token).get(), request, attempt);
  }

  // A login token of `name`, made once.
  std::string Token(const std::string& name) {
    std::string& token = tokens_[name];
    if (token.empty()) token = Login(name);
    return token;
  }

  static std::string Seconds(int64_t s) {
    return "{ seconds: " + std::to_string(s) + " }";
  }
  static int64_t Now() { return absl::ToUnixSeconds(absl::Now()); }

  std::unique_ptr<quiz::v1::AssignmentService::Stub> assignments_;
  std::map<std::string, std::string> tokens_;
};

TEST_F(AssignmentTest, StartsEarlyLateAndTwiceAreRefusedPlainly) {
  const int64_t opens = Now() + 86400;
  Assignment early = Assign("assigned-exam", "open_time " + Seconds(opens));
  Attempt attempt;
  grpc::Status status = StartFor(alice_, early, &attempt);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(status.error_message(),
            early.name() + " opens " + service::PlainTime(opens * 1000));

  const int64_t closed = Now() - 3600;
  Assignment late =
      Assign("assigned-exam", "open_time " + Seconds(closed - 3600) +
                                  " close_time " + Seconds(closed));
  status = StartFor(alice_, late, &attempt);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(status.error_message(),
            late.name() + " closed " + service::PlainTime(closed * 1000));

  Assignment once = Assign("assigned-exam", "max_attempts: 1");
  ASSERT_TRUE(StartFor(alice_, once, &attempt).ok());
  EXPECT_EQ(attempt.assignment(), once.name());
  EXPECT_EQ(attempt.quiz(), "quizzes/assigned-exam");
  Attempt finished;
  ASSERT_TRUE(Finish(alice_, attempt, &finished).ok());
  Attempt again;
  status = StartFor(alice_, once, &again);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(status.error_message(), once.name() + ": 1 of 1 attempts used");
  // Bob's attempts are his own.
  EXPECT_TRUE(StartFor(bob_, once, &again).ok());
  // The quiz named with the assignment must be its quiz.
  quiz::v1::StartAttemptRequest wrong;
  wrong.set_assignment(Assign("assigned-exam").name());
  wrong.set_quiz("quizzes/practice-all");
  status = attempts_->StartAttempt(As(bob_).get(), wrong, &again);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(AssignmentTest, ExamsAreAssignedOnlyByDefaultAndPracticeIsOpen) {
  quiz::v1::StartAttemptRequest request;
  request.set_quiz("quizzes/assigned-exam");
  Attempt attempt;
  grpc::Status status =
      attempts_->StartAttempt(As(Token("erin")).get(), request, &attempt);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(status.error_message().find(
                "quizzes/assigned-exam is taken through an assignment"),
            std::string::npos)
      << status.error_message();
  // Self-study stays open for practice and for exams marked open.
  Start(Token("erin"), "assigned-practice");
  Start(Token("erin"), "exam-shuffled");
  // A student outside the course cannot start it through the assignment.
  Assignment exam = Assign("assigned-exam");
  status = StartFor(Token("erin"), exam, &attempt);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(AssignmentTest, OverridesGiveExtraTimeAndAttempts) {
  Assignment exam =
      Assign("assigned-exam", "max_attempts: 1 time_limit_seconds: 600");
  quiz::v1::SetOverrideRequest set;
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(
      "override { assignment: '" + exam.name() +
          "' user: 'users/alice' time_limit_factor: 1.5 extra_minutes: 5"
          " extra_attempts: 1 }",
      &set));
  quiz::v1::AssignmentOverride stored;
  grpc::Status status =
      assignments_->SetOverride(As(carol_).get(), set, &stored);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(stored.user(), "users/alice");

  Attempt alices, bobs;
  ASSERT_TRUE(StartFor(alice_, exam, &alices).ok());
  ASSERT_TRUE(StartFor(bob_, exam, &bobs).ok());
  EXPECT_EQ(alices.deadline().seconds() - alices.start_time().seconds(),
            600 * 3 / 2 + 5 * 60);
  EXPECT_EQ(bobs.deadline().seconds() - bobs.start_time().seconds(), 600);
  Attempt second;
  EXPECT_TRUE(StartFor(alice_, exam, &second).ok());
  status = StartFor(alice_, exam, &second);
  EXPECT_EQ(status.error_message(), exam.name() + ": 2 of 2 attempts used");
  status = StartFor(bob_, exam, &second);
  EXPECT_EQ(status.error_message(), exam.name() + ": 1 of 1 attempts used");

  // Only learners of the course get overrides; the values are checked.
  set.mutable_override()->set_user("users/erin");
  EXPECT_EQ(
      assignments_->SetOverride(As(carol_).get(), set, &stored).error_code(),
      grpc::StatusCode::NOT_FOUND);
  set.mutable_override()->set_user("users/bob");
  set.mutable_override()->set_time_limit_factor(0.5);
  status = assignments_->SetOverride(As(carol_).get(), set, &stored);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(status.error_message().find("override.time_limit_factor"),
            std::string::npos);

  quiz::v1::ListOverridesRequest list;
  list.set_assignment(exam.name());
  quiz::v1::ListOverridesResponse listed;
  ASSERT_TRUE(
      assignments_->ListOverrides(As(carol_).get(), list, &listed).ok());
  ASSERT_EQ(listed.overrides_size(), 1);
  EXPECT_EQ(listed.overrides(0).extra_attempts(), 1);
  quiz::v1::DeleteOverrideRequest remove;
  remove.set_assignment(exam.name());
  remove.set_user("users/alice");
  quiz::v1::DeleteOverrideResponse removed;
  EXPECT_TRUE(
      assignments_->DeleteOverride(As(carol_).get(), remove, &removed).ok());
  EXPECT_EQ(assignments_->DeleteOverride(As(carol_).get(), remove, &removed)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(AssignmentTest, DraftsAreInvisibleToLearnersUntilPublished) {
  Assignment draft;
  ASSERT_TRUE(Create(carol_,
                     "course: 'courses/c1' quiz: 'quizzes/assigned-exam'"
                     " title: 'Midterm'",
                     &draft)
                  .ok());
  EXPECT_FALSE(draft.published());
  EXPECT_EQ(draft.score_maximum(), 100);
  quiz::v1::GetAssignmentRequest get;
  get.set_name(draft.name());
  Assignment seen;
  EXPECT_EQ(
      assignments_->GetAssignment(As(alice_).get(), get, &seen).error_code(),
      grpc::StatusCode::NOT_FOUND);
  Attempt attempt;
  EXPECT_EQ(StartFor(alice_, draft, &attempt).error_code(),
            grpc::StatusCode::NOT_FOUND);
  quiz::v1::ListAssignmentsRequest list;
  list.set_course("courses/c1");
  quiz::v1::ListAssignmentsResponse listed;
  ASSERT_TRUE(
      assignments_->ListAssignments(As(alice_).get(), list, &listed).ok());
  EXPECT_EQ(listed.assignments_size(), 0);
  ASSERT_TRUE(
      assignments_->ListAssignments(As(Token("tina")).get(), list, &listed)
          .ok());
  EXPECT_EQ(listed.assignments_size(), 1);

  quiz::v1::UpdateAssignmentRequest publish;
  publish.mutable_assignment()->set_name(draft.name());
  publish.mutable_assignment()->set_published(true);
  publish.add_update_mask("published");
  Assignment published;
  ASSERT_TRUE(
      assignments_->UpdateAssignment(As(carol_).get(), publish, &published)
          .ok());
  EXPECT_TRUE(published.published());
  EXPECT_EQ(published.title(), "Midterm");
  EXPECT_TRUE(assignments_->GetAssignment(As(alice_).get(), get, &seen).ok());
  EXPECT_TRUE(StartFor(alice_, published, &attempt).ok());

  // Deleted: gone from listings, no new attempt, the attempt stays.
  quiz::v1::DeleteAssignmentRequest remove;
  remove.set_name(draft.name());
  quiz::v1::DeleteAssignmentResponse removed;
  ASSERT_TRUE(
      assignments_->DeleteAssignment(As(carol_).get(), remove, &removed).ok());
  EXPECT_GT(removed.delete_time().seconds(), 0);
  listed.Clear();
  ASSERT_TRUE(
      assignments_->ListAssignments(As(carol_).get(), list, &listed).ok());
  EXPECT_EQ(listed.assignments_size(), 0);
  Attempt after;
  EXPECT_EQ(StartFor(alice_, published, &after).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(Get(alice_, attempt.name(), &after).ok());
}

TEST_F(AssignmentTest, ValuesAreCheckedNamingTheField) {
  const int64_t now = Now();
  struct Case {
    std::string text;
    std::string field;
  } cases[] = {
      {"open_time " + Seconds(now) + " due_time " + Seconds(now - 60),
       "assignment.due_time"},
      {"due_time " + Seconds(now + 60) + " close_time " + Seconds(now),
       "assignment.close_time"},
      {"max_attempts: -1", "assignment.max_attempts"},
      {"time_limit_seconds: -5", "assignment.time_limit_seconds"},
      {"score_maximum: -1", "assignment.score_maximum"},
  };
  for (const Case& c : cases) {
    Assignment created;
    grpc::Status status = Create(
        carol_, "course: 'courses/c1' quiz: 'quizzes/assigned-exam' " + c.text,
        &created);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << c.text;
    EXPECT_EQ(status.error_message().rfind(c.field, 0), 0u)
        << status.error_message();
  }
  Assignment created;
  grpc::Status status =
      Create(carol_, "course: 'courses/c1' quiz: 'quizzes/nope'", &created);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message().rfind("assignment.quiz", 0), 0u);
  // Nothing was created, so no event either.
  EXPECT_EQ(AssignmentSqlInt(db_path(), "SELECT COUNT(*) FROM assignments"), 0);
  EXPECT_EQ(
      AssignmentSqlInt(db_path(), "SELECT COUNT(*) FROM events WHERE type = 6"),
      0);  // ASSIGNMENT_CHANGED
}

TEST_F(AssignmentTest, OnlyTheCoursesInstructorsChangeItsAssignments) {
  Assignment created;
  const std::string text = "course: 'courses/c1' quiz: 'quizzes/assigned-exam'";
  EXPECT_EQ(Create(Token("tina"), text, &created).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);  // a teaching assistant
  EXPECT_EQ(Create(Token("dave"), text, &created).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);  // not of this course
  EXPECT_EQ(Create(alice_, text, &created).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);  // a student
  EXPECT_EQ(Create(carol_,
                   "course: 'courses/old' quiz: "
                   "'quizzes/assigned-exam'",
                   &created)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);  // carol is not in it
  Assignment exam = Assign("assigned-exam");
  quiz::v1::GetAssignmentRequest get;
  get.set_name(exam.name());
  Assignment seen;
  EXPECT_TRUE(
      assignments_->GetAssignment(As(Token("tina")).get(), get, &seen).ok());
  EXPECT_EQ(assignments_->GetAssignment(As(Token("dave")).get(), get, &seen)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(assignments_->GetAssignment(As(Token("erin")).get(), get, &seen)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
  quiz::v1::DeleteAssignmentRequest remove;
  remove.set_name(exam.name());
  quiz::v1::DeleteAssignmentResponse removed;
  EXPECT_EQ(
      assignments_->DeleteAssignment(As(Token("tina")).get(), remove, &removed)
          .error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  // One ASSIGNMENT_CHANGED event per write that happened: the create.
  EXPECT_EQ(
      AssignmentSqlInt(db_path(), "SELECT COUNT(*) FROM events WHERE type = 6"),
      1);
  quiz::v1::UpdateAssignmentRequest update;
  update.mutable_assignment()->set_name(exam.name());
  update.mutable_assignment()->set_max_attempts(3);
  update.add_update_mask("max_attempts");
  ASSERT_TRUE(
      assignments_->UpdateAssignment(As(carol_).get(), update, &seen).ok());
  EXPECT_EQ(seen.max_attempts(), 3);
  EXPECT_EQ(AssignmentSqlInt(db_path(),
                             "SELECT COUNT(*) FROM events WHERE type = 6"
                             " AND course_id = 'c1'"),
            2);
}

TEST_F(AssignmentTest, InactiveLearnersAndArchivedCoursesCannotStart) {
  // Stored directly (the archived course refuses new assignments); the
  // blob is an Assignment with published: true.
  AssignmentSql(db_path(), R"sql(
    INSERT INTO assignments(id, course_id, quiz_id, external_id, open_time_ms,
      due_time_ms, close_time_ms, published, assignment, create_time_ms,
      update_time_ms) VALUES('inold', 'old', 'assigned-exam', '', 0, 0, 0, 1,
      X'6001', 0, 0);
    INSERT INTO assignments(id, course_id, quiz_id, external_id, open_time_ms,
      due_time_ms, close_time_ms, published, assignment, create_time_ms,
      update_time_ms) VALUES('inc2', 'c2', 'assigned-exam', '', 0, 0, 0, 1,
      X'6001', 0, 0);
  )sql");
  Assignment in_old, in_c2;
  in_old.set_name("assignments/inold");
  in_c2.set_name("assignments/inc2");
  Attempt attempt;
  grpc::Status status = StartFor(alice_, in_old, &attempt);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(status.error_message(), "courses/old is archived");
  status = StartFor(alice_, in_c2, &attempt);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(status.error_message().find("not an active learner of courses/c2"),
            std::string::npos);
}

// Keys, feedback and rationales reach the learner only when the release
// policy allows, through every attempt RPC.
TEST_F(AssignmentTest, ReleasePoliciesNeverLeakEarly) {
  struct Case {
    std::string release;
    bool shown_at_finish;
  } cases[] = {{"RELEASE_NEVER", false},
               {"RELEASE_AFTER_DUE due_time " + Seconds(Now() + 86400), false},
               {"RELEASE_AFTER_EACH_ATTEMPT", true}};
  for (const Case& c : cases) {
    SCOPED_TRACE(c.release);
    Assignment exam = Assign("assigned-exam", "release_policy: " + c.release);
    Attempt attempt;
    ASSERT_TRUE(StartFor(alice_, exam, &attempt).ok());
    EXPECT_TRUE(KeyLeaks(attempt).empty());
    quiz::v1::SubmitResponseResponse reply;
    ASSERT_TRUE(Submit(alice_, attempt, "claim-form",
                       "choice { option_ids: 'cms1500' }", &reply)
                    .ok());
    EXPECT_TRUE(KeyLeaks(reply).empty());
    Attempt finished;
    ASSERT_TRUE(Finish(alice_, attempt, &finished).ok());
    EXPECT_EQ(finished.result().correct(), 1);  // scores are always shown
    Attempt read;
    ASSERT_TRUE(Get(alice_, attempt.name(), &read).ok());
    quiz::v1::ListAttemptsRequest list;
    quiz::v1::ListAttemptsResponse listed;
    ASSERT_TRUE(attempts_->ListAttempts(As(alice_).get(), list, &listed).ok());
    EXPECT_TRUE(KeyLeaks(listed).empty());
    if (c.shown_at_finish) {
      EXPECT_FALSE(KeyLeaks(finished).empty());
      EXPECT_FALSE(KeyLeaks(read).empty());
    } else {
      EXPECT_TRUE(KeyLeaks(finished).empty()) << KeyLeaks(finished).front();
      EXPECT_TRUE(KeyLeaks(read).empty()) << KeyLeaks(read).front();
      // Staff see the keys of a finished attempt.
      Attempt staff;
      ASSERT_TRUE(Get(carol_, attempt.name(), &staff).ok());
      EXPECT_FALSE(KeyLeaks(staff).empty());
    }
  }
  // Review never offers an item whose key was not released: alice's only
  // answer with a released key is the AFTER_EACH_ATTEMPT one.
  quiz::v1::ListDueReviewsRequest due;
  quiz::v1::ListDueReviewsResponse reviews;
  ASSERT_TRUE(progress_->ListDueReviews(As(alice_).get(), due, &reviews).ok());
  EXPECT_TRUE(KeyLeaks(reviews).empty());
}

TEST_F(AssignmentTest, PracticeRevealsPerAnswerOnlyWhenReleasedImmediately) {
  Assignment immediate =
      Assign("assigned-practice", "release_policy: RELEASE_IMMEDIATELY");
  Assignment held =
      Assign("assigned-practice", "release_policy: RELEASE_AFTER_EACH_ATTEMPT");
  Attempt open, closed;
  ASSERT_TRUE(StartFor(alice_, immediate, &open).ok());
  ASSERT_TRUE(StartFor(alice_, held, &closed).ok());
  quiz::v1::SubmitResponseResponse reply;
  ASSERT_TRUE(Submit(alice_, open, "claim-form",
                     "choice { option_ids: 'cms1500' }", &reply)
                  .ok());
  EXPECT_TRUE(reply.item().has_outcome());
  ASSERT_TRUE(Submit(alice_, closed, "claim-form",
                     "choice { option_ids: 'cms1500' }", &reply)
                  .ok());
  EXPECT_TRUE(KeyLeaks(reply).empty());
  Attempt read;
  ASSERT_TRUE(Get(alice_, closed.name(), &read).ok());
  EXPECT_TRUE(KeyLeaks(read).empty());
}

TEST_F(AssignmentTest, ReopenedAttemptsRunAgainUntilTheirNewDeadline) {
  Assignment exam = Assign("assigned-exam", "max_attempts: 1");
  Attempt attempt, finished;
  ASSERT_TRUE(StartFor(alice_, exam, &attempt).ok());
  ASSERT_TRUE(Finish(alice_, attempt, &finished).ok());
  quiz::v1::ReopenAttemptRequest reopen;
  reopen.set_attempt(attempt.name());
  reopen.set_extra_minutes(30);
  Attempt reopened;
  EXPECT_EQ(
      assignments_->ReopenAttempt(As(Token("tina")).get(), reopen, &reopened)
          .error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  grpc::Status status =
      assignments_->ReopenAttempt(As(carol_).get(), reopen, &reopened);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(reopened.state(), quiz::v1::IN_PROGRESS);
  Attempt read;
  ASSERT_TRUE(Get(alice_, attempt.name(), &read).ok());
  EXPECT_EQ(read.state(), quiz::v1::IN_PROGRESS);
  EXPECT_NEAR(read.deadline().seconds() - Now(), 30 * 60, 120);
  quiz::v1::SubmitResponseResponse reply;
  EXPECT_TRUE(
      Submit(alice_, attempt, "seventh-a", "choice { option_ids: 'a' }", &reply)
          .ok());
  // Reopening did not count as another attempt, nor does a finished one
  // reopen twice while it runs.
  EXPECT_EQ(assignments_->ReopenAttempt(As(carol_).get(), reopen, &reopened)
                .error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

// The server's clock finishes an attempt at its assignment's close time,
// with nobody reading it.
class AssignmentCloseTest : public AssignmentTest {
 protected:
  absl::Duration ClockPeriod() const override { return absl::Milliseconds(20); }
};

TEST_F(AssignmentCloseTest, TheCloseTimeFinishesAnAttemptUnread) {
  const int64_t close_ms = absl::ToUnixMillis(absl::Now()) + 2000;
  Assignment exam =
      Assign("assigned-exam",
             "close_time { seconds: " + std::to_string(close_ms / 1000) +
                 " nanos: " + std::to_string(close_ms % 1000 * 1000000) +
                 " } time_limit_seconds: 3600");
  grpc::ClientContext context;
  auto stream = Watch(context, alice_);
  Attempt attempt;
  ASSERT_TRUE(StartFor(alice_, exam, &attempt).ok());
  EXPECT_EQ(attempt.deadline().seconds(), close_ms / 1000);
  quiz::v1::ProgressEvent event;
  ASSERT_TRUE(stream->Read(&event));
  EXPECT_EQ(event.kind(), quiz::v1::ProgressEvent::KIND_FINISHED);
  EXPECT_EQ(event.attempt(), attempt.name());
  EXPECT_TRUE(event.result().timed_out());
  EXPECT_EQ(
      AssignmentSqlInt(db_path(), "SELECT state FROM attempts WHERE id = '" +
                                      attempt.name().substr(9) + "'"),
      quiz::v1::FINISHED);
}

}  // namespace
}  // namespace quizd_test
