#include "client/tables.h"

#include <string>

#include "gtest/gtest.h"
#include "tests/client/sample_attempt_util.h"

namespace client {
namespace {

using testing::Contains;

TEST(RenderTableTest, AlignsColumnsByCharactersNotBytes) {
  std::string table =
      RenderTable({"NAME", "N"}, {{"Dénials", "1"}, {"ICD", "12"}}, {1});
  EXPECT_EQ(table,
            "NAME      N\n"
            "Dénials   1\n"
            "ICD      12\n");
}

TEST(RenderSummaryTest, TopicsTotalVerdictCountsAndReviewHint) {
  std::string summary = RenderSummary(testing::FinishedSampleAttempt());
  EXPECT_EQ(summary,
            "Results: Coding drill\n"
            "\n"
            "TOPIC    SCORE  PERCENT  CORRECT\n"
            "ICD      1.5/2      75%      1/2\n"
            "Billing    2/3    66.7%      2/3\n"
            "Total    3.5/5      70%         \n"
            "\n"
            "Result: FAIL (70%, pass mark 75%)\n"
            "Correct 3, partially correct 1, incorrect 0, unanswered 1\n"
            "Review with: quiz review att1\n");
}

TEST(RenderSummaryTest, TimedOutAndNoPassMark) {
  quiz::v1::Attempt attempt = testing::FinishedSampleAttempt();
  attempt.set_pass_percent(0);
  attempt.mutable_result()->set_timed_out(true);
  std::string summary = RenderSummary(attempt);
  EXPECT_TRUE(Contains(summary, "Result: 70% (no pass mark)\n"));
  EXPECT_TRUE(Contains(summary, "Time ran out"));
}

TEST(RenderQuizTableTest, Columns) {
  quiz::v1::QuizSummary exam;
  exam.set_id("cpc-mock");
  exam.set_title("CPC mock exam");
  exam.set_mode(quiz::v1::QUIZ_MODE_EXAM);
  exam.set_item_count(100);
  exam.set_time_limit_seconds(4 * 3600);
  exam.set_pass_percent(70);
  quiz::v1::QuizSummary drill;
  drill.set_id("icd-drill");
  drill.set_title("ICD drill");
  drill.set_item_count(10);
  EXPECT_EQ(
      RenderQuizTable({exam, drill}),
      "ID         TITLE          MODE      ITEMS  TIME LIMIT  PASS MARK\n"
      "cpc-mock   CPC mock exam  exam        100          4h        70%\n"
      "icd-drill  ICD drill      practice     10     untimed          -\n");
  EXPECT_EQ(RenderQuizTable({}), "No quizzes.\n");
}

TEST(RenderAttemptTableTest, FinishedAndInProgress) {
  quiz::v1::Attempt finished = testing::FinishedSampleAttempt();
  finished.clear_items();
  quiz::v1::Attempt open = testing::SampleAttempt(quiz::v1::QUIZ_MODE_PRACTICE);
  open.set_name("attempts/att2");
  open.set_answered_count(2);
  open.clear_items();
  EXPECT_EQ(
      RenderAttemptTable({open, finished}, absl::UTCTimeZone()),
      "ATTEMPT  QUIZ   STATE        STARTED           TIME TAKEN         SCORE"
      "  RESULT\n"
      "att2     drill  in progress  2025-03-01 11:59           -  2/5 answered"
      "  -\n"
      "att1     drill  finished     2025-03-01 11:59         12m           70%"
      "  FAIL\n");
}

TEST(RenderAttemptTableTest, AnInventoryShowsAProfileNotAScore) {
  quiz::v1::Attempt inventory = testing::FinishedSampleAttempt();
  inventory.clear_items();
  inventory.mutable_result()->Clear();  // nothing scored: max_score 0
  inventory.set_pass_percent(0);
  inventory.set_answered_count(5);
  const std::string table =
      RenderAttemptTable({inventory}, absl::UTCTimeZone());
  EXPECT_TRUE(testing::Contains(table, "  profile  -\n")) << table;
  EXPECT_FALSE(testing::Contains(table, "0%"));
  EXPECT_EQ(RenderSummary(inventory),
            "Results: Coding drill\n\nRecorded 5 of 5 answers. Nothing here "
            "is scored: it gives a profile, not a score.\n");
}

}  // namespace
}  // namespace client
