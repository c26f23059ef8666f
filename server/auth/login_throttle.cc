#include "server/auth/login_throttle.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"

namespace auth {
namespace {

std::string PairKey(absl::string_view username, absl::string_view address) {
  return absl::StrCat(username, absl::string_view("\0", 1), address);
}

}  // namespace

LoginThrottle::Entry* LoginThrottle::Table::Find(absl::string_view key,
                                                 absl::Time now,
                                                 absl::Duration ttl) {
  auto it = entries_.find(key);
  if (it == entries_.end()) return nullptr;
  if (it->second.last + ttl <= now) {
    order_.erase(it->second.lru);
    entries_.erase(it);
    return nullptr;
  }
  return &it->second;
}

LoginThrottle::Entry& LoginThrottle::Table::Touch(absl::string_view key) {
  auto it = entries_.find(key);
  if (it != entries_.end()) {
    order_.splice(order_.begin(), order_, it->second.lru);
    return it->second;
  }
  if (entries_.size() >= max_entries_ && !order_.empty()) {
    entries_.erase(order_.back());
    order_.pop_back();
  }
  order_.emplace_front(key);
  Entry& entry = entries_[key];
  entry.lru = order_.begin();
  return entry;
}

void LoginThrottle::Table::Erase(absl::string_view key) {
  auto it = entries_.find(key);
  if (it == entries_.end()) return;
  order_.erase(it->second.lru);
  entries_.erase(it);
}

LoginThrottle::LoginThrottle(ThrottleOptions options, Clock clock)
    : options_(options),
      clock_(std::move(clock)),
      usernames_(std::max<size_t>(options.max_entries, 1)),
      addresses_(std::max<size_t>(options.max_entries, 1)),
      successes_(std::max<size_t>(options.max_entries, 1)) {}

absl::Duration LoginThrottle::Backoff(int failures, int free,
                                      absl::Duration cap) const {
  if (failures < free) return absl::ZeroDuration();
  // 2^k overflows nothing: k is capped well before the shift would.
  const int doublings = std::min(failures - free, 30);
  return std::min(cap, options_.first_delay * (int64_t{1} << doublings));
}

absl::Duration LoginThrottle::Owed(const Entry* entry, int free,
                                   absl::Duration cap, absl::Time now) const {
  if (entry == nullptr) return absl::ZeroDuration();
  const absl::Time until = entry->last + Backoff(entry->failures, free, cap);
  return std::max(absl::ZeroDuration(), until - now);
}

absl::Duration LoginThrottle::Delay(absl::string_view username,
                                    absl::string_view address) {
  const absl::Time now = clock_();
  absl::MutexLock lock(&mu_);
  return DelayLocked(username, address, now);
}

absl::Duration LoginThrottle::Admit(absl::string_view username,
                                    absl::string_view address) {
  const absl::Time now = clock_();
  absl::MutexLock lock(&mu_);
  const absl::Duration delay = DelayLocked(username, address, now);
  if (delay > absl::ZeroDuration()) return delay;
  for (auto [table, key] :
       {std::pair{&usernames_, username}, std::pair{&addresses_, address}}) {
    // Find first, so an expired entry starts again from zero.
    table->Find(key, now, options_.forget_after);
    Entry& entry = table->Touch(key);
    ++entry.failures;
    entry.last = now;
  }
  return delay;
}

absl::Duration LoginThrottle::DelayLocked(absl::string_view username,
                                          absl::string_view address,
                                          absl::Time now) {
  const Entry* by_address =
      addresses_.Find(address, now, options_.forget_after);
  const Entry* by_username =
      usernames_.Find(username, now, options_.forget_after);
  absl::Duration delay = absl::ZeroDuration();
  // A clean address is not held back by the username's delay.
  if (by_address != nullptr) {
    delay = Owed(by_username, options_.free_username_failures,
                 options_.max_username_delay, now);
  }
  const bool known_pair = successes_.Find(PairKey(username, address), now,
                                          options_.remember_success) != nullptr;
  if (!known_pair) {
    delay = std::max(delay, Owed(by_address, options_.free_address_failures,
                                 options_.max_address_delay, now));
  }
  return delay;
}

FailureNote LoginThrottle::RecordFailure(absl::string_view username,
                                         absl::string_view address) {
  const absl::Time now = clock_();
  absl::MutexLock lock(&mu_);
  FailureNote note;
  // Each key's failures, and whether it has just become throttled.
  auto check = [&](Table& table, absl::string_view key, int free, int* failures,
                   bool* now_throttled) {
    Entry* entry = table.Find(key, now, options_.forget_after);
    if (entry == nullptr) {  // dropped meanwhile (the table was full)
      entry = &table.Touch(key);
      entry->failures = 1;
      entry->last = now;
    }
    *failures = entry->failures;
    if (entry->failures >= free && !entry->reported) {
      entry->reported = true;
      *now_throttled = true;
    }
  };
  check(usernames_, username, options_.free_username_failures,
        &note.username_failures, &note.username_now_throttled);
  check(addresses_, address, options_.free_address_failures,
        &note.address_failures, &note.address_now_throttled);
  return note;
}

void LoginThrottle::Withdraw(absl::string_view username,
                             absl::string_view address) {
  const absl::Time now = clock_();
  absl::MutexLock lock(&mu_);
  for (auto [table, key] :
       {std::pair{&usernames_, username}, std::pair{&addresses_, address}}) {
    Entry* entry = table->Find(key, now, options_.forget_after);
    if (entry != nullptr && entry->failures > 0) --entry->failures;
  }
}

void LoginThrottle::RecordSuccess(absl::string_view username,
                                  absl::string_view address) {
  const absl::Time now = clock_();
  absl::MutexLock lock(&mu_);
  usernames_.Erase(username);
  // The address keeps its other failures: on a shared address (a school's
  // NAT) clearing them would give a guesser a fresh start every time
  // someone else logs in. Only this check's own count is taken back.
  if (Entry* entry = addresses_.Find(address, now, options_.forget_after);
      entry != nullptr && entry->failures > 0) {
    --entry->failures;
  }
  successes_.Touch(PairKey(username, address)).last = now;
}

size_t LoginThrottle::UsernameEntries() {
  absl::MutexLock lock(&mu_);
  return usernames_.size();
}

size_t LoginThrottle::AddressEntries() {
  absl::MutexLock lock(&mu_);
  return addresses_.size();
}

std::string LoginThrottle::AddressOfPeer(absl::string_view peer) {
  if (peer.substr(0, 5) == "ipv4:") {
    absl::string_view rest = peer.substr(5);
    return std::string(rest.substr(0, rest.rfind(':')));
  }
  if (peer.substr(0, 5) == "ipv6:") {
    absl::string_view rest = peer.substr(5);
    // "[2001:db8::1]:51234" (the brackets may be percent-encoded).
    std::string host(rest.substr(0, rest.rfind(':')));
    for (const char* strip : {"[", "]", "%5B", "%5D", "%5b", "%5d"}) {
      for (size_t at; (at = host.find(strip)) != std::string::npos;) {
        host.erase(at, absl::string_view(strip).size());
      }
    }
    host = host.substr(0, host.find('%'));  // a zone id
    unsigned char bytes[16];
    if (inet_pton(AF_INET6, host.c_str(), bytes) != 1) return host;
    // An IPv4-mapped address is that IPv4 address.
    static const unsigned char kMapped[12] = {0, 0, 0, 0, 0,    0,
                                              0, 0, 0, 0, 0xff, 0xff};
    char text[INET6_ADDRSTRLEN];
    if (std::equal(kMapped, kMapped + 12, bytes)) {
      inet_ntop(AF_INET, bytes + 12, text, sizeof text);
      return text;
    }
    std::fill(bytes + 8, bytes + 16, 0);
    inet_ntop(AF_INET6, bytes, text, sizeof text);
    return absl::StrCat(text, "/64");
  }
  return std::string(peer);
}

std::string RetryDelayText(absl::Duration delay) {
  const int64_t seconds = std::max<int64_t>(
      1, static_cast<int64_t>(std::ceil(absl::ToDoubleSeconds(delay))));
  return absl::StrCat(seconds, " s");
}

}  // namespace auth
