#include "question_bank/src/yaml_parts.h"

#include <algorithm>
#include <cctype>
#include <cstddef>

namespace question_bank {
namespace {

struct Line {
  std::string_view text;  // without its line break
  size_t begin = 0;       // offset of the line in the document
  size_t end = 0;         // offset just past its line break
};

std::vector<Line> SplitLines(std::string_view yaml) {
  std::vector<Line> lines;
  size_t begin = 0;
  while (begin < yaml.size()) {
    size_t newline = yaml.find('\n', begin);
    const size_t end =
        newline == std::string_view::npos ? yaml.size() : newline + 1;
    std::string_view text = yaml.substr(begin, end - begin);
    if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    lines.push_back({text, begin, end});
    begin = end;
  }
  return lines;
}

size_t Indent(std::string_view text) {
  size_t n = 0;
  while (n < text.size() && text[n] == ' ') ++n;
  return n;
}

// Blank, or only a comment.
bool IsFiller(std::string_view text) {
  const size_t first = text.find_first_not_of(" \t");
  return first == std::string_view::npos || text[first] == '#';
}

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

bool IsEntry(std::string_view text, size_t indent) {
  std::string_view rest = text.substr(indent);
  return rest == "-" || StartsWith(rest, "- ");
}

// The key of a "key:" or "key: value" line at column 0, else "".
std::string_view KeyOf(std::string_view text) {
  const size_t colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0) return "";
  const std::string_view key = text.substr(0, colon);
  for (char c : key) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') {
      return "";
    }
  }
  if (colon + 1 < text.size() && text[colon + 1] != ' ') return "";
  return key;
}

// The key of a "key:" line with nothing but a comment after it, else "".
std::string_view BareKey(std::string_view text) {
  const std::string_view key = KeyOf(text);
  if (key.empty() || !IsFiller(text.substr(key.size() + 1))) return "";
  return key;
}

// Whether a quoted scalar opening at `text[0]` closes on this line.
bool QuoteCloses(std::string_view text) {
  const char quote = text[0];
  for (size_t i = 1; i < text.size(); ++i) {
    if (quote == '"' && text[i] == '\\') {
      ++i;  // an escaped character
    } else if (text[i] == quote) {
      if (quote == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
        ++i;  // '' is a quote inside single quotes
      } else {
        return true;
      }
    }
  }
  return false;
}

// Whether every quoted scalar on a line inside a sequence (as "- key: 'v'" or
// "- 'v'") closes on that line. One running on may continue at any
// indentation, even column 0, where the cut would end the sequence.
bool QuotesClose(std::string_view line) {
  std::string_view rest = line;
  while (true) {
    rest = rest.substr(std::min(rest.size(), rest.find_first_not_of(' ')));
    if (StartsWith(rest, "- ")) {
      rest = rest.substr(2);
      continue;
    }
    if (rest.empty()) return true;
    if ((rest[0] == '"' || rest[0] == '\'') && !QuoteCloses(rest)) {
      return false;
    }
    const size_t colon = rest.find(": ");
    if (colon == std::string_view::npos) return true;
    rest = rest.substr(colon + 2);
  }
}

// Whether the line's value opens a block scalar ("stem: >-", "- |"), whose
// more indented lines that follow are text, not YAML.
bool OpensBlockScalar(std::string_view line) {
  std::string_view value = line.substr(Indent(line));
  if (const size_t colon = value.rfind(": "); colon != std::string_view::npos) {
    value = value.substr(colon + 2);
  }
  while (StartsWith(value, "- ")) value = value.substr(2);
  value = value.substr(std::min(value.size(), value.find_first_not_of(' ')));
  if (value.empty() || (value[0] != '|' && value[0] != '>')) return false;
  size_t end = 1;
  while (end < value.size() &&
         (value[end] == '-' || value[end] == '+' ||
          std::isdigit(static_cast<unsigned char>(value[end])))) {
    ++end;
  }
  return IsFiller(value.substr(end));
}

}  // namespace

std::optional<CutYaml> CutTopLevelSequences(std::string_view yaml,
                                            const std::set<std::string>& keys) {
  const std::vector<Line> lines = SplitLines(yaml);
  for (const Line& line : lines) {
    if (line.text.find('\t') != std::string_view::npos ||
        StartsWith(line.text, "---") || StartsWith(line.text, "...")) {
      return std::nullopt;
    }
  }
  CutYaml cut;
  std::vector<bool> emptied(lines.size(), false);
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string_view text = lines[i].text;
    const std::string key(BareKey(text));
    if (key.empty() || keys.count(key) == 0) continue;
    if (cut.sequences.count(key) != 0) return std::nullopt;  // given twice
    // The sequence's indentation is that of its first entry.
    size_t first = i + 1;
    while (first < lines.size() && IsFiller(lines[first].text)) ++first;
    if (first == lines.size()) continue;
    const size_t indent = Indent(lines[first].text);
    if (!IsEntry(lines[first].text, indent)) continue;  // not a sequence
    std::vector<YamlPart>& parts = cut.sequences[key];
    // A part runs from its entry's line to the line before the next entry.
    std::vector<size_t> part_begins;
    // While in a block scalar: the indentation of the line that opened it.
    std::optional<size_t> scalar_parent;
    size_t j = first;
    for (; j < lines.size(); ++j) {
      const std::string_view line = lines[j].text;
      const size_t at = Indent(line);
      if (IsFiller(line) || (scalar_parent && at > *scalar_parent)) continue;
      scalar_parent.reset();
      if (at > 0 && !QuotesClose(line)) return std::nullopt;
      if (at == indent && IsEntry(line, indent)) {
        parts.push_back({static_cast<int>(j), {}});
        part_begins.push_back(lines[j].begin);
      } else if (at < indent || (at == indent && indent == 0)) {
        break;  // the next top-level key (or something odd: see below)
      } else if (at == indent) {
        return std::nullopt;  // neither an entry nor inside one
      }
      if (OpensBlockScalar(line)) scalar_parent = at;
    }
    const size_t end = j < lines.size() ? lines[j].begin : yaml.size();
    for (size_t p = 0; p < parts.size(); ++p) {
      const size_t part_end = p + 1 < parts.size() ? part_begins[p + 1] : end;
      parts[p].text = yaml.substr(part_begins[p], part_end - part_begins[p]);
    }
    // The sequence must end at the next top-level key, or at the end.
    if (j < lines.size() && KeyOf(lines[j].text).empty()) return std::nullopt;
    for (size_t k = first; k < j; ++k) emptied[k] = true;
    i = j - 1;
  }
  if (cut.sequences.empty()) return std::nullopt;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (emptied[i]) {
      cut.header.push_back('\n');
    } else {
      cut.header.append(
          yaml.substr(lines[i].begin, lines[i].end - lines[i].begin));
    }
  }
  return cut;
}

}  // namespace question_bank
