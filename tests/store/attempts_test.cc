#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/store/store_test_util.h"

namespace store {
namespace {

using ::store::testing::AwaitStatus;
using ::store::testing::StoreTest;
using Strings = std::vector<std::string>;

using AttemptsTest = StoreTest;

std::vector<std::string> Ids(const std::vector<AttemptRecord>& attempts) {
  std::vector<std::string> ids;
  for (const AttemptRecord& a : attempts) ids.push_back(a.id);
  return ids;
}

absl::Status Create(Store& store, const AttemptRecord& attempt) {
  return AwaitStatus([&](DoneStatus done) {
    store.CreateAttempt(attempt, RequestKey{}, "", std::move(done));
  });
}

TEST_F(AttemptsTest, CreateThenGetReturnsEveryField) {
  int64_t user = AddUser("ana");
  AddBank("b1", 3);
  AttemptRecord attempt;
  attempt.id = "a-1";
  attempt.user_id = user;
  attempt.quiz_id = "cpc-practice";
  attempt.bank_id = "b1";
  attempt.bank_version = 1;
  attempt.seed = 0xfedcba9876543210ULL;  // above INT64_MAX
  attempt.start_time_ms = 1'700'000'000'000;
  attempt.deadline_ms = 1'700'000'600'000;
  attempt.item_ids = {"i3", "i1", "i2"};
  ASSERT_TRUE(Create(*store_, attempt).ok());

  absl::StatusOr<AttemptRecord> got = store_->GetAttempt("a-1");
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->user_id, user);
  EXPECT_EQ(got->quiz_id, "cpc-practice");
  EXPECT_EQ(got->bank_id, "b1");
  EXPECT_EQ(got->bank_version, 1);
  EXPECT_EQ(got->seed, 0xfedcba9876543210ULL);
  EXPECT_EQ(got->state, quiz::v1::IN_PROGRESS);
  EXPECT_EQ(got->start_time_ms, 1'700'000'000'000);
  EXPECT_EQ(got->deadline_ms, 1'700'000'600'000);
  EXPECT_EQ(got->finish_time_ms, 0);
  EXPECT_EQ(got->item_ids, (Strings{"i3", "i1", "i2"}));
  EXPECT_EQ(got->result.ByteSizeLong(), 0u);
}

TEST_F(AttemptsTest, SoleOpenAttemptRefusesASecondOpenOneOfTheSameQuiz) {
  const int64_t ana = AddUser("ana");
  const int64_t ben = AddUser("ben");
  AddBank("b1", 1);
  auto attempt = [&](const std::string& id, int64_t user,
                     const std::string& quiz, int64_t start, int64_t deadline) {
    AttemptRecord record;
    record.id = id;
    record.user_id = user;
    record.quiz_id = quiz;
    record.bank_id = "b1";
    record.bank_version = 1;
    record.start_time_ms = start;
    record.deadline_ms = deadline;
    record.item_ids = {"i1"};
    return record;
  };
  auto create_sole = [&](const AttemptRecord& record) {
    return AwaitStatus([&](DoneStatus done) {
      store_->CreateSoleOpenAttempt(record, RequestKey{}, "", std::move(done));
    });
  };
  ASSERT_TRUE(create_sole(attempt("a-1", ana, "exam", 1000, 0)).ok());
  absl::Status second = create_sole(attempt("a-2", ana, "exam", 2000, 0));
  EXPECT_EQ(second.code(), absl::StatusCode::kFailedPrecondition) << second;
  EXPECT_NE(second.message().find("attempts/a-1"), absl::string_view::npos)
      << second;
  EXPECT_EQ(store_->GetAttempt("a-2").status().code(),
            absl::StatusCode::kNotFound);
  // Another user, or another quiz, is not affected.
  EXPECT_TRUE(create_sole(attempt("a-3", ben, "exam", 2000, 0)).ok());
  EXPECT_TRUE(create_sole(attempt("a-4", ana, "drill", 2000, 0)).ok());
  // An open attempt past its deadline does not count.
  EXPECT_TRUE(create_sole(attempt("t-1", ana, "timed", 1000, 1500)).ok());
  EXPECT_TRUE(create_sole(attempt("t-2", ana, "timed", 2000, 9000)).ok());
}

TEST_F(AttemptsTest, MissingAttemptIsNotFound) {
  absl::StatusOr<AttemptRecord> got = store_->GetAttempt("abc");
  EXPECT_EQ(got.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(got.status().message(), "attempt abc not found");
}

TEST_F(AttemptsTest, DuplicateIdIsAlreadyExists) {
  int64_t user = AddUser("ana");
  AttemptRecord attempt = AddAttempt("a", user, 10);
  absl::Status again = Create(*store_, attempt);
  EXPECT_EQ(again.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(again.message(), "attempt a already exists");
}

TEST_F(AttemptsTest, UnknownUserOrBankVersionIsNotFound) {
  int64_t user = AddUser("ana");
  AttemptRecord attempt = AddAttempt("a", user, 10);
  attempt.id = "b";
  attempt.bank_version = 7;
  absl::Status status = Create(*store_, attempt);
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(status.message(), "bank b1 version 7 not found");
  attempt.bank_version = 1;
  attempt.user_id = 999;
  EXPECT_EQ(Create(*store_, attempt).code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->GetAttempt("b").status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(AttemptsTest, InvalidItemIdsAreRefused) {
  int64_t user = AddUser("ana");
  AttemptRecord attempt = AddAttempt("a", user, 10);
  attempt.id = "b";
  attempt.item_ids = {"i1", "bad\nid"};
  EXPECT_EQ(Create(*store_, attempt).code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(AttemptsTest, ListIsNewestFirstPerUserOrAll) {
  int64_t ana = AddUser("ana");
  int64_t ben = AddUser("ben");
  AddAttempt("a-old", ana, 100);
  AddAttempt("b-mid", ben, 200);
  AddAttempt("a-new", ana, 300);

  absl::StatusOr<std::vector<AttemptRecord>> mine =
      store_->ListAttempts(ana, "", 10);
  ASSERT_TRUE(mine.ok()) << mine.status();
  EXPECT_EQ(Ids(*mine), (Strings{"a-new", "a-old"}));
  EXPECT_EQ(Ids(*store_->ListAttempts(0, "", 10)),
            (Strings{"a-new", "b-mid", "a-old"}));
  EXPECT_TRUE(store_->ListAttempts(12345, "", 10)->empty());
}

TEST_F(AttemptsTest, CursorPagesThroughTiesWithoutGapsOrRepeats) {
  int64_t ana = AddUser("ana");
  // Equal start times are ordered by id, descending.
  for (const char* id : {"p", "q", "r", "s", "t"}) AddAttempt(id, ana, 500);
  AddAttempt("older", ana, 400);
  AddAttempt("newer", ana, 600);

  std::vector<std::string> seen;
  std::string cursor;
  int pages = 0;
  while (true) {
    absl::StatusOr<std::vector<AttemptRecord>> page =
        store_->ListAttempts(ana, cursor, 3);
    ASSERT_TRUE(page.ok()) << page.status();
    if (page->empty()) break;
    ++pages;
    for (const AttemptRecord& a : *page) seen.push_back(a.id);
    cursor = page->back().id;
  }
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen, (Strings{"newer", "t", "s", "r", "q", "p", "older"}));
  EXPECT_EQ(Ids(*store_->ListAttempts(0, "r", 2)), (Strings{"q", "p"}));
}

TEST_F(AttemptsTest, ListRejectsUnknownCursorAndBadLimit) {
  absl::StatusOr<std::vector<AttemptRecord>> page =
      store_->ListAttempts(0, "gone", 10);
  EXPECT_EQ(page.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(page.status().message(), "attempt gone not found");
  EXPECT_EQ(store_->ListAttempts(0, "", 0).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(AttemptsTest, InProgressListsOneUsersOpenAttemptsOldestFirst) {
  int64_t ana = AddUser("ana");
  int64_t ben = AddUser("ben");
  AddAttempt("a-timed", ana, 200, /*deadline_ms=*/300);
  AddAttempt("a-open", ana, 100);
  AddAttempt("a-done", ana, 150);
  AddAttempt("b-open", ben, 100);
  ASSERT_TRUE(Finish("a-done", 160).ok());

  absl::StatusOr<std::vector<AttemptRecord>> open =
      store_->ListAttemptsInProgress(ana);
  ASSERT_TRUE(open.ok()) << open.status();
  // Past its deadline but not yet finished still counts as in progress.
  EXPECT_EQ(Ids(*open), (Strings{"a-open", "a-timed"}));
  EXPECT_EQ((*open)[0].item_ids, (Strings{"i1", "i2", "i3"}));
  EXPECT_EQ(Ids(*store_->ListAttemptsInProgress(ben)), (Strings{"b-open"}));
  EXPECT_TRUE(store_->ListAttemptsInProgress(12345)->empty());
}

TEST_F(AttemptsTest, OverdueListsTimedOpenAttemptsPastTheirDeadline) {
  int64_t ana = AddUser("ana");
  int64_t ben = AddUser("ben");
  AddAttempt("untimed", ana, 100);
  AddAttempt("late", ana, 100, /*deadline_ms=*/2000);
  AddAttempt("later", ben, 100, /*deadline_ms=*/3000);
  AddAttempt("earliest", ben, 100, /*deadline_ms=*/1000);
  AddAttempt("on-time", ana, 100, /*deadline_ms=*/5000);
  AddAttempt("finished", ana, 100, /*deadline_ms=*/500);
  ASSERT_TRUE(Finish("finished", 400).ok());

  absl::StatusOr<std::vector<AttemptRecord>> overdue =
      store_->ListOverdueAttempts(/*now_ms=*/4000, 10);
  ASSERT_TRUE(overdue.ok()) << overdue.status();
  EXPECT_EQ(Ids(*overdue), (Strings{"earliest", "late", "later"}));
  EXPECT_EQ(Ids(*store_->ListOverdueAttempts(4000, 2)),
            (Strings{"earliest", "late"}));
  // A deadline is passed only once now is after it.
  EXPECT_EQ(Ids(*store_->ListOverdueAttempts(2000, 10)), (Strings{"earliest"}));
  EXPECT_TRUE(store_->ListOverdueAttempts(1000, 10)->empty());

  // Finishing takes an attempt off the list, and it stays off after a
  // restart (the index is part of the schema, not of memory).
  ASSERT_TRUE(Finish("earliest", 1000, /*timed_out=*/true).ok());
  Reopen();
  EXPECT_EQ(Ids(*store_->ListOverdueAttempts(4000, 10)),
            (Strings{"late", "later"}));
  EXPECT_EQ(store_->ListOverdueAttempts(4000, 0).status().code(),
            absl::StatusCode::kInvalidArgument);
}

// Regrades are read back oldest first with both results and who ran them,
// after a reopen too; an attempt never regraded (or unknown) has none.
TEST_F(AttemptsTest, RegradesAreListedOldestFirstWithBothResults) {
  int64_t ana = AddUser("ana");
  AddAttempt("regraded", ana, 100);
  AddAttempt("untouched", ana, 100);
  ASSERT_TRUE(Finish("regraded", 200).ok());
  ASSERT_TRUE(Finish("untouched", 200).ok());
  ASSERT_EQ(AddBank("b1", 4), 2);
  ASSERT_EQ(AddBank("b1", 5), 3);

  auto regrade = [&](int64_t from, int64_t to, double old_percent,
                     double new_percent, int64_t time_ms) {
    RegradeRecord record;
    record.attempt_id = "regraded";
    record.from_version = from;
    record.to_version = to;
    record.old_result.set_percent(old_percent);
    record.old_result.set_passed(old_percent >= 70);
    record.new_result.set_percent(new_percent);
    record.new_result.set_passed(new_percent >= 70);
    record.regraded_by = "users/carol";
    record.regrade_time_ms = time_ms;
    return AwaitStatus([&](DoneStatus done) {
      store_->RegradeAttempt(record, std::move(done));
    });
  };
  ASSERT_TRUE(regrade(1, 2, 60, 80, 300).ok());
  ASSERT_TRUE(regrade(2, 3, 80, 40, 400).ok());
  Reopen();

  absl::StatusOr<std::vector<RegradeRecord>> listed =
      store_->ListRegrades("regraded");
  ASSERT_TRUE(listed.ok()) << listed.status();
  ASSERT_EQ(listed->size(), 2u);
  const RegradeRecord& first = (*listed)[0];
  EXPECT_EQ(first.attempt_id, "regraded");
  EXPECT_EQ(first.from_version, 1);
  EXPECT_EQ(first.to_version, 2);
  EXPECT_DOUBLE_EQ(first.old_result.percent(), 60);
  EXPECT_FALSE(first.old_result.passed());
  EXPECT_DOUBLE_EQ(first.new_result.percent(), 80);
  EXPECT_TRUE(first.new_result.passed());
  EXPECT_EQ(first.regraded_by, "users/carol");
  EXPECT_EQ(first.regrade_time_ms, 300);
  EXPECT_EQ((*listed)[1].from_version, 2);
  EXPECT_EQ((*listed)[1].to_version, 3);
  EXPECT_EQ((*listed)[1].regrade_time_ms, 400);

  EXPECT_TRUE(store_->ListRegrades("untouched")->empty());
  EXPECT_TRUE(store_->ListRegrades("no-such-attempt")->empty());
}

}  // namespace
}  // namespace store
