// Checks the codes a bank keys as correct against the official code sets:
// every ICD-10-CM code must be billable in the loaded fiscal year and every
// HCPCS Level II code must exist and not be terminated.
//
// What counts as keyed: the expected codes of code_entry items (case
// sub-items included) are errors when they fail, as are HCPCS Level II
// modifiers expected there (two-digit modifiers are CPT's, which has no
// code-set file). Codes named in the text of a correct choice option are
// checked too, but only as warnings: option text is prose, and a correct
// answer may legitimately name a header or a deleted code ("Which of these is
// a category?"). Only unambiguous shapes are read from text: a dotted
// ICD-10-CM code (E11.65) and a letter with four digits that is neither an
// active HCPCS code nor a billable ICD-10-CM code.
#ifndef QUIZD_QUESTION_BANK_SRC_CODESET_CHECK_H_
#define QUIZD_QUESTION_BANK_SRC_CODESET_CHECK_H_

#include <string>
#include <vector>

#include "question_bank/src/bank_check.h"
#include "question_bank/src/bank_file.h"
#include "question_bank/src/codesets.h"
#include "question_bank/src/source_map.h"
#include "quiz/v1/bank.pb.h"

namespace question_bank {

// Findings in bank field order, with the same path and label conventions as
// FindBankProblems. Codes that are not well formed are left to CheckBank.
std::vector<BankFinding> FindCodeSetProblems(const quiz::v1::Bank& bank,
                                             const CodeSets& code_sets);

// The findings as diagnostics of `file`, pinned through `source_map` (from
// ParseBank) and sorted by position.
std::vector<Diagnostic> CheckCodeSets(const quiz::v1::Bank& bank,
                                      const SourceMap& source_map,
                                      const std::string& file,
                                      const CodeSets& code_sets);

}  // namespace question_bank

#endif  // QUIZD_QUESTION_BANK_SRC_CODESET_CHECK_H_
