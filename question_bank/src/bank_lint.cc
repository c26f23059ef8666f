#include "question_bank/src/bank_lint.h"

#include <algorithm>
#include <limits>
#include <map>
#include <utility>

#include "absl/strings/str_cat.h"
#include "question_bank/src/codeset_check.h"

namespace question_bank {
namespace {

// The first file and position that used an id.
struct FirstUse {
  std::string file;
  TextPosition position;
};

std::string Where(const FirstUse& use) {
  std::string text = use.file;
  if (use.position.line > 0) absl::StrAppend(&text, ":", use.position.line);
  if (use.position.column > 0) absl::StrAppend(&text, ":", use.position.column);
  return text;
}

Diagnostic ErrorAt(const std::string& file, TextPosition position,
                   std::string message) {
  Diagnostic diagnostic;
  diagnostic.file = file;
  diagnostic.line = position.line;
  diagnostic.column = position.column;
  diagnostic.message = std::move(message);
  return diagnostic;
}

std::string Plural(int n, absl::string_view noun) {
  return absl::StrCat(n, " ", noun, n == 1 ? "" : "s");
}

// Ids that must be unique across the files linted together.
class CrossFileIds {
 public:
  void Check(const std::string& file, const ParsedBank& parsed,
             std::vector<Diagnostic>* diagnostics) {
    const quiz::v1::Bank& bank = parsed.bank;
    if (!bank.id().empty()) {
      Note(&bank_ids_, bank.id(), "bank", "id", "id", file, parsed,
           diagnostics);
    }
    std::map<std::string, FirstUse> in_this_file;
    for (int i = 0; i < bank.quizzes_size(); ++i) {
      const std::string& id = bank.quizzes(i).id();
      if (id.empty()) continue;
      const std::string path = absl::StrCat("quizzes[", i, "].id");
      const std::string label =
          absl::StrCat("quizzes[", i, "] (id \"", id, "\").id");
      Note(&quiz_ids_, id, "quiz", path, label, file, parsed, diagnostics,
           &in_this_file);
    }
    for (auto& [id, use] : in_this_file) quiz_ids_.emplace(id, use);
  }

 private:
  // Reports `id` when an earlier file used it. Within one file CheckBank
  // reports duplicates, so ids are recorded in `pending` (when given) and
  // become visible to later files only.
  void Note(std::map<std::string, FirstUse>* seen, const std::string& id,
            absl::string_view kind, const std::string& path,
            const std::string& label, const std::string& file,
            const ParsedBank& parsed, std::vector<Diagnostic>* diagnostics,
            std::map<std::string, FirstUse>* pending = nullptr) {
    const TextPosition position = parsed.source_map.Find(path);
    auto first = seen->find(id);
    if (first != seen->end()) {
      diagnostics->push_back(ErrorAt(
          file, position,
          absl::StrCat(label, ": ", kind, " id \"", id, "\" is also used by ",
                       Where(first->second), " (", kind,
                       " ids are unique across the server)")));
      return;
    }
    (pending != nullptr ? pending : seen)
        ->emplace(id, FirstUse{file, position});
  }

  std::map<std::string, FirstUse> bank_ids_;
  std::map<std::string, FirstUse> quiz_ids_;
};

void SortByPosition(std::vector<Diagnostic>::iterator begin,
                    std::vector<Diagnostic>::iterator end) {
  auto key = [](const Diagnostic& d) {
    return std::make_pair(
        d.line == 0 ? std::numeric_limits<int>::max() : d.line, d.column);
  };
  std::stable_sort(begin, end, [&](const Diagnostic& a, const Diagnostic& b) {
    return key(a) < key(b);
  });
}

}  // namespace

std::string LintResult::Summary() const {
  return absl::StrCat(Plural(files, "file"), ", ", Plural(errors, "error"),
                      ", ", Plural(warnings, "warning"));
}

LintResult LintBankFiles(const std::vector<std::string>& paths,
                         const CodeSets* code_sets) {
  LintResult result;
  CrossFileIds ids;
  for (const std::string& path : paths) {
    ParsedBank parsed = ParseBankFile(path);
    const size_t start = result.diagnostics.size();
    for (Diagnostic& diagnostic : parsed.diagnostics) {
      result.diagnostics.push_back(std::move(diagnostic));
    }
    // Nothing was mapped when the file is unreadable or not YAML.
    if (!parsed.source_map.empty()) {
      ids.Check(path, parsed, &result.diagnostics);
      if (code_sets != nullptr) {
        for (Diagnostic& diagnostic :
             CheckCodeSets(parsed.bank, parsed.source_map, path, *code_sets)) {
          result.diagnostics.push_back(std::move(diagnostic));
        }
      }
    }
    SortByPosition(result.diagnostics.begin() + start,
                   result.diagnostics.end());
    ++result.files;
  }
  for (const Diagnostic& diagnostic : result.diagnostics) {
    if (diagnostic.severity == Diagnostic::Severity::kError) {
      ++result.errors;
    } else {
      ++result.warnings;
    }
  }
  return result;
}

}  // namespace question_bank
