#include "gtest/gtest.h"
#include "tests/store/store_test_util.h"

namespace store {
namespace {

using ::store::testing::Await;
using ::store::testing::AwaitStatus;
using ::store::testing::StoreTest;

using UsersTest = StoreTest;

absl::Status AddToken(Store& store, const std::string& hash, int64_t user_id,
                      int64_t expire_ms) {
  return AwaitStatus([&](DoneStatus done) {
    store.CreateToken(hash, user_id, expire_ms, std::move(done));
  });
}

TEST_F(UsersTest, CreateAndGetByNameAndId) {
  UserRecord user;
  user.username = "ana";
  user.role = quiz::v1::ROLE_INSTRUCTOR;
  user.password_hash = "$argon2id$v=19$...";
  user.create_time_ms = 1234;
  absl::StatusOr<int64_t> id = Await<int64_t>(
      [&](Done<int64_t> done) { store_->CreateUser(user, std::move(done)); });
  ASSERT_TRUE(id.ok()) << id.status();
  EXPECT_GT(*id, 0);

  absl::StatusOr<UserRecord> by_name = store_->GetUserByName("ana");
  ASSERT_TRUE(by_name.ok()) << by_name.status();
  EXPECT_EQ(by_name->id, *id);
  EXPECT_EQ(by_name->role, quiz::v1::ROLE_INSTRUCTOR);
  EXPECT_EQ(by_name->password_hash, user.password_hash);
  EXPECT_EQ(by_name->create_time_ms, 1234);

  absl::StatusOr<UserRecord> by_id = store_->GetUserById(*id);
  ASSERT_TRUE(by_id.ok()) << by_id.status();
  EXPECT_EQ(by_id->username, "ana");
}

TEST_F(UsersTest, TakenUsernameIsAlreadyExists) {
  int64_t first = AddUser("ben");
  UserRecord again;
  again.username = "ben";
  absl::StatusOr<int64_t> id = Await<int64_t>(
      [&](Done<int64_t> done) { store_->CreateUser(again, std::move(done)); });
  EXPECT_EQ(id.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(id.status().message(), "user ben already exists");
  EXPECT_EQ(store_->GetUserByName("ben")->id, first);
}

TEST_F(UsersTest, MissingUserIsNotFound) {
  absl::StatusOr<UserRecord> by_name = store_->GetUserByName("nobody");
  EXPECT_EQ(by_name.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(by_name.status().message(), "user nobody not found");
  EXPECT_EQ(store_->GetUserById(99).status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(UsersTest, TokenFindsItsUserUntilItExpires) {
  int64_t id = AddUser("cy");
  ASSERT_TRUE(AddToken(*store_, std::string("\x01\x00hash", 6), id, 5000).ok());
  absl::StatusOr<UserRecord> user =
      store_->GetUserByToken(std::string("\x01\x00hash", 6), 4999);
  ASSERT_TRUE(user.ok()) << user.status();
  EXPECT_EQ(user->username, "cy");
  EXPECT_EQ(store_->GetUserByToken(std::string("\x01\x00hash", 6), 5000)
                .status()
                .code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->GetUserByToken("other", 0).status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(UsersTest, DeletedTokenNoLongerWorks) {
  int64_t id = AddUser("di");
  ASSERT_TRUE(AddToken(*store_, "h1", id, 10'000).ok());
  ASSERT_TRUE(AwaitStatus([&](DoneStatus done) {
                store_->DeleteToken("h1", std::move(done));
              }).ok());
  EXPECT_EQ(store_->GetUserByToken("h1", 0).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(AwaitStatus([&](DoneStatus done) {
              store_->DeleteToken("h1", std::move(done));
            }).code(),
            absl::StatusCode::kNotFound);
}

TEST_F(UsersTest, TokenForMissingUserIsNotFound) {
  absl::Status status = AddToken(*store_, "h", 77, 10'000);
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(status.message(), "user 77 not found");
}

}  // namespace
}  // namespace store
