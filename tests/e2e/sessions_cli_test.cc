// `quiz passwd` and `quiz sessions` against a real quizd.
#include <regex>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "cli_fixture_util.h"

namespace quizd_test {
namespace {

class SessionsCliTest : public CliFixture {
 protected:
  void SetUp() override {
    CliFixture::SetUp();
    AddUsers({{"alice", "student"}});
    StartServer(kShippedBanks);
    Login("alice");
  }

  // A second login of alice, with a config file of its own ("laptop").
  void LoginElsewhere() {
    CommandResult login = Quiz("laptop", {"login", "alice", "--password-stdin"},
                               std::string(kPassword) + "\n");
    ASSERT_EQ(login.exit_code, 0) << login.err;
  }
};

TEST_F(SessionsCliTest, SessionsListsEveryLoginAndMarksThisOne) {
  LoginElsewhere();
  CommandResult listed = Quiz("alice", {"sessions"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  std::vector<std::string> lines = absl::StrSplit(listed.out, '\n');
  int rows = 0, marked = 0;
  for (const std::string& line : lines) {
    // Columns: UTF-8 characters ("\u2026" ends a cut cell).
    size_t columns = 0;
    for (char c : line)
      columns += (static_cast<unsigned char>(c) & 0xc0) != 0x80;
    EXPECT_LE(columns, 80u) << line;
    if (std::regex_search(line, std::regex("[0-9a-f]{16}"))) {
      ++rows;
      EXPECT_TRUE(absl::StrContains(line, "127.0.0.1")) << line;
      EXPECT_TRUE(absl::StrContains(line, "quiz grpc-c++")) << line;
      marked += absl::StartsWith(line, "*");
    }
  }
  EXPECT_EQ(rows, 2) << listed.out;
  EXPECT_EQ(marked, 1) << listed.out;
}

TEST_F(SessionsCliTest, RevokeOneSessionThenAllButThisOne) {
  LoginElsewhere();
  CommandResult listed = Quiz("alice", {"sessions"});
  std::smatch other;
  // The unmarked row's id.
  ASSERT_TRUE(
      std::regex_search(listed.out, other, std::regex("\n +([0-9a-f]{16})")))
      << listed.out;
  CommandResult revoked = Quiz("alice", {"sessions", "revoke", other[1].str()});
  ASSERT_EQ(revoked.exit_code, 0) << revoked.err;
  EXPECT_NE(Quiz("laptop", {"quizzes"}).exit_code, 0);
  EXPECT_EQ(Quiz("alice", {"quizzes"}).exit_code, 0);

  LoginElsewhere();
  CommandResult all =
      Quiz("alice", {"sessions", "revoke", "--all", "--keep-current"});
  ASSERT_EQ(all.exit_code, 0) << all.err;
  EXPECT_TRUE(absl::StrContains(all.out, "Revoked 1 session")) << all.out;
  EXPECT_NE(Quiz("laptop", {"quizzes"}).exit_code, 0);
  EXPECT_EQ(Quiz("alice", {"quizzes"}).exit_code, 0);

  CommandResult usage = Quiz("alice", {"sessions", "revoke"});
  EXPECT_EQ(usage.exit_code, 2) << usage.err;
}

TEST_F(SessionsCliTest, PasswdChangesThePasswordAndLogsOutElsewhere) {
  LoginElsewhere();
  // The new password typed twice, differently: nothing changes.
  CommandResult differ =
      Quiz("alice", {"passwd"},
           std::string(kPassword) + "\nnew-password-1\nnew-password-2\n");
  EXPECT_EQ(differ.exit_code, 2) << differ.err;
  CommandResult wrong = Quiz("alice", {"passwd"},
                             "not-it-at-all\nnew-password-1\n"
                             "new-password-1\n");
  EXPECT_EQ(wrong.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(wrong.err, "wrong password")) << wrong.err;
  EXPECT_EQ(Quiz("laptop", {"quizzes"}).exit_code, 0);

  CommandResult changed =
      Quiz("alice", {"passwd"},
           std::string(kPassword) + "\nnew-password-1\nnew-password-1\n");
  ASSERT_EQ(changed.exit_code, 0) << changed.err;
  EXPECT_TRUE(absl::StrContains(changed.out, "1 other session was logged out"))
      << changed.out;
  EXPECT_EQ(Quiz("alice", {"quizzes"}).exit_code, 0);
  EXPECT_NE(Quiz("laptop", {"quizzes"}).exit_code, 0);
  EXPECT_NE(Quiz("laptop", {"login", "alice", "--password-stdin"},
                 std::string(kPassword) + "\n")
                .exit_code,
            0);
  EXPECT_EQ(
      Quiz("laptop", {"login", "alice", "--password-stdin"}, "new-password-1\n")
          .exit_code,
      0);
}

}  // namespace
}  // namespace quizd_test
