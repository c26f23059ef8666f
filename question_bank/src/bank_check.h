// Semantic checks of a Bank: the rules a well-formed message can still break.
// CheckBank (bank_file.h) is the public entry point; this header adds the field
// path of each finding so that ParseBank can pin it to a line and column.
#ifndef QUIZD_QUESTION_BANK_SRC_BANK_CHECK_H_
#define QUIZD_QUESTION_BANK_SRC_BANK_CHECK_H_

#include <string>
#include <vector>

#include "question_bank/src/bank_file.h"
#include "quiz/v1/bank.pb.h"

namespace question_bank {

// A finding before it is placed in a file.
struct BankFinding {
  Diagnostic::Severity severity = Diagnostic::Severity::kError;
  // Field path in SourceMap form, e.g. "items[3].single_choice.options".
  std::string path;
  // Starts with the readable path, item ids included:
  // "items[3] (id \"icd-001\").single_choice: no option is marked correct".
  std::string message;
};

// Every finding, in the order of the bank's fields. Errors make a bank
// unusable; warnings are advice (missing rationale, references, short exams).
std::vector<BankFinding> FindBankProblems(const quiz::v1::Bank& bank);

// Exam-mode quizzes with fewer items than this draw a warning.
inline constexpr int kMinExamItems = 20;

}  // namespace question_bank

#endif  // QUIZD_QUESTION_BANK_SRC_BANK_CHECK_H_
