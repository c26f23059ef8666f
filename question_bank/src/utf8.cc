#include "question_bank/src/utf8.h"

#include <cstdint>

namespace question_bank {

std::optional<TextPosition> FindInvalidUtf8(std::string_view text) {
  int line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < text.size();) {
    size_t length = typed::Utf8SequenceLength(text, i);
    if (length == 0) {
      return TextPosition{line, static_cast<int>(i - line_start) + 1};
    }
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
    i += length;
  }
  return std::nullopt;
}

}  // namespace question_bank
