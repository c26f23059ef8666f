// Course memberships and bank owners for service tests, written as rows of
// migration 11 (courses, course_members, bank_owners) on the test's
// database: what CourseService and BankService store, without depending on
// them. Safe while the server runs (WAL). Header-only: every suite that
// includes the harness links it.
#ifndef QUIZD_TESTS_SERVICE_COURSE_MEMBERS_H_
#define QUIZD_TESTS_SERVICE_COURSE_MEMBERS_H_

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <memory>
#include <string>

#include "quiz/v1/course.pb.h"
#include "server/store/sqlite_db.h"

namespace quizd_test {

// Runs `sql` with `bind` on the database at `db_path`; returns the rows it
// changed, or -1 after failing the test.
template <typename Bind>
int RunTestSql(const std::string& db_path, const char* sql, Bind bind) {
  auto db = store::Db::Open(db_path, SQLITE_OPEN_READWRITE);
  EXPECT_TRUE(db.ok()) << db.status();
  if (!db.ok() || !(*db)->Exec("PRAGMA busy_timeout=5000").ok()) return -1;
  auto stmt = (*db)->Prepare(sql);
  EXPECT_TRUE(stmt.ok()) << stmt.status();
  if (!stmt.ok()) return -1;
  bind(*stmt);
  const absl::Status run = stmt->Run();
  EXPECT_TRUE(run.ok()) << run;
  return run.ok() ? (*db)->Changes() : -1;
}

// Puts `username` into course `course_id` (created when absent) with `role`
// and `status`, replacing any membership they had in it. Fails the test
// when the user does not exist.
inline void SetCourseMember(
    const std::string& db_path, const std::string& course_id,
    const std::string& username, quiz::v1::CourseRole role,
    quiz::v1::MemberStatus status = quiz::v1::MEMBER_STATUS_ACTIVE) {
  RunTestSql(db_path,
             "INSERT OR IGNORE INTO courses(id, title, term, external_id,"
             " archived, create_time_ms, update_time_ms)"
             " VALUES(?, ?, '', '', 0, 0, 0)",
             [&](store::Statement& stmt) {
               stmt.BindText(1, course_id).BindText(2, "Course " + course_id);
             });
  EXPECT_EQ(RunTestSql(db_path,
                       "INSERT OR REPLACE INTO course_members(course_id,"
                       " user_id, role, status, update_time_ms)"
                       " SELECT ?, id, ?, ?, 0 FROM users WHERE username = ?",
                       [&](store::Statement& stmt) {
                         stmt.BindText(1, course_id)
                             .BindInt64(2, role)
                             .BindInt64(3, status)
                             .BindText(4, username);
                       }),
            1)
      << username << " is no user (as " << quiz::v1::CourseRole_Name(role)
      << ")";
}

// Makes `username` an owner of bank `bank_id` (which need not exist yet).
inline void AddTestBankOwner(const std::string& db_path,
                             const std::string& bank_id,
                             const std::string& username) {
  EXPECT_EQ(RunTestSql(db_path,
                       "INSERT OR IGNORE INTO bank_owners(bank_id, user_id,"
                       " create_time_ms) SELECT ?, id, 0 FROM users"
                       " WHERE username = ?",
                       [&](store::Statement& stmt) {
                         stmt.BindText(1, bank_id).BindText(2, username);
                       }),
            1)
      << username << " is no user";
}

}  // namespace quizd_test

#endif  // QUIZD_TESTS_SERVICE_COURSE_MEMBERS_H_
