// An in-memory cache of rows this process writes, kept exact without
// locking readers against the writer.
//
// Contract: the store reports every committed change to a cached key (Put,
// Update or Erase, from the writes' done callbacks, which run in commit
// order). A reader that misses takes a Ticket, reads the database, then offers
// what it read with Fill; Fill drops the value when any committed change
// reached the key's shard after the Ticket, because the read may predate it. So
// a cached value is always the state after the latest commit reported for its
// key, and a racing fill costs a later miss, never a stale hit.
#ifndef QUIZD_SERVER_STORE_ROW_CACHE_H_
#define QUIZD_SERVER_STORE_ROW_CACHE_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"

namespace store {

template <typename Value>
class RowCache {
 public:
  // Holds at most about `capacity` values; beyond that the least recently
  // used value of a shard goes.
  explicit RowCache(size_t capacity)
      : shard_capacity_(capacity / kShards + 1) {}
  RowCache(const RowCache&) = delete;
  RowCache& operator=(const RowCache&) = delete;

  // Calls read(const Value&) under the shard's lock when `key` is cached and
  // returns true; false on a miss. `read` must be short and must not call
  // back into the cache.
  template <typename Fn>
  bool Read(const std::string& key, Fn&& read) {
    Shard& shard = ShardOf(key);
    absl::MutexLock lock(&shard.mu);
    auto found = shard.entries.find(key);
    if (found == shard.entries.end()) return false;
    found->second.used = ++shard.clock;
    read(static_cast<const Value&>(found->second.value));
    return true;
  }

  // Taken before reading `key` from the database on a miss.
  uint64_t Ticket(const std::string& key) {
    Shard& shard = ShardOf(key);
    absl::MutexLock lock(&shard.mu);
    return shard.changes;
  }

  // Caches `value`, read after Ticket, unless a change was reported since.
  void Fill(const std::string& key, uint64_t ticket, Value value) {
    Shard& shard = ShardOf(key);
    absl::MutexLock lock(&shard.mu);
    if (shard.changes != ticket) return;
    Insert(shard, key, std::move(value));
  }

  // Reports a committed write that made `value` the row of `key`.
  void Put(const std::string& key, Value value) {
    Shard& shard = ShardOf(key);
    absl::MutexLock lock(&shard.mu);
    ++shard.changes;
    Insert(shard, key, std::move(value));
  }

  // Reports a committed change to `key`: update(Value&) brings a cached value
  // up to date (nothing happens on a miss).
  template <typename Fn>
  void Update(const std::string& key, Fn&& update) {
    Shard& shard = ShardOf(key);
    absl::MutexLock lock(&shard.mu);
    ++shard.changes;
    auto found = shard.entries.find(key);
    if (found != shard.entries.end()) update(found->second.value);
  }

  // Reports a change the cache cannot follow: the key is read afresh.
  void Erase(const std::string& key) {
    Shard& shard = ShardOf(key);
    absl::MutexLock lock(&shard.mu);
    ++shard.changes;
    shard.entries.erase(key);
  }

 private:
  static constexpr size_t kShards = 16;
  struct Entry {
    Value value;
    uint64_t used = 0;
  };
  struct Shard {
    absl::Mutex mu;
    absl::flat_hash_map<std::string, Entry> entries ABSL_GUARDED_BY(mu);
    uint64_t changes ABSL_GUARDED_BY(mu) = 0;
    uint64_t clock ABSL_GUARDED_BY(mu) = 0;
  };

  Shard& ShardOf(const std::string& key) {
    return shards_[std::hash<std::string>()(key) % kShards];
  }

  void Insert(Shard& shard, const std::string& key, Value value)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(shard.mu) {
    if (shard.entries.size() >= shard_capacity_ &&
        shard.entries.count(key) == 0) {
      // Evicting is rare next to hits, so a scan beats keeping a list.
      auto oldest = shard.entries.begin();
      for (auto it = shard.entries.begin(); it != shard.entries.end(); ++it) {
        if (it->second.used < oldest->second.used) oldest = it;
      }
      shard.entries.erase(oldest);
    }
    Entry& entry = shard.entries[key];
    entry.value = std::move(value);
    entry.used = ++shard.clock;
  }

  const size_t shard_capacity_;
  std::array<Shard, kShards> shards_;
};

}  // namespace store

#endif  // QUIZD_SERVER_STORE_ROW_CACHE_H_
