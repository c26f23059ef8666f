// The timed scenarios: each keeps session.concurrency calls of one RPC in
// flight for session.duration_s and summarizes them. They run in this order
// and hand attempts on through session.pool: start leaves fresh attempts,
// submit answers them, finish finishes them. Run alone, a scenario starts the
// attempts it needs itself, outside its measurements.
#ifndef QUIZD_BENCH_SCENARIOS_H_
#define QUIZD_BENCH_SCENARIOS_H_

#include "bench/closed_loop.h"
#include "bench/report.h"
#include "bench/session.h"

namespace bench {

// The floor: grpc.health.v1.Health/Check, which touches neither auth nor the
// store. Every other row is compared with it.
ScenarioResult RunHealth(Session& session);
// AttemptService/StartAttempt of the exam quiz (one durable write, a reply
// with every item in full).
ScenarioResult RunStart(Session& session);
// The same in the basic view: the reply names the items without their
// content, so the row shows the cost of starting apart from the payload.
ScenarioResult RunStartBasic(Session& session);
// AttemptService/SubmitResponse, each slot answering the items of one
// attempt after another; every reply comes after its write committed.
ScenarioResult RunSubmit(Session& session);
// AttemptService/FinishAttempt of the attempts left by the scenarios before
// (answered ones first); returns the graded attempt with keys and rationales.
ScenarioResult RunFinish(Session& session);
// The same in the basic view: the result and each item's outcome, without the
// items' content, keys and rationales (what an LMS pulling grades needs).
ScenarioResult RunFinishBasic(Session& session);
#ifdef QUIZ_BENCH_HAS_PROGRESS
// ProgressService/GetProgress of each student's own progress.
ScenarioResult RunProgress(Session& session);
#endif

// The submit scenario's step, for reuse by the kill check: answers the next
// item of the slot's current attempt in `current` (one entry per slot), taking
// or starting another attempt when it has none left. Calls next(false) on any
// error.
Step SubmitStep(Session& session, std::vector<OpenAttempt>* current);

}  // namespace bench

#endif  // QUIZD_BENCH_SCENARIOS_H_
