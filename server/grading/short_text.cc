// Short text: accepted alternatives, case and whitespace normalised, "*" as a
// wildcard for any run of characters.
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "server/grading/graders.h"
#include "server/grading/outcome.h"

namespace grading {
namespace {

// Trimmed, inner runs of whitespace made one space, lower-cased unless
// `case_sensitive`.
std::string Normalise(const std::string& text, bool case_sensitive) {
  std::vector<absl::string_view> words =
      absl::StrSplit(text, absl::ByAnyChar(" \t\r\n"), absl::SkipEmpty());
  std::string joined = absl::StrJoin(words, " ");
  return case_sensitive ? joined : absl::AsciiStrToLower(joined);
}

// Whether `text` matches `pattern`, where "*" matches any run (also empty).
// Greedy with one backtrack point: O(|text| * |pattern|) at worst.
bool WildcardMatch(absl::string_view pattern, absl::string_view text) {
  size_t p = 0, t = 0;
  size_t star = absl::string_view::npos, resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
    } else if (p < pattern.size() && pattern[p] == text[t]) {
      ++p;
      ++t;
    } else if (star != absl::string_view::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

}  // namespace

quiz::v1::Outcome GradeShortText(const quiz::v1::Item& item,
                                 const std::string& answer) {
  const quiz::v1::ShortText& key = item.short_text();
  const std::string typed = Normalise(answer, key.case_sensitive());
  bool right = false;
  for (const std::string& accepted : key.accepted()) {
    right = right ||
            WildcardMatch(Normalise(accepted, key.case_sensitive()), typed);
  }
  const double points = ItemPoints(item);
  return MakeOutcome(right ? points : 0, points);
}

}  // namespace grading
