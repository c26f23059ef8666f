// How a message quotes text it was given: a value from a bank file or a
// client's request. A leaf, so that the bank checker, the grader and the
// service all quote the same way.
#ifndef QUIZD_QUESTION_BANK_TYPED_SHOWN_TEXT_H_
#define QUIZD_QUESTION_BANK_TYPED_SHOWN_TEXT_H_

#include <string>
#include <string_view>

namespace typed {

// Length of the well-formed UTF-8 sequence starting at text[i], or 0 when
// there is none (overlong forms, surrogates and code points above U+10FFFF
// are malformed; Unicode 15, section 3.9).
size_t Utf8SequenceLength(std::string_view text, size_t i);

// At most this many characters of a quoted value are shown.
inline constexpr size_t kMaxShownChars = 40;

// `text` as a message quotes it: its first kMaxShownChars characters, then
// "\u2026" (an ellipsis) when there is more; each control character (C0, DEL,
// and C1 U+0080..U+009F) and each byte that is not part of well-formed UTF-8
// written as \xNN (or \u0085 for C1). So a value can neither flood a message
// nor forge lines or terminal escapes in it, however long it is.
std::string ShownText(std::string_view text);

}  // namespace typed

#endif  // QUIZD_QUESTION_BANK_TYPED_SHOWN_TEXT_H_
