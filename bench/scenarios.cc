#include "bench/scenarios.h"

#include <memory>

#include "bench/calls.h"

namespace bench {
namespace {

// Records a completed call in `log` (latency when OK, the failure otherwise)
// and continues the slot only when it succeeded.
void Record(LatencyLog* log, const Next& next, const grpc::Status& status,
            double ms) {
  if (status.ok()) {
    log->Add(0, ms);
  } else {
    log->Fail(Describe(status));
  }
  next(status.ok());
}

ScenarioResult Run(Session& session, const char* name, const char* rpc,
                   const Step& step) {
  LoopResult result = RunClosedLoop(session.concurrency, session.duration_s,
                                    step, session.server_pid);
  std::vector<double> ms;
  if (!result.log.ms_by_kind.empty()) ms = std::move(result.log.ms_by_kind[0]);
  ScenarioResult row = Summarize(name, rpc, std::move(ms), result.log.errors,
                                 result.log.first_error, result.elapsed_s);
  SetCpu(result.cpu, &row);
  return row;
}

// Gives the slot an attempt with items left to answer (`needs_items`) or any
// open attempt, in `*current`: the one it has, one from the pool, or a new
// one started now (not measured). Then runs `then`; on failure ends the slot.
void WithAttempt(Session& session, int slot, bool needs_items,
                 OpenAttempt* current, LatencyLog* log, Next next,
                 std::function<void()> then) {
  const bool usable =
      !current->name.empty() &&
      (!needs_items || current->answered < current->item_ids.size());
  if (usable) {
    then();
    return;
  }
  if (!current->name.empty()) session.pool.Add(std::move(*current));
  std::optional<OpenAttempt> pooled =
      needs_items ? session.pool.TakeToAnswer() : session.pool.TakeToFinish();
  *current = pooled.has_value() ? *std::move(pooled) : OpenAttempt{};
  if (!current->name.empty()) {
    then();
    return;
  }
  const int student = slot % session.students.size();
  StartExam(session, slot, student,
            [current, log, next, then](const grpc::Status& status, double ms,
                                       std::optional<OpenAttempt> started) {
              if (!status.ok()) {
                log->Fail("StartAttempt: " + Describe(status));
                next(false);
                return;
              }
              *current = *std::move(started);
              then();
            });
}

}  // namespace

ScenarioResult RunHealth(Session& session) {
  return Run(session, "health", "Health/Check",
             [&session](int slot, LatencyLog* log, Next next) {
               CheckHealth(session, slot,
                           [log, next](const grpc::Status& status, double ms) {
                             Record(log, next, status, ms);
                           });
             });
}

namespace {

ScenarioResult RunStartIn(Session& session, const char* name, const char* rpc,
                          quiz::v1::AttemptView view) {
  return Run(session, name, rpc,
             [&session, view](int slot, LatencyLog* log, Next next) {
               const int student = slot % session.students.size();
               StartExam(
                   session, slot, student,
                   [&session, log, next](const grpc::Status& status, double ms,
                                         std::optional<OpenAttempt> attempt) {
                     if (attempt.has_value()) {
                       session.pool.Add(*std::move(attempt));
                     }
                     Record(log, next, status, ms);
                   },
                   view);
             });
}

}  // namespace

ScenarioResult RunStart(Session& session) {
  return RunStartIn(session, "start", "AttemptService/StartAttempt",
                    quiz::v1::ATTEMPT_VIEW_FULL);
}

ScenarioResult RunStartBasic(Session& session) {
  return RunStartIn(session, "start-basic", "AttemptService/StartAttempt BASIC",
                    quiz::v1::ATTEMPT_VIEW_BASIC);
}

Step SubmitStep(Session& session, std::vector<OpenAttempt>* current) {
  return [&session, current](int slot, LatencyLog* log, Next next) {
    OpenAttempt* attempt = &(*current)[slot];
    WithAttempt(session, slot, true, attempt, log, next,
                [&session, slot, attempt, log, next] {
                  SubmitNext(
                      session, slot, attempt,
                      [log, next](const grpc::Status& status, double ms) {
                        Record(log, next, status, ms);
                      });
                });
  };
}

ScenarioResult RunSubmit(Session& session) {
  std::vector<OpenAttempt> current(session.concurrency);
  ScenarioResult row = Run(session, "submit", "AttemptService/SubmitResponse",
                           SubmitStep(session, &current));
  for (OpenAttempt& attempt : current) {
    if (!attempt.name.empty()) session.pool.Add(std::move(attempt));
  }
  return row;
}

namespace {

ScenarioResult RunFinishIn(Session& session, const char* name, const char* rpc,
                           quiz::v1::AttemptView view) {
  auto current =
      std::make_shared<std::vector<OpenAttempt>>(session.concurrency);
  return Run(session, name, rpc,
             [&session, current, view](int slot, LatencyLog* log, Next next) {
               OpenAttempt* attempt = &(*current)[slot];
               WithAttempt(
                   session, slot, false, attempt, log, next,
                   [&session, slot, attempt, log, next, view] {
                     const OpenAttempt finishing = std::move(*attempt);
                     *attempt = OpenAttempt{};  // finished: never reused
                     Finish(
                         session, slot, finishing,
                         [log, next](const grpc::Status& status, double ms) {
                           Record(log, next, status, ms);
                         },
                         view);
                   });
             });
}

}  // namespace

ScenarioResult RunFinish(Session& session) {
  return RunFinishIn(session, "finish", "AttemptService/FinishAttempt",
                     quiz::v1::ATTEMPT_VIEW_FULL);
}

ScenarioResult RunFinishBasic(Session& session) {
  return RunFinishIn(session, "finish-basic",
                     "AttemptService/FinishAttempt BASIC",
                     quiz::v1::ATTEMPT_VIEW_BASIC);
}

#ifdef QUIZ_BENCH_HAS_PROGRESS
ScenarioResult RunProgress(Session& session) {
  return Run(session, "progress", "ProgressService/GetProgress",
             [&session](int slot, LatencyLog* log, Next next) {
               GetProgress(session, slot, slot % session.students.size(),
                           [log, next](const grpc::Status& status, double ms) {
                             Record(log, next, status, ms);
                           });
             });
}
#endif

}  // namespace bench
