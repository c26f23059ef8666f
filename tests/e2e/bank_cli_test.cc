// End to end with the real binaries: a student answers every item type from
// a file; an instructor exports, pushes, lists versions and regrades after a
// key fix.
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_replace.h"
#include "cli_fixture_util.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "process_util.h"
#include "question_bank/src/bank_file.h"
#include "quiz/v1/attempt.pb.h"
#include "tests/common/big_bank.h"

namespace quizd_test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const std::string kEveryType = QUIZD_SOURCE_DIR "/tests/data/every_type.yaml";

// Right answers to every item of every_type.yaml, in the answers-file syntax.
const char kRightAnswers[] = R"(# every type, all right
et-single: co
et-multi: c1, c2
et-tf: false
et-order: doc, code, claim, post
et-match: claim=t837p, era=t835, elig=t270
et-numeric: $64.00
et-text: X12 835
et-icd: G30.1, F02.80
et-icd-7th: S06.0X0A
et-cpt: 99213-25
et-hcpcs: J3301 x8
et-case-owes: 20
et-case-co: false
et-case-group: pr
et-likert: 5
et-likert-phone: 1
)";

class BankCliTest : public CliFixture {
 protected:
  void SetUp() override {
    CliFixture::SetUp();
    std::filesystem::create_directory(dir_ + "/banks");
    std::filesystem::copy_file(kEveryType, dir_ + "/banks/every_type.yaml");
    AddUsers({{"alice", "student"},
              {"carol", "instructor"},
              {"erin", "instructor"},
              {"dave", "admin"}});
    StartServer(dir_ + "/banks");
    Login("alice");
    Login("carol");
    Login("erin");
    Login("dave");
    // A bank from the bank directory is the admins' until one shares it.
    CommandResult shared =
        Quiz("dave", {"bank", "share", "everytype", "carol"});
    ASSERT_EQ(shared.exit_code, 0) << shared.err;
  }
};

TEST_F(BankCliTest, OwnersShareAndUnshareTheirBanks) {
  CommandResult owners = Quiz("carol", {"bank", "owners", "everytype"});
  ASSERT_EQ(owners.exit_code, 0) << owners.err;
  EXPECT_THAT(owners.out, HasSubstr("OWNER"));
  EXPECT_THAT(owners.out, HasSubstr("carol"));
  const std::string exported = dir_ + "/everytype.yaml";
  ASSERT_EQ(
      Quiz("carol", {"bank", "export", "everytype", "-o", exported}).exit_code,
      0);
  std::string changed = ReadFile(exported);
  changed.replace(changed.find("title: "), 7, "title: Changed ");
  const std::string path = WriteFile("changed.yaml", changed);

  CommandResult refused = Quiz("erin", {"bank", "push", path});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.err,
              HasSubstr("banks/everytype is owned by users/carol; ask an "
                        "owner or an admin to share it"));
  CommandResult shared = Quiz("carol", {"bank", "share", "everytype", "erin"});
  ASSERT_EQ(shared.exit_code, 0) << shared.err;
  EXPECT_THAT(shared.out, HasSubstr("erin"));
  CommandResult pushed = Quiz("erin", {"bank", "push", path});
  EXPECT_EQ(pushed.exit_code, 0) << pushed.err;

  ASSERT_EQ(Quiz("erin", {"bank", "unshare", "everytype", "carol"}).exit_code,
            0);
  CommandResult last = Quiz("erin", {"bank", "unshare", "everytype", "erin"});
  EXPECT_EQ(last.exit_code, 1);
  EXPECT_THAT(last.err, HasSubstr("last owner"));
  CommandResult admin = Quiz("dave", {"bank", "unshare", "everytype", "erin"});
  ASSERT_EQ(admin.exit_code, 0) << admin.err;
  EXPECT_THAT(admin.out, HasSubstr("banks/everytype has no owners"));
}

TEST_F(BankCliTest, EveryTypeAnsweredFromAFileGradesFull) {
  CommandResult taken =
      Quiz("alice", {"take", "types-practice", "--answers",
                     WriteFile("answers.txt", kRightAnswers), "--json"});
  ASSERT_EQ(taken.exit_code, 0) << taken.err;
  quiz::v1::Attempt attempt = ParseAttempt(taken.out);
  EXPECT_EQ(attempt.state(), quiz::v1::FINISHED);
  EXPECT_EQ(attempt.result().correct(),
            12);  // the two likert items never count
  EXPECT_DOUBLE_EQ(attempt.result().score(), attempt.result().max_score());

  // Partly right answers: 7th character, modifier, sequence and units slips.
  CommandResult partly =
      Quiz("alice", {"take", "types-practice", "--new", "--answers",
                     WriteFile("partly.txt",
                               "et-icd: F02.80, G30.1\net-icd-7th: S06.0X0D\n"
                               "et-cpt: 99213\net-hcpcs: J3301\n"),
                     "--json"});
  ASSERT_EQ(partly.exit_code, 0) << partly.err;
  attempt = ParseAttempt(partly.out);
  EXPECT_EQ(attempt.result().partially_correct(), 4);
  CommandResult review =
      Quiz("alice",
           {"review", attempt.name().substr(std::string("attempts/").size())});
  ASSERT_EQ(review.exit_code, 0) << review.err;
  EXPECT_NE(review.out.find("G30.1 must be listed first."), std::string::npos)
      << review.out;
  EXPECT_NE(review.out.find("S06.0X0D has the wrong 7th character"),
            std::string::npos);
  EXPECT_NE(review.out.find("99213 is the right code but needs modifier 25."),
            std::string::npos);
  EXPECT_NE(review.out.find("J3301 is 8 units, not 1."), std::string::npos);
}

TEST_F(BankCliTest, InstructorPublishesAndRegradesAfterAKeyFix) {
  // Export, then push the export back: nothing changes.
  const std::string exported = dir_ + "/exported.yaml";
  CommandResult exported_run =
      Quiz("carol", {"bank", "export", "everytype", "-o", exported});
  ASSERT_EQ(exported_run.exit_code, 0) << exported_run.err;
  CommandResult same = Quiz("carol", {"bank", "push", exported});
  ASSERT_EQ(same.exit_code, 0) << same.err;
  EXPECT_NE(same.out.find("is unchanged; it stays at version 1"),
            std::string::npos)
      << same.out;

  // Alice answers et-tf "true", wrong under version 1.
  CommandResult taken = Quiz(
      "alice", {"take", "types-practice", "--answers",
                WriteFile("tf.txt", "et-tf: true\net-single: co\n"), "--json"});
  ASSERT_EQ(taken.exit_code, 0) << taken.err;
  const quiz::v1::Attempt before = ParseAttempt(taken.out);
  EXPECT_DOUBLE_EQ(before.result().score(), 1);

  // Version 2 fixes the key of et-tf (the first true_false in the file).
  std::string fixed = ReadFile(kEveryType);
  fixed.replace(fixed.find("true_false: {answer: false}"),
                std::string("true_false: {answer: false}").size(),
                "true_false: {answer: true}");
  CommandResult pushed =
      Quiz("carol", {"bank", "push", WriteFile("fixed.yaml", fixed)});
  ASSERT_EQ(pushed.exit_code, 0) << pushed.err;
  EXPECT_NE(pushed.out.find("stored banks/everytype version 2"),
            std::string::npos)
      << pushed.out;
  CommandResult versions = Quiz("carol", {"bank", "versions", "everytype"});
  ASSERT_EQ(versions.exit_code, 0) << versions.err;
  EXPECT_NE(versions.out.find("users/carol"), std::string::npos);
  EXPECT_NE(versions.out.find("system"), std::string::npos);

  CommandResult dry =
      Quiz("carol", {"bank", "regrade", "types-practice", "--dry-run"});
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_NE(dry.out.find("Dry run: would regrade 1 of 1 finished attempts "
                         "onto version 2; 1 scores changed"),
            std::string::npos)
      << dry.out;
  CommandResult regraded = Quiz("carol", {"bank", "regrade", "types-practice"});
  ASSERT_EQ(regraded.exit_code, 0) << regraded.err;
  EXPECT_NE(regraded.out.find("Changed items: et-tf"), std::string::npos)
      << regraded.out;

  const std::string id = before.name().substr(std::string("attempts/").size());
  CommandResult review = Quiz("alice", {"review", id, "--json"});
  ASSERT_EQ(review.exit_code, 0) << review.err;
  const quiz::v1::Attempt after = ParseAttempt(review.out);
  EXPECT_EQ(after.bank_version(), 2);
  EXPECT_DOUBLE_EQ(after.result().score(), 2);
  ASSERT_EQ(after.regrades_size(), 1);
  EXPECT_EQ(after.regrades(0).regraded_by(), "users/carol");
  EXPECT_DOUBLE_EQ(after.regrades(0).old_result().score(), 1);
  // The review says it was regraded, from which version and what it was.
  CommandResult shown = Quiz("alice", {"review", id});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_NE(shown.out.find(" from bank version 1 to 2 by users/carol: "),
            std::string::npos)
      << shown.out;
  CommandResult listed = Quiz("alice", {"attempts", "--json"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_NE(listed.out.find("\"regraded_by\": \"users/carol\""),
            std::string::npos)
      << listed.out;
}

TEST_F(BankCliTest, ExportsGiftForMoodleAndItImportsBack) {
  const std::string gift = dir_ + "/everytype.gift";
  CommandResult exported = Quiz(
      "carol", {"bank", "export", "everytype", "--format", "gift", "-o", gift});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  // Types GIFT cannot express are named, not silently dropped.
  EXPECT_NE(exported.err.find("et-icd (code_entry) cannot be expressed in "
                              "GIFT; skipped"),
            std::string::npos)
      << exported.err;
  const std::string text = ReadFile(gift);
  EXPECT_NE(text.find("::et-single::"), std::string::npos) << text;
  CommandResult imported =
      Quiz("carol", {"bank", "import-gift", gift, "-o", dir_ + "/back.yaml"});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_NE(ReadFile(dir_ + "/back.yaml").find("id: et-numeric"),
            std::string::npos);
}

TEST_F(BankCliTest, BadPushesChangeNothing) {
  CommandResult student = Quiz("alice", {"bank", "push", kEveryType});
  EXPECT_EQ(student.exit_code, 1);
  EXPECT_NE(student.err.find("PERMISSION_DENIED"), std::string::npos)
      << student.err;

  std::string broken = ReadFile(kEveryType);
  broken = absl::StrReplaceAll(broken, {{"id: et-multi", "id: et-single"}});
  CommandResult bad =
      Quiz("carol", {"bank", "push", WriteFile("broken.yaml", broken)});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("broken.yaml:"), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("duplicate item id \"et-single\""), std::string::npos)
      << bad.err;
  CommandResult versions = Quiz("carol", {"bank", "versions", "everytype"});
  EXPECT_EQ(versions.out.find("users/carol"), std::string::npos)
      << versions.out;
}

TEST_F(BankCliTest, APushShowsItsChangesAndAsksBeforeDroppingAQuiz) {
  // An old copy: et-tf's key fixed, et-text reworded, types-exam missing.
  std::string old_copy = ReadFile(kEveryType);
  old_copy.replace(old_copy.find("true_false: {answer: false}"),
                   std::string("true_false: {answer: false}").size(),
                   "true_false: {answer: true}");
  const size_t exam = old_copy.find("  - id: types-exam");
  old_copy.erase(exam, old_copy.find("  - id: types-practice") - exam);
  const std::string path = WriteFile("old.yaml", old_copy);

  CommandResult dry = Quiz("carol", {"bank", "push", path, "--dry-run"});
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_THAT(dry.out, HasSubstr("changes against everytype version 1:"));
  EXPECT_THAT(dry.out, HasSubstr("keys changed (1): et-tf"));
  EXPECT_THAT(dry.out, HasSubstr("quizzes removed (1): types-exam"));

  // Without a terminal and without --yes, nothing is stored.
  CommandResult refused = Quiz("carol", {"bank", "push", path});
  EXPECT_EQ(refused.exit_code, 2) << refused.err;
  EXPECT_THAT(refused.err, HasSubstr("removes quizzes types-exam"));
  EXPECT_THAT(refused.err, HasSubstr("--yes"));
  CommandResult versions = Quiz("carol", {"bank", "versions", "everytype"});
  EXPECT_THAT(versions.out, Not(HasSubstr("users/carol")));

  CommandResult pushed = Quiz("carol", {"bank", "push", path, "--yes"});
  ASSERT_EQ(pushed.exit_code, 0) << pushed.err;
  EXPECT_THAT(pushed.out, HasSubstr("stored banks/everytype version 2"));

  // A restart serves the pushed version, and says so.
  server_->Stop(SIGTERM);
  StartServer(dir_ + "/banks");
  const std::string log = server_->log();
  EXPECT_THAT(log, HasSubstr("bank everytype version 2: "));
  EXPECT_THAT(log, HasSubstr("1 quiz (pushed by users/carol; "));
  EXPECT_THAT(log, HasSubstr("every_type.yaml is version 1)"));
}

// A bank with one code_entry item keying `code`, in a directory of its own.
std::string CodeBank(const std::string& code) {
  return R"yaml(id: codes
title: Codes
topics: [{id: dx, title: Diagnoses}]
items:
  - id: dx-1
    topic: dx
    stem: Type 2 diabetes without complications.
    rationale: E11.9 is billable.
    references: [{citation: ICD-10-CM}]
    code_entry:
      system: icd10cm
      expected: [{code: )yaml" +
         code + R"yaml(}]
quizzes:
  - {id: codes-drill, title: Codes, mode: QUIZ_MODE_PRACTICE}
)yaml";
}

class BankServerLimitsCliTest : public CliFixture {
 protected:
  void Start(const QuizdOptions& options) {
    std::filesystem::create_directory(dir_ + "/banks");
    AddUsers({{"carol", "instructor"}});
    StartServer(dir_ + "/banks", options);
    Login("carol");
  }
};

TEST_F(BankServerLimitsCliTest, PushedKeysAreCheckedAgainstTheCodeSets) {
  Start({{"--codesets", QUIZD_SOURCE_DIR "/tests/data/codesets"}, 0});
  CommandResult bad = Quiz(
      "carol", {"bank", "push", WriteFile("bad.yaml", CodeBank("E11.99"))});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_THAT(bad.err, HasSubstr("INVALID_ARGUMENT"));
  EXPECT_THAT(bad.err, HasSubstr("E11.99"));
  CommandResult good = Quiz(
      "carol", {"bank", "push", WriteFile("good.yaml", CodeBank("E11.9"))});
  EXPECT_EQ(good.exit_code, 0) << good.err;
  EXPECT_THAT(good.out, HasSubstr("stored banks/codes version 1"));
}

TEST_F(BankServerLimitsCliTest, BanksUpToTheLimitArePushedAndExported) {
  // 5 MB serialized, above gRPC's 4 MiB message limit (fewer, longer
  // items than the 9,000 of the report, to keep the test short). The
  // server's bank limit is set to exactly its size.
  const std::string yaml = BigBankYaml("big", 2000, 2500);
  question_bank::ParsedBank parsed = question_bank::ParseBank(yaml, "big");
  ASSERT_TRUE(parsed.ok());
  const size_t size = parsed.bank.ByteSizeLong();
  ASSERT_GT(size, 4u << 20);
  Start({{"--max-bank-bytes", std::to_string(size)}, 0});
  const std::string path = WriteFile("big.yaml", yaml);

  CommandResult pushed = Quiz("carol", {"bank", "push", path});
  ASSERT_EQ(pushed.exit_code, 0) << pushed.err;
  EXPECT_THAT(pushed.out, HasSubstr("stored banks/big version 1 (2000 items"));
  const std::string exported = dir_ + "/exported.yaml";
  CommandResult got = Quiz("carol", {"bank", "export", "big", "-o", exported});
  ASSERT_EQ(got.exit_code, 0) << got.err;
  question_bank::ParsedBank back = question_bank::ParseBankFile(exported);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back.bank.items_size(), 2000);

  // One byte more than the limit is refused, and nothing is stored.
  std::string bigger = yaml;
  bigger.replace(bigger.find("Item 0 asks"), 11, "Item 0 asks!");
  CommandResult refused =
      Quiz("carol", {"bank", "push", WriteFile("bigger.yaml", bigger)});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.err, HasSubstr("RESOURCE_EXHAUSTED"));
  EXPECT_THAT(refused.err, HasSubstr("limit of " + std::to_string(size)));
}

}  // namespace
}  // namespace quizd_test
