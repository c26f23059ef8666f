// Group commit through the Store: concurrent writers, and failures that stay
// confined to their own operation.
#include <atomic>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "tests/store/store_test_util.h"

namespace store {
namespace {

using ::store::testing::StoreTest;

using GroupCommitTest = StoreTest;

TEST_F(GroupCommitTest, ConcurrentWritersAllCommit) {
  constexpr int kThreads = 4;
  constexpr int kUsersPerThread = 50;
  std::atomic<int> ok{0};
  std::atomic<int> failed{0};
  std::atomic<bool> writing{true};
  std::vector<std::thread> writers;
  for (int t = 0; t < kThreads; ++t) {
    writers.emplace_back([&, t] {
      // Queue every write at once, then wait, so groups form.
      std::vector<std::future<absl::StatusOr<int64_t>>> pending;
      for (int i = 0; i < kUsersPerThread; ++i) {
        auto promise =
            std::make_shared<std::promise<absl::StatusOr<int64_t>>>();
        pending.push_back(promise->get_future());
        UserRecord user;
        user.username = "u" + std::to_string(t) + "-" + std::to_string(i);
        store_->CreateUser(user, [promise](absl::StatusOr<int64_t> id) {
          promise->set_value(std::move(id));
        });
      }
      for (auto& f : pending) (f.get().ok() ? ok : failed)++;
    });
  }
  // Reads proceed beside the writer.
  std::thread reader([&] {
    while (writing) {
      absl::StatusOr<UserRecord> user = store_->GetUserByName("u0-0");
      EXPECT_TRUE(user.ok() ||
                  user.status().code() == absl::StatusCode::kNotFound)
          << user.status();
    }
  });
  for (std::thread& w : writers) w.join();
  writing = false;
  reader.join();

  EXPECT_EQ(ok, kThreads * kUsersPerThread);
  EXPECT_EQ(failed, 0);
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kUsersPerThread; ++i) {
      std::string name = "u" + std::to_string(t) + "-" + std::to_string(i);
      EXPECT_TRUE(store_->GetUserByName(name).ok()) << name;
    }
  }
}

TEST_F(GroupCommitTest, FailingOpDoesNotFailItsGroup) {
  int64_t ana = AddUser("ana");
  AddAttempt("a", ana, 1000);
  AddAttempt("blocker", ana, 1000);

  // FinishAttempt's result_fn runs on the writer thread; holding it there
  // makes every write queued meanwhile land in the next group together.
  auto gate = std::make_shared<std::promise<void>>();
  std::shared_future<void> opened = gate->get_future().share();
  std::promise<void> entered;
  std::promise<absl::StatusOr<AttemptRecord>> blocker_done;
  store_->FinishAttempt(
      "blocker", 2000, false,
      [&entered, opened](const AttemptRecord&,
                         const std::vector<ResponseRecord>&) {
        entered.set_value();
        opened.wait();
        return quiz::v1::AttemptResult();
      },
      [&](absl::StatusOr<AttemptRecord> r) { blocker_done.set_value(r); });
  entered.get_future().wait();

  std::promise<absl::StatusOr<int64_t>> new_user, taken_user;
  std::promise<absl::Status> good_save, bad_save;
  UserRecord cy;
  cy.username = "cy";
  store_->CreateUser(cy,
                     [&](absl::StatusOr<int64_t> r) { new_user.set_value(r); });
  UserRecord dup;
  dup.username = "ana";
  store_->CreateUser(
      dup, [&](absl::StatusOr<int64_t> r) { taken_user.set_value(r); });
  ResponseRecord response;
  response.attempt_id = "a";
  response.item_id = "i1";
  response.response.set_text("x");
  store_->SaveResponse(response, false, 1500, RequestKey{}, "",
                       [&](absl::Status s) { good_save.set_value(s); });
  response.attempt_id = "blocker";  // finished by the time this op runs
  store_->SaveResponse(response, false, 1500, RequestKey{}, "",
                       [&](absl::Status s) { bad_save.set_value(s); });
  gate->set_value();

  EXPECT_TRUE(blocker_done.get_future().get().ok());
  EXPECT_TRUE(new_user.get_future().get().ok());
  EXPECT_EQ(taken_user.get_future().get().status().code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_TRUE(good_save.get_future().get().ok());
  EXPECT_EQ(bad_save.get_future().get().code(),
            absl::StatusCode::kFailedPrecondition);

  EXPECT_TRUE(store_->GetUserByName("cy").ok());
  EXPECT_EQ(store_->ListResponses("a")->size(), 1u);
  EXPECT_TRUE(store_->ListResponses("blocker")->empty());
}

}  // namespace
}  // namespace store
