// End to end with the real binaries: an instructor assigns an exam to a
// course as a draft, publishes it with one attempt and keys never shown,
// gives a learner an extra attempt; the learner finds it, is refused the
// exam on their own, takes it through the assignment, and is refused a
// second start in plain words until the override.
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli_fixture_util.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "process_util.h"
#include "quiz/v1/course.pb.h"

namespace quizd_test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class AssignmentCliTest : public CliFixture {
 protected:
  void SetUp() override {
    CliFixture::SetUp();
    // every_type.yaml with its exam left assigned-only (the default).
    std::string bank = ReadFile(QUIZD_SOURCE_DIR "/tests/data/every_type.yaml");
    const std::string open = "    access: open\n";
    ASSERT_NE(bank.find(open), std::string::npos);
    bank.erase(bank.find(open), open.size());
    std::filesystem::create_directory(dir_ + "/banks");
    std::ofstream(dir_ + "/banks/every_type.yaml") << bank;
    AddUsers({{"alice", "student"}, {"carol", "instructor"}});
    StartServer(dir_ + "/banks");
    // The course and its members, as the course commands would make them.
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(this->db().c_str(), &db), SQLITE_OK);
    sqlite3_busy_timeout(db, 10000);
    ASSERT_EQ(sqlite3_exec(db, R"sql(
      INSERT INTO courses VALUES('c1', 'CPC prep', '2027', '', 0, 0, 0);
      INSERT INTO course_members SELECT 'c1', id, 1, 1, 0 FROM users
        WHERE username = 'alice';
      INSERT INTO course_members SELECT 'c1', id, 2, 1, 0 FROM users
        WHERE username = 'carol';
    )sql",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
    Login("alice");
    Login("carol");
  }
};

TEST_F(AssignmentCliTest, AnInstructorAssignsAndALearnerTakesIt) {
  CommandResult created =
      Quiz("carol",
           {"assignment", "create", "c1", "types-exam", "--title", "Midterm",
            "--opens", "2020-01-01 09:00", "--attempts", "1", "--release",
            "never", "--time-limit", "90m", "--draft", "--json"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  quiz::v1::Assignment assignment;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(created.out, &assignment)
          .ok())
      << created.out;
  const std::string id = assignment.name().substr(12);
  EXPECT_FALSE(assignment.published());
  EXPECT_EQ(assignment.time_limit_seconds(), 5400);

  CommandResult listed = Quiz("alice", {"assignment", "list", "c1"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_THAT(listed.out, HasSubstr("No assignments"));
  ASSERT_EQ(Quiz("carol", {"assignment", "publish", id}).exit_code, 0);
  listed = Quiz("alice", {"assignment", "list", "c1"});
  EXPECT_THAT(listed.out, HasSubstr(id));
  EXPECT_THAT(listed.out, HasSubstr("Midterm"));

  CommandResult shown = Quiz("carol", {"assignment", "show", id});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_THAT(shown.out, HasSubstr("Keys shown:  never"));
  EXPECT_THAT(shown.out, HasSubstr("Opens:       2020-01-01 09:00"));
  for (const std::string& line : {shown.out, listed.out}) {
    std::istringstream lines(line);
    std::string one;
    while (std::getline(lines, one)) EXPECT_LE(one.size(), 80u) << one;
  }

  const std::string answers = WriteFile("answers.txt", "");
  CommandResult alone =
      Quiz("alice", {"take", "types-exam", "--answers", answers});
  EXPECT_NE(alone.exit_code, 0);
  EXPECT_THAT(alone.err,
              HasSubstr("quizzes/types-exam is taken through an assignment"));

  CommandResult taken = Quiz(
      "alice", {"take", "--assignment", id, "--answers", answers, "--json"});
  ASSERT_EQ(taken.exit_code, 0) << taken.err;
  quiz::v1::Attempt attempt = ParseAttempt(taken.out);
  EXPECT_EQ(attempt.assignment(), "assignments/" + id);
  EXPECT_EQ(attempt.state(), quiz::v1::FINISHED);
  for (const quiz::v1::AttemptItem& item : attempt.items()) {
    EXPECT_EQ(item.item().rationale(), "") << "released never";
  }

  CommandResult again =
      Quiz("alice", {"take", "--assignment", id, "--answers", answers});
  EXPECT_NE(again.exit_code, 0);
  EXPECT_THAT(again.err, HasSubstr("1 of 1 attempts used"));

  CommandResult override_set =
      Quiz("carol", {"assignment", "override", id, "alice", "--extra-attempts",
                     "1", "--time-factor", "1.5"});
  ASSERT_EQ(override_set.exit_code, 0) << override_set.err;
  EXPECT_THAT(override_set.out, HasSubstr("time x1.5, +1 attempts"));
  again = Quiz("alice", {"take", "--assignment", id, "--answers", answers});
  EXPECT_EQ(again.exit_code, 0) << again.err;

  // Learners do not change assignments.
  CommandResult refused = Quiz("alice", {"assignment", "delete", id});
  EXPECT_NE(refused.exit_code, 0);
  ASSERT_EQ(Quiz("carol", {"assignment", "delete", id}).exit_code, 0);
  listed = Quiz("alice", {"assignment", "list", "c1"});
  EXPECT_THAT(listed.out, Not(HasSubstr(id)));
}

}  // namespace
}  // namespace quizd_test
