// End to end: an instructor sets up a course with the real quizd and quiz
// binaries, imports its members from CSV twice (the second run changes
// nothing), a bad line changes nothing and names file and line, another
// instructor cannot touch the course, and a removal shows in
// `members list --changed-since`.
#include <string>

#include "cli_fixture_util.h"
#include "gtest/gtest.h"
#include "process_util.h"

namespace quizd_test {
namespace {

class CourseCliTest : public CliFixture {
 protected:
  void SetUp() override {
    CliFixture::SetUp();
    AddUsers({{"root", "admin"},
              {"ivan", "instructor"},
              {"olga", "instructor"},
              {"alice", "student"},
              {"bob", "student"},
              {"cora", "student"}});
    StartServer(kShippedBanks);
    for (const char* user : {"root", "ivan", "olga", "alice"}) Login(user);
  }

  // Runs quiz as `user` and expects success; returns stdout.
  std::string Ok(const std::string& user, std::vector<std::string> args) {
    CommandResult result = Quiz(user, std::move(args));
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return result.out;
  }

  static void FitsIn80Columns(const std::string& text) {
    size_t start = 0;
    while (start < text.size()) {
      size_t end = text.find('\n', start);
      if (end == std::string::npos) end = text.size();
      EXPECT_LE(end - start, 80u) << text.substr(start, end - start);
      start = end + 1;
    }
  }
};

constexpr char kMembers[] =
    "username,role,status\r\n"
    "alice,learner,active\r\n"
    "bob,learner,\r\n"
    "olga,ta,active\r\n";

TEST_F(CourseCliTest, ImportingTheSameMembersTwiceChangesNothing) {
  EXPECT_EQ(Ok("ivan", {"course", "create", "cpc-2027", "--title",
                        "CPC Exam Prep, Section 2", "--term", "2027 Spring",
                        "--external-id", "lms-cpc-2"}),
            "Created courses/cpc-2027\n");
  const std::string file = WriteFile("members.csv", kMembers);
  EXPECT_EQ(Ok("ivan",
               {"course", "members", "import", "cpc-2027", file, "--dry-run"}),
            "Dry run: would have 3 added, 0 changed, 0 unchanged; nothing was "
            "changed.\n");
  EXPECT_EQ(Ok("ivan", {"course", "members", "import", "cpc-2027", file}),
            "3 added, 0 changed, 0 unchanged\n");
  EXPECT_EQ(Ok("ivan", {"course", "members", "import", "cpc-2027", file}),
            "0 added, 0 changed, 3 unchanged\n");

  const std::string members =
      Ok("ivan", {"course", "members", "list", "cpc-2027"});
  FitsIn80Columns(members);
  for (const char* user : {"alice", "bob", "olga", "ivan"}) {
    EXPECT_NE(members.find(user), std::string::npos) << members;
  }
  EXPECT_NE(members.find("ta"), std::string::npos) << members;
  const std::string list = Ok("ivan", {"course", "list"});
  FitsIn80Columns(list);
  EXPECT_NE(list.find("CPC Exam Prep, Section 2"), std::string::npos) << list;
  EXPECT_NE(Ok("alice", {"course", "show", "cpc-2027"}).find("lms-cpc-2"),
            std::string::npos);
}

TEST_F(CourseCliTest, ABadLineNamesFileAndLineAndChangesNothing) {
  Ok("ivan", {"course", "create", "cpc", "--title", "CPC"});
  const std::string file = WriteFile("roster.csv",
                                     "username,role\n"
                                     "alice,learner\n"
                                     "bob,professor\n"
                                     "nobody,learner\n"
                                     "cora,learner\n");
  CommandResult bad =
      Quiz("ivan", {"course", "members", "import", "cpc", file});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("roster.csv:3: role: \"professor\""),
            std::string::npos)
      << bad.err;
  EXPECT_NE(bad.err.find("roster.csv:4: user: no user users/nobody"),
            std::string::npos)
      << bad.err;
  EXPECT_NE(bad.err.find("nothing was changed"), std::string::npos) << bad.err;
  EXPECT_EQ(Ok("ivan", {"course", "members", "list", "cpc"}).find("alice"),
            std::string::npos);
  CommandResult skipped =
      Quiz("ivan", {"course", "members", "import", "cpc", file, "--skip-bad"});
  EXPECT_EQ(skipped.exit_code, 0) << skipped.err;
  EXPECT_EQ(skipped.out, "2 added, 0 changed, 0 unchanged, 2 skipped\n");
}

TEST_F(CourseCliTest, AnInstructorCannotChangeACourseTheyDoNotTeach) {
  Ok("ivan", {"course", "create", "cpc", "--title", "CPC"});
  CommandResult update =
      Quiz("olga", {"course", "update", "cpc", "--title", "Mine now"});
  EXPECT_EQ(update.exit_code, 1);
  EXPECT_NE(update.err.find("PERMISSION_DENIED"), std::string::npos)
      << update.err;
  CommandResult add = Quiz("olga", {"course", "members", "add", "cpc", "olga",
                                    "--role", "instructor"});
  EXPECT_EQ(add.exit_code, 1);
  EXPECT_NE(add.err.find("PERMISSION_DENIED"), std::string::npos) << add.err;
  CommandResult archive = Quiz("olga", {"course", "archive", "cpc"});
  EXPECT_NE(archive.exit_code, 0);
  EXPECT_EQ(Ok("olga", {"course", "list"}), "No courses.\n");
  // Its instructor and admins can.
  EXPECT_EQ(Ok("ivan", {"course", "update", "cpc", "--title", "CPC 2"}),
            "Updated courses/cpc\n");
  EXPECT_EQ(Ok("root", {"course", "archive", "cpc"}), "Archived courses/cpc\n");
  EXPECT_EQ(Ok("ivan", {"course", "list"}), "No courses.\n");
  EXPECT_NE(Ok("ivan", {"course", "list", "--archived"}).find("archived"),
            std::string::npos);
}

TEST_F(CourseCliTest, ARemovalShowsInChangedSince) {
  Ok("ivan", {"course", "create", "cpc", "--title", "CPC"});
  Ok("ivan",
     {"course", "members", "add", "cpc", "alice", "bob", "--role", "learner"});
  EXPECT_EQ(Ok("ivan", {"course", "members", "remove", "cpc", "bob", "cora"}),
            "1 removed, 1 were not members\n");
  const std::string current = Ok("ivan", {"course", "members", "list", "cpc"});
  EXPECT_EQ(current.find("bob"), std::string::npos) << current;
  const std::string changed =
      Ok("ivan", {"course", "members", "list", "cpc", "--changed-since",
                  "2000-01-01T00:00:00Z", "--role", "learner"});
  EXPECT_NE(changed.find("bob"), std::string::npos) << changed;
  EXPECT_NE(changed.find("removed"), std::string::npos) << changed;
  EXPECT_EQ(changed.find("ivan"), std::string::npos) << changed;
  // A learner sees the staff and themselves only.
  const std::string seen = Ok("alice", {"course", "members", "list", "cpc"});
  EXPECT_NE(seen.find("ivan"), std::string::npos) << seen;
  EXPECT_EQ(seen.find("bob"), std::string::npos) << seen;
}

TEST_F(CourseCliTest, HostileInputIsRefusedNamingTheField) {
  CommandResult bad_id =
      Quiz("ivan", {"course", "create", "Bad Id!", "--title", "T"});
  EXPECT_NE(bad_id.exit_code, 0);
  EXPECT_NE(bad_id.err.find("course_id"), std::string::npos) << bad_id.err;
  CommandResult long_title = Quiz(
      "ivan", {"course", "create", "ok", "--title", std::string(5000, 'x')});
  EXPECT_NE(long_title.exit_code, 0);
  EXPECT_NE(long_title.err.find("title"), std::string::npos) << long_title.err;
  CommandResult escape =
      Quiz("ivan", {"course", "create", "ok", "--title", "a\x1b[2Jb"});
  EXPECT_NE(escape.exit_code, 0);
  EXPECT_NE(escape.err.find("title"), std::string::npos) << escape.err;
  EXPECT_EQ(escape.err.find('\x1b'), std::string::npos);
  const std::string file =
      WriteFile("broken.csv", "username,role\n\"alice,learner\n");
  CommandResult broken =
      Quiz("ivan", {"course", "members", "import", "ok", file});
  EXPECT_EQ(broken.exit_code, 2);
  EXPECT_NE(broken.err.find("broken.csv:2:"), std::string::npos) << broken.err;
  EXPECT_EQ(Ok("root", {"course", "list"}), "No courses.\n");
}

}  // namespace
}  // namespace quizd_test
