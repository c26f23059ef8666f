#include "bench/cpu_use.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

namespace bench {
namespace {

// utime + stime (fields 14 and 15 of /proc/PID/stat), in seconds. The command
// name (field 2) may hold spaces, so fields are counted after its ')'.
std::optional<double> CpuSeconds(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)),
                   std::istreambuf_iterator<char>());
  const size_t paren = stat.rfind(')');
  if (paren == std::string::npos) return std::nullopt;
  std::istringstream fields(stat.substr(paren + 1));
  std::string skipped;
  for (int field = 3; field < 14; ++field) fields >> skipped;  // state..cmajflt
  long long utime = 0, stime = 0;
  if (!(fields >> utime >> stime)) return std::nullopt;
  return static_cast<double>(utime + stime) / sysconf(_SC_CLK_TCK);
}

// The sum of voluntary_ctxt_switches and nonvoluntary_ctxt_switches over the
// process's live threads.
int64_t ContextSwitches(pid_t pid) {
  int64_t switches = 0;
  std::error_code error;
  for (const auto& task : std::filesystem::directory_iterator(
           "/proc/" + std::to_string(pid) + "/task", error)) {
    std::ifstream status(task.path() / "status");
    std::string line;
    while (std::getline(status, line)) {
      if (line.rfind("voluntary_ctxt_switches:", 0) == 0 ||
          line.rfind("nonvoluntary_ctxt_switches:", 0) == 0) {
        switches += std::stoll(line.substr(line.find(':') + 1));
      }
    }
  }
  return switches;
}

std::optional<ProcessCpu> Since(const std::optional<ProcessCpu>& start,
                                pid_t pid) {
  if (!start.has_value()) return std::nullopt;
  std::optional<ProcessCpu> now = ReadProcessCpu(pid);
  if (!now.has_value()) return std::nullopt;
  return ProcessCpu{now->cpu_s - start->cpu_s, now->switches - start->switches};
}

}  // namespace

std::optional<ProcessCpu> ReadProcessCpu(pid_t pid) {
  std::optional<double> cpu = CpuSeconds(pid);
  if (!cpu.has_value()) return std::nullopt;
  return ProcessCpu{*cpu, ContextSwitches(pid)};
}

CpuMeter::CpuMeter(pid_t server_pid)
    : server_pid_(server_pid), client_start_(ReadProcessCpu(getpid())) {
  if (server_pid_ > 0) server_start_ = ReadProcessCpu(server_pid_);
}

CpuUse CpuMeter::Elapsed() const {
  return {Since(client_start_, getpid()), Since(server_start_, server_pid_)};
}

}  // namespace bench
