// Results of a run, and how they are printed: a table for people, JSON (via
// google::protobuf::Struct) for scripts.
#ifndef QUIZD_BENCH_REPORT_H_
#define QUIZD_BENCH_REPORT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bench/cpu_use.h"

namespace bench {

// One row: one kind of call under one scenario.
struct ScenarioResult {
  std::string name;      // "submit", or "examday/SubmitResponse" for a part
  std::string rpc;       // "AttemptService/SubmitResponse"
  int64_t requests = 0;  // completed OK
  int64_t errors = 0;
  std::string first_error;
  double elapsed_s = 0;
  double rps = 0;  // requests / elapsed_s
  double p50_ms = 0, p99_ms = 0, max_ms = 0;
  double ratio_to_floor = 0;  // rps / the health floor's rps
  // Per completed request, over the scenario: CPU microseconds of the load
  // generator and of quizd, and quizd's context switches; -1 when not
  // measured (the server with --target, or a part of a mixed scenario).
  double client_cpu_us = -1, server_cpu_us = -1, server_switches = -1;
};

// A row from latencies (`ms`, unsorted) of calls that took `elapsed_s`.
ScenarioResult Summarize(std::string name, std::string rpc,
                         std::vector<double> ms, int64_t errors,
                         std::string first_error, double elapsed_s);

struct ExamDayResult {
  int students = 0;
  int items = 0;      // per attempt
  double wall_s = 0;  // first StartAttempt to last FinishAttempt
  int64_t answers = 0;
  double answers_per_s = 0;
};

struct KillCheckResult {
  int64_t acknowledged = 0;
  int64_t found = 0;
  int64_t attempts = 0;  // attempts read back
  double restart_s = 0;  // kill -9 to listening again
};

struct Report {
  std::string target;  // "127.0.0.1:PORT (own quizd)" or the --target
  int concurrency = 0;
  double duration_s = 0;
  std::vector<ScenarioResult> rows;
  std::vector<std::string> skipped;  // "progress: no ProgressService"
  std::optional<ExamDayResult> exam_day;
  std::optional<KillCheckResult> kill_check;
};

// Sets `row`'s per-request costs from what its scenario spent.
void SetCpu(const CpuUse& cpu, ScenarioResult* row);

// Sets every row's ratio_to_floor from the row named "health".
void SetRatios(Report* report);
std::string FormatTable(const Report& report);
std::string FormatJson(const Report& report);

}  // namespace bench

#endif  // QUIZD_BENCH_REPORT_H_
