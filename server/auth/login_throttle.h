// Slows down password guessing: failed password checks are counted per
// username and per client address, and past a few free failures each key
// must wait an exponentially growing delay before its next check.
//
// The rules (README.md, "Login throttling"):
// - A username's failures (from any address) delay further checks of that
//   username; the delay is capped at max_username_delay (a minute), so an
//   attacker can keep a real user out for at most that long per attempt.
//   An address with no failure on record (the real user at home while
//   someone elsewhere guesses) is not held back by the username's delay.
// - An address's failures (for any usernames) delay every check from it,
//   capped at max_address_delay. A username that logged in successfully from
//   that address before (within remember_success) is not held back by the
//   address's delay, so one guesser behind a school's NAT does not keep the
//   other students out; it still obeys the username's own delay.
// - A check is counted as a failure when it is admitted, before the
//   password is checked (a success then clears the counts), so that many
//   guesses sent at once cannot all slip in when a delay runs out. A check
//   refused for its delay is not counted (no password was checked), so it
//   does not lengthen the delay.
// - A success clears the username's failures. It does not clear the
//   address's (on a shared address that would give a guesser a fresh start
//   whenever someone else logs in); they run out after forget_after.
// - Whether a username exists plays no part: unknown usernames are counted
//   and delayed exactly like known ones.
// - A key with no failure for forget_after is forgotten. Each table holds at
//   most max_entries keys; past that the least recently used is dropped, so
//   memory stays bounded whatever usernames and addresses an attacker sends.
//
// Thread-safe. Pure: the clock is injected, nothing is logged here.
#ifndef QUIZD_SERVER_AUTH_LOGIN_THROTTLE_H_
#define QUIZD_SERVER_AUTH_LOGIN_THROTTLE_H_

#include <cstdint>
#include <functional>
#include <list>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace auth {

struct ThrottleOptions {
  // Failures of a username before any delay.
  int free_username_failures = 5;
  // Failures of an address before any delay (higher: a NAT may hide many
  // users who mistype).
  int free_address_failures = 10;
  // The first delay; each further failure doubles it, up to the caps.
  absl::Duration first_delay = absl::Seconds(1);
  absl::Duration max_username_delay = absl::Seconds(60);
  absl::Duration max_address_delay = absl::Minutes(5);
  // A key without a failure for this long starts again from zero.
  absl::Duration forget_after = absl::Minutes(15);
  // How long a successful (username, address) pair is remembered.
  absl::Duration remember_success = absl::Hours(24 * 7);
  // Keys per table (usernames, addresses, remembered successes).
  size_t max_entries = 50000;
};

// What RecordFailure tells the caller.
struct FailureNote {
  // The username's failures so far, within forget_after.
  int username_failures = 0;
  // True exactly when this failure made the username throttled (the
  // threshold was crossed now): the caller logs the account under attack.
  bool username_now_throttled = false;
  // The same for the address (a guesser trying many usernames).
  int address_failures = 0;
  bool address_now_throttled = false;
};

class LoginThrottle {
 public:
  using Clock = std::function<absl::Time()>;
  explicit LoginThrottle(
      ThrottleOptions options = {}, Clock clock = [] { return absl::Now(); });

  // How long a password check of `username` from `address` must wait;
  // zero: it may be checked now.
  absl::Duration Delay(absl::string_view username, absl::string_view address);
  // Delay(), and when that is zero, counts the check (as a failure until
  // RecordSuccess says otherwise) and returns zero. Every admitted check
  // must end in RecordFailure, RecordSuccess or Withdraw.
  absl::Duration Admit(absl::string_view username, absl::string_view address);
  // An admitted check failed (it was counted when admitted).
  FailureNote RecordFailure(absl::string_view username,
                            absl::string_view address);
  // An admitted check was not made after all (the server was busy).
  void Withdraw(absl::string_view username, absl::string_view address);
  // An admitted check succeeded: the username starts again from zero, the
  // check is no longer counted against the address, and the pair is
  // remembered (see the address rule above).
  void RecordSuccess(absl::string_view username, absl::string_view address);

  // Keys held per table, for tests of the bound.
  size_t UsernameEntries();
  size_t AddressEntries();

  // The address part of a gRPC peer ("ipv4:10.0.0.7:51234" ->
  // "10.0.0.7"). IPv6 addresses are cut to their /64 network, which one
  // host may own whole. Anything else is returned as is.
  static std::string AddressOfPeer(absl::string_view peer);

 private:
  struct Entry {
    int failures = 0;
    absl::Time last;  // the last failure (or success, for remembered pairs)
    bool reported = false;  // RecordFailure said it became throttled
    std::list<std::string>::iterator lru;
  };
  // A bounded map with least-recently-used eviction.
  class Table {
   public:
    explicit Table(size_t max_entries) : max_entries_(max_entries) {}
    // The entry of `key`, or null; expired entries (last + ttl <= now)
    // are erased and reported as absent.
    Entry* Find(absl::string_view key, absl::Time now, absl::Duration ttl);
    // The entry of `key`, created (failures 0) if absent; marks it used.
    Entry& Touch(absl::string_view key);
    void Erase(absl::string_view key);
    size_t size() const { return entries_.size(); }

   private:
    size_t max_entries_;
    std::list<std::string> order_;  // front: most recently used
    absl::flat_hash_map<std::string, Entry> entries_;
  };

  // The delay owed after `failures` failures, `free` of them free.
  absl::Duration Backoff(int failures, int free, absl::Duration cap) const;
  absl::Duration DelayLocked(absl::string_view username,
                             absl::string_view address, absl::Time now)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Time left of the delay an entry owes at `now`.
  absl::Duration Owed(const Entry* entry, int free, absl::Duration cap,
                      absl::Time now) const;

  const ThrottleOptions options_;
  const Clock clock_;
  absl::Mutex mu_;
  Table usernames_ ABSL_GUARDED_BY(mu_);
  Table addresses_ ABSL_GUARDED_BY(mu_);
  // Key: username + '\0' + address.
  Table successes_ ABSL_GUARDED_BY(mu_);
};

// "8 s", "1 min 5 s": a retry delay as a message shows it, rounded up to
// whole seconds (never "0 s").
std::string RetryDelayText(absl::Duration delay);

}  // namespace auth

#endif  // QUIZD_SERVER_AUTH_LOGIN_THROTTLE_H_
