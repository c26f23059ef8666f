// UTF-8 validation of input text, done before YAML parsing so that a file
// saved in another encoding gets one error that says so.
#ifndef QUIZD_QUESTION_BANK_SRC_UTF8_H_
#define QUIZD_QUESTION_BANK_SRC_UTF8_H_

#include <optional>
#include <string>
#include <string_view>

#include "question_bank/src/source_map.h"
#include "question_bank/typed/shown_text.h"

namespace question_bank {

// The position of the first byte of `text` that does not start or continue a
// well-formed UTF-8 sequence (overlong forms, surrogates and code points above
// U+10FFFF are malformed), or nullopt when all of `text` is valid. Columns
// count bytes.
std::optional<TextPosition> FindInvalidUtf8(std::string_view text);

// How messages quote a value from a file (see typed::ShownText).
using typed::ShownText;

}  // namespace question_bank

#endif  // QUIZD_QUESTION_BANK_SRC_UTF8_H_
