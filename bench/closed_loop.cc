#include "bench/closed_loop.h"

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>

namespace bench {
namespace {

using Clock = std::chrono::steady_clock;

struct Loop {
  Step step;
  bool timed = false;
  Clock::time_point deadline;
  std::vector<LatencyLog> logs;
  std::mutex mutex;
  std::condition_variable all_ended;
  int running = 0;
};

void EndSlot(const std::shared_ptr<Loop>& loop) {
  std::lock_guard<std::mutex> lock(loop->mutex);
  if (--loop->running == 0) loop->all_ended.notify_all();
}

// Starts the slot's next step, or ends the slot when time is up. Steps always
// complete through a gRPC callback, so this never recurses on one stack.
void Continue(const std::shared_ptr<Loop>& loop, int slot) {
  if (loop->timed && Clock::now() >= loop->deadline) {
    EndSlot(loop);
    return;
  }
  loop->step(slot, &loop->logs[slot], [loop, slot](bool more) {
    if (more) {
      Continue(loop, slot);
    } else {
      EndSlot(loop);
    }
  });
}

}  // namespace

void LatencyLog::Add(int kind, double ms) {
  if (kind >= static_cast<int>(ms_by_kind.size())) ms_by_kind.resize(kind + 1);
  ms_by_kind[kind].push_back(ms);
}

void LatencyLog::Fail(const std::string& what) {
  if (errors++ == 0) first_error = what;
}

void LatencyLog::Merge(const LatencyLog& other) {
  if (other.ms_by_kind.size() > ms_by_kind.size()) {
    ms_by_kind.resize(other.ms_by_kind.size());
  }
  for (size_t kind = 0; kind < other.ms_by_kind.size(); ++kind) {
    ms_by_kind[kind].insert(ms_by_kind[kind].end(),
                            other.ms_by_kind[kind].begin(),
                            other.ms_by_kind[kind].end());
  }
  if (errors == 0) first_error = other.first_error;
  errors += other.errors;
}

LoopResult RunClosedLoop(int slots, double duration_s, const Step& step,
                         pid_t server_pid) {
  auto loop = std::make_shared<Loop>();
  loop->step = step;
  loop->logs.resize(slots);
  loop->running = slots;
  const CpuMeter meter(server_pid);
  const Clock::time_point start = Clock::now();
  loop->timed = duration_s > 0;
  loop->deadline =
      start +
      std::chrono::duration_cast<Clock::duration>(
          std::chrono::duration<double>(duration_s > 0 ? duration_s : 0));
  for (int slot = 0; slot < slots; ++slot) Continue(loop, slot);
  {
    std::unique_lock<std::mutex> lock(loop->mutex);
    loop->all_ended.wait(lock, [&loop] { return loop->running == 0; });
  }
  LoopResult result;
  result.elapsed_s =
      std::chrono::duration<double>(Clock::now() - start).count();
  result.cpu = meter.Elapsed();
  for (const LatencyLog& log : loop->logs) result.log.Merge(log);
  return result;
}

}  // namespace bench
