#include "question_bank/src/codesets.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "question_bank/typed/code_format.h"
#include "quiz/v1/bank.pb.h"

namespace question_bank {
namespace {

// Opens `dir`/`name`; NOT_FOUND naming the path when it cannot be read.
absl::StatusOr<std::ifstream> OpenCodeSetFile(const std::string& dir,
                                              const char* name,
                                              std::string* path) {
  *path = absl::StrCat(dir, "/", name);
  std::ifstream in(*path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(absl::StrCat(
        "code-set file ", *path, " cannot be read: ", std::strerror(errno)));
  }
  return in;
}

// getline that also drops the CR of a CRLF line end.
bool ReadLine(std::istream& in, std::string* line) {
  if (!std::getline(in, *line)) return false;
  if (!line->empty() && line->back() == '\r') line->pop_back();
  return true;
}

absl::Status FormatError(const std::string& path, int line,
                         absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat(path, ":", line, ": ", what));
}

absl::Status LoadIcd10Cm(const std::string& dir, CodeSets* code_sets) {
  std::string path;
  absl::StatusOr<std::ifstream> in =
      OpenCodeSetFile(dir, kIcd10CmCodesFile, &path);
  if (!in.ok()) return in.status();
  std::string line;
  int number = 0;
  while (ReadLine(*in, &line)) {
    ++number;
    if (absl::StripAsciiWhitespace(line).empty()) continue;
    const std::string code(absl::StripAsciiWhitespace(
        absl::string_view(line).substr(0, std::min<size_t>(line.size(), 7))));
    if (!typed::IsWellFormedCode(quiz::v1::CODE_SYSTEM_ICD10CM, code) ||
        absl::StrContains(code, '.')) {
      return FormatError(path, number,
                         "expected an undotted ICD-10-CM code in columns 1-7");
    }
    code_sets->icd10cm_billable.push_back(code);
  }
  std::sort(code_sets->icd10cm_billable.begin(),
            code_sets->icd10cm_billable.end());
  code_sets->icd10cm_year = 2026;
  return absl::OkStatus();
}

// Adds a record; an active record replaces a terminated one of the same code.
void AddHcpcs(std::map<std::string, HcpcsRecord>& records, std::string code,
              std::string term_dt) {
  auto [it, inserted] = records.emplace(std::move(code), HcpcsRecord{term_dt});
  if (!inserted && term_dt.empty()) it->second.term_dt.clear();
}

absl::Status LoadHcpcs(const std::string& dir, CodeSets* code_sets) {
  std::string path;
  absl::StatusOr<std::ifstream> in = OpenCodeSetFile(dir, kHcpcsFile, &path);
  if (!in.ok()) return in.status();
  std::string line;
  if (!ReadLine(*in, &line)) return FormatError(path, 1, "no header row");
  const std::vector<std::string> header = absl::StrSplit(line, '\t');
  auto column = [&](absl::string_view name) -> int {
    auto it = std::find(header.begin(), header.end(), name);
    return it == header.end() ? -1 : static_cast<int>(it - header.begin());
  };
  const int code_column = column("code");
  const int recid_column = column("recid");
  const int term_column = column("term_dt");
  if (code_column < 0 || recid_column < 0 || term_column < 0) {
    return FormatError(path, 1,
                       "header row lacks a code, recid or term_dt column");
  }
  const size_t needed = static_cast<size_t>(
      std::max({code_column, recid_column, term_column}) + 1);
  int number = 1;
  while (ReadLine(*in, &line)) {
    ++number;
    if (line.empty()) continue;
    const std::vector<std::string> fields = absl::StrSplit(line, '\t');
    if (fields.size() < needed) {
      return FormatError(
          path, number,
          absl::StrCat("expected at least ", needed,
                       " tab-separated fields, found ", fields.size()));
    }
    std::string code =
        absl::AsciiStrToUpper(absl::StripAsciiWhitespace(fields[code_column]));
    std::string term_dt(absl::StripAsciiWhitespace(fields[term_column]));
    const bool modifier =
        absl::StripAsciiWhitespace(fields[recid_column]) == "7";
    AddHcpcs(modifier ? code_sets->hcpcs_modifiers : code_sets->hcpcs_codes,
             std::move(code), std::move(term_dt));
  }
  code_sets->hcpcs_release = "HCPCS Level II October 2025";
  return absl::OkStatus();
}

const HcpcsRecord* Find(const std::map<std::string, HcpcsRecord>& records,
                        absl::string_view code) {
  auto it = records.find(std::string(code));
  return it == records.end() ? nullptr : &it->second;
}

}  // namespace

Icd10CmLookup CodeSets::LookUpIcd10Cm(absl::string_view canonical_code) const {
  Icd10CmLookup lookup;
  const std::string code(canonical_code);
  auto it =
      std::lower_bound(icd10cm_billable.begin(), icd10cm_billable.end(), code);
  if (it != icd10cm_billable.end() && *it == code) {
    lookup.billable = true;
    return lookup;
  }
  for (auto child = it;
       child != icd10cm_billable.end() && absl::StartsWith(*child, code);
       ++child) {
    if (lookup.billable_children == 0) lookup.first_child = *child;
    ++lookup.billable_children;
  }
  return lookup;
}

const HcpcsRecord* CodeSets::FindHcpcsCode(absl::string_view code) const {
  return Find(hcpcs_codes, code);
}

const HcpcsRecord* CodeSets::FindHcpcsModifier(
    absl::string_view modifier) const {
  return Find(hcpcs_modifiers, modifier);
}

absl::StatusOr<CodeSets> LoadCodeSets(const std::string& dir) {
  CodeSets code_sets;
  if (absl::Status status = LoadIcd10Cm(dir, &code_sets); !status.ok()) {
    return status;
  }
  if (absl::Status status = LoadHcpcs(dir, &code_sets); !status.ok()) {
    return status;
  }
  return code_sets;
}

}  // namespace question_bank
