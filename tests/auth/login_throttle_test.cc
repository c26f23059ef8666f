#include "server/auth/login_throttle.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace auth {
namespace {

class LoginThrottleTest : public ::testing::Test {
 protected:
  LoginThrottle Make(ThrottleOptions options = {}) {
    return LoginThrottle(options, [this] { return now_; });
  }
  void Advance(absl::Duration by) { now_ += by; }
  // Fails one check of `user` from `address`, first waiting out any delay
  // (an admitted check is counted as it is admitted).
  FailureNote Fail(LoginThrottle& throttle, const std::string& user,
                   const std::string& address) {
    Advance(throttle.Delay(user, address));
    EXPECT_EQ(throttle.Admit(user, address), absl::ZeroDuration());
    return throttle.RecordFailure(user, address);
  }
  // Fails `n` checks and returns the delay owed after the last one.
  absl::Duration FailTimes(LoginThrottle& throttle, int n,
                           const std::string& user,
                           const std::string& address) {
    for (int i = 0; i < n; ++i) Fail(throttle, user, address);
    return throttle.Delay(user, address);
  }

  absl::Time now_ = absl::FromUnixSeconds(1'800'000'000);
};

TEST_F(LoginThrottleTest, FreeFailuresThenTheDelayDoublesUpToTheCap) {
  LoginThrottle throttle = Make();
  EXPECT_EQ(FailTimes(throttle, 4, "alice", "10.0.0.1"), absl::ZeroDuration());
  EXPECT_EQ(FailTimes(throttle, 1, "alice", "10.0.0.1"), absl::Seconds(1));
  EXPECT_EQ(FailTimes(throttle, 1, "alice", "10.0.0.1"), absl::Seconds(2));
  EXPECT_EQ(FailTimes(throttle, 1, "alice", "10.0.0.1"), absl::Seconds(4));
  EXPECT_EQ(FailTimes(throttle, 1, "alice", "10.0.0.1"), absl::Seconds(8));
  EXPECT_EQ(FailTimes(throttle, 1, "alice", "10.0.0.1"), absl::Seconds(16));
  // The username's delay stops at a minute...
  EXPECT_EQ(FailTimes(throttle, 2, "alice", "10.0.0.1"), absl::Seconds(60));
  EXPECT_EQ(FailTimes(throttle, 1, "alice", "10.0.0.1"), absl::Seconds(60));
  // ...the address's (past its own 10 free failures) at five.
  EXPECT_EQ(FailTimes(throttle, 10, "alice", "10.0.0.1"), absl::Minutes(5));
}

TEST_F(LoginThrottleTest, TheUsernameDelayIsCappedForOtherAddresses) {
  LoginThrottle throttle = Make();
  // Many guessers, each under its address's free failures.
  for (int i = 0; i < 40; ++i) {
    Fail(throttle, "alice", absl::StrCat("10.0.0.", i / 5));
  }
  // The last guesser's address owes the username's delay, capped at a
  // minute.
  EXPECT_EQ(throttle.Delay("alice", "10.0.0.7"), absl::Seconds(60));
  // The real user on an address without failures is not held back.
  EXPECT_EQ(throttle.Delay("alice", "192.168.1.9"), absl::ZeroDuration());
  // And within a minute the guessers' hold on alice is over.
  Advance(absl::Seconds(60));
  EXPECT_EQ(throttle.Delay("alice", "10.0.0.7"), absl::ZeroDuration());
}

TEST_F(LoginThrottleTest, DelaysRunOutAndQuietKeysAreForgotten) {
  LoginThrottle throttle = Make();
  EXPECT_EQ(FailTimes(throttle, 8, "alice", "10.0.0.1"), absl::Seconds(8));
  Advance(absl::Seconds(5));
  EXPECT_EQ(throttle.Delay("alice", "10.0.0.1"), absl::Seconds(3));
  Advance(absl::Seconds(3));
  EXPECT_EQ(throttle.Delay("alice", "10.0.0.1"), absl::ZeroDuration());
  // After forget_after without failures, the count starts from zero.
  Advance(absl::Minutes(15));
  EXPECT_EQ(FailTimes(throttle, 1, "alice", "10.0.0.1"), absl::ZeroDuration());
}

TEST_F(LoginThrottleTest, ASuccessClearsTheUsernameButNotTheAddress) {
  LoginThrottle throttle = Make();
  EXPECT_GT(FailTimes(throttle, 12, "alice", "10.0.0.1"), absl::ZeroDuration());
  Advance(throttle.Delay("alice", "10.0.0.1"));
  ASSERT_EQ(throttle.Admit("alice", "10.0.0.1"), absl::ZeroDuration());
  throttle.RecordSuccess("alice", "10.0.0.1");
  EXPECT_EQ(throttle.Delay("alice", "10.0.0.1"), absl::ZeroDuration());
  // alice's count starts again from zero...
  EXPECT_EQ(FailTimes(throttle, 4, "alice", "10.0.0.1"), absl::ZeroDuration());
  // ...but the address keeps its failures, so anyone else there waits.
  EXPECT_GT(throttle.Delay("bob", "10.0.0.1"), absl::ZeroDuration());
  EXPECT_EQ(throttle.Delay("bob", "10.0.0.2"), absl::ZeroDuration());
}

TEST_F(LoginThrottleTest, AnAddressGuessingManyUsernamesIsHeldBack) {
  LoginThrottle throttle = Make();
  for (int i = 0; i < 12; ++i) {
    Fail(throttle, absl::StrCat("user", i), "10.0.0.1");
  }
  // Every username from that address waits, even a fresh one...
  EXPECT_EQ(throttle.Delay("nobody", "10.0.0.1"), absl::Seconds(4));
  // ...but not from elsewhere.
  EXPECT_EQ(throttle.Delay("nobody", "10.0.0.2"), absl::ZeroDuration());
}

TEST_F(LoginThrottleTest, AUserWhoLoggedInFromAnAddressPassesItsDelay) {
  LoginThrottle throttle = Make();
  throttle.RecordSuccess("bob", "10.0.0.1");
  // Someone behind the same address guesses other accounts.
  for (int i = 0; i < 12; ++i) {
    Fail(throttle, absl::StrCat("user", i), "10.0.0.1");
  }
  EXPECT_GT(throttle.Delay("carol", "10.0.0.1"), absl::ZeroDuration());
  EXPECT_EQ(throttle.Delay("bob", "10.0.0.1"), absl::ZeroDuration());
  // Guessing bob's own password from there still obeys bob's delay.
  for (int i = 0; i < 6; ++i) Fail(throttle, "bob", "10.0.0.1");
  EXPECT_EQ(throttle.Delay("bob", "10.0.0.1"), absl::Seconds(2));
}

TEST_F(LoginThrottleTest, UnknownAndKnownUsernamesBehaveIdentically) {
  // The throttle never learns which usernames exist: the same calls give
  // the same delays and notes for any name.
  auto run = [this](const std::string& name) {
    now_ = absl::FromUnixSeconds(1'800'000'000);
    LoginThrottle throttle = Make();
    std::vector<std::string> seen;
    for (int i = 0; i < 9; ++i) {
      const FailureNote note = Fail(throttle, name, "10.0.0.1");
      seen.push_back(absl::StrCat(
          note.username_failures, " ", note.username_now_throttled, " ",
          absl::FormatDuration(throttle.Delay(name, "10.0.0.1"))));
    }
    return seen;
  };
  EXPECT_EQ(run("alice"), run("no-such-user"));
}

TEST_F(LoginThrottleTest, ChecksSentAtOnceCountAsTheyAreAdmitted) {
  LoginThrottle throttle = Make();
  EXPECT_EQ(FailTimes(throttle, 5, "alice", "10.0.0.1"), absl::Seconds(1));
  Advance(absl::Seconds(1));
  // When the delay runs out, one guess gets in; those sent with it wait.
  EXPECT_EQ(throttle.Admit("alice", "10.0.0.1"), absl::ZeroDuration());
  EXPECT_EQ(throttle.Admit("alice", "10.0.0.1"), absl::Seconds(2));
  EXPECT_EQ(throttle.Admit("alice", "10.0.0.1"), absl::Seconds(2));
  // A check withdrawn (the server was busy) does not count.
  throttle.Withdraw("alice", "10.0.0.1");
  EXPECT_EQ(throttle.Delay("alice", "10.0.0.1"), absl::Seconds(1));
}

TEST_F(LoginThrottleTest, CrossingAThresholdIsReportedOnce) {
  LoginThrottle throttle = Make();
  int usernames = 0, addresses = 0;
  for (int i = 0; i < 20; ++i) {
    const FailureNote note = Fail(throttle, "alice", "10.0.0.1");
    usernames += note.username_now_throttled;
    addresses += note.address_now_throttled;
    if (note.username_now_throttled) EXPECT_EQ(note.username_failures, 5);
    if (note.address_now_throttled) EXPECT_EQ(note.address_failures, 10);
  }
  EXPECT_EQ(usernames, 1);
  EXPECT_EQ(addresses, 1);
}

TEST_F(LoginThrottleTest, TablesAreBounded) {
  ThrottleOptions options;
  options.max_entries = 100;
  LoginThrottle throttle = Make(options);
  for (int i = 0; i < 10000; ++i) {
    Fail(throttle, absl::StrCat("user", i),
         absl::StrCat("10.0.", i / 256, ".", i % 256));
  }
  EXPECT_EQ(throttle.UsernameEntries(), 100u);
  EXPECT_EQ(throttle.AddressEntries(), 100u);
  // The most recent keys are the ones kept.
  EXPECT_EQ(FailTimes(throttle, 4, "user9999", "10.0.39.15"), absl::Seconds(1));
}

TEST_F(LoginThrottleTest, AddressOfPeerDropsThePort) {
  EXPECT_EQ(LoginThrottle::AddressOfPeer("ipv4:127.0.0.1:51234"), "127.0.0.1");
  EXPECT_EQ(LoginThrottle::AddressOfPeer("ipv6:[::1]:51234"), "::/64");
  EXPECT_EQ(LoginThrottle::AddressOfPeer("ipv6:%5B2001:db8:1:2:3::4%5D:443"),
            "2001:db8:1:2::/64");
  EXPECT_EQ(LoginThrottle::AddressOfPeer("ipv6:[::ffff:10.1.2.3]:80"),
            "10.1.2.3");
  EXPECT_EQ(LoginThrottle::AddressOfPeer("unix:/tmp/sock"), "unix:/tmp/sock");
}

TEST_F(LoginThrottleTest, RetryDelayTextRoundsUp) {
  EXPECT_EQ(RetryDelayText(absl::Seconds(8)), "8 s");
  EXPECT_EQ(RetryDelayText(absl::Milliseconds(7200)), "8 s");
  EXPECT_EQ(RetryDelayText(absl::Milliseconds(1)), "1 s");
}

}  // namespace
}  // namespace auth
