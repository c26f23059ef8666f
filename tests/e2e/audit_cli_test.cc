// End to end with the real binaries: accounts made with `quizd user add`, a
// bank push and a refused push appear in `quiz admin audit`, as a table
// within 80 columns and as JSON, filtered and limited; only admins read it.
#include <filesystem>
#include <sstream>

#include "cli_fixture_util.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "process_util.h"
#include "quiz/v1/audit_service.pb.h"

namespace quizd_test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const std::string kAuditTestBank =
    QUIZD_SOURCE_DIR "/tests/data/every_type.yaml";

class AuditCliTest : public CliFixture {
 protected:
  void SetUp() override {
    CliFixture::SetUp();
    std::filesystem::create_directory(dir_ + "/banks");
    std::filesystem::copy_file(kAuditTestBank, dir_ + "/banks/every_type.yaml");
    AddUsers(
        {{"alice", "student"}, {"carol", "instructor"}, {"dave", "admin"}});
    StartServer(dir_ + "/banks");
    Login("alice");
    Login("carol");
    Login("dave");
  }

  quiz::v1::ListAuditEventsResponse Json(std::vector<std::string> args) {
    args.insert(args.begin(), {"admin", "audit"});
    args.push_back("--json");
    CommandResult run = Quiz("dave", args);
    EXPECT_EQ(run.exit_code, 0) << run.err;
    quiz::v1::ListAuditEventsResponse events;
    EXPECT_TRUE(
        google::protobuf::util::JsonStringToMessage(run.out, &events).ok())
        << run.out;
    return events;
  }
};

TEST_F(AuditCliTest, AdminsReadWhoChangedWhatWhenAndFromWhere) {
  std::string fixed = ReadFile(kAuditTestBank);
  fixed.replace(fixed.find("true_false: {answer: false}"),
                std::string("true_false: {answer: false}").size(),
                "true_false: {answer: true}");
  const std::string path = WriteFile("fixed.yaml", fixed);
  // The bank came from the bank directory: an admin shares it with carol.
  CommandResult shared = Quiz("dave", {"bank", "share", "everytype", "carol"});
  ASSERT_EQ(shared.exit_code, 0) << shared.err;
  CommandResult pushed = Quiz("carol", {"bank", "push", path});
  ASSERT_EQ(pushed.exit_code, 0) << pushed.err;
  CommandResult refused = Quiz("alice", {"bank", "push", path});
  EXPECT_NE(refused.exit_code, 0);

  CommandResult table = Quiz("dave", {"admin", "audit"});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  std::istringstream lines(table.out);
  std::vector<std::string> rows;
  for (std::string line; std::getline(lines, line);) {
    EXPECT_LE(line.size(), 80u) << line;
    rows.push_back(line);
  }
  // Header, the refusal, the push, the share, then the three accounts,
  // newest first.
  ASSERT_EQ(rows.size(), 7u) << table.out;
  EXPECT_THAT(rows[0], HasSubstr("TIME"));
  EXPECT_THAT(rows[0], HasSubstr("FROM"));
  EXPECT_THAT(rows[1], HasSubstr("alice"));
  EXPECT_THAT(rows[1], HasSubstr("(denied)"));
  EXPECT_THAT(rows[2], HasSubstr("carol"));
  EXPECT_THAT(rows[2], HasSubstr("banks/everytype"));
  EXPECT_THAT(rows[2], HasSubstr("127.0.0.1"));
  EXPECT_THAT(rows[3], HasSubstr("dave"));
  EXPECT_THAT(rows[3], HasSubstr("banks/everytype"));
  for (int i = 4; i < 7; ++i) {
    EXPECT_THAT(rows[i], HasSubstr("system"));
    EXPECT_THAT(rows[i], HasSubstr("quizd user add"));
  }
  EXPECT_THAT(rows[4], HasSubstr("users/dave"));

  quiz::v1::ListAuditEventsResponse carols = Json({"--actor", "carol"});
  ASSERT_EQ(carols.events_size(), 1);
  const quiz::v1::AuditEvent& push = carols.events(0);
  EXPECT_EQ(push.actor(), "users/carol");
  EXPECT_EQ(push.status(), "OK");
  EXPECT_THAT(push.method(), HasSubstr("BankVersion"));
  EXPECT_THAT(push.summary(), HasSubstr("\"version\":\"2\""));
  EXPECT_THAT(push.user_agent(), HasSubstr("quiz"));

  EXPECT_EQ(Json({"--method", "quizd user add"}).events_size(), 3);
  // `quiz bank push` streams the bank (UploadBankVersion): a refusal comes
  // before any of it is read, so only the push (and the share) name it.
  EXPECT_EQ(Json({"--resource", "banks/"}).events_size(), 2);
  EXPECT_EQ(Json({"--since", "2000-01-01"}).events_size(), 6);
  EXPECT_EQ(Json({"--until", "2000-01-01"}).events_size(), 0);
  EXPECT_EQ(Json({"--limit", "2"}).events_size(), 2);

  CommandResult limited = Quiz("dave", {"admin", "audit", "--limit", "2"});
  ASSERT_EQ(limited.exit_code, 0) << limited.err;
  EXPECT_THAT(limited.out, HasSubstr("The 2 newest shown"));
  CommandResult none =
      Quiz("dave", {"admin", "audit", "--since", "2999-01-01"});
  ASSERT_EQ(none.exit_code, 0) << none.err;
  EXPECT_EQ(none.out, "No audit events match.\n");
}

TEST_F(AuditCliTest, OnlyAdminsAndOnlyGoodDates) {
  CommandResult student = Quiz("alice", {"admin", "audit"});
  EXPECT_EQ(student.exit_code, 1);
  EXPECT_THAT(student.err, HasSubstr("PERMISSION_DENIED"));
  CommandResult instructor = Quiz("carol", {"admin", "audit"});
  EXPECT_EQ(instructor.exit_code, 1);
  CommandResult bad_date =
      Quiz("dave", {"admin", "audit", "--since", "last tuesday"});
  EXPECT_EQ(bad_date.exit_code, 2);
  EXPECT_THAT(bad_date.err, HasSubstr("--since"));
  CommandResult bad_limit = Quiz("dave", {"admin", "audit", "--limit", "0"});
  EXPECT_EQ(bad_limit.exit_code, 2);
}

}  // namespace
}  // namespace quizd_test
