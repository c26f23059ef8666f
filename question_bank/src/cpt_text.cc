#include "question_bank/src/cpt_text.h"

#include <set>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"

namespace question_bank {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

constexpr int kLongDescriptorWords = 8;
constexpr int kListEntryWords = 4;
constexpr int kListEntries = 3;
// Words quoted in a finding, to help find the entry.
constexpr int kQuotedWords = 6;

bool IsDigit(char c) {
  return absl::ascii_isdigit(static_cast<unsigned char>(c));
}
bool IsAlnum(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c));
}

// Whether a standalone CPT-shaped code starts at `i` (see the header).
bool IsCptCodeAt(absl::string_view text, size_t i) {
  if (i + 5 > text.size()) return false;
  for (size_t k = i; k < i + 4; ++k) {
    if (!IsDigit(text[k])) return false;
  }
  const char last = text[i + 4];
  if (!IsDigit(last) && last != 'F' && last != 'T' && last != 'U') return false;
  if (i > 0) {
    const char before = text[i - 1];
    if (IsAlnum(before) || before == '$' || before == '.' || before == ',') {
      return false;
    }
  }
  const size_t after = i + 5;
  if (after == text.size()) return true;
  if (IsAlnum(text[after])) return false;
  // "12345.50" and "12345,000" are numbers, not codes.
  return !((text[after] == '.' || text[after] == ',') &&
           after + 1 < text.size() && IsDigit(text[after + 1]));
}

bool IsSeparator(absl::string_view text, size_t i) {
  const char c = text[i];
  if (c == ' ' || c == '\t' || c == ':' || c == '-' || c == '=' || c == '|' ||
      c == '"') {
    return true;
  }
  // UTF-8 en and em dashes: E2 80 93 and E2 80 94.
  return static_cast<unsigned char>(c) == 0xE2 && i + 2 < text.size() &&
         static_cast<unsigned char>(text[i + 1]) == 0x80 &&
         (static_cast<unsigned char>(text[i + 2]) == 0x93 ||
          static_cast<unsigned char>(text[i + 2]) == 0x94);
}

bool IsProseWord(absl::string_view word) {
  static const auto* const kProse = new std::set<std::string>{
      "is", "are", "was", "were", "you", "your", "should", "because"};
  std::string bare;
  for (char c : word) {
    if (absl::ascii_isalpha(static_cast<unsigned char>(c))) {
      bare += absl::ascii_tolower(static_cast<unsigned char>(c));
    }
  }
  return kProse->count(bare) > 0;
}

// The phrase after the code that ends at `code_end`: its words, or none when
// it does not start with a capital letter or reads as prose.
std::vector<absl::string_view> DescriptorAfter(absl::string_view text,
                                               size_t code_end) {
  size_t i = code_end;
  while (i < text.size() && IsSeparator(text, i)) ++i;
  if (i >= text.size() ||
      !absl::ascii_isupper(static_cast<unsigned char>(text[i]))) {
    return {};
  }
  std::vector<absl::string_view> words;
  while (i < text.size() && text[i] != '\n' && text[i] != '\r') {
    if (text[i] == ' ' || text[i] == '\t') {
      ++i;
      continue;
    }
    if (IsCptCodeAt(text, i)) break;
    size_t end = i;
    while (end < text.size() && text[end] != ' ' && text[end] != '\t' &&
           text[end] != '\n' && text[end] != '\r') {
      ++end;
    }
    const absl::string_view word = text.substr(i, end - i);
    if (IsProseWord(word)) return {};
    words.push_back(word);
    const char last = word.back();
    if (last == '.' || last == '?' || last == '!') break;
    i = end;
  }
  return words;
}

std::string Quote(const std::vector<absl::string_view>& words) {
  std::vector<absl::string_view> shown(
      words.begin(),
      words.begin() + std::min<size_t>(words.size(), kQuotedWords));
  return absl::StrCat("\"", absl::StrJoin(shown, " "),
                      words.size() > shown.size() ? "...\"" : "\"");
}

// Walks every string field of a message, depth first in field order.
class TextWalker {
 public:
  std::vector<BankFinding> Walk(const Message& message) {
    WalkMessage(message, "", "");
    return std::move(findings_);
  }

 private:
  static std::string Join(const std::string& parent, const std::string& name) {
    return parent.empty() ? name : absl::StrCat(parent, ".", name);
  }

  void WalkMessage(const Message& message, const std::string& path,
                   const std::string& label) {
    const Reflection* reflection = message.GetReflection();
    std::vector<const FieldDescriptor*> fields;
    reflection->ListFields(message, &fields);
    for (const FieldDescriptor* field : fields) {
      const std::string field_path = Join(path, field->name());
      const std::string field_label = Join(label, field->name());
      if (!field->is_repeated()) {
        if (field->cpp_type() == FieldDescriptor::CPPTYPE_STRING) {
          CheckText(reflection->GetString(message, field), field_path,
                    field_label);
        } else if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
          WalkMessage(reflection->GetMessage(message, field), field_path,
                      field_label);
        }
        continue;
      }
      for (int i = 0; i < reflection->FieldSize(message, field); ++i) {
        const std::string index = absl::StrCat("[", i, "]");
        if (field->cpp_type() == FieldDescriptor::CPPTYPE_STRING) {
          CheckText(reflection->GetRepeatedString(message, field, i),
                    field_path + index, field_label + index);
        } else if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
          const Message& element =
              reflection->GetRepeatedMessage(message, field, i);
          WalkMessage(element, field_path + index,
                      ElementLabel(element, field_label + index));
        }
      }
    }
  }

  // "items[3]" -> "items[3] (id \"icd-001\")" for elements with an id.
  static std::string ElementLabel(const Message& element, std::string label) {
    const FieldDescriptor* id = element.GetDescriptor()->FindFieldByName("id");
    if (id == nullptr || id->cpp_type() != FieldDescriptor::CPPTYPE_STRING ||
        id->is_repeated()) {
      return label;
    }
    const std::string value = element.GetReflection()->GetString(element, id);
    if (!value.empty()) absl::StrAppend(&label, " (id \"", value, "\")");
    return label;
  }

  void CheckText(const std::string& text, const std::string& path,
                 const std::string& label) {
    std::optional<std::string> reason = FindPastedCptDescriptors(text);
    if (!reason.has_value()) return;
    findings_.push_back(
        {Diagnostic::Severity::kError, path,
         absl::StrCat(label, ": ", *reason,
                      "; CPT descriptors are AMA copyright: name the code and "
                      "paraphrase what it means")});
  }

  std::vector<BankFinding> findings_;
};

}  // namespace

std::optional<std::string> FindPastedCptDescriptors(absl::string_view text) {
  int list_entries = 0;
  std::string first_entry;
  for (size_t i = 0; i + 5 <= text.size(); ++i) {
    if (!IsCptCodeAt(text, i)) continue;
    const absl::string_view code = text.substr(i, 5);
    const std::vector<absl::string_view> words = DescriptorAfter(text, i + 5);
    i += 4;
    if (static_cast<int>(words.size()) >= kLongDescriptorWords) {
      return absl::StrCat("looks like a pasted CPT descriptor (", code, " ",
                          Quote(words), ")");
    }
    if (static_cast<int>(words.size()) >= kListEntryWords) {
      if (list_entries == 0)
        first_entry = absl::StrCat(code, " ", Quote(words));
      ++list_entries;
    }
  }
  if (list_entries >= kListEntries) {
    return absl::StrCat("looks like a pasted CPT descriptor list (",
                        list_entries,
                        " entries of a code and a descriptor, "
                        "the first ",
                        first_entry, ")");
  }
  return std::nullopt;
}

std::vector<BankFinding> FindPastedCptText(const quiz::v1::Bank& bank) {
  return TextWalker().Walk(bank);
}

}  // namespace question_bank
