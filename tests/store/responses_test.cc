#include <algorithm>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/store/store_test_util.h"

namespace store {
namespace {

using ::store::testing::Await;
using ::store::testing::StoreTest;

class ResponsesTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    user_ = AddUser("ana");
    AddAttempt("a", user_, /*start_time_ms=*/1000, /*deadline_ms=*/5000);
  }

  // The row of one item, or a default record with an empty item id.
  ResponseRecord Row(const std::string& item_id) {
    absl::StatusOr<std::vector<ResponseRecord>> rows =
        store_->ListResponses("a");
    EXPECT_TRUE(rows.ok()) << rows.status();
    for (const ResponseRecord& r :
         rows.value_or(std::vector<ResponseRecord>())) {
      if (r.item_id == item_id) return r;
    }
    return ResponseRecord{};
  }

  int64_t user_ = 0;
};

TEST_F(ResponsesTest, SaveReplacesEarlierResponse) {
  ASSERT_TRUE(Save("a", "i1", "first", 2000).ok());
  ASSERT_TRUE(Save("a", "i1", "second", 3000).ok());
  ResponseRecord row = Row("i1");
  EXPECT_EQ(row.attempt_id, "a");
  EXPECT_TRUE(row.has_response);
  EXPECT_EQ(row.response.text(), "second");
  EXPECT_EQ(row.outcome.correctness(), quiz::v1::CORRECT);
  EXPECT_EQ(row.update_time_ms, 3000);
  EXPECT_EQ(store_->ListResponses("a")->size(), 1u);
}

TEST_F(ResponsesTest, OnlyIfUnansweredRefusesSecondResponse) {
  ASSERT_TRUE(Save("a", "i1", "first", 2000, /*only_if_unanswered=*/true).ok());
  absl::Status second = Save("a", "i1", "second", 2500, true);
  EXPECT_EQ(second.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(second.message(), "item i1 of attempt a already has a response");
  EXPECT_EQ(Row("i1").response.text(), "first");
}

TEST_F(ResponsesTest, FlagsAreKeptAcrossResponses) {
  ASSERT_TRUE(Flag("a", "i2", true).ok());
  ResponseRecord flagged = Row("i2");
  EXPECT_TRUE(flagged.flagged);
  EXPECT_FALSE(flagged.has_response);
  // A flag alone is not a response.
  ASSERT_TRUE(
      Save("a", "i2", "answer", 2000, /*only_if_unanswered=*/true).ok());
  EXPECT_TRUE(Row("i2").flagged);
  EXPECT_TRUE(Row("i2").has_response);
  ASSERT_TRUE(Flag("a", "i2", false).ok());
  EXPECT_FALSE(Row("i2").flagged);
  EXPECT_EQ(Row("i2").response.text(), "answer");
}

TEST_F(ResponsesTest, RefusedPastDeadline) {
  EXPECT_TRUE(Save("a", "i1", "on time", 5000).ok());  // at the deadline
  absl::Status late = Save("a", "i1", "late", 5001);
  EXPECT_EQ(late.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(late.message(), "attempt a is past its deadline");
  EXPECT_EQ(Row("i1").response.text(), "on time");
}

TEST_F(ResponsesTest, RefusedAfterFinish) {
  ASSERT_TRUE(Finish("a", 3000).ok());
  absl::Status save = Save("a", "i1", "x", 3001);
  EXPECT_EQ(save.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(save.message(), "attempt a is finished");
  EXPECT_EQ(Flag("a", "i1", true).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(store_->ListResponses("a")->empty());
}

TEST_F(ResponsesTest, UnknownAttemptOrItemIsNotFound) {
  absl::Status no_attempt = Save("zz", "i1", "x", 2000);
  EXPECT_EQ(no_attempt.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(no_attempt.message(), "attempt zz not found");
  absl::Status no_item = Save("a", "i9", "x", 2000);
  EXPECT_EQ(no_item.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(no_item.message(), "item i9 is not in attempt a");
  EXPECT_EQ(Flag("zz", "i1", true).code(), absl::StatusCode::kNotFound);
}

TEST_F(ResponsesTest, FinishComputesResultFromResponsesInTransaction) {
  ASSERT_TRUE(Save("a", "i1", "x", 2000).ok());
  ASSERT_TRUE(Save("a", "i3", "y", 2000).ok());
  ASSERT_TRUE(Flag("a", "i2", true).ok());
  std::vector<std::string> seen_items;
  absl::StatusOr<AttemptRecord> finished =
      Await<AttemptRecord>([&](Done<AttemptRecord> done) {
        store_->FinishAttempt(
            "a", 6000, /*timed_out=*/true,
            [&](const AttemptRecord& attempt,
                const std::vector<ResponseRecord>& responses) {
              EXPECT_EQ(attempt.state, quiz::v1::IN_PROGRESS);
              quiz::v1::AttemptResult result;
              for (const ResponseRecord& r : responses) {
                seen_items.push_back(r.item_id);
                if (r.has_response) result.set_correct(result.correct() + 1);
              }
              result.set_score(2);
              result.set_max_score(3);
              return result;
            },
            std::move(done));
      });
  ASSERT_TRUE(finished.ok()) << finished.status();
  std::sort(seen_items.begin(), seen_items.end());
  EXPECT_EQ(seen_items, (std::vector<std::string>{"i1", "i2", "i3"}));
  EXPECT_EQ(finished->state, quiz::v1::FINISHED);
  EXPECT_EQ(finished->finish_time_ms, 6000);
  EXPECT_EQ(finished->result.correct(), 2);
  EXPECT_TRUE(finished->result.timed_out());

  absl::StatusOr<AttemptRecord> stored = store_->GetAttempt("a");
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->state, quiz::v1::FINISHED);
  EXPECT_EQ(stored->finish_time_ms, 6000);
  EXPECT_EQ(stored->result.score(), 2);
  EXPECT_TRUE(stored->result.timed_out());
}

TEST_F(ResponsesTest, FinishRefusesTwiceAndMissing) {
  ASSERT_TRUE(Finish("a", 3000).ok());
  absl::StatusOr<AttemptRecord> again = Finish("a", 4000);
  EXPECT_EQ(again.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(again.status().message(), "attempt a is already finished");
  EXPECT_EQ(store_->GetAttempt("a")->finish_time_ms, 3000);
  EXPECT_EQ(Finish("missing", 1).status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace store
