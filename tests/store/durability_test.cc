// What a Done reported as committed is in the file after the store closes.
#include <atomic>
#include <string>

#include "gtest/gtest.h"
#include "tests/store/store_test_util.h"

namespace store {
namespace {

using ::store::testing::StoreTest;

using DurabilityTest = StoreTest;

TEST_F(DurabilityTest, EverythingSurvivesReopen) {
  int64_t ana = AddUser("ana");
  AddAttempt("a", ana, 1000);
  ASSERT_TRUE(Save("a", "i1", "answer", 1500).ok());
  ASSERT_TRUE(Flag("a", "i2", true).ok());
  AddAttempt("f", ana, 900);
  ASSERT_TRUE(Finish("f", 2000).ok());

  Reopen();

  EXPECT_EQ(store_->GetUserByName("ana")->id, ana);
  absl::StatusOr<BankVersionRecord> bank = store_->GetBankVersion("b1", 0);
  ASSERT_TRUE(bank.ok()) << bank.status();
  EXPECT_EQ(bank->version, 1);
  EXPECT_EQ(bank->bank->outline().items_size(), 3);
  EXPECT_EQ(store_->GetAttempt("a")->state, quiz::v1::IN_PROGRESS);
  absl::StatusOr<std::vector<ResponseRecord>> rows = store_->ListResponses("a");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->size(), 2u);
  absl::StatusOr<AttemptRecord> finished = store_->GetAttempt("f");
  ASSERT_TRUE(finished.ok());
  EXPECT_EQ(finished->state, quiz::v1::FINISHED);
  EXPECT_EQ(finished->finish_time_ms, 2000);
  EXPECT_EQ(finished->result.max_score(), 3);
}

TEST_F(DurabilityTest, DestructorCommitsQueuedWrites) {
  constexpr int kUsers = 50;
  std::atomic<int> ok{0};
  for (int i = 0; i < kUsers; ++i) {
    UserRecord user;
    user.username = "u" + std::to_string(i);
    store_->CreateUser(user, [&ok](absl::StatusOr<int64_t> id) {
      if (id.ok()) ++ok;
    });
  }
  store_.reset();  // returns only after every Done has run
  EXPECT_EQ(ok, kUsers);

  Reopen();
  for (int i = 0; i < kUsers; ++i) {
    EXPECT_TRUE(store_->GetUserByName("u" + std::to_string(i)).ok()) << i;
  }
}

TEST(OpenSqliteStoreTest, RejectsEmptyPathAndUnopenableFile) {
  EXPECT_EQ(OpenSqliteStore(SqliteOptions{}).status().code(),
            absl::StatusCode::kInvalidArgument);
  SqliteOptions options;
  options.path = "/nonexistent-dir/for/quizd.db";
  EXPECT_FALSE(OpenSqliteStore(options).ok());
}

}  // namespace
}  // namespace store
