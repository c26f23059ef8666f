// What the two sides of a run cost the machine: CPU time and context
// switches, read from /proc (Linux). Client and server share the cores, so a
// scenario's ratio to the floor is bounded by what each request costs both of
// them together; these figures show where that cost is.
#ifndef QUIZD_BENCH_CPU_USE_H_
#define QUIZD_BENCH_CPU_USE_H_

#include <sys/types.h>

#include <cstdint>
#include <optional>

namespace bench {

// A process's totals so far: user + system CPU time of all its threads
// (/proc/PID/stat, exited threads included) and the voluntary and involuntary
// context switches of its live threads (/proc/PID/task/*/status).
struct ProcessCpu {
  double cpu_s = 0;
  int64_t switches = 0;
};

// nullopt when `pid` is gone or /proc cannot be read.
std::optional<ProcessCpu> ReadProcessCpu(pid_t pid);

// Spent between a meter's construction and Elapsed(). A side that could not
// be read at both ends (no server pid with --target) is nullopt.
struct CpuUse {
  std::optional<ProcessCpu> client;  // this process
  std::optional<ProcessCpu> server;
};

class CpuMeter {
 public:
  // `server_pid` <= 0: the server is not measured.
  explicit CpuMeter(pid_t server_pid);
  CpuUse Elapsed() const;

 private:
  pid_t server_pid_;
  std::optional<ProcessCpu> client_start_, server_start_;
};

}  // namespace bench

#endif  // QUIZD_BENCH_CPU_USE_H_
