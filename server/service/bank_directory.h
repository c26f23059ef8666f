// Loading the bank directory at start: each file whose content differs from
// what the directory last gave its bank becomes a new version. A file whose
// bytes are those of the version last loaded from the directory is not parsed
// again: the store keeps a digest of each loaded file (bank_sources), so a
// restart with unchanged files reads only the stored versions.
#ifndef QUIZD_SERVER_SERVICE_BANK_DIRECTORY_H_
#define QUIZD_SERVER_SERVICE_BANK_DIRECTORY_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "server/store/store.h"

namespace service {

// created_by of the versions loaded from the bank directory.
inline constexpr char kDirectoryAuthor[] = "system";

struct LoadedBank {
  std::string file;
  std::string bank_id;
  int64_t version = 0;
  int items = 0;
  int quizzes = 0;
  bool parsed = false;  // false: the file was unchanged and not read as YAML
};

// Loads every bank file of `dir` (see question_bank::ListBankFiles), in name
// order. A file is compared with the last version loaded from the directory,
// not the latest, so versions pushed by instructors are kept: a restart with
// an unchanged file does not bring the shipped content back over theirs. On
// any error in any file, INVALID_ARGUMENT listing them all, and nothing is
// stored.
absl::StatusOr<std::vector<LoadedBank>> LoadBankDirectory(
    store::Store& store, const std::string& dir);

// The digest under which a file's content is recorded: BLAKE2b of the
// loader's revision (see bank_directory.cc) and the file's bytes, read in
// chunks (a 150 MB bank is never held whole for this).
inline constexpr size_t kBankDigestBytes = 32;
absl::StatusOr<std::string> DigestBankFile(const std::string& path);

}  // namespace service

#endif  // QUIZD_SERVER_SERVICE_BANK_DIRECTORY_H_
