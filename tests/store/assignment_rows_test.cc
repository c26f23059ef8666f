// Assignment rows: the attempt limit counted inside the insert's
// transaction (so starts queued together cannot pass it), the assignment
// id kept with the attempt, and the ASSIGNMENT_CHANGED event written with
// each change and not with a refused one.
#include <sqlite3.h>

#include <future>
#include <memory>
#include <vector>

#include "gtest/gtest.h"
#include "server/store/sqlite_db.h"
#include "store_test_util.h"

namespace store::testing {
namespace {

class AssignmentRowsTest : public StoreTest {
 protected:
  // Course c1 with `learner` in it, and assignment "a1" of quiz "exam".
  void AddCourse(int64_t learner) {
    AssignmentRecord record;
    record.id = "a1";
    record.course_id = "c1";
    record.assignment.set_name("assignments/a1");
    record.assignment.set_course("courses/c1");
    record.assignment.set_quiz("quizzes/exam");
    record.assignment.set_published(true);
    EventNote note;
    note.event.set_type(quiz::v1::ASSIGNMENT_CHANGED);
    note.event.set_course("courses/c1");
    // No course yet: refused, and nothing written.
    absl::StatusOr<AssignmentRecord> refused =
        Await<AssignmentRecord>([&](Done<AssignmentRecord> done) {
          store_->CreateAssignment(record, note, RequestKey{}, "", done);
        });
    EXPECT_EQ(refused.status().code(), absl::StatusCode::kNotFound);
    ExecSql(
        "INSERT INTO courses VALUES('c1', 'C', '', '', 0, 0, 0);"
        "INSERT INTO course_members VALUES('c1', " +
        std::to_string(learner) + ", 1, 1, 0);");
    ASSERT_TRUE(Await<AssignmentRecord>([&](Done<AssignmentRecord> done) {
                  store_->CreateAssignment(record, note, RequestKey{}, "",
                                           done);
                }).ok());
  }

  void ExecSql(const std::string& sql) {
    // Through the store's own file: a second connection, as another
    // process would write.
    absl::StatusOr<std::unique_ptr<Db>> db =
        Db::Open(db_path(), SQLITE_OPEN_READWRITE);
    ASSERT_TRUE(db.ok()) << db.status();
    ASSERT_TRUE((*db)->Exec("PRAGMA busy_timeout = 10000").ok());
    absl::Status done = (*db)->Exec(sql);
    ASSERT_TRUE(done.ok()) << done;
  }
};

TEST_F(AssignmentRowsTest, StartsQueuedTogetherCannotPassTheLimit) {
  const int64_t ana = AddUser("ana");
  AddBank("b1", 1);
  AddCourse(ana);
  std::vector<std::future<absl::Status>> starts;
  std::vector<std::shared_ptr<std::promise<absl::Status>>> promises;
  for (int i = 0; i < 4; ++i) {
    AttemptRecord record;
    record.id = "s" + std::to_string(i);
    record.user_id = ana;
    record.quiz_id = "exam";
    record.bank_id = "b1";
    record.bank_version = 1;
    record.item_ids = {"i1"};
    record.assignment_id = "a1";
    auto promise = std::make_shared<std::promise<absl::Status>>();
    starts.push_back(promise->get_future());
    store_->CreateAssignedAttempt(
        record, 2, false, RequestKey{}, "",
        [promise](absl::Status status) { promise->set_value(status); });
  }
  int ok = 0;
  for (auto& start : starts) {
    absl::Status status = start.get();
    if (status.ok()) {
      ++ok;
    } else {
      EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
      EXPECT_EQ(status.message(), "assignments/a1: 2 of 2 attempts used");
    }
  }
  EXPECT_EQ(ok, 2);
  EXPECT_EQ(*store_->CountAssignmentAttempts("a1", ana), 2);
  EXPECT_EQ(store_->GetAttempt("s0")->assignment_id, "a1");
  Reopen();
  EXPECT_EQ(store_->GetAttempt("s1")->assignment_id, "a1");
}

}  // namespace
}  // namespace store::testing
