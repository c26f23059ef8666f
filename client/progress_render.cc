#include "client/progress_render.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "client/format.h"
#include "client/tables.h"

namespace client {
namespace {

constexpr char kFull[] = "\xE2\x96\x88";    // █
constexpr char kEmpty[] = "\xE2\x96\x91";   // ░
constexpr char kCentre[] = "\xE2\x94\x82";  // │

// History: quiz titles longer than this are shortened.
constexpr int kHistoryTitleColumns = 24;
// Readiness titles: the other columns take 51.
constexpr int kReadinessTitleColumns = 28;
// The progress table's columns after TITLE, with the separators around them:
// "  SEEN  ANSWERS  CORRECT  ████████░░ 80%  TREND" (SEEN up to 5 wide).
constexpr int kProgressMetricColumns =
    2 + 2 + 5 + 2 + 7 + 2 + 7 + 2 + 14 + 2 + 5;
// However narrow the width, titles keep this many columns.
constexpr int kMinTitleColumns = 12;
// Cells of the history bars.
constexpr int kHistoryCells = 20;
// Attempts the history sparkline covers.
constexpr int kSparkAttempts = 30;
// Prose is wrapped to this many columns.
constexpr int kReadableColumns = 80;
// Topics below this gain (percentage points) are not worth naming.
constexpr double kWorthStudying = 0.5;

std::string Repeat(const char* cell, int count) {
  std::string out;
  for (int i = 0; i < count; ++i) out += cell;
  return out;
}

int Cells(double share, int cells) {
  return static_cast<int>(std::lround(std::clamp(share, 0.0, 1.0) * cells));
}

std::string Bar(double share, int cells) {
  const int filled = Cells(share, cells);
  return Repeat(kFull, filled) + Repeat(kEmpty, cells - filled);
}

// "80%": a whole percent, for bars and tables.
std::string WholePercent(double share) {
  return absl::StrFormat("%.0f%%", std::clamp(share, 0.0, 1.0) * 100);
}

size_t CodePoints(const std::string& text) {
  return std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  });
}

// `text` cut to `columns` code points, ending in "…" when cut.
std::string Shorten(const std::string& raw_text, int columns) {
  const std::string text = Printable(raw_text);
  int seen = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (seen == columns - 1) {
      // Cut here unless what is left is this one last character.
      size_t next = i + 1;
      while (next < text.size() &&
             (static_cast<unsigned char>(text[next]) & 0xC0) == 0x80) {
        ++next;
      }
      if (next == text.size()) return text;
      std::string kept = text.substr(0, i);
      while (!kept.empty() && kept.back() == ' ') kept.pop_back();
      return kept + "\xE2\x80\xA6";  // …
    }
    ++seen;
  }
  return text;
}

std::string Plural(int count, const char* one, const char* many) {
  return absl::StrCat(count, " ", count == 1 ? one : many);
}

std::string TopicName(const quiz::v1::TopicProgress& topic) {
  return Printable(absl::StrCat(ResourceId(topic.bank()), "/", topic.topic()));
}

std::string Signed(double value) { return absl::StrFormat("%+.2f", value); }

std::string FitWords(const std::string& fit) {
  if (fit == "coding") return "leans to medical coding";
  if (fit == "billing") return "leans to medical billing";
  return "fits both";
}

}  // namespace

std::string ShareBar(double share) {
  return absl::StrCat(Bar(share, kBarCells), " ", WholePercent(share));
}

std::string TrendArrow(double trend) {
  if (trend >= kTrendStep) return "\xE2\x86\x91";   // ↑
  if (trend <= -kTrendStep) return "\xE2\x86\x93";  // ↓
  return "\xE2\x86\x92";                            // →
}

std::string CenteredBar(double normalized) {
  const double value = std::clamp(normalized, -1.0, 1.0);
  const int filled = Cells(std::fabs(value), kBarCells);
  const int left = value < 0 ? filled : 0;
  const int right = value > 0 ? filled : 0;
  return absl::StrCat(Repeat(kEmpty, kBarCells - left), Repeat(kFull, left),
                      kCentre, Repeat(kFull, right),
                      Repeat(kEmpty, kBarCells - right));
}

std::string Sparkline(const std::vector<double>& percents) {
  static const char* const kLevels[] = {
      "\xE2\x96\x81", "\xE2\x96\x82", "\xE2\x96\x83", "\xE2\x96\x84",
      "\xE2\x96\x85", "\xE2\x96\x86", "\xE2\x96\x87", "\xE2\x96\x88"};
  std::string out;
  for (double percent : percents) {
    const int level = static_cast<int>(
        std::lround(std::clamp(percent, 0.0, 100.0) / 100.0 * 7));
    out += kLevels[level];
  }
  return out;
}

static std::string RenderProgressText(const quiz::v1::Progress& progress,
                                      bool own, int width) {
  const std::string who = ResourceId(progress.user());
  if (progress.topics_size() == 0) {
    return own ? "No graded answers yet: take a quiz (`quiz quizzes` lists "
                 "them) and your progress shows here.\n"
               : absl::StrCat(who, " has no graded answers yet.\n");
  }
  std::string out = absl::StrCat(
      "Progress of ", who, ": ",
      Plural(progress.responses(), "graded answer", "graded answers"), " in ",
      Plural(progress.topics_size(), "topic", "topics"), ", weakest first\n\n");
  // Titles get what the other columns leave of `width`.
  size_t ids = std::string("TOPIC").size();
  size_t titles = 0;
  for (const quiz::v1::TopicProgress& topic : progress.topics()) {
    ids = std::max(ids, CodePoints(TopicName(topic)));
    titles = std::max(titles, CodePoints(topic.title()));
  }
  const int title_columns = std::clamp(
      width - static_cast<int>(ids) - kProgressMetricColumns, kMinTitleColumns,
      std::max(kMinTitleColumns, static_cast<int>(titles)));
  std::vector<std::vector<std::string>> rows;
  for (const quiz::v1::TopicProgress& topic : progress.topics()) {
    rows.push_back({TopicName(topic), Shorten(topic.title(), title_columns),
                    absl::StrCat(topic.items_seen(), "/", topic.items_total()),
                    absl::StrCat(topic.responses()),
                    WholePercent(topic.share_correct()),
                    ShareBar(topic.mastery()), TrendArrow(topic.trend())});
  }
  absl::StrAppend(&out,
                  RenderTable({"TOPIC", "TITLE", "SEEN", "ANSWERS", "CORRECT",
                               "MASTERY", "TREND"},
                              // The titles are already shortened to `width`.
                              rows, {2, 3, 4}, std::max(width, kTableWidth)),
                  "\n");
  const int due = progress.reviews_due();
  if (due == 0) {
    absl::StrAppend(&out, "No items due for review.\n");
  } else {
    absl::StrAppend(&out, Plural(due, "item", "items"), " due for review",
                    own ? ": run `quiz review`" : "", "\n");
  }
  return out;
}

static std::string RenderHistoryText(
    const quiz::v1::Progress& progress,
    const std::map<std::string, double>& pass_marks, absl::TimeZone zone) {
  if (progress.history_size() == 0) return "No finished attempts yet.\n";
  // The server lists scored attempts in the order they finished.
  const auto& history = progress.history();
  std::vector<std::vector<std::string>> rows;
  std::vector<double> percents;
  for (const quiz::v1::AttemptScore& score : history) {
    const std::string title = score.quiz_title().empty()
                                  ? ResourceId(score.quiz())
                                  : score.quiz_title();
    auto mark = pass_marks.find(score.quiz());
    const bool has_pass =
        score.passed() || (mark != pass_marks.end() && mark->second > 0);
    rows.push_back({FormatTimestamp(score.finish_time(), zone),
                    Shorten(title, kHistoryTitleColumns),
                    Bar(score.percent() / 100.0, kHistoryCells),
                    FormatPercent(score.percent()),
                    has_pass ? (score.passed() ? "PASS" : "FAIL") : "-"});
    percents.push_back(score.percent());
  }
  std::string out = absl::StrCat(
      "Score history of ", ResourceId(progress.user()), ", oldest first\n\n",
      RenderTable({"FINISHED", "QUIZ", "SCORE", "", "RESULT"}, rows, {3}));
  if (percents.size() >= 2) {
    std::vector<double> last(
        percents.end() - std::min<size_t>(percents.size(), kSparkAttempts),
        percents.end());
    const double change = last.back() - last.front();
    absl::StrAppend(
        &out, "\nLast ",
        Plural(static_cast<int>(last.size()), "attempt", "attempts"), ": ",
        Sparkline(last), "  (", FormatPercent(last.front()), " to ",
        FormatPercent(last.back()), ", ", change >= 0 ? "+" : "-",
        FormatNumber(std::round(std::fabs(change) * 10) / 10), " points)\n");
  }
  if (progress.history_total() > progress.history_size()) {
    absl::StrAppend(&out, "\nThe last ", progress.history_size(), " of ",
                    progress.history_total(),
                    " finished attempts; `quiz attempts` lists them all.\n");
  }
  return out;
}

static std::string RenderReadinessText(const quiz::v1::Readiness& readiness) {
  std::string out = absl::StrCat("Readiness of ", ResourceId(readiness.user()),
                                 " for ", ResourceId(readiness.quiz()), "\n\n");
  absl::StrAppend(&out, "Expected score:     ",
                  FormatPercent(readiness.expected_percent()), "\n");
  if (readiness.pass_percent() > 0) {
    absl::StrAppend(
        &out, "Pass mark:          ", FormatPercent(readiness.pass_percent()),
        "\n",
        "Chance of passing:  ", WholePercent(readiness.pass_probability()),
        "\n");
  } else {
    absl::StrAppend(&out, "Pass mark:          none\n");
  }
  std::vector<quiz::v1::TopicReadiness> topics(readiness.topics().begin(),
                                               readiness.topics().end());
  std::stable_sort(topics.begin(), topics.end(),
                   [](const auto& a, const auto& b) {
                     return a.gain_if_mastered() > b.gain_if_mastered();
                   });
  if (topics.empty()) return out;
  std::vector<std::vector<std::string>> rows;
  for (const auto& topic : topics) {
    rows.push_back(
        {Shorten(topic.title().empty() ? topic.topic() : topic.title(),
                 kReadinessTitleColumns),
         absl::StrCat(topic.items()), WholePercent(topic.weight()),
         ShareBar(topic.expected()),
         absl::StrCat("+",
                      FormatNumber(std::max(0.0, topic.gain_if_mastered())))});
  }
  absl::StrAppend(
      &out, "\n",
      RenderTable({"TOPIC", "ITEMS", "WEIGHT", "EXPECTED", "GAIN IF MASTERED"},
                  rows, {1, 2, 4}),
      "\n");
  std::vector<std::string> study;
  for (const auto& topic : topics) {
    if (study.size() == 2 || topic.gain_if_mastered() < kWorthStudying) break;
    study.push_back(absl::StrCat(
        topic.title().empty() ? topic.topic() : topic.title(), " (+",
        FormatNumber(topic.gain_if_mastered()), " points)"));
  }
  if (study.empty()) {
    absl::StrAppend(&out,
                    "Every topic of this quiz is close to mastered: keep it "
                    "fresh with `quiz review`.\n");
  } else {
    absl::StrAppend(
        &out, Wrap(absl::StrCat(
                       "Study ", absl::StrJoin(study, ", then "),
                       " first: ", study.size() == 1 ? "it adds" : "they add",
                       " the most to the expected score."),
                   kReadableColumns));
  }
  return out;
}

static std::string RenderStudentTableText(
    const std::vector<quiz::v1::StudentSummary>& students) {
  if (students.empty()) return "No students.\n";
  std::vector<std::vector<std::string>> rows;
  for (const auto& student : students) {
    const bool any = student.responses() > 0;
    rows.push_back(
        {ResourceId(student.user()), absl::StrCat(student.responses()),
         any ? WholePercent(student.share_correct()) : "-",
         student.weakest_topic().empty() ? "-" : student.weakest_topic(),
         student.weakest_topic().empty() ? "-"
                                         : ShareBar(student.weakest_mastery()),
         absl::StrCat(student.reviews_due()),
         absl::StrCat(student.attempts_finished())});
  }
  return RenderTable({"USER", "ANSWERS", "CORRECT", "WEAKEST TOPIC", "MASTERY",
                      "DUE", "ATTEMPTS"},
                     rows, {1, 2, 5, 6});
}

static std::string RenderCareerProfileText(
    const quiz::v1::CareerProfile& profile, absl::TimeZone zone) {
  const quiz::v1::CareerResult& latest = profile.latest();
  std::string out =
      absl::StrCat("Career-fit profile of ", ResourceId(profile.user()));
  if (IsSet(latest.finish_time())) {
    absl::StrAppend(&out, " (inventory of ",
                    FormatTimestamp(latest.finish_time(), zone), ")");
  }
  absl::StrAppend(&out, "\n\n");
  for (const quiz::v1::TraitScore& trait : latest.traits()) {
    absl::StrAppend(&out,
                    absl::StrFormat("  %-8s -1 %s +1  %s\n", trait.trait(),
                                    CenteredBar(trait.normalized()),
                                    Signed(trait.normalized())));
  }
  absl::StrAppend(&out, "  Lean: ", Signed(latest.lean()),
                  " (coding minus billing): ", FitWords(latest.fit()), "\n\n");
  absl::StrAppend(&out, Wrap(profile.summary(), kReadableColumns));
  auto list = [&](const char* title, const auto& entries) {
    if (entries.empty()) return;
    absl::StrAppend(&out, "\n", title, ":\n");
    for (const std::string& entry : entries) {
      absl::StrAppend(&out, Wrap(entry, kReadableColumns, "  - ", "    "));
    }
  };
  list("Certifications that fit", profile.certifications());
  list("First roles to look for", profile.first_roles());
  if (!profile.change().empty()) {
    absl::StrAppend(&out, "\n",
                    Wrap(profile.change(), kReadableColumns,
                         "Since last time: ", "                 "));
  } else if (!profile.has_previous()) {
    absl::StrAppend(&out, "\n",
                    Wrap("This is your first result: take the inventory again "
                         "later with `quiz career-fit` to see how it changes.",
                         kReadableColumns));
  }
  return out;
}

// The public renderers: whatever came from the server is made Printable
// (line breaks kept; the text the renderers add has no other control
// character).
std::string RenderProgress(const quiz::v1::Progress& progress, bool own,
                           int width) {
  return Printable(RenderProgressText(progress, own, width), LineBreaks::kKeep);
}

std::string RenderHistory(const quiz::v1::Progress& progress,
                          const std::map<std::string, double>& pass_marks,
                          absl::TimeZone zone) {
  return Printable(RenderHistoryText(progress, pass_marks, zone),
                   LineBreaks::kKeep);
}

std::string RenderReadiness(const quiz::v1::Readiness& readiness) {
  return Printable(RenderReadinessText(readiness), LineBreaks::kKeep);
}

std::string RenderStudentTable(
    const std::vector<quiz::v1::StudentSummary>& students) {
  return Printable(RenderStudentTableText(students), LineBreaks::kKeep);
}

std::string RenderCareerProfile(const quiz::v1::CareerProfile& profile,
                                absl::TimeZone zone) {
  return Printable(RenderCareerProfileText(profile, zone), LineBreaks::kKeep);
}

}  // namespace client
