// The audit trail over real gRPC: bank pushes and regrades recorded with
// who, what, when and from where before the reply; refusals recorded,
// checks and failures not; listing for admins only, filtered and paged.
#include <chrono>
#include <thread>

#include "gmock/gmock.h"
#include "harness.h"
#include "question_bank/src/bank_file.h"
#include "quiz/v1/audit_service.grpc.pb.h"

namespace quizd_test {
namespace {

using quiz::v1::AuditEvent;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

class AuditServiceTest : public ServerFixture {
 protected:
  void AddMoreUsers(store::Store& store) const override {
    AddUser(store, "dave", quiz::v1::ROLE_ADMIN);
  }

  void SetUp() override {
    ServerFixture::SetUp();
    audit_ = quiz::v1::AuditService::NewStub(channel_);
    LoginEveryone();
    dave_ = Login("dave");
  }

  static quiz::v1::Bank TestBank() {
    question_bank::ParsedBank parsed = question_bank::ParseBank(kTestBank, "t");
    EXPECT_TRUE(parsed.ok());
    return parsed.bank;
  }

  // TestBank with the title of version `n`, so each push stores a version.
  grpc::Status Push(const std::string& token, int n,
                    quiz::v1::CreateBankVersionResponse* reply,
                    bool validate_only = false) {
    quiz::v1::CreateBankVersionRequest request;
    *request.mutable_bank() = TestBank();
    request.mutable_bank()->set_title("Test bank v" + std::to_string(n));
    request.set_validate_only(validate_only);
    return banks_->CreateBankVersion(As(token).get(), request, reply);
  }

  grpc::Status Regrade(const std::string& token, bool dry_run) {
    quiz::v1::RegradeRequest request;
    request.set_quiz("quizzes/practice-all");
    request.set_dry_run(dry_run);
    quiz::v1::RegradeResponse reply;
    return banks_->Regrade(As(token).get(), request, &reply);
  }

  // Every event matching `request`, page by page, as dave.
  std::vector<AuditEvent> List(quiz::v1::ListAuditEventsRequest request) {
    std::vector<AuditEvent> events;
    while (true) {
      quiz::v1::ListAuditEventsResponse reply;
      grpc::Status status =
          audit_->ListAuditEvents(As(dave_).get(), request, &reply);
      EXPECT_TRUE(status.ok()) << status.error_message();
      events.insert(events.end(), reply.events().begin(), reply.events().end());
      if (!status.ok() || reply.next_page_token().empty()) return events;
      request.set_page_token(reply.next_page_token());
    }
  }
  std::vector<AuditEvent> ListAll() { return List({}); }

  static std::vector<std::string> Methods(const std::vector<AuditEvent>& v) {
    std::vector<std::string> methods;
    for (const AuditEvent& event : v) methods.push_back(event.method());
    return methods;
  }

  static int64_t NowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }

  static int64_t Ms(const google::protobuf::Timestamp& time) {
    return time.seconds() * 1000 + time.nanos() / 1000000;
  }

  std::unique_ptr<quiz::v1::AuditService::Stub> audit_;
  std::string dave_;
};

TEST_F(AuditServiceTest, APushAndARegradeAreRecordedWithWhoWhatWhenWhere) {
  const int64_t before = NowMs();
  quiz::v1::CreateBankVersionResponse pushed;
  ASSERT_TRUE(Push(carol_, 2, &pushed).ok());
  ASSERT_EQ(pushed.bank().version(), 2);
  ASSERT_TRUE(Regrade(carol_, false).ok());
  const int64_t after = NowMs();

  std::vector<AuditEvent> events = ListAll();
  ASSERT_EQ(Methods(events),
            (std::vector<std::string>{"BankService.Regrade",
                                      "BankService.CreateBankVersion"}));
  const AuditEvent& regrade = events[0];
  const AuditEvent& push = events[1];
  for (const AuditEvent& event : events) {
    EXPECT_EQ(event.actor(), "users/carol");
    EXPECT_EQ(event.actor_role(), quiz::v1::ROLE_INSTRUCTOR);
    EXPECT_EQ(event.status(), "OK");
    EXPECT_THAT(event.peer(), HasSubstr("127.0.0.1"));
    EXPECT_THAT(event.user_agent(), HasSubstr("grpc-c++"));
    EXPECT_GE(Ms(event.time()), before);
    EXPECT_LE(Ms(event.time()), after);
    EXPECT_THAT(event.name(), StartsWith("auditEvents/"));
  }
  EXPECT_EQ(push.resource(), "banks/testbank");
  // The bank by id and stored version, not its content.
  EXPECT_THAT(
      push.summary(),
      AllOf(HasSubstr("\"id\":\"testbank\""), HasSubstr("\"version\":\"2\""),
            Not(HasSubstr("CMS-1500")), Not(HasSubstr("stem"))));
  EXPECT_LT(push.summary().size(), 300u) << push.summary();
  EXPECT_EQ(regrade.resource(), "quizzes/practice-all");
  EXPECT_THAT(regrade.summary(), HasSubstr("\"to_version\":\"2\""));
}

TEST_F(AuditServiceTest, TheEventIsInTheDatabaseWhenTheReplyArrives) {
  // A second store on the same file, as another process would read it.
  store::SqliteOptions options;
  options.path = db_path();
  options.purge_interval_ms = 0;
  auto reader = store::OpenSqliteStore(options);
  ASSERT_TRUE(reader.ok()) << reader.status();
  for (int n = 2; n <= 6; ++n) {
    quiz::v1::CreateBankVersionResponse pushed;
    ASSERT_TRUE(Push(carol_, n, &pushed).ok());
    auto events = (*reader)->ListAuditEvents({}, 0, 1);
    ASSERT_TRUE(events.ok()) << events.status();
    ASSERT_EQ(events->size(), 1u);
    EXPECT_THAT(events->front().summary,
                HasSubstr("\"version\":\"" + std::to_string(n) + "\""));
  }
}

TEST_F(AuditServiceTest, AnUploadIsRecordedByItsFirstMessageAndReply) {
  quiz::v1::Bank bank = TestBank();
  bank.set_title("Uploaded");
  const std::string bytes = bank.SerializeAsString();
  quiz::v1::CreateBankVersionResponse reply;
  auto context = As(carol_);
  auto upload = banks_->UploadBankVersion(context.get(), &reply);
  quiz::v1::UploadBankVersionRequest chunk;
  chunk.set_bank_size(static_cast<int64_t>(bytes.size()));
  chunk.set_bank_chunk(bytes);
  ASSERT_TRUE(upload->Write(chunk));
  upload->WritesDone();
  grpc::Status status = upload->Finish();
  ASSERT_TRUE(status.ok()) << status.error_message();

  std::vector<AuditEvent> events = ListAll();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].method(), "BankService.UploadBankVersion");
  EXPECT_EQ(events[0].actor(), "users/carol");
  EXPECT_EQ(events[0].resource(), "banks/testbank");
  EXPECT_THAT(
      events[0].summary(),
      AllOf(HasSubstr("\"bank_size\":\"" + std::to_string(bytes.size()) + "\""),
            HasSubstr("\"version\":\"2\""), Not(HasSubstr("bank_chunk"))));
}

TEST_F(AuditServiceTest, RefusalsAreRecordedChecksAndFailuresAreNot) {
  quiz::v1::CreateBankVersionResponse reply;
  // Checks change nothing.
  ASSERT_TRUE(Push(carol_, 2, &reply, /*validate_only=*/true).ok());
  ASSERT_TRUE(Regrade(carol_, /*dry_run=*/true).ok());
  // A failure changes nothing.
  quiz::v1::CreateBankVersionRequest bad;
  bad.mutable_bank()->set_id("Not An Id");
  EXPECT_EQ(
      banks_->CreateBankVersion(As(carol_).get(), bad, &reply).error_code(),
      grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Regrade("not-a-token", false).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_TRUE(ListAll().empty());

  // A student trying to push is security data.
  EXPECT_EQ(Push(alice_, 2, &reply).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  std::vector<AuditEvent> events = ListAll();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].actor(), "users/alice");
  EXPECT_EQ(events[0].actor_role(), quiz::v1::ROLE_STUDENT);
  EXPECT_EQ(events[0].method(), "BankService.CreateBankVersion");
  EXPECT_EQ(events[0].status(), "PERMISSION_DENIED");
  EXPECT_EQ(events[0].resource(), "banks/testbank");
  EXPECT_THAT(events[0].summary(), Not(HasSubstr("reply")));
}

TEST_F(AuditServiceTest, OnlyAdminsMayListTheTrail) {
  quiz::v1::ListAuditEventsResponse reply;
  EXPECT_EQ(audit_->ListAuditEvents(As(alice_).get(), {}, &reply).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(audit_->ListAuditEvents(As(carol_).get(), {}, &reply).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(audit_->ListAuditEvents(As("x").get(), {}, &reply).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(reply.events_size(), 0);
  EXPECT_TRUE(audit_->ListAuditEvents(As(dave_).get(), {}, &reply).ok());
}

TEST_F(AuditServiceTest, FiltersAndPagesNewestFirst) {
  quiz::v1::CreateBankVersionResponse reply;
  for (int n = 2; n <= 6; ++n) ASSERT_TRUE(Push(carol_, n, &reply).ok());
  // Apart by more than the clock's millisecond, so no event shares it.
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  const int64_t middle = NowMs();
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ASSERT_TRUE(Push(dave_, 7, &reply).ok());
  ASSERT_TRUE(Regrade(dave_, false).ok());
  EXPECT_EQ(Push(alice_, 8, &reply).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  std::vector<AuditEvent> all = ListAll();
  ASSERT_EQ(all.size(), 8u);
  for (size_t i = 1; i < all.size(); ++i) {
    EXPECT_GE(Ms(all[i - 1].time()), Ms(all[i].time()));
  }

  quiz::v1::ListAuditEventsRequest request;
  request.set_actor("carol");
  EXPECT_EQ(List(request).size(), 5u);
  request.set_actor("users/carol");
  request.set_page_size(2);  // three pages of the same filter
  std::vector<AuditEvent> carols = List(request);
  ASSERT_EQ(carols.size(), 5u);
  for (size_t i = 0; i < carols.size(); ++i) {
    EXPECT_THAT(carols[i].summary(),
                HasSubstr("\"version\":\"" + std::to_string(6 - i) + "\""));
  }

  quiz::v1::ListAuditEventsRequest by_method;
  by_method.set_method("Regrade");
  EXPECT_EQ(List(by_method).size(), 1u);
  by_method.set_method("BankService.CreateBankVersion");
  EXPECT_EQ(List(by_method).size(), 7u);
  by_method.set_method("CreateBankVersion");
  EXPECT_EQ(List(by_method).size(), 7u);

  quiz::v1::ListAuditEventsRequest by_resource;
  by_resource.set_resource_prefix("quizzes/");
  EXPECT_EQ(Methods(List(by_resource)),
            std::vector<std::string>{"BankService.Regrade"});
  by_resource.set_resource_prefix("banks/test%");  // no wildcards
  EXPECT_TRUE(List(by_resource).empty());

  quiz::v1::ListAuditEventsRequest by_time;
  by_time.mutable_start_time()->set_seconds(middle / 1000);
  by_time.mutable_start_time()->set_nanos((middle % 1000) * 1000000);
  EXPECT_EQ(List(by_time).size(), 3u);
  by_time.clear_start_time();
  by_time.mutable_end_time()->set_seconds(middle / 1000);
  by_time.mutable_end_time()->set_nanos((middle % 1000) * 1000000);
  EXPECT_EQ(List(by_time).size(), 5u);
  by_time.mutable_end_time()->set_seconds(-5);
  quiz::v1::ListAuditEventsResponse refused;
  grpc::Status status =
      audit_->ListAuditEvents(As(dave_).get(), by_time, &refused);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("end_time"));

  // A page token works only for its own filter.
  quiz::v1::ListAuditEventsRequest first;
  first.set_page_size(1);
  quiz::v1::ListAuditEventsResponse page;
  ASSERT_TRUE(audit_->ListAuditEvents(As(dave_).get(), first, &page).ok());
  ASSERT_FALSE(page.next_page_token().empty());
  quiz::v1::ListAuditEventsRequest other;
  other.set_actor("carol");
  other.set_page_token(page.next_page_token());
  status = audit_->ListAuditEvents(As(dave_).get(), other, &refused);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("page_token"));
}

}  // namespace
}  // namespace quizd_test
