// BankService publishing over real gRPC: pushing versions, listing them,
// exporting, and regrading finished attempts after a key fix.
#include "google/protobuf/util/message_differencer.h"
#include "harness.h"
#include "question_bank/src/bank_file.h"

namespace quizd_test {
namespace {

using google::protobuf::util::MessageDifferencer;
using quiz::v1::Attempt;

class BankPublishTest : public ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    LoginEveryone();
  }

  static quiz::v1::Bank TestBank() {
    question_bank::ParsedBank parsed = question_bank::ParseBank(kTestBank, "t");
    EXPECT_TRUE(parsed.ok());
    return parsed.bank;
  }

  grpc::Status Push(const std::string& token, const quiz::v1::Bank& bank,
                    quiz::v1::CreateBankVersionResponse* reply,
                    bool validate_only = false) {
    quiz::v1::CreateBankVersionRequest request;
    *request.mutable_bank() = bank;
    request.set_validate_only(validate_only);
    return banks_->CreateBankVersion(As(token).get(), request, reply);
  }

  std::vector<int64_t> Versions(const std::string& token) {
    quiz::v1::ListBankVersionsRequest request;
    request.set_bank("banks/testbank");
    request.set_page_size(1);  // exercise paging
    std::vector<int64_t> versions;
    while (true) {
      quiz::v1::ListBankVersionsResponse reply;
      grpc::Status status =
          banks_->ListBankVersions(As(token).get(), request, &reply);
      EXPECT_TRUE(status.ok()) << status.error_message();
      for (const auto& version : reply.versions()) {
        versions.push_back(version.version());
      }
      if (!status.ok() || reply.next_page_token().empty()) return versions;
      request.set_page_token(reply.next_page_token());
    }
  }

  quiz::v1::Bank Export(int64_t version) {
    quiz::v1::ExportBankRequest request;
    request.set_name("banks/testbank");
    request.set_version(version);
    quiz::v1::Bank bank;
    grpc::Status status = banks_->ExportBank(As(carol_).get(), request, &bank);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return bank;
  }

  grpc::Status Regrade(const std::string& quiz, bool dry_run,
                       quiz::v1::RegradeResponse* reply) {
    quiz::v1::RegradeRequest request;
    request.set_quiz(quiz);
    request.set_dry_run(dry_run);
    return banks_->Regrade(As(carol_).get(), request, reply);
  }

  // Takes practice-all answering claim-form with `choice`, then finishes.
  Attempt TakeClaimForm(const std::string& token, const std::string& choice) {
    Attempt attempt = Start(token, "quizzes/practice-all");
    quiz::v1::SubmitResponseResponse reply;
    EXPECT_TRUE(Submit(token, attempt, "claim-form",
                       "choice { option_ids: '" + choice + "' }", &reply)
                    .ok());
    Attempt finished;
    EXPECT_TRUE(Finish(token, attempt, &finished).ok());
    return finished;
  }
};

TEST_F(BankPublishTest, PushListsAndExportsImmutableVersions) {
  quiz::v1::Bank v2 = TestBank();
  v2.set_title("Test bank, second edition");
  quiz::v1::CreateBankVersionResponse reply;
  ASSERT_TRUE(Push(carol_, v2, &reply).ok());
  EXPECT_EQ(reply.bank().version(), 2);
  EXPECT_FALSE(reply.unchanged());
  EXPECT_EQ(reply.bank().created_by(), "users/carol");

  // The same content again stores nothing.
  ASSERT_TRUE(Push(carol_, v2, &reply).ok());
  EXPECT_EQ(reply.bank().version(), 2);
  EXPECT_TRUE(reply.unchanged());
  EXPECT_EQ(Versions(carol_), (std::vector<int64_t>{2, 1}));

  // Version 1 is still exactly what the server loaded; the export of version
  // 2 goes through YAML and back to the same bank, and re-pushes unchanged.
  quiz::v1::Bank v1 = Export(1);
  EXPECT_EQ(v1.title(), "Test bank");
  quiz::v1::Bank exported = Export(0);
  EXPECT_EQ(exported.version(), 2);
  exported.clear_version();
  question_bank::ParsedBank reread = question_bank::ParseBank(
      question_bank::BankToYaml(exported), "exported.yaml");
  ASSERT_TRUE(reread.ok());
  EXPECT_TRUE(MessageDifferencer::Equals(reread.bank, exported));
  ASSERT_TRUE(Push(carol_, reread.bank, &reply).ok());
  EXPECT_TRUE(reply.unchanged());

  // Students see the new version's quizzes at once.
  quiz::v1::ListBanksResponse banks;
  ASSERT_TRUE(
      banks_->ListBanks(As(alice_).get(), quiz::v1::ListBanksRequest(), &banks)
          .ok());
  EXPECT_EQ(banks.banks(0).version(), 2);
}

TEST_F(BankPublishTest, BadBanksAreRefusedAndNothingIsStored) {
  quiz::v1::Bank duplicate = TestBank();
  *duplicate.add_items() = duplicate.items(0);
  quiz::v1::CreateBankVersionResponse reply;
  grpc::Status status = Push(carol_, duplicate, &reply);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(status.error_message().find("duplicate item id \"claim-form\""),
            std::string::npos)
      << status.error_message();

  quiz::v1::Bank stolen;
  stolen.set_id("other");
  stolen.set_title("Other");
  *stolen.add_topics() = TestBank().topics(0);
  *stolen.add_items() = TestBank().items(0);
  stolen.add_quizzes()->set_id("practice-all");
  stolen.mutable_quizzes(0)->set_title("Taken id");
  status = Push(carol_, stolen, &reply);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_NE(status.error_message().find("belongs to bank testbank"),
            std::string::npos)
      << status.error_message();

  quiz::v1::Bank renamed = TestBank();
  renamed.set_title("Only checked");
  ASSERT_TRUE(Push(carol_, renamed, &reply, /*validate_only=*/true).ok());
  EXPECT_EQ(Versions(carol_), (std::vector<int64_t>{1}));
}

TEST_F(BankPublishTest, StudentsCannotPublishExportOrRegrade) {
  quiz::v1::CreateBankVersionResponse reply;
  EXPECT_EQ(Push(alice_, TestBank(), &reply).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  quiz::v1::ListBankVersionsRequest list;
  list.set_bank("banks/testbank");
  quiz::v1::ListBankVersionsResponse versions;
  EXPECT_EQ(
      banks_->ListBankVersions(As(alice_).get(), list, &versions).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  quiz::v1::ExportBankRequest export_request;
  export_request.set_name("banks/testbank");
  quiz::v1::Bank bank;
  EXPECT_EQ(
      banks_->ExportBank(As(alice_).get(), export_request, &bank).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  quiz::v1::RegradeRequest regrade;
  regrade.set_quiz("quizzes/practice-all");
  quiz::v1::RegradeResponse regraded;
  EXPECT_EQ(banks_->Regrade(As(alice_).get(), regrade, &regraded).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(BankPublishTest, RegradeAfterAKeyFixKeepsBothScores) {
  Attempt alice = TakeClaimForm(alice_, "ub04");         // wrong under v1
  Attempt bob = TakeClaimForm(bob_, "cms1500");          // right under v1
  Attempt open = Start(carol_, "quizzes/practice-all");  // stays in progress
  EXPECT_DOUBLE_EQ(alice.result().score(), 0);
  EXPECT_DOUBLE_EQ(bob.result().score(), 1);

  // Version 2 moves the key of claim-form (the "fix") and rewords a stem,
  // which regrades nothing.
  quiz::v1::Bank v2 = TestBank();
  auto* options =
      v2.mutable_items(0)->mutable_single_choice()->mutable_options();
  options->Mutable(0)->set_correct(false);
  options->Mutable(1)->set_correct(true);
  v2.mutable_items(3)->set_stem("Reworded stem.");
  quiz::v1::CreateBankVersionResponse pushed;
  ASSERT_TRUE(Push(carol_, v2, &pushed).ok());

  quiz::v1::RegradeResponse dry;
  ASSERT_TRUE(Regrade("quizzes/practice-all", true, &dry).ok());
  EXPECT_TRUE(dry.dry_run());
  EXPECT_EQ(dry.attempts_examined(), 2);
  EXPECT_EQ(dry.scores_changed(), 2);
  ASSERT_EQ(dry.changed_items_size(), 1);
  EXPECT_EQ(dry.changed_items(0), "claim-form");
  Attempt unchanged;
  ASSERT_TRUE(Get(alice_, alice.name(), &unchanged).ok());
  EXPECT_EQ(unchanged.bank_version(), 1);
  EXPECT_DOUBLE_EQ(unchanged.result().score(), 0);

  quiz::v1::RegradeResponse done;
  ASSERT_TRUE(Regrade("practice-all", false, &done).ok());
  EXPECT_EQ(done.attempts_regraded(), 2);
  EXPECT_EQ(done.scores_changed(), 2);
  for (const quiz::v1::RegradedAttempt& attempt : done.attempts()) {
    ASSERT_EQ(attempt.regraded_items_size(), 1);
    if (attempt.user() == "users/alice") {
      EXPECT_DOUBLE_EQ(attempt.old_score(), 0);
      EXPECT_DOUBLE_EQ(attempt.new_score(), 1);
    } else {
      EXPECT_DOUBLE_EQ(attempt.old_score(), 1);
      EXPECT_DOUBLE_EQ(attempt.new_score(), 0);
    }
  }

  // The attempts now review against version 2, with the new outcome.
  Attempt regraded;
  ASSERT_TRUE(Get(alice_, alice.name(), &regraded).ok());
  EXPECT_EQ(regraded.bank_version(), 2);
  EXPECT_DOUBLE_EQ(regraded.result().score(), 1);
  EXPECT_EQ(regraded.items(0).outcome().correctness(), quiz::v1::CORRECT);
  // The open attempt stays pinned to version 1.
  Attempt still_open;
  ASSERT_TRUE(Get(carol_, open.name(), &still_open).ok());
  EXPECT_EQ(still_open.bank_version(), 1);

  // Nothing is regraded twice.
  quiz::v1::RegradeResponse again;
  ASSERT_TRUE(Regrade("practice-all", false, &again).ok());
  EXPECT_EQ(again.attempts_examined(), 0);
}

TEST_F(BankPublishTest, ARestartKeepsPushedVersionsOverTheShippedFile) {
  quiz::v1::Bank v2 = TestBank();
  v2.set_title("Pushed by an instructor");
  quiz::v1::CreateBankVersionResponse reply;
  ASSERT_TRUE(Push(carol_, v2, &reply).ok());
  RestartServer();  // the bank directory still holds version 1's content
  carol_ = Login("carol");
  EXPECT_EQ(Versions(carol_), (std::vector<int64_t>{2, 1}));
  EXPECT_EQ(Export(0).title(), "Pushed by an instructor");
}

}  // namespace
}  // namespace quizd_test
