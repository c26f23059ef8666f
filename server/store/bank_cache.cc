#include "server/store/bank_cache.h"

#include <algorithm>

namespace store {

std::optional<BankVersionRecord> BankCache::Find(const std::string& bank_id,
                                                 int64_t version) const {
  absl::MutexLock lock(&mu_);
  auto it = versions_.find(std::make_pair(bank_id, version));
  if (it == versions_.end()) return std::nullopt;
  return it->second;
}

BankVersionRecord BankCache::Insert(BankVersionRecord record) {
  absl::MutexLock lock(&mu_);
  auto key = std::make_pair(record.bank_id, record.version);
  return versions_.try_emplace(std::move(key), std::move(record)).first->second;
}

int64_t BankCache::Latest(const std::string& bank_id) const {
  absl::MutexLock lock(&mu_);
  auto it = latest_.find(bank_id);
  return it == latest_.end() ? 0 : it->second;
}

void BankCache::NoteLatest(const std::string& bank_id, int64_t version) {
  absl::MutexLock lock(&mu_);
  int64_t& latest = latest_[bank_id];
  latest = std::max(latest, version);
}

}  // namespace store
