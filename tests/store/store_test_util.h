// Shared fixtures for the store tests: a fresh temporary directory per test,
// a store opened in it, and helpers that turn asynchronous writes into
// blocking calls.
#ifndef QUIZD_TESTS_STORE_STORE_TEST_UTIL_H_
#define QUIZD_TESTS_STORE_STORE_TEST_UTIL_H_

#include <functional>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gtest/gtest.h"
#include "server/store/store.h"

namespace store::testing {

// Calls `call` with a Done and blocks until the Done has run; returns what it
// received. E.g. Await<int64_t>([&](auto done) { s.CreateUser(u, done); }).
template <typename T>
absl::StatusOr<T> Await(const std::function<void(Done<T>)>& call) {
  auto promise = std::make_shared<std::promise<absl::StatusOr<T>>>();
  std::future<absl::StatusOr<T>> future = promise->get_future();
  call([promise](absl::StatusOr<T> result) {
    promise->set_value(std::move(result));
  });
  return future.get();
}

// As Await, for writes that report a bare status.
absl::Status AwaitStatus(const std::function<void(DoneStatus)>& call);

// A directory created for one test and removed with everything in it when
// destroyed.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// A bank with `item_count` single-choice items in one topic.
quiz::v1::Bank MakeBank(const std::string& id, const std::string& title,
                        int item_count);

// A fixture with a store on a fresh file, and helpers that write through it
// and fail the test on error.
class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  std::string db_path() const { return dir_.path() + "/quizd.db"; }
  // Destroys the store (draining its queue) and opens the file again.
  void Reopen();

  int64_t AddUser(const std::string& name);
  int64_t AddBank(const std::string& id, int item_count);
  // An in-progress attempt of `user_id` on bank "b1" version 1 (created on
  // first use) with items "i1".."i3".
  AttemptRecord AddAttempt(const std::string& id, int64_t user_id,
                           int64_t start_time_ms, int64_t deadline_ms = 0);

  absl::Status Save(const std::string& attempt_id, const std::string& item_id,
                    const std::string& text, int64_t now_ms,
                    bool only_if_unanswered = false);
  absl::Status Flag(const std::string& attempt_id, const std::string& item_id,
                    bool flagged);
  absl::StatusOr<AttemptRecord> Finish(const std::string& attempt_id,
                                       int64_t finish_time_ms,
                                       bool timed_out = false);

  TempDir dir_;
  std::unique_ptr<Store> store_;
};

}  // namespace store::testing

#endif  // QUIZD_TESTS_STORE_STORE_TEST_UTIL_H_
