// Running the real quizd from the bench: `quizd user add` as a one-shot
// command, and a serving quizd on a free port whose address is read from its
// "listening on HOST:PORT" line. (tests/e2e/process_util does the same for
// the tests; this copy takes the binary path at run time and can kill -9.)
#ifndef QUIZD_BENCH_QUIZD_PROCESS_H_
#define QUIZD_BENCH_QUIZD_PROCESS_H_

#include <sys/types.h>

#include <string>
#include <vector>

namespace bench {

struct CommandResult {
  int exit_code = -1;  // 128 + signal when killed by a signal
  std::string err;     // stderr (stdout is discarded)
};

// Runs `argv` with `input` on its stdin and waits for it.
CommandResult RunCommand(const std::vector<std::string>& argv,
                         const std::string& input);

// A quizd serving `db` and `banks` on 127.0.0.1 and a port it picks, its
// stderr appended to `log_file` (a file, not a pipe, so that quizd never
// blocks on a full pipe however much it logs). Start() waits up to 60 s for
// the "listening on" line. The destructor stops a running quizd with SIGTERM.
class QuizdProcess {
 public:
  QuizdProcess(std::string binary, std::string db, std::string banks,
               std::string log_file);
  ~QuizdProcess();
  QuizdProcess(const QuizdProcess&) = delete;
  QuizdProcess& operator=(const QuizdProcess&) = delete;

  // Starts quizd (again, after Stop). Returns false, with log() telling why,
  // when it exited or did not listen in time.
  bool Start();
  // "127.0.0.1:PORT" of the running quizd.
  std::string address() const;
  // The running quizd's process id; -1 when it is not running.
  pid_t pid() const { return pid_; }
  // Everything quizd wrote to stderr so far, over every start.
  std::string log() const;
  // Sends `signal` (SIGKILL for a crash) and reaps the process.
  void Stop(int signal);

 private:
  std::string binary_, db_, banks_, log_file_;
  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace bench

#endif  // QUIZD_BENCH_QUIZD_PROCESS_H_
