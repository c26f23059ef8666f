// Roster CSV files: RFC 4180 quoting, headers in any order, per-line errors
// that name the line a record starts on, and the limits.
#include "client/roster_csv.h"

#include <string>

#include "gtest/gtest.h"

namespace client {
namespace {

TEST(RosterCsvTest, ReadsQuotedFieldsInAnyColumnOrder) {
  absl::StatusOr<Roster> roster = ParseRoster(
      "\xEF\xBB\xBF"
      "Role,username,display_name,external_id\r\n"
      "student,dana,\"Whitfield, Dana\",SIS-1\r\n"
      "\r\n"
      "Instructor, eli ,\"Eli \"\"E\"\"\nRoss\", SIS-2 \n"
      "ROLE_ADMIN,fay,,\n");
  ASSERT_TRUE(roster.ok()) << roster.status();
  EXPECT_TRUE(roster->errors.empty());
  ASSERT_EQ(roster->rows.size(), 3u);
  const quiz::v1::User& dana = roster->rows[0].entry.user();
  EXPECT_EQ(roster->rows[0].line, 2);
  EXPECT_EQ(dana.username(), "dana");
  EXPECT_EQ(dana.role(), quiz::v1::ROLE_STUDENT);
  EXPECT_EQ(dana.display_name(), "Whitfield, Dana");
  EXPECT_EQ(dana.external_id(), "SIS-1");
  const quiz::v1::User& eli = roster->rows[1].entry.user();
  EXPECT_EQ(roster->rows[1].line, 4);
  EXPECT_EQ(eli.username(), "eli");
  EXPECT_EQ(eli.role(), quiz::v1::ROLE_INSTRUCTOR);
  EXPECT_EQ(eli.display_name(), "Eli \"E\"\nRoss");  // the server refuses it
  EXPECT_EQ(eli.external_id(), "SIS-2");
  EXPECT_EQ(roster->rows[2].line, 6);  // after a field spanning two lines
  EXPECT_EQ(roster->rows[2].entry.user().role(), quiz::v1::ROLE_ADMIN);
  EXPECT_TRUE(roster->rows[2].entry.password().empty());
}

TEST(RosterCsvTest, BadRowsAreErrorsOfTheirLineAndTheOthersStillParse) {
  absl::StatusOr<Roster> roster = ParseRoster(
      "username,role,external_id\n"
      "a,student,X\n"
      "b,teacher,Y\n"
      "c,student\n"
      "a,student,Z\n"
      "d,student,X\n"
      "e,student,\n");
  ASSERT_TRUE(roster.ok()) << roster.status();
  ASSERT_EQ(roster->errors.size(), 4u);
  EXPECT_EQ(roster->errors[0].line, 3);
  EXPECT_EQ(roster->errors[0].message,
            "role: \"teacher\" is not one of student, instructor, admin");
  EXPECT_EQ(roster->errors[1].line, 4);
  EXPECT_EQ(roster->errors[1].message, "2 fields; the header has 3");
  EXPECT_EQ(roster->errors[2].message, "username: \"a\" repeats line 2");
  EXPECT_EQ(roster->errors[3].message, "external_id: \"X\" repeats line 2");
  ASSERT_EQ(roster->rows.size(), 2u);
  EXPECT_EQ(roster->rows[1].line, 7);
}

TEST(RosterCsvTest, AFileThatCannotBeReadFailsWhole) {
  struct Case {
    std::string content;
    std::string message;
  };
  const Case cases[] = {
      {"",
       "1: empty; the first line names the columns: username,role,"
       "display_name,email,external_id,password"},
      {"username,rank\n",
       "1: unknown column \"rank\" (the columns are "
       "username,role,display_name,email,external_id,"
       "password)"},
      {"username,email\n", "1: the header has no role column"},
      {"username,role,role\n", "1: column role appears twice"},
      {"username,role\na,\"student\n\nb,student\n",
       "2: a quoted field is never closed (a '\"' is missing)"},
      {"username,role\na,\"student\"x\n",
       "2: text after a closing quote (write \"\" for a quote inside a "
       "quoted field)"},
  };
  for (const Case& c : cases) {
    absl::StatusOr<Roster> roster = ParseRoster(c.content);
    EXPECT_EQ(roster.status().code(), absl::StatusCode::kInvalidArgument)
        << c.content;
    EXPECT_EQ(roster.status().message(), c.message) << c.content;
  }
}

TEST(RosterCsvTest, LimitsBoundWhatIsRead) {
  std::string big = "username,role\n";
  big.append(kMaxRosterBytes, 'x');
  EXPECT_EQ(ParseRoster(big).status().code(),
            absl::StatusCode::kInvalidArgument);
  std::string many = "username,role\n";
  for (int i = 0; i <= kMaxRosterRows; ++i) {
    many += "u" + std::to_string(i) + ",student\n";
  }
  absl::StatusOr<Roster> roster = ParseRoster(many);
  EXPECT_EQ(roster.status().message(),
            "1: more than 100000 rows; split the file");
}

}  // namespace
}  // namespace client
