#include "client/format.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"

namespace client {
namespace {

// Formats with `decimals` places, then drops trailing zeros and the point.
std::string TrimmedFixed(double value, int decimals) {
  std::string text = absl::StrFormat("%.*f", decimals, value);
  if (text.find('.') != std::string::npos) {
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
  }
  if (text == "-0") text = "0";
  return text;
}

// Display columns of UTF-8 text: one per code point.
int Columns(absl::string_view text) {
  int columns = 0;
  for (char c : text) columns += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return columns;
}

}  // namespace

std::string Wrap(absl::string_view text, int width,
                 absl::string_view first_prefix,
                 absl::string_view rest_prefix) {
  text = absl::StripTrailingAsciiWhitespace(text);
  std::string out;
  absl::string_view prefix = first_prefix;
  for (absl::string_view source : absl::StrSplit(text, '\n')) {
    const size_t indent =
        std::min(source.find_first_not_of(' '), source.size());
    std::string line = absl::StrCat(prefix, source.substr(0, indent));
    const std::string continuation =
        absl::StrCat(rest_prefix, source.substr(0, indent));
    prefix = rest_prefix;
    int used = Columns(line);
    int limit = std::max(width, used + kMinWrapColumns);
    bool has_word = false;
    absl::string_view rest = source.substr(indent);
    while (true) {
      const size_t start = rest.find_first_not_of(' ');
      if (start == absl::string_view::npos) break;  // trailing spaces
      const absl::string_view gap = rest.substr(0, start);
      rest.remove_prefix(start);
      const absl::string_view word = rest.substr(0, rest.find(' '));
      rest.remove_prefix(word.size());
      const int gap_columns = Columns(gap);
      const int word_columns = Columns(word);
      if (has_word && used + gap_columns + word_columns > limit) {
        absl::StrAppend(&out, line, "\n");
        line = continuation;
        used = Columns(line);
        limit = std::max(width, used + kMinWrapColumns);
        has_word = false;
      }
      if (has_word) {
        absl::StrAppend(&line, gap);
        used += gap_columns;
      }
      absl::StrAppend(&line, word);
      used += word_columns;
      has_word = true;
    }
    absl::StrAppend(&out, absl::StripTrailingAsciiWhitespace(line), "\n");
  }
  return out;
}

std::string FormatTimeLeft(absl::Duration left) {
  int64_t seconds = absl::ToInt64Seconds(absl::Ceil(left, absl::Seconds(1)));
  if (seconds < 0) seconds = 0;
  int64_t hours = seconds / 3600;
  int64_t minutes = seconds / 60 % 60;
  int64_t secs = seconds % 60;
  if (hours > 0) {
    return absl::StrFormat("%d:%02d:%02d left", hours, minutes, secs);
  }
  return absl::StrFormat("%d:%02d left", minutes, secs);
}

std::string FormatElapsed(absl::Duration duration) {
  int64_t seconds = absl::ToInt64Seconds(duration);
  if (seconds < 0) seconds = 0;
  if (seconds < 60) return absl::StrCat(seconds, "s");
  if (seconds < 3600) {
    if (seconds % 60 == 0) return absl::StrCat(seconds / 60, "m");
    return absl::StrFormat("%dm %ds", seconds / 60, seconds % 60);
  }
  if (seconds / 60 % 60 == 0) return absl::StrCat(seconds / 3600, "h");
  return absl::StrFormat("%dh %02dm", seconds / 3600, seconds / 60 % 60);
}

absl::Time ToAbslTime(const google::protobuf::Timestamp& timestamp) {
  return absl::FromUnixSeconds(timestamp.seconds()) +
         absl::Nanoseconds(timestamp.nanos());
}

bool IsSet(const google::protobuf::Timestamp& timestamp) {
  return timestamp.seconds() != 0 || timestamp.nanos() != 0;
}

std::string FormatTimestamp(const google::protobuf::Timestamp& timestamp,
                            absl::TimeZone zone) {
  if (!IsSet(timestamp)) return "-";
  return absl::FormatTime("%Y-%m-%d %H:%M", ToAbslTime(timestamp), zone);
}

std::string FormatNumber(double value) { return TrimmedFixed(value, 2); }

std::string FormatPercent(double percent) {
  return absl::StrCat(TrimmedFixed(percent, 1), "%");
}

std::string ResourceId(absl::string_view name) {
  size_t slash = name.rfind('/');
  if (slash == absl::string_view::npos) return std::string(name);
  return std::string(name.substr(slash + 1));
}

std::string OptionLetter(int index) {
  std::string letters;
  for (int n = index + 1; n > 0; n = (n - 1) / 26) {
    letters.insert(letters.begin(), static_cast<char>('A' + (n - 1) % 26));
  }
  return letters;
}

std::string ModeName(quiz::v1::QuizMode mode) {
  return mode == quiz::v1::QUIZ_MODE_EXAM ? "exam" : "practice";
}

std::string RoleName(quiz::v1::Role role) {
  switch (role) {
    case quiz::v1::ROLE_STUDENT:
      return "student";
    case quiz::v1::ROLE_INSTRUCTOR:
      return "instructor";
    case quiz::v1::ROLE_ADMIN:
      return "admin";
    default:
      return "unknown role";
  }
}

std::string CorrectnessName(quiz::v1::Correctness correctness) {
  switch (correctness) {
    case quiz::v1::CORRECT:
      return "Correct";
    case quiz::v1::PARTIALLY_CORRECT:
      return "Partially correct";
    case quiz::v1::INCORRECT:
      return "Incorrect";
    case quiz::v1::UNANSWERED:
      return "Unanswered";
    case quiz::v1::NOT_SCORED:
      return "Not scored";
    default:
      return "Not graded";
  }
}

}  // namespace client
