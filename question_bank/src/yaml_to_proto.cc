#include "question_bank/src/yaml_to_proto.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/descriptor.h"
#include "question_bank/src/utf8.h"
#include "question_bank/src/yaml_parts.h"
#include "question_bank/src/yaml_tree.h"

namespace question_bank {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::EnumDescriptor;
using google::protobuf::EnumValueDescriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::OneofDescriptor;
using google::protobuf::Reflection;

std::string FieldPath(const std::string& parent, absl::string_view field) {
  return parent.empty() ? std::string(field) : absl::StrCat(parent, ".", field);
}

std::string ElementPath(const std::string& parent, absl::string_view index) {
  return absl::StrCat(parent, "[", index, "]");
}

// What a field's values look like, for "expected ..." messages.
std::string Expectation(const FieldDescriptor* field) {
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING:
      return "a string";
    case FieldDescriptor::CPPTYPE_BOOL:
      return "true or false";
    case FieldDescriptor::CPPTYPE_INT32:
    case FieldDescriptor::CPPTYPE_INT64:
      return "an integer";
    case FieldDescriptor::CPPTYPE_UINT32:
    case FieldDescriptor::CPPTYPE_UINT64:
      return "a non-negative integer";
    case FieldDescriptor::CPPTYPE_DOUBLE:
    case FieldDescriptor::CPPTYPE_FLOAT:
      return "a number";
    case FieldDescriptor::CPPTYPE_ENUM:
      return "an enum value name";
    case FieldDescriptor::CPPTYPE_MESSAGE:
      return "a map";
  }
  return "a value";
}

std::string ExpectedError(const FieldDescriptor* field) {
  return absl::StrCat("expected ", Expectation(field), " for field '",
                      field->name(), "'");
}

// An integer that does not fit is "out of range", anything else is the wrong
// type; the distinction saves the author a puzzled look at "expected an
// integer" next to 99999999999.
std::string IntegerError(const std::string& text,
                         const FieldDescriptor* field) {
  std::string_view digits = text;
  if (!digits.empty() && (digits[0] == '-' || digits[0] == '+')) {
    digits.remove_prefix(1);
  }
  const bool looks_integral =
      !digits.empty() && std::all_of(digits.begin(), digits.end(), [](char c) {
        return absl::ascii_isdigit(static_cast<unsigned char>(c));
      });
  if (looks_integral) {
    return absl::StrCat("value ", ShownText(text),
                        " is out of range for field '", field->name(), "'");
  }
  return ExpectedError(field);
}

// YAML 1.1 booleans (y/n, yes/no, true/false, on/off), all in lower case, all
// in upper case, or capitalised, as bank files have always been read.
bool ParseBool(std::string_view text, bool* out) {
  const bool lower = std::none_of(text.begin(), text.end(), [](char c) {
    return absl::ascii_isupper(static_cast<unsigned char>(c));
  });
  const bool upper = std::none_of(text.begin(), text.end(), [](char c) {
    return absl::ascii_islower(static_cast<unsigned char>(c));
  });
  const bool capitalised =
      !text.empty() &&
      absl::ascii_isupper(static_cast<unsigned char>(text[0])) &&
      std::none_of(text.begin() + 1, text.end(), [](char c) {
        return absl::ascii_isupper(static_cast<unsigned char>(c));
      });
  if (!lower && !upper && !capitalised) return false;
  const std::string word =
      absl::AsciiStrToLower(absl::string_view(text.data(), text.size()));
  for (const char* yes : {"y", "yes", "true", "on"}) {
    if (word == yes) {
      *out = true;
      return true;
    }
  }
  for (const char* no : {"n", "no", "false", "off"}) {
    if (word == no) {
      *out = false;
      return true;
    }
  }
  return false;
}

// Decimal numbers plus the YAML spellings of infinity and not-a-number.
bool ParseDouble(const std::string& text, double* out) {
  const std::string lower = absl::AsciiStrToLower(text);
  if (lower == ".inf" || lower == "+.inf") {
    *out = std::numeric_limits<double>::infinity();
    return true;
  }
  if (lower == "-.inf") {
    *out = -std::numeric_limits<double>::infinity();
    return true;
  }
  if (lower == ".nan") {
    *out = std::numeric_limits<double>::quiet_NaN();
    return true;
  }
  if (lower.find_first_of("0123456789") == std::string::npos) return false;
  return absl::SimpleAtod(text, out);
}

// Resolves `text` to a value of `type`: the exact value name; the name in any
// case; a unique suffix that starts after an '_' ("exam", "all-or-nothing");
// or the number of a declared value. On failure returns nullptr and explains
// in *error.
const EnumValueDescriptor* ResolveEnum(const EnumDescriptor* type,
                                       const std::string& text,
                                       const FieldDescriptor* field,
                                       std::string* error) {
  if (const EnumValueDescriptor* exact = type->FindValueByName(text)) {
    return exact;
  }
  int number = 0;
  if (absl::SimpleAtoi(text, &number)) {
    if (const EnumValueDescriptor* value = type->FindValueByNumber(number)) {
      return value;
    }
  }
  std::string wanted = absl::AsciiStrToUpper(text);
  std::replace(wanted.begin(), wanted.end(), '-', '_');
  std::vector<const EnumValueDescriptor*> matches;
  std::vector<std::string> names;
  for (int i = 0; i < type->value_count(); ++i) {
    const EnumValueDescriptor* value = type->value(i);
    const std::string& name = value->name();
    names.push_back(name);
    if (name == wanted) return value;
    if (!wanted.empty() && name.size() > wanted.size() &&
        absl::EndsWith(name, wanted) &&
        name[name.size() - wanted.size() - 1] == '_') {
      matches.push_back(value);
    }
  }
  if (matches.size() == 1) return matches[0];
  if (matches.size() > 1) {
    std::vector<std::string> matched;
    for (const EnumValueDescriptor* value : matches) {
      matched.push_back(value->name());
    }
    *error = absl::StrCat("value '", ShownText(text), "' for enum field '",
                          field->name(), "' is ambiguous: it matches ",
                          absl::StrJoin(matched, ", "));
    return nullptr;
  }
  *error =
      absl::StrCat("invalid value '", ShownText(text), "' for enum field '",
                   field->name(), "'; allowed: ", absl::StrJoin(names, ", "),
                   " (or a unique suffix after '_', in any case)");
  return nullptr;
}

// A part of a cut document that does not load as one sequence element: the
// cut was wrong about the text, and the whole document is loaded instead.
// Not a std::exception, so that only ParseYamlToMessage catches it.
struct PartMismatch {};

// Walks a YAML tree into a message, reporting into a YamlParseResult.
class Walker {
 public:
  // With `cut`, the root's cut keys are null in the tree and their elements
  // are loaded from the cut's parts, one at a time, as the walk reaches them.
  explicit Walker(YamlParseResult* result, const CutYaml* cut = nullptr)
      : result_(result), cut_(cut) {}

  // Every error found, also those not recorded.
  size_t error_count() const { return error_count_; }

  // `node` must be a map; `path` names `message` in the source map.
  void FillMessage(const YamlNode& node, Message* message,
                   const std::string& path);

 private:
  void Error(TextPosition position, std::string message) {
    ++error_count_;
    if (result_->errors.size() < kMaxYamlErrors) {
      result_->errors.push_back({position, std::move(message)});
    }
  }
  void Error(const YamlNode& node, std::string message) {
    Error(Position(node), std::move(message));
  }
  // A node's position in the file (positions in a part count from its start).
  TextPosition Position(const YamlNode& node) const {
    TextPosition position = node.position();
    position.line += line_offset_;
    return position;
  }

  void FillField(const YamlNode& value, Message* message,
                 const FieldDescriptor* field, const std::string& path);
  void FillRepeated(const YamlNode& value, Message* message,
                    const FieldDescriptor* field, const std::string& path);
  // One element of a repeated field, the `index`th.
  void FillElement(const YamlNode& element, size_t index, Message* message,
                   const FieldDescriptor* field, const std::string& path);
  // The elements of a cut key, loaded part by part.
  void FillFromParts(const std::vector<YamlPart>& parts, Message* message,
                     const FieldDescriptor* field, const std::string& path);
  void FillMapField(const YamlNode& value, Message* message,
                    const FieldDescriptor* field, const std::string& path);
  // Sets a singular field or appends to a repeated one; `node` is a scalar or
  // null. Reports and leaves the message alone when the value does not fit.
  void StoreScalar(const YamlNode& node, Message* message,
                   const FieldDescriptor* field);
  std::string UnknownFieldError(const Descriptor* type,
                                const std::string& key) const;

  YamlParseResult* result_;
  const CutYaml* cut_;
  int line_offset_ = 0;
  size_t error_count_ = 0;  // also those past kMaxYamlErrors
};

void Walker::FillMessage(const YamlNode& node, Message* message,
                         const std::string& path) {
  const Descriptor* type = message->GetDescriptor();
  std::map<std::string, TextPosition> seen_keys;
  std::map<const OneofDescriptor*, std::string> set_oneof_members;
  for (size_t i = 0; i < node.size(); ++i) {
    const YamlNode key = node.Key(i);
    const YamlNode value = node.Value(i);
    const TextPosition key_position = Position(key);
    if (!key.IsScalar()) {
      Error(key_position, absl::StrCat("expected a field name of ",
                                       type->full_name(), " as key"));
      continue;
    }
    const std::string name(key.Scalar());
    auto [seen, inserted] = seen_keys.emplace(name, key_position);
    if (!inserted) {
      Error(key_position,
            absl::StrCat("duplicate key '", ShownText(name),
                         "' (first at line ", seen->second.line, ")"));
      continue;
    }
    const FieldDescriptor* field = type->FindFieldByName(name);
    if (field == nullptr) {
      Error(key_position, UnknownFieldError(type, name));
      continue;
    }
    if (const OneofDescriptor* oneof = field->real_containing_oneof()) {
      auto [member, first] = set_oneof_members.emplace(oneof, name);
      if (!first) {
        Error(key_position,
              absl::StrCat("field '", name, "' conflicts with '",
                           member->second, "': both belong to oneof '",
                           oneof->name(), "', set only one"));
        continue;
      }
    }
    const std::string field_path = FieldPath(path, name);
    result_->source_map.Add(field_path, key_position);
    FillField(value, message, field, field_path);
  }
}

void Walker::FillField(const YamlNode& value, Message* message,
                       const FieldDescriptor* field, const std::string& path) {
  if (cut_ != nullptr && path == field->name() && value.IsNull() &&
      cut_->sequences.count(field->name()) != 0) {
    FillFromParts(cut_->sequences.at(field->name()), message, field, path);
  } else if (field->is_map()) {
    FillMapField(value, message, field, path);
  } else if (field->is_repeated()) {
    FillRepeated(value, message, field, path);
  } else if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
    const Reflection* reflection = message->GetReflection();
    if (value.IsNull()) {
      // Present but empty still sets the field, which matters for oneofs
      // ("true_false:" picks the type).
      reflection->MutableMessage(message, field);
    } else if (!value.IsMap()) {
      Error(value, ExpectedError(field));
    } else {
      FillMessage(value, reflection->MutableMessage(message, field), path);
    }
  } else {
    StoreScalar(value, message, field);
  }
}

void Walker::FillRepeated(const YamlNode& value, Message* message,
                          const FieldDescriptor* field,
                          const std::string& path) {
  if (value.IsNull()) return;
  if (!value.IsSequence()) {
    Error(value,
          absl::StrCat("expected a sequence for field '", field->name(), "'"));
    return;
  }
  for (size_t i = 0; i < value.size(); ++i) {
    FillElement(value.Element(i), i, message, field, path);
  }
}

void Walker::FillElement(const YamlNode& element, size_t index,
                         Message* message, const FieldDescriptor* field,
                         const std::string& path) {
  const Reflection* reflection = message->GetReflection();
  const std::string element_path = ElementPath(path, absl::StrCat(index));
  result_->source_map.Add(element_path, Position(element));
  if (field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) {
    StoreScalar(element, message, field);
  } else if (element.IsNull()) {
    reflection->AddMessage(message, field);
  } else if (!element.IsMap()) {
    Error(element, absl::StrCat("expected a map for each element of field '",
                                field->name(), "'"));
  } else {
    FillMessage(element, reflection->AddMessage(message, field), element_path);
  }
}

void Walker::FillFromParts(const std::vector<YamlPart>& parts, Message* message,
                           const FieldDescriptor* field,
                           const std::string& path) {
  for (size_t i = 0; i < parts.size(); ++i) {
    // Only this part's nodes are alive while it is walked.
    YamlTree tree;
    if (YamlTree::Load(parts[i].text, &tree) || tree.document_count() != 1) {
      throw PartMismatch{};
    }
    const YamlNode part = tree.document(0);
    if (!part.IsSequence() || part.size() != 1) throw PartMismatch{};
    line_offset_ = parts[i].first_line;
    FillElement(part.Element(0), i, message, field, path);
    line_offset_ = 0;
  }
}

void Walker::FillMapField(const YamlNode& value, Message* message,
                          const FieldDescriptor* field,
                          const std::string& path) {
  if (value.IsNull()) return;
  if (!value.IsMap()) {
    Error(value, ExpectedError(field));
    return;
  }
  const Reflection* reflection = message->GetReflection();
  const FieldDescriptor* key_field = field->message_type()->map_key();
  const FieldDescriptor* value_field = field->message_type()->map_value();
  std::map<std::string, TextPosition> seen_keys;
  for (size_t i = 0; i < value.size(); ++i) {
    const YamlNode key = value.Key(i);
    const TextPosition key_position = Position(key);
    if (!key.IsScalar()) {
      Error(key_position, absl::StrCat("expected a scalar key in map field '",
                                       field->name(), "'"));
      continue;
    }
    const std::string name(key.Scalar());
    auto [seen, inserted] = seen_keys.emplace(name, key_position);
    if (!inserted) {
      Error(key_position,
            absl::StrCat("duplicate key '", ShownText(name),
                         "' (first at line ", seen->second.line, ")"));
      continue;
    }
    const size_t errors_before = error_count_;
    Message* entry = reflection->AddMessage(message, field);
    StoreScalar(key, entry, key_field);
    if (error_count_ != errors_before) {
      reflection->RemoveLast(message, field);
      continue;
    }
    const std::string entry_path = ElementPath(path, name);
    result_->source_map.Add(entry_path, key_position);
    FillField(value.Value(i), entry, value_field, entry_path);
  }
}

void Walker::StoreScalar(const YamlNode& node, Message* message,
                         const FieldDescriptor* field) {
  if (!node.IsNull() && !node.IsScalar()) {
    Error(node, ExpectedError(field));
    return;
  }
  const Reflection* reflection = message->GetReflection();
  const bool repeated = field->is_repeated();
  const bool null = node.IsNull();
  if (null && !repeated) return;  // The default, which is already there.
  const std::string text(node.Scalar());
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING:
      repeated ? reflection->AddString(message, field, text)
               : reflection->SetString(message, field, text);
      return;
    case FieldDescriptor::CPPTYPE_BOOL: {
      bool value = false;
      if (!null && !ParseBool(text, &value)) break;
      repeated ? reflection->AddBool(message, field, value)
               : reflection->SetBool(message, field, value);
      return;
    }
    case FieldDescriptor::CPPTYPE_INT32: {
      int32_t value = 0;
      if (!null && !absl::SimpleAtoi(text, &value)) {
        Error(node, IntegerError(text, field));
        return;
      }
      repeated ? reflection->AddInt32(message, field, value)
               : reflection->SetInt32(message, field, value);
      return;
    }
    case FieldDescriptor::CPPTYPE_INT64: {
      int64_t value = 0;
      if (!null && !absl::SimpleAtoi(text, &value)) {
        Error(node, IntegerError(text, field));
        return;
      }
      repeated ? reflection->AddInt64(message, field, value)
               : reflection->SetInt64(message, field, value);
      return;
    }
    case FieldDescriptor::CPPTYPE_UINT32: {
      uint32_t value = 0;
      if (!null && !absl::SimpleAtoi(text, &value)) {
        Error(node, IntegerError(text, field));
        return;
      }
      repeated ? reflection->AddUInt32(message, field, value)
               : reflection->SetUInt32(message, field, value);
      return;
    }
    case FieldDescriptor::CPPTYPE_UINT64: {
      uint64_t value = 0;
      if (!null && !absl::SimpleAtoi(text, &value)) {
        Error(node, IntegerError(text, field));
        return;
      }
      repeated ? reflection->AddUInt64(message, field, value)
               : reflection->SetUInt64(message, field, value);
      return;
    }
    case FieldDescriptor::CPPTYPE_DOUBLE: {
      double value = 0;
      if (!null && !ParseDouble(text, &value)) break;
      repeated ? reflection->AddDouble(message, field, value)
               : reflection->SetDouble(message, field, value);
      return;
    }
    case FieldDescriptor::CPPTYPE_FLOAT: {
      double value = 0;
      if (!null && !ParseDouble(text, &value)) break;
      if (std::isfinite(value) &&
          std::abs(value) > std::numeric_limits<float>::max()) {
        Error(node,
              absl::StrCat("value ", ShownText(text),
                           " is out of range for field '", field->name(), "'"));
        return;
      }
      repeated
          ? reflection->AddFloat(message, field, static_cast<float>(value))
          : reflection->SetFloat(message, field, static_cast<float>(value));
      return;
    }
    case FieldDescriptor::CPPTYPE_ENUM: {
      int number = 0;
      if (!null) {
        std::string error;
        const EnumValueDescriptor* value =
            ResolveEnum(field->enum_type(), text, field, &error);
        if (value == nullptr) {
          Error(node, std::move(error));
          return;
        }
        number = value->number();
      }
      repeated ? reflection->AddEnumValue(message, field, number)
               : reflection->SetEnumValue(message, field, number);
      return;
    }
    case FieldDescriptor::CPPTYPE_MESSAGE:
      break;  // Callers route messages elsewhere; never reached.
  }
  Error(node, ExpectedError(field));
}

std::string Walker::UnknownFieldError(const Descriptor* type,
                                      const std::string& key) const {
  std::string message = absl::StrCat("unknown field '", ShownText(key), "' in ",
                                     type->full_name());
  const FieldDescriptor* closest = nullptr;
  int best = 3;  // Suggest only names within edit distance 2.
  for (int i = 0; i < type->field_count(); ++i) {
    const std::string& name = type->field(i)->name();
    // Lengths further apart than the distance suggested cannot be that
    // close, and a key of megabytes must not cost its length times each
    // name's.
    if (key.size() > name.size() + 2 || name.size() > key.size() + 2) continue;
    const int distance = EditDistance(key, name);
    // A distance equal to the longer length means nothing in common.
    if (distance < best &&
        distance < static_cast<int>(std::max(key.size(), name.size()))) {
      best = distance;
      closest = type->field(i);
    }
  }
  if (closest != nullptr) {
    absl::StrAppend(&message, "; did you mean '", closest->name(), "'?");
  }
  return message;
}

// Loads `yaml` (or, with `cut`, its header and then its parts) and walks it
// into `message`. A part that does not load as one element throws
// PartMismatch, and so does any YAML error in a cut document: the whole
// document then decides what the error is.
YamlParseResult Parse(std::string_view yaml, const CutYaml* cut,
                      Message* message) {
  YamlParseResult result;
  message->Clear();
  YamlTree tree;
  if (std::optional<YamlLoadError> error =
          YamlTree::Load(cut != nullptr ? cut->header : yaml, &tree)) {
    if (cut != nullptr) throw PartMismatch{};
    result.errors.push_back({error->position, std::move(error->message)});
    return result;
  }
  if (tree.document_count() == 0) return result;
  const YamlNode root = tree.document(0);
  if (tree.document_count() > 1) {
    result.errors.push_back(
        {tree.document(1).position(),
         "expected a single YAML document, found another one here"});
  }
  result.source_map.Add("", root.position());
  if (root.IsNull()) return result;
  if (!root.IsMap()) {
    result.errors.push_back(
        {root.position(),
         absl::StrCat("expected a map at the top level (keys are the field "
                      "names of ",
                      message->GetDescriptor()->full_name(), ")")});
    return result;
  }
  Walker walker(&result, cut);
  walker.FillMessage(root, message, "");
  if (walker.error_count() > kMaxYamlErrors) {
    result.errors.push_back(
        {{},
         absl::StrCat(walker.error_count() - kMaxYamlErrors,
                      " more errors are not listed (only the first ",
                      kMaxYamlErrors, " are)")});
  }
  return result;
}

}  // namespace

YamlParseResult ParseYamlToMessage(std::string_view yaml, Message* message) {
  // The top-level repeated message fields (a bank's items) are the bulk of a
  // big document; they are loaded element by element when the text allows.
  std::set<std::string> repeated;
  const Descriptor* type = message->GetDescriptor();
  for (int i = 0; i < type->field_count(); ++i) {
    const FieldDescriptor* field = type->field(i);
    if (field->is_repeated() && !field->is_map() &&
        field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      repeated.insert(field->name());
    }
  }
  if (std::optional<CutYaml> cut = CutTopLevelSequences(yaml, repeated)) {
    try {
      return Parse(yaml, &*cut, message);
    } catch (const PartMismatch&) {
      // Fall through to the whole document.
    }
  }
  return Parse(yaml, nullptr, message);
}

int EditDistance(std::string_view a, std::string_view b) {
  std::vector<int> previous(b.size() + 1), current(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) previous[j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    current[0] = static_cast<int>(i);
    for (size_t j = 1; j <= b.size(); ++j) {
      const bool same =
          absl::ascii_tolower(a[i - 1]) == absl::ascii_tolower(b[j - 1]);
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1,
                             previous[j - 1] + (same ? 0 : 1)});
    }
    std::swap(previous, current);
  }
  return previous[b.size()];
}

}  // namespace question_bank
