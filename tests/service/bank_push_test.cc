// Pushing banks over real gRPC: what a push changes, consent before quizzes
// are dropped, keyed codes against the server's code sets, and banks above
// gRPC's 4 MiB message limit in chunks (UploadBankVersion).
#include <algorithm>

#include "gmock/gmock.h"
#include "harness.h"
#include "question_bank/src/bank_file.h"
#include "tests/common/big_bank.h"

namespace quizd_test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// A bank within the test's bank limit, one above 4 MiB.
constexpr int kBigBankItems = 9000;
constexpr int64_t kTestBankLimit = 16 << 20;

quiz::v1::Bank ParseYaml(const std::string& yaml) {
  question_bank::ParsedBank parsed = question_bank::ParseBank(yaml, "t.yaml");
  EXPECT_TRUE(parsed.ok());
  return parsed.bank;
}

std::vector<std::string> Ids(
    const google::protobuf::RepeatedPtrField<std::string>& ids) {
  return {ids.begin(), ids.end()};
}

class BankPushTest : public ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    LoginEveryone();
  }

  void AdjustOptions(service::ServerOptions& options) const override {
    options.codesets_dir = QUIZD_SOURCE_DIR "/tests/data/codesets";
    options.limits.max_bank_bytes = kTestBankLimit;
  }

  grpc::Status Push(const quiz::v1::Bank& bank, bool validate_only,
                    bool allow_quiz_removal,
                    quiz::v1::CreateBankVersionResponse* reply) {
    quiz::v1::CreateBankVersionRequest request;
    *request.mutable_bank() = bank;
    request.set_validate_only(validate_only);
    request.set_allow_quiz_removal(allow_quiz_removal);
    return banks_->CreateBankVersion(As(carol_).get(), request, reply);
  }

  // Sends `bytes` in 1 MiB chunks, announcing `bank_size`.
  grpc::Status Upload(const std::string& token, const std::string& bytes,
                      int64_t bank_size,
                      quiz::v1::CreateBankVersionResponse* reply) {
    auto context = As(token);
    auto writer = banks_->UploadBankVersion(context.get(), reply);
    quiz::v1::UploadBankVersionRequest chunk;
    chunk.set_bank_size(bank_size);
    for (size_t offset = 0; offset < bytes.size() || offset == 0;
         offset += 1 << 20) {
      chunk.set_bank_chunk(bytes.substr(offset, 1 << 20));
      if (!writer->Write(chunk)) break;
      chunk.clear_bank_size();
    }
    writer->WritesDone();
    return writer->Finish();
  }

  std::vector<int64_t> Versions() {
    quiz::v1::ListBankVersionsRequest request;
    request.set_bank("banks/testbank");
    quiz::v1::ListBankVersionsResponse reply;
    EXPECT_TRUE(
        banks_->ListBankVersions(As(carol_).get(), request, &reply).ok());
    std::vector<int64_t> versions;
    for (const auto& version : reply.versions()) {
      versions.push_back(version.version());
    }
    return versions;
  }
};

TEST_F(BankPushTest, APushSaysWhatItChanges) {
  quiz::v1::Bank bank = ParseYaml(kTestBank);
  // A key fix, a reworded stem, a new item, a new quiz.
  auto* claim = bank.mutable_items(0)->mutable_single_choice();
  claim->mutable_options(0)->set_correct(false);
  claim->mutable_options(1)->set_correct(true);
  bank.mutable_items(2)->set_stem("Reworded.");
  quiz::v1::Item added = bank.items(3);
  added.set_id("seventh-d");
  *bank.add_items() = added;
  quiz::v1::Quiz quiz = bank.quizzes(0);
  quiz.set_id("practice-again");
  *bank.add_quizzes() = quiz;

  quiz::v1::CreateBankVersionResponse preview;
  grpc::Status status = Push(bank, /*validate_only=*/true, false, &preview);
  ASSERT_TRUE(status.ok()) << status.error_message();
  const quiz::v1::BankChanges& changes = preview.changes();
  EXPECT_EQ(changes.base_version(), 1);
  EXPECT_THAT(Ids(changes.items_added()), ElementsAre("seventh-d"));
  EXPECT_THAT(Ids(changes.items_removed()), ElementsAre());
  EXPECT_THAT(Ids(changes.items_changed()),
              ElementsAre("claim-form", "x-placeholder"));
  EXPECT_THAT(Ids(changes.keys_changed()), ElementsAre("claim-form"));
  EXPECT_THAT(Ids(changes.quizzes_added()), ElementsAre("practice-again"));
  EXPECT_THAT(Ids(changes.quizzes_removed()), ElementsAre());
  EXPECT_EQ(Versions(), std::vector<int64_t>{1});  // a preview stores nothing

  quiz::v1::CreateBankVersionResponse stored;
  ASSERT_TRUE(Push(bank, false, false, &stored).ok());
  EXPECT_EQ(stored.bank().version(), 2);
  EXPECT_THAT(Ids(stored.changes().keys_changed()), ElementsAre("claim-form"));
}

TEST_F(BankPushTest, DroppingAQuizNeedsTheCallersConsent) {
  // An instructor pushes an old copy that lacks a quiz added since.
  quiz::v1::Bank bank = ParseYaml(kTestBank);
  bank.mutable_quizzes()->RemoveLast();  // "timed"
  quiz::v1::CreateBankVersionResponse reply;
  for (bool validate_only : {true, false}) {
    grpc::Status refused = Push(bank, validate_only, false, &reply);
    EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
    EXPECT_THAT(refused.error_message(), HasSubstr("drops quiz timed"));
  }
  EXPECT_EQ(Versions(), std::vector<int64_t>{1});

  quiz::v1::CreateBankVersionResponse stored;
  grpc::Status allowed =
      Push(bank, false, /*allow_quiz_removal=*/true, &stored);
  ASSERT_TRUE(allowed.ok()) << allowed.error_message();
  EXPECT_EQ(stored.bank().version(), 2);
  EXPECT_THAT(Ids(stored.changes().quizzes_removed()), ElementsAre("timed"));
}

TEST_F(BankPushTest, KeyedCodesAreCheckedAgainstTheServersCodeSets) {
  const std::string code_item = R"yaml(
  - id: dx
    topic: codes
    stem: Type 2 diabetes without complications.
    rationale: E11.9.
    references: [{citation: ICD-10-CM}]
    code_entry:
      system: icd10cm
      expected: [{code: CODE}]
)yaml";
  auto with_code = [&](const std::string& code) {
    std::string yaml = kTestBank;
    std::string item = code_item;
    item.replace(item.find("CODE"), 4, code);
    yaml.insert(yaml.find("quizzes:"), item.substr(1));
    return ParseYaml(yaml);
  };
  quiz::v1::CreateBankVersionResponse reply;
  grpc::Status refused = Push(with_code("E11.99"), false, false, &reply);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(refused.error_message(), HasSubstr("E11.99"));
  EXPECT_EQ(Versions(), std::vector<int64_t>{1});

  grpc::Status stored = Push(with_code("E11.9"), false, false, &reply);
  EXPECT_TRUE(stored.ok()) << stored.error_message();
}

TEST_F(BankPushTest, BanksAboveFourMiBTravelInChunks) {
  const quiz::v1::Bank big = ParseYaml(BigBankYaml("big", kBigBankItems));
  const std::string bytes = big.SerializeAsString();
  ASSERT_GT(bytes.size(), 4u << 20);

  // One message cannot carry it; the chunked upload can.
  quiz::v1::CreateBankVersionResponse reply;
  grpc::Status whole = Push(big, false, false, &reply);
  EXPECT_EQ(whole.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  grpc::Status uploaded = Upload(carol_, bytes, bytes.size(), &reply);
  ASSERT_TRUE(uploaded.ok()) << uploaded.error_message();
  EXPECT_EQ(reply.bank().item_count(), kBigBankItems);
  EXPECT_EQ(reply.changes().base_version(), 0);  // a new bank

  // It comes back whole to a client that raised its receive limit.
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(kTestBankLimit + (1 << 20));
  auto banks = quiz::v1::BankService::NewStub(
      grpc::CreateCustomChannel(address(), ClientCredentials(), args));
  quiz::v1::GetBankRequest request;
  request.set_name("banks/big");
  quiz::v1::Bank got;
  grpc::Status read = banks->GetBank(As(carol_).get(), request, &got);
  ASSERT_TRUE(read.ok()) << read.error_message();
  EXPECT_EQ(got.items_size(), kBigBankItems);
}

TEST_F(BankPushTest, UploadsAreCheckedForSizeCompletenessAndRole) {
  const std::string bytes = ParseYaml(kTestBank).SerializeAsString();
  quiz::v1::CreateBankVersionResponse reply;
  grpc::Status too_big = Upload(carol_, bytes, kTestBankLimit + 1, &reply);
  EXPECT_EQ(too_big.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(too_big.error_message(), HasSubstr("bank_size"));

  // A cut-off upload whose bytes still parse as a (smaller) bank.
  quiz::v1::Bank half = ParseYaml(kTestBank);
  half.mutable_items()->DeleteSubrange(2, 2);
  const std::string cut = half.SerializeAsString();
  grpc::Status short_upload = Upload(carol_, cut, bytes.size(), &reply);
  EXPECT_EQ(short_upload.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(short_upload.error_message(), HasSubstr("arrived"));

  grpc::Status garbage = Upload(carol_, "\xff\xff\xff", 3, &reply);
  EXPECT_EQ(garbage.error_code(), grpc::StatusCode::INVALID_ARGUMENT);

  grpc::Status student = Upload(alice_, bytes, bytes.size(), &reply);
  EXPECT_EQ(student.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  grpc::Status anonymous = Upload("", bytes, bytes.size(), &reply);
  EXPECT_EQ(anonymous.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Versions(), std::vector<int64_t>{1});
}

}  // namespace
}  // namespace quizd_test
