#include "question_bank/typed/amount.h"

#include <cmath>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "question_bank/typed/shown_text.h"

namespace typed {
namespace {

bool IsDigit(char c) {
  return absl::ascii_isdigit(static_cast<unsigned char>(c));
}

// Digits with an optional fraction; commas, if any, group thousands.
bool IsPlainNumber(absl::string_view text) {
  const size_t dot = text.find('.');
  absl::string_view whole = text.substr(0, dot);
  if (dot != absl::string_view::npos) {
    absl::string_view fraction = text.substr(dot + 1);
    if (fraction.empty() && whole.empty()) return false;
    for (char c : fraction) {
      if (!IsDigit(c)) return false;
    }
    if (whole.empty()) return !fraction.empty();
  }
  if (whole.empty()) return false;
  const bool grouped = absl::StrContains(whole, ',');
  if (grouped && whole.size() % 4 == 0) return false;  // ",123", "1,2345"
  for (size_t i = 0; i < whole.size(); ++i) {
    // From the right, every fourth character of a grouped number is a comma.
    const size_t from_right = whole.size() - i;
    const bool comma_here = grouped && from_right % 4 == 0;
    if (comma_here ? whole[i] != ',' : !IsDigit(whole[i])) return false;
  }
  return true;
}

bool TakesDollarSign(absl::string_view unit) {
  return unit.empty() || unit == "$" || absl::EqualsIgnoreCase(unit, "USD");
}

}  // namespace

absl::StatusOr<double> ParseAmount(absl::string_view text,
                                   absl::string_view unit) {
  absl::string_view rest = absl::StripAsciiWhitespace(text);
  const std::string quoted = absl::StrCat(
      "\"", ShownText(std::string_view(rest.data(), rest.size())), "\"");
  const std::string what =
      unit.empty() ? "a number" : absl::StrCat("a number of ", unit);
  if (!unit.empty() && rest.size() >= unit.size() &&
      absl::EndsWithIgnoreCase(rest, unit)) {
    rest = absl::StripTrailingAsciiWhitespace(
        rest.substr(0, rest.size() - unit.size()));
  }
  // An optional sign and an optional "$", in either order.
  bool negative = false;
  bool has_sign = false;
  bool dollar = false;
  for (int i = 0; i < 2 && !rest.empty(); ++i) {
    const char c = rest.front();
    if ((c == '-' || c == '+') && !has_sign) {
      negative = c == '-';
      has_sign = true;
    } else if (c == '$' && !dollar) {
      dollar = true;
    } else {
      break;
    }
    rest = absl::StripLeadingAsciiWhitespace(rest.substr(1));
  }
  if (dollar && !TakesDollarSign(unit)) {
    return absl::InvalidArgumentError(
        absl::StrCat(quoted, " is not ", what, ": no \"$\" here"));
  }
  if (!IsPlainNumber(rest)) {
    const std::string ungrouped = absl::StrReplaceAll(rest, {{",", ""}});
    const bool misgrouped =
        ungrouped.size() < rest.size() && IsPlainNumber(ungrouped);
    return absl::InvalidArgumentError(absl::StrCat(
        quoted, " is not ", what,
        misgrouped ? ": commas must group thousands, e.g. 1,234.50" : ""));
  }
  double value = 0;
  if (!absl::SimpleAtod(absl::StrReplaceAll(rest, {{",", ""}}), &value) ||
      !std::isfinite(value)) {
    return absl::InvalidArgumentError(absl::StrCat(quoted, " is not ", what));
  }
  return negative ? -value : value;
}

}  // namespace typed
