#include "question_bank/src/proto_to_yaml.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.h"
#include "yaml-cpp/yaml.h"

namespace question_bank {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

// A literal block reads back exactly only when the text ends in a single line
// break (the default "clip" chomping) and its first line does not start with
// a space (which would be taken for indentation). Control characters other
// than the line break would be written raw, so they disqualify too.
bool FitsLiteralBlock(absl::string_view text) {
  if (text.size() < 2 || !absl::EndsWith(text, "\n") ||
      absl::EndsWith(text, "\n\n") || text[0] == ' ' || text[0] == '\n') {
    return false;
  }
  for (char c : text) {
    if (c != '\n' && absl::ascii_iscntrl(static_cast<unsigned char>(c))) {
      return false;
    }
  }
  return true;
}

// Strings a plain scalar would turn into null, or that need escapes.
bool NeedsQuotes(absl::string_view text) {
  if (text.empty() || text == "~" || absl::EqualsIgnoreCase(text, "null")) {
    return true;
  }
  for (char c : text) {
    if (absl::ascii_iscntrl(static_cast<unsigned char>(c))) return true;
  }
  return text.front() == ' ' || text.back() == ' ';
}

void EmitString(YAML::Emitter& out, const std::string& text) {
  if (text.find('\n') != std::string::npos && FitsLiteralBlock(text)) {
    out << YAML::Literal << text;
  } else if (NeedsQuotes(text)) {
    out << YAML::DoubleQuoted << text;
  } else {
    out << text;
  }
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

void EmitMessage(YAML::Emitter& out, const Message& message);

// Emits one value of `field`: element `index` when repeated, else the value.
void EmitValue(YAML::Emitter& out, const Message& message,
               const FieldDescriptor* field, int index) {
  const Reflection* reflection = message.GetReflection();
  const bool repeated = field->is_repeated();
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING:
      EmitString(out, repeated
                          ? reflection->GetRepeatedString(message, field, index)
                          : reflection->GetString(message, field));
      return;
    case FieldDescriptor::CPPTYPE_BOOL:
      out << ((repeated ? reflection->GetRepeatedBool(message, field, index)
                        : reflection->GetBool(message, field))
                  ? "true"
                  : "false");
      return;
    case FieldDescriptor::CPPTYPE_INT32:
      out << absl::StrCat(
          repeated ? reflection->GetRepeatedInt32(message, field, index)
                   : reflection->GetInt32(message, field));
      return;
    case FieldDescriptor::CPPTYPE_INT64:
      out << absl::StrCat(
          repeated ? reflection->GetRepeatedInt64(message, field, index)
                   : reflection->GetInt64(message, field));
      return;
    case FieldDescriptor::CPPTYPE_UINT32:
      out << absl::StrCat(
          repeated ? reflection->GetRepeatedUInt32(message, field, index)
                   : reflection->GetUInt32(message, field));
      return;
    case FieldDescriptor::CPPTYPE_UINT64:
      out << absl::StrCat(
          repeated ? reflection->GetRepeatedUInt64(message, field, index)
                   : reflection->GetUInt64(message, field));
      return;
    case FieldDescriptor::CPPTYPE_DOUBLE:
      out << FormatReal(
          repeated ? reflection->GetRepeatedDouble(message, field, index)
                   : reflection->GetDouble(message, field),
          15, 17);
      return;
    case FieldDescriptor::CPPTYPE_FLOAT:
      out << FormatReal(
          repeated ? reflection->GetRepeatedFloat(message, field, index)
                   : reflection->GetFloat(message, field),
          6, 9);
      return;
    case FieldDescriptor::CPPTYPE_ENUM: {
      const int number =
          repeated ? reflection->GetRepeatedEnumValue(message, field, index)
                   : reflection->GetEnumValue(message, field);
      const auto* value = field->enum_type()->FindValueByNumber(number);
      // Open enums may hold undeclared numbers; the reader accepts a
      // number only when it is declared, so write what we have and let a
      // re-read report it.
      out << (value != nullptr ? value->name() : absl::StrCat(number));
      return;
    }
    case FieldDescriptor::CPPTYPE_MESSAGE:
      EmitMessage(
          out, repeated ? reflection->GetRepeatedMessage(message, field, index)
                        : reflection->GetMessage(message, field));
      return;
  }
}

// A map field is written as a YAML map from key to value.
void EmitMapField(YAML::Emitter& out, const Message& message,
                  const FieldDescriptor* field) {
  const Reflection* reflection = message.GetReflection();
  const FieldDescriptor* key_field = field->message_type()->map_key();
  const FieldDescriptor* value_field = field->message_type()->map_value();
  out << YAML::BeginMap;
  for (int i = 0; i < reflection->FieldSize(message, field); ++i) {
    const Message& entry = reflection->GetRepeatedMessage(message, field, i);
    out << YAML::Key;
    EmitValue(out, entry, key_field, 0);
    out << YAML::Value;
    EmitValue(out, entry, value_field, 0);
  }
  out << YAML::EndMap;
}

void EmitMessage(YAML::Emitter& out, const Message& message) {
  const Reflection* reflection = message.GetReflection();
  std::vector<const FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  out << YAML::BeginMap;
  for (const FieldDescriptor* field : fields) {
    out << YAML::Key << field->name() << YAML::Value;
    if (field->is_map()) {
      EmitMapField(out, message, field);
    } else if (field->is_repeated()) {
      out << YAML::BeginSeq;
      for (int i = 0; i < reflection->FieldSize(message, field); ++i) {
        EmitValue(out, message, field, i);
      }
      out << YAML::EndSeq;
    } else {
      EmitValue(out, message, field, 0);
    }
  }
  out << YAML::EndMap;
}

}  // namespace

std::string MessageToYaml(const Message& message) {
  YAML::Emitter out;
  out.SetIndent(2);
  EmitMessage(out, message);
  std::string text = out.c_str();
  if (text.empty() || text.back() != '\n') text += '\n';
  return text;
}

}  // namespace question_bank
