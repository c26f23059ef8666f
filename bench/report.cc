#include "bench/report.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"

namespace bench {
namespace {

// The nearest-rank percentile `p` (0-100] of sorted `ms`.
double Percentile(const std::vector<double>& ms, double p) {
  if (ms.empty()) return 0;
  const size_t rank = static_cast<size_t>(std::ceil(p / 100 * ms.size()));
  return ms[std::clamp<size_t>(rank, 1, ms.size()) - 1];
}

void Put(google::protobuf::Struct* object, const std::string& key,
         double number) {
  (*object->mutable_fields())[key].set_number_value(number);
}

void Put(google::protobuf::Struct* object, const std::string& key,
         const std::string& text) {
  (*object->mutable_fields())[key].set_string_value(text);
}

google::protobuf::Struct* PutObject(google::protobuf::Struct* object,
                                    const std::string& key) {
  return (*object->mutable_fields())[key].mutable_struct_value();
}

// A per-request cost for the table: "-" when it was not measured.
std::string Cost(double value, const char* format) {
  return value < 0 ? "-" : absl::StrFormat(format, value);
}

}  // namespace

ScenarioResult Summarize(std::string name, std::string rpc,
                         std::vector<double> ms, int64_t errors,
                         std::string first_error, double elapsed_s) {
  std::sort(ms.begin(), ms.end());
  ScenarioResult row;
  row.name = std::move(name);
  row.rpc = std::move(rpc);
  row.requests = static_cast<int64_t>(ms.size());
  row.errors = errors;
  row.first_error = std::move(first_error);
  row.elapsed_s = elapsed_s;
  row.rps = elapsed_s > 0 ? row.requests / elapsed_s : 0;
  row.p50_ms = Percentile(ms, 50);
  row.p99_ms = Percentile(ms, 99);
  row.max_ms = ms.empty() ? 0 : ms.back();
  return row;
}

void SetCpu(const CpuUse& cpu, ScenarioResult* row) {
  if (row->requests <= 0) return;
  const double per = 1.0 / row->requests;
  if (cpu.client.has_value())
    row->client_cpu_us = cpu.client->cpu_s * 1e6 * per;
  if (cpu.server.has_value()) {
    row->server_cpu_us = cpu.server->cpu_s * 1e6 * per;
    row->server_switches = cpu.server->switches * per;
  }
}

void SetRatios(Report* report) {
  double floor = 0;
  for (const ScenarioResult& row : report->rows) {
    if (row.name == "health") floor = row.rps;
  }
  for (ScenarioResult& row : report->rows) {
    row.ratio_to_floor = floor > 0 ? row.rps / floor : 0;
  }
}

std::string FormatTable(const Report& report) {
  std::string out = absl::StrFormat(
      "quiz-bench against %s, concurrency %d, %.1f s per scenario\n\n",
      report.target, report.concurrency, report.duration_s);
  absl::StrAppendFormat(
      &out, "%-24s %-32s %9s %10s %8s %8s %8s %8s %6s %8s %8s %7s\n",
      "scenario", "rpc", "requests", "req/s", "x floor", "p50 ms", "p99 ms",
      "max ms", "errors", "cli us", "srv us", "srv cs");
  for (const ScenarioResult& row : report.rows) {
    absl::StrAppendFormat(
        &out,
        "%-24s %-32s %9d %10.0f %8.3f %8.2f %8.2f %8.2f %6d %8s %8s %7s\n",
        row.name, row.rpc, row.requests, row.rps, row.ratio_to_floor,
        row.p50_ms, row.p99_ms, row.max_ms, row.errors,
        Cost(row.client_cpu_us, "%.1f"), Cost(row.server_cpu_us, "%.1f"),
        Cost(row.server_switches, "%.2f"));
  }
  absl::StrAppend(&out,
                  "\n(cli us, srv us: CPU microseconds per request of "
                  "quiz-bench and of quizd; srv cs: quizd's context switches "
                  "per request)");
  for (const ScenarioResult& row : report.rows) {
    if (row.errors > 0) {
      absl::StrAppend(&out, "\n", row.name, ": first error: ", row.first_error);
    }
  }
  for (const std::string& skipped : report.skipped) {
    absl::StrAppend(&out, "\nskipped: ", skipped);
  }
  if (report.exam_day.has_value()) {
    const ExamDayResult& day = *report.exam_day;
    absl::StrAppendFormat(
        &out,
        "\nexam day: %d students x %d items in %.2f s wall time: %d answers, "
        "%.0f answers/s",
        day.students, day.items, day.wall_s, day.answers, day.answers_per_s);
  }
  if (report.kill_check.has_value()) {
    const KillCheckResult& check = *report.kill_check;
    absl::StrAppendFormat(
        &out,
        "\nkill check: acknowledged %d, found %d (%d attempts read back after "
        "kill -9 and a restart in %.2f s)%s",
        check.acknowledged, check.found, check.attempts, check.restart_s,
        check.found == check.acknowledged ? "" : "  LOST ANSWERS");
  }
  return out + "\n";
}

std::string FormatJson(const Report& report) {
  google::protobuf::Struct root;
  Put(&root, "target", report.target);
  Put(&root, "concurrency", report.concurrency);
  Put(&root, "duration_s", report.duration_s);
  google::protobuf::ListValue* rows =
      (*root.mutable_fields())["scenarios"].mutable_list_value();
  for (const ScenarioResult& row : report.rows) {
    google::protobuf::Struct* object =
        rows->add_values()->mutable_struct_value();
    Put(object, "name", row.name);
    Put(object, "rpc", row.rpc);
    Put(object, "requests", row.requests);
    Put(object, "errors", row.errors);
    if (row.errors > 0) Put(object, "first_error", row.first_error);
    Put(object, "elapsed_s", row.elapsed_s);
    Put(object, "rps", row.rps);
    Put(object, "ratio_to_floor", row.ratio_to_floor);
    Put(object, "p50_ms", row.p50_ms);
    Put(object, "p99_ms", row.p99_ms);
    Put(object, "max_ms", row.max_ms);
    if (row.client_cpu_us >= 0) Put(object, "client_cpu_us", row.client_cpu_us);
    if (row.server_cpu_us >= 0) {
      Put(object, "server_cpu_us", row.server_cpu_us);
      Put(object, "server_switches", row.server_switches);
    }
  }
  google::protobuf::ListValue* skipped =
      (*root.mutable_fields())["skipped"].mutable_list_value();
  for (const std::string& text : report.skipped) {
    skipped->add_values()->set_string_value(text);
  }
  if (report.exam_day.has_value()) {
    google::protobuf::Struct* day = PutObject(&root, "exam_day");
    Put(day, "students", report.exam_day->students);
    Put(day, "items", report.exam_day->items);
    Put(day, "wall_s", report.exam_day->wall_s);
    Put(day, "answers", report.exam_day->answers);
    Put(day, "answers_per_s", report.exam_day->answers_per_s);
  }
  if (report.kill_check.has_value()) {
    google::protobuf::Struct* check = PutObject(&root, "kill_check");
    Put(check, "acknowledged", report.kill_check->acknowledged);
    Put(check, "found", report.kill_check->found);
    Put(check, "attempts", report.kill_check->attempts);
    Put(check, "restart_s", report.kill_check->restart_s);
  }
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.always_print_primitive_fields = true;
  (void)google::protobuf::util::MessageToJsonString(root, &json, options);
  return json;
}

}  // namespace bench
