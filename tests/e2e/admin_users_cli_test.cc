// End to end: an admin provisions a roster from CSV with the real quizd and
// quiz binaries, twice (the second run changes nothing), and a roster with a
// bad line changes nothing and names the line.
#include <string>

#include "cli_fixture_util.h"
#include "gtest/gtest.h"
#include "process_util.h"

namespace quizd_test {
namespace {

class AdminUsersCliTest : public CliFixture {
 protected:
  void SetUp() override {
    CliFixture::SetUp();
    AddUsers({{"root", "admin"}, {"alice", "student"}});
    StartServer(kShippedBanks);
    Login("root");
  }

  // The usernames `quiz admin users list` prints, one per table row.
  std::string List(const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args = {"admin", "users", "list"};
    args.insert(args.end(), extra.begin(), extra.end());
    CommandResult list = Quiz("root", args);
    EXPECT_EQ(list.exit_code, 0) << list.err;
    return list.out;
  }
};

constexpr char kRoster[] =
    "username,role,display_name,email,external_id,password\r\n"
    "dana,student,\"Whitfield, Dana\",dana@school.edu,SIS-1,dana-pass-1\r\n"
    "eli,student,\"Eli \"\"E\"\" Ross\",eli@school.edu,SIS-2,\r\n"
    "fay,instructor,Fay Moss,,SIS-3,\r\n"
    "alice,student,Alice Adams,alice@school.edu,SIS-4,\r\n";

TEST_F(AdminUsersCliTest,
       ImportingTheSameRosterTwiceChangesNothingTheSecondTime) {
  const std::string roster = WriteFile("roster.csv", kRoster);
  CommandResult dry =
      Quiz("root", {"admin", "users", "import", roster, "--dry-run"});
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_EQ(dry.out,
            "Dry run: would create 3, update 1, leave 0 unchanged; nothing "
            "was changed.\n");
  EXPECT_EQ(List().find("dana"), std::string::npos);

  CommandResult first = Quiz("root", {"admin", "users", "import", roster});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(first.out, "3 created, 1 updated, 0 unchanged\n");
  CommandResult second = Quiz("root", {"admin", "users", "import", roster});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(second.out, "0 created, 0 updated, 4 unchanged\n");

  const std::string table = List();
  EXPECT_NE(table.find("Whitfield, Dana"), std::string::npos) << table;
  EXPECT_NE(table.find("Eli \"E\" Ross"), std::string::npos) << table;
  for (const std::string& line : {table}) {
    size_t start = 0;
    while (start < line.size()) {
      const size_t end = line.find('\n', start);
      EXPECT_LE(end - start, 80u) << line.substr(start, end - start);
      start = end + 1;
    }
  }
  EXPECT_NE(List({"--role", "instructor"}).find("fay"), std::string::npos);

  // dana logs in with the password from the file.
  CommandResult login =
      Quiz("dana", {"login", "dana", "--password-stdin"}, "dana-pass-1\n");
  EXPECT_EQ(login.exit_code, 0) << login.err;
}

TEST_F(AdminUsersCliTest, ABadLineNamesFileAndLineAndChangesNothing) {
  const std::string roster = WriteFile("roster.csv",
                                       "username,role,email\n"
                                       "gus,student,gus@school.edu\n"
                                       "hal,student,not-an-email\n"
                                       "ivy,teacher,ivy@school.edu\n"
                                       "gus,student,\n");
  const std::string before = List();
  CommandResult bad = Quiz("root", {"admin", "users", "import", roster});
  EXPECT_EQ(bad.exit_code, 2) << bad.err;
  EXPECT_NE(bad.err.find(roster + ":3: email: \"not-an-email\""),
            std::string::npos)
      << bad.err;
  EXPECT_NE(
      bad.err.find(roster + ":4: role: \"teacher\" is not one of student, "
                            "instructor, admin"),
      std::string::npos)
      << bad.err;
  EXPECT_NE(bad.err.find(roster + ":5: username: \"gus\" repeats line 2"),
            std::string::npos)
      << bad.err;
  EXPECT_NE(bad.err.find("3 bad lines; nothing was changed"), std::string::npos)
      << bad.err;
  EXPECT_EQ(List(), before);

  CommandResult skipped =
      Quiz("root", {"admin", "users", "import", roster, "--skip-bad"});
  EXPECT_EQ(skipped.exit_code, 0) << skipped.err;
  EXPECT_EQ(skipped.out, "1 created, 0 updated, 0 unchanged, 3 skipped\n");
}

TEST_F(AdminUsersCliTest, AddUpdateDisableSetPasswordDelete) {
  CommandResult add = Quiz("root",
                           {"admin", "users", "add", "kim", "--role", "student",
                            "--email", "kim@school.edu", "--password-stdin"},
                           "kim-pass-123\n");
  ASSERT_EQ(add.exit_code, 0) << add.err;
  EXPECT_EQ(add.out, "Created users/kim (student)\n");
  Login("alice");

  CommandResult update = Quiz(
      "root", {"admin", "users", "update", "kim", "--display-name", "Kim Li"});
  ASSERT_EQ(update.exit_code, 0) << update.err;
  EXPECT_NE(List().find("Kim Li"), std::string::npos);

  CommandResult disable = Quiz("root", {"admin", "users", "disable", "alice"});
  ASSERT_EQ(disable.exit_code, 0) << disable.err;
  CommandResult refused = Quiz("alice", {"quizzes"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("UNAUTHENTICATED"), std::string::npos)
      << refused.err;
  EXPECT_NE(List({"--disabled"}).find("alice"), std::string::npos);
  ASSERT_EQ(Quiz("root", {"admin", "users", "enable", "alice"}).exit_code, 0);

  CommandResult password = Quiz(
      "root", {"admin", "users", "set-password", "kim", "--password-stdin"},
      "kim-pass-456\n");
  ASSERT_EQ(password.exit_code, 0) << password.err;
  EXPECT_EQ(Quiz("kim", {"login", "kim", "--password-stdin"}, "kim-pass-456\n")
                .exit_code,
            0);

  CommandResult unsure = Quiz("root", {"admin", "users", "delete", "kim"});
  EXPECT_EQ(unsure.exit_code, 2);
  CommandResult deleted =
      Quiz("root", {"admin", "users", "delete", "kim", "--yes"});
  ASSERT_EQ(deleted.exit_code, 0) << deleted.err;
  EXPECT_EQ(List().find("kim"), std::string::npos);

  // Students are told no.
  CommandResult student = Quiz("alice", {"login", "alice", "--password-stdin"},
                               std::string(kPassword) + "\n");
  ASSERT_EQ(student.exit_code, 0) << student.err;
  CommandResult denied = Quiz("alice", {"admin", "users", "list"});
  EXPECT_EQ(denied.exit_code, 1);
  EXPECT_NE(denied.err.find("PERMISSION_DENIED"), std::string::npos)
      << denied.err;
}

}  // namespace
}  // namespace quizd_test
