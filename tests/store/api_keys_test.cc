// Service accounts' API keys and learner tokens in the store.
#include "gtest/gtest.h"
#include "tests/store/store_test_util.h"

namespace store {
namespace {

using ::store::testing::Await;
using ::store::testing::AwaitStatus;
using ::store::testing::StoreTest;

class ApiKeysTest : public StoreTest {
 protected:
  int64_t AddServiceAccount(const std::string& name) {
    UserRecord user;
    user.username = name;
    user.role = quiz::v1::ROLE_SERVICE_ACCOUNT;
    absl::StatusOr<int64_t> id = Await<int64_t>(
        [&](Done<int64_t> done) { store_->CreateUser(user, std::move(done)); });
    EXPECT_TRUE(id.ok()) << id.status();
    return id.value_or(0);
  }

  absl::StatusOr<int64_t> AddKey(int64_t user_id, const std::string& prefix,
                                 uint32_t scopes = 8,
                                 int64_t expire_time_ms = 0) {
    ApiKeyRecord key;
    key.prefix = prefix;
    key.key_hash = "hash-of-" + prefix;
    key.user_id = user_id;
    key.label = "label " + prefix;
    key.scopes = scopes;
    key.create_time_ms = 1000;
    key.expire_time_ms = expire_time_ms;
    return Await<int64_t>([&](Done<int64_t> done) {
      store_->CreateApiKey(key, std::move(done));
    });
  }

  absl::StatusOr<ApiKeyRecord> Revoke(int64_t key_id, int64_t now_ms) {
    return Await<ApiKeyRecord>([&](Done<ApiKeyRecord> done) {
      store_->RevokeApiKey(key_id, now_ms, std::move(done));
    });
  }

  absl::Status AddLearnerToken(const std::string& hash, int64_t user_id,
                               int64_t key_id) {
    return AwaitStatus([&](DoneStatus done) {
      store_->CreateLearnerToken(hash, user_id, 1LL << 50, key_id,
                                 std::move(done));
    });
  }
};

TEST_F(ApiKeysTest, CreateThenReadByHashPrefixAndList) {
  const int64_t lms = AddServiceAccount("lms");
  absl::StatusOr<int64_t> first = AddKey(lms, "aaaa1111", 8 | 16, 5000);
  absl::StatusOr<int64_t> second = AddKey(lms, "bbbb2222");
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_TRUE(second.ok()) << second.status();

  absl::StatusOr<ApiKeyRecord> by_hash =
      store_->GetApiKeyByHash("hash-of-aaaa1111");
  ASSERT_TRUE(by_hash.ok()) << by_hash.status();
  EXPECT_EQ(by_hash->id, *first);
  EXPECT_EQ(by_hash->prefix, "aaaa1111");
  EXPECT_EQ(by_hash->user_id, lms);
  EXPECT_EQ(by_hash->username, "lms");
  EXPECT_EQ(by_hash->label, "label aaaa1111");
  EXPECT_EQ(by_hash->scopes, 8u | 16u);
  EXPECT_EQ(by_hash->create_time_ms, 1000);
  EXPECT_EQ(by_hash->expire_time_ms, 5000);
  EXPECT_EQ(by_hash->revoke_time_ms, 0);

  absl::StatusOr<ApiKeyRecord> by_prefix =
      store_->GetApiKeyByPrefix("bbbb2222");
  ASSERT_TRUE(by_prefix.ok()) << by_prefix.status();
  EXPECT_EQ(by_prefix->id, *second);
  EXPECT_EQ(store_->GetApiKeyByPrefix("cccc3333").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->GetApiKeyByHash("nope").status().code(),
            absl::StatusCode::kNotFound);

  absl::StatusOr<std::vector<ApiKeyRecord>> page =
      store_->ListApiKeys(lms, 0, 1);
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->size(), 1u);
  EXPECT_EQ((*page)[0].prefix, "bbbb2222");  // newest first
  page = store_->ListApiKeys(0, (*page)[0].id, 10);
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->size(), 1u);
  EXPECT_EQ((*page)[0].prefix, "aaaa1111");

  // Active at 4000: both; at 6000 the first has expired.
  EXPECT_EQ(store_->CountActiveApiKeys(lms, 4000).value_or(-1), 2);
  EXPECT_EQ(store_->CountActiveApiKeys(lms, 6000).value_or(-1), 1);
}

TEST_F(ApiKeysTest, KeysBelongToServiceAccountsOnly) {
  const int64_t person = AddUser("dana");
  EXPECT_EQ(AddKey(person, "aaaa1111").status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(AddKey(999, "aaaa1111").status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(ApiKeysTest, TakenPrefixIsAlreadyExists) {
  const int64_t lms = AddServiceAccount("lms");
  ASSERT_TRUE(AddKey(lms, "aaaa1111").ok());
  EXPECT_EQ(AddKey(lms, "aaaa1111").status().code(),
            absl::StatusCode::kAlreadyExists);
}

TEST_F(ApiKeysTest, RevokeDeletesTheKeysLearnerTokensAtOnce) {
  const int64_t lms = AddServiceAccount("lms");
  const int64_t student = AddUser("sam");
  absl::StatusOr<int64_t> key = AddKey(lms, "aaaa1111", 16);
  ASSERT_TRUE(key.ok());
  ASSERT_TRUE(AddLearnerToken("learner-token", student, *key).ok());
  ASSERT_TRUE(AwaitStatus([&](DoneStatus done) {
                store_->CreateToken("login-token", student, 1LL << 50,
                                    std::move(done));
              }).ok());
  // Both cached by a read first: the revoke must reach the caches.
  absl::StatusOr<TokenOwner> owner =
      store_->GetTokenOwner("learner-token", 2000);
  ASSERT_TRUE(owner.ok()) << owner.status();
  EXPECT_EQ(owner->user.id, student);
  EXPECT_EQ(owner->api_key_id, *key);
  EXPECT_EQ(store_->GetTokenOwner("login-token", 2000)->api_key_id, 0);
  ASSERT_TRUE(store_->GetApiKeyByHash("hash-of-aaaa1111").ok());

  absl::StatusOr<ApiKeyRecord> revoked = Revoke(*key, 3000);
  ASSERT_TRUE(revoked.ok()) << revoked.status();
  EXPECT_EQ(revoked->revoke_time_ms, 3000);
  EXPECT_EQ(store_->GetTokenOwner("learner-token", 3001).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_TRUE(store_->GetTokenOwner("login-token", 3001).ok());
  EXPECT_EQ(store_->GetApiKeyByHash("hash-of-aaaa1111")->revoke_time_ms, 3000);

  // Again: nothing changes, the first revoke time stays.
  revoked = Revoke(*key, 4000);
  ASSERT_TRUE(revoked.ok()) << revoked.status();
  EXPECT_EQ(revoked->revoke_time_ms, 3000);
  EXPECT_EQ(Revoke(12345, 4000).status().code(), absl::StatusCode::kNotFound);

  // A revoked key issues nothing.
  EXPECT_EQ(AddLearnerToken("late-token", student, *key).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(store_->GetTokenOwner("late-token", 4001).status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(ApiKeysTest, DeleteServiceAccountTakesItsKeysAndTheirTokens) {
  const int64_t lms = AddServiceAccount("lms");
  const int64_t student = AddUser("sam");
  absl::StatusOr<int64_t> active = AddKey(lms, "aaaa1111", 16);
  absl::StatusOr<int64_t> expired = AddKey(lms, "bbbb2222", 8, 1500);
  absl::StatusOr<int64_t> revoked = AddKey(lms, "cccc3333", 8);
  ASSERT_TRUE(active.ok() && expired.ok() && revoked.ok());
  ASSERT_TRUE(Revoke(*revoked, 1200).ok());
  ASSERT_TRUE(AddLearnerToken("learner-token", student, *active).ok());
  ASSERT_TRUE(store_->GetTokenOwner("learner-token", 2000).ok());
  ASSERT_TRUE(store_->GetApiKeyByHash("hash-of-aaaa1111").ok());

  absl::StatusOr<int64_t> count = Await<int64_t>([&](Done<int64_t> done) {
    store_->DeleteServiceAccount(lms, 2000, std::move(done));
  });
  ASSERT_TRUE(count.ok()) << count.status();
  EXPECT_EQ(*count, 1);  // only one was still active
  EXPECT_EQ(store_->GetUserById(lms).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->GetApiKeyByHash("hash-of-aaaa1111").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->GetTokenOwner("learner-token", 2001).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_TRUE(store_->GetUserById(student).ok());

  // Never a person.
  count = Await<int64_t>([&](Done<int64_t> done) {
    store_->DeleteServiceAccount(student, 2000, std::move(done));
  });
  EXPECT_EQ(count.status().code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(store_->GetUserById(student).ok());
}

TEST_F(ApiKeysTest, LastUseIsWrittenAtMostOnceAMinute) {
  const int64_t lms = AddServiceAccount("lms");
  ASSERT_TRUE(AddKey(lms, "aaaa1111").ok());
  ApiKeyRecord key = *store_->GetApiKeyByPrefix("aaaa1111");
  store_->NoteApiKeyUse(key, 100000);
  store_->NoteApiKeyUse(key, 130000);  // within the minute: not written
  Reopen();                            // drains the queue
  EXPECT_EQ(store_->GetApiKeyByPrefix("aaaa1111")->last_use_time_ms, 100000);
  key = *store_->GetApiKeyByPrefix("aaaa1111");
  store_->NoteApiKeyUse(key, 130000);  // the stored time still counts
  store_->NoteApiKeyUse(key, 161000);
  Reopen();
  EXPECT_EQ(store_->GetApiKeyByPrefix("aaaa1111")->last_use_time_ms, 161000);
}

TEST_F(ApiKeysTest, KeysSurviveReopen) {
  const int64_t lms = AddServiceAccount("lms");
  ASSERT_TRUE(AddKey(lms, "aaaa1111", 31).ok());
  Reopen();
  absl::StatusOr<ApiKeyRecord> key =
      store_->GetApiKeyByHash("hash-of-aaaa1111");
  ASSERT_TRUE(key.ok()) << key.status();
  EXPECT_EQ(key->scopes, 31u);
  EXPECT_EQ(store_->GetUserById(lms)->role, quiz::v1::ROLE_SERVICE_ACCOUNT);
}

}  // namespace
}  // namespace store
