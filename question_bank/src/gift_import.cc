#include "question_bank/src/gift_import.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "question_bank/src/bank_check.h"
#include "question_bank/src/source_map.h"
#include "question_bank/src/utf8.h"

namespace question_bank {
namespace {

using quiz::v1::Item;
using quiz::v1::Option;

constexpr size_t npos = std::string::npos;

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
         c == '\v';
}

std::string_view TrimView(std::string_view text) {
  while (!text.empty() && IsSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsSpace(text.back())) text.remove_suffix(1);
  return text;
}

std::string Trim(std::string_view text) { return std::string(TrimView(text)); }

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// One character of a question once escapes are resolved. An escaped
// character is text, never syntax.
struct GiftChar {
  char c = 0;
  bool escaped = false;
  TextPosition position;
};

// A part of a question's characters: [begin, end) of a vector it does not
// own. Searches only see unescaped characters.
class Span {
 public:
  Span(const std::vector<GiftChar>* chars, size_t begin, size_t end)
      : chars_(chars), begin_(begin), end_(end) {}
  explicit Span(const std::vector<GiftChar>* chars)
      : Span(chars, 0, chars->size()) {}

  size_t size() const { return end_ - begin_; }
  bool empty() const { return begin_ == end_; }

  // Whether the character at `i` is the syntax character `c`.
  bool IsSyntax(size_t i, char c) const {
    const GiftChar& g = (*chars_)[begin_ + i];
    return !g.escaped && g.c == c;
  }
  bool StartsWith(std::string_view syntax) const { return Matches(0, syntax); }

  // Index of the first unescaped `syntax` at or after `from`, or npos.
  size_t Find(std::string_view syntax, size_t from = 0) const {
    for (size_t i = from; i + syntax.size() <= size(); ++i) {
      if (Matches(i, syntax)) return i;
    }
    return npos;
  }
  // Index of the last unescaped `syntax`, or npos.
  size_t RFind(std::string_view syntax) const {
    for (size_t i = size(); i-- > 0;) {
      if (i + syntax.size() <= size() && Matches(i, syntax)) return i;
    }
    return npos;
  }

  // [b, e) of this span; e is clamped to the end.
  Span Sub(size_t b, size_t e = npos) const {
    e = std::min(e, size());
    b = std::min(b, e);
    return Span(chars_, begin_ + b, begin_ + e);
  }
  // Without unescaped whitespace at either end.
  Span Trim() const {
    size_t b = 0;
    size_t e = size();
    while (b < e && IsBlank(b)) ++b;
    while (e > b && IsBlank(e - 1)) --e;
    return Sub(b, e);
  }

  // The characters as text, escapes resolved.
  std::string Text() const {
    std::string text;
    for (size_t i = begin_; i < end_; ++i) text += (*chars_)[i].c;
    return text;
  }

  // Where the span starts (where it would start, when empty).
  TextPosition position() const {
    if (chars_->empty()) return {};
    return (*chars_)[std::min(begin_, chars_->size() - 1)].position;
  }
  TextPosition PositionAt(size_t i) const { return Sub(i).position(); }

 private:
  bool Matches(size_t i, std::string_view syntax) const {
    if (i + syntax.size() > size()) return false;
    for (size_t k = 0; k < syntax.size(); ++k) {
      if (!IsSyntax(i + k, syntax[k])) return false;
    }
    return true;
  }
  bool IsBlank(size_t i) const {
    const GiftChar& g = (*chars_)[begin_ + i];
    return !g.escaped && IsSpace(g.c);
  }

  const std::vector<GiftChar>* chars_;
  size_t begin_;
  size_t end_;
};

// A line of the file, without its line ending.
struct Line {
  std::string_view text;
  int number = 0;
};

// Lines end at "\n", "\r\n" or a lone "\r" (old Mac files): a CR never stays
// inside a text, where GIFT could not write it back.
std::vector<Line> SplitLines(std::string_view text) {
  std::vector<Line> lines;
  int number = 1;
  while (!text.empty()) {
    const size_t end = text.find_first_of("\r\n");
    lines.push_back({text.substr(0, end), number++});
    if (end == npos) break;
    const bool crlf = text.compare(end, 2, "\r\n") == 0;
    text.remove_prefix(end + (crlf ? 2 : 1));
  }
  return lines;
}

// Resolves the escapes of `lines` (joined by newlines) as Moodle does:
// "\\" is a backslash, "\~ \= \# \{ \} \:" are those characters as text and
// "\n" is a newline; any other backslash is itself.
std::vector<GiftChar> Lex(const std::vector<Line>& lines) {
  static constexpr std::string_view kEscapable = "\\:#={}~";
  std::vector<GiftChar> chars;
  for (size_t l = 0; l < lines.size(); ++l) {
    const std::string_view text = lines[l].text;
    const int number = lines[l].number;
    if (l > 0) {
      const Line& previous = lines[l - 1];
      chars.push_back(
          {'\n',
           false,
           {previous.number, static_cast<int>(previous.text.size()) + 1}});
    }
    for (size_t i = 0; i < text.size(); ++i) {
      const TextPosition position{number, static_cast<int>(i) + 1};
      if (text[i] == '\\' && i + 1 < text.size()) {
        const char next = text[i + 1];
        if (kEscapable.find(next) != npos) {
          chars.push_back({next, true, position});
          ++i;
          continue;
        }
        if (next == 'n') {
          chars.push_back({'\n', true, position});
          ++i;
          continue;
        }
      }
      chars.push_back({text[i], false, position});
    }
  }
  return chars;
}

// ---------------------------------------------------------------- text formats

enum class TextFormat { kMoodle, kHtml, kPlain, kMarkdown };

std::optional<TextFormat> FormatNamed(const std::string& name) {
  if (name == "moodle") return TextFormat::kMoodle;
  if (name == "html") return TextFormat::kHtml;
  if (name == "plain") return TextFormat::kPlain;
  if (name == "markdown") return TextFormat::kMarkdown;
  return std::nullopt;
}

// Takes a leading "[format]" of a known format off `span` and returns it;
// returns `default_format` and leaves `span` alone otherwise.
TextFormat TakeFormat(Span* span, TextFormat default_format) {
  if (!span->StartsWith("[")) return default_format;
  const size_t close = span->Find("]");
  if (close == npos) return default_format;
  std::optional<TextFormat> named = FormatNamed(span->Sub(1, close).Text());
  if (!named) return default_format;
  *span = span->Sub(close + 1);
  return *named;
}

void AppendUtf8(uint32_t code_point, std::string* out) {
  if (code_point < 0x80) {
    *out += static_cast<char>(code_point);
  } else if (code_point < 0x800) {
    *out += static_cast<char>(0xC0 | (code_point >> 6));
    *out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else if (code_point < 0x10000) {
    *out += static_cast<char>(0xE0 | (code_point >> 12));
    *out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else {
    *out += static_cast<char>(0xF0 | (code_point >> 18));
    *out += static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
    *out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (code_point & 0x3F));
  }
}

// The text of an HTML entity name ("amp", "#39", "#x2019"), or nullopt for
// names it does not know.
std::optional<std::string> DecodeEntity(const std::string& name) {
  static const std::map<std::string, std::string> kNamed = {
      {"amp", "&"},        {"lt", "<"},         {"gt", ">"},
      {"quot", "\""},      {"apos", "'"},       {"nbsp", " "},
      {"ndash", "\u2013"}, {"mdash", "\u2014"}, {"rsquo", "\u2019"},
      {"lsquo", "\u2018"}, {"ldquo", "\u201C"}, {"rdquo", "\u201D"}};
  if (auto it = kNamed.find(name); it != kNamed.end()) return it->second;
  if (name.size() < 2 || name[0] != '#') return std::nullopt;
  const bool hex = name[1] == 'x' || name[1] == 'X';
  const std::string digits = name.substr(hex ? 2 : 1);
  if (digits.empty() || digits.size() > 6) return std::nullopt;
  char* end = nullptr;
  const unsigned long value = std::strtoul(digits.c_str(), &end, hex ? 16 : 10);
  if (*end != '\0' || value == 0 || value > 0x10FFFF ||
      (value >= 0xD800 && value <= 0xDFFF)) {
    return std::nullopt;
  }
  std::string text;
  AppendUtf8(static_cast<uint32_t>(value), &text);
  return text;
}

bool IsBlockTag(const std::string& tag) {
  static const std::set<std::string> kBlocks = {
      "p",  "div", "li", "tr", "h1", "h2",         "h3",
      "h4", "h5",  "h6", "ul", "ol", "blockquote", "pre"};
  return kBlocks.count(tag) > 0;
}

// Plain text of an HTML fragment: tags dropped, <br> and the ends of block
// elements as newlines, list items as "- ", entities decoded, spaces at line
// ends and runs of blank lines removed.
std::string HtmlToText(const std::string& html) {
  std::string text;
  for (size_t i = 0; i < html.size();) {
    const char next = i + 1 < html.size() ? html[i + 1] : '\0';
    if (html[i] == '<' && (std::isalpha(static_cast<unsigned char>(next)) ||
                           next == '/' || next == '!')) {
      const size_t close = html.find('>', i);
      if (close == npos) break;
      const bool closing = next == '/';
      std::string tag;
      for (size_t k = i + (closing ? 2 : 1);
           k < close && std::isalnum(static_cast<unsigned char>(html[k]));
           ++k) {
        tag += static_cast<char>(
            std::tolower(static_cast<unsigned char>(html[k])));
      }
      if (tag == "br" || (closing && IsBlockTag(tag))) text += '\n';
      if (!closing && tag == "li") text += "- ";
      i = close + 1;
      continue;
    }
    if (html[i] == '&') {
      const size_t semicolon = html.find(';', i);
      if (semicolon != npos && semicolon - i <= 10) {
        if (auto decoded =
                DecodeEntity(html.substr(i + 1, semicolon - i - 1))) {
          text += *decoded;
          i = semicolon + 1;
          continue;
        }
      }
    }
    text += html[i++];
  }
  // Tidy the lines: no trailing spaces, at most one blank line in a row.
  std::string tidy;
  int newlines = 0;
  for (const Line& line : SplitLines(text)) {
    std::string_view content = line.text;
    while (!content.empty() && IsSpace(content.back()))
      content.remove_suffix(1);
    if (content.empty()) {
      ++newlines;
      continue;
    }
    if (!tidy.empty()) tidy.append(std::min(newlines + 1, 2), '\n');
    newlines = 0;
    tidy += content;
  }
  return tidy;
}

// Moodle's parse_text_with_format: an optional leading "[format]", then the
// text, converted from HTML when the format is html, and trimmed.
std::string FormattedText(Span span, TextFormat default_format) {
  span = span.Trim();
  const TextFormat format = TakeFormat(&span, default_format);
  std::string text = span.Text();
  if (format == TextFormat::kHtml) text = HtmlToText(text);
  return Trim(text);
}

// ------------------------------------------------------------- answer blocks

// A part of an answer block that follows a marker ('~' or '='), or the text
// before the first marker (marker '\0').
struct Element {
  char marker = 0;
  Span body;
};

// Splits `span` at every unescaped character of `markers`. The text before
// the first marker is dropped when blank, as Moodle does.
std::vector<Element> SplitMarked(Span span, std::string_view markers) {
  std::vector<Element> elements;
  char marker = 0;
  size_t start = 0;
  for (size_t i = 0; i < span.size(); ++i) {
    for (char m : markers) {
      if (!span.IsSyntax(i, m)) continue;
      elements.push_back({marker, span.Sub(start, i).Trim()});
      marker = m;
      start = i + 1;
      break;
    }
  }
  elements.push_back({marker, span.Sub(start).Trim()});
  if (elements.front().marker == 0 && elements.front().body.empty()) {
    elements.erase(elements.begin());
  }
  return elements;
}

// An answer's text and its "#feedback".
struct AnswerText {
  std::string text;
  std::string feedback;
};

AnswerText SplitFeedback(Span body, TextFormat format) {
  const size_t hash = body.Find("#");
  AnswerText answer;
  answer.text = FormattedText(body.Sub(0, hash), format);
  if (hash != npos) answer.feedback = FormattedText(body.Sub(hash + 1), format);
  return answer;
}

// A weight such as "50", "-33.33333": an optional '-', digits, optionally a
// '.' and more digits.
std::optional<double> ParseWeight(const std::string& text) {
  size_t i = text.empty() || text[0] != '-' ? 0 : 1;
  const size_t digits_start = i;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
    ++i;
  }
  if (i == digits_start) return std::nullopt;
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() &&
           std::isdigit(static_cast<unsigned char>(text[i]))) {
      ++i;
    }
  }
  if (i != text.size()) return std::nullopt;
  return std::strtod(text.c_str(), nullptr);
}

// A finite number written in full (leading and trailing spaces allowed).
std::optional<double> ParseNumber(std::string_view text) {
  const std::string trimmed = Trim(text);
  if (trimmed.empty()) return std::nullopt;
  char* end = nullptr;
  errno = 0;
  const double value = std::strtod(trimmed.c_str(), &end);
  if (*end != '\0' || errno == ERANGE || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

bool IsFullCredit(double weight) { return std::fabs(weight - 100) < 1e-9; }

std::string WeightText(double weight) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g%%", weight);
  return buffer;
}

// "a".."z", then "o27", "o28"...
std::string OptionId(int index) {
  if (index < 26) return std::string(1, static_cast<char>('a' + index));
  return absl::StrCat("o", index + 1);
}

// "question \"Title\"" or "question".
std::string QuestionName(const std::string& title) {
  return title.empty() ? "question" : absl::StrCat("question \"", title, "\"");
}

// Quoted, shortened text for messages.
std::string Quote(const std::string& text) {
  constexpr size_t kMax = 40;
  std::string shown = text.size() > kMax ? text.substr(0, kMax) + "..." : text;
  std::replace(shown.begin(), shown.end(), '\n', ' ');
  return absl::StrCat("\"", shown, "\"");
}

// The segments of a $CATEGORY path: '/' separates, "//" is a literal '/',
// segments are trimmed and empty ones left out.
std::vector<std::string> CategorySegments(std::string_view path) {
  std::vector<std::string> segments;
  std::string segment;
  for (size_t i = 0; i < path.size(); ++i) {
    if (path[i] != '/') {
      segment += path[i];
    } else if (i + 1 < path.size() && path[i + 1] == '/') {
      segment += '/';
      ++i;
    } else {
      segments.push_back(Trim(segment));
      segment.clear();
    }
  }
  segments.push_back(Trim(segment));
  segments.erase(std::remove(segments.begin(), segments.end(), ""),
                 segments.end());
  return segments;
}

// The longest id GiftSlug makes.
constexpr size_t kMaxSlugLength = 64;

// Ids unique within one kind (items, topics): the base, else the base with
// "-2", "-3"..., cut so that the id stays within kMaxSlugLength: GiftSlug(id)
// is the id itself, so an exported "::id::" or "$CATEGORY: id" reads back as
// the same id. Each base remembers its next suffix, so N questions with one
// title cost N lookups, not N^2.
class UniqueIds {
 public:
  std::string Make(const std::string& base) {
    int& next = next_suffix_[base];
    if (next == 0) next = 2;
    std::string id = base;
    while (taken_.count(id) > 0) id = WithSuffix(base, next++);
    taken_.insert(id);
    return id;
  }

 private:
  static std::string WithSuffix(const std::string& base, int n) {
    const std::string suffix = absl::StrCat("-", n);
    std::string id = base.substr(0, kMaxSlugLength - suffix.size());
    while (!id.empty() && id.back() == '-') id.pop_back();
    return id + suffix;
  }

  std::set<std::string> taken_;
  std::map<std::string, int> next_suffix_;
};

// File order; diagnostics with no position go last, in the order they came.
void SortByPosition(std::vector<Diagnostic>* diagnostics) {
  auto key = [](const Diagnostic& d) {
    return std::make_pair(
        d.line == 0 ? std::numeric_limits<int>::max() : d.line, d.column);
  };
  std::stable_sort(diagnostics->begin(), diagnostics->end(),
                   [&](const Diagnostic& a, const Diagnostic& b) {
                     return key(a) < key(b);
                   });
}

// -------------------------------------------------------------- the importer

// Reads one GIFT file into a bank. Each Read* function reports its own
// problems and returns false when the question cannot be imported.
class GiftImporter {
 public:
  GiftImporter(std::string_view file_name, const GiftImportOptions& options)
      : file_(file_name), options_(options) {}

  ParsedBank Run(std::string_view text);

 private:
  void Report(Diagnostic::Severity severity, TextPosition position,
              std::string message) {
    Diagnostic diagnostic;
    diagnostic.severity = severity;
    diagnostic.file = file_;
    diagnostic.line = position.line;
    diagnostic.column = position.column;
    diagnostic.message = std::move(message);
    result_.diagnostics.push_back(std::move(diagnostic));
  }
  void Error(TextPosition position, std::string message) {
    Report(Diagnostic::Severity::kError, position, std::move(message));
  }
  void Warning(TextPosition position, std::string message) {
    Report(Diagnostic::Severity::kWarning, position, std::move(message));
  }

  bool CheckUtf8(std::string_view text);
  void ReadBlock(const std::vector<Line>& lines);
  void ReadCategory(const Line& line);
  void ReadQuestion(const std::vector<GiftChar>& chars);
  bool ReadAnswerBlock(Span answer, TextFormat format, Item* item);
  bool ReadChoice(Span answer, TextFormat format, Item* item);
  bool ReadTrueFalse(Span answer, TextFormat format, Item* item);
  bool ReadShortAnswer(Span answer, TextFormat format, Item* item);
  bool ReadNumeric(Span answer, TextFormat format, Item* item);
  bool ReadMatching(Span answer, TextFormat format, Item* item);
  // Takes a leading "%weight%" off `body` into `weight`; false (reported)
  // when it is malformed.
  bool TakeWeight(Span* body, std::optional<double>* weight);
  void AddItem(Item item, const std::string& title, TextPosition position);
  // The id of the topic for `path` (a $CATEGORY path), created on first use.
  std::string TopicFor(const std::string& path, TextPosition position);
  void AddCheckerErrors();

  const std::string file_;
  const GiftImportOptions options_;
  ParsedBank result_;
  SourceMap source_map_;
  std::string topic_;  // the current topic id; empty before any question
  std::map<std::string, std::string> topic_by_path_;
  UniqueIds topic_ids_;
  UniqueIds item_ids_;
  int question_count_ = 0;
  std::string question_name_;  // of the question being read, for messages
};

ParsedBank GiftImporter::Run(std::string_view text) {
  if (!CheckUtf8(text)) return std::move(result_);
  if (StartsWith(text, "\xEF\xBB\xBF")) text.remove_prefix(3);
  std::vector<Line> block;
  for (const Line& line : SplitLines(text)) {
    if (!TrimView(line.text).empty()) {
      block.push_back(line);
      continue;
    }
    ReadBlock(block);
    block.clear();
  }
  ReadBlock(block);

  const std::string stem =
      file_.empty() ? "" : std::filesystem::path(file_).stem().string();
  std::string id = options_.bank_id.empty() ? GiftSlug(stem) : options_.bank_id;
  result_.bank.set_id(id.empty() ? "gift" : id);
  result_.bank.set_title(
      !options_.bank_title.empty() ? options_.bank_title
      : file_.empty()
          ? std::string("Imported from GIFT")
          : absl::StrCat("Imported from ",
                         std::filesystem::path(file_).filename().string()));
  AddCheckerErrors();
  SortByPosition(&result_.diagnostics);
  return std::move(result_);
}

bool GiftImporter::CheckUtf8(std::string_view text) {
  std::optional<TextPosition> bad = FindInvalidUtf8(text);
  if (!bad) return true;
  size_t offset = 0;
  for (int line = 1; line < bad->line; ++line) {
    offset = text.find('\n', offset) + 1;
  }
  offset += bad->column - 1;
  char byte[8];
  std::snprintf(byte, sizeof byte, "0x%02X",
                static_cast<unsigned char>(text[offset]));
  Error(*bad,
        absl::StrCat(file_.empty() ? "input" : file_,
                     " is not valid UTF-8: byte ", byte, " at byte offset ",
                     offset, " (line ", bad->line, ", column ", bad->column,
                     ") does not start or continue a UTF-8 character; save "
                     "the file as UTF-8"));
  return false;
}

// A block is the lines between blank lines: an optional $CATEGORY line, then
// a question. Comment lines are left out wherever they are.
void GiftImporter::ReadBlock(const std::vector<Line>& lines) {
  std::vector<Line> content;
  for (const Line& line : lines) {
    if (!StartsWith(TrimView(line.text), "//")) content.push_back(line);
  }
  if (content.empty()) return;
  if (StartsWith(TrimView(content.front().text), "$CATEGORY:")) {
    ReadCategory(content.front());
    content.erase(content.begin());
    if (content.empty()) return;
  }
  ReadQuestion(Lex(content));
}

void GiftImporter::ReadCategory(const Line& line) {
  const size_t start = line.text.find('$');
  const TextPosition position{line.number, static_cast<int>(start) + 1};
  const std::string path =
      Trim(line.text.substr(start + std::strlen("$CATEGORY:")));
  if (CategorySegments(path).empty()) {
    Error(position, "$CATEGORY names no category");
    return;
  }
  topic_ = TopicFor(path, position);
}

std::string GiftImporter::TopicFor(const std::string& path,
                                   TextPosition position) {
  const std::vector<std::string> segments = CategorySegments(path);
  std::string key;
  for (const std::string& segment : segments)
    absl::StrAppend(&key, "/", segment);
  auto found = topic_by_path_.find(key);
  if (found != topic_by_path_.end()) return found->second;
  const std::string& title = segments.back();
  std::string base = GiftSlug(title);
  if (base.empty()) base = "topic";
  const std::string id = topic_ids_.Make(base);
  source_map_.Add(absl::StrCat("topics[", result_.bank.topics_size(), "]"),
                  position);
  quiz::v1::Topic* topic = result_.bank.add_topics();
  topic->set_id(id);
  topic->set_title(title);
  topic_by_path_.emplace(key, id);
  return id;
}

void GiftImporter::ReadQuestion(const std::vector<GiftChar>& chars) {
  Span text = Span(&chars).Trim();
  if (text.empty()) return;
  ++question_count_;
  const TextPosition start = text.position();
  std::string title;
  if (text.StartsWith("::")) {
    const size_t end = text.Find("::", 2);
    if (end == npos) {
      Error(start,
            "question title opened with \"::\" is not closed with \"::\"");
      return;
    }
    title = FormattedText(text.Sub(2, end), TextFormat::kPlain);
    text = text.Sub(end + 2).Trim();
  }
  question_name_ = QuestionName(title);

  const size_t open = text.Find("{");
  const size_t close = text.Find("}");
  if (open == npos && close == npos) {
    Warning(start, absl::StrCat(question_name_,
                                " has no answer block { }: descriptions are "
                                "not supported; skipped"));
    return;
  }
  if (open == npos || close == npos || close < open) {
    Error(text.PositionAt(
              open == npos || (close != npos && close < open) ? close : open),
          absl::StrCat(question_name_,
                       ": unbalanced braces; write a literal brace as \\{ "
                       "or \\}"));
    return;
  }
  const size_t nested = text.Find("{", open + 1);
  if (nested != npos) {
    Error(text.PositionAt(nested),
          absl::StrCat(question_name_,
                       nested < close
                           ? ": '{' inside an answer block; write a literal "
                             "brace as \\{"
                           : ": a second answer block; separate questions "
                             "with a blank line, or write literal braces as "
                             "\\{ and \\}"));
    return;
  }
  const size_t stray = text.Find("}", close + 1);
  if (stray != npos) {
    Error(text.PositionAt(stray),
          absl::StrCat(question_name_,
                       ": '}' after the answer block; write a literal brace "
                       "as \\}"));
    return;
  }

  // The stem: the text around the answer block, with "_____" in its place
  // when text follows it (the missing-word form).
  Span before = text.Sub(0, open);
  const Span after = text.Sub(close + 1);
  const TextFormat format = TakeFormat(&before, TextFormat::kMoodle);
  std::string stem = before.Text();
  if (!after.Trim().empty()) absl::StrAppend(&stem, "_____", after.Text());
  if (format == TextFormat::kHtml) stem = HtmlToText(stem);

  Item item;
  item.set_stem(Trim(stem));
  Span answer = text.Sub(open + 1, close).Trim();
  const size_t general = answer.RFind("####");
  if (general != npos) {
    item.set_rationale(FormattedText(answer.Sub(general + 4), format));
    answer = answer.Sub(0, general).Trim();
  }
  if (answer.empty()) {
    Warning(start, absl::StrCat(question_name_,
                                " has an empty answer block {}: essays are "
                                "not supported; skipped"));
    return;
  }
  if (!ReadAnswerBlock(answer, format, &item)) return;
  AddItem(std::move(item), title, start);
}

// Tells the type the way Moodle does, in the same order.
bool GiftImporter::ReadAnswerBlock(Span answer, TextFormat format, Item* item) {
  if (answer.IsSyntax(0, '#')) return ReadNumeric(answer.Sub(1), format, item);
  if (answer.Find("~") != npos) return ReadChoice(answer, format, item);
  if (answer.Find("=") != npos && answer.Find("->") != npos) {
    return ReadMatching(answer, format, item);
  }
  const std::string key = Trim(answer.Sub(0, answer.Find("#")).Text());
  if (key == "T" || key == "TRUE" || key == "F" || key == "FALSE") {
    return ReadTrueFalse(answer, format, item);
  }
  return ReadShortAnswer(answer, format, item);
}

bool GiftImporter::TakeWeight(Span* body, std::optional<double>* weight) {
  if (!body->StartsWith("%")) return true;
  const size_t end = body->Find("%", 1);
  std::optional<double> value;
  if (end != npos) value = ParseWeight(Trim(body->Sub(1, end).Text()));
  if (!value) {
    Error(body->position(),
          absl::StrCat(question_name_,
                       ": malformed weight; write it as %50% or %-100%"));
    return false;
  }
  *weight = value;
  *body = body->Sub(end + 1).Trim();
  return true;
}

bool GiftImporter::ReadChoice(Span answer, TextFormat format, Item* item) {
  const std::vector<Element> elements = SplitMarked(answer, "~=");
  if (elements.size() < 2) {
    Error(answer.position(),
          absl::StrCat(question_name_, ": a choice needs at least 2 answers"));
    return false;
  }
  // As in Moodle, any '=' makes a one-answer question; weights alone make a
  // select-all one.
  const bool single = answer.Find("=") != npos;
  std::vector<Option> options;
  std::vector<double> weights;
  std::vector<TextPosition> positions;
  for (const Element& element : elements) {
    Span body = element.body;
    double weight = 0;
    if (element.marker == '=') {
      weight = 100;
    } else {
      std::optional<double> given;
      if (!TakeWeight(&body, &given)) return false;
      weight = given.value_or(0);
    }
    AnswerText text = SplitFeedback(body, format);
    if (text.text.empty()) {
      Error(element.body.position(),
            absl::StrCat(question_name_, ": answer ", options.size() + 1,
                         " is empty"));
      return false;
    }
    Option option;
    option.set_id(OptionId(static_cast<int>(options.size())));
    option.set_text(text.text);
    option.set_feedback(text.feedback);
    options.push_back(std::move(option));
    weights.push_back(weight);
    positions.push_back(element.body.position());
  }

  if (single) {
    int correct = 0;
    for (size_t i = 0; i < options.size(); ++i) {
      if (IsFullCredit(weights[i])) {
        options[i].set_correct(true);
        ++correct;
      } else if (weights[i] != 0) {
        Warning(
            positions[i],
            absl::StrCat(question_name_, ": answer ", Quote(options[i].text()),
                         " has weight ", WeightText(weights[i]),
                         "; a single-answer question has no partial "
                         "credit, so it is imported as a wrong answer"));
      }
    }
    if (correct != 1) {
      Error(answer.position(),
            absl::StrCat(question_name_, ": ", correct,
                         " answers have full credit; a single-answer "
                         "question needs exactly one '=' answer (for "
                         "select-all, weight the answers like ~%50%)"));
      return false;
    }
    *item->mutable_single_choice()->mutable_options() = {options.begin(),
                                                         options.end()};
    return true;
  }

  std::set<double> positive;
  for (size_t i = 0; i < options.size(); ++i) {
    if (weights[i] > 0) {
      options[i].set_correct(true);
      positive.insert(weights[i]);
    }
  }
  if (positive.empty()) {
    Error(answer.position(),
          absl::StrCat(question_name_,
                       ": no answer is correct; mark one with '=' or give "
                       "the correct ones a positive weight like ~%50%"));
    return false;
  }
  if (positive.size() > 1) {
    Warning(answer.position(),
            absl::StrCat(question_name_,
                         ": the correct answers have different weights; "
                         "quizd splits the credit equally among them"));
  }
  auto* choice = item->mutable_multiple_choice();
  *choice->mutable_options() = {options.begin(), options.end()};
  choice->set_scoring(quiz::v1::MULTI_SELECT_PARTIAL);
  return true;
}

// "{T}", "{FALSE#wrong feedback#right feedback}".
bool GiftImporter::ReadTrueFalse(Span answer, TextFormat format, Item* item) {
  const size_t first = answer.Find("#");
  const size_t second = first == npos ? npos : answer.Find("#", first + 1);
  const std::string key = Trim(answer.Sub(0, first).Text());
  std::string wrong;
  std::string right;
  if (first != npos)
    wrong = FormattedText(answer.Sub(first + 1, second), format);
  if (second != npos) right = FormattedText(answer.Sub(second + 1), format);
  const bool value = key == "T" || key == "TRUE";
  auto* true_false = item->mutable_true_false();
  true_false->set_answer(value);
  true_false->set_feedback_true(value ? right : wrong);
  true_false->set_feedback_false(value ? wrong : right);
  return true;
}

bool GiftImporter::ReadShortAnswer(Span answer, TextFormat format, Item* item) {
  const std::vector<Element> elements = SplitMarked(answer, "=");
  auto* short_text = item->mutable_short_text();
  for (const Element& element : elements) {
    Span body = element.body;
    std::optional<double> weight;
    if (!TakeWeight(&body, &weight)) return false;
    const AnswerText text = SplitFeedback(body, format);
    if (text.text.empty()) {
      Error(element.body.position(),
            absl::StrCat(question_name_, ": an answer is empty"));
      return false;
    }
    if (weight && !IsFullCredit(*weight)) {
      Warning(element.body.position(),
              absl::StrCat(question_name_, ": answer ", Quote(text.text), " (",
                           WeightText(*weight),
                           ") dropped; short-text items accept only "
                           "full-credit answers"));
      continue;
    }
    if (!text.feedback.empty()) {
      Warning(element.body.position(),
              absl::StrCat(question_name_, ": feedback on answer ",
                           Quote(text.text),
                           " dropped; short-text items have no per-answer "
                           "feedback"));
    }
    short_text->add_accepted(text.text);
  }
  if (short_text->accepted_size() == 0) {
    Error(answer.position(),
          absl::StrCat(question_name_, ": no answer has full credit"));
    return false;
  }
  return true;
}

// `answer` is the block after its leading '#': "3.14:0.01", "1..5", or
// "=64:0 =%50%60:5".
bool GiftImporter::ReadNumeric(Span answer, TextFormat format, Item* item) {
  const size_t tilde = answer.Find("~");
  if (tilde != npos) {
    Warning(answer.PositionAt(tilde),
            absl::StrCat(question_name_,
                         ": feedback for other answers ('~') dropped; "
                         "numeric items have no per-answer feedback"));
    answer = answer.Sub(0, tilde).Trim();
  }
  const std::vector<Element> elements = SplitMarked(answer, "=");
  if (elements.empty()) {
    Error(answer.position(),
          absl::StrCat(question_name_, ": numeric answer block has no number"));
    return false;
  }
  bool have_key = false;
  for (const Element& element : elements) {
    Span body = element.body;
    const TextPosition position = body.position();
    std::optional<double> weight;
    if (!TakeWeight(&body, &weight)) return false;
    const AnswerText text = SplitFeedback(body, format);
    double value = 0;
    double tolerance = 0;
    const size_t dots = text.text.find("..");
    const size_t colon = text.text.find(':');
    std::optional<double> first;
    std::optional<double> second;
    if (dots != npos && dots > 0) {
      first = ParseNumber(std::string_view(text.text).substr(0, dots));
      second = ParseNumber(std::string_view(text.text).substr(dots + 2));
      if (first && second) {
        value = (*first + *second) / 2;
        tolerance = *second - value;
      }
    } else if (colon != npos && colon > 0) {
      first = ParseNumber(std::string_view(text.text).substr(0, colon));
      second = ParseNumber(std::string_view(text.text).substr(colon + 1));
      if (first && second) {
        value = *first;
        tolerance = *second;
      }
    } else {
      first = second = ParseNumber(text.text);
      if (first) value = *first;
    }
    if (!first || !second) {
      Error(position,
            absl::StrCat(question_name_, ": ", Quote(text.text),
                         " is not a number, number:tolerance or min..max"));
      return false;
    }
    if (tolerance < 0) {
      Error(position, absl::StrCat(question_name_, ": ", Quote(text.text),
                                   dots != npos && dots > 0
                                       ? " has its minimum above its maximum"
                                       : " has a negative tolerance"));
      return false;
    }
    const bool full = !weight || IsFullCredit(*weight);
    if (!full || have_key) {
      Warning(position,
              absl::StrCat(question_name_, ": answer ", Quote(text.text),
                           full ? " dropped; a numeric item has one key"
                                : absl::StrCat(" (", WeightText(*weight),
                                               ") dropped; numeric items "
                                               "have no partial credit")));
      continue;
    }
    if (!text.feedback.empty()) {
      Warning(position,
              absl::StrCat(question_name_,
                           ": feedback on the answer dropped; numeric items "
                           "have no per-answer feedback"));
    }
    have_key = true;
    item->mutable_numeric()->set_answer(value);
    item->mutable_numeric()->set_tolerance(tolerance);
  }
  if (!have_key) {
    Error(answer.position(),
          absl::StrCat(question_name_, ": no answer has full credit"));
    return false;
  }
  return true;
}

// "{=prompt -> answer ...}"; "= -> answer" adds a distractor answer.
bool GiftImporter::ReadMatching(Span answer, TextFormat format, Item* item) {
  const std::vector<Element> elements = SplitMarked(answer, "=");
  auto too_few = [&] {
    Error(answer.position(),
          absl::StrCat(question_name_,
                       ": a matching question needs at least 2 pairs"));
    return false;
  };
  if (elements.size() < 2) return too_few();
  // Answers are numbered as the export writes them (gift_export.h): first
  // those the prompts name, in order of first appearance, then distractors.
  struct Pair {
    std::string prompt;  // empty for a distractor
    std::string answer;
    TextPosition position;
  };
  std::vector<Pair> pairs;
  for (const Element& element : elements) {
    const size_t arrow = element.body.Find("->");
    if (arrow == npos) {
      Error(element.body.position(),
            absl::StrCat(question_name_, ": pair ", Quote(element.body.Text()),
                         " has no '->' between prompt and answer"));
      return false;
    }
    std::string prompt = FormattedText(element.body.Sub(0, arrow), format);
    std::string text = Trim(element.body.Sub(arrow + 2).Text());
    if (text.empty()) {
      Error(element.body.position(),
            absl::StrCat(question_name_, ": pair ", Quote(element.body.Text()),
                         " has no answer after '->'"));
      return false;
    }
    pairs.push_back(
        {std::move(prompt), std::move(text), element.body.position()});
  }
  auto* matching = item->mutable_matching();
  std::map<std::string, std::string> answer_ids;
  auto answer_id = [&](const std::string& text) {
    auto [found, added] = answer_ids.emplace(
        text, absl::StrCat("r", matching->answers_size() + 1));
    if (added) {
      auto* match_answer = matching->add_answers();
      match_answer->set_id(found->second);
      match_answer->set_text(text);
    }
    return found->second;
  };
  for (const Pair& pair : pairs) {
    if (pair.prompt.empty()) continue;  // a distractor
    auto* match_prompt = matching->add_prompts();
    match_prompt->set_id(absl::StrCat("p", matching->prompts_size()));
    match_prompt->set_text(pair.prompt);
    match_prompt->set_answer_id(answer_id(pair.answer));
  }
  int kept_pairs = matching->prompts_size();
  for (const Pair& pair : pairs) {
    if (!pair.prompt.empty()) continue;
    if (answer_ids.count(pair.answer) > 0) {
      Warning(pair.position,
              absl::StrCat(question_name_, ": distractor ", Quote(pair.answer),
                           " is already an answer; dropped"));
      continue;
    }
    answer_id(pair.answer);
    ++kept_pairs;
  }
  // Counted without the dropped distractors, as the export would write it.
  if (kept_pairs < 2 && matching->prompts_size() > 0) return too_few();
  if (matching->prompts_size() == 0) {
    Error(answer.position(),
          absl::StrCat(question_name_, ": no pair has a prompt"));
    return false;
  }
  return true;
}

void GiftImporter::AddItem(Item item, const std::string& title,
                           TextPosition position) {
  const std::string slug = GiftSlug(title);
  const std::string base =
      slug.empty() ? absl::StrCat("gift-", question_count_) : slug;
  const std::string id = item_ids_.Make(base);
  if (id != base && !slug.empty()) {
    Warning(position,
            absl::StrCat("title \"", title, "\" gives the id \"", base,
                         "\", which is taken; using \"", id, "\""));
  }
  if (topic_.empty()) topic_ = TopicFor("General", position);
  item.set_id(id);
  item.set_topic(topic_);
  source_map_.Add(absl::StrCat("items[", result_.bank.items_size(), "]"),
                  position);
  *result_.bank.add_items() = std::move(item);
}

// The checker's errors, pinned to the question or $CATEGORY line they
// concern. Its warnings are authoring advice (rationale, references) that a
// GIFT file cannot act on, so they are left to `quiz bank lint`.
void GiftImporter::AddCheckerErrors() {
  for (BankFinding& finding : FindBankProblems(result_.bank)) {
    if (finding.severity != Diagnostic::Severity::kError) continue;
    Error(source_map_.Find(finding.path), std::move(finding.message));
  }
}

}  // namespace

ParsedBank ImportGift(std::string_view text, std::string_view file_name,
                      const GiftImportOptions& options) {
  return GiftImporter(file_name, options).Run(text);
}

ParsedBank ImportGiftFile(const std::string& path,
                          const GiftImportOptions& options) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream contents;
  if (in) contents << in.rdbuf();
  if (!in) {
    ParsedBank failed;
    Diagnostic diagnostic;
    diagnostic.file = path;
    diagnostic.message =
        absl::StrCat("cannot read the file: ", std::strerror(errno));
    failed.diagnostics.push_back(std::move(diagnostic));
    return failed;
  }
  return ImportGift(contents.str(), path, options);
}

std::string GiftSlug(std::string_view title) {
  std::string slug;
  bool separate = false;
  for (size_t i = 0; i < title.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(title[i]);
    if (c == '\'') continue;
    if (title.substr(i, 3) == "\u2019") {  // a typographic apostrophe
      i += 2;
      continue;
    }
    if (!std::isalnum(c) || c >= 0x80) {
      separate = true;
      continue;
    }
    if (separate && !slug.empty()) slug += '-';
    separate = false;
    slug += static_cast<char>(std::tolower(c));
  }
  if (slug.size() > kMaxSlugLength) {
    slug.resize(kMaxSlugLength);
    while (!slug.empty() && slug.back() == '-') slug.pop_back();
  }
  return slug;
}

}  // namespace question_bank
