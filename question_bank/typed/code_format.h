// Whether a string has the shape of a code of a given code system. Shape only:
// no code-set lookup, so a well-formed but retired code passes.
#ifndef QUIZD_QUESTION_BANK_TYPED_CODE_FORMAT_H_
#define QUIZD_QUESTION_BANK_TYPED_CODE_FORMAT_H_

#include <string>

#include "absl/strings/string_view.h"
#include "quiz/v1/bank.pb.h"

namespace typed {

// The form codes are compared in: surrounding spaces and dots removed,
// upper-cased ("s52.521a" -> "S52521A").
std::string CanonicalCode(absl::string_view code);

// ICD-10-CM: ^[A-Z][0-9A-Z][0-9A-Z](\.?[0-9A-Z]{1,4})?$ on the upper-cased
// code. CPT: five digits, or four digits and F, T or U
// (Category II, Category III, proprietary laboratory analyses). HCPCS Level II:
// a letter and four digits. False for CODE_SYSTEM_UNSPECIFIED.
bool IsWellFormedCode(quiz::v1::CodeSystem system, absl::string_view code);

// CPT and HCPCS modifiers are two letters or digits, e.g. "25", "LT".
bool IsWellFormedModifier(absl::string_view modifier);

}  // namespace typed

#endif  // QUIZD_QUESTION_BANK_TYPED_CODE_FORMAT_H_
