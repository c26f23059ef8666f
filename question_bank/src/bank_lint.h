// `quiz bank lint`: checks bank files offline, one by one (ParseBankFile),
// across each other and, optionally, against the official code sets.
#ifndef QUIZD_QUESTION_BANK_SRC_BANK_LINT_H_
#define QUIZD_QUESTION_BANK_SRC_BANK_LINT_H_

#include <string>
#include <vector>

#include "question_bank/src/bank_file.h"
#include "question_bank/src/codesets.h"

namespace question_bank {

struct LintResult {
  // File by file in the order linted, each file's in position order.
  std::vector<Diagnostic> diagnostics;
  int files = 0;
  int errors = 0;
  int warnings = 0;
  // "2 files, 3 errors, 1 warning".
  std::string Summary() const;
};

// Lints `paths` together. Bank ids and quiz ids are unique across a server,
// so a bank or quiz id used by an earlier file is an error at the later one.
// With `code_sets` (may be null), keyed codes are also checked against them
// (CheckCodeSets). Never fails: an unreadable file is an error diagnostic.
LintResult LintBankFiles(const std::vector<std::string>& paths,
                         const CodeSets* code_sets);

}  // namespace question_bank

#endif  // QUIZD_QUESTION_BANK_SRC_BANK_LINT_H_
