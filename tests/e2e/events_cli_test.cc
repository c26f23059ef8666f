// End to end with the real binaries: `quiz events` prints the log one line
// per event within 80 columns, each starting with its cursor; `quiz events
// --follow` prints new events as they commit, and a follower killed with
// SIGKILL and resumed with --after its last cursor misses nothing and
// repeats nothing.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <sstream>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "cli_fixture_util.h"
#include "gtest/gtest.h"
#include "process_util.h"

namespace quizd_test {
namespace {

const std::string kEventsTestBank =
    QUIZD_SOURCE_DIR "/tests/data/every_type.yaml";

class EventsCliTest : public CliFixture {
 protected:
  void SetUp() override {
    CliFixture::SetUp();
    std::filesystem::create_directory(dir_ + "/banks");
    std::filesystem::copy_file(kEventsTestBank,
                               dir_ + "/banks/every_type.yaml");
    AddUsers({{"alice", "student"}, {"dave", "admin"}});
    StartServer(dir_ + "/banks");
    Login("alice");
    Login("dave");
  }

  // Pushes every_type.yaml as a new version (a new title each time): one
  // BANK_VERSION_PUBLISHED event.
  void PushVersion(int n) {
    std::string bank = ReadFile(kEventsTestBank);
    const size_t title = bank.find("title:");
    ASSERT_NE(title, std::string::npos);
    bank.replace(title, bank.find('\n', title) - title,
                 "title: Every type v" + std::to_string(n));
    const std::string path =
        WriteFile("push" + std::to_string(n) + ".yaml", bank);
    CommandResult pushed = Quiz("dave", {"bank", "push", path});
    ASSERT_EQ(pushed.exit_code, 0) << pushed.err;
  }

  // The cursors at the start of each line of `text`.
  static std::vector<int64_t> Cursors(const std::string& text) {
    std::vector<int64_t> cursors;
    for (absl::string_view line :
         absl::StrSplit(text, '\n', absl::SkipEmpty())) {
      int64_t cursor = 0;
      EXPECT_TRUE(absl::SimpleAtoi(line.substr(0, line.find(' ')), &cursor))
          << line;
      cursors.push_back(cursor);
    }
    return cursors;
  }

  // Starts `quiz events --follow` as dave with stdout to `out_path`.
  pid_t StartFollower(const std::string& out_path, int64_t after) {
    const std::vector<std::string> args = {
        QuizBinary(), "--server",          server_->address(),
        "--config",   dir_ + "/dave.json", "events",
        "--follow",   "--after",           std::to_string(after)};
    const pid_t pid = fork();
    if (pid == 0) {
      const int fd = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      dup2(fd, STDOUT_FILENO);
      std::vector<char*> argv;
      for (const std::string& arg : args) {
        argv.push_back(const_cast<char*>(arg.c_str()));
      }
      argv.push_back(nullptr);
      execv(argv[0], argv.data());
      _exit(127);
    }
    return pid;
  }

  // Waits (up to a minute: no timing is asserted) until `path` holds
  // `lines` lines.
  std::string AwaitLines(const std::string& path, size_t lines) {
    std::string text;
    for (int i = 0; i < 600; ++i) {
      text = ReadFile(path);
      if (Cursors(text).size() >= lines) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return text;
  }
};

TEST_F(EventsCliTest, ListsFollowsAndResumesAfterAKilledFollower) {
  CommandResult listed = Quiz("dave", {"events"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  // The bank loaded at start, then how to resume.
  ASSERT_EQ(Cursors(listed.out.substr(0, listed.out.find("Resume"))).size(), 1u)
      << listed.out;
  EXPECT_NE(listed.out.find(" bank "), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find("everytype v1"), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find("Resume with: quiz events --after 1"),
            std::string::npos)
      << listed.out;
  // A student sees no bank events.
  CommandResult student = Quiz("alice", {"events"});
  ASSERT_EQ(student.exit_code, 0) << student.err;
  EXPECT_NE(student.out.find("No new events."), std::string::npos)
      << student.out;

  const std::string followed = dir_ + "/followed.txt";
  pid_t follower = StartFollower(followed, 0);
  PushVersion(2);
  PushVersion(3);
  std::string text = AwaitLines(followed, 3);
  std::vector<int64_t> seen = Cursors(text);
  ASSERT_EQ(seen.size(), 3u) << text;
  for (absl::string_view line : absl::StrSplit(text, '\n', absl::SkipEmpty())) {
    EXPECT_LE(line.size(), 80u) << line;
  }
  kill(follower, SIGKILL);
  waitpid(follower, nullptr, 0);

  // Written while nobody follows; the resumed follower gets exactly these.
  PushVersion(4);
  PushVersion(5);
  const std::string resumed_path = dir_ + "/resumed.txt";
  follower = StartFollower(resumed_path, seen.back());
  PushVersion(6);
  text = AwaitLines(resumed_path, 3);
  kill(follower, SIGKILL);
  waitpid(follower, nullptr, 0);
  std::vector<int64_t> resumed = Cursors(text);
  seen.insert(seen.end(), resumed.begin(), resumed.end());

  CommandResult all = Quiz("dave", {"events"});
  ASSERT_EQ(all.exit_code, 0) << all.err;
  EXPECT_EQ(seen, Cursors(all.out.substr(0, all.out.find("Resume")))) << text;
  EXPECT_EQ(seen.size(), 6u);
}

}  // namespace
}  // namespace quizd_test
