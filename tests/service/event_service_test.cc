// EventService over real gRPC and SQLite: each change's event exists
// exactly when the change does, in commit order; ListEvents pages and
// filters; WatchEvents replays, follows, and resumes from a cursor after its
// client is killed without losing or repeating an event while events keep
// being written; the deadline sweeper announces a timed-out attempt that
// nobody reads; each caller sees only what they may.
#include <sqlite3.h>

#include <thread>

#include "harness.h"
#include "question_bank/src/bank_file.h"
#include "quiz/v1/event_service.grpc.pb.h"

namespace quizd_test {
namespace {

using quiz::v1::Event;
using quiz::v1::EventType;

class EventServiceTest : public ServerFixture {
 protected:
  void AddMoreUsers(store::Store& store) const override {
    AddUser(store, "dave", quiz::v1::ROLE_ADMIN);
  }
  // Carol owns testbank but teaches no course until a test enrols her.
  void AddCoursesAndOwners() const override {
    AddTestBankOwner(db_path(), "testbank", "carol");
  }

  void SetUp() override {
    ServerFixture::SetUp();
    events_ = quiz::v1::EventService::NewStub(channel_);
    LoginEveryone();
    dave_ = Login("dave");
  }

  // Requests reach an overdue attempt here before the clock does: it ticks
  // once at start, then not within a test.
  absl::Duration ClockPeriod() const override { return absl::Hours(24); }

  // Every event after `after` that `token` sees through `filter`, page by
  // page (page_size 3, so that paging is exercised).
  std::vector<Event> ListAll(const std::string& token,
                             const quiz::v1::EventFilter& filter = {},
                             int64_t after = 0) {
    std::vector<Event> all;
    quiz::v1::ListEventsRequest request;
    request.set_after_cursor(after);
    request.set_page_size(3);
    *request.mutable_filter() = filter;
    while (true) {
      quiz::v1::ListEventsResponse reply;
      grpc::Status status =
          events_->ListEvents(As(token).get(), request, &reply);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) return all;
      all.insert(all.end(), reply.events().begin(), reply.events().end());
      EXPECT_GE(reply.next_cursor(), request.after_cursor());
      if (!reply.more()) return all;
      request.set_after_cursor(reply.next_cursor());
    }
  }

  static std::vector<EventType> Types(const std::vector<Event>& events) {
    std::vector<EventType> types;
    for (const Event& event : events) types.push_back(event.type());
    return types;
  }

  // Runs `sql` on the server's database through a connection of its own,
  // as another writer would (the courses and assignments of this issue are
  // written by other services).
  void Sql(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(db_path().c_str(), &db), SQLITE_OK);
    sqlite3_busy_timeout(db, 10000);
    char* error = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
    EXPECT_EQ(rc, SQLITE_OK) << sql << ": " << (error ? error : "");
    sqlite3_free(error);
    sqlite3_close(db);
  }

  int64_t SqlInt(const std::string& sql) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open(db_path().c_str(), &db), SQLITE_OK);
    sqlite3_stmt* stmt = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr),
              SQLITE_OK)
        << sql;
    int64_t value = -1;
    if (sqlite3_step(stmt) == SQLITE_ROW) value = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return value;
  }

  // Opens WatchEvents as `token` after `after`; gives up after two minutes
  // so that a missing event fails the test instead of hanging it.
  std::unique_ptr<grpc::ClientReader<Event>> Watch(
      grpc::ClientContext& context, const std::string& token, int64_t after,
      const quiz::v1::EventFilter& filter = {}) {
    context.AddMetadata("authorization", "Bearer " + token);
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::minutes(2));
    quiz::v1::WatchEventsRequest request;
    request.set_after_cursor(after);
    *request.mutable_filter() = filter;
    return events_->WatchEvents(&context, request);
  }

  static void Cancel(grpc::ClientContext& context,
                     grpc::ClientReader<Event>& stream) {
    context.TryCancel();
    Event ignored;
    while (stream.Read(&ignored)) {
    }
    stream.Finish().error_code();
  }

  static quiz::v1::Bank TestBank(const std::string& title) {
    question_bank::ParsedBank parsed = question_bank::ParseBank(kTestBank, "t");
    EXPECT_TRUE(parsed.ok());
    parsed.bank.set_title(title);
    return parsed.bank;
  }

  grpc::Status Push(const std::string& token, const std::string& title) {
    quiz::v1::CreateBankVersionRequest request;
    *request.mutable_bank() = TestBank(title);
    quiz::v1::CreateBankVersionResponse reply;
    return banks_->CreateBankVersion(As(token).get(), request, &reply);
  }

  std::unique_ptr<quiz::v1::EventService::Stub> events_;
  std::string dave_;
};

TEST_F(EventServiceTest, EachChangeAppendsItsEventOnceInCommitOrder) {
  quiz::v1::SubmitResponseResponse reply;
  quiz::v1::Attempt attempt = Start(alice_, "quizzes/practice-all");
  ASSERT_TRUE(Submit(alice_, attempt, "claim-form",
                     "choice { option_ids: 'ub04' }", &reply)
                  .ok());
  ASSERT_TRUE(Submit(alice_, attempt, "group-codes",
                     "choice { option_ids: 'pr' }", &reply)
                  .ok());
  // A refused answer (practice answers are final) and a flag change
  // nothing the log records.
  EXPECT_FALSE(Submit(alice_, attempt, "claim-form",
                      "choice { option_ids: 'cms1500' }", &reply)
                   .ok());
  quiz::v1::FlagItemRequest flag;
  flag.set_attempt(attempt.name());
  flag.set_item_id("seventh-a");
  flag.set_flagged(true);
  quiz::v1::AttemptItem flagged;
  ASSERT_TRUE(attempts_->FlagItem(As(alice_).get(), flag, &flagged).ok());
  quiz::v1::Attempt finished;
  ASSERT_TRUE(Finish(alice_, attempt, &finished).ok());
  ASSERT_TRUE(Finish(alice_, attempt, &finished).ok());  // no second event
  // A start that fails writes no event.
  quiz::v1::StartAttemptRequest bad_start;
  bad_start.set_quiz("quizzes/no-such-quiz");
  quiz::v1::Attempt none;
  EXPECT_FALSE(
      attempts_->StartAttempt(As(alice_).get(), bad_start, &none).ok());
  // A new bank version, an unchanged push (no event), a regrade.
  ASSERT_TRUE(Push(carol_, "Test bank v2").ok());
  ASSERT_TRUE(Push(carol_, "Test bank v2").ok());
  quiz::v1::RegradeRequest regrade;
  regrade.set_quiz("quizzes/practice-all");
  quiz::v1::RegradeResponse regraded;
  grpc::Status status = banks_->Regrade(As(carol_).get(), regrade, &regraded);
  ASSERT_TRUE(status.ok()) << status.error_message();

  const std::vector<Event> events = ListAll(dave_);
  ASSERT_EQ(Types(events),
            (std::vector<EventType>{
                quiz::v1::BANK_VERSION_PUBLISHED,  // loaded at start
                quiz::v1::ATTEMPT_STARTED, quiz::v1::RESPONSE_SUBMITTED,
                quiz::v1::RESPONSE_SUBMITTED, quiz::v1::ATTEMPT_FINISHED,
                quiz::v1::BANK_VERSION_PUBLISHED, quiz::v1::ATTEMPT_REGRADED}));
  for (size_t i = 1; i < events.size(); ++i) {
    EXPECT_GT(events[i].cursor(), events[i - 1].cursor());
    EXPECT_GE(events[i].time().seconds(), events[i - 1].time().seconds());
  }
  EXPECT_EQ(events[0].actor(), "system");
  EXPECT_EQ(events[0].bank(), "banks/testbank");
  EXPECT_EQ(events[0].bank_version(), 1);
  for (int i = 1; i <= 4; ++i) {
    SCOPED_TRACE(events[i].ShortDebugString());
    EXPECT_EQ(events[i].actor(), "users/alice");
    EXPECT_EQ(events[i].user(), "users/alice");
    EXPECT_EQ(events[i].attempt(), attempt.name());
    EXPECT_EQ(events[i].quiz(), "quizzes/practice-all");
    EXPECT_EQ(events[i].bank(), "banks/testbank");
    EXPECT_EQ(events[i].bank_version(), 1);
    EXPECT_EQ(events[i].course(), "");
    EXPECT_EQ(events[i].assignment(), "");
  }
  EXPECT_EQ(events[2].item_id(), "claim-form");
  EXPECT_EQ(events[3].item_id(), "group-codes");
  EXPECT_EQ(events[4].finish_reason(), quiz::v1::FINISH_SUBMITTED);
  EXPECT_DOUBLE_EQ(events[4].percent(), finished.result().percent());
  EXPECT_EQ(events[5].actor(), "users/carol");
  EXPECT_EQ(events[5].bank_version(), 2);
  const Event& regrade_event = events[6];
  EXPECT_EQ(regrade_event.actor(), "users/carol");
  EXPECT_EQ(regrade_event.user(), "users/alice");
  EXPECT_EQ(regrade_event.attempt(), attempt.name());
  EXPECT_EQ(regrade_event.old_bank_version(), 1);
  EXPECT_EQ(regrade_event.bank_version(), 2);
  EXPECT_DOUBLE_EQ(regrade_event.old_percent(), finished.result().percent());
  // The attempt row says why it finished, as its event does.
  EXPECT_EQ(SqlInt("SELECT finish_reason FROM attempts WHERE id = '" +
                   attempt.name().substr(sizeof("attempts/") - 1) + "'"),
            quiz::v1::FINISH_SUBMITTED);
}

TEST_F(EventServiceTest, ListEventsFiltersPagesAndRefusesBadInput) {
  Start(alice_, "quizzes/practice-all");
  quiz::v1::Attempt bobs = Start(bob_, "quizzes/practice-all");
  Start(alice_, "quizzes/practice-all");
  quiz::v1::EventFilter filter;
  filter.set_user("users/bob");
  std::vector<Event> bob_events = ListAll(dave_, filter);
  ASSERT_EQ(bob_events.size(), 1u);
  EXPECT_EQ(bob_events[0].attempt(), bobs.name());
  filter.set_user("alice");  // the bare username is accepted
  filter.add_types(quiz::v1::ATTEMPT_STARTED);
  EXPECT_EQ(ListAll(dave_, filter).size(), 2u);
  quiz::v1::EventFilter banks;
  banks.add_types(quiz::v1::BANK_VERSION_PUBLISHED);
  EXPECT_EQ(ListAll(dave_, banks).size(), 1u);

  // A quiet filter's next_cursor moves past what it skipped, so that
  // polling it reads nothing twice.
  const std::vector<Event> all = ListAll(dave_);
  quiz::v1::ListEventsRequest request;
  request.mutable_filter()->set_course("courses/none-yet");
  quiz::v1::ListEventsResponse reply;
  ASSERT_TRUE(events_->ListEvents(As(dave_).get(), request, &reply).ok());
  EXPECT_EQ(reply.events_size(), 0);
  EXPECT_FALSE(reply.more());
  EXPECT_EQ(reply.next_cursor(), all.back().cursor());

  auto refused = [&](const std::string& text) {
    quiz::v1::ListEventsRequest bad;
    EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &bad));
    quiz::v1::ListEventsResponse ignored;
    return events_->ListEvents(As(dave_).get(), bad, &ignored);
  };
  EXPECT_EQ(refused("after_cursor: -1").error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(refused("page_size: -1").error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(refused("filter { types: 99 }").error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(refused("filter { course: 'courses/a/b' }").error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  grpc::Status unknown = refused("filter { user: 'users/nobody' }");
  EXPECT_EQ(unknown.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_NE(unknown.error_message().find("users/nobody"), std::string::npos);
  EXPECT_EQ(refused("filter { user: 'Not A Name' }").error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(EventServiceTest, EachCallerSeesOnlyWhatTheyMay) {
  quiz::v1::Attempt alices = Start(alice_, "quizzes/practice-all");
  quiz::v1::Attempt bobs = Start(bob_, "quizzes/practice-all");

  // A student: their own attempts' events only (no bank events).
  std::vector<Event> seen = ListAll(alice_);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].attempt(), alices.name());
  quiz::v1::EventFilter bob;
  bob.set_user("users/bob");
  quiz::v1::ListEventsRequest request;
  *request.mutable_filter() = bob;
  quiz::v1::ListEventsResponse reply;
  EXPECT_EQ(events_->ListEvents(As(alice_).get(), request, &reply).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  {
    grpc::ClientContext context;
    auto stream = Watch(context, alice_, 0, bob);
    Event event;
    EXPECT_FALSE(stream->Read(&event));
    EXPECT_EQ(stream->Finish().error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
  }

  // An instructor of no course sees no learner's events.
  EXPECT_TRUE(ListAll(carol_).empty());

  // Carol teaches c1, where alice learns: she sees alice's events, those of
  // c1's assignment attempts, and nothing of bob's.
  Sql("INSERT INTO courses VALUES('c1', 'Coding 1', 'Fall', '', 0, 0, 0);"
      "INSERT INTO course_members SELECT 'c1', id, 2, 1, 0 FROM users"
      " WHERE username = 'carol';"
      "INSERT INTO course_members SELECT 'c1', id, 1, 1, 0 FROM users"
      " WHERE username = 'alice';"
      "INSERT INTO assignments(id, course_id, quiz_id, external_id,"
      " open_time_ms, due_time_ms, close_time_ms, published, assignment,"
      " create_time_ms, update_time_ms) VALUES('a1', 'c1', 'practice-all',"
      " '', 0, 0, 0, 1, X'', 0, 0);"
      "UPDATE attempts SET assignment_id = 'a1' WHERE id = '" +
      bobs.name().substr(sizeof("attempts/") - 1) + "';");
  quiz::v1::SubmitResponseResponse answer;
  ASSERT_TRUE(
      Submit(bob_, bobs, "claim-form", "choice { option_ids: 'ub04' }", &answer)
          .ok());
  seen = ListAll(carol_);
  ASSERT_EQ(Types(seen),
            (std::vector<EventType>{quiz::v1::ATTEMPT_STARTED,
                                    quiz::v1::RESPONSE_SUBMITTED}));
  EXPECT_EQ(seen[0].user(), "users/alice");
  // Bob's answer belongs to c1's assignment: carol sees it as c1's staff.
  EXPECT_EQ(seen[1].user(), "users/bob");
  EXPECT_EQ(seen[1].assignment(), "assignments/a1");
  EXPECT_EQ(seen[1].course(), "courses/c1");
  quiz::v1::EventFilter c1;
  c1.set_course("courses/c1");
  EXPECT_EQ(ListAll(dave_, c1).size(), 1u);

  // Once carol is no longer active staff, she sees none of it.
  Sql("UPDATE course_members SET status = 3 WHERE course_id = 'c1'"
      " AND user_id = (SELECT id FROM users WHERE username = 'carol');");
  EXPECT_TRUE(ListAll(carol_).empty());
  // Admins see everything.
  EXPECT_EQ(ListAll(dave_).size(), 4u);
}

TEST_F(EventServiceTest, AResumedWatcherMissesNothingAndRepeatsNothing) {
  // A writer keeps starting and answering attempts while a watcher is
  // killed twice and resumed from the last cursor it received.
  constexpr int kStarts = 30;
  std::thread writer([&] {
    for (int i = 0; i < kStarts; ++i) {
      const std::string& token = i % 2 == 0 ? alice_ : bob_;
      quiz::v1::Attempt attempt = Start(token, "quizzes/practice-all");
      quiz::v1::SubmitResponseResponse reply;
      EXPECT_TRUE(
          Submit(token, attempt, "x-placeholder", "true_false: true", &reply)
              .ok());
    }
  });
  // The bank loaded at start, then a start and an answer each.
  const size_t total = 1 + 2 * kStarts;
  std::vector<int64_t> received;
  int64_t cursor = 0;
  for (int round = 0; round < 3; ++round) {
    grpc::ClientContext context;
    auto stream = Watch(context, dave_, cursor);
    Event event;
    // The last round reads until every event arrived; the others stop
    // after a few, mid-write.
    const bool last = round == 2;
    for (int n = 0; last ? received.size() < total : n < 15; ++n) {
      const bool read = stream->Read(&event);
      EXPECT_TRUE(read) << "round " << round;
      if (!read) break;  // then the writer is still joined
      received.push_back(event.cursor());
      cursor = event.cursor();
    }
    Cancel(context, *stream);  // the client goes away without a word
  }
  writer.join();
  const std::vector<Event> all = ListAll(dave_);
  ASSERT_EQ(all.size(), total);
  std::vector<int64_t> expected;
  for (const Event& event : all) expected.push_back(event.cursor());
  EXPECT_EQ(received, expected);
}

TEST_F(EventServiceTest, AWatcherGetsNewEventsAsTheyCommit) {
  grpc::ClientContext context;
  quiz::v1::EventFilter mine;
  mine.add_types(quiz::v1::ATTEMPT_STARTED);
  auto stream = Watch(context, alice_, 0, mine);
  stream->WaitForInitialMetadata();
  quiz::v1::Attempt first = Start(alice_, "quizzes/practice-all");
  Event event;
  ASSERT_TRUE(stream->Read(&event));
  EXPECT_EQ(event.attempt(), first.name());
  Start(bob_, "quizzes/practice-all");  // not alice's: skipped
  quiz::v1::Attempt second = Start(alice_, "quizzes/practice-all");
  ASSERT_TRUE(stream->Read(&event));
  EXPECT_EQ(event.attempt(), second.name());
  Cancel(context, *stream);
}

TEST_F(EventServiceTest, AReaderPastTheDeadlineFinishesItAsTimedOut) {
  quiz::v1::Attempt attempt = Start(alice_, "quizzes/timed");
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  quiz::v1::Attempt read;
  ASSERT_TRUE(Get(alice_, attempt.name(), &read).ok());
  ASSERT_EQ(read.state(), quiz::v1::FINISHED);
  quiz::v1::EventFilter finishes;
  finishes.add_types(quiz::v1::ATTEMPT_FINISHED);
  std::vector<Event> events = ListAll(dave_, finishes);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].finish_reason(), quiz::v1::FINISH_TIMED_OUT);
  EXPECT_EQ(events[0].actor(), "system");
  EXPECT_EQ(events[0].user(), "users/alice");
}

TEST_F(EventServiceTest, TheSweeperCatchesUpAtStartAfterDowntime) {
  // The clock ticks at start only: the attempt falls due while the server
  // is down, and the restarted server finishes and announces it.
  quiz::v1::Attempt attempt = Start(alice_, "quizzes/timed");
  server_.reset();
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  StartServer();
  events_ = quiz::v1::EventService::NewStub(channel_);
  dave_ = Login("dave");
  quiz::v1::EventFilter finishes;
  finishes.add_types(quiz::v1::ATTEMPT_FINISHED);
  std::vector<Event> events = ListAll(dave_, finishes);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].attempt(), attempt.name());
  EXPECT_EQ(events[0].finish_reason(), quiz::v1::FINISH_TIMED_OUT);
  EXPECT_EQ(events[0].actor(), "system");
}

// The server's clock ticks every 20 ms here.
class EventSweepTest : public EventServiceTest {
 protected:
  absl::Duration ClockPeriod() const override { return absl::Milliseconds(20); }
};

TEST_F(EventSweepTest, AnAttemptNobodyReadsIsAnnouncedWhenItTimesOut) {
  grpc::ClientContext context;
  quiz::v1::EventFilter finishes;
  finishes.add_types(quiz::v1::ATTEMPT_FINISHED);
  auto stream = Watch(context, dave_, 0, finishes);
  stream->WaitForInitialMetadata();
  quiz::v1::Attempt attempt = Start(alice_, "quizzes/timed");
  // Nobody reads the attempt again: the sweeper finishes it (within the
  // stream's two-minute deadline; no timing is asserted).
  Event event;
  ASSERT_TRUE(stream->Read(&event));
  EXPECT_EQ(event.attempt(), attempt.name());
  EXPECT_EQ(event.finish_reason(), quiz::v1::FINISH_TIMED_OUT);
  EXPECT_EQ(event.actor(), "system");
  EXPECT_EQ(event.user(), "users/alice");
  Cancel(context, *stream);
  EXPECT_EQ(SqlInt("SELECT finish_reason FROM attempts WHERE id = '" +
                   attempt.name().substr(sizeof("attempts/") - 1) + "'"),
            quiz::v1::FINISH_TIMED_OUT);
}

}  // namespace
}  // namespace quizd_test
