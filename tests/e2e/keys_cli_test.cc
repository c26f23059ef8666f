// Integration credentials end to end with the real binaries: an admin makes
// a service account and a key with `quiz admin keys`, an integration uses
// the key through QUIZ_API_KEY or --api-key-file, the admin revokes it, and
// the next call is refused.
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "cli_fixture_util.h"

namespace quizd_test {
namespace {

class KeysCliTest : public CliFixture {
 protected:
  void SetUp() override {
    CliFixture::SetUp();
    AddUsers({{"root", "admin"}, {"ana", "student"}, {"ivan", "instructor"}});
    StartServer(kShippedBanks);
    Login("root");
    Login("ivan");
  }

  // Runs `quiz` with QUIZ_API_KEY set to `key` and no login of its own.
  CommandResult QuizWithKey(const std::string& key,
                            std::vector<std::string> args) {
    std::vector<std::string> argv = {"/usr/bin/env",
                                     "QUIZ_API_KEY=" + key,
                                     QuizBinary(),
                                     "--server",
                                     server_->address(),
                                     "--config",
                                     dir_ + "/integration.json"};
    argv.insert(argv.end(), args.begin(), args.end());
    return RunCommand(argv);
  }

  // Creates a key for `account` with `scopes`; returns the secret printed.
  std::string CreateKey(const std::string& account,
                        const std::vector<std::string>& scopes,
                        std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"admin", "keys", "create", account};
    for (const std::string& scope : scopes) {
      args.push_back("--scope");
      args.push_back(scope);
    }
    args.insert(args.end(), extra.begin(), extra.end());
    CommandResult created = Quiz("root", args);
    EXPECT_EQ(created.exit_code, 0) << created.err;
    EXPECT_TRUE(absl::StrContains(created.err, "only time the key is shown"))
        << created.err;
    return std::string(absl::StripAsciiWhitespace(created.out));
  }
};

TEST_F(KeysCliTest, CreateUseRevokeRefuse) {
  const std::string key = CreateKey(
      "grades", {"results.read"},
      {"--create-account", "--expires", "30d", "--label", "Grade sync"});
  ASSERT_TRUE(absl::StartsWith(key, "qzk_")) << key;
  ASSERT_EQ(key.size(), 77u) << key;
  const std::string prefix = key.substr(0, 12);

  // The key reads: the quiz list.
  CommandResult read = QuizWithKey(key, {"quizzes"});
  ASSERT_EQ(read.exit_code, 0) << read.err;
  EXPECT_TRUE(absl::StrContains(read.out, "ID")) << read.out;

  // Listed with its scope and label, never its secret; 80 columns.
  CommandResult list = Quiz("root", {"admin", "keys", "list"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_TRUE(absl::StrContains(list.out, prefix)) << list.out;
  EXPECT_TRUE(absl::StrContains(list.out, "results.read")) << list.out;
  EXPECT_TRUE(absl::StrContains(list.out, "Grade sync")) << list.out;
  EXPECT_FALSE(absl::StrContains(list.out, key.substr(13))) << list.out;
  for (absl::string_view line : absl::StrSplit(list.out, '\n')) {
    EXPECT_LE(line.size(), 80u) << line;
  }
  CommandResult accounts = Quiz("root", {"admin", "accounts", "list"});
  ASSERT_EQ(accounts.exit_code, 0) << accounts.err;
  EXPECT_TRUE(absl::StrContains(accounts.out, "grades")) << accounts.out;

  // An instructor manages no keys.
  CommandResult denied = Quiz("ivan", {"admin", "keys", "list"});
  EXPECT_EQ(denied.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(denied.err, "PERMISSION_DENIED")) << denied.err;

  // Revoked: the next call with it is refused, without advice to log in.
  CommandResult revoked = Quiz("root", {"admin", "keys", "revoke", prefix});
  ASSERT_EQ(revoked.exit_code, 0) << revoked.err;
  EXPECT_TRUE(absl::StrContains(revoked.out, "Revoked API key " + prefix))
      << revoked.out;
  CommandResult refused = QuizWithKey(key, {"quizzes"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(refused.err, "UNAUTHENTICATED")) << refused.err;
  EXPECT_TRUE(absl::StrContains(refused.err, "revoked")) << refused.err;
  EXPECT_FALSE(absl::StrContains(refused.err, "quiz login")) << refused.err;
  list = Quiz("root", {"admin", "keys", "list", "grades"});
  EXPECT_TRUE(absl::StrContains(list.out, "revoked")) << list.out;
}

TEST_F(KeysCliTest, KeyFromAFileAndBadKeysAreUsageErrors) {
  ASSERT_EQ(Quiz("root", {"admin", "accounts", "create", "lms"}).exit_code, 0);
  const std::string key = CreateKey("lms", {"results.read", "attempts.act"});
  const std::string file = WriteFile("lms.key", key + "\n");
  CommandResult read =
      RunCommand({QuizBinary(), "--server", server_->address(), "--config",
                  dir_ + "/lms.json", "--api-key-file", file, "quizzes"});
  EXPECT_EQ(read.exit_code, 0) << read.err;

  const std::string bad = WriteFile("bad.key", "not a key\n");
  CommandResult refused =
      RunCommand({QuizBinary(), "--server", server_->address(), "--config",
                  dir_ + "/lms.json", "--api-key-file", bad, "quizzes"});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_TRUE(absl::StrContains(refused.err, "bad.key: not an API key"))
      << refused.err;
  refused = QuizWithKey("qzk_\x1b[2J", {"quizzes"});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_TRUE(absl::StrContains(refused.err, "QUIZ_API_KEY: not an API key"))
      << refused.err;

  // Bad scopes and lifetimes change nothing.
  CommandResult bad_scope =
      Quiz("root", {"admin", "keys", "create", "lms", "--scope", "all"});
  EXPECT_EQ(bad_scope.exit_code, 2);
  EXPECT_TRUE(absl::StrContains(bad_scope.err, "--scope: \"all\""))
      << bad_scope.err;
  CommandResult bad_expiry =
      Quiz("root", {"admin", "keys", "create", "lms", "--scope", "results.read",
                    "--expires", "soon"});
  EXPECT_EQ(bad_expiry.exit_code, 2);
  CommandResult list = Quiz("root", {"admin", "keys", "list", "lms", "--json"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_EQ(list.out.find("\"prefix\""), list.out.rfind("\"prefix\""))
      << "one key only:\n"
      << list.out;

  // Deleting the account revokes its key.
  CommandResult deleted = Quiz("root", {"admin", "accounts", "delete", "lms"});
  ASSERT_EQ(deleted.exit_code, 0) << deleted.err;
  EXPECT_TRUE(absl::StrContains(deleted.out, "revoked 1 active key"))
      << deleted.out;
  EXPECT_EQ(QuizWithKey(key, {"quizzes"}).exit_code, 1);
}

}  // namespace
}  // namespace quizd_test
