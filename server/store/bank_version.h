// A stored bank version as the server holds it in memory. A version never
// changes, and a call rarely needs more than a few of its items whole, so it
// is kept as an outline (every item reduced to what drawing, counting and
// progress need) plus each item's serialized bytes, parsed when a call asks
// for the whole item. At 100,000 items quizd then holds 160 MB instead of
// 241 MB, and a restart does not build 100,000 item trees.
#ifndef QUIZD_SERVER_STORE_BANK_VERSION_H_
#define QUIZD_SERVER_STORE_BANK_VERSION_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "quiz/v1/bank.pb.h"
#include "server/store/row_cache.h"

namespace store {

// Thread-safe: immutable but for a cache of parsed items.
class BankVersion {
 public:
  // Keeps `bytes`, a serialized Bank, numbering it `version`. Parses one item
  // at a time for its outline. INVALID_ARGUMENT when they are not a Bank.
  static absl::StatusOr<std::shared_ptr<const BankVersion>> Parse(
      std::string bytes, int64_t version);

  BankVersion(const BankVersion&) = delete;
  BankVersion& operator=(const BankVersion&) = delete;

  // The bank with every item, top-level or part of a case, reduced to its
  // outline: id, topic, points, difficulty and its type (an empty message of
  // that type, but a case keeps its parts' outlines). All but the items is
  // whole. Never read an item's content (stem, options, key...) from here.
  const quiz::v1::Bank& outline() const { return outline_; }

  // The outline of the top-level item with `id` (the first, should two share
  // it), or nullptr; it lives as long as this version.
  const quiz::v1::Item* FindOutline(const std::string& id) const;
  // The same for each of `ids`, in their order.
  std::vector<const quiz::v1::Item*> FindOutlines(
      const std::vector<std::string>& ids) const;

  // The whole top-level item with `id` (the first, should two share it), or
  // nullptr.
  std::shared_ptr<const quiz::v1::Item> FindItem(const std::string& id) const;
  // The same for each of `ids`, in their order.
  std::vector<std::shared_ptr<const quiz::v1::Item>> FindItems(
      const std::vector<std::string>& ids) const;

  // The whole bank, as stored.
  quiz::v1::Bank Whole() const;

 private:
  BankVersion();
  absl::string_view BytesOf(int index) const;

  quiz::v1::Bank outline_;
  std::string bytes_;  // the Bank, serialized
  struct Span {
    size_t begin;
    size_t size;
  };
  std::vector<Span> items_;  // each top-level item's bytes in bytes_, in order
  absl::flat_hash_map<absl::string_view, int> index_;  // ids from outline_
  // Whole items recently asked for, by id.
  mutable RowCache<std::shared_ptr<const quiz::v1::Item>> parsed_;
};

}  // namespace store

#endif  // QUIZD_SERVER_STORE_BANK_VERSION_H_
