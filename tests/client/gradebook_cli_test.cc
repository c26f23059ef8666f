// quiz gradebook: the rendering (tables within 80 columns, the summary, the
// CSV and its formula neutralising) and the command against a real quizd,
// its CSV parsed back.
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "client/commands.h"
#include "client/gradebook_render.h"
#include "client/session.h"
#include "client/take.h"
#include "gtest/gtest.h"
#include "tests/client/live_server_util.h"
#include "tests/common/course_rows.h"

namespace client {
namespace {

using quiz::v1::Result;

// An RFC 4180 reader for the test: records of fields, quotes undone.
std::vector<std::vector<std::string>> ParseCsv(std::string text) {
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      record.push_back(field);
      field.clear();
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      record.push_back(field);
      field.clear();
      records.push_back(record);
      record.clear();
      ++i;
    } else {
      field += c;
    }
  }
  EXPECT_FALSE(quoted) << "unterminated quote";
  EXPECT_TRUE(field.empty() && record.empty()) << "no CRLF after last record";
  return records;
}

Result MakeResult(const std::string& user, const std::string& assignment,
                  double percent, double maximum = 20) {
  Result result;
  result.set_user("users/" + user);
  result.set_assignment("assignments/" + assignment);
  result.set_member_status(quiz::v1::MEMBER_STATUS_ACTIVE);
  result.set_score_maximum(maximum);
  if (percent >= 0) {
    result.set_has_score(true);
    result.set_percent(percent);
    result.set_score_given(percent / 100 * maximum);
    result.set_activity_progress(quiz::v1::ACTIVITY_COMPLETED);
    result.set_grading_progress(quiz::v1::GRADING_FULLY_GRADED);
  } else {
    result.set_activity_progress(quiz::v1::ACTIVITY_NOT_STARTED);
    result.set_grading_progress(quiz::v1::GRADING_NOT_READY);
  }
  return result;
}

int MaxLineColumns(const std::string& text) {
  int widest = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    int columns = 0;
    for (unsigned char c : line) columns += (c & 0xC0) != 0x80;
    widest = std::max(widest, columns);
  }
  return widest;
}

TEST(CsvCell, QuotesAndNeutralisesFormulas) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"plain", "plain"},
      {"", ""},
      {"a,b", "\"a,b\""},
      {"say \"hi\"", "\"say \"\"hi\"\"\""},
      {"=SUM(A1:A9)", "'=SUM(A1:A9)"},
      {"+1", "'+1"},
      {"-2", "'-2"},
      {"@cmd", "'@cmd"},
      {"=HYPERLINK(\"x\",\"y\")", "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\""},
      {"a=b", "a=b"},
      {"Zo\xC3\xAB", "Zo\xC3\xAB"},
      // Control characters are shown, never written raw.
      {"line\nbreak", "line\\nbreak"},
      {"\x1b[31m", "\\x1b[31m"},
  };
  for (const auto& [value, cell] : cases) {
    EXPECT_EQ(CsvCell(value), cell) << value;
  }
}

TEST(GradebookCsv, EveryFieldInItsColumn) {
  Result result = MakeResult("alice", "a1", 75);
  result.set_display_name("=cmd|' /C calc'!A0");
  result.set_user_external_id("S,1");
  result.set_counted_attempt("attempts/t1");
  result.set_attempts_used(1);
  result.set_attempts_allowed(2);
  result.set_late(true);
  result.mutable_update_time()->set_seconds(1796000000);
  quiz::v1::RegradeNote* note = result.add_regrades();
  note->set_attempt("attempts/t1");
  note->set_old_percent(60);
  note->set_new_percent(75);
  note->set_regraded_by("users/carol");
  note->mutable_regrade_time()->set_seconds(1796000000);
  Result none = MakeResult("bob", "a1", -1);
  const std::vector<std::vector<std::string>> records =
      ParseCsv(GradebookCsv({result, none}));
  ASSERT_EQ(records.size(), 3u);
  ASSERT_EQ(records[0], GradebookCsvColumns());
  std::map<std::string, std::string> row, empty;
  for (size_t i = 0; i < records[0].size(); ++i) {
    ASSERT_EQ(records[1].size(), records[0].size());
    row[records[0][i]] = records[1][i];
    empty[records[0][i]] = records[2][i];
  }
  EXPECT_EQ(row["assignment"], "assignments/a1");
  EXPECT_EQ(row["user"], "users/alice");
  EXPECT_EQ(row["user_external_id"], "S,1");
  EXPECT_EQ(row["display_name"], "'=cmd|' /C calc'!A0");
  EXPECT_EQ(row["member_status"], "active");
  EXPECT_EQ(row["has_score"], "true");
  EXPECT_EQ(row["score_given"], "15");
  EXPECT_EQ(row["score_maximum"], "20");
  EXPECT_EQ(row["percent"], "75");
  EXPECT_EQ(row["activity_progress"], "completed");
  EXPECT_EQ(row["grading_progress"], "fully_graded");
  EXPECT_EQ(row["counted_attempt"], "attempts/t1");
  EXPECT_EQ(row["attempts_used"], "1");
  EXPECT_EQ(row["attempts_allowed"], "2");
  EXPECT_EQ(row["late"], "true");
  EXPECT_EQ(row["update_time"], "2026-11-30T00:53:20.000Z");
  EXPECT_EQ(row["regrade_count"], "1");
  EXPECT_EQ(row["last_regrade_attempt"], "attempts/t1");
  EXPECT_EQ(row["last_regrade_old_percent"], "60");
  EXPECT_EQ(row["last_regrade_new_percent"], "75");
  EXPECT_EQ(row["last_regrade_by"], "users/carol");
  EXPECT_EQ(empty["has_score"], "false");
  EXPECT_EQ(empty["score_given"], "");
  EXPECT_EQ(empty["percent"], "");
  EXPECT_EQ(empty["first_start_time"], "");
  EXPECT_EQ(empty["regrade_count"], "0");
  EXPECT_EQ(empty["activity_progress"], "not_started");
}

TEST(RenderCourseGradebook, FitsEightyColumnsAndSaysWhatIsLeftOut) {
  std::vector<Result> results;
  for (const char* user : {"alice", "bob", "a-learner-with-a-long-username"}) {
    for (int a = 1; a <= 12; ++a) {
      results.push_back(
          MakeResult(user, "assignment-" + std::to_string(a), 10.0 * a / 1.2));
    }
  }
  results[0].set_late(true);
  results[1].set_activity_progress(quiz::v1::ACTIVITY_IN_PROGRESS);
  const std::string table = RenderCourseGradebook(results, 80);
  EXPECT_LE(MaxLineColumns(table), 80) << table;
  EXPECT_NE(table.find("alice"), std::string::npos) << table;
  EXPECT_NE(table.find("1.67/20*"), std::string::npos) << table;
  EXPECT_NE(table.find("MEAN"), std::string::npos) << table;
  EXPECT_NE(table.find("MEDIAN"), std::string::npos) << table;
  EXPECT_NE(table.find("more assignments not shown"), std::string::npos)
      << table;
}

TEST(RenderCourseGradebook, MeanAndMedianPerAssignment) {
  std::vector<Result> results = {
      MakeResult("a", "x", 50), MakeResult("b", "x", 70),
      MakeResult("c", "x", 100), MakeResult("d", "x", -1)};
  results[3].set_member_status(quiz::v1::MEMBER_STATUS_DELETED);
  const std::string table = RenderCourseGradebook(results, 80);
  EXPECT_NE(table.find("MEAN         73.3%"), std::string::npos) << table;
  EXPECT_NE(table.find("MEDIAN         70%"), std::string::npos) << table;
  EXPECT_NE(table.find("d (removed)   -/20"), std::string::npos) << table;
}

TEST(RenderAssignmentGradebook, ColumnsAndSummary) {
  std::vector<Result> results = {
      MakeResult("alice", "a1", 95), MakeResult("bob", "a1", 45),
      MakeResult("carl", "a1", 47.5), MakeResult("dina", "a1", -1)};
  results[0].set_attempts_used(2);
  results[0].set_attempts_allowed(0);
  results[1].set_late(true);
  results[1].set_attempts_used(1);
  results[1].set_attempts_allowed(3);
  const std::string out = RenderAssignmentGradebook(results, 80);
  EXPECT_LE(MaxLineColumns(out), 80) << out;
  for (const char* part :
       {"LEARNER", "SCORE", "PERCENT", "ATTEMPTS", "ACTIVITY", "GRADING",
        "LATE", "19/20", "95%", "2/-", "1/3", "late", "completed", "final",
        "not started", "not ready",
        "Scored: 3 of 4 rows. Mean 62.5%, median 47.5%.", "90-100% |",
        "40-49% |"}) {
    EXPECT_NE(out.find(part), std::string::npos) << part << "\n" << out;
  }
  // Bands between the lowest and highest used are listed, empty.
  EXPECT_NE(out.find("  70-79% |\n"), std::string::npos) << out;
  EXPECT_EQ(RenderScoreSummary({MakeResult("a", "x", -1)}, 80),
            "No scores yet.\n");
}

// The command against a real quizd: alice takes kClientBank's drill
// (assigned as a1 of course c1, out of 40), bob has not started; carol
// teaches c1.
class GradebookCliTest : public testing::LiveServerTest {
 protected:
  void SetUp() override {
    LiveServerTest::SetUp();
    if (HasFatalFailure()) return;
    config_path_ = dir_ + "/config.json";
    rows_ = std::make_unique<quizd_test::CourseRows>(db_path());
    rows_->Course("c1");
    rows_->Names("bob", "=HYPERLINK(\"http://x\")", "S,2");
    rows_->Member("c1", "carol", quiz::v1::COURSE_ROLE_INSTRUCTOR,
                  quiz::v1::MEMBER_STATUS_ACTIVE);
    rows_->Member("c1", "alice", quiz::v1::COURSE_ROLE_LEARNER,
                  quiz::v1::MEMBER_STATUS_ACTIVE);
    rows_->Member("c1", "bob", quiz::v1::COURSE_ROLE_LEARNER,
                  quiz::v1::MEMBER_STATUS_ACTIVE);
    quiz::v1::Assignment a1;
    a1.set_name("assignments/a1");
    a1.set_course("courses/c1");
    a1.set_quiz("quizzes/drill");
    a1.set_max_attempts(1);
    a1.set_score_maximum(40);
    a1.set_published(true);
    rows_->Assignment(a1);
    quiz::v1::Assignment a2 = a1;
    a2.set_name("assignments/a2");
    a2.set_quiz("quizzes/mixed");
    rows_->Assignment(a2);

    LogInAs("alice");
    std::ofstream(dir_ + "/drill.txt")
        << "q-single: x\nq-multi: b\nq-tf: true\nq-long: long\n";
    ASSERT_EQ(Run({"take", "drill", "--answers", dir_ + "/drill.txt"}), 0)
        << err_.str();
    rows_->AttemptsFor("alice", "drill", "a1");
    LogInAs("carol");
  }

  int Run(std::vector<std::string> args, const std::string& stdin_text = "") {
    in_.str(stdin_text);
    in_.clear();
    out_.str("");
    err_.str("");
    args.insert(args.begin(), "quiz");
    args.push_back("--config");
    args.push_back(config_path_);
    std::vector<const char*> argv;
    for (const std::string& arg : args) argv.push_back(arg.c_str());
    CommandEnv env;
    env.in = &in_;
    env.out = &out_;
    env.err = &err_;
    env.env = [](const char*) { return std::string(); };
    env.read_password = [](const std::string&) -> absl::StatusOr<std::string> {
      return absl::InternalError("not a terminal");
    };
    env.now = [] { return absl::Now(); };
    env.zone = absl::UTCTimeZone();
    env.new_request_id = RandomRequestId;
    env.list_page_size = 1;  // every row its own page
    return RunQuiz(static_cast<int>(argv.size()), argv.data(), env);
  }

  void LogInAs(const std::string& user) {
    ASSERT_EQ(Run({"login", user, "--password-stdin", "--server", address()},
                  "password-1\n"),
              0)
        << err_.str();
  }

  std::string config_path_;
  std::unique_ptr<quizd_test::CourseRows> rows_;
  std::istringstream in_;
  std::ostringstream out_, err_;
};

TEST_F(GradebookCliTest, CourseTable) {
  ASSERT_EQ(Run({"gradebook", "c1"}), 0) << err_.str();
  const std::string out = out_.str();
  EXPECT_LE(MaxLineColumns(out), 80) << out;
  // Both ICD items wrong, both billing items right: 50% of 40.
  EXPECT_NE(out.find("alice    20/40  -/40"), std::string::npos) << out;
  EXPECT_NE(out.find("bob       -/40  -/40"), std::string::npos) << out;
  EXPECT_NE(out.find("MEDIAN     50%"), std::string::npos) << out;
}

TEST_F(GradebookCliTest, AssignmentTable) {
  ASSERT_EQ(Run({"gradebook", "courses/c1", "--assignment", "a1"}), 0)
      << err_.str();
  const std::string out = out_.str();
  EXPECT_LE(MaxLineColumns(out), 80) << out;
  for (const char* part : {"20/40", "50%", "1/1", "completed", "final",
                           "not started", "Scored: 1 of 2 rows.", "50-59% |"}) {
    EXPECT_NE(out.find(part), std::string::npos) << part << "\n" << out;
  }
}

TEST_F(GradebookCliTest, CsvParsesBack) {
  const std::string path = dir_ + "/grades.csv";
  ASSERT_EQ(Run({"gradebook", "c1", "--csv", path}), 0) << err_.str();
  EXPECT_EQ(out_.str(), "Wrote 4 rows to " + path + ".\n");
  std::ifstream file(path, std::ios::binary);
  std::stringstream content;
  content << file.rdbuf();
  ASSERT_EQ(content.str().rfind("\xEF\xBB\xBF", 0), 0u) << "no UTF-8 BOM";
  const auto records = ParseCsv(content.str());
  ASSERT_EQ(records.size(), 5u);
  ASSERT_EQ(records[0], GradebookCsvColumns());
  std::vector<std::map<std::string, std::string>> rows;
  for (size_t r = 1; r < records.size(); ++r) {
    ASSERT_EQ(records[r].size(), records[0].size()) << r;
    std::map<std::string, std::string>& row = rows.emplace_back();
    for (size_t i = 0; i < records[0].size(); ++i) {
      row[records[0][i]] = records[r][i];
    }
  }
  EXPECT_EQ(rows[0]["user"], "users/alice");
  EXPECT_EQ(rows[0]["assignment"], "assignments/a1");
  EXPECT_EQ(rows[0]["score_given"], "20");
  EXPECT_EQ(rows[0]["score_maximum"], "40");
  EXPECT_EQ(rows[0]["percent"], "50");
  EXPECT_EQ(rows[0]["activity_progress"], "completed");
  EXPECT_EQ(rows[0]["grading_progress"], "fully_graded");
  EXPECT_EQ(rows[0]["attempts_used"], "1");
  EXPECT_NE(rows[0]["counted_attempt"].rfind("attempts/", 0),
            std::string::npos);
  EXPECT_FALSE(rows[0]["first_start_time"].empty());
  EXPECT_EQ(rows[1]["assignment"], "assignments/a2");
  EXPECT_EQ(rows[1]["has_score"], "false");
  // bob's display name would be a formula: neutralised; his external id
  // holds a comma: quoted, read back whole.
  EXPECT_EQ(rows[2]["user"], "users/bob");
  EXPECT_EQ(rows[2]["display_name"], "'=HYPERLINK(\"http://x\")");
  EXPECT_EQ(rows[2]["user_external_id"], "S,2");
}

TEST_F(GradebookCliTest, LearnersSeeTheirOwnAndErrorsAreClear) {
  LogInAs("alice");
  ASSERT_EQ(Run({"gradebook", "c1"}), 0) << err_.str();
  EXPECT_NE(out_.str().find("alice"), std::string::npos) << out_.str();
  EXPECT_EQ(out_.str().find("bob"), std::string::npos) << out_.str();
  LogInAs("carol");
  EXPECT_EQ(Run({"gradebook", "nope"}), 1);
  EXPECT_NE(err_.str().find("courses/nope not found"), std::string::npos)
      << err_.str();
  EXPECT_EQ(Run({"gradebook", "quizzes/x"}), 2);
  EXPECT_NE(err_.str().find("COURSE"), std::string::npos) << err_.str();
  EXPECT_EQ(Run({"gradebook", "c1", "--csv", dir_ + "/no/such/dir/x.csv"}), 1);
  EXPECT_NE(err_.str().find("cannot write"), std::string::npos) << err_.str();
}

}  // namespace
}  // namespace client
