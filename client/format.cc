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

// Decodes one UTF-8 code point at the start of `text`; returns its length in
// bytes, or 0 when the bytes there are not valid UTF-8 (overlong forms,
// surrogates and values past U+10FFFF included).
size_t DecodeUtf8(absl::string_view text, char32_t* code_point) {
  const auto byte = [&](size_t i) {
    return static_cast<unsigned char>(text[i]);
  };
  const unsigned char lead = byte(0);
  if (lead < 0x80) {
    *code_point = lead;
    return 1;
  }
  size_t length = 0;
  char32_t value = 0;
  char32_t minimum = 0;
  if ((lead & 0xE0) == 0xC0) {
    length = 2, value = lead & 0x1F, minimum = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, value = lead & 0x0F, minimum = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, value = lead & 0x07, minimum = 0x10000;
  } else {
    return 0;
  }
  if (text.size() < length) return 0;
  for (size_t i = 1; i < length; ++i) {
    if ((byte(i) & 0xC0) != 0x80) return 0;
    value = (value << 6) | (byte(i) & 0x3F);
  }
  if (value < minimum || value > 0x10FFFF ||
      (value >= 0xD800 && value <= 0xDFFF)) {
    return 0;
  }
  *code_point = value;
  return length;
}

// Code points a terminal does not show as themselves.
bool MustEscape(char32_t c) {
  return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x200E || c == 0x200F ||
         c == 0x2028 || c == 0x2029 || (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2066 && c <= 0x2069);
}

}  // namespace

std::string Printable(absl::string_view text, LineBreaks breaks) {
  std::string out;
  out.reserve(text.size());
  while (!text.empty()) {
    char32_t c = 0;
    size_t length = DecodeUtf8(text, &c);
    if (length == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD for a byte that is not UTF-8
      text.remove_prefix(1);
      continue;
    }
    absl::string_view source = text.substr(0, length);
    text.remove_prefix(length);
    if (!MustEscape(c)) {
      out.append(source.data(), source.size());
    } else if (breaks == LineBreaks::kKeep && c == '\n') {
      out += '\n';
    } else if (breaks == LineBreaks::kKeep && c == '\t') {
      out += ' ';
    } else if (c == '\n') {
      out += "\\n";
    } else if (c < 0x100) {
      absl::StrAppend(&out, absl::StrFormat("\\x%02x", static_cast<int>(c)));
    } else {
      absl::StrAppend(&out, absl::StrFormat("\\u%04x", static_cast<int>(c)));
    }
  }
  return out;
}

std::string Elide(absl::string_view text, int max_chars) {
  size_t cut = 0;
  int chars = 0;
  while (cut < text.size() && chars < max_chars) {
    ++cut;
    while (cut < text.size() &&
           (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
      ++cut;
    }
    ++chars;
  }
  if (cut >= text.size()) return Printable(text);
  return absl::StrCat(Printable(text.substr(0, cut)), "\xE2\x80\xA6");
}

std::string Wrap(absl::string_view raw_text, int width,
                 absl::string_view raw_first_prefix,
                 absl::string_view raw_rest_prefix) {
  const std::string printable = Printable(raw_text, LineBreaks::kKeep);
  const std::string first_prefix_text =
      Printable(raw_first_prefix, LineBreaks::kKeep);
  const std::string rest_prefix_text =
      Printable(raw_rest_prefix, LineBreaks::kKeep);
  absl::string_view text = absl::StripTrailingAsciiWhitespace(printable);
  absl::string_view first_prefix = first_prefix_text;
  absl::string_view rest_prefix = rest_prefix_text;
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
    case quiz::v1::ROLE_SERVICE_ACCOUNT:
      return "service account";
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
