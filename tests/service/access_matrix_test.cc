// The access policy, as callers meet it over real gRPC: every RPC of every
// quiz.v1 service (walked from the descriptors) is called by every kind of
// caller, and each gets what the RPC's rule in server/access/policy.cc says.
// The table is the oracle for the wiring (every handler asks the policy);
// the properties the table itself must have are stated independently in
// AccessPolicyTest.
#include <grpcpp/generic/generic_stub.h>

#include <chrono>

#include "absl/strings/match.h"
#include "course_members.h"
#include "harness.h"
#include "quiz/v1/integration_service.grpc.pb.h"
#include "rpc_catalog_util.h"
#include "server/access/policy.h"

namespace quizd_test {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::MethodDescriptor;

TEST(AccessPolicyTest, EveryRpcHasARuleAndEveryRuleAnRpc) {
  std::set<std::string> rpcs;
  for (const MethodDescriptor* method : EveryQuizRpc()) {
    rpcs.insert(PolicyName(*method));
    EXPECT_NE(policy::FindRule(PolicyName(*method)), nullptr)
        << PolicyName(*method)
        << " has no rule in server/access/policy.cc: nobody may call it";
  }
  for (const policy::Rule& rule : policy::Rules()) {
    EXPECT_EQ(rpcs.count(std::string(rule.method)), 1u)
        << rule.method << " is in the policy but is no RPC";
  }
}

TEST(AccessPolicyTest, UnknownMethodsAreDenied) {
  auth::Principal admin{1, "root", quiz::v1::ROLE_ADMIN, "h"};
  EXPECT_TRUE(absl::IsPermissionDenied(
      policy::Authorize(admin, "AuthService.NoSuchMethod")));
  EXPECT_FALSE(policy::MayActOnOthers(admin, "AuthService.NoSuchMethod"));
}

// What the table must say, whatever its rows: only Login is open to
// callers without a token; no student acts on another user's data; nothing
// is for students but not for staff; user and key management is admin only.
TEST(AccessPolicyTest, TheTableKeepsItsPromises) {
  for (const policy::Rule& rule : policy::Rules()) {
    SCOPED_TRACE(std::string(rule.method));
    EXPECT_EQ((rule.callers & policy::kAnonymous) != 0,
              rule.method == "AuthService.Login");
    EXPECT_EQ(rule.on_others & policy::kStudent, 0u);
    EXPECT_EQ(rule.on_others & ~rule.callers, 0u)
        << "acts on others without being allowed to call";
    // A relation narrows what its callers reach: never a student's, never
    // for whoever reaches everyone, never without naming the relation.
    EXPECT_EQ(rule.on_related & policy::kStudent, 0u);
    EXPECT_EQ(rule.on_related & ~rule.callers, 0u);
    EXPECT_EQ(rule.on_related & rule.on_others, 0u);
    EXPECT_EQ(rule.on_related != policy::kNobody,
              rule.relation != policy::Relation::kNone);
    // Instructors reach learners' attempts and progress through their
    // courses only.
    if (absl::StartsWith(rule.method, "AttemptService.") ||
        absl::StartsWith(rule.method, "ProgressService.")) {
      EXPECT_EQ(rule.on_others & policy::kInstructor, 0u);
    }
    const bool admin_area =
        absl::StartsWith(rule.method, "UserService.") ||
        (absl::StartsWith(rule.method, "IntegrationService.") &&
         rule.method != "IntegrationService.IssueLearnerToken");
    if (admin_area) EXPECT_EQ(rule.callers, policy::kAdmin);
    if (rule.callers & policy::kStudent) {
      EXPECT_EQ(rule.callers & policy::kStaff, policy::kStaff);
    }
  }
}

// A caller of the matrix: a token (or none) and what the policy calls it.
struct Caller {
  std::string label;
  std::string authorization;  // the metadata value; "" sends none
  auth::Principal principal;  // as the policy sees it; user_id 0: anonymous
  std::string username;       // whose password renews the token; "" none
  // Whether bob is an active learner of a course this caller teaches
  // (instructor or teaching assistant).
  bool teaches_bob = false;
};

class AccessMatrixTest : public ServerFixture {
 protected:
  void AddMoreUsers(store::Store& store) const override {
    AddUser(store, "dave", quiz::v1::ROLE_ADMIN);
    AddUser(store, "erin", quiz::v1::ROLE_INSTRUCTOR);
    AddUser(store, "frank", quiz::v1::ROLE_INSTRUCTOR);
  }

  void SetUp() override {
    ServerFixture::SetUp();
    LoginEveryone();
    dave_ = Login("dave");
    bobs_attempt_ = Start(bob_, "quizzes/practice-all").name();
    // carol teaches bob in c1, frank assists her there; erin teaches
    // alice in c2, where bob is a learner no longer.
    SetCourseMember(db_path(), "c1", "carol", quiz::v1::COURSE_ROLE_INSTRUCTOR);
    SetCourseMember(db_path(), "c1", "frank",
                    quiz::v1::COURSE_ROLE_TEACHING_ASSISTANT);
    SetCourseMember(db_path(), "c1", "bob", quiz::v1::COURSE_ROLE_LEARNER);
    SetCourseMember(db_path(), "c2", "erin", quiz::v1::COURSE_ROLE_INSTRUCTOR);
    SetCourseMember(db_path(), "c2", "alice", quiz::v1::COURSE_ROLE_LEARNER);
    SetCourseMember(db_path(), "c2", "bob", quiz::v1::COURSE_ROLE_LEARNER,
                    quiz::v1::MEMBER_STATUS_DELETED);
    callers_ = {
        {"no token", "", {}, ""},
        {"bad token", "Bearer not-a-token", {}, ""},
        {"student", "", Principal(2, quiz::v1::ROLE_STUDENT), "alice"},
        {"instructor of bob", "", Principal(3, quiz::v1::ROLE_INSTRUCTOR),
         "carol", true},
        {"teaching assistant of bob", "",
         Principal(6, quiz::v1::ROLE_INSTRUCTOR), "frank", true},
        {"instructor not of bob", "", Principal(5, quiz::v1::ROLE_INSTRUCTOR),
         "erin"},
        {"admin", "", Principal(4, quiz::v1::ROLE_ADMIN), "dave"},
    };
    AddKeyCallers();
    RenewLogins();
  }

  // One caller per API key scope: a key of a service account holding only
  // that scope (made over IntegrationService, as an admin would).
  void AddKeyCallers() {
    auto integration = quiz::v1::IntegrationService::NewStub(channel_);
    quiz::v1::CreateServiceAccountRequest account;
    account.set_username("integration");
    quiz::v1::ServiceAccount created;
    grpc::Status status =
        integration->CreateServiceAccount(As(dave_).get(), account, &created);
    ASSERT_TRUE(status.ok()) << status.error_message();
    for (int scope = quiz::v1::API_KEY_SCOPE_USERS_WRITE;
         scope <= quiz::v1::API_KEY_SCOPE_ATTEMPTS_ACT; ++scope) {
      quiz::v1::CreateApiKeyRequest request;
      request.set_service_account("integration");
      request.add_scopes(static_cast<quiz::v1::ApiKeyScope>(scope));
      quiz::v1::CreateApiKeyResponse key;
      status = integration->CreateApiKey(As(dave_).get(), request, &key);
      ASSERT_TRUE(status.ok()) << status.error_message();
      auth::Principal principal =
          Principal(created_id_, quiz::v1::ROLE_SERVICE_ACCOUNT);
      principal.scopes = 1u << (scope - 1);
      principal.api_key_id = scope;
      callers_.push_back({"key " + quiz::v1::ApiKeyScope_Name(scope),
                          "Bearer " + key.secret(), principal, ""});
    }
  }

  // Logs in again every caller whose token a probe revoked (Logout and the
  // like are in the walk too).
  void RenewLogins() {
    for (Caller& caller : callers_) {
      if (caller.username.empty()) continue;
      grpc::ClientContext context;
      context.AddMetadata("authorization", caller.authorization);
      quiz::v1::User user;
      if (caller.authorization.empty() ||
          !auth_->GetCurrentUser(&context, {}, &user).ok()) {
        caller.authorization = "Bearer " + Login(caller.username);
      }
    }
  }

  static auth::Principal Principal(int64_t id, quiz::v1::Role role) {
    auth::Principal principal;
    principal.user_id = id;
    principal.role = role;
    return principal;
  }

  // Calls `method` with `request` as `authorization` over a generic
  // streaming call, which carries unary and streaming RPCs alike. A
  // server-streaming RPC that was let in stays open: its deadline ends it.
  grpc::Status CallAs(const MethodDescriptor& method,
                      const google::protobuf::Message& request,
                      const std::string& authorization) {
    grpc::GenericStub stub(channel_);
    grpc::CompletionQueue queue;
    grpc::ClientContext context;
    if (!authorization.empty()) {
      context.AddMetadata("authorization", authorization);
    }
    context.set_deadline(std::chrono::system_clock::now() +
                         (method.server_streaming()
                              ? std::chrono::milliseconds(300)
                              : std::chrono::seconds(20)));
    const std::string path =
        "/" + method.service()->full_name() + "/" + method.name();
    std::unique_ptr<grpc::GenericClientAsyncReaderWriter> call =
        stub.PrepareCall(&context, path, &queue);
    auto await = [&queue] {
      void* tag;
      bool ok = false;
      EXPECT_TRUE(queue.Next(&tag, &ok));
      return ok;
    };
    call->StartCall(reinterpret_cast<void*>(1));
    await();
    const std::string bytes = request.SerializeAsString();
    grpc::Slice slice(bytes);
    grpc::ByteBuffer buffer(&slice, 1);
    call->Write(buffer, reinterpret_cast<void*>(2));
    if (await()) {
      call->WritesDone(reinterpret_cast<void*>(3));
      await();
      grpc::ByteBuffer reply;
      call->Read(&reply, reinterpret_cast<void*>(4));
      await();
    }
    grpc::Status status;
    call->Finish(&status, reinterpret_cast<void*>(5));
    await();
    queue.Shutdown();
    void* tag;
    bool ok;
    while (queue.Next(&tag, &ok)) {
    }
    return status;
  }

  // A request of `method`'s type naming bob's resources wherever it names a
  // user or an attempt; nullptr when it names neither. A user BankService
  // names is a bank owner to be, not someone whose data is read.
  std::unique_ptr<google::protobuf::Message> AboutBob(
      const MethodDescriptor& method) const {
    if (method.service()->name() == "BankService") return nullptr;
    std::unique_ptr<google::protobuf::Message> request(
        google::protobuf::MessageFactory::generated_factory()
            ->GetPrototype(method.input_type())
            ->New());
    const auto* reflection = request->GetReflection();
    bool named = false;
    for (int i = 0; i < method.input_type()->field_count(); ++i) {
      const FieldDescriptor* field = method.input_type()->field(i);
      if (field->cpp_type() != FieldDescriptor::CPPTYPE_STRING) continue;
      const bool attempt_name = field->name() == "attempt" ||
                                (field->name() == "name" &&
                                 method.service()->name() == "AttemptService");
      std::string value;
      if (field->name() == "quiz") {
        reflection->SetString(request.get(), field, "quizzes/practice-all");
        continue;
      }
      if (field->name() == "parent") {  // the course bob learns in (c1)
        reflection->SetString(request.get(), field, "courses/c1");
        continue;
      }
      if (field->name() == "user" || field->name() == "users") {
        value = "users/bob";
      } else if (attempt_name) {
        value = bobs_attempt_;
      } else {
        continue;
      }
      if (field->is_repeated()) {
        reflection->AddString(request.get(), field, value);
      } else {
        reflection->SetString(request.get(), field, value);
      }
      named = true;
    }
    if (!named) return nullptr;
    return request;
  }

  static bool Denied(const grpc::Status& status) {
    return status.error_code() == grpc::StatusCode::PERMISSION_DENIED ||
           status.error_code() == grpc::StatusCode::UNAUTHENTICATED;
  }

  // Refused as bob's: denied, or NOT_FOUND naming bob's resource (a caller
  // who may not see it is told it does not exist).
  bool RefusedAsBobs(const grpc::Status& status) const {
    if (Denied(status)) return true;
    const std::string& message = status.error_message();
    return status.error_code() == grpc::StatusCode::NOT_FOUND &&
           (message.find("users/bob") != std::string::npos ||
            message.find(bobs_attempt_) != std::string::npos);
  }

  std::string dave_, bobs_attempt_;
  // The service account's id as the policy sees it (any non-zero id).
  static constexpr int64_t created_id_ = 8;
  std::vector<Caller> callers_;
};

TEST_F(AccessMatrixTest, EveryCallerGetsWhatTheRuleOfEveryRpcSays) {
  for (const MethodDescriptor* method : EveryQuizRpc()) {
    const std::string name = PolicyName(*method);
    std::unique_ptr<google::protobuf::Message> empty(
        google::protobuf::MessageFactory::generated_factory()
            ->GetPrototype(method->input_type())
            ->New());
    for (const Caller& caller : callers_) {
      // Login reads no credential: a key sent with it is ignored, and the
      // call is the anonymous one already in the matrix.
      if (name == "AuthService.Login" &&
          caller.principal.role == quiz::v1::ROLE_SERVICE_ACCOUNT) {
        continue;
      }
      SCOPED_TRACE(name + " as " + caller.label);
      const grpc::Status status = CallAs(*method, *empty, caller.authorization);
      const bool anonymous = caller.principal.user_id == 0;
      const bool allowed = anonymous
                               ? name == "AuthService.Login"
                               : policy::Authorize(caller.principal, name).ok();
      if (allowed) {
        EXPECT_FALSE(Denied(status))
            << status.error_code() << ": " << status.error_message();
      } else {
        EXPECT_EQ(status.error_code(),
                  anonymous ? grpc::StatusCode::UNAUTHENTICATED
                            : grpc::StatusCode::PERMISSION_DENIED)
            << status.error_message();
        EXPECT_FALSE(status.error_message().empty());
      }
    }
    RenewLogins();
  }
}

// The other student, and staff, on bob's attempt and progress: a request
// naming another user's resource is refused (PERMISSION_DENIED, or
// NOT_FOUND so that it does not say what exists) unless the rule lets the
// caller act on others: on everyone's, or as an instructor or teaching
// assistant on the learners of their courses (bob is carol's and frank's,
// and no longer erin's).
TEST_F(AccessMatrixTest, OnlyTheRuleLetsACallerActOnAnotherUsersData) {
  int probed = 0;
  for (const MethodDescriptor* method : EveryQuizRpc()) {
    const std::string name = PolicyName(*method);
    std::unique_ptr<google::protobuf::Message> request = AboutBob(*method);
    if (request == nullptr) continue;
    ++probed;
    for (const Caller& caller : callers_) {
      if (caller.principal.user_id == 0) continue;
      SCOPED_TRACE(name + " on bob's data as " + caller.label);
      const grpc::Status status =
          CallAs(*method, *request, caller.authorization);
      if (!policy::Authorize(caller.principal, name).ok()) {
        EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
      } else if (policy::MayActOnOthers(caller.principal, name) ||
                 (caller.teaches_bob &&
                  policy::RelatedOf(caller.principal, name) ==
                      policy::kOwnLearners)) {
        EXPECT_FALSE(RefusedAsBobs(status))
            << status.error_code() << ": " << status.error_message();
      } else {
        EXPECT_TRUE(RefusedAsBobs(status))
            << status.error_code() << ": " << status.error_message();
      }
    }
    RenewLogins();
  }
  EXPECT_GE(probed, 8);
}

}  // namespace
}  // namespace quizd_test
