// Test-only writes of the rows of migration 11 that the gradebook reads
// (courses, course_members, assignments, assignment_overrides and
// attempts.assignment_id), straight into a database file that a store or a
// server has open. For the gradebook's tests, written before the course and
// assignment services that make these rows existed.
#ifndef QUIZD_TESTS_COMMON_COURSE_ROWS_H_
#define QUIZD_TESTS_COMMON_COURSE_ROWS_H_

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "quiz/v1/course.pb.h"
#include "server/store/sqlite_db.h"

namespace quizd_test {

class CourseRows {
 public:
  explicit CourseRows(const std::string& db_path) {
    auto db = store::Db::Open(db_path, SQLITE_OPEN_READWRITE);
    EXPECT_TRUE(db.ok()) << db.status();
    if (db.ok()) db_ = *std::move(db);
    // The server's writer may hold the file for a moment.
    if (db_) EXPECT_TRUE(db_->Exec("PRAGMA busy_timeout=10000").ok());
  }

  void Course(const std::string& id, int64_t time_ms = 1000) {
    auto stmt = db_->Prepare(
        "INSERT INTO courses(id, title, term, external_id, archived,"
        " create_time_ms, update_time_ms) VALUES(?, ?, '', '', 0, ?, ?)");
    ASSERT_TRUE(stmt.ok()) << stmt.status();
    stmt->BindText(1, id)
        .BindText(2, "Course " + id)
        .BindInt64(3, time_ms)
        .BindInt64(4, time_ms);
    ASSERT_TRUE(stmt->Run().ok());
  }

  int64_t UserId(const std::string& username) {
    auto stmt = db_->Prepare("SELECT id FROM users WHERE username = ?");
    EXPECT_TRUE(stmt.ok()) << stmt.status();
    stmt->BindText(1, username);
    auto row = stmt->Step();
    EXPECT_TRUE(row.ok() && *row) << username;
    return row.ok() && *row ? stmt->ColumnInt64(0) : 0;
  }

  // Sets the user's display name and external id (migration 7 columns).
  void Names(const std::string& username, const std::string& display_name,
             const std::string& external_id) {
    auto stmt = db_->Prepare(
        "UPDATE users SET display_name = ?, external_id = ? WHERE username = "
        "?");
    ASSERT_TRUE(stmt.ok()) << stmt.status();
    stmt->BindText(1, display_name)
        .BindText(2, external_id)
        .BindText(3, username);
    ASSERT_TRUE(stmt->Run().ok());
  }

  // Adds or replaces a membership.
  void Member(const std::string& course, const std::string& username,
              quiz::v1::CourseRole role, quiz::v1::MemberStatus status,
              int64_t time_ms = 1000) {
    auto stmt = db_->Prepare(
        "INSERT OR REPLACE INTO course_members(course_id, user_id, role,"
        " status, update_time_ms) VALUES(?, ?, ?, ?, ?)");
    ASSERT_TRUE(stmt.ok()) << stmt.status();
    stmt->BindText(1, course)
        .BindInt64(2, UserId(username))
        .BindInt64(3, role)
        .BindInt64(4, status)
        .BindInt64(5, time_ms);
    ASSERT_TRUE(stmt->Run().ok());
  }

  // Adds or replaces an assignment; its id is taken from its name.
  void Assignment(const quiz::v1::Assignment& assignment,
                  int64_t time_ms = 1000, int64_t delete_time_ms = 0) {
    std::string id = assignment.name();
    if (absl::StartsWith(id, "assignments/")) id = id.substr(12);
    std::string course = assignment.course();
    if (absl::StartsWith(course, "courses/")) course = course.substr(8);
    std::string quiz = assignment.quiz();
    if (absl::StartsWith(quiz, "quizzes/")) quiz = quiz.substr(8);
    auto ms = [](const google::protobuf::Timestamp& t) {
      return t.seconds() * 1000 + t.nanos() / 1000000;
    };
    auto stmt = db_->Prepare(
        "INSERT OR REPLACE INTO assignments(id, course_id, quiz_id,"
        " external_id, open_time_ms, due_time_ms, close_time_ms, published,"
        " assignment, create_time_ms, update_time_ms, delete_time_ms)"
        " VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    ASSERT_TRUE(stmt.ok()) << stmt.status();
    const std::string blob = assignment.SerializeAsString();
    stmt->BindText(1, id)
        .BindText(2, course)
        .BindText(3, quiz)
        .BindText(4, assignment.external_id())
        .BindInt64(5, ms(assignment.open_time()))
        .BindInt64(6, ms(assignment.due_time()))
        .BindInt64(7, ms(assignment.close_time()))
        .BindInt64(8, assignment.published() ? 1 : 0)
        .BindBlob(9, blob)
        .BindInt64(10, time_ms)
        .BindInt64(11, time_ms)
        .BindInt64(12, delete_time_ms);
    ASSERT_TRUE(stmt->Run().ok());
  }

  void Override(const std::string& assignment_id, const std::string& username,
                const quiz::v1::AssignmentOverride& o, int64_t time_ms) {
    auto stmt = db_->Prepare(
        "INSERT OR REPLACE INTO assignment_overrides(assignment_id, user_id,"
        " override, update_time_ms) VALUES(?, ?, ?, ?)");
    ASSERT_TRUE(stmt.ok()) << stmt.status();
    const std::string blob = o.SerializeAsString();
    stmt->BindText(1, assignment_id)
        .BindInt64(2, UserId(username))
        .BindBlob(3, blob)
        .BindInt64(4, time_ms);
    ASSERT_TRUE(stmt->Run().ok());
  }

  // Marks an attempt as started for an assignment (what StartAttempt does
  // for an assigned quiz). `attempt` is "attempts/{id}" or a bare id.
  void AttemptFor(std::string attempt, const std::string& assignment_id) {
    if (absl::StartsWith(attempt, "attempts/")) attempt = attempt.substr(9);
    auto stmt =
        db_->Prepare("UPDATE attempts SET assignment_id = ? WHERE id = ?");
    ASSERT_TRUE(stmt.ok()) << stmt.status();
    stmt->BindText(1, assignment_id).BindText(2, attempt);
    ASSERT_TRUE(stmt->Run().ok());
    EXPECT_EQ(db_->Changes(), 1) << attempt;
  }

  // Marks every attempt of `username` at quiz `quiz_id` as started for the
  // assignment.
  void AttemptsFor(const std::string& username, const std::string& quiz_id,
                   const std::string& assignment_id) {
    auto stmt = db_->Prepare(
        "UPDATE attempts SET assignment_id = ? WHERE user_id = ? AND"
        " quiz_id = ?");
    ASSERT_TRUE(stmt.ok()) << stmt.status();
    stmt->BindText(1, assignment_id)
        .BindInt64(2, UserId(username))
        .BindText(3, quiz_id);
    ASSERT_TRUE(stmt->Run().ok());
  }

  store::Db& db() { return *db_; }

 private:
  std::unique_ptr<store::Db> db_;
};

}  // namespace quizd_test

#endif  // QUIZD_TESTS_COMMON_COURSE_ROWS_H_
