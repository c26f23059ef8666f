#include "server/service/bank_directory.h"

#include <sodium.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <utility>

#include "absl/functional/function_ref.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/util/message_differencer.h"
#include "question_bank/src/bank_file.h"

namespace service {
namespace {

// Part of every file digest. Change it whenever the same YAML would now give
// a different Bank (mapping or checks changed), so that every file is parsed
// again once; a change to bank.proto's schema does that by itself.
constexpr char kLoaderRevision[] = "quizd bank loader 1";

// One file of the directory, once read: either unchanged (its stored
// version) or parsed.
struct BankFile {
  std::string path;
  std::string digest;
  std::shared_ptr<const store::BankVersion> stored;
  std::optional<quiz::v1::Bank> parsed;
  // Whole when parsed, an outline when stored.
  const quiz::v1::Bank& bank() const {
    return stored ? stored->outline() : *parsed;
  }
};

// Starts an asynchronous store write with a done that fulfils a promise, and
// waits for it: loading runs before the server takes calls.
template <typename Result>
Result Wait(absl::FunctionRef<void(std::function<void(Result)>)> write) {
  std::promise<Result> result;
  write([&result](Result value) { result.set_value(std::move(value)); });
  return result.get_future().get();
}

// The stored version `digest` was loaded as, if that is still the last
// version loaded from the directory for its bank.
absl::StatusOr<std::optional<store::BankVersionRecord>> UnchangedVersion(
    store::Store& store, const std::string& digest) {
  absl::StatusOr<std::optional<store::BankSourceRecord>> source =
      store.FindBankSource(digest);
  if (!source.ok()) return source.status();
  if (!source->has_value()) return std::nullopt;
  const store::BankSourceRecord& found = **source;
  absl::StatusOr<int64_t> last =
      store.LatestBankVersionBy(found.bank_id, kDirectoryAuthor);
  if (!last.ok()) return last.status();
  if (*last != found.version) return std::nullopt;
  absl::StatusOr<store::BankVersionRecord> record =
      store.GetBankVersion(found.bank_id, found.version);
  if (!record.ok()) return record.status();
  return *std::move(record);
}

// The version `bank` is stored as: the last one loaded from the directory
// when equal to it, else a new one (or the latest, when equal to that).
absl::StatusOr<int64_t> StoreIfChanged(store::Store& store,
                                       quiz::v1::Bank bank) {
  absl::StatusOr<int64_t> last =
      store.LatestBankVersionBy(bank.id(), kDirectoryAuthor);
  if (!last.ok()) return last.status();
  if (*last > 0) {
    absl::StatusOr<store::BankVersionRecord> previous =
        store.GetBankVersion(bank.id(), *last);
    if (!previous.ok()) return previous.status();
    quiz::v1::Bank unversioned = previous->bank->Whole();
    unversioned.clear_version();
    if (google::protobuf::util::MessageDifferencer::Equals(unversioned, bank)) {
      return *last;
    }
  }
  return Wait<absl::StatusOr<int64_t>>([&](store::Done<int64_t> done) {
    store.PutBankVersion(std::move(bank), kDirectoryAuthor, std::move(done));
  });
}

}  // namespace

absl::StatusOr<std::string> DigestBankFile(const std::string& path) {
  static const std::string* const kPrefix = new std::string(
      absl::StrCat(kLoaderRevision, "\n",
                   quiz::v1::Bank::descriptor()->file()->DebugString(), "\n"));
  crypto_generichash_state state;
  std::string digest(kBankDigestBytes, '\0');
  crypto_generichash_init(&state, nullptr, 0, digest.size());
  crypto_generichash_update(
      &state, reinterpret_cast<const unsigned char*>(kPrefix->data()),
      kPrefix->size());
  std::ifstream in(path, std::ios::binary);
  std::vector<char> chunk(1 << 20);
  while (in) {
    in.read(chunk.data(), chunk.size());
    crypto_generichash_update(
        &state, reinterpret_cast<const unsigned char*>(chunk.data()),
        in.gcount());
  }
  if (in.bad() || !in.eof()) {
    return absl::NotFoundError(
        absl::StrCat("cannot read file: ", std::strerror(errno)));
  }
  crypto_generichash_final(
      &state, reinterpret_cast<unsigned char*>(digest.data()), digest.size());
  return digest;
}

absl::StatusOr<std::vector<LoadedBank>> LoadBankDirectory(
    store::Store& store, const std::string& dir) {
  absl::StatusOr<std::vector<std::string>> paths =
      question_bank::ListBankFiles(dir);
  if (!paths.ok()) return paths.status();

  std::vector<BankFile> files;
  std::vector<std::string> errors;
  for (const std::string& path : *paths) {
    absl::StatusOr<std::string> digest = DigestBankFile(path);
    if (!digest.ok()) {
      errors.push_back(
          absl::StrCat(path, ": error: ", digest.status().message()));
      continue;
    }
    BankFile file{path, *std::move(digest), nullptr, std::nullopt};
    absl::StatusOr<std::optional<store::BankVersionRecord>> unchanged =
        UnchangedVersion(store, file.digest);
    if (!unchanged.ok()) return unchanged.status();
    if (unchanged->has_value()) {
      file.stored = (*unchanged)->bank;
    } else {
      question_bank::ParsedBank parsed = question_bank::ParseBankFile(path);
      for (const question_bank::Diagnostic& diagnostic : parsed.diagnostics) {
        if (diagnostic.severity ==
            question_bank::Diagnostic::Severity::kError) {
          errors.push_back(diagnostic.ToString());
        }
      }
      if (!parsed.ok()) continue;
      file.parsed = std::move(parsed.bank);
    }
    files.push_back(std::move(file));
  }
  std::vector<question_bank::BankFromFile> banks;
  for (const BankFile& file : files) banks.push_back({file.path, &file.bank()});
  std::vector<std::string> across = question_bank::CheckAcrossFiles(banks);
  errors.insert(errors.end(), across.begin(), across.end());
  if (!errors.empty()) return question_bank::BankDirError(dir, errors);

  std::vector<LoadedBank> loaded;
  for (BankFile& file : files) {
    LoadedBank bank{file.path,
                    file.bank().id(),
                    file.bank().version(),
                    file.bank().items_size(),
                    file.bank().quizzes_size(),
                    file.parsed.has_value()};
    if (file.parsed.has_value()) {
      absl::StatusOr<int64_t> version =
          StoreIfChanged(store, *std::move(file.parsed));
      if (!version.ok()) return version.status();
      bank.version = *version;
      if (absl::Status recorded =
              Wait<absl::Status>([&](store::DoneStatus done) {
                store.PutBankSource(
                    {std::move(file.digest), bank.bank_id, bank.version},
                    std::move(done));
              });
          !recorded.ok()) {
        return recorded;
      }
    }
    loaded.push_back(std::move(bank));
  }
  return loaded;
}

}  // namespace service
