#include "question_bank/typed/code_list.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "question_bank/typed/code_format.h"

namespace typed {
namespace {

// The most units one entry may claim; more reads as a typing slip.
constexpr int kMaxUnits = 9999;

bool IsUnitMarker(char c) { return c == 'x' || c == 'X' || c == '*'; }

bool AllDigits(absl::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return absl::ascii_isdigit(static_cast<unsigned char>(c));
  });
}

// The typed entries: runs split at hard separators, then at spaces, where a
// piece that starts with "-" (a modifier) or reads as units ("x4", "x", "4"
// after "x") joins the entry before it.
std::vector<std::string> SplitEntries(quiz::v1::CodeSystem system,
                                      absl::string_view text) {
  const bool takes_units = system != quiz::v1::CODE_SYSTEM_ICD10CM;
  std::vector<std::string> entries;
  for (absl::string_view run :
       absl::StrSplit(text, absl::ByAnyChar(",;\r\n"))) {
    std::vector<std::string> pieces;
    for (absl::string_view piece :
         absl::StrSplit(run, absl::ByAnyChar(" \t"), absl::SkipEmpty())) {
      const bool joins = !pieces.empty() &&
                         (piece.front() == '-' ||
                          (takes_units && IsUnitMarker(piece.front()) &&
                           (piece.size() == 1 || AllDigits(piece.substr(1)))) ||
                          (takes_units && AllDigits(piece) &&
                           IsUnitMarker(pieces.back().back())));
      if (joins) {
        pieces.back().append(piece.data(), piece.size());
      } else {
        pieces.emplace_back(piece);
      }
    }
    for (std::string& piece : pieces) entries.push_back(std::move(piece));
  }
  return entries;
}

EnteredCode ParseEntry(quiz::v1::CodeSystem system, const std::string& typed) {
  EnteredCode entry;
  entry.typed = typed;
  std::string rest = absl::AsciiStrToUpper(typed);
  bool well_formed = true;
  if (system != quiz::v1::CODE_SYSTEM_ICD10CM) {
    // Units: a marker after the first character followed only by digits.
    const size_t marker = rest.find_last_of("X*");
    if (marker != std::string::npos && marker > 0 &&
        AllDigits(absl::string_view(rest).substr(marker + 1))) {
      well_formed = absl::SimpleAtoi(rest.substr(marker + 1), &entry.units) &&
                    entry.units > 0 && entry.units <= kMaxUnits;
      rest.resize(marker);
    }
  }
  std::vector<std::string> parts = absl::StrSplit(rest, '-');
  const std::string& code = parts.front();
  well_formed = well_formed && IsWellFormedCode(system, code);
  entry.code = CanonicalCode(code);
  for (size_t i = 1; i < parts.size(); ++i) {
    well_formed = well_formed && IsWellFormedModifier(parts[i]);
    entry.modifiers.push_back(parts[i]);
  }
  if (system == quiz::v1::CODE_SYSTEM_ICD10CM && !entry.modifiers.empty()) {
    well_formed = false;
  }
  entry.well_formed = well_formed;
  return entry;
}

}  // namespace

std::vector<EnteredCode> ParseCodeList(quiz::v1::CodeSystem system,
                                       absl::string_view text) {
  std::vector<EnteredCode> entries;
  for (const std::string& typed : SplitEntries(system, text)) {
    entries.push_back(ParseEntry(system, typed));
  }
  return entries;
}

std::string DisplayCode(quiz::v1::CodeSystem system, const std::string& code) {
  if (system == quiz::v1::CODE_SYSTEM_ICD10CM && code.size() > 3) {
    return code.substr(0, 3) + "." + code.substr(3);
  }
  return code;
}

std::string CodeSystemTitle(quiz::v1::CodeSystem system) {
  switch (system) {
    case quiz::v1::CODE_SYSTEM_ICD10CM:
      return "ICD-10-CM";
    case quiz::v1::CODE_SYSTEM_CPT:
      return "CPT";
    case quiz::v1::CODE_SYSTEM_HCPCS:
      return "HCPCS Level II";
    default:
      return "unknown code system";
  }
}

}  // namespace typed
