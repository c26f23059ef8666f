// UserService over real gRPC: every RPC, bad input naming the field with
// nothing changed, batches all or nothing, idempotent syncs, token and
// stream revocation, and who may call.
#include <set>
#include <string>
#include <vector>

#include "harness.h"
#include "quiz/v1/audit_service.grpc.pb.h"
#include "quiz/v1/user_service.grpc.pb.h"

namespace quizd_test {
namespace {

using quiz::v1::BatchUpsertUsersRequest;
using quiz::v1::BatchUpsertUsersResponse;
using quiz::v1::User;

class UserServiceTest : public ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    server_.reset();
    {
      auto store = store::OpenSqliteStore({db_path()});
      ASSERT_TRUE(store.ok()) << store.status();
      AddUser(**store, "root", quiz::v1::ROLE_ADMIN);
    }
    StartServer();
    users_ = quiz::v1::UserService::NewStub(channel_);
    LoginEveryone();
    root_ = Login("root");
  }

  template <typename Request>
  static Request Parse(const std::string& text) {
    Request request;
    EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &request))
        << text;
    return request;
  }

  grpc::Status Create(const std::string& text, User* user,
                      const std::string& token = "") {
    return users_->CreateUser(As(token.empty() ? root_ : token).get(),
                              Parse<quiz::v1::CreateUserRequest>(text), user);
  }

  grpc::Status Upsert(const std::string& text,
                      BatchUpsertUsersResponse* reply) {
    return users_->BatchUpsertUsers(
        As(root_).get(), Parse<BatchUpsertUsersRequest>(text), reply);
  }

  grpc::Status Update(const std::string& text, User* user) {
    return users_->UpdateUser(As(root_).get(),
                              Parse<quiz::v1::UpdateUserRequest>(text), user);
  }

  // Every username, in order, as ListUsers pages them (page_size 2).
  std::vector<std::string> AllUsernames(const std::string& filter = "") {
    std::vector<std::string> names;
    quiz::v1::ListUsersRequest request =
        Parse<quiz::v1::ListUsersRequest>(filter);
    request.set_page_size(2);
    for (int page = 0; page < 100; ++page) {
      quiz::v1::ListUsersResponse reply;
      grpc::Status status = users_->ListUsers(As(root_).get(), request, &reply);
      EXPECT_TRUE(status.ok()) << status.error_message();
      for (const User& user : reply.users()) names.push_back(user.username());
      if (reply.next_page_token().empty()) break;
      request.set_page_token(reply.next_page_token());
    }
    return names;
  }

  grpc::Status LoginAs(const std::string& name, const std::string& password) {
    quiz::v1::LoginRequest request;
    request.set_username(name);
    request.set_password(password);
    quiz::v1::LoginResponse reply;
    grpc::ClientContext context;
    return auth_->Login(&context, request, &reply);
  }

  grpc::Status WhoAmI(const std::string& token) {
    User user;
    return auth_->GetCurrentUser(As(token).get(),
                                 quiz::v1::GetCurrentUserRequest(), &user);
  }

  std::unique_ptr<quiz::v1::UserService::Stub> users_;
  std::string root_;
};

TEST_F(UserServiceTest, CreateGetUpdateAndList) {
  User created;
  ASSERT_TRUE(Create("user { username: 'dana' role: ROLE_STUDENT "
                     "display_name: 'Dana Whitfield' email: 'dana@school.edu' "
                     "external_id: 'SIS-0042' } password: 'dana-pass-1'",
                     &created)
                  .ok());
  EXPECT_EQ(created.name(), "users/dana");
  EXPECT_EQ(created.display_name(), "Dana Whitfield");
  EXPECT_TRUE(created.has_create_time());
  EXPECT_TRUE(LoginAs("dana", "dana-pass-1").ok());

  User got;
  ASSERT_TRUE(
      users_
          ->GetUser(As(root_).get(),
                    Parse<quiz::v1::GetUserRequest>("name: 'users/dana'"), &got)
          .ok());
  EXPECT_EQ(got.external_id(), "SIS-0042");
  EXPECT_FALSE(got.disabled());

  // One field changes; the others stay.
  User updated;
  ASSERT_TRUE(Update("name: 'users/dana' user { email: 'd@new.edu' "
                     "display_name: 'ignored' } update_mask: 'email'",
                     &updated)
                  .ok());
  EXPECT_EQ(updated.email(), "d@new.edu");
  EXPECT_EQ(updated.display_name(), "Dana Whitfield");

  EXPECT_EQ(AllUsernames(), (std::vector<std::string>{"alice", "bob", "carol",
                                                      "dana", "root"}));
  EXPECT_EQ(AllUsernames("role: ROLE_INSTRUCTOR"),
            (std::vector<std::string>{"carol"}));
  // Changed since just before dana's update: only dana.
  int64_t nanos = updated.update_time().seconds() * 1000000000LL +
                  updated.update_time().nanos() - 1000000;
  EXPECT_EQ(AllUsernames("updated_after { seconds: " +
                         std::to_string(nanos / 1000000000) + " nanos: " +
                         std::to_string(nanos % 1000000000) + " }"),
            (std::vector<std::string>{"dana"}));

  User taken;
  grpc::Status same_name =
      Create("user { username: 'dana' role: ROLE_STUDENT }", &taken);
  EXPECT_EQ(same_name.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(same_name.error_message(),
            "user.username: users/dana already exists");
  grpc::Status same_id = Create(
      "user { username: 'eve' role: ROLE_STUDENT "
      "external_id: 'SIS-0042' }",
      &taken);
  EXPECT_EQ(same_id.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(same_id.error_message(),
            "user.external_id: \"SIS-0042\" already belongs to users/dana");
}

TEST_F(UserServiceTest, BadInputNamesTheFieldAndChangesNothing) {
  const std::vector<std::string> before = AllUsernames();
  struct Case {
    std::string request;
    std::string message_start;
  };
  const Case cases[] = {
      {"user { username: 'Bad Name' role: ROLE_STUDENT }", "user.username: "},
      {"user { username: 'ok' }", "user.role: "},
      {"user { username: 'ok' role: ROLE_STUDENT email: 'no-at-sign' }",
       "user.email: "},
      {"user { username: 'ok' role: ROLE_STUDENT email: 'a@b@c' }",
       "user.email: "},
      {"user { username: 'ok' role: ROLE_STUDENT display_name: 'A\\nB' }",
       "user.display_name: control character U+000A"},
      {"user { username: 'ok' role: ROLE_STUDENT external_id: 'has space' }",
       "user.external_id: "},
      {"user { username: 'ok' role: ROLE_STUDENT } password: 'short'",
       "password: "},
  };
  for (const Case& c : cases) {
    User user;
    grpc::Status status = Create(c.request, &user);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << c.request;
    EXPECT_EQ(status.error_message().rfind(c.message_start, 0), 0u)
        << c.request << " -> " << status.error_message();
  }
  User user;
  grpc::Status mask = Update("name: 'alice' update_mask: 'username'", &user);
  EXPECT_EQ(mask.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(mask.error_message().rfind("update_mask: ", 0), 0u);
  EXPECT_EQ(AllUsernames(), before);
}

TEST_F(UserServiceTest, BatchIsAllOrNothingAndASecondRunChangesNothing) {
  const std::string roster =
      "users { user { username: 's1' role: ROLE_STUDENT external_id: 'X1' } "
      "password: 'first-pass-1' } "
      "users { user { username: 's2' role: ROLE_STUDENT external_id: 'X2' } } "
      "users { user { username: 'alice' role: ROLE_STUDENT "
      "display_name: 'Alice A.' } } ";
  const std::vector<std::string> before = AllUsernames();

  // One bad row: nothing stored, the row named.
  BatchUpsertUsersResponse reply;
  grpc::Status bad =
      Upsert(roster +
                 "users { user { username: 's3' role: ROLE_STUDENT "
                 "email: 'nope' } }",
             &reply);
  EXPECT_EQ(bad.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(bad.error_message().rfind("users[3].user.email: ", 0), 0u)
      << bad.error_message();
  EXPECT_EQ(AllUsernames(), before);

  // A row the store refuses (an external id held by another) also stops
  // the batch.
  User held;
  ASSERT_TRUE(
      Create("user { username: 'h' role: ROLE_STUDENT external_id: 'HELD' }",
             &held)
          .ok());
  grpc::Status conflict =
      Upsert(roster +
                 "users { user { username: 's4' role: ROLE_STUDENT "
                 "external_id: 'HELD' } }",
             &reply);
  EXPECT_EQ(conflict.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(conflict.error_message(),
            "users[3].user.external_id: \"HELD\" already belongs to users/h; "
            "nothing was stored");
  EXPECT_EQ(AllUsernames().size(), before.size() + 1);

  // validate_only says what would happen and stores nothing.
  BatchUpsertUsersResponse dry;
  ASSERT_TRUE(Upsert(roster + "validate_only: true", &dry).ok());
  EXPECT_EQ(dry.created(), 2);
  EXPECT_EQ(dry.updated(), 1);
  EXPECT_EQ(AllUsernames().size(), before.size() + 1);

  BatchUpsertUsersResponse first;
  ASSERT_TRUE(Upsert(roster, &first).ok());
  EXPECT_EQ(first.created(), 2);
  EXPECT_EQ(first.updated(), 1);
  EXPECT_EQ(first.results(2).user().display_name(), "Alice A.");
  EXPECT_TRUE(LoginAs("s1", "first-pass-1").ok());

  BatchUpsertUsersResponse second;
  ASSERT_TRUE(Upsert(roster, &second).ok());
  EXPECT_EQ(second.unchanged(), 3);
  for (const auto& result : second.results()) {
    EXPECT_EQ(result.outcome(), quiz::v1::UPSERT_OUTCOME_UNCHANGED);
  }
  // Keyed by external id, the same rows are unchanged too.
  BatchUpsertUsersResponse by_id;
  ASSERT_TRUE(Upsert("key: UPSERT_KEY_EXTERNAL_ID "
                     "users { user { username: 's1' role: ROLE_STUDENT "
                     "external_id: 'X1' } password: 'other-pass-1' }",
                     &by_id)
                  .ok());
  EXPECT_EQ(by_id.unchanged(), 1);
  EXPECT_TRUE(LoginAs("s1", "first-pass-1").ok());  // not reset by a sync

  // skip_invalid stores the good rows and reports the bad.
  BatchUpsertUsersResponse skipped;
  ASSERT_TRUE(Upsert("skip_invalid: true "
                     "users { user { username: 'k1' role: ROLE_STUDENT } } "
                     "users { user { username: 'k1' role: ROLE_STUDENT } } "
                     "users { user { username: 'k2' role: ROLE_ADMIN } }",
                     &skipped)
                  .ok());
  EXPECT_EQ(skipped.created(), 2);
  EXPECT_EQ(skipped.failed(), 1);
  EXPECT_EQ(skipped.results(1).error(),
            "users[1].user.username: \"k1\" repeats users[0]");

  grpc::Status empty = Upsert("", &reply);
  EXPECT_EQ(empty.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  std::string too_many;
  for (int i = 0; i <= 1000; ++i) {
    too_many += "users { user { username: 'm" + std::to_string(i) +
                "' role: ROLE_STUDENT } } ";
  }
  EXPECT_EQ(Upsert(too_many, &reply).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(UserServiceTest, DisablingEndsTokensAndStreamsAndBlocksLogin) {
  grpc::ClientContext watch_context;
  auto stream = Watch(watch_context, alice_);
  User user;
  ASSERT_TRUE(
      Update("name: 'alice' user { disabled: true } update_mask: 'disabled'",
             &user)
          .ok());
  EXPECT_TRUE(user.disabled());
  EXPECT_EQ(WhoAmI(alice_).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  // The open stream ends (the server's clock sweeps revoked tokens).
  quiz::v1::ProgressEvent event;
  while (stream->Read(&event)) {
  }
  EXPECT_NE(stream->Finish().error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);

  // The right password says the account is disabled; a wrong one says what
  // it says for every account.
  grpc::Status right = LoginAs("alice", "password-1");
  EXPECT_EQ(right.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(right.error_message(), "account disabled");
  grpc::Status wrong = LoginAs("alice", "password-2");
  EXPECT_EQ(wrong.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(wrong.error_message(), "wrong username or password");

  ASSERT_TRUE(
      Update("name: 'alice' user { disabled: false } update_mask: 'disabled'",
             &user)
          .ok());
  EXPECT_TRUE(LoginAs("alice", "password-1").ok());
  // Bob was never touched.
  EXPECT_TRUE(WhoAmI(bob_).ok());
}

TEST_F(UserServiceTest, SetPasswordEndsTheOldTokens) {
  grpc::ClientContext watch_context;
  auto stream = Watch(watch_context, bob_);
  quiz::v1::SetPasswordResponse reply;
  ASSERT_TRUE(
      users_
          ->SetPassword(As(root_).get(),
                        Parse<quiz::v1::SetPasswordRequest>(
                            "name: 'users/bob' password: 'new-pass-22'"),
                        &reply)
          .ok());
  EXPECT_EQ(reply.revoked_tokens(), 1);
  EXPECT_EQ(WhoAmI(bob_).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  quiz::v1::ProgressEvent event;
  while (stream->Read(&event)) {
  }
  EXPECT_NE(stream->Finish().error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  EXPECT_EQ(LoginAs("bob", "password-1").error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_TRUE(LoginAs("bob", "new-pass-22").ok());

  EXPECT_EQ(users_
                ->SetPassword(As(root_).get(),
                              Parse<quiz::v1::SetPasswordRequest>(
                                  "name: 'users/bob' password: 'short'"),
                              &reply)
                .error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(
      users_
          ->SetPassword(As(root_).get(),
                        Parse<quiz::v1::SetPasswordRequest>(
                            "name: 'users/nobody' password: 'long-enough'"),
                        &reply)
          .error_code(),
      grpc::StatusCode::NOT_FOUND);
}

TEST_F(UserServiceTest, DeleteEndsTokensAndKeepsAttemptsAnonymised) {
  quiz::v1::Attempt attempt = Start(alice_, "quizzes/practice-all");
  quiz::v1::SubmitResponseResponse answered;
  ASSERT_TRUE(Submit(alice_, attempt, "claim-form",
                     "choice { option_ids: 'cms1500' }", &answered)
                  .ok());
  grpc::ClientContext watch_context;
  auto stream = Watch(watch_context, alice_);

  quiz::v1::DeleteUserResponse reply;
  ASSERT_TRUE(users_
                  ->DeleteUser(
                      As(root_).get(),
                      Parse<quiz::v1::DeleteUserRequest>("name: 'users/alice'"),
                      &reply)
                  .ok());
  EXPECT_EQ(reply.kept_attempts(), 1);
  EXPECT_EQ(reply.revoked_tokens(), 1);
  EXPECT_EQ(WhoAmI(alice_).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  quiz::v1::ProgressEvent event;
  while (stream->Read(&event)) {
  }
  EXPECT_NE(stream->Finish().error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);

  User user;
  EXPECT_EQ(
      users_
          ->GetUser(As(root_).get(),
                    Parse<quiz::v1::GetUserRequest>("name: 'alice'"), &user)
          .error_code(),
      grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(LoginAs("alice", "password-1").error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  // The attempt stays, owned by nobody nameable: an admin reads it. The
  // user left carol's course with the deletion, so she no longer does.
  quiz::v1::Attempt kept;
  ASSERT_TRUE(Get(root_, attempt.name(), &kept).ok());
  EXPECT_EQ(Get(carol_, attempt.name(), &kept).error_code(),
            grpc::StatusCode::NOT_FOUND);
  ASSERT_TRUE(Get(root_, attempt.name(), &kept).ok());
  EXPECT_EQ(kept.user().rfind("users/#deleted-", 0), 0u) << kept.user();
  // The name is free again.
  ASSERT_TRUE(
      Create("user { username: 'alice' role: ROLE_STUDENT }", &user).ok());

  grpc::Status self = users_->DeleteUser(
      As(root_).get(), Parse<quiz::v1::DeleteUserRequest>("name: 'root'"),
      &reply);
  EXPECT_EQ(self.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
}

// A token carries the role it was issued with, so a role change by either
// path ends the user's tokens; a change of other fields does not.
TEST_F(UserServiceTest, ChangingARoleEndsTheTokens) {
  User user;
  ASSERT_TRUE(Update("name: 'bob' user { display_name: 'Bob B.' } "
                     "update_mask: 'display_name'",
                     &user)
                  .ok());
  EXPECT_TRUE(WhoAmI(bob_).ok());
  ASSERT_TRUE(
      Update("name: 'bob' user { role: ROLE_INSTRUCTOR } update_mask: 'role'",
             &user)
          .ok());
  EXPECT_EQ(WhoAmI(bob_).error_code(), grpc::StatusCode::UNAUTHENTICATED);

  BatchUpsertUsersResponse reply;
  ASSERT_TRUE(Upsert("users { user { username: 'alice' role: ROLE_STUDENT } } "
                     "users { user { username: 'carol' role: ROLE_STUDENT } }",
                     &reply)
                  .ok());
  EXPECT_EQ(reply.unchanged(), 1);
  EXPECT_EQ(reply.updated(), 1);
  EXPECT_TRUE(WhoAmI(alice_).ok());
  EXPECT_EQ(WhoAmI(carol_).error_code(), grpc::StatusCode::UNAUTHENTICATED);

  // An admin cannot lock themselves out.
  grpc::Status self = Update(
      "name: 'root' user { disabled: true } update_mask: 'disabled'", &user);
  EXPECT_EQ(self.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(WhoAmI(root_).ok());
}

// Account changes reach the audit trail, passwords never.
TEST_F(UserServiceTest, WritesAreAuditedWithoutPasswords) {
  User user;
  ASSERT_TRUE(Create("user { username: 'dana' role: ROLE_STUDENT } "
                     "password: 'dana-secret-1'",
                     &user)
                  .ok());
  quiz::v1::SetPasswordResponse set;
  ASSERT_TRUE(users_
                  ->SetPassword(As(root_).get(),
                                Parse<quiz::v1::SetPasswordRequest>(
                                    "name: 'dana' password: 'dana-secret-2'"),
                                &set)
                  .ok());
  auto audit = quiz::v1::AuditService::NewStub(channel_);
  quiz::v1::ListAuditEventsResponse trail;
  ASSERT_TRUE(audit
                  ->ListAuditEvents(As(root_).get(),
                                    quiz::v1::ListAuditEventsRequest(), &trail)
                  .ok());
  std::set<std::string> methods;
  for (const quiz::v1::AuditEvent& event : trail.events()) {
    methods.insert(event.method());
    EXPECT_EQ(event.summary().find("dana-secret"), std::string::npos)
        << event.summary();
  }
  EXPECT_TRUE(methods.count("UserService.CreateUser"));
  EXPECT_TRUE(methods.count("UserService.SetPassword"));
}

TEST_F(UserServiceTest, StudentsAndInstructorsAreDenied) {
  for (const std::string* token : {&alice_, &carol_}) {
    User user;
    EXPECT_EQ(users_
                  ->CreateUser(As(*token).get(),
                               Parse<quiz::v1::CreateUserRequest>(
                                   "user { username: 'x' role: ROLE_ADMIN }"),
                               &user)
                  .error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
    quiz::v1::ListUsersResponse list;
    EXPECT_EQ(
        users_->ListUsers(As(*token).get(), quiz::v1::ListUsersRequest(), &list)
            .error_code(),
        grpc::StatusCode::PERMISSION_DENIED);
    quiz::v1::SetPasswordResponse set;
    EXPECT_EQ(users_
                  ->SetPassword(As(*token).get(),
                                Parse<quiz::v1::SetPasswordRequest>(
                                    "name: 'root' password: 'taken-over-1'"),
                                &set)
                  .error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
  }
  EXPECT_TRUE(LoginAs("root", "password-1").ok());
}

}  // namespace
}  // namespace quizd_test
