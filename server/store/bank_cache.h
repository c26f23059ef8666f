// The in-memory cache of bank versions. A stored version never changes, so
// cached entries are never invalidated; only "which version is the latest"
// moves, and only upward.
#ifndef QUIZD_SERVER_STORE_BANK_CACHE_H_
#define QUIZD_SERVER_STORE_BANK_CACHE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "server/store/store.h"

namespace store {

// Thread-safe. Holds every version read or written since the store opened.
class BankCache {
 public:
  std::optional<BankVersionRecord> Find(const std::string& bank_id,
                                        int64_t version) const;
  // Caches `record` unless that version is cached already, and returns the
  // cached record, so that every reader shares one Bank per version.
  BankVersionRecord Insert(BankVersionRecord record);

  // The latest version this cache knows of, 0 when none.
  int64_t Latest(const std::string& bank_id) const;
  // Raises the latest known version to `version`; never lowers it, so a
  // reader that looked up the latest number before a new version committed
  // cannot undo the writer's update.
  void NoteLatest(const std::string& bank_id, int64_t version);

 private:
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::pair<std::string, int64_t>, BankVersionRecord>
      versions_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, int64_t> latest_ ABSL_GUARDED_BY(mu_);
};

}  // namespace store

#endif  // QUIZD_SERVER_STORE_BANK_CACHE_H_
