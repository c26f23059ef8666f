// Bank files: YAML whose keys are the proto field names of quiz.v1.Bank, mapped
// onto the message by a generic reflection-based walker, then checked for
// meaning. Errors carry file:line:col.
#ifndef QUIZD_QUESTION_BANK_SRC_BANK_FILE_H_
#define QUIZD_QUESTION_BANK_SRC_BANK_FILE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "question_bank/src/source_map.h"
#include "quiz/v1/bank.pb.h"

namespace question_bank {

// A problem found in a bank, pinned to where it is when that is known.
struct Diagnostic {
  enum class Severity { kError, kWarning };
  Severity severity = Severity::kError;
  std::string file;  // empty for banks that did not come from a file
  int line = 0;      // 1-based; 0 when unknown
  int column = 0;    // 1-based; 0 when unknown
  std::string message;
  // "file:line:col: error: message" (parts that are unknown are left out).
  std::string ToString() const;
};

struct ParsedBank {
  quiz::v1::Bank bank;
  std::vector<Diagnostic> diagnostics;  // errors and warnings, in file order
  // Where each field came from, for checks run after parsing (e.g. the
  // code-set check); empty when the text did not parse.
  SourceMap source_map;
  bool ok() const;  // true when there is no error
};

// The largest bank file ParseBankFile reads (512 MiB; the largest banks
// served are about 150 MB).
inline constexpr std::uintmax_t kMaxBankFileBytes = std::uintmax_t{512} << 20;

// Parses YAML text into a Bank and runs CheckBank, pinning each finding to the
// line and column of the YAML node it concerns.
ParsedBank ParseBank(std::string_view yaml, std::string_view file_name);
// Reads a file and parses it; an unreadable file is one error diagnostic.
ParsedBank ParseBankFile(const std::string& path);

// Semantic checks that need no source positions: ids, keys, topics, points,
// quiz selections. Messages name the field path, e.g.
// "items[3] (id \"icd-001\").single_choice: no option is marked correct".
std::vector<Diagnostic> CheckBank(const quiz::v1::Bank& bank);

// Parses every *.yaml and *.yml file in `dir`, in name order. On any error,
// INVALID_ARGUMENT whose message lists every error as file:line:col.
absl::StatusOr<std::vector<quiz::v1::Bank>> LoadBankDir(const std::string& dir);

// The pieces of LoadBankDir, for loaders that skip some files:
// The *.yaml and *.yml regular files of `dir`, in name order.
absl::StatusOr<std::vector<std::string>> ListBankFiles(const std::string& dir);
// What must hold across the banks of one directory, each given with the file
// it came from: bank ids and quiz ids are unique across the server. One
// "file: error: ..." line per problem.
struct BankFromFile {
  std::string file;
  const quiz::v1::Bank* bank = nullptr;
};
std::vector<std::string> CheckAcrossFiles(
    const std::vector<BankFromFile>& banks);
// INVALID_ARGUMENT listing `errors` (one per line) under a line naming `dir`.
absl::Status BankDirError(const std::string& dir,
                          const std::vector<std::string>& errors);

// YAML that ParseBank reads back to an equal Bank.
std::string BankToYaml(const quiz::v1::Bank& bank);

}  // namespace question_bank

#endif  // QUIZD_QUESTION_BANK_SRC_BANK_FILE_H_
