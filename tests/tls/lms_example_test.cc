// examples/lms/lms.py, the Python LMS integration, against the real quizd
// over TLS with an API key: it syncs a roster, sets up a course and an
// assignment, lets the learners take it, follows the event log and writes
// the gradebook; run twice it duplicates nothing; its event follower,
// killed while events are being written and started again, misses none and
// repeats none.
#include <algorithm>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/e2e/cli_fixture_util.h"
#include "tests/e2e/process_util.h"
#include "tests/service/harness.h"
#include "tests/tls/test_certs.h"

namespace quizd_test {
namespace {

using ::testing::HasSubstr;

// Debian's interpreter, which has python3-grpcio (scripts/install-deps.sh).
constexpr char kPython[] = "/usr/bin/python3";

class LmsExampleTest : public CliFixture {
 protected:
  void SetUp() override {
    CliFixture::SetUp();
    pki_ = MakeTestPki(dir_);
    std::filesystem::create_directory(dir_ + "/banks");
    std::ofstream(dir_ + "/banks/test.yaml") << kTestBank;
    AddUsers({{"root", "admin"}});
    QuizdOptions options;
    options.args = {"--tls-cert", pki_.server_cert, "--tls-key",
                    pki_.server_key};
    StartServer(dir_ + "/banks", options);
    CommandResult login =
        Quiz("root", {"login", "root", "--password-stdin", "--ca", pki_.ca},
             std::string(kPassword) + "\n");
    ASSERT_EQ(login.exit_code, 0) << login.err;
    CommandResult key =
        Quiz("root", {"admin", "keys", "create", "lms", "--create-account",
                      "--scope", "users.write", "--scope", "courses.write",
                      "--scope", "attempts.act", "--scope", "results.read"});
    ASSERT_EQ(key.exit_code, 0) << key.err;
    key_file_ = WriteFile("lms.key", key.out.substr(0, key.out.find('\n')));
  }

  // Runs lms.py COMMAND [ROSTER] with the fixture's server, CA and key.
  CommandResult Lms(std::vector<std::string> args,
                    const std::string& events_out = "events.jsonl",
                    const char* killer = nullptr) {
    std::vector<std::string> argv;
    if (killer != nullptr) argv = {"/usr/bin/timeout", "-s", "KILL", killer};
    std::vector<std::string> lms = {
        kPython,          QUIZD_SOURCE_DIR "/examples/lms/lms.py",
        "--server",       server_->address(),
        "--ca",           pki_.ca,
        "--api-key-file", key_file_,
        "--quiz",         "quizzes/practice-all",
        "--idle",         killer != nullptr ? "0" : "2",
        "--events-out",   dir_ + "/" + events_out,
        "--csv",          dir_ + "/gradebook.csv"};
    argv.insert(argv.end(), lms.begin(), lms.end());
    argv.insert(argv.end(), args.begin(), args.end());
    return RunCommand(argv);
  }

  std::string Roster(int learners) {
    std::string csv = "external_id,username,display_name,email,role\n";
    for (int i = 1; i <= learners; ++i) {
      csv += "sis-" + std::to_string(i) + ",learner" + std::to_string(i) +
             ",Learner " + std::to_string(i) + ",l" + std::to_string(i) +
             "@example.org,student\n";
    }
    return WriteFile("roster.csv", csv);
  }

  // The cursors of an events file, in file order.
  std::vector<int64_t> Cursors(const std::string& name) {
    std::vector<int64_t> cursors;
    std::istringstream lines(ReadFile(dir_ + "/" + name));
    for (std::string line; std::getline(lines, line);) {
      const size_t at = line.find("\"cursor\": ");
      EXPECT_NE(at, std::string::npos) << line;
      if (at != std::string::npos) {
        cursors.push_back(std::stoll(line.substr(at + 10)));
      }
    }
    return cursors;
  }

  TestPki pki_;
  std::string key_file_;
};

TEST_F(LmsExampleTest, SyncsTwiceAndItsFollowerSurvivesAKill) {
  const std::string roster = Roster(2);
  CommandResult first = Lms({"demo", roster});
  ASSERT_EQ(first.exit_code, 0) << first.out << first.err;
  EXPECT_THAT(first.out, HasSubstr("roster: 2 created, 0 updated"));
  EXPECT_THAT(first.out, HasSubstr("members: 2 added"));
  EXPECT_THAT(first.out, HasSubstr("assignment: created assignments/"));
  EXPECT_THAT(first.out, HasSubstr("users/learner1: attempts/"));
  EXPECT_THAT(first.out, HasSubstr("gradebook: 2 rows"));
  const std::string events = ReadFile(dir_ + "/events.jsonl");
  EXPECT_THAT(events, HasSubstr("\"type\": \"ATTEMPT_FINISHED\""));
  EXPECT_THAT(events, HasSubstr("\"type\": \"MEMBERSHIP_CHANGED\""));

  // A second sync finds everything in place and adds nothing.
  CommandResult again = Lms({"demo", roster});
  ASSERT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_THAT(again.out,
              HasSubstr("roster: 0 created, 0 updated, 2 unchanged"));
  EXPECT_THAT(again.out, HasSubstr("members: 0 added, 0 updated, 2 unchanged"));
  EXPECT_THAT(again.out, HasSubstr("exists"));
  EXPECT_THAT(again.out, HasSubstr("already finished"));
  EXPECT_THAT(again.out, HasSubstr("events: 0 new"));
  EXPECT_THAT(again.out, HasSubstr("gradebook: 2 rows"));

  // A third learner joins and takes the assignment while the follower runs;
  // the follower is killed (SIGKILL) mid-run, then started again.
  const std::string bigger = Roster(3);
  std::thread lms([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(800));
    EXPECT_EQ(Lms({"sync-roster", bigger}).exit_code, 0);
    EXPECT_EQ(Lms({"setup-course", bigger}).exit_code, 0);
    EXPECT_EQ(Lms({"take"}).exit_code, 0);
  });
  CommandResult killed = Lms({"follow-events"}, "events.jsonl", "4");
  lms.join();
  EXPECT_EQ(killed.exit_code, 128 + SIGKILL) << killed.err;
  CommandResult resumed = Lms({"follow-events"});
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;

  // Nothing missed, nothing twice: the followed file holds every event of
  // a fresh read of the whole log, once each, in order.
  CommandResult fresh = Lms({"follow-events"}, "fresh.jsonl");
  ASSERT_EQ(fresh.exit_code, 0) << fresh.err;
  const std::vector<int64_t> followed = Cursors("events.jsonl");
  EXPECT_EQ(followed, Cursors("fresh.jsonl"));
  EXPECT_TRUE(std::is_sorted(followed.begin(), followed.end()));
  EXPECT_EQ(std::set<int64_t>(followed.begin(), followed.end()).size(),
            followed.size());

  CommandResult book = Lms({"gradebook"});
  ASSERT_EQ(book.exit_code, 0) << book.err;
  const std::string csv = ReadFile(dir_ + "/gradebook.csv");
  EXPECT_THAT(csv, HasSubstr("users/learner3,sis-3,"));
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 4) << csv;
  EXPECT_THAT(csv, HasSubstr("ACTIVITY_COMPLETED"));
}

}  // namespace
}  // namespace quizd_test
