#include "client/gradebook_render.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "client/format.h"
#include "client/tables.h"

namespace client {
namespace {

using quiz::v1::Result;

std::string Username(const Result& result) { return ResourceId(result.user()); }

int Columns(const std::string& text) {
  int columns = 0;
  for (unsigned char c : Printable(text)) {
    if ((c & 0xC0) != 0x80) ++columns;
  }
  return columns;
}

// "alice", "bob (inactive)", "erin (removed)".
std::string LearnerLabel(const Result& result) {
  switch (result.member_status()) {
    case quiz::v1::MEMBER_STATUS_INACTIVE:
      return Username(result) + " (inactive)";
    case quiz::v1::MEMBER_STATUS_DELETED:
      return Username(result) + " (removed)";
    default:
      return Username(result);
  }
}

bool InProgress(const Result& result) {
  return result.activity_progress() == quiz::v1::ACTIVITY_STARTED ||
         result.activity_progress() == quiz::v1::ACTIVITY_IN_PROGRESS;
}

// "15/20", "15/20*" (late), "12.5/20~" (another attempt in progress),
// "-/20~" (no score yet).
std::string ScoreCell(const Result& result) {
  std::string cell = absl::StrCat(
      result.has_score() ? FormatNumber(result.score_given()) : "-", "/",
      FormatNumber(result.score_maximum()));
  if (result.late()) cell += "*";
  if (InProgress(result)) cell += "~";
  return cell;
}

double Mean(const std::vector<double>& values) {
  double sum = 0;
  for (double v : values) sum += v;
  return values.empty() ? 0 : sum / static_cast<double>(values.size());
}

double Median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

std::vector<double> ScoredPercents(const std::vector<const Result*>& rows) {
  std::vector<double> percents;
  for (const Result* row : rows) {
    if (row->has_score()) percents.push_back(row->percent());
  }
  return percents;
}

std::string ActivityWord(quiz::v1::ActivityProgress activity) {
  switch (activity) {
    case quiz::v1::ACTIVITY_NOT_STARTED:
      return "not started";
    case quiz::v1::ACTIVITY_STARTED:
      return "started";
    case quiz::v1::ACTIVITY_IN_PROGRESS:
      return "in progress";
    case quiz::v1::ACTIVITY_SUBMITTED:
      return "submitted";
    case quiz::v1::ACTIVITY_COMPLETED:
      return "completed";
    default:
      return "?";
  }
}

std::string GradingWord(quiz::v1::GradingProgress grading) {
  switch (grading) {
    case quiz::v1::GRADING_NOT_READY:
      return "not ready";
    case quiz::v1::GRADING_PENDING:
      return "pending";
    case quiz::v1::GRADING_FULLY_GRADED:
      return "final";
    default:
      return "?";
  }
}

// An enum value's name without its prefix, lowercase: "in_progress".
template <typename Enum>
std::string EnumWord(Enum value, const std::string& name,
                     absl::string_view prefix) {
  if (static_cast<int>(value) == 0) return "";
  absl::string_view word = name;
  absl::ConsumePrefix(&word, prefix);
  return absl::AsciiStrToLower(word);
}

std::string Rfc3339(const google::protobuf::Timestamp& time) {
  if (!IsSet(time)) return "";
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", ToAbslTime(time),
                          absl::UTCTimeZone());
}

std::string Number(double value) { return absl::StrFormat("%.6g", value); }

}  // namespace

std::string RenderCourseGradebook(const std::vector<Result>& results,
                                  int max_width) {
  std::vector<std::string> learners;  // in first-seen (server) order
  std::set<std::string> assignment_set;
  std::map<std::pair<std::string, std::string>, const Result*> cells;
  std::map<std::string, std::string> labels;
  for (const Result& result : results) {
    const std::string user = Username(result);
    if (labels.emplace(user, LearnerLabel(result)).second) {
      learners.push_back(user);
    }
    assignment_set.insert(ResourceId(result.assignment()));
    cells[{user, ResourceId(result.assignment())}] = &result;
  }
  if (results.empty()) return "No learners or no assignments yet.\n";
  const std::vector<std::string> assignments(assignment_set.begin(),
                                             assignment_set.end());
  // The learner column, then as many assignment columns as fit.
  int used = std::max(Columns("LEARNER"), 6);
  for (const auto& [user, label] : labels) {
    used = std::max(used, std::min(Columns(label), 24));
  }
  std::vector<std::string> shown;
  for (const std::string& assignment : assignments) {
    int width = std::min(Columns(assignment), 14);
    width = std::max(width, 6);  // "MEDIAN" cells: "100%"
    for (const std::string& user : learners) {
      auto cell = cells.find({user, assignment});
      if (cell != cells.end()) {
        width = std::max(width, Columns(ScoreCell(*cell->second)));
      }
    }
    if (used + 2 + width > max_width) break;
    used += 2 + width;
    shown.push_back(assignment);
  }
  std::vector<std::string> headers = {"LEARNER"};
  std::vector<int> right;
  for (size_t i = 0; i < shown.size(); ++i) {
    headers.push_back(shown[i].size() > 14 ? Elide(shown[i], 13) : shown[i]);
    right.push_back(static_cast<int>(i) + 1);
  }
  std::vector<std::vector<std::string>> rows;
  for (const std::string& user : learners) {
    std::vector<std::string> row = {labels[user]};
    for (const std::string& assignment : shown) {
      auto cell = cells.find({user, assignment});
      row.push_back(cell == cells.end() ? "" : ScoreCell(*cell->second));
    }
    rows.push_back(std::move(row));
  }
  std::vector<std::string> mean_row = {"MEAN"};
  std::vector<std::string> median_row = {"MEDIAN"};
  for (const std::string& assignment : shown) {
    std::vector<const Result*> column;
    for (const std::string& user : learners) {
      auto cell = cells.find({user, assignment});
      if (cell != cells.end()) column.push_back(cell->second);
    }
    const std::vector<double> percents = ScoredPercents(column);
    mean_row.push_back(percents.empty() ? "-" : FormatPercent(Mean(percents)));
    median_row.push_back(percents.empty() ? "-"
                                          : FormatPercent(Median(percents)));
  }
  rows.push_back(std::move(mean_row));
  rows.push_back(std::move(median_row));
  std::string out = RenderTable(headers, rows, right, max_width, {0});
  out += "-/N no score yet  * late  ~ attempt in progress\n";
  if (shown.size() < assignments.size()) {
    absl::StrAppend(
        &out, assignments.size() - shown.size(), " more ",
        assignments.size() - shown.size() == 1 ? "assignment" : "assignments",
        " not shown: see each with --assignment, or all with "
        "--csv.\n");
  }
  return out;
}

std::string RenderAssignmentGradebook(const std::vector<Result>& results,
                                      int max_width) {
  if (results.empty()) return "No learners yet.\n";
  std::vector<std::vector<std::string>> rows;
  for (const Result& result : results) {
    rows.push_back({LearnerLabel(result),
                    result.has_score()
                        ? absl::StrCat(FormatNumber(result.score_given()), "/",
                                       FormatNumber(result.score_maximum()))
                        : "-",
                    result.has_score() ? FormatPercent(result.percent()) : "-",
                    absl::StrCat(result.attempts_used(), "/",
                                 result.attempts_allowed() == 0
                                     ? "-"
                                     : absl::StrCat(result.attempts_allowed())),
                    ActivityWord(result.activity_progress()),
                    GradingWord(result.grading_progress()),
                    result.late() ? "late" : ""});
  }
  std::string out = RenderTable({"LEARNER", "SCORE", "PERCENT", "ATTEMPTS",
                                 "ACTIVITY", "GRADING", "LATE"},
                                rows, {1, 2, 3}, max_width, {0});
  out += RenderScoreSummary(results, max_width);
  return out;
}

std::string RenderScoreSummary(const std::vector<Result>& results,
                               int max_width) {
  std::vector<const Result*> rows;
  for (const Result& result : results) rows.push_back(&result);
  const std::vector<double> percents = ScoredPercents(rows);
  if (percents.empty()) return "No scores yet.\n";
  std::string out =
      absl::StrCat("Scored: ", percents.size(), " of ", results.size(),
                   results.size() == 1 ? " row" : " rows", ". Mean ",
                   FormatPercent(Mean(percents)), ", median ",
                   FormatPercent(Median(percents)), ".\n");
  // Bands of ten: 0-9 ... 80-89, 90-100 (100 joins the top band).
  int counts[10] = {};
  for (double percent : percents) {
    const int band =
        std::clamp(static_cast<int>(std::floor(percent / 10)), 0, 9);
    ++counts[band];
  }
  int low = 0, high = 9, most = 0;
  while (counts[low] == 0) ++low;
  while (counts[high] == 0) --high;
  for (int count : counts) most = std::max(most, count);
  // "  90-100% |######### 12": 11 columns of label, the bar, the count.
  const int bar_room = std::max(10, max_width - 11 - 2 - 6);
  for (int band = low; band <= high; ++band) {
    const int length =
        counts[band] == 0
            ? 0
            : std::max(1, counts[band] * std::min(bar_room, most * 2) / most);
    const std::string label =
        band == 9 ? "90-100%"
                  : absl::StrCat(band * 10, "-", band * 10 + 9, "%");
    absl::StrAppend(
        &out, absl::StrFormat("%9s |", label), std::string(length, '#'),
        counts[band] == 0 ? "" : absl::StrCat(" ", counts[band]), "\n");
  }
  return out;
}

const std::vector<std::string>& GradebookCsvColumns() {
  static const auto* const columns =
      new std::vector<std::string>{"assignment",
                                   "user",
                                   "user_external_id",
                                   "display_name",
                                   "member_status",
                                   "has_score",
                                   "score_given",
                                   "score_maximum",
                                   "percent",
                                   "activity_progress",
                                   "grading_progress",
                                   "counted_attempt",
                                   "attempts_used",
                                   "attempts_allowed",
                                   "first_start_time",
                                   "last_finish_time",
                                   "late",
                                   "update_time",
                                   "regrade_count",
                                   "last_regrade_attempt",
                                   "last_regrade_time",
                                   "last_regrade_old_percent",
                                   "last_regrade_new_percent",
                                   "last_regrade_by"};
  return *columns;
}

std::string CsvCell(const std::string& raw) {
  std::string value = Printable(raw);
  if (!value.empty() &&
      (value[0] == '=' || value[0] == '+' || value[0] == '-' ||
       value[0] == '@' || value[0] == '\t' || value[0] == '\r')) {
    value.insert(0, "'");
  }
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  return absl::StrCat("\"", absl::StrReplaceAll(value, {{"\"", "\"\""}}), "\"");
}

std::string GradebookCsv(const std::vector<Result>& results) {
  std::string out = "\xEF\xBB\xBF";  // UTF-8 byte order mark
  auto append_row = [&out](const std::vector<std::string>& cells) {
    for (size_t i = 0; i < cells.size(); ++i) {
      if (i > 0) out += ',';
      out += CsvCell(cells[i]);
    }
    out += "\r\n";
  };
  append_row(GradebookCsvColumns());
  for (const Result& r : results) {
    const quiz::v1::RegradeNote* last =
        r.regrades().empty() ? nullptr : &r.regrades(r.regrades_size() - 1);
    append_row({
        r.assignment(),
        r.user(),
        r.user_external_id(),
        r.display_name(),
        EnumWord(r.member_status(),
                 quiz::v1::MemberStatus_Name(r.member_status()),
                 "MEMBER_STATUS_"),
        r.has_score() ? "true" : "false",
        r.has_score() ? Number(r.score_given()) : "",
        Number(r.score_maximum()),
        r.has_score() ? Number(r.percent()) : "",
        EnumWord(r.activity_progress(),
                 quiz::v1::ActivityProgress_Name(r.activity_progress()),
                 "ACTIVITY_"),
        EnumWord(r.grading_progress(),
                 quiz::v1::GradingProgress_Name(r.grading_progress()),
                 "GRADING_"),
        r.counted_attempt(),
        absl::StrCat(r.attempts_used()),
        absl::StrCat(r.attempts_allowed()),
        Rfc3339(r.first_start_time()),
        Rfc3339(r.last_finish_time()),
        r.late() ? "true" : "false",
        Rfc3339(r.update_time()),
        absl::StrCat(r.regrades_size()),
        last == nullptr ? "" : last->attempt(),
        last == nullptr ? "" : Rfc3339(last->regrade_time()),
        last == nullptr ? "" : Number(last->old_percent()),
        last == nullptr ? "" : Number(last->new_percent()),
        last == nullptr ? "" : last->regraded_by(),
    });
  }
  return out;
}

}  // namespace client
