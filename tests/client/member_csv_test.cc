// Member CSV files of `quiz course members import`: users by username or
// external id, roles and statuses by name, removals without a role, and
// per-line errors that leave the other lines parsed.
#include "client/member_csv.h"

#include <string>

#include "gtest/gtest.h"

namespace client {
namespace {

TEST(MemberCsvTest, ReadsUsersRolesAndStatuses) {
  absl::StatusOr<MemberFile> file = ParseMemberFile(
      "\xEF\xBB\xBF"
      "Status,external_id,username,role\r\n"
      "active,,dana,learner\r\n"
      ",SIS-2,,TA\r\n"
      "deleted,,eli,\r\n"
      "INACTIVE,SIS-4,fay,course_role_instructor\r\n");
  ASSERT_TRUE(file.ok()) << file.status();
  EXPECT_TRUE(file->errors.empty());
  ASSERT_EQ(file->rows.size(), 4u);
  EXPECT_EQ(file->rows[0].row.user(), "dana");
  EXPECT_EQ(file->rows[0].row.role(), quiz::v1::COURSE_ROLE_LEARNER);
  EXPECT_EQ(file->rows[0].row.status(), quiz::v1::MEMBER_STATUS_ACTIVE);
  EXPECT_EQ(file->rows[1].row.user_external_id(), "SIS-2");
  EXPECT_EQ(file->rows[1].row.role(), quiz::v1::COURSE_ROLE_TEACHING_ASSISTANT);
  EXPECT_EQ(file->rows[1].row.status(), quiz::v1::MEMBER_STATUS_ACTIVE);
  EXPECT_EQ(file->rows[2].row.status(), quiz::v1::MEMBER_STATUS_DELETED);
  EXPECT_EQ(file->rows[2].row.role(), quiz::v1::COURSE_ROLE_UNSPECIFIED);
  // The username wins when a row has both.
  EXPECT_EQ(file->rows[3].row.user(), "fay");
  EXPECT_TRUE(file->rows[3].row.user_external_id().empty());
  EXPECT_EQ(file->rows[3].line, 5);
}

TEST(MemberCsvTest, BadRowsAreErrorsOfTheirLine) {
  absl::StatusOr<MemberFile> file = ParseMemberFile(
      "username,role,status\n"
      "ann,learner,active\n"
      "ben,professor,active\n"
      "cy,learner,gone\n"
      ",learner,active\n"
      "ann,ta,active\n"
      "dee,learner\n"
      "eve,,active\n");
  ASSERT_TRUE(file.ok()) << file.status();
  ASSERT_EQ(file->rows.size(), 1u);
  ASSERT_EQ(file->errors.size(), 6u);
  EXPECT_EQ(file->errors[0].line, 3);
  EXPECT_EQ(file->errors[0].message.rfind("role: \"professor\"", 0), 0u);
  EXPECT_EQ(file->errors[1].message.rfind("status: \"gone\"", 0), 0u);
  EXPECT_EQ(file->errors[2].message, "no username or external_id");
  EXPECT_EQ(file->errors[3].message, "username: \"ann\" repeats line 2");
  EXPECT_EQ(file->errors[4].message, "2 fields; the header has 3");
  EXPECT_EQ(file->errors[5].line, 8);  // a role is needed unless deleted
}

TEST(MemberCsvTest, ABadHeaderOrQuoteFailsTheFile) {
  EXPECT_EQ(ParseMemberFile("").status().message().rfind("1: empty", 0), 0u);
  EXPECT_FALSE(ParseMemberFile("username,grade\n").ok());
  EXPECT_FALSE(ParseMemberFile("role,status\n").ok());
  EXPECT_FALSE(ParseMemberFile("username\n").ok());  // no role column
  absl::StatusOr<MemberFile> quote =
      ParseMemberFile("username,role\n\"ann,learner\n");
  EXPECT_EQ(quote.status().message().rfind("2: ", 0), 0u) << quote.status();
  EXPECT_FALSE(ParseMemberFile(std::string(kMaxMemberFileBytes + 1, 'a')).ok());
}

}  // namespace
}  // namespace client
