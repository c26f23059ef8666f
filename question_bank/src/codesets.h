// The public-domain code sets a bank's keys are checked against: the FY2026
// ICD-10-CM billable code list and the CMS HCPCS Level II quarterly file, as
// laid out in ../shared/codesets (see SOURCES.md there). CPT is AMA copyright
// and has no code-set file, so CPT codes are checked for shape only.
#ifndef QUIZD_QUESTION_BANK_SRC_CODESETS_H_
#define QUIZD_QUESTION_BANK_SRC_CODESETS_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace question_bank {

// The file names LoadCodeSets reads from its directory.
inline constexpr char kIcd10CmCodesFile[] = "icd10cm-codes-2026.txt";
inline constexpr char kHcpcsFile[] = "hcpcs-2025-oct-anweb.tsv";

// What the ICD-10-CM code list says about a code.
struct Icd10CmLookup {
  bool billable = false;
  // Billable codes that start with the code (0 for a billable code, which has
  // no children, and for a code that is not in the code set at all).
  int billable_children = 0;
  // The first such child in code order, e.g. "E1100" under "E11".
  std::string first_child;
};

// A HCPCS Level II code or modifier record.
struct HcpcsRecord {
  // yyyymmdd of termination; empty while the code is active.
  std::string term_dt;
};

// Immutable after loading; lookups take canonical codes (undotted, upper
// case, see typed::CanonicalCode).
struct CodeSets {
  // Fiscal year of the ICD-10-CM list, e.g. 2026.
  int icd10cm_year = 0;
  // Human name of the HCPCS release, e.g. "HCPCS Level II October 2025".
  std::string hcpcs_release;
  // Billable ICD-10-CM codes, sorted, undotted.
  std::vector<std::string> icd10cm_billable;
  // HCPCS Level II codes (recid 3 and others) and modifiers (recid 7). When a
  // code has several records, an active one wins.
  std::map<std::string, HcpcsRecord> hcpcs_codes;
  std::map<std::string, HcpcsRecord> hcpcs_modifiers;

  Icd10CmLookup LookUpIcd10Cm(absl::string_view canonical_code) const;
  // nullptr when the code is not in the file.
  const HcpcsRecord* FindHcpcsCode(absl::string_view code) const;
  const HcpcsRecord* FindHcpcsModifier(absl::string_view modifier) const;
};

// Reads kIcd10CmCodesFile (undotted code in columns 1-7, description from
// column 9, CRLF or LF line ends) and kHcpcsFile (tab-separated with a header
// row naming at least `code`, `recid` and `term_dt`) from `dir`. NOT_FOUND
// naming the missing file's path; INVALID_ARGUMENT naming file and line for a
// line that does not fit the format.
absl::StatusOr<CodeSets> LoadCodeSets(const std::string& dir);

}  // namespace question_bank

#endif  // QUIZD_QUESTION_BANK_SRC_CODESETS_H_
