// API keys as bearer credentials: the format, the scope bits, and what
// Authenticate makes of a key held in a real store.
#include "server/auth/api_key.h"

#include <filesystem>
#include <future>
#include <string>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "server/auth/password.h"
#include "server/auth/principal.h"

namespace auth {
namespace {

TEST(ApiKeyTest, NewKeysHaveThePublicPrefixAndFullEntropy) {
  const NewApiKey a = MakeApiKey();
  const NewApiKey b = MakeApiKey();
  EXPECT_NE(a.secret, b.secret);
  EXPECT_EQ(a.prefix.size(), kApiKeyPrefixLength);
  EXPECT_EQ(a.secret.substr(0, 13), "qzk_" + a.prefix + "_");
  EXPECT_EQ(a.secret.size(), 13u + 64);
  EXPECT_EQ(a.hash, TokenHash(a.secret));
  EXPECT_FALSE(absl::StrContains(a.hash, a.secret.substr(13)));
  EXPECT_TRUE(IsApiKey(a.secret));
  EXPECT_FALSE(IsApiKey(NewToken()));
}

// Service accounts have no password hash: no password opens them.
TEST(ApiKeyTest, AnEmptyPasswordHashMatchesNothing) {
  EXPECT_FALSE(VerifyPassword("", ""));
  EXPECT_FALSE(VerifyPassword("", "no-password-decoy"));
  EXPECT_FALSE(VerifyPassword("", "password-1"));
}

// The bits equal policy::Scope's.
TEST(ApiKeyTest, ScopeBits) {
  EXPECT_EQ(ScopeBit(quiz::v1::API_KEY_SCOPE_USERS_WRITE), 1u);
  EXPECT_EQ(ScopeBit(quiz::v1::API_KEY_SCOPE_COURSES_WRITE), 2u);
  EXPECT_EQ(ScopeBit(quiz::v1::API_KEY_SCOPE_BANKS_WRITE), 4u);
  EXPECT_EQ(ScopeBit(quiz::v1::API_KEY_SCOPE_RESULTS_READ), 8u);
  EXPECT_EQ(ScopeBit(quiz::v1::API_KEY_SCOPE_ATTEMPTS_ACT), 16u);
  EXPECT_EQ(ScopeBit(quiz::v1::API_KEY_SCOPE_UNSPECIFIED), 0u);
  EXPECT_EQ(ScopeBit(99), 0u);
  EXPECT_EQ(ScopeBit(-1), 0u);
  const std::vector<quiz::v1::ApiKeyScope> scopes = ScopesOf(8 | 16 | 64);
  ASSERT_EQ(scopes.size(), 2u);
  EXPECT_EQ(scopes[0], quiz::v1::API_KEY_SCOPE_RESULTS_READ);
  EXPECT_EQ(scopes[1], quiz::v1::API_KEY_SCOPE_ATTEMPTS_ACT);
}

class AuthenticateKeyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "quizd-auth-XXXXXX").string();
    dir_ = mkdtemp(pattern.data());
    store::SqliteOptions options;
    options.path = dir_ + "/quizd.db";
    options.purge_interval_ms = 0;
    auto opened = store::OpenSqliteStore(options);
    ASSERT_TRUE(opened.ok()) << opened.status();
    store_ = *std::move(opened);
    store::UserRecord account;
    account.username = "lms";
    account.role = quiz::v1::ROLE_SERVICE_ACCOUNT;
    std::promise<absl::StatusOr<int64_t>> created;
    store_->CreateUser(account, [&](absl::StatusOr<int64_t> id) {
      created.set_value(std::move(id));
    });
    absl::StatusOr<int64_t> id = created.get_future().get();
    ASSERT_TRUE(id.ok()) << id.status();
    account_id_ = *id;
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  // A stored key of `scopes` expiring at `expire_ms` (0: never); its secret.
  std::string AddKey(uint32_t scopes, int64_t expire_ms, int64_t* id) {
    const NewApiKey made = MakeApiKey();
    store::ApiKeyRecord key;
    key.prefix = made.prefix;
    key.key_hash = made.hash;
    key.user_id = account_id_;
    key.scopes = scopes;
    key.create_time_ms = 1000;
    key.expire_time_ms = expire_ms;
    std::promise<absl::StatusOr<int64_t>> created;
    store_->CreateApiKey(key, [&](absl::StatusOr<int64_t> stored) {
      created.set_value(std::move(stored));
    });
    absl::StatusOr<int64_t> stored = created.get_future().get();
    EXPECT_TRUE(stored.ok()) << stored.status();
    *id = stored.value_or(0);
    return made.secret;
  }

  std::string dir_;
  std::unique_ptr<store::Store> store_;
  int64_t account_id_ = 0;
};

TEST_F(AuthenticateKeyTest, KeyResolvesToItsAccountWithItsScopes) {
  int64_t id = 0;
  const std::string secret = AddKey(8 | 16, 0, &id);
  absl::StatusOr<Principal> principal =
      Authenticate(*store_, "Bearer " + secret, 5000);
  ASSERT_TRUE(principal.ok()) << principal.status();
  EXPECT_EQ(principal->user_id, account_id_);
  EXPECT_EQ(principal->username, "lms");
  EXPECT_EQ(principal->role, quiz::v1::ROLE_SERVICE_ACCOUNT);
  EXPECT_EQ(principal->scopes, 8u | 16u);
  EXPECT_EQ(principal->api_key_id, id);
  EXPECT_EQ(principal->token_hash, TokenHash(secret));
  EXPECT_TRUE(CheckCredential(*store_, principal->token_hash, 5000).ok());
}

TEST_F(AuthenticateKeyTest, ExpiredRevokedAndUnknownKeysAreRefusedAlike) {
  int64_t expiring_id = 0, revoked_id = 0;
  const std::string expiring = AddKey(8, 5000, &expiring_id);
  const std::string revoked = AddKey(8, 0, &revoked_id);
  ASSERT_TRUE(Authenticate(*store_, "Bearer " + expiring, 4999).ok());
  std::promise<absl::StatusOr<store::ApiKeyRecord>> done;
  store_->RevokeApiKey(revoked_id, 2000,
                       [&](absl::StatusOr<store::ApiKeyRecord> key) {
                         done.set_value(std::move(key));
                       });
  ASSERT_TRUE(done.get_future().get().ok());
  const std::string unknown = MakeApiKey().secret;
  std::string message;
  for (const std::string& key : {expiring, revoked, unknown}) {
    absl::StatusOr<Principal> principal =
        Authenticate(*store_, "Bearer " + key, 5000);
    ASSERT_EQ(principal.status().code(), absl::StatusCode::kUnauthenticated);
    if (message.empty()) message = std::string(principal.status().message());
    EXPECT_EQ(principal.status().message(), message);
    EXPECT_FALSE(absl::StrContains(message, key.substr(4, 8)));
    // And an open stream of it ends at the next sweep.
    EXPECT_TRUE(
        absl::IsNotFound(CheckCredential(*store_, TokenHash(key), 5000)));
  }
}

}  // namespace
}  // namespace auth
