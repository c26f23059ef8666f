#include "client/tables.h"

#include <algorithm>
#include <sstream>
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

TEST(RenderRegradesTest, OneLinePerRegradeWithBothVerdicts) {
  quiz::v1::Attempt attempt = testing::FinishedSampleAttempt();
  EXPECT_EQ(RenderRegrades(attempt, absl::UTCTimeZone()), "");
  quiz::v1::AttemptRegrade* regrade = attempt.add_regrades();
  regrade->set_from_version(1);
  regrade->set_to_version(2);
  regrade->mutable_old_result()->set_percent(60);
  regrade->mutable_new_result()->set_percent(80);
  regrade->mutable_new_result()->set_passed(true);
  regrade->set_regraded_by("users/carol");
  regrade->mutable_regrade_time()->set_seconds(1796558400);  // 2026-12-06
  EXPECT_EQ(RenderRegrades(attempt, absl::UTCTimeZone()),
            "Regraded 2026-12-06 from bank version 1 to 2 by users/carol:\n"
            "  60% FAIL -> 80% PASS\n");
  EXPECT_EQ(RenderRegrades(attempt, absl::UTCTimeZone(), 100),
            "Regraded 2026-12-06 from bank version 1 to 2 by users/carol: "
            "60% FAIL -> 80% PASS\n");
  // Without a pass mark only the percentages; a name is printed escaped.
  attempt.set_pass_percent(0);
  regrade->set_regraded_by("users/\x1b[2Jeve");
  EXPECT_EQ(RenderRegrades(attempt, absl::UTCTimeZone(), 100),
            "Regraded 2026-12-06 from bank version 1 to 2 by "
            "users/\\x1b[2Jeve: 60% -> 80%\n");
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
  EXPECT_EQ(RenderQuizTable({exam, drill}),
            "ID         TITLE          MODE      ITEMS    LIMIT  PASS\n"
            "cpc-mock   CPC mock exam  exam        100       4h   70%\n"
            "icd-drill  ICD drill      practice     10  untimed     -\n");
  EXPECT_EQ(RenderQuizTable({}), "No quizzes.\n");
}

// Code points of the widest line.
size_t WidestTableLine(const std::string& text) {
  size_t widest = 0;
  size_t width = 0;
  for (char c : text) {
    if (c == '\n') {
      widest = std::max(widest, width);
      width = 0;
    } else {
      width += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }
  }
  return std::max(widest, width);
}

TEST(RenderQuizTableTest, LongTitlesAreElidedToEightyColumnsOnlyWhenNeeded) {
  quiz::v1::QuizSummary exam;
  exam.set_id("cpc-practice-exam");
  exam.set_title(
      "CPC-style practice exam (100 items, 4 hours), drawn by a section "
      "blueprint across CPT, ICD-10-CM and HCPCS Level II");
  exam.set_mode(quiz::v1::QUIZ_MODE_EXAM);
  exam.set_item_count(100);
  exam.set_time_limit_seconds(4 * 3600);
  exam.set_pass_percent(70);
  const std::string table = RenderQuizTable({exam});
  EXPECT_EQ(WidestTableLine(table), 80u) << table;
  EXPECT_TRUE(testing::Contains(
      table,
      "cpc-practice-exam  CPC-style practice exam (100 items\xE2\x80\xA6"));
  EXPECT_TRUE(testing::Contains(table, "exam    100     4h   70%\n"));
  // $COLUMNS wider than 80: room for the whole title, so nothing is cut.
  const std::string wide = RenderQuizTable({exam}, 200);
  EXPECT_TRUE(testing::Contains(wide, exam.title() + "  exam")) << wide;
  EXPECT_FALSE(testing::Contains(wide, "\xE2\x80\xA6"));
}

TEST(RenderAttemptTableTest, LongQuizIdsFitEightyColumns) {
  quiz::v1::Attempt finished = testing::FinishedSampleAttempt();
  finished.clear_items();
  finished.set_quiz("quizzes/" + std::string(60, 'q'));
  const std::string table = RenderAttemptTable({finished}, absl::UTCTimeZone());
  EXPECT_LE(WidestTableLine(table), 80u) << table;
  EXPECT_TRUE(testing::Contains(table, "70% FAIL\n"));
}

TEST(RenderTableTest, AnyTableFitsAndNeverCutsWhereThereIsRoom) {
  const std::vector<std::string> headers = {"A", "NAME", "NOTE", "N"};
  const std::vector<std::vector<std::string>> rows = {
      {"x", std::string(50, 'n'), std::string(40, 'o'), "12"}};
  const std::string narrowed =
      RenderTable(headers, rows, {3}, kTableWidth, /*elastic=*/{1, 2});
  EXPECT_LE(WidestTableLine(narrowed), 80u) << narrowed;
  EXPECT_TRUE(testing::Contains(narrowed, "  12\n"));  // numbers stay whole
  const std::string fits = RenderTable(headers, rows, {3}, 120, {1, 2});
  EXPECT_TRUE(testing::Contains(fits, std::string(50, 'n')));
  EXPECT_TRUE(testing::Contains(fits, std::string(40, 'o')));
}

TEST(RenderAttemptTableTest, FinishedAndInProgress) {
  quiz::v1::Attempt finished = testing::FinishedSampleAttempt();
  finished.clear_items();
  quiz::v1::Attempt open = testing::SampleAttempt(quiz::v1::QUIZ_MODE_PRACTICE);
  open.set_name("attempts/att2");
  open.set_answered_count(2);
  open.clear_items();
  EXPECT_EQ(RenderAttemptTable({open, finished}, absl::UTCTimeZone()),
            "ATTEMPT  QUIZ   STATE     STARTED      TAKEN  SCORE\n"
            "att2     drill  open      03-01 11:59      -  2/5\n"
            "att1     drill  finished  03-01 11:59    12m  70% FAIL\n");
}

TEST(RenderAttemptTableTest, AnInventoryShowsAProfileNotAScore) {
  quiz::v1::Attempt inventory = testing::FinishedSampleAttempt();
  inventory.clear_items();
  inventory.mutable_result()->Clear();  // nothing scored: max_score 0
  inventory.set_pass_percent(0);
  inventory.set_answered_count(5);
  const std::string table =
      RenderAttemptTable({inventory}, absl::UTCTimeZone());
  EXPECT_TRUE(testing::Contains(table, "  profile\n")) << table;
  EXPECT_FALSE(testing::Contains(table, "0%"));
  EXPECT_EQ(RenderSummary(inventory),
            "Results: Coding drill\n\nRecorded 5 of 5 answers. Nothing here "
            "is scored: it gives a profile, not a score.\n");
}

// Terminal columns of a line: its UTF-8 code points.
size_t DisplayColumns(const std::string& line) {
  size_t columns = 0;
  for (char c : line) columns += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return columns;
}

TEST(RenderAuditTableTest, FitsEightyColumnsAndShowsRefusals) {
  std::vector<quiz::v1::AuditEvent> events(3);
  events[0].set_actor("users/alice");
  events[0].set_method("BankService.CreateBankVersion");
  events[0].set_resource("banks/testbank");
  events[0].set_peer("ipv6:[::1]:50000");
  events[0].set_status("PERMISSION_DENIED");
  events[0].mutable_time()->set_seconds(1796558400);  // 2026-12-06 12:00 UTC
  events[1].set_actor("users/carol");
  events[1].set_method("BankService.Regrade");
  events[1].set_resource("quizzes/" + std::string(60, 'q'));
  events[1].set_peer("ipv4:10.0.0.7:52144");
  events[1].set_status("OK");
  events[1].mutable_time()->set_seconds(1796558400);
  events[2].set_actor("system");
  events[2].set_method("quizd user add");
  events[2].set_resource("users/dave");
  events[2].set_peer("local");
  events[2].set_status("OK");
  events[2].mutable_time()->set_seconds(1796558400);
  const std::string table = RenderAuditTable(events, absl::UTCTimeZone());
  std::istringstream lines(table);
  std::vector<std::string> rows;
  for (std::string line; std::getline(lines, line);) rows.push_back(line);
  ASSERT_EQ(rows.size(), 4u) << table;
  for (const std::string& row : rows) {
    EXPECT_LE(DisplayColumns(row), 80u) << row;
  }
  EXPECT_EQ(rows[0].substr(0, 4), "TIME");
  EXPECT_NE(rows[1].find("2026-12-06 12:00  alice"), std::string::npos);
  EXPECT_NE(rows[1].find("CreateBankVersion (denied)"), std::string::npos);
  EXPECT_NE(rows[1].find("::1"), std::string::npos);
  EXPECT_NE(rows[2].find("10.0.0.7"), std::string::npos);
  EXPECT_EQ(rows[2].find("52144"), std::string::npos);
  EXPECT_NE(rows[2].find("\xE2\x80\xA6"), std::string::npos);  // cut
  EXPECT_NE(rows[3].find("quizd user add"), std::string::npos);
  EXPECT_NE(rows[3].find("local"), std::string::npos);
}

}  // namespace
}  // namespace client
