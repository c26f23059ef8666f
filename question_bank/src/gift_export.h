// quiz.v1::Bank -> GIFT (Moodle's plain-text quiz format), the inverse of
// gift_import.h for the item types GIFT can express.
#ifndef QUIZD_QUESTION_BANK_SRC_GIFT_EXPORT_H_
#define QUIZD_QUESTION_BANK_SRC_GIFT_EXPORT_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "question_bank/src/bank_file.h"
#include "quiz/v1/bank.pb.h"

namespace question_bank {

// Writes the items of `bank` as GIFT, in bank order, each titled "::id::" so
// that ImportGift reads back the same ids, with a "$CATEGORY:" line wherever
// the topic changes (the topic's title when it slugs to the topic id, else the
// id, so topic ids read back too). Topics without items come last as bare
// $CATEGORY lines.
//
// Types: single_choice ("=" and "~"), multiple_choice ("~%w%": each correct
// option 100/n, each wrong one -100/n for n correct options, which is how
// MULTI_SELECT_PARTIAL scores), true_false, short_text ("=" per accepted
// answer), numeric ("#answer:tolerance"; a relative tolerance is written as
// the absolute one it amounts to), matching ("=prompt -> answer", answers no
// prompt names as "= -> answer"). Option feedback and rationale ("####") are
// kept; option, prompt and answer ids are not (import numbers them afresh).
//
// Appends to `diagnostics` (when not null) one warning, without position, per
// item skipped ("item X (code_entry) cannot be expressed in GIFT; skipped":
// ordering, code_entry, case_item, likert, or text GIFT cannot escape, such
// as "->" in a matching prompt) and per item that loses something (references,
// difficulty, points, a numeric unit, case-sensitive short text,
// all-or-nothing scoring). Returns INVALID_ARGUMENT when the bank has items
// and none of them can be expressed.
absl::StatusOr<std::string> ExportGift(const quiz::v1::Bank& bank,
                                       std::vector<Diagnostic>* diagnostics);

}  // namespace question_bank

#endif  // QUIZD_QUESTION_BANK_SRC_GIFT_EXPORT_H_
