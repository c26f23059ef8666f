#include "question_bank/src/proto_to_yaml.h"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "google/protobuf/descriptor.h"

namespace question_bank {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

// Decodes the UTF-8 character at text[*i] and advances *i past it; a byte
// that starts no well-formed character is returned as itself, negated.
int32_t NextChar(std::string_view text, size_t* i) {
  const auto byte = [&](size_t k) -> uint32_t {
    return *i + k < text.size() ? static_cast<unsigned char>(text[*i + k]) : 0;
  };
  const uint32_t b0 = byte(0);
  const auto continuation = [&](size_t k) { return (byte(k) & 0xC0) == 0x80; };
  int length = 0;
  uint32_t value = 0;
  if (b0 < 0x80) {
    length = 1;
    value = b0;
  } else if (b0 >= 0xC2 && b0 <= 0xDF && continuation(1)) {
    length = 2;
    value = ((b0 & 0x1F) << 6) | (byte(1) & 0x3F);
  } else if (b0 >= 0xE0 && b0 <= 0xEF && continuation(1) && continuation(2)) {
    length = 3;
    value = ((b0 & 0x0F) << 12) | ((byte(1) & 0x3F) << 6) | (byte(2) & 0x3F);
    if (value < 0x800 || (value >= 0xD800 && value <= 0xDFFF)) length = 0;
  } else if (b0 >= 0xF0 && b0 <= 0xF4 && continuation(1) && continuation(2) &&
             continuation(3)) {
    length = 4;
    value = ((b0 & 0x07) << 18) | ((byte(1) & 0x3F) << 12) |
            ((byte(2) & 0x3F) << 6) | (byte(3) & 0x3F);
    if (value < 0x10000 || value > 0x10FFFF) length = 0;
  }
  if (length == 0) {
    *i += 1;
    return -static_cast<int32_t>(b0);
  }
  *i += length;
  return static_cast<int32_t>(value);
}

// Characters that YAML cannot hold raw in a plain or block scalar: C0 and
// C1 controls (the line break aside, which callers handle), DEL, and the
// characters YAML reads as line breaks or a byte order mark.
bool NeedsEscape(int32_t c) {
  return c < 0 || (c < 0x20 && c != '\n') || (c >= 0x7F && c <= 0x9F) ||
         c == 0x2028 || c == 0x2029 || c == 0xFEFF;
}

bool HasCharNeedingEscape(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    if (NeedsEscape(NextChar(text, &i))) return true;
  }
  return false;
}

// A literal block reads back exactly only when the text ends in a single line
// break (the default "clip" chomping) and its first line does not start with
// a space (which would be taken for indentation). Characters that need
// escapes disqualify too: a literal block has none.
bool FitsLiteralBlock(std::string_view text) {
  const auto ends_with = [&](std::string_view end) {
    return text.size() >= end.size() &&
           text.substr(text.size() - end.size()) == end;
  };
  return text.size() >= 2 && ends_with("\n") && !ends_with("\n\n") &&
         text[0] != ' ' && text[0] != '\n' && !HasCharNeedingEscape(text);
}

// Whether `text` reads back as itself written plain (unquoted) as a block
// context value or key. Deliberately narrow: anything doubtful is quoted.
bool FitsPlain(std::string_view text) {
  if (text.empty() || text.front() == ' ' || text.back() == ' ' ||
      text.back() == ':' ||
      absl::EqualsIgnoreCase(absl::string_view(text.data(), text.size()),
                             "null") ||
      text == "~") {
    return false;
  }
  // YAML's indicators cannot start a plain scalar.
  if (std::string_view("-?:,[]{}#&*!|>'\"%@`").find(text.front()) !=
      std::string_view::npos) {
    return false;
  }
  if (text.find(": ") != std::string_view::npos ||
      text.find(" #") != std::string_view::npos ||
      text.find('\n') != std::string_view::npos) {
    return false;
  }
  return !HasCharNeedingEscape(text);
}

// `text` double-quoted, with escapes for what cannot appear raw. A byte that
// is not UTF-8 cannot be held by YAML at all; it is written as the character
// of the same number (\xNN).
std::string DoubleQuoted(std::string_view text) {
  std::string out = "\"";
  for (size_t i = 0; i < text.size();) {
    const size_t begin = i;
    const int32_t c = NextChar(text, &i);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      case 0:
        out += "\\0";
        break;
      case 0x2028:
        out += "\\L";
        break;
      case 0x2029:
        out += "\\P";
        break;
      case 0xFEFF:
        out += "\\uFEFF";
        break;
      default:
        if (NeedsEscape(c)) {
          absl::StrAppendFormat(&out, "\\x%02X", c < 0 ? -c : c);
        } else {
          out.append(text.substr(begin, i - begin));
        }
    }
  }
  out += '"';
  return out;
}

// The shortest of %.{digits}g that reads back to the same value.
template <typename T>
std::string FormatReal(T value, int short_digits, int exact_digits) {
  if (std::isnan(value)) return ".nan";
  if (std::isinf(value)) return value > 0 ? ".inf" : "-.inf";
  char buffer[64];
  for (int digits = short_digits; digits <= exact_digits; ++digits) {
    std::snprintf(buffer, sizeof(buffer), "%.*g", digits,
                  static_cast<double>(value));
    if (static_cast<T>(std::strtod(buffer, nullptr)) == value) break;
  }
  return buffer;
}

// A simple key (the only kind written without "? ") is at most 1024
// characters long in YAML; longer keys are written as explicit keys.
constexpr size_t kMaxSimpleKey = 1000;

// Writes block-style YAML: maps as "key: value" lines, sequences as "- "
// lines, each level indented by two spaces.
class YamlWriter {
 public:
  std::string Finish(const Message& message) {
    WriteMessageBody(message, 0);
    if (out_.empty()) out_ = "{}\n";
    return std::move(out_);
  }

 private:
  void Indent(int indent) { out_.append(static_cast<size_t>(indent), ' '); }

  // The fields of a non-empty message as map entries at `indent`. The first
  // line's indentation is expected to be written already when `inline_first`
  // (after a "- ").
  void WriteMessageBody(const Message& message, int indent,
                        bool inline_first = false) {
    const Reflection* reflection = message.GetReflection();
    std::vector<const FieldDescriptor*> fields;
    reflection->ListFields(message, &fields);
    bool first = true;
    for (const FieldDescriptor* field : fields) {
      if (!(first && inline_first)) Indent(indent);
      first = false;
      out_ += field->name();
      out_ += ':';
      if (field->is_map()) {
        out_ += '\n';
        WriteMapEntries(message, field, indent + 2);
      } else if (field->is_repeated()) {
        out_ += '\n';
        for (int i = 0; i < reflection->FieldSize(message, field); ++i) {
          Indent(indent + 2);
          out_ += '-';
          WriteSequenceElement(message, field, i, indent + 2);
        }
      } else {
        WriteValue(message, field, 0, indent);
      }
    }
  }

  // After "- " at `indent`: the element, on this line and the next.
  void WriteSequenceElement(const Message& message,
                            const FieldDescriptor* field, int index,
                            int indent) {
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      const Message& element =
          message.GetReflection()->GetRepeatedMessage(message, field, index);
      if (IsEmpty(element)) {
        out_ += " {}\n";
      } else {
        out_ += ' ';
        WriteMessageBody(element, indent + 2, /*inline_first=*/true);
      }
      return;
    }
    WriteValue(message, field, index, indent);
  }

  // A map field's entries, key to value, as map entries at `indent`.
  void WriteMapEntries(const Message& message, const FieldDescriptor* field,
                       int indent) {
    const Reflection* reflection = message.GetReflection();
    const FieldDescriptor* key_field = field->message_type()->map_key();
    const FieldDescriptor* value_field = field->message_type()->map_value();
    for (int i = 0; i < reflection->FieldSize(message, field); ++i) {
      const Message& entry = reflection->GetRepeatedMessage(message, field, i);
      const std::string key = ScalarText(entry, key_field, 0);
      Indent(indent);
      if (key.size() > kMaxSimpleKey) {
        out_ += "? ";
        out_ += key;
        out_ += '\n';
        Indent(indent);
      } else {
        out_ += key;
      }
      out_ += ':';
      WriteValue(entry, value_field, 0, indent);
    }
  }

  // After "key:" or "-" of a node at `indent`: " value\n", or a nested
  // block on the lines that follow.
  void WriteValue(const Message& message, const FieldDescriptor* field,
                  int index, int indent) {
    const Reflection* reflection = message.GetReflection();
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      const Message& value =
          field->is_repeated()
              ? reflection->GetRepeatedMessage(message, field, index)
              : reflection->GetMessage(message, field);
      if (IsEmpty(value)) {
        out_ += " {}\n";
      } else {
        out_ += '\n';
        WriteMessageBody(value, indent + 2);
      }
      return;
    }
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_STRING) {
      const std::string& text =
          field->is_repeated()
              ? reflection->GetRepeatedString(message, field, index)
              : reflection->GetString(message, field);
      if (text.find('\n') != std::string::npos && FitsLiteralBlock(text)) {
        WriteLiteralBlock(text, indent + 2);
        return;
      }
    }
    out_ += ' ';
    out_ += ScalarText(message, field, index);
    out_ += '\n';
  }

  // " |" and the lines of `text` (which ends in one line break) at `indent`.
  void WriteLiteralBlock(std::string_view text, int indent) {
    out_ += " |\n";
    while (!text.empty()) {
      const size_t end = text.find('\n');
      const std::string_view line = text.substr(0, end);
      if (!line.empty()) Indent(indent);
      out_.append(line);
      out_ += '\n';
      text.remove_prefix(end + 1);
    }
  }

  // A value written on one line: plain, or double-quoted when it must be.
  static std::string ScalarText(const Message& message,
                                const FieldDescriptor* field, int index) {
    const Reflection* reflection = message.GetReflection();
    const bool repeated = field->is_repeated();
    switch (field->cpp_type()) {
      case FieldDescriptor::CPPTYPE_STRING: {
        const std::string& text =
            repeated ? reflection->GetRepeatedString(message, field, index)
                     : reflection->GetString(message, field);
        return FitsPlain(text) ? text : DoubleQuoted(text);
      }
      case FieldDescriptor::CPPTYPE_BOOL:
        return (repeated ? reflection->GetRepeatedBool(message, field, index)
                         : reflection->GetBool(message, field))
                   ? "true"
                   : "false";
      case FieldDescriptor::CPPTYPE_INT32:
        return absl::StrCat(
            repeated ? reflection->GetRepeatedInt32(message, field, index)
                     : reflection->GetInt32(message, field));
      case FieldDescriptor::CPPTYPE_INT64:
        return absl::StrCat(
            repeated ? reflection->GetRepeatedInt64(message, field, index)
                     : reflection->GetInt64(message, field));
      case FieldDescriptor::CPPTYPE_UINT32:
        return absl::StrCat(
            repeated ? reflection->GetRepeatedUInt32(message, field, index)
                     : reflection->GetUInt32(message, field));
      case FieldDescriptor::CPPTYPE_UINT64:
        return absl::StrCat(
            repeated ? reflection->GetRepeatedUInt64(message, field, index)
                     : reflection->GetUInt64(message, field));
      case FieldDescriptor::CPPTYPE_DOUBLE:
        return FormatReal(
            repeated ? reflection->GetRepeatedDouble(message, field, index)
                     : reflection->GetDouble(message, field),
            15, 17);
      case FieldDescriptor::CPPTYPE_FLOAT:
        return FormatReal(
            repeated ? reflection->GetRepeatedFloat(message, field, index)
                     : reflection->GetFloat(message, field),
            6, 9);
      case FieldDescriptor::CPPTYPE_ENUM: {
        const int number =
            repeated ? reflection->GetRepeatedEnumValue(message, field, index)
                     : reflection->GetEnumValue(message, field);
        const auto* value = field->enum_type()->FindValueByNumber(number);
        // Open enums may hold undeclared numbers; the reader accepts a
        // number only when it is declared, so write what we have and let a
        // re-read report it.
        return value != nullptr ? value->name() : absl::StrCat(number);
      }
      case FieldDescriptor::CPPTYPE_MESSAGE:
        break;  // written as blocks, never on one line
    }
    return "{}";
  }

  static bool IsEmpty(const Message& message) {
    std::vector<const FieldDescriptor*> fields;
    message.GetReflection()->ListFields(message, &fields);
    return fields.empty();
  }

  std::string out_;
};

}  // namespace

std::string MessageToYaml(const Message& message) {
  return YamlWriter().Finish(message);
}

}  // namespace question_bank
