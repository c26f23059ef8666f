// IntegrationService over real gRPC: service accounts, API keys used as
// bearer credentials, revocation (calls and streams), and learner tokens
// that let an LMS take an attempt as a student.
#include <chrono>
#include <future>
#include <thread>
#include <tuple>

#include "absl/strings/match.h"
#include "harness.h"
#include "quiz/v1/integration_service.grpc.pb.h"

namespace quizd_test {
namespace {

using quiz::v1::ApiKeyScope;

constexpr char kKeyRefused[] =
    "API key is unknown, revoked or expired; ask an admin for a new one";

class IntegrationTest : public ServerFixture {
 protected:
  void AddMoreUsers(store::Store& store) const override {
    AddUser(store, "root", quiz::v1::ROLE_ADMIN);
    // A student the SIS knows as S-1001, and one who is disabled.
    for (const auto& [name, external_id, disabled] :
         {std::tuple<std::string, std::string, bool>{"erin", "S-1001", false},
          {"dora", "S-1002", true}}) {
      store::UserRecord user;
      user.username = name;
      user.role = quiz::v1::ROLE_STUDENT;
      user.external_id = external_id;
      user.disabled = disabled;
      std::promise<absl::StatusOr<int64_t>> done;
      store.CreateUser(user, [&](absl::StatusOr<int64_t> id) {
        done.set_value(std::move(id));
      });
      ASSERT_TRUE(done.get_future().get().ok());
    }
  }

  void SetUp() override {
    ServerFixture::SetUp();
    integration_ = quiz::v1::IntegrationService::NewStub(channel_);
    LoginEveryone();
    admin_ = Login("root");
  }

  // Streams end within a tick of their credential's revocation.
  absl::Duration ClockPeriod() const override { return absl::Milliseconds(20); }

  grpc::Status CreateAccount(const std::string& token,
                             const std::string& username,
                             quiz::v1::ServiceAccount* account = nullptr) {
    quiz::v1::CreateServiceAccountRequest request;
    request.set_username(username);
    quiz::v1::ServiceAccount reply;
    return integration_->CreateServiceAccount(
        As(token).get(), request, account == nullptr ? &reply : account);
  }

  grpc::Status CreateKey(const std::string& token, const std::string& account,
                         std::vector<ApiKeyScope> scopes,
                         quiz::v1::CreateApiKeyResponse* reply,
                         const std::string& label = "") {
    quiz::v1::CreateApiKeyRequest request;
    request.set_service_account(account);
    for (ApiKeyScope scope : scopes) request.add_scopes(scope);
    request.set_label(label);
    return integration_->CreateApiKey(As(token).get(), request, reply);
  }

  // A new service account `name` with one key of `scopes`; its secret.
  std::string AccountWithKey(const std::string& name,
                             std::vector<ApiKeyScope> scopes,
                             std::string* prefix = nullptr) {
    grpc::Status status = CreateAccount(admin_, name);
    EXPECT_TRUE(status.ok()) << status.error_message();
    quiz::v1::CreateApiKeyResponse reply;
    status = CreateKey(admin_, "users/" + name, scopes, &reply);
    EXPECT_TRUE(status.ok()) << status.error_message();
    if (prefix != nullptr) *prefix = reply.api_key().prefix();
    return reply.secret();
  }

  grpc::Status Revoke(const std::string& prefix) {
    quiz::v1::RevokeApiKeyRequest request;
    request.set_name(prefix);
    quiz::v1::ApiKey reply;
    return integration_->RevokeApiKey(As(admin_).get(), request, &reply);
  }

  grpc::Status WhoAmI(const std::string& token, quiz::v1::User* user) {
    return auth_->GetCurrentUser(As(token).get(),
                                 quiz::v1::GetCurrentUserRequest(), user);
  }

  grpc::Status IssueFor(const std::string& key, const std::string& username,
                        quiz::v1::IssueLearnerTokenResponse* reply,
                        int lifetime_seconds = 0) {
    quiz::v1::IssueLearnerTokenRequest request;
    request.set_username(username);
    request.set_lifetime_seconds(lifetime_seconds);
    return integration_->IssueLearnerToken(As(key).get(), request, reply);
  }

  // Reads `stream` to its end (events allowed) and returns how it ended.
  static grpc::Status EndOf(
      grpc::ClientReader<quiz::v1::ProgressEvent>& stream) {
    quiz::v1::ProgressEvent event;
    while (stream.Read(&event)) {
    }
    return stream.Finish();
  }

  std::unique_ptr<quiz::v1::IntegrationService::Stub> integration_;
  std::string admin_;
};

TEST_F(IntegrationTest, KeyAuthenticatesAsItsServiceAccount) {
  const std::string key =
      AccountWithKey("canvas", {quiz::v1::API_KEY_SCOPE_RESULTS_READ});
  EXPECT_TRUE(absl::StartsWith(key, "qzk_")) << key;
  EXPECT_EQ(key.size(), 4u + 8 + 1 + 64);
  quiz::v1::User user;
  grpc::Status status = WhoAmI(key, &user);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(user.username(), "canvas");
  EXPECT_EQ(user.role(), quiz::v1::ROLE_SERVICE_ACCOUNT);
}

TEST_F(IntegrationTest, UnknownAndMalformedKeysAreRefusedAlike) {
  std::string key =
      AccountWithKey("canvas", {quiz::v1::API_KEY_SCOPE_RESULTS_READ});
  // The real prefix with a wrong secret, and a prefix that does not exist:
  // one message, which does not say whether the prefix exists.
  std::string wrong_secret = key;
  wrong_secret.back() = wrong_secret.back() == '0' ? '1' : '0';
  for (const std::string& bad :
       {wrong_secret, std::string("qzk_zzzzzzzz_") + std::string(64, 'a'),
        std::string("qzk_")}) {
    quiz::v1::User user;
    grpc::Status status = WhoAmI(bad, &user);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED) << bad;
    EXPECT_EQ(status.error_message(), kKeyRefused) << bad;
  }
}

TEST_F(IntegrationTest, ServiceAccountsCannotLogIn) {
  ASSERT_TRUE(CreateAccount(admin_, "canvas").ok());
  grpc::ClientContext context;
  quiz::v1::LoginRequest request;
  request.set_username("canvas");
  request.set_password("password-1");
  quiz::v1::LoginResponse response;
  EXPECT_EQ(auth_->Login(&context, request, &response).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(IntegrationTest, RevokedKeyIsRefusedAtOnce) {
  std::string prefix;
  const std::string key =
      AccountWithKey("canvas", {quiz::v1::API_KEY_SCOPE_RESULTS_READ}, &prefix);
  quiz::v1::User user;
  ASSERT_TRUE(WhoAmI(key, &user).ok());  // cached by the server now
  grpc::Status status = Revoke(prefix);
  ASSERT_TRUE(status.ok()) << status.error_message();
  status = WhoAmI(key, &user);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(status.error_message(), kKeyRefused);
  // Revoking again changes nothing; an unknown key is NOT_FOUND.
  EXPECT_TRUE(Revoke("apiKeys/" + prefix).ok());
  EXPECT_EQ(Revoke("qzk_zzzzzzzz").error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Revoke("not a key").error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(IntegrationTest, ExpiredKeyIsRefused) {
  ASSERT_TRUE(CreateAccount(admin_, "canvas").ok());
  quiz::v1::CreateApiKeyRequest request;
  request.set_service_account("canvas");
  request.add_scopes(quiz::v1::API_KEY_SCOPE_RESULTS_READ);
  // An expiry in the past is refused up front...
  request.mutable_expire_time()->set_seconds(1);
  quiz::v1::CreateApiKeyResponse reply;
  EXPECT_EQ(integration_->CreateApiKey(As(admin_).get(), request, &reply)
                .error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  // So is one that is no time at all.
  request.mutable_expire_time()->set_seconds(INT64_MAX);
  EXPECT_EQ(integration_->CreateApiKey(As(admin_).get(), request, &reply)
                .error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  request.mutable_expire_time()->set_seconds(4000000000);
  request.mutable_expire_time()->set_nanos(-5);
  EXPECT_EQ(integration_->CreateApiKey(As(admin_).get(), request, &reply)
                .error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(reply.secret().empty());
  request.mutable_expire_time()->set_nanos(0);
  // ...and a key expiring soon stops working when it does.
  const auto expiry =
      std::chrono::system_clock::now() + std::chrono::milliseconds(300);
  const int64_t expiry_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(
          expiry.time_since_epoch())
          .count();
  request.mutable_expire_time()->set_seconds(expiry_ms / 1000);
  request.mutable_expire_time()->set_nanos((expiry_ms % 1000) * 1000000);
  grpc::Status status =
      integration_->CreateApiKey(As(admin_).get(), request, &reply);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(reply.api_key().has_expire_time());
  std::this_thread::sleep_until(expiry + std::chrono::milliseconds(50));
  quiz::v1::User user;
  status = WhoAmI(reply.secret(), &user);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(status.error_message(), kKeyRefused);
}

TEST_F(IntegrationTest, ListingShowsKeysButNeverTheirSecrets) {
  ASSERT_TRUE(CreateAccount(admin_, "canvas").ok());
  quiz::v1::CreateApiKeyResponse first, second;
  ASSERT_TRUE(CreateKey(admin_, "canvas",
                        {quiz::v1::API_KEY_SCOPE_ATTEMPTS_ACT,
                         quiz::v1::API_KEY_SCOPE_RESULTS_READ,
                         quiz::v1::API_KEY_SCOPE_RESULTS_READ},
                        &first, "Canvas production")
                  .ok());
  ASSERT_TRUE(CreateKey(admin_, "canvas", {quiz::v1::API_KEY_SCOPE_BANKS_WRITE},
                        &second)
                  .ok());
  quiz::v1::User user;
  ASSERT_TRUE(WhoAmI(first.secret(), &user).ok());
  ASSERT_TRUE(Revoke(second.api_key().prefix()).ok());

  quiz::v1::ListApiKeysRequest request;
  request.set_service_account("users/canvas");
  quiz::v1::ListApiKeysResponse list;
  grpc::Status status =
      integration_->ListApiKeys(As(admin_).get(), request, &list);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(list.api_keys_size(), 2);
  const quiz::v1::ApiKey& newest = list.api_keys(0);
  const quiz::v1::ApiKey& oldest = list.api_keys(1);
  EXPECT_EQ(newest.prefix(), second.api_key().prefix());
  EXPECT_TRUE(newest.has_revoke_time());
  EXPECT_EQ(oldest.prefix(), first.api_key().prefix());
  EXPECT_EQ(oldest.name(), "apiKeys/" + oldest.prefix());
  EXPECT_TRUE(absl::StartsWith(first.secret(), oldest.prefix() + "_"));
  EXPECT_EQ(oldest.service_account(), "users/canvas");
  EXPECT_EQ(oldest.label(), "Canvas production");
  ASSERT_EQ(oldest.scopes_size(), 2);  // in enum order, once each
  EXPECT_EQ(oldest.scopes(0), quiz::v1::API_KEY_SCOPE_RESULTS_READ);
  EXPECT_EQ(oldest.scopes(1), quiz::v1::API_KEY_SCOPE_ATTEMPTS_ACT);
  EXPECT_TRUE(oldest.has_last_use_time());
  EXPECT_FALSE(oldest.has_revoke_time());
  EXPECT_FALSE(oldest.has_expire_time());

  // Neither secret, nor its random part, in any form in the listing.
  const std::string bytes = list.SerializeAsString();
  for (const std::string& secret : {first.secret(), second.secret()}) {
    const std::string random_part = secret.substr(secret.size() - 64);
    EXPECT_FALSE(absl::StrContains(bytes, random_part));
    EXPECT_FALSE(absl::StrContains(list.DebugString(), random_part));
  }

  // Paged: one at a time, newest first.
  request.set_page_size(1);
  ASSERT_TRUE(integration_->ListApiKeys(As(admin_).get(), request, &list).ok());
  ASSERT_EQ(list.api_keys_size(), 1);
  ASSERT_FALSE(list.next_page_token().empty());
  request.set_page_token(list.next_page_token());
  ASSERT_TRUE(integration_->ListApiKeys(As(admin_).get(), request, &list).ok());
  ASSERT_EQ(list.api_keys_size(), 1);
  EXPECT_EQ(list.api_keys(0).prefix(), first.api_key().prefix());

  quiz::v1::ListServiceAccountsResponse accounts;
  ASSERT_TRUE(integration_
                  ->ListServiceAccounts(As(admin_).get(),
                                        quiz::v1::ListServiceAccountsRequest(),
                                        &accounts)
                  .ok());
  ASSERT_EQ(accounts.service_accounts_size(), 1);
  EXPECT_EQ(accounts.service_accounts(0).name(), "users/canvas");
  EXPECT_EQ(accounts.service_accounts(0).active_keys(), 1);
}

TEST_F(IntegrationTest, KeysAndAccountsAreForAdminsOnly) {
  const std::string key =
      AccountWithKey("canvas", {quiz::v1::API_KEY_SCOPE_USERS_WRITE,
                                quiz::v1::API_KEY_SCOPE_RESULTS_READ,
                                quiz::v1::API_KEY_SCOPE_ATTEMPTS_ACT});
  for (const std::string& token : {alice_, carol_, key}) {
    EXPECT_EQ(CreateAccount(token, "sneaky").error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
    quiz::v1::CreateApiKeyResponse reply;
    EXPECT_EQ(CreateKey(token, "canvas", {quiz::v1::API_KEY_SCOPE_BANKS_WRITE},
                        &reply)
                  .error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
    EXPECT_TRUE(reply.secret().empty());
    quiz::v1::ListApiKeysResponse list;
    EXPECT_EQ(integration_
                  ->ListApiKeys(As(token).get(), quiz::v1::ListApiKeysRequest(),
                                &list)
                  .error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
  }
  // Keys are for service accounts only.
  quiz::v1::CreateApiKeyResponse reply;
  EXPECT_EQ(
      CreateKey(admin_, "alice", {quiz::v1::API_KEY_SCOPE_BANKS_WRITE}, &reply)
          .error_code(),
      grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(CreateKey(admin_, "canvas", {}, &reply).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  quiz::v1::CreateApiKeyRequest request;
  request.set_service_account("canvas");
  request.add_scopes(static_cast<ApiKeyScope>(42));
  grpc::Status status =
      integration_->CreateApiKey(As(admin_).get(), request, &reply);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(absl::StartsWith(status.error_message(), "scopes[0]:"))
      << status.error_message();
}

TEST_F(IntegrationTest, ResultsReadKeyCannotWrite) {
  const std::string key =
      AccountWithKey("grades", {quiz::v1::API_KEY_SCOPE_RESULTS_READ});
  quiz::v1::CreateBankVersionRequest push;
  push.mutable_bank()->set_id("pushed");
  push.mutable_bank()->set_title("Pushed");
  quiz::v1::CreateBankVersionResponse pushed;
  EXPECT_EQ(
      banks_->CreateBankVersion(As(key).get(), push, &pushed).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  quiz::v1::RegradeRequest regrade;
  regrade.set_quiz("quizzes/exam-shuffled");
  quiz::v1::RegradeResponse regraded;
  EXPECT_EQ(banks_->Regrade(As(key).get(), regrade, &regraded).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  quiz::v1::IssueLearnerTokenResponse learner;
  EXPECT_EQ(IssueFor(key, "alice", &learner).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(learner.token().empty());
  // A key never takes an attempt itself.
  quiz::v1::StartAttemptRequest start;
  start.set_quiz("quizzes/practice-all");
  quiz::v1::Attempt attempt;
  EXPECT_EQ(
      attempts_->StartAttempt(As(key).get(), start, &attempt).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  // What it may do: read every student's results.
  quiz::v1::Attempt bobs = Start(bob_, "quizzes/practice-all");
  quiz::v1::ListAttemptsRequest list;
  list.set_user("users/bob");
  quiz::v1::ListAttemptsResponse listed;
  grpc::Status status = attempts_->ListAttempts(As(key).get(), list, &listed);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(listed.attempts_size(), 1);
  EXPECT_EQ(listed.attempts(0).name(), bobs.name());
}

TEST_F(IntegrationTest, LearnerTokenTakesAnAttemptAsTheStudent) {
  const std::string key =
      AccountWithKey("lms", {quiz::v1::API_KEY_SCOPE_ATTEMPTS_ACT});
  quiz::v1::IssueLearnerTokenResponse issued;
  grpc::Status status = IssueFor(key, "users/alice", &issued);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(issued.user().username(), "alice");
  EXPECT_EQ(issued.user().role(), quiz::v1::ROLE_STUDENT);
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  const int64_t now_s =
      std::chrono::duration_cast<std::chrono::seconds>(now).count();
  // Ten minutes by default.
  EXPECT_GE(issued.expire_time().seconds(), now_s + 590);
  EXPECT_LE(issued.expire_time().seconds(), now_s + 601);
  const std::string learner = issued.token();

  quiz::v1::User user;
  ASSERT_TRUE(WhoAmI(learner, &user).ok());
  EXPECT_EQ(user.username(), "alice");

  quiz::v1::Attempt attempt = Start(learner, "quizzes/practice-all");
  ASSERT_FALSE(attempt.name().empty());
  quiz::v1::SubmitResponseResponse reply;
  status = Submit(learner, attempt, "claim-form",
                  "choice { option_ids: 'cms1500' }", &reply);
  ASSERT_TRUE(status.ok()) << status.error_message();
  quiz::v1::Attempt finished;
  status = Finish(learner, attempt, &finished);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(finished.state(), quiz::v1::FINISHED);

  // It is alice's attempt: she sees it, bob does not.
  quiz::v1::Attempt seen;
  EXPECT_TRUE(Get(alice_, attempt.name(), &seen).ok());
  EXPECT_FALSE(Get(bob_, attempt.name(), &seen).ok());
  // The learner token is a student's: it reaches no one else's attempt.
  quiz::v1::Attempt bobs = Start(bob_, "quizzes/practice-all");
  EXPECT_FALSE(Get(learner, bobs.name(), &seen).ok());
  // Nor does it issue tokens.
  quiz::v1::IssueLearnerTokenResponse again;
  EXPECT_EQ(IssueFor(learner, "bob", &again).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(IntegrationTest, LearnerTokensAreForStudentsOnly) {
  const std::string key =
      AccountWithKey("lms", {quiz::v1::API_KEY_SCOPE_ATTEMPTS_ACT});
  ASSERT_TRUE(CreateAccount(admin_, "other").ok());
  quiz::v1::IssueLearnerTokenResponse issued;
  for (const char* staff : {"carol", "root", "other", "lms"}) {
    EXPECT_EQ(IssueFor(key, staff, &issued).error_code(),
              grpc::StatusCode::PERMISSION_DENIED)
        << staff;
  }
  EXPECT_EQ(IssueFor(key, "nobody", &issued).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(IssueFor(key, "alice", &issued, 901).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(IssueFor(key, "", &issued).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(issued.token().empty());
  // An admin's own login is not a key either.
  EXPECT_EQ(IssueFor(admin_, "alice", &issued).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // Fifteen minutes at most.
  grpc::Status status = IssueFor(key, "alice", &issued, 900);
  ASSERT_TRUE(status.ok()) << status.error_message();
}

TEST_F(IntegrationTest, LearnersByExternalIdAndNeverDisabledOnes) {
  const std::string key =
      AccountWithKey("lms", {quiz::v1::API_KEY_SCOPE_ATTEMPTS_ACT});
  quiz::v1::IssueLearnerTokenRequest request;
  request.set_external_id("S-1001");
  quiz::v1::IssueLearnerTokenResponse issued;
  grpc::Status status =
      integration_->IssueLearnerToken(As(key).get(), request, &issued);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(issued.user().username(), "erin");
  quiz::v1::User user;
  ASSERT_TRUE(WhoAmI(issued.token(), &user).ok());
  EXPECT_EQ(user.username(), "erin");

  request.set_external_id("S-9999");
  EXPECT_EQ(integration_->IssueLearnerToken(As(key).get(), request, &issued)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
  request.set_external_id("S-1002");  // dora, disabled
  quiz::v1::IssueLearnerTokenResponse refused;
  EXPECT_EQ(integration_->IssueLearnerToken(As(key).get(), request, &refused)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(IssueFor(key, "dora", &refused).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(refused.token().empty());
  request.set_username("erin");  // both: one of them only
  EXPECT_EQ(integration_->IssueLearnerToken(As(key).get(), request, &refused)
                .error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(IntegrationTest, RevokingAKeyEndsItsStreamsAndLearnerTokens) {
  std::string prefix;
  // results.read lets the key watch; attempts.act lets it issue.
  const std::string key = AccountWithKey("lms",
                                         {quiz::v1::API_KEY_SCOPE_RESULTS_READ,
                                          quiz::v1::API_KEY_SCOPE_ATTEMPTS_ACT},
                                         &prefix);
  quiz::v1::IssueLearnerTokenResponse issued;
  ASSERT_TRUE(IssueFor(key, "alice", &issued).ok());
  const std::string learner = issued.token();

  grpc::ClientContext key_context, learner_context;
  auto key_stream = Watch(key_context, key);
  auto learner_stream = Watch(learner_context, learner);
  // Both streams hold while the key does: an event reaches the learner's.
  quiz::v1::Attempt attempt = Start(learner, "quizzes/practice-all");
  quiz::v1::Attempt finished;
  ASSERT_TRUE(Finish(learner, attempt, &finished).ok());
  quiz::v1::ProgressEvent event;
  ASSERT_TRUE(learner_stream->Read(&event));
  EXPECT_EQ(event.attempt(), attempt.name());

  ASSERT_TRUE(Revoke(prefix).ok());
  quiz::v1::User user;
  EXPECT_EQ(WhoAmI(learner, &user).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(EndOf(*key_stream).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(EndOf(*learner_stream).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  // alice's own login is untouched.
  EXPECT_TRUE(WhoAmI(alice_, &user).ok());
}

TEST_F(IntegrationTest, DeletingAnAccountRevokesItsKeys) {
  const std::string key =
      AccountWithKey("lms", {quiz::v1::API_KEY_SCOPE_ATTEMPTS_ACT});
  quiz::v1::IssueLearnerTokenResponse issued;
  ASSERT_TRUE(IssueFor(key, "alice", &issued).ok());
  quiz::v1::Attempt attempt = Start(issued.token(), "quizzes/practice-all");

  quiz::v1::DeleteServiceAccountRequest request;
  request.set_name("users/lms");
  quiz::v1::DeleteServiceAccountResponse reply;
  grpc::Status status =
      integration_->DeleteServiceAccount(As(admin_).get(), request, &reply);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(reply.revoked_keys(), 1);
  quiz::v1::User user;
  EXPECT_EQ(WhoAmI(key, &user).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(WhoAmI(issued.token(), &user).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  // The attempt is alice's and stays.
  quiz::v1::Attempt seen;
  EXPECT_TRUE(Get(alice_, attempt.name(), &seen).ok());
  // Never a person.
  request.set_name("alice");
  EXPECT_EQ(
      integration_->DeleteServiceAccount(As(admin_).get(), request, &reply)
          .error_code(),
      grpc::StatusCode::NOT_FOUND);
  EXPECT_TRUE(WhoAmI(alice_, &user).ok());
}

}  // namespace
}  // namespace quizd_test
