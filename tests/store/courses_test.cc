// Courses and memberships in the store: created and changed with their
// events in the same write, member batches all or nothing (or skipping bad
// rows), idempotent, removals kept for "changed since", and the membership
// reads the access checks ask.
#include <sqlite3.h>

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "server/store/sqlite_db.h"
#include "tests/store/store_test_util.h"

namespace store {
namespace {

using ::store::testing::Await;
using ::store::testing::StoreTest;

class CoursesTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    ann_ = AddUser("ann");
    ben_ = AddUser("ben");
    tia_ = AddUser("tia");
    ivy_ = AddUserWithRole("ivy", quiz::v1::ROLE_INSTRUCTOR, "ext-ivy");
  }

  int64_t AddUserWithRole(const std::string& name, quiz::v1::Role role,
                          const std::string& external_id) {
    UserRecord user;
    user.username = name;
    user.role = role;
    user.external_id = external_id;
    absl::StatusOr<int64_t> id = Await<int64_t>(
        [&](Done<int64_t> done) { store_->CreateUser(user, std::move(done)); });
    EXPECT_TRUE(id.ok()) << id.status();
    return id.value_or(0);
  }

  absl::StatusOr<CourseRecord> Create(const std::string& id,
                                      const std::string& external_id = "",
                                      int64_t instructor = 0) {
    CourseRecord course;
    course.id = id;
    course.title = "Title of " + id;
    course.term = "2027 Spring";
    course.external_id = external_id;
    return Await<CourseRecord>([&](Done<CourseRecord> done) {
      store_->CreateCourse(course, instructor, "users/root", std::move(done));
    });
  }

  static MemberChange Row(
      const std::string& username, quiz::v1::CourseRole role,
      quiz::v1::MemberStatus status = quiz::v1::MEMBER_STATUS_ACTIVE) {
    MemberChange row;
    row.username = username;
    row.role = role;
    row.status = status;
    return row;
  }

  MemberBatchResult Update(const std::string& course,
                           std::vector<MemberChange> rows, bool dry_run = false,
                           bool skip_failed = false) {
    absl::StatusOr<MemberBatchResult> result =
        Await<MemberBatchResult>([&](Done<MemberBatchResult> done) {
          store_->UpdateMembers(course, rows, dry_run, skip_failed, 0,
                                "users/ivy", std::move(done));
        });
    EXPECT_TRUE(result.ok()) << result.status();
    return result.value_or(MemberBatchResult());
  }

  std::vector<std::string> Members(const std::string& course,
                                   const MemberFilter& filter = {}) {
    absl::StatusOr<std::vector<MemberRecord>> members =
        store_->ListMembers(course, filter, "", 100);
    EXPECT_TRUE(members.ok()) << members.status();
    std::vector<std::string> names;
    for (const MemberRecord& member :
         members.value_or(std::vector<MemberRecord>())) {
      names.push_back(member.username + ":" +
                      std::to_string(static_cast<int>(member.status)));
    }
    return names;
  }

  // The events in the log, read from the file: what a feed would see.
  std::vector<quiz::v1::Event> Events() {
    auto db = Db::Open(db_path(), SQLITE_OPEN_READONLY);
    EXPECT_TRUE(db.ok()) << db.status();
    std::vector<quiz::v1::Event> events;
    if (!db.ok()) return events;
    auto stmt = (*db)->Prepare("SELECT event, user_id FROM events ORDER BY id");
    EXPECT_TRUE(stmt.ok());
    while (stmt.ok() && stmt->Step().value_or(false)) {
      quiz::v1::Event& event = events.emplace_back();
      absl::string_view blob = stmt->ColumnBlob(0);
      EXPECT_TRUE(event.ParseFromArray(blob.data(), blob.size()));
      event.set_cursor(stmt->ColumnInt64(1));  // the filter column, to check
    }
    return events;
  }

  int64_t ann_ = 0, ben_ = 0, tia_ = 0, ivy_ = 0;
};

TEST_F(CoursesTest, AnInstructorCreatingACourseTeachesItAndEventsSayBoth) {
  absl::StatusOr<CourseRecord> course = Create("cpc-101", "lms-1", ivy_);
  ASSERT_TRUE(course.ok()) << course.status();
  EXPECT_GT(course->create_time_ms, 0);
  absl::StatusOr<CourseRecord> read = store_->GetCourse("cpc-101");
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->external_id, "lms-1");
  EXPECT_EQ(read->term, "2027 Spring");
  EXPECT_EQ(*store_->CourseRoleOf("cpc-101", ivy_),
            quiz::v1::COURSE_ROLE_INSTRUCTOR);
  const std::vector<quiz::v1::Event> events = Events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].type(), quiz::v1::COURSE_CHANGED);
  EXPECT_EQ(events[0].course(), "courses/cpc-101");
  EXPECT_EQ(events[0].actor(), "users/root");
  EXPECT_EQ(events[1].type(), quiz::v1::MEMBERSHIP_CHANGED);
  EXPECT_EQ(events[1].user(), "users/ivy");
  EXPECT_EQ(events[1].cursor(), ivy_);  // the user_id column
  EXPECT_EQ(events[1].member_role(), quiz::v1::COURSE_ROLE_INSTRUCTOR);
  EXPECT_EQ(events[1].member_status(), quiz::v1::MEMBER_STATUS_ACTIVE);
}

TEST_F(CoursesTest, TakenIdsAndExternalIdsAreRefusedNamingTheField) {
  ASSERT_TRUE(Create("a", "ext-a").ok());
  absl::StatusOr<CourseRecord> again = Create("a");
  EXPECT_TRUE(absl::IsAlreadyExists(again.status()));
  EXPECT_TRUE(absl::StartsWith(again.status().message(), "course_id:"))
      << again.status();
  absl::StatusOr<CourseRecord> same_external = Create("b", "ext-a");
  EXPECT_TRUE(absl::IsAlreadyExists(same_external.status()));
  EXPECT_TRUE(
      absl::StartsWith(same_external.status().message(), "external_id:"))
      << same_external.status();
  EXPECT_TRUE(absl::IsNotFound(store_->GetCourse("b").status()));
  EXPECT_EQ(Events().size(), 1u);  // only a's creation
}

TEST_F(CoursesTest, UpdateChangesSetFieldsOnlyAndNothingWhenEqual) {
  ASSERT_TRUE(Create("a").ok());
  CourseUpdate update;
  update.archived = true;
  absl::StatusOr<CourseRecord> archived =
      Await<CourseRecord>([&](Done<CourseRecord> done) {
        store_->UpdateCourse("a", update, 0, "users/ivy", std::move(done));
      });
  ASSERT_TRUE(archived.ok()) << archived.status();
  EXPECT_TRUE(archived->archived);
  EXPECT_EQ(archived->title, "Title of a");
  EXPECT_EQ(Events().size(), 2u);
  // The same again changes nothing and appends no event.
  ASSERT_TRUE(Await<CourseRecord>([&](Done<CourseRecord> done) {
                store_->UpdateCourse("a", update, 0, "users/ivy",
                                     std::move(done));
              }).ok());
  EXPECT_EQ(Events().size(), 2u);
  // Archived courses are listed on request only.
  EXPECT_TRUE(store_->ListCourses({}, "", 10)->empty());
  CourseFilter all;
  all.include_archived = true;
  EXPECT_EQ(store_->ListCourses(all, "", 10)->size(), 1u);
}

TEST_F(CoursesTest, AChangeByAnInstructorNeedsThemTeachingWhenItCommits) {
  ASSERT_TRUE(Create("a", "", ivy_).ok());
  CourseUpdate update;
  update.title = "New";
  auto update_as = [&](int64_t instructor) {
    return Await<CourseRecord>([&](Done<CourseRecord> done) {
      store_->UpdateCourse("a", update, instructor, "users/x", std::move(done));
    });
  };
  EXPECT_TRUE(absl::IsPermissionDenied(update_as(tia_).status()));
  ASSERT_TRUE(update_as(ivy_).ok());
  // Once removed, ivy's changes are refused, member batches too.
  Update("a", {Row("ivy", quiz::v1::COURSE_ROLE_UNSPECIFIED,
                   quiz::v1::MEMBER_STATUS_DELETED)});
  update.title = "Newer";
  EXPECT_TRUE(absl::IsPermissionDenied(update_as(ivy_).status()));
  absl::StatusOr<MemberBatchResult> batch =
      Await<MemberBatchResult>([&](Done<MemberBatchResult> done) {
        store_->UpdateMembers("a", {Row("ann", quiz::v1::COURSE_ROLE_LEARNER)},
                              false, false, ivy_, "users/ivy", std::move(done));
      });
  EXPECT_TRUE(absl::IsPermissionDenied(batch.status())) << batch.status();
  EXPECT_EQ(store_->GetCourse("a")->title, "New");
}

TEST_F(CoursesTest, ARepeatedBatchChangesNothing) {
  ASSERT_TRUE(Create("a").ok());
  const std::vector<MemberChange> rows = {
      Row("ann", quiz::v1::COURSE_ROLE_LEARNER),
      Row("ben", quiz::v1::COURSE_ROLE_LEARNER)};
  MemberBatchResult first = Update("a", rows);
  ASSERT_TRUE(first.committed);
  EXPECT_EQ(first.rows[0].outcome, UpsertRowResult::kCreated);
  EXPECT_EQ(first.rows[1].outcome, UpsertRowResult::kCreated);
  const size_t events = Events().size();
  EXPECT_EQ(events, 3u);
  MemberBatchResult second = Update("a", rows);
  EXPECT_EQ(second.rows[0].outcome, UpsertRowResult::kUnchanged);
  EXPECT_EQ(second.rows[1].outcome, UpsertRowResult::kUnchanged);
  EXPECT_EQ(Events().size(), events);
}

TEST_F(CoursesTest, ABadRowStoresNothingUnlessSkipped) {
  ASSERT_TRUE(Create("a").ok());
  const std::vector<MemberChange> rows = {
      Row("ann", quiz::v1::COURSE_ROLE_LEARNER),
      Row("nobody", quiz::v1::COURSE_ROLE_LEARNER),
      // A student cannot be a course's instructor.
      Row("ben", quiz::v1::COURSE_ROLE_INSTRUCTOR)};
  MemberBatchResult all_or_nothing = Update("a", rows);
  EXPECT_FALSE(all_or_nothing.committed);
  EXPECT_EQ(all_or_nothing.rows[0].outcome, UpsertRowResult::kCreated);
  EXPECT_TRUE(absl::IsNotFound(all_or_nothing.rows[1].error));
  EXPECT_TRUE(
      absl::StartsWith(all_or_nothing.rows[1].error.message(), "user:"));
  EXPECT_TRUE(
      absl::StartsWith(all_or_nothing.rows[2].error.message(), "role:"));
  EXPECT_TRUE(Members("a").empty());
  EXPECT_EQ(Events().size(), 1u);

  MemberBatchResult dry = Update("a", rows, /*dry_run=*/true,
                                 /*skip_failed=*/true);
  EXPECT_FALSE(dry.committed);
  EXPECT_TRUE(Members("a").empty());

  MemberBatchResult skipped = Update("a", rows, false, /*skip_failed=*/true);
  EXPECT_TRUE(skipped.committed);
  EXPECT_EQ(Members("a"), std::vector<std::string>{"ann:1"});
}

TEST_F(CoursesTest, RowsFindUsersByExternalIdAndRefuseRepeats) {
  ASSERT_TRUE(Create("a").ok());
  MemberChange by_external;
  by_external.user_external_id = "ext-ivy";
  by_external.role = quiz::v1::COURSE_ROLE_INSTRUCTOR;
  MemberBatchResult result = Update(
      "a", {by_external, Row("ivy", quiz::v1::COURSE_ROLE_TEACHING_ASSISTANT)});
  EXPECT_FALSE(result.committed);
  EXPECT_EQ(result.rows[0].outcome, UpsertRowResult::kCreated);
  EXPECT_EQ(result.rows[0].member.username, "ivy");
  EXPECT_NE(result.rows[1].error.message().find("repeats rows[0]"),
            std::string::npos)
      << result.rows[1].error;
}

TEST_F(CoursesTest, ARemovalIsKeptForChangedSince) {
  ASSERT_TRUE(Create("a").ok());
  Update("a", {Row("ann", quiz::v1::COURSE_ROLE_LEARNER),
               Row("ben", quiz::v1::COURSE_ROLE_LEARNER)});
  absl::StatusOr<std::optional<MemberRecord>> before =
      store_->GetMember("a", ann_);
  ASSERT_TRUE(before.ok() && before->has_value());
  const int64_t synced = (*before)->update_time_ms;
  // Removal needs no role: the stored one stays.
  MemberBatchResult removed =
      Update("a", {Row("ann", quiz::v1::COURSE_ROLE_UNSPECIFIED,
                       quiz::v1::MEMBER_STATUS_DELETED)});
  ASSERT_TRUE(removed.committed);
  EXPECT_EQ(removed.rows[0].outcome, UpsertRowResult::kUpdated);
  EXPECT_EQ(removed.rows[0].member.role, quiz::v1::COURSE_ROLE_LEARNER);
  // Removing again, or removing a non-member, changes nothing.
  EXPECT_EQ(Update("a", {Row("ann", quiz::v1::COURSE_ROLE_UNSPECIFIED,
                             quiz::v1::MEMBER_STATUS_DELETED),
                         Row("tia", quiz::v1::COURSE_ROLE_UNSPECIFIED,
                             quiz::v1::MEMBER_STATUS_DELETED)})
                .rows[1]
                .outcome,
            UpsertRowResult::kUnchanged);
  EXPECT_EQ(Members("a"), std::vector<std::string>{"ben:1"});
  MemberFilter since;
  since.changed_since_ms = synced - 1;
  EXPECT_EQ(Members("a", since), (std::vector<std::string>{"ann:3", "ben:1"}));
  const quiz::v1::Event last = Events().back();
  EXPECT_EQ(last.type(), quiz::v1::MEMBERSHIP_CHANGED);
  EXPECT_EQ(last.user(), "users/ann");
  EXPECT_EQ(last.member_status(), quiz::v1::MEMBER_STATUS_DELETED);
  EXPECT_EQ(last.actor(), "users/ivy");
}

TEST_F(CoursesTest, StaffSeeOnlyActiveLearnersOfTheirCourses) {
  ASSERT_TRUE(Create("a", "", ivy_).ok());
  ASSERT_TRUE(Create("b").ok());
  Update("a", {Row("tia", quiz::v1::COURSE_ROLE_TEACHING_ASSISTANT),
               Row("ann", quiz::v1::COURSE_ROLE_LEARNER),
               Row("ben", quiz::v1::COURSE_ROLE_LEARNER,
                   quiz::v1::MEMBER_STATUS_INACTIVE)});
  Update("b", {Row("tia", quiz::v1::COURSE_ROLE_LEARNER)});
  EXPECT_TRUE(*store_->ActiveLearnerSharesCourseWith(ivy_, ann_));
  EXPECT_TRUE(*store_->ActiveLearnerSharesCourseWith(tia_, ann_));
  EXPECT_FALSE(*store_->ActiveLearnerSharesCourseWith(ivy_, ben_));  // inactive
  EXPECT_FALSE(
      *store_->ActiveLearnerSharesCourseWith(ann_, tia_));  // a learner
  EXPECT_FALSE(*store_->ActiveLearnerSharesCourseWith(ivy_, tia_));  // b is not
                                                                     // ivy's
  EXPECT_EQ(*store_->CourseRoleOf("a", ben_),
            quiz::v1::COURSE_ROLE_UNSPECIFIED);
  EXPECT_EQ(*store_->CourseRoleOf("a", tia_),
            quiz::v1::COURSE_ROLE_TEACHING_ASSISTANT);
  // Who sees which course: ben (inactive learner) still sees a; tia both.
  CourseFilter mine;
  mine.member_user_id = ben_;
  EXPECT_EQ(store_->ListCourses(mine, "", 10)->size(), 1u);
  mine.member_user_id = tia_;
  EXPECT_EQ(store_->ListCourses(mine, "", 10)->size(), 2u);
  mine.member_user_id = ann_;
  EXPECT_EQ(store_->ListCourses(mine, "a", 10)->size(), 0u);  // paged past a
  // A learner's view of the members: staff and themselves.
  MemberFilter learner_view;
  learner_view.learner_view_user_id = ann_;
  EXPECT_EQ(Members("a", learner_view),
            (std::vector<std::string>{"ann:1", "ivy:1", "tia:1"}));
}

}  // namespace
}  // namespace store
