// Semantic checks of a Bank: the rules a well-formed message can still break.
// CheckBank (bank_file.h) is the public entry point; this header adds the field
// path of each finding so that ParseBank can pin it to a line and column.
#ifndef QUIZD_QUESTION_BANK_SRC_BANK_CHECK_H_
#define QUIZD_QUESTION_BANK_SRC_BANK_CHECK_H_

#include <string>
#include <vector>

#include "google/protobuf/descriptor.h"
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

// Every finding, in the order of the bank's fields, up to kMaxBankFindings
// and then one error saying how many more there are. Errors make a bank
// unusable; warnings are advice (missing rationale, references, short exams).
std::vector<BankFinding> FindBankProblems(const quiz::v1::Bank& bank);

// At most this many findings are listed: a bank of a million empty items
// would otherwise list millions of errors.
inline constexpr size_t kMaxBankFindings = 1000;

// Exam-mode quizzes with fewer items than this draw a warning.
inline constexpr int kMinExamItems = 20;

// What a string field of the bank model holds, which sets what it may
// contain. Every field may hold any printable Unicode; no field may hold a
// control character (U+0000-U+001F, U+007F-U+009F: NUL, tab, escape, ...)
// except the line break in prose. Lengths count characters (code points).
enum class TextKind {
  // Ids and references to ids, codes, modifiers, trait names: one line, at
  // most kMaxIdChars.
  kId,
  // Titles, units, scale labels: one line, at most kMaxTitleChars.
  kTitle,
  // What a student picks or types: option, step and matching texts, accepted
  // answers; and citations and their links: one line, at most
  // kMaxOptionTextChars.
  kOptionText,
  // Prose: stems, scenarios, rationales, feedback, descriptions. May span
  // lines; at most kMaxProseChars.
  kProse,
};
inline constexpr size_t kMaxIdChars = 64;
inline constexpr size_t kMaxTitleChars = 200;
inline constexpr size_t kMaxOptionTextChars = 1000;
inline constexpr size_t kMaxProseChars = 10000;

// The kind of a string field of the bank model (quiz.v1.Bank and the
// messages it holds), or nullptr for a field that has none declared (which
// the checks then treat as a title).
const TextKind* DeclaredTextKind(
    const google::protobuf::FieldDescriptor* field);

}  // namespace question_bank

#endif  // QUIZD_QUESTION_BANK_SRC_BANK_CHECK_H_
