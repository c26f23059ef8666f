#include "question_bank/typed/shown_text.h"

namespace typed {
namespace {

bool IsContinuation(unsigned char c) { return (c & 0xC0) == 0x80; }

void AppendHex(const char* prefix, unsigned value, int digits,
               std::string& out) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  out += prefix;
  for (int d = digits - 1; d >= 0; --d) out += kHex[(value >> (4 * d)) & 0xF];
}

}  // namespace

size_t Utf8SequenceLength(std::string_view text, size_t i) {
  const auto byte = [&](size_t k) -> unsigned char {
    return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0;
  };
  const unsigned char b0 = byte(0);
  if (b0 < 0x80) return 1;
  if (b0 >= 0xC2 && b0 <= 0xDF) return IsContinuation(byte(1)) ? 2 : 0;
  if (b0 >= 0xE0 && b0 <= 0xEF) {
    const unsigned char lo = b0 == 0xE0 ? 0xA0 : 0x80;
    const unsigned char hi = b0 == 0xED ? 0x9F : 0xBF;
    return byte(1) >= lo && byte(1) <= hi && IsContinuation(byte(2)) ? 3 : 0;
  }
  if (b0 >= 0xF0 && b0 <= 0xF4) {
    const unsigned char lo = b0 == 0xF0 ? 0x90 : 0x80;
    const unsigned char hi = b0 == 0xF4 ? 0x8F : 0xBF;
    return byte(1) >= lo && byte(1) <= hi && IsContinuation(byte(2)) &&
                   IsContinuation(byte(3))
               ? 4
               : 0;
  }
  return 0;
}

std::string ShownText(std::string_view text) {
  std::string shown;
  size_t chars = 0;
  for (size_t i = 0; i < text.size();) {
    if (chars++ == kMaxShownChars) {
      shown += "\u2026";
      break;
    }
    const unsigned char c = static_cast<unsigned char>(text[i]);
    const size_t length = Utf8SequenceLength(text, i);
    if (length == 0 || c < 0x20 || c == 0x7F) {
      AppendHex("\\x", c, 2, shown);  // a control or a stray byte
      ++i;
    } else if (length == 2 && c == 0xC2 &&
               static_cast<unsigned char>(text[i + 1]) < 0xA0) {
      AppendHex("\\u00", static_cast<unsigned char>(text[i + 1]), 2, shown);
      i += 2;  // a C1 control, e.g. the 8-bit CSI U+009B
    } else {
      shown.append(text.substr(i, length));
      i += length;
    }
  }
  return shown;
}

}  // namespace typed
