#include "bench/exam_day.h"

#include <algorithm>
#include <memory>

#include "bench/calls.h"
#include "bench/closed_loop.h"

namespace bench {
namespace {

// Kinds of call in the exam day's logs.
enum Kind { kStart = 0, kSubmit = 1, kFinish = 2, kKinds = 3 };
constexpr const char* kRpcNames[kKinds] = {"StartAttempt", "SubmitResponse",
                                           "FinishAttempt"};

// Logs a completed call of `kind` and continues (`more` when it succeeded).
void Record(LatencyLog* log, const Next& next, Kind kind,
            const grpc::Status& status, double ms, bool more) {
  if (status.ok()) {
    log->Add(kind, ms);
  } else {
    log->Fail(std::string(kRpcNames[kind]) + ": " + Describe(status));
  }
  next(status.ok() && more);
}

}  // namespace

ExamDayResult RunExamDay(Session& session, int students,
                         std::vector<ScenarioResult>* rows) {
  // One student per slot; each slot's attempt lives here until the end.
  auto attempts = std::make_shared<std::vector<OpenAttempt>>(students);
  const Step step = [&session, attempts](int slot, LatencyLog* log, Next next) {
    OpenAttempt* attempt = &(*attempts)[slot];
    if (attempt->name.empty()) {
      StartExam(session, slot, slot,
                [attempt, log, next](const grpc::Status& status, double ms,
                                     std::optional<OpenAttempt> started) {
                  if (started.has_value()) *attempt = *std::move(started);
                  Record(log, next, kStart, status, ms, true);
                });
    } else if (attempt->answered < attempt->item_ids.size()) {
      SubmitNext(session, slot, attempt,
                 [log, next](const grpc::Status& status, double ms) {
                   Record(log, next, kSubmit, status, ms, true);
                 });
    } else {
      Finish(session, slot, *attempt,
             [log, next](const grpc::Status& status, double ms) {
               Record(log, next, kFinish, status, ms, false);
             });
    }
  };
  LoopResult result = RunClosedLoop(students, 0, step, session.server_pid);
  result.log.ms_by_kind.resize(kKinds);

  std::vector<double> all;
  ExamDayResult day;
  day.students = students;
  day.wall_s = result.elapsed_s;
  day.answers = static_cast<int64_t>(result.log.ms_by_kind[kSubmit].size());
  day.answers_per_s = day.wall_s > 0 ? day.answers / day.wall_s : 0;
  for (const OpenAttempt& attempt : *attempts) {
    day.items = std::max(day.items, static_cast<int>(attempt.item_ids.size()));
  }
  for (int kind = 0; kind < kKinds; ++kind) {
    std::vector<double>& ms = result.log.ms_by_kind[kind];
    all.insert(all.end(), ms.begin(), ms.end());
    rows->push_back(Summarize(std::string("examday/") + kRpcNames[kind],
                              std::string("AttemptService/") + kRpcNames[kind],
                              std::move(ms), 0, "", result.elapsed_s));
  }
  rows->push_back(Summarize("examday", "(all of the above)", std::move(all),
                            result.log.errors, result.log.first_error,
                            result.elapsed_s));
  SetCpu(result.cpu, &rows->back());
  return day;
}

}  // namespace bench
