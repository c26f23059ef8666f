#include "question_bank/src/bank_file.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <optional>
#include <sstream>
#include <system_error>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "question_bank/src/bank_check.h"
#include "question_bank/src/proto_to_yaml.h"
#include "question_bank/src/utf8.h"
#include "question_bank/src/yaml_to_proto.h"

namespace question_bank {
namespace {

Diagnostic MakeError(std::string_view file, TextPosition position,
                     std::string message) {
  Diagnostic diagnostic;
  diagnostic.file = std::string(file);
  diagnostic.line = position.line;
  diagnostic.column = position.column;
  diagnostic.message = std::move(message);
  return diagnostic;
}

// File order; findings with no position go last, in the order they came.
void SortByPosition(std::vector<Diagnostic>* diagnostics) {
  auto key = [](const Diagnostic& d) {
    return std::make_pair(
        d.line == 0 ? std::numeric_limits<int>::max() : d.line, d.column);
  };
  std::stable_sort(diagnostics->begin(), diagnostics->end(),
                   [&](const Diagnostic& a, const Diagnostic& b) {
                     return key(a) < key(b);
                   });
}

// A file's bytes; the error says why they could not be read. Reads at most
// kMaxBankFileBytes, so that a huge file (or /dev/zero) is refused rather
// than read into memory.
absl::StatusOr<std::string> ReadBankFile(const std::string& path) {
  const auto too_big = [&] {
    return absl::ResourceExhaustedError(
        absl::StrCat("file is larger than the ", kMaxBankFileBytes >> 20,
                     " MiB a bank file may have"));
  };
  std::error_code error;
  const std::uintmax_t size = std::filesystem::file_size(path, error);
  if (!error && size > kMaxBankFileBytes) return too_big();
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(
        absl::StrCat("cannot read file: ", std::strerror(errno)));
  }
  std::string text;
  if (!error) text.reserve(size);
  std::vector<char> buffer(1 << 20);
  while (in.read(buffer.data(), buffer.size()) || in.gcount() > 0) {
    text.append(buffer.data(), in.gcount());
    if (text.size() > kMaxBankFileBytes) return too_big();
  }
  if (in.bad()) {
    return absl::NotFoundError(
        absl::StrCat("cannot read file: ", std::strerror(errno)));
  }
  return text;
}

}  // namespace

std::string Diagnostic::ToString() const {
  std::string text;
  if (!file.empty()) absl::StrAppend(&text, file, ":");
  if (line > 0) {
    absl::StrAppend(&text, line, ":");
    if (column > 0) absl::StrAppend(&text, column, ":");
  }
  if (!text.empty()) text += " ";
  absl::StrAppend(
      &text, severity == Severity::kError ? "error: " : "warning: ", message);
  return text;
}

bool ParsedBank::ok() const {
  return std::none_of(diagnostics.begin(), diagnostics.end(),
                      [](const Diagnostic& d) {
                        return d.severity == Diagnostic::Severity::kError;
                      });
}

ParsedBank ParseBank(std::string_view yaml, std::string_view file_name) {
  ParsedBank parsed;
  if (std::optional<TextPosition> bad = FindInvalidUtf8(yaml)) {
    parsed.diagnostics.push_back(MakeError(
        file_name, *bad,
        absl::StrCat("file is not valid UTF-8 (first bad byte at line ",
                     bad->line, ", column ", bad->column,
                     "); save it as UTF-8")));
    return parsed;
  }
  YamlParseResult result = ParseYamlToMessage(yaml, &parsed.bank);
  if (result.errors.empty() && result.source_map.empty()) {
    parsed.diagnostics.push_back(MakeError(
        file_name, {1, 1},
        "file holds no YAML (it is empty, or only comments); a bank file is "
        "a map of quiz.v1.Bank fields, starting with `id:`"));
    return parsed;
  }
  for (YamlError& error : result.errors) {
    parsed.diagnostics.push_back(
        MakeError(file_name, error.position, std::move(error.message)));
  }
  // The checks run even after mapping errors so that one pass shows every
  // problem; only a syntax error (nothing mapped) leaves nothing to check.
  if (!result.source_map.empty()) {
    for (BankFinding& finding : FindBankProblems(parsed.bank)) {
      Diagnostic diagnostic =
          MakeError(file_name, result.source_map.Find(finding.path),
                    std::move(finding.message));
      diagnostic.severity = finding.severity;
      parsed.diagnostics.push_back(std::move(diagnostic));
    }
  }
  SortByPosition(&parsed.diagnostics);
  parsed.source_map = std::move(result.source_map);
  return parsed;
}

ParsedBank ParseBankFile(const std::string& path) {
  absl::StatusOr<std::string> text = ReadBankFile(path);
  if (!text.ok()) {
    ParsedBank parsed;
    parsed.diagnostics.push_back(
        MakeError(path, {}, std::string(text.status().message())));
    return parsed;
  }
  return ParseBank(*text, path);
}

absl::StatusOr<std::vector<std::string>> ListBankFiles(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code error;
  std::vector<fs::path> files;
  for (fs::directory_iterator it(dir, error), end; !error && it != end;
       it.increment(error)) {
    const fs::path& path = it->path();
    const std::string extension = path.extension().string();
    if ((extension == ".yaml" || extension == ".yml") &&
        it->is_regular_file(error)) {
      files.push_back(path);
    }
  }
  if (error) {
    return absl::NotFoundError(absl::StrCat("cannot list bank directory ", dir,
                                            ": ", error.message()));
  }
  std::sort(files.begin(), files.end(),
            [](const fs::path& a, const fs::path& b) {
              return a.filename() < b.filename();
            });
  std::vector<std::string> paths;
  paths.reserve(files.size());
  for (const fs::path& file : files) paths.push_back(file.string());
  return paths;
}

std::vector<std::string> CheckAcrossFiles(
    const std::vector<BankFromFile>& banks) {
  std::vector<std::string> errors;
  std::map<std::string, std::string> bank_ids;
  std::map<std::string, std::string> quiz_ids;
  for (const BankFromFile& from : banks) {
    auto [bank_first, new_bank] = bank_ids.emplace(from.bank->id(), from.file);
    if (!new_bank) {
      errors.push_back(absl::StrCat(from.file, ": error: bank id \"",
                                    ShownText(from.bank->id()),
                                    "\" is also used by ", bank_first->second));
    }
    for (const quiz::v1::Quiz& quiz : from.bank->quizzes()) {
      auto [quiz_first, new_quiz] = quiz_ids.emplace(quiz.id(), from.file);
      if (!new_quiz) {
        errors.push_back(
            absl::StrCat(from.file, ": error: quiz id \"", ShownText(quiz.id()),
                         "\" is also used by ", quiz_first->second));
      }
    }
  }
  return errors;
}

absl::Status BankDirError(const std::string& dir,
                          const std::vector<std::string>& errors) {
  return absl::InvalidArgumentError(
      absl::StrCat(errors.size(), " error(s) in bank directory ", dir, ":\n",
                   absl::StrJoin(errors, "\n")));
}

absl::StatusOr<std::vector<quiz::v1::Bank>> LoadBankDir(
    const std::string& dir) {
  absl::StatusOr<std::vector<std::string>> files = ListBankFiles(dir);
  if (!files.ok()) return files.status();
  std::vector<quiz::v1::Bank> banks;
  std::vector<std::string> names;
  std::vector<std::string> errors;
  for (const std::string& file : *files) {
    ParsedBank parsed = ParseBankFile(file);
    for (const Diagnostic& diagnostic : parsed.diagnostics) {
      if (diagnostic.severity == Diagnostic::Severity::kError) {
        errors.push_back(diagnostic.ToString());
      }
    }
    if (!parsed.ok()) continue;
    banks.push_back(std::move(parsed.bank));
    names.push_back(file);
  }
  std::vector<BankFromFile> from_files;
  for (size_t i = 0; i < banks.size(); ++i) {
    from_files.push_back({names[i], &banks[i]});
  }
  std::vector<std::string> across = CheckAcrossFiles(from_files);
  errors.insert(errors.end(), across.begin(), across.end());
  if (!errors.empty()) return BankDirError(dir, errors);
  return banks;
}

std::string BankToYaml(const quiz::v1::Bank& bank) {
  return MessageToYaml(bank);
}

}  // namespace question_bank
