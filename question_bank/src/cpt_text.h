// CPT descriptors are AMA copyright: a bank may name CPT codes and paraphrase
// what they mean, but never reproduce descriptors or descriptor lists
// (../shared/CONTENT.md). This finds text that looks pasted from the code book.
#ifndef QUIZD_QUESTION_BANK_SRC_CPT_TEXT_H_
#define QUIZD_QUESTION_BANK_SRC_CPT_TEXT_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "question_bank/src/bank_check.h"
#include "quiz/v1/bank.pb.h"

namespace question_bank {

// The heuristic. A CPT code is five characters, four digits then a digit or
// F, T or U, standing alone (not inside a longer word or number, not before
// a decimal ".5" or thousands ",000"). An entry is such a code followed,
// after nothing but spaces, tabs and the separators : - = | " (and dashes),
// by a phrase that starts with a capital letter and runs to the end of the
// line, to a word ending a sentence (. ? !) or to the next code. The phrase
// is descriptor-like when it has no word of running prose (is, are, was,
// were, you, your, should, because): code-book entries are noun phrases,
// while sentences about a code ("99213 is ...", "99211 covers ...") name it
// and go on in lower case.
//
// Text is flagged when it has one descriptor-like phrase of 8 or more words
// (a pasted descriptor) or 3 or more of 4 or more words (a pasted list).
// "Which is correct: 99213 or 99214?" and "99211 covers a minimal visit" are
// not flagged; "99213 Office or other outpatient visit for the evaluation
// and management of an established patient" is.
//
// Returns nullopt for clean text, else a short reason quoting the start of
// the first offending entry.
std::optional<std::string> FindPastedCptDescriptors(absl::string_view text);

// Runs FindPastedCptDescriptors on every string field of the bank (stems,
// options, feedback, rationales, scenarios, descriptions...). One error per
// field, at the field.
std::vector<BankFinding> FindPastedCptText(const quiz::v1::Bank& bank);

}  // namespace question_bank

#endif  // QUIZD_QUESTION_BANK_SRC_CPT_TEXT_H_
