#include "bench/calls.h"

#include "absl/strings/str_cat.h"
#include "bench/synthetic_bank.h"

namespace bench {

void CheckHealth(Session& session, int slot, CallDone done) {
  Stubs& stubs = session.clients->For(slot);
  Unary<grpc::health::v1::HealthCheckRequest,
        grpc::health::v1::HealthCheckResponse>(
      [&stubs](auto... a) { stubs.health->async()->Check(a...); }, "", {},
      [done](const grpc::Status& status,
             const grpc::health::v1::HealthCheckResponse& response, double ms) {
        if (status.ok() && response.status() !=
                               grpc::health::v1::HealthCheckResponse::SERVING) {
          done(grpc::Status(grpc::StatusCode::UNAVAILABLE, "not SERVING"), ms);
          return;
        }
        done(status, ms);
      });
}

void StartExam(Session& session, int slot, int student, StartDone done,
               quiz::v1::AttemptView view) {
  Stubs& stubs = session.clients->For(slot);
  quiz::v1::StartAttemptRequest request;
  request.set_quiz(absl::StrCat("quizzes/", kExamQuiz));
  request.set_view(view);
  Unary<quiz::v1::StartAttemptRequest, quiz::v1::Attempt>(
      [&stubs](auto... a) { stubs.attempts->async()->StartAttempt(a...); },
      session.students[student].token, std::move(request),
      [done, student](const grpc::Status& status,
                      const quiz::v1::Attempt& reply, double ms) {
        if (!status.ok()) {
          done(status, ms, std::nullopt);
          return;
        }
        OpenAttempt attempt;
        attempt.name = reply.name();
        attempt.student = student;
        for (const quiz::v1::AttemptItem& item : reply.items()) {
          attempt.item_ids.push_back(item.item().id());
        }
        done(status, ms, std::move(attempt));
      });
}

void SubmitNext(Session& session, int slot, OpenAttempt* attempt,
                CallDone done) {
  Stubs& stubs = session.clients->For(slot);
  quiz::v1::SubmitResponseRequest request;
  request.set_attempt(attempt->name);
  request.set_item_id(attempt->item_ids[attempt->answered]);
  const std::string option = ChosenOption(request.item_id());
  request.mutable_response()->mutable_choice()->add_option_ids(option);
  Ack ack{attempt->name, attempt->student, request.item_id(), option};
  Unary<quiz::v1::SubmitResponseRequest, quiz::v1::SubmitResponseResponse>(
      [&stubs](auto... a) { stubs.attempts->async()->SubmitResponse(a...); },
      session.students[attempt->student].token, std::move(request),
      [&session, attempt, ack, done](
          const grpc::Status& status,
          const quiz::v1::SubmitResponseResponse& reply, double ms) {
        if (status.ok()) {
          session.acks.Add(ack);
          ++attempt->answered;
        }
        done(status, ms);
      });
}

void Finish(Session& session, int slot, const OpenAttempt& attempt,
            CallDone done, quiz::v1::AttemptView view) {
  Stubs& stubs = session.clients->For(slot);
  quiz::v1::FinishAttemptRequest request;
  request.set_name(attempt.name);
  request.set_view(view);
  Unary<quiz::v1::FinishAttemptRequest, quiz::v1::Attempt>(
      [&stubs](auto... a) { stubs.attempts->async()->FinishAttempt(a...); },
      session.students[attempt.student].token, std::move(request),
      [done](const grpc::Status& status, const quiz::v1::Attempt& reply,
             double ms) { done(status, ms); });
}

void GetAttempt(Session& session, int slot, int student,
                const std::string& attempt_name, GetDone done) {
  Stubs& stubs = session.clients->For(slot);
  quiz::v1::GetAttemptRequest request;
  request.set_name(attempt_name);
  Unary<quiz::v1::GetAttemptRequest, quiz::v1::Attempt>(
      [&stubs](auto... a) { stubs.attempts->async()->GetAttempt(a...); },
      session.students[student].token, std::move(request),
      [done](const grpc::Status& status, const quiz::v1::Attempt& reply,
             double ms) { done(status, ms, reply); });
}

#ifdef QUIZ_BENCH_HAS_PROGRESS
void GetProgress(Session& session, int slot, int student, CallDone done) {
  Stubs& stubs = session.clients->For(slot);
  quiz::v1::GetProgressRequest request;
  // Empty: the caller's own progress.
  Unary<quiz::v1::GetProgressRequest, quiz::v1::Progress>(
      [&stubs](auto... a) { stubs.progress->async()->GetProgress(a...); },
      session.students[student].token, std::move(request),
      [done](const grpc::Status& status, const quiz::v1::Progress& reply,
             double ms) { done(status, ms); });
}
#endif

std::string Describe(const grpc::Status& status) {
  return absl::StrCat(status.error_code(), ": ", status.error_message());
}

}  // namespace bench
