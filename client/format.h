// Small formatting helpers shared by the renderers: times, numbers, names.
#ifndef QUIZD_CLIENT_FORMAT_H_
#define QUIZD_CLIENT_FORMAT_H_

#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "google/protobuf/timestamp.pb.h"
#include "quiz/v1/attempt.pb.h"
#include "quiz/v1/auth_service.pb.h"
#include "quiz/v1/bank.pb.h"

namespace client {

// Columns to wrap text to when the output is not a terminal.
inline constexpr int kDefaultWidth = 100;
// However narrow the terminal and however deep the indent, a wrapped line
// leaves at least this many columns for text.
inline constexpr int kMinWrapColumns = 20;

// What Printable does with a line break ("\n").
enum class LineBreaks {
  kShow,  // shown as the two characters "\n": a name or a one-line field
  kKeep,  // kept: prose (stems, feedback, rationales, scenarios)
};

// The one escaping function of the client: `text` from the server or a file
// made safe to print on a terminal. Every control character -- C0 (ESC, CR,
// BEL, ...), DEL and C1 (U+0080..U+009F, e.g. the 8-bit CSI U+009B) -- and
// the invisible characters that reorder or break lines (U+2028, U+2029,
// U+200E/F, U+202A..U+202E, U+2066..U+2069) are shown visibly as "\x1b" or
// "\u202e"; with kKeep a line break stays one and a tab becomes a space.
// Bytes that are not UTF-8 become U+FFFD. Other text is returned unchanged,
// so applying it twice gives the same as once. Every print path (Wrap, the
// tables, item and progress renderers, FormatError) goes through it; text the
// client writes itself holds no control character but "\n".
std::string Printable(absl::string_view text,
                      LineBreaks breaks = LineBreaks::kShow);

// `text` cut to its first `max_chars` code points plus "\u2026" when longer,
// then made Printable: how an error message echoes what a user typed.
std::string Elide(absl::string_view text, int max_chars = 40);

// Word-wraps `text` to `width` columns. The first line of the result starts
// with `first_prefix`, every other one (after a wrap or a line break in
// `text`) with `rest_prefix`; a prefix of spaces as wide as `first_prefix`
// makes a hanging indent. Lines break only at spaces, which are dropped at the
// break; a word longer than the line stays whole and overflows it. Leading
// spaces of a line of `text` are kept and also indent its continuations.
// `text` and the prefixes are made Printable first (line breaks kept).
// Columns are UTF-8 code points. Every line ends in "\n", trailing spaces and
// line breaks of `text` are dropped, and empty text gives one line holding
// the first prefix.
std::string Wrap(absl::string_view text, int width,
                 absl::string_view first_prefix, absl::string_view rest_prefix);

// Wrap with the same prefix on every line.
inline std::string Wrap(absl::string_view text, int width,
                        absl::string_view prefix = "") {
  return Wrap(text, width, prefix, prefix);
}

// "12:34 left", "1:02:03 left"; seconds round up so "0:00 left" means the time
// is really over. Negative durations read "0:00 left".
std::string FormatTimeLeft(absl::Duration left);

// A length of time for tables: "45s", "12m 5s", "30m", "1h 02m", "2h".
std::string FormatElapsed(absl::Duration duration);

// A timestamp in `zone`: "2025-03-01 14:05". "-" for an unset (zero) one.
std::string FormatTimestamp(const google::protobuf::Timestamp& timestamp,
                            absl::TimeZone zone);

absl::Time ToAbslTime(const google::protobuf::Timestamp& timestamp);
bool IsSet(const google::protobuf::Timestamp& timestamp);

// A score with at most two decimals and no trailing zeros: "3", "2.5", "0.33".
std::string FormatNumber(double value);

// A percentage with at most one decimal: "75%", "66.7%".
std::string FormatPercent(double percent);

// The last segment of a resource name: "attempts/abc" -> "abc"; a bare id is
// returned unchanged.
std::string ResourceId(absl::string_view name);

// The option letter for a 0-based index: 0 -> "A", 25 -> "Z", 26 -> "AA".
std::string OptionLetter(int index);

// "practice" / "exam".
std::string ModeName(quiz::v1::QuizMode mode);
// "student" / "instructor" / "admin".
std::string RoleName(quiz::v1::Role role);
// "Correct", "Partially correct", "Incorrect", "Unanswered", "Not scored".
std::string CorrectnessName(quiz::v1::Correctness correctness);

}  // namespace client

#endif  // QUIZD_CLIENT_FORMAT_H_
