// What several bank tests say about diagnostics.
#ifndef QUIZD_TESTS_QUESTION_BANK_DIAGNOSTICS_UTIL_H_
#define QUIZD_TESTS_QUESTION_BANK_DIAGNOSTICS_UTIL_H_

#include <string>

#include "question_bank/src/bank_file.h"

namespace question_bank {

inline constexpr auto kError = Diagnostic::Severity::kError;
inline constexpr auto kWarning = Diagnostic::Severity::kWarning;

// Every diagnostic of a parse, one per line, for failure messages.
std::string AllDiagnostics(const ParsedBank& parsed);

}  // namespace question_bank

#endif  // QUIZD_TESTS_QUESTION_BANK_DIAGNOSTICS_UTIL_H_
