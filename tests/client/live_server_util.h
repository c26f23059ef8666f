// A real quizd for the client's flow tests: the service tests' server
// fixture (tests/service/harness.h) plus a bank whose exam keeps its item and
// option order, so piped letters are predictable.
#ifndef QUIZD_TESTS_CLIENT_LIVE_SERVER_UTIL_H_
#define QUIZD_TESTS_CLIENT_LIVE_SERVER_UTIL_H_

#include <cstdio>
#include <functional>
#include <istream>
#include <streambuf>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "tests/service/harness.h"

namespace client::testing {

// The second bank, beside quizd_test::kTestBank. Items 1-4, in this order
// in the drill quizzes:
//   1 q-single  single choice x, y, z (y correct; x has feedback)
//   2 q-multi   select all a, b, c, d (a and c correct)
//   3 q-tf      true/false (true)
//   4 q-long    single choice with long stem and options: short, long (long
//               correct), for wrapping
// Then, in "mixed" (exam) and "mixed-practice" in this order:
//   5 q-case    case: c-dx ICD-10-CM code entry (E11.9), c-tf true/false
//               (true), c-amt numeric (20 USD)
//   6 q-order   ordering s1, s2, s3, s4 (shuffled when shown)
//   7 q-match   matching p1 -> r2, p2 -> r1; answers r1, r2, r3 (shuffled)
//   8 q-likert  likert, default scale
// Quizzes: "drill" (exam, 1 hour, pass mark 70%, items 1-4) and
// "drill-warned" (the same with warning_seconds 3600, so the low-time
// warning is due at once); "drill-single" (untimed exam of items 1-4 with
// single_open_attempt); "mixed" and "mixed-practice" (untimed, items 5-8).
extern const char kClientBank[];

// ServerFixture with kClientBank added; alice, bob and carol as there. The
// server's log lines (stderr) are kept out of the test output and printed
// only when the test fails.
class LiveServerTest : public quizd_test::ServerFixture {
 protected:
  void SetUp() override;
  void TearDown() override;

  // host:port of the running server.
  std::string address() const;

 private:
  std::FILE* server_log_ = nullptr;
  int saved_stderr_ = -1;
};

// An input stream reading text in steps, each of which may run an action
// first, when the reader has used up the text before it: sleep past a
// deadline, or stop the server, between two lines of input.
class ScriptedInput : public std::istream {
 public:
  struct Step {
    std::function<void()> before;  // may be empty
    std::string text;
  };
  explicit ScriptedInput(std::vector<Step> steps);

 private:
  class Buffer : public std::streambuf {
   public:
    explicit Buffer(std::vector<Step> steps) : steps_(std::move(steps)) {}

   protected:
    int_type underflow() override;

   private:
    std::vector<Step> steps_;
    size_t next_ = 0;
  };
  Buffer buffer_;
};

// Sleeps past the 1-second limit of kTestBank's "timed" quiz.
void SleepPastOneSecondDeadline();

}  // namespace client::testing

#endif  // QUIZD_TESTS_CLIENT_LIVE_SERVER_UTIL_H_
