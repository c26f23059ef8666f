#include "server/store/row_cache.h"

#include <string>

#include "gtest/gtest.h"

namespace store {
namespace {

// The value a key holds in the cache, or "" on a miss.
std::string Cached(RowCache<std::string>& cache, const std::string& key) {
  std::string value;
  cache.Read(key, [&](const std::string& v) { value = v; });
  return value;
}

TEST(RowCacheTest, FillCachesWhatWasReadWhenNothingChanged) {
  RowCache<std::string> cache(100);
  EXPECT_EQ(Cached(cache, "a"), "");
  const uint64_t ticket = cache.Ticket("a");
  cache.Fill("a", ticket, "read");
  EXPECT_EQ(Cached(cache, "a"), "read");
}

TEST(RowCacheTest, FillAfterAReportedChangeIsDropped) {
  // A reader took its ticket, then a write committed and was reported before
  // the reader offered what it had read: that may predate the write.
  for (auto report : {+[](RowCache<std::string>& c) { c.Erase("a"); },
                      +[](RowCache<std::string>& c) { c.Put("a", "new"); },
                      +[](RowCache<std::string>& c) {
                        c.Update("a", [](std::string& v) { v += "!"; });
                      }}) {
    RowCache<std::string> cache(100);
    const uint64_t ticket = cache.Ticket("a");
    report(cache);
    cache.Fill("a", ticket, "stale");
    EXPECT_NE(Cached(cache, "a"), "stale");
  }
}

TEST(RowCacheTest, UpdatePutAndEraseFollowCommits) {
  RowCache<std::string> cache(100);
  cache.Update("a", [](std::string& v) { v = "never"; });  // a miss: nothing
  EXPECT_EQ(Cached(cache, "a"), "");
  cache.Put("a", "one");
  cache.Update("a", [](std::string& v) { v += "+two"; });
  EXPECT_EQ(Cached(cache, "a"), "one+two");
  cache.Erase("a");
  EXPECT_EQ(Cached(cache, "a"), "");
}

TEST(RowCacheTest, EvictsTheLeastRecentlyUsedBeyondCapacity) {
  // Capacity 48 over 16 shards keeps at most 4 values per shard.
  RowCache<std::string> cache(16 * 3);
  for (int i = 0; i < 1000; ++i) {
    cache.Put("key" + std::to_string(i), "v");
  }
  int cached = 0;
  for (int i = 0; i < 1000; ++i) {
    if (!Cached(cache, "key" + std::to_string(i)).empty()) ++cached;
  }
  EXPECT_LE(cached, 16 * 4);
  EXPECT_EQ(Cached(cache, "key999"), "v");  // the newest stays
}

TEST(RowCacheTest, ReadingAKeyKeepsItOverOlderOnes) {
  RowCache<std::string> cache(16 * 2);  // at most 3 values per shard
  cache.Put("a", "1");
  EXPECT_EQ(Cached(cache, "a"), "1");
  // Keep reading "a" while many others come and go: it is never the least
  // recently used of its shard, so it stays.
  for (int i = 0; i < 1000; ++i) {
    cache.Put("key" + std::to_string(i), "v");
    ASSERT_EQ(Cached(cache, "a"), "1") << i;
  }
  // Put of a cached key replaces its value without evicting another.
  cache.Put("a", "2");
  EXPECT_EQ(Cached(cache, "a"), "2");
  cache.Erase("a");
  EXPECT_EQ(Cached(cache, "a"), "");
  cache.Put("a", "3");
  EXPECT_EQ(Cached(cache, "a"), "3");
}

}  // namespace
}  // namespace store
