// BankService.Regrade: moves a quiz's finished attempts onto a newer bank
// version after a key fix, keeping both results.
#include <cmath>
#include <future>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "server/service/call.h"
#include "server/service/learner.h"
#include "server/service/quiz_catalog.h"
#include "server/service/regrade.h"
#include "server/service/services.h"

namespace service {
namespace {

// Whether a regrade changed what a student is told: the score, or passing
// (a moved pass mark flips a pass without a change of score).
bool ResultChanged(const quiz::v1::AttemptResult& before,
                   const quiz::v1::AttemptResult& after) {
  return std::fabs(after.score() - before.score()) > 1e-9 ||
         after.passed() != before.passed();
}

// Runs a whole regrade on a worker thread; store writes are waited for one
// attempt at a time, so a failure leaves every earlier attempt regraded and
// every later one untouched (running Regrade again finishes the job).
absl::Status RunRegrade(Context& context, const std::string& quiz_id,
                        const store::BankVersionRecord& after,
                        const quiz::v1::Quiz& quiz, const std::string& by,
                        bool dry_run, quiz::v1::RegradeResponse* response) {
  absl::StatusOr<std::vector<store::AttemptRecord>> attempts =
      context.store.ListFinishedAttempts(quiz_id);
  if (!attempts.ok()) return attempts.status();
  std::map<int64_t, std::string> usernames;
  std::set<std::string> changed_items;
  for (const store::AttemptRecord& attempt : *attempts) {
    if (attempt.bank_id != after.bank_id ||
        attempt.bank_version >= after.version) {
      continue;
    }
    absl::StatusOr<store::BankVersionRecord> before =
        context.store.GetBankVersion(attempt.bank_id, attempt.bank_version);
    if (!before.ok()) return before.status();
    absl::StatusOr<std::vector<store::ResponseRecord>> responses =
        context.store.ListResponses(attempt.id);
    if (!responses.ok()) return responses.status();
    if (usernames.count(attempt.user_id) == 0) {
      absl::StatusOr<store::UserRecord> user =
          context.store.GetUserById(attempt.user_id);
      if (!user.ok()) return user.status();
      usernames[attempt.user_id] = user->username;
    }
    RegradePlan plan =
        PlanRegrade(attempt, *responses, *before->bank, *after.bank, quiz);
    changed_items.insert(plan.changed_items.begin(), plan.changed_items.end());

    quiz::v1::RegradedAttempt* out = response->add_attempts();
    out->set_attempt("attempts/" + attempt.id);
    out->set_user("users/" + usernames[attempt.user_id]);
    out->set_from_version(attempt.bank_version);
    out->set_old_score(attempt.result.score());
    out->set_old_percent(attempt.result.percent());
    out->set_old_passed(attempt.result.passed());
    out->set_new_score(attempt.result.score());
    out->set_new_percent(attempt.result.percent());
    out->set_new_passed(attempt.result.passed());
    response->set_attempts_examined(response->attempts_examined() + 1);
    if (!plan.skipped_reason.empty()) {
      out->set_skipped_reason(plan.skipped_reason);
      response->set_attempts_skipped(response->attempts_skipped() + 1);
      continue;
    }
    if (!dry_run) {
      plan.record.regraded_by = by;
      plan.record.regrade_time_ms = NowMs();
      std::promise<absl::Status> applied;
      context.store.RegradeAttempt(
          plan.record, [&applied](absl::Status s) { applied.set_value(s); });
      absl::Status status = applied.get_future().get();
      context.learners.Changed(attempt.user_id);
      if (absl::IsFailedPrecondition(status)) {  // regraded concurrently
        out->set_skipped_reason(std::string(status.message()));
        response->set_attempts_skipped(response->attempts_skipped() + 1);
        continue;
      }
      // WatchProgress hears of it from the event log (progress_feed.h).
      if (!status.ok()) return status;
    }
    const quiz::v1::AttemptResult& result = plan.record.new_result;
    out->set_new_score(result.score());
    out->set_new_percent(result.percent());
    out->set_new_passed(result.passed());
    for (const std::string& id : plan.regraded_items) {
      out->add_regraded_items(id);
    }
    response->set_attempts_regraded(response->attempts_regraded() + 1);
    if (ResultChanged(attempt.result, result)) {
      response->set_scores_changed(response->scores_changed() + 1);
    }
  }
  for (const std::string& id : changed_items) response->add_changed_items(id);
  return absl::OkStatus();
}

}  // namespace

grpc::ServerUnaryReactor* BankServiceImpl::Regrade(
    grpc::CallbackServerContext* ctx, const quiz::v1::RegradeRequest* request,
    quiz::v1::RegradeResponse* response) {
  auto* call =
      new Call(context_, ctx, "BankService.Regrade", *request, response);
  grpc::ServerUnaryReactor* reactor = call->reactor();
  if (!call->Authenticate()) return reactor;
  absl::StatusOr<std::string> quiz_id =
      ResourceId(request->quiz(), "quizzes", "quiz");
  absl::StatusOr<CatalogQuiz> entry =
      quiz_id.ok() ? context_.catalog.FindQuiz(*quiz_id)
                   : absl::StatusOr<CatalogQuiz>(quiz_id.status());
  if (!entry.ok()) {
    call->Finish(entry.status());
    return reactor;
  }
  if (absl::Status may =
          MayChangeBank(context_.store, call->principal(), entry->bank.bank_id);
      !may.ok()) {
    call->Finish(may);
    return reactor;
  }
  if (request->to_version() < 0) {
    call->Finish(
        absl::InvalidArgumentError("to_version: must not be negative"));
    return reactor;
  }
  absl::StatusOr<store::BankVersionRecord> after =
      context_.store.GetBankVersion(entry->bank.bank_id, request->to_version());
  if (!after.ok()) {
    call->Finish(after.status());
    return reactor;
  }
  const quiz::v1::Quiz* quiz = FindQuizIn(after->bank->outline(), *quiz_id);
  if (quiz == nullptr) {
    call->Finish(absl::FailedPreconditionError(
        absl::StrCat("to_version: version ", after->version, " of bank ",
                     after->bank_id, " has no quiz ", *quiz_id)));
    return reactor;
  }
  response->set_to_version(after->version);
  response->set_dry_run(request->dry_run());
  Context& context = context_;
  const std::string by = "users/" + call->principal().username;
  context_.workers.Run([call, response, &context, id = *quiz_id,
                        after = *std::move(after), quiz, by,
                        dry_run = request->dry_run()] {
    call->Finish(RunRegrade(context, id, after, *quiz, by, dry_run, response));
  });
  return reactor;
}

}  // namespace service
