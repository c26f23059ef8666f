// Store::ReadGradebook and Store::FindGradebookCourse on a real SQLite file,
// with course rows written by the test (tests/common/course_rows.h).
#include <algorithm>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "server/store/store.h"
#include "tests/common/course_rows.h"
#include "tests/store/store_test_util.h"

namespace store::testing {
namespace {

using quiz::v1::COURSE_ROLE_INSTRUCTOR;
using quiz::v1::COURSE_ROLE_LEARNER;
using quiz::v1::COURSE_ROLE_TEACHING_ASSISTANT;
using quiz::v1::MEMBER_STATUS_ACTIVE;
using quiz::v1::MEMBER_STATUS_DELETED;
using quiz::v1::MEMBER_STATUS_INACTIVE;

quiz::v1::Assignment MakeAssignment(const std::string& id,
                                    const std::string& course) {
  quiz::v1::Assignment assignment;
  assignment.set_name("assignments/" + id);
  assignment.set_course("courses/" + course);
  assignment.set_quiz("quizzes/q1");
  assignment.set_max_attempts(2);
  assignment.set_score_maximum(40);
  return assignment;
}

template <typename Row, typename Key>
std::vector<std::string> Keys(const std::vector<Row>& rows, Key key) {
  std::vector<std::string> keys;
  for (const Row& row : rows) keys.push_back(key(row));
  return keys;
}

std::vector<std::string> Usernames(const GradebookRows& rows) {
  return Keys(rows.learners,
              [](const GradebookMemberRow& m) { return m.username; });
}
std::vector<std::string> AttemptIds(const GradebookRows& rows) {
  return Keys(rows.attempts, [](const GradebookAttemptRow& a) { return a.id; });
}

// Course c1 with assignments a1 and a2 (and a deleted a3), course c2 with
// b1. Learners of c1: alice, bob, dave (inactive), erin (removed, with an
// attempt), frank (removed, without); ivy teaches it, tom assists.
class GradebookRowsTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    for (const char* name :
         {"alice", "bob", "dave", "erin", "frank", "ivy", "tom", "zed"}) {
      ids_[name] = AddUser(name);
    }
    rows_ = std::make_unique<quizd_test::CourseRows>(db_path());
    rows_->Course("c1");
    rows_->Course("c2");
    rows_->Names("alice", "Alice Ames", "sis-alice");
    rows_->Assignment(MakeAssignment("a1", "c1"), 1000);
    rows_->Assignment(MakeAssignment("a2", "c1"), 1100);
    rows_->Assignment(MakeAssignment("a3", "c1"), 1200, /*delete=*/1300);
    rows_->Assignment(MakeAssignment("b1", "c2"), 1000);
    rows_->Member("c1", "alice", COURSE_ROLE_LEARNER, MEMBER_STATUS_ACTIVE);
    rows_->Member("c1", "bob", COURSE_ROLE_LEARNER, MEMBER_STATUS_ACTIVE);
    rows_->Member("c1", "dave", COURSE_ROLE_LEARNER, MEMBER_STATUS_INACTIVE);
    rows_->Member("c1", "erin", COURSE_ROLE_LEARNER, MEMBER_STATUS_DELETED);
    rows_->Member("c1", "frank", COURSE_ROLE_LEARNER, MEMBER_STATUS_DELETED);
    rows_->Member("c1", "ivy", COURSE_ROLE_INSTRUCTOR, MEMBER_STATUS_ACTIVE);
    rows_->Member("c1", "tom", COURSE_ROLE_TEACHING_ASSISTANT,
                  MEMBER_STATUS_ACTIVE);
    rows_->Member("c2", "zed", COURSE_ROLE_LEARNER, MEMBER_STATUS_ACTIVE);
    rows_->Member("c2", "alice", COURSE_ROLE_LEARNER, MEMBER_STATUS_ACTIVE);

    // alice: t1 on a1 finished at 75%, t2 on a2 open with one answer, t5 on
    // c2's b1, t6 self-study; bob: t3 on a1, finished at 50% then
    // regraded to 60%; erin: t4 on a1; tom's t7 on a3 (deleted).
    Start("t1", "alice", 2000, "a1");
    ASSERT_TRUE(FinishAt("t1", 2100, 75).ok());
    Start("t2", "alice", 2200, "a2");
    ASSERT_TRUE(Save("t2", "i1", "x", 2300).ok());
    Start("t3", "bob", 2000, "a1");
    ASSERT_TRUE(FinishAt("t3", 2500, 50).ok());
    Start("t4", "erin", 2000, "a1");
    Start("t5", "alice", 2000, "b1");
    Start("t6", "alice", 2000, "");
    Start("t7", "tom", 2000, "a3");
    ASSERT_EQ(AddBank("b1", 4), 2);
    RegradeRecord regrade;
    regrade.attempt_id = "t3";
    regrade.from_version = 1;
    regrade.to_version = 2;
    regrade.old_result.set_percent(50);
    regrade.new_result.set_percent(60);
    regrade.regraded_by = "users/ivy";
    regrade.regrade_time_ms = 3000;
    ASSERT_TRUE(AwaitStatus([&](DoneStatus done) {
                  store_->RegradeAttempt(regrade, std::move(done));
                }).ok());
    quiz::v1::AssignmentOverride o;
    o.set_extra_attempts(1);
    rows_->Override("a1", "bob", o, 2600);
    rows_->Override("b1", "alice", o, 2600);
  }

  void Start(const std::string& id, const std::string& user, int64_t time_ms,
             const std::string& assignment) {
    AddAttempt(id, ids_[user], time_ms);
    if (!assignment.empty()) rows_->AttemptFor(id, assignment);
  }

  absl::StatusOr<AttemptRecord> FinishAt(const std::string& id, int64_t time_ms,
                                         double percent) {
    return Await<AttemptRecord>([&](Done<AttemptRecord> done) {
      store_->FinishAttempt(
          id, time_ms, false,
          [percent](const AttemptRecord&, const std::vector<ResponseRecord>&) {
            quiz::v1::AttemptResult result;
            result.set_percent(percent);
            return result;
          },
          std::move(done));
    });
  }

  GradebookRows Read(GradebookQuery query) {
    if (query.course_id.empty()) query.course_id = "c1";
    if (query.limit == 0) query.limit = 100;
    absl::StatusOr<GradebookRows> rows = store_->ReadGradebook(query);
    EXPECT_TRUE(rows.ok()) << rows.status();
    return rows.ok() ? *std::move(rows) : GradebookRows();
  }

  std::map<std::string, int64_t> ids_;
  std::unique_ptr<quizd_test::CourseRows> rows_;
};

TEST_F(GradebookRowsTest, ReadsACourse) {
  GradebookRows rows = Read({});
  ASSERT_EQ(rows.assignments.size(), 2u);
  EXPECT_EQ(rows.assignments[0].assignment.name(), "assignments/a1");
  EXPECT_EQ(rows.assignments[0].assignment.score_maximum(), 40);
  EXPECT_EQ(rows.assignments[1].assignment.name(), "assignments/a2");
  EXPECT_EQ(rows.assignments[1].update_time_ms, 1100);
  // Learners by username; frank was removed without attempts; staff and
  // other courses' learners are not listed.
  EXPECT_EQ(Usernames(rows),
            (std::vector<std::string>{"alice", "bob", "dave", "erin"}));
  EXPECT_EQ(rows.learners[0].display_name, "Alice Ames");
  EXPECT_EQ(rows.learners[0].external_id, "sis-alice");
  EXPECT_EQ(rows.learners[2].status, MEMBER_STATUS_INACTIVE);
  EXPECT_EQ(rows.learners[3].status, MEMBER_STATUS_DELETED);
  // Attempts of c1's assignments only, by start time then id.
  EXPECT_EQ(AttemptIds(rows),
            (std::vector<std::string>{"t1", "t3", "t4", "t2"}));
  const GradebookAttemptRow& t1 = rows.attempts[0];
  EXPECT_EQ(t1.assignment_id, "a1");
  EXPECT_EQ(t1.user_id, ids_["alice"]);
  EXPECT_EQ(t1.state, quiz::v1::FINISHED);
  EXPECT_EQ(t1.start_time_ms, 2000);
  EXPECT_EQ(t1.finish_time_ms, 2100);
  EXPECT_DOUBLE_EQ(t1.percent, 75);
  EXPECT_EQ(t1.answered, 0);
  const GradebookAttemptRow& t2 = rows.attempts[3];
  EXPECT_EQ(t2.state, quiz::v1::IN_PROGRESS);
  EXPECT_EQ(t2.answered, 1);
  EXPECT_EQ(t2.last_answer_time_ms, 2300);
  // bob's regraded attempt carries its new percent, and the regrade.
  EXPECT_DOUBLE_EQ(rows.attempts[1].percent, 60);
  ASSERT_EQ(rows.regrades.size(), 1u);
  EXPECT_EQ(rows.regrades[0].attempt_id, "t3");
  EXPECT_DOUBLE_EQ(rows.regrades[0].old_result.percent(), 50);
  EXPECT_DOUBLE_EQ(rows.regrades[0].new_result.percent(), 60);
  EXPECT_EQ(rows.regrades[0].regraded_by, "users/ivy");
  EXPECT_EQ(rows.regrades[0].regrade_time_ms, 3000);
  // bob's override on a1; alice's on c2's b1 is not read.
  ASSERT_EQ(rows.overrides.size(), 1u);
  EXPECT_EQ(rows.overrides[0].assignment_id, "a1");
  EXPECT_EQ(rows.overrides[0].user_id, ids_["bob"]);
  EXPECT_EQ(rows.overrides[0].override.extra_attempts(), 1);
  EXPECT_EQ(rows.overrides[0].update_time_ms, 2600);
}

TEST_F(GradebookRowsTest, ReadsOneAssignment) {
  GradebookRows rows = Read({.assignment_id = "a2"});
  ASSERT_EQ(rows.assignments.size(), 1u);
  // erin's attempt is on a1: removed, she is not listed for a2.
  EXPECT_EQ(Usernames(rows),
            (std::vector<std::string>{"alice", "bob", "dave"}));
  EXPECT_EQ(AttemptIds(rows), (std::vector<std::string>{"t2"}));
  EXPECT_TRUE(rows.overrides.empty());
  EXPECT_TRUE(rows.regrades.empty());
  // A deleted assignment, or one of another course, reads nothing.
  EXPECT_TRUE(Read({.assignment_id = "a3"}).assignments.empty());
  EXPECT_TRUE(Read({.assignment_id = "a3"}).learners.empty());
  EXPECT_TRUE(Read({.assignment_id = "b1"}).assignments.empty());
}

TEST_F(GradebookRowsTest, ReadsOneLearner) {
  GradebookRows rows = Read({.user_id = ids_["bob"]});
  EXPECT_EQ(Usernames(rows), (std::vector<std::string>{"bob"}));
  EXPECT_EQ(AttemptIds(rows), (std::vector<std::string>{"t3"}));
  EXPECT_EQ(rows.regrades.size(), 1u);
  // Staff and strangers are no learners of it.
  EXPECT_TRUE(Read({.user_id = ids_["ivy"]}).learners.empty());
  EXPECT_TRUE(Read({.user_id = ids_["zed"]}).learners.empty());
}

TEST_F(GradebookRowsTest, PagesByUsername) {
  GradebookRows first = Read({.limit = 2});
  EXPECT_EQ(Usernames(first), (std::vector<std::string>{"alice", "bob"}));
  EXPECT_EQ(AttemptIds(first), (std::vector<std::string>{"t1", "t3", "t2"}));
  GradebookRows next = Read({.first_username = "bob", .limit = 2});
  EXPECT_EQ(Usernames(next), (std::vector<std::string>{"bob", "dave"}));
  GradebookRows last = Read({.first_username = "c", .limit = 2});
  EXPECT_EQ(Usernames(last), (std::vector<std::string>{"dave", "erin"}));
  EXPECT_EQ(AttemptIds(last), (std::vector<std::string>{"t4"}));
  EXPECT_TRUE(Read({.first_username = "erin~", .limit = 2}).learners.empty());
}

TEST_F(GradebookRowsTest, UpdatedSince) {
  struct Case {
    std::string what;
    int64_t after;
    std::vector<std::string> learners;
  };
  // Membership rows were written at 1000, assignments at 1000 and 1100.
  const std::vector<Case> cases = {
      {"everything is newer", 999, {"alice", "bob", "dave", "erin"}},
      {"an assignment changed after it: every learner",
       1099,
       {"alice", "bob", "dave", "erin"}},
      {"attempts started after it", 1999, {"alice", "bob", "erin"}},
      {"alice's answer and open attempt, bob's finish", 2200, {"alice", "bob"}},
      {"bob's finish, override and regrade", 2300, {"bob"}},
      {"bob's override", 2599, {"bob"}},
      {"bob's regrade", 2600, {"bob"}},
      {"nothing after the regrade", 3000, {}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    EXPECT_EQ(Usernames(Read({.updated_after_ms = c.after})), c.learners);
  }
  // A membership change alone.
  rows_->Member("c1", "dave", COURSE_ROLE_LEARNER, MEMBER_STATUS_ACTIVE, 5000);
  EXPECT_EQ(Usernames(Read({.updated_after_ms = 4000})),
            (std::vector<std::string>{"dave"}));
  // An assignment change brings every learner of the query (erin too,
  // though her only row is on a1: learners are picked per query, rows per
  // assignment by the service).
  quiz::v1::Assignment a2 = MakeAssignment("a2", "c1");
  a2.set_max_attempts(5);
  rows_->Assignment(a2, 6000);
  EXPECT_EQ(Usernames(Read({.updated_after_ms = 5500})),
            (std::vector<std::string>{"alice", "bob", "dave", "erin"}));
  EXPECT_EQ(Usernames(Read({.assignment_id = "a2", .updated_after_ms = 5500})),
            (std::vector<std::string>{"alice", "bob", "dave"}));
  EXPECT_TRUE(
      Read({.assignment_id = "a1", .updated_after_ms = 5500}).learners.empty());
}

TEST_F(GradebookRowsTest, FindsTheCourseAndTheViewer) {
  absl::StatusOr<GradebookCourse> course =
      store_->FindGradebookCourse("c1", "", ids_["ivy"]);
  ASSERT_TRUE(course.ok()) << course.status();
  EXPECT_EQ(course->course_id, "c1");
  EXPECT_EQ(course->viewer_role, COURSE_ROLE_INSTRUCTOR);
  EXPECT_EQ(course->viewer_status, MEMBER_STATUS_ACTIVE);
  EXPECT_FALSE(course->archived);
  ASSERT_TRUE(rows_->db().Exec("UPDATE courses SET archived = 1").ok());
  course = store_->FindGradebookCourse("", "a2", ids_["tom"]);
  ASSERT_TRUE(course.ok()) << course.status();
  EXPECT_EQ(course->course_id, "c1");
  EXPECT_EQ(course->viewer_role, COURSE_ROLE_TEACHING_ASSISTANT);
  EXPECT_TRUE(course->archived);
  course = store_->FindGradebookCourse("c2", "", ids_["ivy"]);
  ASSERT_TRUE(course.ok()) << course.status();
  EXPECT_EQ(course->viewer_role, quiz::v1::COURSE_ROLE_UNSPECIFIED);
  EXPECT_EQ(course->viewer_status, quiz::v1::MEMBER_STATUS_UNSPECIFIED);

  course = store_->FindGradebookCourse("nope", "", ids_["ivy"]);
  EXPECT_EQ(course.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(course.status().message(), "courses/nope not found");
  course = store_->FindGradebookCourse("", "a3", ids_["ivy"]);
  EXPECT_EQ(course.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(course.status().message(), "assignments/a3 not found");
}

TEST_F(GradebookRowsTest, RefusesANonPositiveLimit) {
  GradebookQuery query;
  query.course_id = "c1";
  EXPECT_EQ(store_->ReadGradebook(query).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(GradebookRowsTest, ACourseWithoutAssignmentsHasNoRows) {
  rows_->Course("empty");
  rows_->Member("empty", "alice", COURSE_ROLE_LEARNER, MEMBER_STATUS_ACTIVE);
  GradebookRows rows = Read({.course_id = "empty"});
  EXPECT_TRUE(rows.assignments.empty());
  EXPECT_TRUE(rows.learners.empty());
}

}  // namespace
}  // namespace store::testing
