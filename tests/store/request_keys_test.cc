#include <optional>
#include <string>

#include "gtest/gtest.h"
#include "tests/store/store_test_util.h"

namespace store {
namespace {

using ::store::testing::AwaitStatus;
using ::store::testing::StoreTest;

class RequestKeysTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    user_ = AddUser("ana");
    AddBank("b1", 3);
  }

  AttemptRecord Attempt(const std::string& id) {
    AttemptRecord attempt;
    attempt.id = id;
    attempt.user_id = user_;
    attempt.quiz_id = "q1";
    attempt.bank_id = "b1";
    attempt.bank_version = 1;
    attempt.start_time_ms = 1000;
    attempt.item_ids = {"i1", "i2", "i3"};
    return attempt;
  }

  absl::Status Create(const AttemptRecord& attempt, const RequestKey& key,
                      const std::string& reply) {
    return AwaitStatus([&](DoneStatus done) {
      store_->CreateAttempt(attempt, key, reply, std::move(done));
    });
  }

  absl::Status SaveWithKey(const std::string& text, const RequestKey& key) {
    ResponseRecord record;
    record.attempt_id = "a1";
    record.item_id = "i1";
    record.response.set_text(text);
    return AwaitStatus([&](DoneStatus done) {
      store_->SaveResponse(record, false, 2000, key, "reply:" + text,
                           std::move(done));
    });
  }

  RequestKey Key(const std::string& method, const std::string& id,
                 const std::string& fingerprint = "") {
    return RequestKey{user_, method, id, fingerprint};
  }

  int64_t user_ = 0;
};

TEST_F(RequestKeysTest, RetryIsAlreadyExistsAndWritesNothing) {
  ASSERT_TRUE(Create(Attempt("a1"), Key("StartAttempt", "r1"), "reply-1").ok());
  absl::Status retry =
      Create(Attempt("a2"), Key("StartAttempt", "r1"), "reply-2");
  EXPECT_EQ(retry.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(store_->GetAttempt("a2").status().code(),
            absl::StatusCode::kNotFound);
  absl::StatusOr<std::optional<StoredReply>> reply =
      store_->FindReply(Key("StartAttempt", "r1"));
  ASSERT_TRUE(reply.ok()) << reply.status();
  ASSERT_TRUE(reply->has_value());
  EXPECT_EQ((*reply)->reply, "reply-1");
}

TEST_F(RequestKeysTest, EmptyRequestIdIsNotRecorded) {
  ASSERT_TRUE(Create(Attempt("a1"), Key("StartAttempt", ""), "x").ok());
  ASSERT_TRUE(Create(Attempt("a2"), Key("StartAttempt", ""), "y").ok());
  EXPECT_FALSE(store_->FindReply(Key("StartAttempt", ""))->has_value());
}

TEST_F(RequestKeysTest, KeysAreScopedByUserAndMethod) {
  ASSERT_TRUE(Create(Attempt("a1"), Key("StartAttempt", "r1"), "x").ok());
  ASSERT_TRUE(Create(Attempt("a2"), Key("OtherMethod", "r1"), "y").ok());
  int64_t ben = AddUser("ben");
  AttemptRecord bens = Attempt("a3");
  bens.user_id = ben;
  ASSERT_TRUE(Create(bens, RequestKey{ben, "StartAttempt", "r1"}, "z").ok());
  EXPECT_EQ((*store_->FindReply(RequestKey{ben, "StartAttempt", "r1"}))->reply,
            "z");
  EXPECT_FALSE(store_->FindReply(Key("StartAttempt", "r2"))->has_value());
}

TEST_F(RequestKeysTest, FailedMutationStoresNoReply) {
  AttemptRecord bad = Attempt("a1");
  bad.bank_version = 9;
  EXPECT_EQ(Create(bad, Key("StartAttempt", "r1"), "reply").code(),
            absl::StatusCode::kNotFound);
  EXPECT_FALSE(store_->FindReply(Key("StartAttempt", "r1"))->has_value());
  EXPECT_TRUE(Create(Attempt("a1"), Key("StartAttempt", "r1"), "reply").ok());
}

TEST_F(RequestKeysTest, RetriedResponseIsNotSavedTwice) {
  ASSERT_TRUE(Create(Attempt("a1"), Key("StartAttempt", ""), "").ok());
  ASSERT_TRUE(SaveWithKey("first", Key("SubmitResponse", "s1")).ok());
  EXPECT_EQ(SaveWithKey("second", Key("SubmitResponse", "s1")).code(),
            absl::StatusCode::kAlreadyExists);
  absl::StatusOr<std::vector<ResponseRecord>> rows =
      store_->ListResponses("a1");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].response.text(), "first");
  EXPECT_EQ((*store_->FindReply(Key("SubmitResponse", "s1")))->reply,
            "reply:first");
}

TEST_F(RequestKeysTest, FingerprintIsKeptWithTheReply) {
  ASSERT_TRUE(
      Create(Attempt("a1"), Key("StartAttempt", "r1", "digest-1"), "reply-1")
          .ok());
  // A lookup does not compare fingerprints: the caller tells a retry from
  // another request by the one stored.
  absl::StatusOr<std::optional<StoredReply>> stored =
      store_->FindReply(Key("StartAttempt", "r1", "digest-2"));
  ASSERT_TRUE(stored.ok()) << stored.status();
  ASSERT_TRUE(stored->has_value());
  EXPECT_EQ((*stored)->reply, "reply-1");
  EXPECT_EQ((*stored)->fingerprint, "digest-1");
}

TEST_F(RequestKeysTest, RecordRequestClaimsTheKeyOnce) {
  ASSERT_TRUE(AwaitStatus([&](DoneStatus done) {
                store_->RecordRequest(Key("FinishAttempt", "f1", "d1"),
                                      std::move(done));
              }).ok());
  EXPECT_EQ(AwaitStatus([&](DoneStatus done) {
              store_->RecordRequest(Key("FinishAttempt", "f1", "d2"),
                                    std::move(done));
            }).code(),
            absl::StatusCode::kAlreadyExists);
  absl::StatusOr<std::optional<StoredReply>> stored =
      store_->FindReply(Key("FinishAttempt", "f1"));
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_EQ((*stored)->reply, "");
  EXPECT_EQ((*stored)->fingerprint, "d1");
}

}  // namespace
}  // namespace store
