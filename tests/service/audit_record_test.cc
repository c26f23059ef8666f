// What the audit trail keeps of a request: secrets never, banks by id,
// everything else compact; and which calls are recorded.
#include "server/service/audit_record.h"

#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "quiz/v1/auth_service.pb.h"
#include "quiz/v1/bank_service.pb.h"
#include "quiz/v1/progress_service.pb.h"

namespace service {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// The summary must stay JSON for machines reading the trail.
void ExpectJson(const std::string& summary) {
  google::protobuf::Struct parsed;
  EXPECT_TRUE(
      google::protobuf::util::JsonStringToMessage(summary, &parsed).ok())
      << summary;
}

TEST(SecretFieldNameTest, DenyListCatchesEveryKindOfSecret) {
  for (const char* name :
       {"password", "old_password", "new_password", "Password", "passwd",
        "token", "refresh_token", "learner_token", "page_token", "api_key",
        "secret", "client_secret", "key", "private_key", "credentials",
        "authorization", "password_hash", "token_hash", "passphrase"}) {
    EXPECT_TRUE(IsSecretFieldName(name)) << name;
  }
  for (const char* name : {"username", "name", "role", "bank", "quiz",
                           "version", "display_name", "key_prefix_len"}) {
    // key_prefix_len has no secret part: only the whole name "key" marks.
    EXPECT_FALSE(IsSecretFieldName(name)) << name;
  }
}

TEST(AuditSummaryTest, APasswordIsRecordedWithoutItsValue) {
  quiz::v1::LoginRequest request;
  request.set_username("alice");
  request.set_password("hunter2-very-secret");
  const std::string summary = AuditSummary(request, nullptr);
  EXPECT_THAT(summary, Not(HasSubstr("hunter2")));
  EXPECT_THAT(summary, HasSubstr("\"password\":\"[redacted]\""));
  EXPECT_THAT(summary, HasSubstr("\"username\":\"alice\""));
  ExpectJson(summary);
}

TEST(AuditSummaryTest, EveryStringFieldWithASecretNameIsRedactedByReflection) {
  // Walks every string field of every message type linked in: wherever a
  // field with a secret's name holds text, that text never reaches the
  // summary (at the top level; nested ones are covered below).
  const google::protobuf::DescriptorPool* pool =
      google::protobuf::DescriptorPool::generated_pool();
  const google::protobuf::FileDescriptor* file =
      pool->FindFileByName("quiz/v1/auth_service.proto");
  ASSERT_NE(file, nullptr);
  int checked = 0;
  for (int t = 0; t < file->message_type_count(); ++t) {
    const google::protobuf::Descriptor* type = file->message_type(t);
    std::unique_ptr<google::protobuf::Message> message(
        google::protobuf::MessageFactory::generated_factory()
            ->GetPrototype(type)
            ->New());
    for (int f = 0; f < type->field_count(); ++f) {
      const google::protobuf::FieldDescriptor* field = type->field(f);
      if (field->type() != google::protobuf::FieldDescriptor::TYPE_STRING ||
          field->is_repeated() || !IsSecretFieldName(field->name())) {
        continue;
      }
      message->GetReflection()->SetString(message.get(), field, "s3cr3t-value");
      ++checked;
    }
    EXPECT_THAT(AuditSummary(*message, message.get()),
                Not(HasSubstr("s3cr3t-value")))
        << type->full_name();
  }
  EXPECT_GE(checked, 2);  // LoginRequest.password, LoginResponse.token
}

TEST(AuditSummaryTest, NestedAndRepeatedSecretsAreRedacted) {
  // WatchProgressRequest has a repeated string; use Struct-free protos: a
  // LoginResponse nests a User; its token is a secret at the top.
  quiz::v1::LoginResponse reply;
  reply.set_token("tok-abcdef");
  reply.mutable_user()->set_username("alice");
  const std::string summary = AuditSummary(reply, &reply);
  EXPECT_THAT(summary, Not(HasSubstr("tok-abcdef")));
  EXPECT_THAT(summary, HasSubstr("alice"));
  ExpectJson(summary);
}

TEST(AuditSummaryTest, ABankIsRecordedByIdAndTheReplyByNameAndVersion) {
  quiz::v1::CreateBankVersionRequest request;
  request.mutable_bank()->set_id("coding-basics");
  request.mutable_bank()->set_title("Coding basics");
  for (int i = 0; i < 1000; ++i) {
    quiz::v1::Item* item = request.mutable_bank()->add_items();
    item->set_id("item-" + std::to_string(i));
    item->set_stem("A stem long enough to matter " + std::string(100, 'x'));
  }
  request.set_allow_quiz_removal(true);
  quiz::v1::CreateBankVersionResponse reply;
  reply.mutable_bank()->set_name("banks/coding-basics");
  reply.mutable_bank()->set_version(7);
  reply.mutable_bank()->set_title("Coding basics");
  reply.add_findings()->set_message("a warning");
  const std::string summary = AuditSummary(request, &reply);
  EXPECT_EQ(summary,
            "{\"request\":{\"bank\":{\"id\":\"coding-basics\"},"
            "\"allow_quiz_removal\":true},"
            "\"reply\":{\"bank\":{\"name\":\"banks/coding-basics\","
            "\"version\":\"7\"}}}");
  EXPECT_EQ(AuditResource(request, &reply), "banks/coding-basics");
  // A refused push has no reply: the bank it held names it.
  EXPECT_EQ(AuditResource(request, nullptr), "banks/coding-basics");
}

TEST(AuditSummaryTest, LongStringsAndListsAreCutAndTheSummaryIsBounded) {
  quiz::v1::WatchProgressRequest request;
  for (int i = 0; i < 5000; ++i) {
    request.add_users("users/" + std::string(150, 'a' + i % 26));
  }
  const std::string summary = AuditSummary(request, nullptr);
  EXPECT_LE(summary.size(), kMaxSummaryBytes);
  EXPECT_THAT(summary, HasSubstr("..."));
  ExpectJson(summary);
  // Cut at a character, never inside one.
  quiz::v1::LoginRequest accented;
  accented.set_username(std::string(119, 'a') + "\xc3\xa9\xc3\xa9");
  EXPECT_THAT(AuditSummary(accented, nullptr),
              HasSubstr(std::string(119, 'a') + "\xc3\xa9..."));
}

TEST(AuditResourceTest, NamesTheResourceFromTheRequestFirst) {
  quiz::v1::RegradeRequest regrade;
  regrade.set_quiz("quizzes/cpc-mock");
  quiz::v1::RegradeResponse reply;
  reply.set_to_version(3);
  EXPECT_EQ(AuditResource(regrade, &reply), "quizzes/cpc-mock");
  quiz::v1::GetBankRequest get;
  get.set_name("banks/x");
  EXPECT_EQ(AuditResource(get, nullptr), "banks/x");
  EXPECT_EQ(AuditResource(quiz::v1::ListBanksRequest(), nullptr), "");
  // A secret never names a resource, even one shaped like a name.
  quiz::v1::LoginRequest login;
  login.set_password("a/b");
  EXPECT_EQ(AuditResource(login, nullptr), "");
}

TEST(AuditTextTest, EscapesControlsAndBadBytesAndCuts) {
  EXPECT_EQ(AuditText("grpc-c++/1.51.1 quiz/1"), "grpc-c++/1.51.1 quiz/1");
  EXPECT_EQ(AuditText("a\nb\x1b[2J\xff"), "a\\x0ab\\x1b[2J\\xff");
  EXPECT_EQ(AuditText("\xc2\x85"), "\\xc2\\x85");  // C1 NEL
  EXPECT_EQ(AuditText("caf\xc3\xa9"), "caf\xc3\xa9");
  EXPECT_EQ(AuditText(std::string(300, 'u')), std::string(200, 'u') + "...");
}

TEST(ShouldRecordTest, SuccessesOfStaffAndRefusalsOfAnyone) {
  auth::Principal student{1, "alice", quiz::v1::ROLE_STUDENT, ""};
  auth::Principal instructor{2, "carol", quiz::v1::ROLE_INSTRUCTOR, ""};
  auth::Principal admin{3, "dave", quiz::v1::ROLE_ADMIN, ""};
  auth::Principal nobody;
  quiz::v1::RegradeRequest regrade;
  EXPECT_TRUE(ShouldRecord(instructor, regrade, absl::OkStatus()));
  EXPECT_TRUE(ShouldRecord(admin, regrade, absl::OkStatus()));
  EXPECT_FALSE(ShouldRecord(student, regrade, absl::OkStatus()));
  EXPECT_TRUE(
      ShouldRecord(student, regrade, absl::PermissionDeniedError("no")));
  EXPECT_FALSE(
      ShouldRecord(nobody, regrade, absl::PermissionDeniedError("no")));
  EXPECT_FALSE(
      ShouldRecord(instructor, regrade, absl::InvalidArgumentError("bad")));
  EXPECT_FALSE(
      ShouldRecord(nobody, regrade, absl::UnauthenticatedError("who")));
  // Checks change nothing.
  regrade.set_dry_run(true);
  EXPECT_FALSE(ShouldRecord(instructor, regrade, absl::OkStatus()));
  quiz::v1::CreateBankVersionRequest push;
  push.set_validate_only(true);
  EXPECT_FALSE(ShouldRecord(instructor, push, absl::OkStatus()));
}

TEST(ShouldRecordTest, AnIntegrationActingForALearnerIsRecorded) {
  // A learner token issued through an API key: the integration acted.
  auth::Principal learner{1, "alice", quiz::v1::ROLE_STUDENT, ""};
  learner.api_key_id = 42;
  quiz::v1::RegradeRequest request;
  EXPECT_TRUE(ShouldRecord(learner, request, absl::OkStatus()));
  store::AuditEventRecord event =
      MakeAuditEvent(learner, "BankService.Regrade", request, nullptr,
                     absl::OkStatus(), "ipv4:10.0.0.1:1", "lms/2", 1);
  EXPECT_EQ(event.api_key_id, 42);
  EXPECT_EQ(event.actor, "users/alice");
}

TEST(MakeAuditEventTest, ARefusalRecordsNoReply) {
  auth::Principal student{1, "alice", quiz::v1::ROLE_STUDENT, ""};
  quiz::v1::RegradeRequest request;
  request.set_quiz("quizzes/q");
  quiz::v1::RegradeResponse reply;
  reply.set_to_version(9);
  store::AuditEventRecord event = MakeAuditEvent(
      student, "BankService.Regrade", request, &reply,
      absl::PermissionDeniedError("no"), "ipv4:127.0.0.1:5", "ua\n", 1234);
  EXPECT_EQ(event.actor, "users/alice");
  EXPECT_EQ(event.actor_user_id, 1);
  EXPECT_EQ(event.method, "BankService.Regrade");
  EXPECT_EQ(event.resource, "quizzes/q");
  EXPECT_EQ(event.summary, "{\"request\":{\"quiz\":\"quizzes/q\"}}");
  EXPECT_EQ(event.peer, "ipv4:127.0.0.1:5");
  EXPECT_EQ(event.user_agent, "ua\\x0a");
  EXPECT_EQ(event.status_code,
            static_cast<int>(absl::StatusCode::kPermissionDenied));
  EXPECT_EQ(event.time_ms, 1234);
}

}  // namespace
}  // namespace service
