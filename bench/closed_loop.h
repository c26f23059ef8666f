// A closed-loop load driver: N slots, each with one call in flight at a time,
// each issuing its next call as soon as the previous one completes.
#ifndef QUIZD_BENCH_CLOSED_LOOP_H_
#define QUIZD_BENCH_CLOSED_LOOP_H_

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "bench/cpu_use.h"

namespace bench {

// What one slot measured: latencies in milliseconds per kind of call (a
// scenario numbers its kinds from 0), and failures. Touched only by its slot's
// chain of calls, which run one after another, so it needs no lock.
struct LatencyLog {
  std::vector<std::vector<double>> ms_by_kind;
  int64_t errors = 0;
  std::string first_error;

  void Add(int kind, double ms);
  void Fail(const std::string& what);
  // Appends `other`'s samples and errors to this log.
  void Merge(const LatencyLog& other);
};

// Continues the slot's loop (true) or ends it (false: no more work, or an
// error). Must be called exactly once per step, from any thread.
using Next = std::function<void(bool more)>;
// Issues one step of work for `slot`: one measured call (plus any setup
// calls it needs), recorded in `log`, then calls `next`. Runs on the caller's
// thread for the first step and on gRPC threads after; must not block.
using Step = std::function<void(int slot, LatencyLog* log, Next next)>;

struct LoopResult {
  double elapsed_s = 0;  // from the first call to the last completion
  LatencyLog log;        // every slot's log merged
  CpuUse cpu;            // what the loop cost this process and the server
};

// Runs `slots` slots until `duration_s` has passed (no new step starts after
// it; calls in flight complete) or every slot has ended; duration_s <= 0 runs
// until every slot has ended. Blocks until then. The server's CPU is measured
// when `server_pid` > 0.
LoopResult RunClosedLoop(int slots, double duration_s, const Step& step,
                         pid_t server_pid = 0);

}  // namespace bench

#endif  // QUIZD_BENCH_CLOSED_LOOP_H_
