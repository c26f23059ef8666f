#include "question_bank/src/codeset_check.h"

#include <algorithm>
#include <limits>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "question_bank/typed/code_format.h"

namespace question_bank {
namespace {

using quiz::v1::Bank;
using quiz::v1::CodeEntry;
using quiz::v1::Item;
using quiz::v1::Option;

// "E1165" -> "E11.65": how ICD-10-CM codes are shown to people.
std::string DottedIcd10Cm(const std::string& code) {
  if (code.size() <= 3) return code;
  return absl::StrCat(code.substr(0, 3), ".", code.substr(3));
}

// Why `written` (an ICD-10-CM code as the bank writes it) is not keyable, or
// "" when it is a billable code of the loaded fiscal year.
std::string Icd10CmProblem(const std::string& written,
                           const CodeSets& code_sets) {
  const std::string code = typed::CanonicalCode(written);
  const Icd10CmLookup lookup = code_sets.LookUpIcd10Cm(code);
  if (lookup.billable) return "";
  if (lookup.billable_children > 0) {
    const std::string examples =
        lookup.billable_children == 1
            ? absl::StrCat("here ", DottedIcd10Cm(lookup.first_child))
            : absl::StrCat("e.g. ", DottedIcd10Cm(lookup.first_child),
                           ", one of ", lookup.billable_children, " under it");
    return absl::StrCat(written, " is not a billable ICD-10-CM code (it is a ",
                        code.size() == 3 ? "category" : "subcategory",
                        "; billable codes go to the highest specificity, ",
                        examples, ")");
  }
  return absl::StrCat(written, " is not in the FY", code_sets.icd10cm_year,
                      " ICD-10-CM code set");
}

// Why a HCPCS code or modifier is not keyable, or "" when it is active.
std::string HcpcsProblem(const std::string& written, const HcpcsRecord* record,
                         absl::string_view kind, const CodeSets& code_sets) {
  if (record == nullptr) {
    return absl::StrCat(written, " is not a ", kind, " in the ",
                        code_sets.hcpcs_release, " file");
  }
  if (!record->term_dt.empty()) {
    return absl::StrCat(written, " is terminated (term_dt ", record->term_dt,
                        ")");
  }
  return "";
}

bool IsDottedIcd10CmShape(absl::string_view token) {
  const size_t dot = token.find('.');
  return dot == 3 && token.size() > 4 && token.size() <= 8 &&
         absl::ascii_isupper(static_cast<unsigned char>(token[0])) &&
         absl::ascii_isdigit(static_cast<unsigned char>(token[1])) &&
         typed::IsWellFormedCode(quiz::v1::CODE_SYSTEM_ICD10CM, token);
}

bool IsHcpcsShape(absl::string_view token) {
  return token.size() == 5 &&
         absl::ascii_isupper(static_cast<unsigned char>(token[0])) &&
         std::all_of(token.begin() + 1, token.end(), [](char c) {
           return absl::ascii_isdigit(static_cast<unsigned char>(c));
         });
}

// Words of `text` made of letters, digits and inner dots ("E11.65," ->
// "E11.65").
std::vector<std::string> CodeLikeTokens(absl::string_view text) {
  std::vector<std::string> tokens;
  std::string token;
  auto flush = [&] {
    while (!token.empty() && token.back() == '.') token.pop_back();
    if (!token.empty()) tokens.push_back(token);
    token.clear();
  };
  for (char c : text) {
    if (absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '.') {
      token += c;
    } else {
      flush();
    }
  }
  flush();
  return tokens;
}

class CodeSetChecker {
 public:
  CodeSetChecker(const Bank& bank, const CodeSets& code_sets)
      : bank_(bank), code_sets_(code_sets) {}

  std::vector<BankFinding> Run() {
    if (bank_.code_set_year() != 0 &&
        bank_.code_set_year() != code_sets_.icd10cm_year) {
      Report(Diagnostic::Severity::kWarning, "code_set_year", "code_set_year",
             absl::StrCat("the bank declares code_set_year ",
                          bank_.code_set_year(), " but is checked against FY",
                          code_sets_.icd10cm_year, " code sets"));
    }
    for (int i = 0; i < bank_.items_size(); ++i) {
      const Item& item = bank_.items(i);
      const std::string path = absl::StrCat("items[", i, "]");
      CheckItem(item, path, Label(path, item.id()));
      if (!item.has_case_item()) continue;
      for (int j = 0; j < item.case_item().items_size(); ++j) {
        const Item& sub_item = item.case_item().items(j);
        const std::string sub_path =
            absl::StrCat(path, ".case_item.items[", j, "]");
        CheckItem(sub_item, sub_path,
                  Label(absl::StrCat(Label(path, item.id()),
                                     ".case_item.items[", j, "]"),
                        sub_item.id()));
      }
    }
    return std::move(findings_);
  }

 private:
  static std::string Label(const std::string& base, const std::string& id) {
    return id.empty() ? base : absl::StrCat(base, " (id \"", id, "\")");
  }

  void Report(Diagnostic::Severity severity, const std::string& path,
              const std::string& label, absl::string_view text) {
    findings_.push_back({severity, path, absl::StrCat(label, ": ", text)});
  }

  void CheckItem(const Item& item, const std::string& path,
                 const std::string& label) {
    switch (item.type_case()) {
      case Item::kCodeEntry:
        CheckCodeEntry(item.code_entry(), path + ".code_entry",
                       label + ".code_entry");
        break;
      case Item::kSingleChoice:
        CheckOptions(item.single_choice().options(), path + ".single_choice",
                     label + ".single_choice");
        break;
      case Item::kMultipleChoice:
        CheckOptions(item.multiple_choice().options(),
                     path + ".multiple_choice", label + ".multiple_choice");
        break;
      default:
        break;
    }
  }

  void CheckCodeEntry(const CodeEntry& entry, const std::string& path,
                      const std::string& label) {
    for (int i = 0; i < entry.expected_size(); ++i) {
      const auto& expected = entry.expected(i);
      const std::string at = absl::StrCat(path, ".expected[", i, "]");
      const std::string at_label = absl::StrCat(label, ".expected[", i, "]");
      if (!typed::IsWellFormedCode(entry.system(), expected.code())) continue;
      const std::string written(
          absl::StripAsciiWhitespace(absl::string_view(expected.code())));
      std::string problem;
      if (entry.system() == quiz::v1::CODE_SYSTEM_ICD10CM) {
        problem = Icd10CmProblem(written, code_sets_);
      } else if (entry.system() == quiz::v1::CODE_SYSTEM_HCPCS) {
        problem = HcpcsProblem(
            written,
            code_sets_.FindHcpcsCode(typed::CanonicalCode(expected.code())),
            "code", code_sets_);
      }
      if (!problem.empty()) {
        Report(Diagnostic::Severity::kError, at + ".code", at_label + ".code",
               problem);
      }
      if (entry.system() == quiz::v1::CODE_SYSTEM_ICD10CM) continue;
      for (int m = 0; m < expected.modifiers_size(); ++m) {
        CheckModifier(expected.modifiers(m),
                      absl::StrCat(at, ".modifiers[", m, "]"),
                      absl::StrCat(at_label, ".modifiers[", m, "]"));
      }
    }
  }

  // Two-digit modifiers are CPT's; any other well-formed modifier is a HCPCS
  // Level II modifier and must be in the file and active.
  void CheckModifier(const std::string& modifier, const std::string& path,
                     const std::string& label) {
    if (!typed::IsWellFormedModifier(modifier)) return;
    const std::string upper = absl::AsciiStrToUpper(modifier);
    if (std::all_of(upper.begin(), upper.end(), [](char c) {
          return absl::ascii_isdigit(static_cast<unsigned char>(c));
        })) {
      return;
    }
    const std::string problem = HcpcsProblem(
        absl::StrCat("modifier ", upper), code_sets_.FindHcpcsModifier(upper),
        "modifier", code_sets_);
    if (!problem.empty()) {
      Report(Diagnostic::Severity::kError, path, label, problem);
    }
  }

  void CheckOptions(const google::protobuf::RepeatedPtrField<Option>& options,
                    const std::string& path, const std::string& label) {
    for (int i = 0; i < options.size(); ++i) {
      if (!options[i].correct()) continue;
      for (const std::string& token : CodeLikeTokens(options[i].text())) {
        const std::string problem = TextCodeProblem(token);
        if (problem.empty()) continue;
        Report(Diagnostic::Severity::kWarning,
               absl::StrCat(path, ".options[", i, "].text"),
               absl::StrCat(Label(absl::StrCat(label, ".options[", i, "]"),
                                  options[i].id()),
                            ".text"),
               absl::StrCat("the correct option names ", problem));
      }
    }
  }

  // See the header: only unambiguous code shapes in prose are judged.
  std::string TextCodeProblem(const std::string& token) {
    if (IsDottedIcd10CmShape(token)) return Icd10CmProblem(token, code_sets_);
    if (!IsHcpcsShape(token)) return "";
    if (code_sets_.LookUpIcd10Cm(token).billable) return "";
    return HcpcsProblem(token, code_sets_.FindHcpcsCode(token), "code",
                        code_sets_);
  }

  const Bank& bank_;
  const CodeSets& code_sets_;
  std::vector<BankFinding> findings_;
};

}  // namespace

std::vector<BankFinding> FindCodeSetProblems(const Bank& bank,
                                             const CodeSets& code_sets) {
  return CodeSetChecker(bank, code_sets).Run();
}

std::vector<Diagnostic> CheckCodeSets(const Bank& bank,
                                      const SourceMap& source_map,
                                      const std::string& file,
                                      const CodeSets& code_sets) {
  std::vector<Diagnostic> diagnostics;
  for (BankFinding& finding : FindCodeSetProblems(bank, code_sets)) {
    const TextPosition position = source_map.Find(finding.path);
    Diagnostic diagnostic;
    diagnostic.severity = finding.severity;
    diagnostic.file = file;
    diagnostic.line = position.line;
    diagnostic.column = position.column;
    diagnostic.message = std::move(finding.message);
    diagnostics.push_back(std::move(diagnostic));
  }
  auto key = [](const Diagnostic& d) {
    return std::make_pair(
        d.line == 0 ? std::numeric_limits<int>::max() : d.line, d.column);
  };
  std::stable_sort(diagnostics.begin(), diagnostics.end(),
                   [&](const Diagnostic& a, const Diagnostic& b) {
                     return key(a) < key(b);
                   });
  return diagnostics;
}

}  // namespace question_bank
