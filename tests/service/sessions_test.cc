// Login throttling, the bounded password-check queue, ChangePassword and the
// caller's sessions, over real gRPC.
#include <atomic>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "tests/service/harness.h"

namespace quizd_test {
namespace {

using quiz::v1::ChangePasswordRequest;
using quiz::v1::ChangePasswordResponse;
using quiz::v1::ListSessionsRequest;
using quiz::v1::ListSessionsResponse;
using quiz::v1::LoginRequest;
using quiz::v1::LoginResponse;

class SessionsTest : public ServerFixture {
 protected:
  void AdjustOptions(service::ServerOptions& options) const override {
    // Few free failures and short delays, so a test reaches and outlives
    // the throttle quickly.
    options.passwords.throttle.free_username_failures = 3;
    options.passwords.throttle.free_address_failures = 1000;
    options.passwords.throttle.max_username_delay = absl::Seconds(2);
  }
  absl::Duration ClockPeriod() const override {
    return absl::Milliseconds(100);
  }

  grpc::Status TryLogin(const std::string& user, const std::string& password,
                        LoginResponse* reply = nullptr) {
    grpc::ClientContext context;
    LoginRequest request;
    request.set_username(user);
    request.set_password(password);
    LoginResponse ignored;
    return auth_->Login(&context, request, reply ? reply : &ignored);
  }

  grpc::Status WhoAmI(const std::string& token) {
    quiz::v1::User user;
    return auth_->GetCurrentUser(As(token).get(),
                                 quiz::v1::GetCurrentUserRequest(), &user);
  }

  ListSessionsResponse Sessions(const std::string& token) {
    ListSessionsResponse reply;
    grpc::Status status =
        auth_->ListSessions(As(token).get(), ListSessionsRequest(), &reply);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return reply;
  }

  grpc::Status ChangePassword(const std::string& token,
                              const std::string& old_password,
                              const std::string& new_password,
                              ChangePasswordResponse* reply = nullptr) {
    ChangePasswordRequest request;
    request.set_old_password(old_password);
    request.set_new_password(new_password);
    ChangePasswordResponse ignored;
    return auth_->ChangePassword(As(token).get(), request,
                                 reply ? reply : &ignored);
  }

  // The N of "try again in N s".
  static int RetrySeconds(const grpc::Status& status) {
    std::smatch match;
    const std::string message = status.error_message();
    if (!std::regex_search(message, match,
                           std::regex("try again in ([0-9]+) s"))) {
      return -1;
    }
    int seconds = -1;
    return absl::SimpleAtoi(match[1].str(), &seconds) ? seconds : -1;
  }
};

TEST_F(SessionsTest, WrongPasswordsThenResourceExhaustedWithTheDelay) {
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(TryLogin("alice", "wrong-password").error_code(),
              grpc::StatusCode::UNAUTHENTICATED);
  }
  grpc::Status held = TryLogin("alice", "wrong-password");
  EXPECT_EQ(held.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_TRUE(absl::StartsWith(held.error_message(),
                               "too many failed logins; try again in "))
      << held.error_message();
  EXPECT_GE(RetrySeconds(held), 1);
  EXPECT_LE(RetrySeconds(held), 2);
}

TEST_F(SessionsTest, UnknownUsernamesAreThrottledLikeKnownOnes) {
  std::vector<std::pair<grpc::StatusCode, std::string>> known, unknown;
  for (int i = 0; i < 5; ++i) {
    grpc::Status a = TryLogin("alice", "wrong-password");
    grpc::Status b = TryLogin("no-such-user", "wrong-password");
    known.emplace_back(a.error_code(), a.error_message());
    unknown.emplace_back(b.error_code(), b.error_message());
  }
  EXPECT_EQ(known, unknown);
  EXPECT_EQ(known.back().first, grpc::StatusCode::RESOURCE_EXHAUSTED);
}

TEST_F(SessionsTest, TheRealUserIsNotLockedOutForLong) {
  for (int i = 0; i < 3; ++i) TryLogin("alice", "wrong-password");
  // Even with the right password alice waits: the guesses came from her
  // address too (every test client is 127.0.0.1)...
  grpc::Status held = TryLogin("alice", "password-1");
  ASSERT_EQ(held.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  // ...but no longer than the message says, which the username cap bounds.
  const int wait = RetrySeconds(held);
  ASSERT_GE(wait, 1);
  ASSERT_LE(wait, 2);
  std::this_thread::sleep_for(std::chrono::seconds(wait));
  EXPECT_TRUE(TryLogin("alice", "password-1").ok());
  // The success cleared her failures: a typo now costs no delay.
  EXPECT_EQ(TryLogin("alice", "wrong-password").error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_TRUE(TryLogin("alice", "password-1").ok());
}

TEST_F(SessionsTest, AnOversizePasswordIsRefusedBeforeHashing) {
  // 1,500 bytes in 750 characters: within the text rule's 1,024
  // characters, past the documented 1,024 bytes.
  std::string long_password;
  for (int i = 0; i < 750; ++i) long_password += "\xc3\xa9";  // é
  for (int i = 0; i < 10; ++i) {
    grpc::Status refused = TryLogin("alice", long_password);
    EXPECT_EQ(refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_EQ(refused.error_message(), "password: longer than 1024 bytes");
  }
  // Not one of them was checked: none counted as a failure.
  EXPECT_TRUE(TryLogin("alice", "password-1").ok());
  // A 3.9 MB one (the issue's) is refused too.
  EXPECT_EQ(TryLogin("alice", std::string(3900 * 1000, 'x')).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

// One password thread and no backlog: a check that finds the thread busy
// is refused at once.
class BusyPasswordsTest : public SessionsTest {
 protected:
  void AdjustOptions(service::ServerOptions& options) const override {
    SessionsTest::AdjustOptions(options);
    options.passwords.threads = 1;
    options.passwords.backlog = 0;
    // Checks in flight count until they end; none of these is throttled.
    options.passwords.throttle.free_username_failures = 1000;
  }
};

TEST_F(BusyPasswordsTest, AFullQueueGivesResourceExhaustedAtOnce) {
  // Bursts of 24 logins against one password thread and no backlog. The
  // scheduler may serve a burst one login after another, so a few bursts
  // are allowed for the queue to be seen full.
  constexpr int kClients = 24;
  int ok = 0, busy = 0;
  for (int burst = 0; burst < 5 && busy == 0; ++burst) {
    std::vector<grpc::Status> results(kClients);
    std::vector<std::thread> clients;
    std::atomic<int> ready{0};
    for (int i = 0; i < kClients; ++i) {
      clients.emplace_back([&, i] {
        ++ready;
        while (ready.load() < kClients) std::this_thread::yield();
        results[i] = TryLogin("alice", "password-1");
      });
    }
    for (std::thread& client : clients) client.join();
    for (const grpc::Status& status : results) {
      if (status.ok()) {
        ++ok;
      } else {
        EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
        EXPECT_EQ(status.error_message(),
                  "server busy checking passwords; retry in 1 s");
        ++busy;
      }
    }
  }
  EXPECT_GE(ok, 1);
  EXPECT_GE(busy, 1);
}

TEST_F(SessionsTest, ChangePasswordNeedsTheOldOneAndRevokesOtherTokens) {
  const std::string mine = Login("alice");
  const std::string other = Login("alice");
  const std::string bobs = Login("bob");
  grpc::ClientContext watch_context;
  auto watch = Watch(watch_context, other);

  grpc::Status wrong = ChangePassword(mine, "not-my-password", "password-2");
  EXPECT_EQ(wrong.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(wrong.error_message(), "old_password: wrong password");
  grpc::Status weak = ChangePassword(mine, "password-1", "short");
  EXPECT_EQ(weak.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(absl::StartsWith(weak.error_message(), "new_password: "))
      << weak.error_message();
  EXPECT_TRUE(WhoAmI(other).ok());  // nothing changed so far

  ChangePasswordResponse changed;
  ASSERT_TRUE(ChangePassword(mine, "password-1", "password-2", &changed).ok());
  EXPECT_EQ(changed.revoked_sessions(), 1);
  EXPECT_TRUE(WhoAmI(mine).ok());
  EXPECT_EQ(WhoAmI(other).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_TRUE(WhoAmI(bobs).ok());  // another user's tokens are untouched
  // The stream opened with the revoked token ends.
  quiz::v1::ProgressEvent event;
  EXPECT_FALSE(watch->Read(&event));
  EXPECT_EQ(watch->Finish().error_code(), grpc::StatusCode::UNAUTHENTICATED);

  EXPECT_EQ(TryLogin("alice", "password-1").error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_TRUE(TryLogin("alice", "password-2").ok());
}

TEST_F(SessionsTest, WrongOldPasswordsAreThrottledLikeLogins) {
  const std::string mine = Login("alice");
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(ChangePassword(mine, "guess-number", "password-2").error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
  }
  grpc::Status held = ChangePassword(mine, "password-1", "password-2");
  EXPECT_EQ(held.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_GE(RetrySeconds(held), 1);
  // And they count against logins of that username.
  EXPECT_EQ(TryLogin("alice", "password-1").error_code(),
            grpc::StatusCode::RESOURCE_EXHAUSTED);
}

TEST_F(SessionsTest, ListSessionsShowsTheCallersTokensAndMarksTheCurrent) {
  const std::string first = Login("alice");
  const std::string second = Login("alice");
  Login("bob");
  ListSessionsResponse listed = Sessions(second);
  ASSERT_EQ(listed.sessions_size(), 2);
  int current = 0;
  for (const quiz::v1::Session& session : listed.sessions()) {
    EXPECT_TRUE(std::regex_match(session.id(), std::regex("[0-9a-f]{16}")))
        << session.id();
    // The id is no credential and is not derived visibly from the token.
    EXPECT_FALSE(absl::StrContains(first, session.id()));
    EXPECT_FALSE(absl::StrContains(second, session.id()));
    EXPECT_FALSE(absl::StrContains(auth::TokenHash(first), session.id()));
    EXPECT_FALSE(absl::StrContains(auth::TokenHash(second), session.id()));
    EXPECT_EQ(WhoAmI(session.id()).error_code(),
              grpc::StatusCode::UNAUTHENTICATED);
    EXPECT_EQ(session.client_address(), "127.0.0.1");
    EXPECT_TRUE(absl::StrContains(session.user_agent(), "grpc-c++"))
        << session.user_agent();
    EXPECT_GT(session.create_time().seconds(), 0);
    EXPECT_GE(session.last_use_time().seconds(),
              session.create_time().seconds());
    EXPECT_EQ(session.expire_time().seconds() - session.create_time().seconds(),
              12 * 3600);
    current += session.current();
  }
  EXPECT_EQ(current, 1);
  // Newest first: the calling token is the newer one.
  EXPECT_TRUE(listed.sessions(0).current());
}

TEST_F(SessionsTest, RevokeSessionEndsOneOfTheCallersOwnTokens) {
  const std::string mine = Login("alice");
  const std::string other = Login("alice");
  const std::string bobs = Login("bob");
  std::string other_id;
  const ListSessionsResponse listed = Sessions(mine);
  for (const quiz::v1::Session& session : listed.sessions()) {
    if (!session.current()) other_id = session.id();
  }
  ASSERT_FALSE(other_id.empty());
  // Bob cannot revoke alice's session, and learns nothing from trying.
  quiz::v1::RevokeSessionRequest request;
  request.set_id(other_id);
  quiz::v1::RevokeSessionResponse reply;
  grpc::Status bob_try = auth_->RevokeSession(As(bobs).get(), request, &reply);
  EXPECT_EQ(bob_try.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_TRUE(WhoAmI(other).ok());

  ASSERT_TRUE(auth_->RevokeSession(As(mine).get(), request, &reply).ok());
  EXPECT_EQ(WhoAmI(other).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_TRUE(WhoAmI(mine).ok());
  EXPECT_EQ(Sessions(mine).sessions_size(), 1);
  // Again: it is gone.
  EXPECT_EQ(auth_->RevokeSession(As(mine).get(), request, &reply).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(SessionsTest, LogoutEverywhereKeepsTheCurrentTokenOnlyWhenAsked) {
  const std::string mine = Login("alice");
  const std::string a = Login("alice");
  const std::string b = Login("alice");
  const std::string bobs = Login("bob");
  quiz::v1::LogoutEverywhereRequest request;
  request.set_keep_current(true);
  quiz::v1::LogoutEverywhereResponse reply;
  ASSERT_TRUE(auth_->LogoutEverywhere(As(mine).get(), request, &reply).ok());
  EXPECT_EQ(reply.revoked_sessions(), 2);
  EXPECT_TRUE(WhoAmI(mine).ok());
  EXPECT_EQ(WhoAmI(a).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(WhoAmI(b).error_code(), grpc::StatusCode::UNAUTHENTICATED);

  request.set_keep_current(false);
  ASSERT_TRUE(auth_->LogoutEverywhere(As(mine).get(), request, &reply).ok());
  EXPECT_EQ(reply.revoked_sessions(), 1);
  EXPECT_EQ(WhoAmI(mine).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_TRUE(WhoAmI(bobs).ok());
}

}  // namespace
}  // namespace quizd_test
