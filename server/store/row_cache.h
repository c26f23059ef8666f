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
#include <list>
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
    shard.Touch(found->second);
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
    auto found = shard.entries.find(key);
    if (found == shard.entries.end()) return;
    shard.recency.erase(found->second.recent);
    shard.entries.erase(found);
  }

 private:
  static constexpr size_t kShards = 16;
  using Recency = std::list<std::string>;  // keys, most recently used first
  struct Entry {
    Value value;
    typename Recency::iterator recent;  // the key's place in its shard's list
  };
  struct Shard {
    absl::Mutex mu;
    absl::flat_hash_map<std::string, Entry> entries ABSL_GUARDED_BY(mu);
    Recency recency ABSL_GUARDED_BY(mu);
    uint64_t changes ABSL_GUARDED_BY(mu) = 0;

    void Touch(Entry& entry) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
      recency.splice(recency.begin(), recency, entry.recent);
    }
  };

  Shard& ShardOf(const std::string& key) {
    return shards_[std::hash<std::string>()(key) % kShards];
  }

  void Insert(Shard& shard, const std::string& key, Value value)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(shard.mu) {
    auto found = shard.entries.find(key);
    if (found != shard.entries.end()) {
      found->second.value = std::move(value);
      shard.Touch(found->second);
      return;
    }
    // A full cache evicts on every insert (every new attempt), so the least
    // recently used key is kept at hand rather than searched for.
    if (shard.entries.size() >= shard_capacity_) {
      shard.entries.erase(shard.recency.back());
      shard.recency.pop_back();
    }
    shard.recency.push_front(key);
    shard.entries.emplace(key, Entry{std::move(value), shard.recency.begin()});
  }

  const size_t shard_capacity_;
  std::array<Shard, kShards> shards_;
};

}  // namespace store

#endif  // QUIZD_SERVER_STORE_ROW_CACHE_H_
