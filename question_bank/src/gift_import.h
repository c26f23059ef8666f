// GIFT (Moodle's plain-text quiz format) -> quiz.v1::Bank.
//
// The grammar follows Moodle's own importer (question/format/gift/format.php):
// questions are separated by blank lines; lines starting with "//" are
// comments; "::title::" names a question; "$CATEGORY: a/b/c" sets the topic of
// the questions after it; "[html]", "[markdown]", "[plain]" and "[moodle]"
// prefix a text's format; "\~ \= \# \{ \} \: \\ \n" are escapes. The answer
// block "{...}" decides the type as Moodle does: "#..." numeric, any "~"
// choice, "=" with "->" matching, T/TRUE/F/FALSE true/false, anything else
// short answer; "####..." at its end is general feedback (the rationale).
//
// Where Moodle can say more than a quiz.v1 item, the importer keeps what the
// item can hold and warns about the rest (see ImportGift). Questions that have
// no quiz.v1 type (descriptions, essays) are skipped with a warning naming
// their line; nothing is dropped without a diagnostic.
#ifndef QUIZD_QUESTION_BANK_SRC_GIFT_IMPORT_H_
#define QUIZD_QUESTION_BANK_SRC_GIFT_IMPORT_H_

#include <string>
#include <string_view>

#include "question_bank/src/bank_file.h"

namespace question_bank {

struct GiftImportOptions {
  // Id of the bank; when empty, the slug of the file name's stem, or "gift".
  std::string bank_id;
  // Title of the bank; when empty, "Imported from FILE".
  std::string bank_title;
};

// Id of the topic that holds questions before any $CATEGORY line.
inline constexpr char kGiftDefaultTopicId[] = "general";

// Parses GIFT `text` (from `file_name`, used in diagnostics) into a bank.
//
// Topics: one per distinct $CATEGORY path, id = Slug(last path segment), made
// unique, title = that segment; "general" ("General") when a question comes
// before any $CATEGORY. Item ids: Slug(title), made unique with "-2", "-3"...
// (cutting the slug so that ids stay slugs of at most 64 characters);
// "gift-N" for untitled questions, N counting the file's questions from 1.
// Line endings may be LF, CRLF or a lone CR.
// Option ids are "a", "b", ... in authored order; matching prompts "p1"...
// in order, answers "r1"... first those the prompts name, in order of first
// appearance, then the distractors ("= -> x"), as the export writes them; a
// distractor that repeats an answer is dropped with a warning and is not one
// of the two pairs a matching question needs.
//
// Choices: with any "=", single_choice (exactly one "=" option; partial
// weights become wrong options, with a warning); without "=", weighted
// options ("~%50%", "~%-100%") make a multiple_choice with partial scoring
// whose correct options are those of positive weight (unequal positive
// weights draw a warning since the scoring splits credit equally).
// Short answers keep their 100% answers as short_text.accepted ("*" is a
// wildcard in both); partial answers and per-answer feedback are dropped with
// a warning. Numeric questions keep their (first) 100% answer: "x:t" is x with
// absolute tolerance t, "a..b" is the midpoint with half the width; partial
// answers and feedback are dropped with a warning.
//
// Returns every error and warning in file order with file:line:col; ok() is
// false when there is an error: invalid UTF-8 (nothing parsed), a question
// that cannot be read, or a finding of the bank checker (its authoring
// warnings, such as missing references, are left out since GIFT cannot carry
// references). Questions with errors are left out of the bank.
ParsedBank ImportGift(std::string_view text, std::string_view file_name,
                      const GiftImportOptions& options = {});

// Reads `path` and imports it; an unreadable file is one error diagnostic.
ParsedBank ImportGiftFile(const std::string& path,
                          const GiftImportOptions& options = {});

// The id-shaped form of a title: ASCII letters and digits lowercased, runs of
// anything else as one "-" (apostrophes dropped), no leading or trailing "-",
// at most 64 characters. Empty when the title has no letter or digit.
std::string GiftSlug(std::string_view title);

}  // namespace question_bank

#endif  // QUIZD_QUESTION_BANK_SRC_GIFT_IMPORT_H_
