// UTF-8 validation of input text, done before YAML parsing so that a file
// saved in another encoding gets one error that says so.
#ifndef QUIZD_QUESTION_BANK_SRC_UTF8_H_
#define QUIZD_QUESTION_BANK_SRC_UTF8_H_

#include <optional>
#include <string>
#include <string_view>

#include "question_bank/src/source_map.h"

namespace question_bank {

// The position of the first byte of `text` that does not start or continue a
// well-formed UTF-8 sequence (overlong forms, surrogates and code points above
// U+10FFFF are malformed), or nullopt when all of `text` is valid. Columns
// count bytes.
std::optional<TextPosition> FindInvalidUtf8(std::string_view text);

// `text` as a message quotes it: at most 60 characters (cut at a character
// boundary, then "..."), and control characters written as \xNN, so that a
// value from a file or a client can neither flood nor forge a message.
std::string ShownText(std::string_view text);

}  // namespace question_bank

#endif  // QUIZD_QUESTION_BANK_SRC_UTF8_H_
