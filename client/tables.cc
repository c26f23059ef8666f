#include "client/tables.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "client/format.h"

namespace client {
namespace {

size_t DisplayWidth(const std::string& text) {
  // Counts code points: every byte that is not a UTF-8 continuation byte.
  return std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  });
}

// `text` cut to `width` code points, its last one "\u2026" when cut.
std::string Elided(const std::string& text, size_t width) {
  if (DisplayWidth(text) <= width || width == 0) return text;
  size_t kept = 0;
  size_t cut = 0;
  while (cut < text.size() && kept + 1 < width) {
    ++cut;
    while (cut < text.size() &&
           (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
      ++cut;
    }
    ++kept;
  }
  std::string out = text.substr(0, cut);
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out + "\xE2\x80\xA6";
}

// Narrows the widest columns that are not fixed until the table (columns plus
// two spaces between them) fits `max_width`, keeping each at least as wide as
// its header and kMinColumn. Leaves the widths alone when nothing can give.
template <typename IsFixed>
void NarrowToFit(const std::vector<std::string>& headers,
                 std::vector<size_t>& widths, int max_width, IsFixed is_fixed) {
  constexpr size_t kMinColumn = 8;
  if (max_width <= 0 || widths.empty()) return;
  auto total = [&] {
    size_t sum = 2 * (widths.size() - 1);
    for (size_t width : widths) sum += width;
    return sum;
  };
  while (total() > static_cast<size_t>(max_width)) {
    int widest = -1;
    for (size_t c = 0; c < widths.size(); ++c) {
      const size_t floor = std::max(kMinColumn, DisplayWidth(headers[c]));
      if (is_fixed(c) || widths[c] <= floor) continue;
      if (widest < 0 || widths[c] > widths[widest])
        widest = static_cast<int>(c);
    }
    if (widest < 0) return;
    const size_t floor = std::max(kMinColumn, DisplayWidth(headers[widest]));
    const size_t excess = total() - static_cast<size_t>(max_width);
    widths[widest] =
        std::max(floor, widths[widest] - std::min(excess, widths[widest]));
  }
}

std::string Pad(const std::string& text, size_t width, bool right) {
  std::string padding(width - std::min(width, DisplayWidth(text)), ' ');
  return right ? padding + text : text + padding;
}

std::string PassMark(double percent) {
  return percent > 0 ? FormatPercent(percent) : "-";
}

std::string TimeLimit(int seconds) {
  if (seconds <= 0) return "untimed";
  return FormatElapsed(absl::Seconds(seconds));
}

// A finished attempt with nothing scored in it (an inventory of likert
// statements): it gives a profile, not a score.
bool Unscored(const quiz::v1::Attempt& attempt) {
  return attempt.state() == quiz::v1::FINISHED &&
         attempt.result().max_score() <= 0;
}

// "80% PASS", or "80%" when the quiz has no pass mark.
std::string ScoreVerdict(const quiz::v1::AttemptResult& result,
                         bool has_pass_mark) {
  std::string out = FormatPercent(result.percent());
  if (has_pass_mark) absl::StrAppend(&out, result.passed() ? " PASS" : " FAIL");
  return out;
}

// The SCORE cell of the attempts table: "3/5" answered while open, "70%
// FAIL" (or "70%" without a pass mark) once finished, "profile" when nothing
// is scored.

std::string AttemptScore(const quiz::v1::Attempt& attempt) {
  if (attempt.state() != quiz::v1::FINISHED) {
    return absl::StrCat(attempt.answered_count(), "/", attempt.item_count());
  }
  if (Unscored(attempt)) return "profile";
  return ScoreVerdict(attempt.result(), attempt.pass_percent() > 0);
}

}  // namespace

std::string RenderTable(const std::vector<std::string>& raw_headers,
                        const std::vector<std::vector<std::string>>& raw_rows,
                        const std::vector<int>& right_aligned, int max_width,
                        const std::vector<int>& elastic) {
  // Cells come from the server: one line each, escapes shown.
  std::vector<std::string> headers;
  for (const std::string& header : raw_headers) {
    headers.push_back(Printable(header));
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& raw_row : raw_rows) {
    std::vector<std::string>& row = rows.emplace_back();
    for (const std::string& cell : raw_row) row.push_back(Printable(cell));
  }
  std::vector<size_t> widths(headers.size());
  for (size_t c = 0; c < headers.size(); ++c) {
    widths[c] = DisplayWidth(headers[c]);
  }
  for (const auto& row : rows) {
    for (size_t c = 0; c < row.size() && c < widths.size(); ++c) {
      widths[c] = std::max(widths[c], DisplayWidth(row[c]));
    }
  }
  auto is_right = [&](size_t c) {
    return std::find(right_aligned.begin(), right_aligned.end(),
                     static_cast<int>(c)) != right_aligned.end();
  };
  NarrowToFit(headers, widths, max_width, [&](size_t c) {
    return std::find(elastic.begin(), elastic.end(), static_cast<int>(c)) ==
           elastic.end();
  });
  auto render_row = [&](const std::vector<std::string>& cells) {
    std::string line;
    for (size_t c = 0; c < widths.size(); ++c) {
      bool right = is_right(c);
      const std::string cell =
          c < cells.size() ? Elided(cells[c], widths[c]) : "";
      // The last left-aligned column is not padded: no trailing blanks.
      bool last = c + 1 == widths.size();
      absl::StrAppend(&line, c == 0 ? "" : "  ",
                      last && !right ? cell : Pad(cell, widths[c], right));
    }
    return absl::StrCat(line, "\n");
  };
  std::string out = render_row(headers);
  for (const auto& row : rows) absl::StrAppend(&out, render_row(row));
  return out;
}

std::string RenderQuizTable(const std::vector<quiz::v1::QuizSummary>& quizzes,
                            int max_width) {
  if (quizzes.empty()) return "No quizzes.\n";
  std::vector<std::vector<std::string>> rows;
  for (const auto& quiz : quizzes) {
    rows.push_back({quiz.id(), quiz.title(), ModeName(quiz.mode()),
                    absl::StrCat(quiz.item_count()),
                    TimeLimit(quiz.time_limit_seconds()),
                    PassMark(quiz.pass_percent())});
  }
  return RenderTable({"ID", "TITLE", "MODE", "ITEMS", "LIMIT", "PASS"}, rows,
                     {3, 4, 5}, max_width, /*elastic=*/{1});
}

std::string RenderAttemptTable(const std::vector<quiz::v1::Attempt>& attempts,
                               absl::TimeZone zone, int max_width) {
  if (attempts.empty()) return "No attempts.\n";
  std::vector<std::vector<std::string>> rows;
  for (const auto& attempt : attempts) {
    bool finished = attempt.state() == quiz::v1::FINISHED;
    std::string taken = "-";
    if (finished && IsSet(attempt.start_time()) &&
        IsSet(attempt.finish_time())) {
      taken = FormatElapsed(ToAbslTime(attempt.finish_time()) -
                            ToAbslTime(attempt.start_time()));
    }
    std::string state = finished ? "finished" : "open";
    if (finished && attempt.result().timed_out()) state = "timed out";
    rows.push_back(
        {ResourceId(attempt.name()), ResourceId(attempt.quiz()), state,
         IsSet(attempt.start_time())
             ? absl::FormatTime("%m-%d %H:%M", ToAbslTime(attempt.start_time()),
                                zone)
             : "-",
         taken, AttemptScore(attempt)});
  }
  return RenderTable({"ATTEMPT", "QUIZ", "STATE", "STARTED", "TAKEN", "SCORE"},
                     rows, {4}, max_width, /*elastic=*/{1});
}

std::string RenderRegrades(const quiz::v1::Attempt& attempt,
                           absl::TimeZone zone, int width) {
  std::string out;
  const bool has_pass_mark = attempt.pass_percent() > 0;
  for (const quiz::v1::AttemptRegrade& regrade : attempt.regrades()) {
    const std::string date =
        IsSet(regrade.regrade_time())
            ? absl::FormatTime("%Y-%m-%d", ToAbslTime(regrade.regrade_time()),
                               zone)
            : "-";
    const std::string what =
        absl::StrCat("Regraded ", date, " from bank version ",
                     regrade.from_version(), " to ", regrade.to_version(),
                     " by ", Printable(regrade.regraded_by()), ":");
    const std::string change =
        absl::StrCat(ScoreVerdict(regrade.old_result(), has_pass_mark), " -> ",
                     ScoreVerdict(regrade.new_result(), has_pass_mark));
    // The score change stays on one line: after the rest when it fits,
    // indented below it when not.
    const bool fits =
        static_cast<int>(DisplayWidth(what) + 1 + change.size()) <= width;
    absl::StrAppend(&out, what, fits ? " " : "\n  ", change, "\n");
  }
  return out;
}

std::string RenderSummary(const quiz::v1::Attempt& attempt) {
  const quiz::v1::AttemptResult& result = attempt.result();
  std::string out = absl::StrCat(
      "Results: ",
      Printable(attempt.quiz_title().empty() ? ResourceId(attempt.quiz())
                                             : attempt.quiz_title()),
      "\n\n");
  if (Unscored(attempt)) {
    const int answered = attempt.items_size() > 0
                             ? attempt.items_size() - result.unanswered()
                             : attempt.answered_count();
    absl::StrAppend(&out, "Recorded ", answered, " of ",
                    std::max(attempt.items_size(), attempt.item_count()),
                    " answers. Nothing here is scored: it gives a profile, "
                    "not a score.\n");
    return out;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& topic : result.topics()) {
    double percent =
        topic.max_score() > 0 ? topic.score() / topic.max_score() * 100 : 0;
    rows.push_back({topic.title().empty() ? topic.topic() : topic.title(),
                    absl::StrCat(FormatNumber(topic.score()), "/",
                                 FormatNumber(topic.max_score())),
                    FormatPercent(percent),
                    absl::StrCat(topic.correct(), "/", topic.items())});
  }
  rows.push_back({"Total",
                  absl::StrCat(FormatNumber(result.score()), "/",
                               FormatNumber(result.max_score())),
                  FormatPercent(result.percent()), ""});
  absl::StrAppend(
      &out,
      RenderTable({"TOPIC", "SCORE", "PERCENT", "CORRECT"}, rows, {1, 2, 3}),
      "\n");
  if (attempt.pass_percent() > 0) {
    absl::StrAppend(&out, "Result: ", result.passed() ? "PASS" : "FAIL", " (",
                    FormatPercent(result.percent()), ", pass mark ",
                    FormatPercent(attempt.pass_percent()), ")\n");
  } else {
    absl::StrAppend(&out, "Result: ", FormatPercent(result.percent()),
                    " (no pass mark)\n");
  }
  absl::StrAppend(&out, "Correct ", result.correct(), ", partially correct ",
                  result.partially_correct(), ", incorrect ",
                  result.incorrect(), ", unanswered ", result.unanswered(),
                  "\n");
  if (result.timed_out()) {
    absl::StrAppend(&out,
                    "Time ran out: the attempt was finished at the "
                    "deadline.\n");
  }
  absl::StrAppend(&out, "Review with: quiz review ",
                  Printable(ResourceId(attempt.name())), "\n");
  return out;
}

namespace {

// "127.0.0.1" of "ipv4:127.0.0.1:52144", "::1" of "ipv6:[::1]:52144";
// anything else as it is.
std::string PeerAddress(const std::string& peer) {
  absl::string_view address = peer;
  if (absl::ConsumePrefix(&address, "ipv4:")) {
    return std::string(address.substr(0, address.rfind(':')));
  }
  if (absl::ConsumePrefix(&address, "ipv6:") &&
      absl::ConsumePrefix(&address, "[")) {
    return std::string(address.substr(0, address.find(']')));
  }
  return peer;
}

std::string AuditMethod(const quiz::v1::AuditEvent& event) {
  const std::string& method = event.method();
  // "quizd user add" stays whole; "Service.Method" loses its service.
  std::string shown = method.find(' ') == std::string::npos
                          ? method.substr(method.rfind('.') + 1)
                          : method;
  if (event.status() == "PERMISSION_DENIED") return shown + " (denied)";
  if (event.status() != "OK")
    return absl::StrCat(shown, " (", event.status(), ")");
  return shown;
}

}  // namespace

std::string RenderAuditTable(const std::vector<quiz::v1::AuditEvent>& events,
                             absl::TimeZone zone, int max_width) {
  std::vector<std::vector<std::string>> rows;
  for (const quiz::v1::AuditEvent& event : events) {
    absl::string_view actor = event.actor();
    absl::ConsumePrefix(&actor, "users/");
    rows.push_back({FormatTimestamp(event.time(), zone), std::string(actor),
                    AuditMethod(event), event.resource(),
                    PeerAddress(event.peer())});
  }
  return RenderTable({"TIME", "ACTOR", "METHOD", "RESOURCE", "FROM"}, rows, {},
                     max_width, /*elastic=*/{3, 2, 1, 4});
}

}  // namespace client
