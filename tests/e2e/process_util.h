// Running the real binaries from tests: one-shot commands with input and
// captured output, and a quizd process on a free port.
#ifndef QUIZD_TESTS_E2E_PROCESS_UTIL_H_
#define QUIZD_TESTS_E2E_PROCESS_UTIL_H_

#include <sys/types.h>

#include <string>
#include <vector>

namespace quizd_test {

// AddressSanitizer reserves terabytes of address space and keeps freed memory
// in quarantine, so address-space caps and resident-size bounds hold only in
// builds without it.
#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kMemoryBoundsHold = false;
#else
inline constexpr bool kMemoryBoundsHold = true;
#endif

struct CommandResult {
  int exit_code = -1;  // 128 + signal when killed by a signal
  std::string out;
  std::string err;
};

// Runs `argv` with `input` on its stdin (then closed) and waits for it.
CommandResult RunCommand(const std::vector<std::string>& argv,
                         const std::string& input = "");

// How to start a quizd beyond its database and banks.
struct QuizdOptions {
  // Flags after --listen, --db and --banks (e.g. --codesets DIR); a later
  // --listen overrides the free port.
  std::vector<std::string> args;
  // The child's file limit (soft and hard, so quizd cannot raise it); 0
  // inherits the test's.
  int max_files = 0;
};

// A running quizd. The constructor starts it with --listen 127.0.0.1:0 and
// waits for its "listening on" line; the destructor stops it with SIGTERM.
class QuizdProcess {
 public:
  QuizdProcess(const std::string& db, const std::string& banks,
               const QuizdOptions& options = {});
  ~QuizdProcess();
  QuizdProcess(const QuizdProcess&) = delete;
  QuizdProcess& operator=(const QuizdProcess&) = delete;

  bool started() const { return port_ > 0; }
  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  std::string address() const;
  // Everything quizd wrote to stderr so far.
  std::string log();
  // Sends `signal` and waits; returns the exit code (128 + signal if killed).
  int Stop(int signal);

 private:
  void ReadLog(bool until_listening);

  pid_t pid_ = -1;
  int stderr_fd_ = -1;
  int port_ = 0;
  std::string log_;
};

// Paths of the binaries under test.
std::string QuizdBinary();
std::string QuizBinary();

}  // namespace quizd_test

#endif  // QUIZD_TESTS_E2E_PROCESS_UTIL_H_
