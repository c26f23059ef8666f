// The quiz RPCs the scenarios issue, one function each, on top of Unary().
// Each calls `done` once on a gRPC thread with the call's status and latency;
// `done` must not block.
#ifndef QUIZD_BENCH_CALLS_H_
#define QUIZD_BENCH_CALLS_H_

#include <grpcpp/grpcpp.h>

#include <functional>
#include <optional>
#include <string>

#include "bench/session.h"

namespace bench {

using CallDone = std::function<void(const grpc::Status&, double ms)>;

// Health/Check of the whole server (service "").
void CheckHealth(Session& session, int slot, CallDone done);

// StartAttempt of the exam quiz as `student`, the reply in `view` (either
// carries the item ids). On success `attempt` is set.
using StartDone = std::function<void(const grpc::Status&, double ms,
                                     std::optional<OpenAttempt> attempt)>;
void StartExam(Session& session, int slot, int student, StartDone done,
               quiz::v1::AttemptView view = quiz::v1::ATTEMPT_VIEW_FULL);

// Answers the next unanswered item of `attempt` (with ChosenOption), which
// must have one and must stay alive until `done` runs. On success the
// response is logged in session.acks and `attempt->answered` advances.
void SubmitNext(Session& session, int slot, OpenAttempt* attempt,
                CallDone done);

// FinishAttempt of `attempt`, the reply in `view`.
void Finish(Session& session, int slot, const OpenAttempt& attempt,
            CallDone done,
            quiz::v1::AttemptView view = quiz::v1::ATTEMPT_VIEW_FULL);

// GetAttempt of `attempt_name` as `student`; `done` also gets the reply.
using GetDone = std::function<void(const grpc::Status&, double ms,
                                   const quiz::v1::Attempt& attempt)>;
void GetAttempt(Session& session, int slot, int student,
                const std::string& attempt_name, GetDone done);

#ifdef QUIZ_BENCH_HAS_PROGRESS
// ProgressService.GetProgress of `student`'s own progress (user left empty).
void GetProgress(Session& session, int slot, int student, CallDone done);
#endif

// "CODE: message" of a failed call.
std::string Describe(const grpc::Status& status);

}  // namespace bench

#endif  // QUIZD_BENCH_CALLS_H_
