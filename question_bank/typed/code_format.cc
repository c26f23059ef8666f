#include "question_bank/typed/code_format.h"

#include <algorithm>

#include "absl/strings/ascii.h"

namespace typed {
namespace {

bool IsUpperAlnum(char c) {
  return absl::ascii_isdigit(static_cast<unsigned char>(c)) ||
         (c >= 'A' && c <= 'Z');
}

bool AllDigits(absl::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    return absl::ascii_isdigit(static_cast<unsigned char>(c));
  });
}

bool IsWellFormedIcd10Cm(absl::string_view code) {
  // Category: a letter then two letters or digits; then an optional dot and
  // one to four letters or digits.
  if (code.size() < 3 || !(code[0] >= 'A' && code[0] <= 'Z') ||
      !IsUpperAlnum(code[1]) || !IsUpperAlnum(code[2])) {
    return false;
  }
  absl::string_view rest = code.substr(3);
  if (rest.empty()) return true;
  if (rest[0] == '.') rest.remove_prefix(1);
  return !rest.empty() && rest.size() <= 4 &&
         std::all_of(rest.begin(), rest.end(), IsUpperAlnum);
}

}  // namespace

std::string CanonicalCode(absl::string_view code) {
  std::string canonical;
  for (char c : code) {
    if (c != '.')
      canonical += absl::ascii_toupper(static_cast<unsigned char>(c));
  }
  // Stripped after the dots are gone, so that ". E11" loses its space too
  // and a canonical code is its own canonical form.
  absl::StripAsciiWhitespace(&canonical);
  return canonical;
}

bool IsWellFormedCode(quiz::v1::CodeSystem system, absl::string_view code) {
  const std::string upper =
      absl::AsciiStrToUpper(absl::StripAsciiWhitespace(code));
  switch (system) {
    case quiz::v1::CODE_SYSTEM_ICD10CM:
      return IsWellFormedIcd10Cm(upper);
    case quiz::v1::CODE_SYSTEM_CPT:
      return upper.size() == 5 &&
             (AllDigits(upper) ||
              (AllDigits(upper.substr(0, 4)) &&
               (upper[4] == 'F' || upper[4] == 'T' || upper[4] == 'U')));
    case quiz::v1::CODE_SYSTEM_HCPCS:
      return upper.size() == 5 && upper[0] >= 'A' && upper[0] <= 'Z' &&
             AllDigits(upper.substr(1));
    default:
      return false;
  }
}

bool IsWellFormedModifier(absl::string_view modifier) {
  const std::string upper = absl::AsciiStrToUpper(modifier);
  return upper.size() == 2 && IsUpperAlnum(upper[0]) && IsUpperAlnum(upper[1]);
}

}  // namespace typed
