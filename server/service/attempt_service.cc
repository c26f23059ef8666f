#include <atomic>
#include <memory>
#include <mutex>

#include "absl/strings/str_cat.h"
#include "question_bank/typed/shown_text.h"
#include "server/auth/password.h"
#include "server/grading/grade.h"
#include "server/service/assigned_start.h"
#include "server/service/attempt_plan.h"
#include "server/service/attempt_view.h"
#include "server/service/call.h"
#include "server/service/learner.h"
#include "server/service/planned_answers.h"
#include "server/service/services.h"

namespace service {
namespace {

using quiz::v1::Attempt;

absl::Status PastDeadline(const std::string& attempt_id) {
  return absl::FailedPreconditionError(
      absl::StrCat("attempts/", attempt_id,
                   " passed its deadline; it was finished with the answers "
                   "given before then"));
}

// Finishes an overdue attempt and fails the call with FAILED_PRECONDITION.
void RefuseOverdue(Call* call, const LoadedAttempt& attempt) {
  FinishAttempt(call->context(), attempt, NowMs(),
                [call, id = attempt.record.id](
                    absl::StatusOr<store::AttemptRecord> finished) {
                  call->Finish(PastDeadline(id));
                });
}

// The same answer for an attempt the deadline sweeper finished first.
absl::Status NotInProgress(const LoadedAttempt& attempt) {
  if (attempt.record.result.timed_out()) return PastDeadline(attempt.record.id);
  return absl::FailedPreconditionError(absl::StrCat(
      "attempts/", attempt.record.id, " is finished; review it instead"));
}

std::string NewAttemptId() { return auth::NewToken().substr(0, 20); }

// Replies with the whole attempt as the caller may see it.
void ReplyWithAttempt(Call* call, const LoadedAttempt& attempt,
                      ItemDetail detail, Attempt* response) {
  call->Finish(
      ReadAttemptView(call->context().store, attempt, detail, response));
}

// Finishes the attempt, then replies with it.
void FinishThenReply(Call* call, std::shared_ptr<LoadedAttempt> attempt,
                     ItemDetail detail, Attempt* response) {
  FinishAttempt(call->context(), *attempt, NowMs(),
                [call, attempt, detail,
                 response](absl::StatusOr<store::AttemptRecord> finished) {
                  if (!finished.ok()) {
                    call->Finish(finished.status());
                    return;
                  }
                  attempt->record = *std::move(finished);
                  ReplyWithAttempt(call, *attempt, detail, response);
                });
}

// The 1-based position of `item_id` when the attempt takes answers to it now.
// Otherwise finishes the call (refusing, and finishing an overdue attempt)
// and returns 0.
int AnswerablePosition(Call* call, const LoadedAttempt& attempt,
                       const std::string& item_id) {
  if (attempt.record.state != quiz::v1::IN_PROGRESS) {
    call->Finish(NotInProgress(attempt));
    return 0;
  }
  if (attempt.overdue(NowMs())) {
    RefuseOverdue(call, attempt);
    return 0;
  }
  const auto& ids = attempt.record.item_ids;
  auto found = std::find(ids.begin(), ids.end(), item_id);
  if (found == ids.end()) {
    call->Finish(absl::InvalidArgumentError(
        absl::StrCat("item_id: \"", typed::ShownText(item_id),
                     "\" is not an item of attempts/", attempt.record.id)));
    return 0;
  }
  return static_cast<int>(found - ids.begin()) + 1;
}

}  // namespace

AttemptServiceImpl::AttemptServiceImpl(Context& context) : context_(context) {
  SetMessageAllocatorFor_StartAttempt(&start_messages_);
  SetMessageAllocatorFor_GetAttempt(&get_messages_);
  SetMessageAllocatorFor_SubmitResponse(&submit_messages_);
  SetMessageAllocatorFor_FinishAttempt(&finish_messages_);
}

grpc::ServerUnaryReactor* AttemptServiceImpl::StartAttempt(
    grpc::CallbackServerContext* ctx,
    const quiz::v1::StartAttemptRequest* request, Attempt* response) {
  auto* call = new Call(context_, ctx, "AttemptService.StartAttempt", *request);
  grpc::ServerUnaryReactor* reactor = call->reactor();
  if (!call->Authenticate()) return reactor;
  const store::RequestKey key = call->RequestKey();
  absl::Status valid = CheckRequestId(request->request_id());
  // With an assignment the quiz may be left out: it is the assignment's.
  const bool assigned = !request->assignment().empty();
  absl::StatusOr<std::string> quiz_id =
      assigned && request->quiz().empty()
          ? absl::StatusOr<std::string>("")
          : ResourceId(request->quiz(), "quizzes", "quiz");
  absl::StatusOr<ItemDetail> detail = DetailOf(request->view());
  if (!valid.ok() || !quiz_id.ok() || !detail.ok()) {
    call->Finish(!valid.ok()     ? valid
                 : !quiz_id.ok() ? quiz_id.status()
                                 : detail.status());
    return reactor;
  }
  if (ReplayIfRetried(call, key, response)) return reactor;
  const int64_t now = NowMs();
  std::optional<AssignedStart> assignment;
  if (assigned) {
    absl::StatusOr<AssignedStart> checked = CheckAssignedStart(
        context_, call->principal(), request->assignment(), now);
    if (checked.ok() && !quiz_id->empty() && *quiz_id != checked->quiz_id) {
      checked = absl::InvalidArgumentError(absl::StrCat(
          "quiz: assignments/", checked->terms.assignment_id, " is of quizzes/",
          checked->quiz_id, ", not quizzes/", *quiz_id));
    }
    if (!checked.ok()) {
      call->Finish(checked.status());
      return reactor;
    }
    *quiz_id = checked->quiz_id;
    assignment = *std::move(checked);
  }
  absl::StatusOr<CatalogQuiz> entry = context_.catalog.FindQuiz(*quiz_id);
  if (!entry.ok()) {
    call->Finish(entry.status());
    return reactor;
  }
  if (!assigned) {
    if (absl::Status open = CheckSelfStudy(*quiz_id, *entry->quiz);
        !open.ok()) {
      call->Finish(open);
      return reactor;
    }
  }
  // Before anything is created: a refused plan starts no attempt and no clock.
  if (absl::Status plan = CheckPlannedAnswers(*entry->bank.bank, *entry->quiz,
                                              request->planned());
      !plan.ok()) {
    call->Finish(plan);
    return reactor;
  }
  if (request->validate_only()) {
    call->Finish(absl::OkStatus());  // the empty Attempt: nothing created
    return reactor;
  }

  store::AttemptRecord record;
  record.id = NewAttemptId();
  record.user_id = call->principal().user_id;
  record.quiz_id = *quiz_id;
  record.bank_id = entry->bank.bank_id;
  record.bank_version = entry->bank.version;
  record.seed = NewSeed();
  record.state = quiz::v1::IN_PROGRESS;
  record.start_time_ms = now;
  if (assignment.has_value()) {
    record.assignment_id = assignment->terms.assignment_id;
    record.deadline_ms =
        DeadlineFor(assignment->terms, entry->quiz->time_limit_seconds(), now);
  } else if (entry->quiz->time_limit_seconds() > 0) {
    record.deadline_ms =
        record.start_time_ms + entry->quiz->time_limit_seconds() * 1000LL;
  }
  absl::StatusOr<std::vector<std::string>> items =
      DrawItems(entry->bank.bank->outline(), *entry->quiz, record.seed);
  if (!items.ok()) {
    call->Finish(items.status());
    return reactor;
  }
  record.item_ids = *std::move(items);

  LoadedAttempt loaded{std::move(record), entry->bank, entry->quiz,
                       call->principal().username};
  if (assignment.has_value()) {
    loaded.release = AttemptRelease{assignment->terms, false, now};
  }
  // Built in place (on the call's arena); gRPC sends it only with OK.
  AttemptView(loaded, {}, {}, *detail, response);
  auto created = [call, key, response](absl::Status status) {
    if (absl::IsAlreadyExists(status) && ReplayIfRetried(call, key, response)) {
      return;  // a concurrent retry won; its reply is the answer
    }
    call->Finish(status);
  };
  std::string reply =
      key.request_id.empty() ? "" : response->SerializeAsString();
  if (assignment.has_value()) {
    // The store counts the attempts used again in the insert's transaction.
    context_.store.CreateAssignedAttempt(
        std::move(loaded.record), assignment->terms.attempts_allowed,
        loaded.quiz->single_open_attempt(), key, std::move(reply),
        std::move(created));
    return reactor;
  }
  // A quiz that allows one open attempt has the store check for one in the
  // same transaction as the insert.
  auto create = loaded.quiz->single_open_attempt()
                    ? &store::Store::CreateSoleOpenAttempt
                    : &store::Store::CreateAttempt;
  (context_.store.*create)(std::move(loaded.record), key, std::move(reply),
                           std::move(created));
  return reactor;
}

grpc::ServerUnaryReactor* AttemptServiceImpl::GetAttempt(
    grpc::CallbackServerContext* ctx,
    const quiz::v1::GetAttemptRequest* request, Attempt* response) {
  auto* call = new Call(context_, ctx, "AttemptService.GetAttempt", *request);
  grpc::ServerUnaryReactor* reactor = call->reactor();
  if (!call->Authenticate()) return reactor;
  absl::StatusOr<ItemDetail> detail = DetailOf(request->view());
  if (!detail.ok()) {
    call->Finish(detail.status());
    return reactor;
  }
  absl::StatusOr<LoadedAttempt> attempt =
      LoadAttempt(context_, call->principal(), request->name(), Access::kRead);
  if (!attempt.ok()) {
    call->Finish(attempt.status());
    return reactor;
  }
  if (attempt->overdue(NowMs())) {
    FinishThenReply(call, std::make_shared<LoadedAttempt>(*std::move(attempt)),
                    *detail, response);
  } else {
    ReplyWithAttempt(call, *attempt, *detail, response);
  }
  return reactor;
}

grpc::ServerUnaryReactor* AttemptServiceImpl::ListAttempts(
    grpc::CallbackServerContext* ctx,
    const quiz::v1::ListAttemptsRequest* request,
    quiz::v1::ListAttemptsResponse* response) {
  auto* call = new Call(context_, ctx, "AttemptService.ListAttempts", *request);
  grpc::ServerUnaryReactor* reactor = call->reactor();
  if (!call->Authenticate()) return reactor;
  const auth::Principal& me = call->principal();
  absl::StatusOr<int> page_size = PageSize(request->page_size());
  if (!page_size.ok()) {
    call->Finish(page_size.status());
    return reactor;
  }
  absl::StatusOr<std::string> after = call->PageCursor();
  if (!after.ok()) {
    call->Finish(after.status());
    return reactor;
  }
  store::UserRecord user;
  user.id = me.user_id;
  user.username = me.username;
  user.role = me.role;
  if (!request->user().empty()) {
    absl::StatusOr<std::string> username =
        ResourceId(request->user(), "users", "user");
    if (!username.ok()) {
      call->Finish(username.status());
      return reactor;
    }
    if (*username != me.username) {
      if (!me.may_act_on_others &&
          me.related != auth::Principal::Related::kOwnLearners) {
        call->Finish(absl::PermissionDeniedError(
            "user: students may list only their own attempts"));
        return reactor;
      }
      // NOT_FOUND, as for a user who does not exist, for one who is not
      // the caller's learner.
      absl::StatusOr<store::UserRecord> other =
          ResolveLearner(context_, me, request->user());
      if (!other.ok()) {
        call->Finish(other.status());
        return reactor;
      }
      user = *std::move(other);
    }
  }
  absl::StatusOr<std::vector<store::AttemptRecord>> records =
      context_.store.ListAttempts(user.id, *after, *page_size + 1);
  if (!records.ok()) {
    call->Finish(records.status());
    return reactor;
  }
  const bool more = static_cast<int>(records->size()) > *page_size;
  if (more) records->resize(*page_size);
  const std::string last_id = records->empty() ? "" : records->back().id;
  // The page is built once every overdue attempt on it has been finished, so
  // a listing never shows an attempt in progress past its deadline.
  struct Page {
    std::vector<LoadedAttempt> attempts;
    std::atomic<int> pending{1};
    absl::Status status;
    std::mutex mutex;
  };
  auto page = std::make_shared<Page>();
  for (store::AttemptRecord& record : *records) {
    absl::StatusOr<LoadedAttempt> loaded =
        LoadAttemptFor(context_, std::move(record), user.username);
    if (!loaded.ok()) {
      call->Finish(loaded.status());
      return reactor;
    }
    page->attempts.push_back(*std::move(loaded));
  }
  auto build = [this, call, response, page, more, last_id] {
    if (!page->status.ok()) {
      call->Finish(page->status);
      return;
    }
    for (const LoadedAttempt& attempt : page->attempts) {
      absl::Status viewed = ReadAttemptView(
          context_.store, attempt, ItemDetail::kNone, response->add_attempts());
      if (!viewed.ok()) {
        call->Finish(viewed);
        return;
      }
    }
    if (more) response->set_next_page_token(call->NextPageToken(last_id));
    call->Finish(absl::OkStatus());
  };
  const int64_t now = NowMs();
  for (LoadedAttempt& attempt : page->attempts) {
    if (!attempt.overdue(now)) continue;
    page->pending++;
    service::FinishAttempt(
        context_, attempt, now,
        [page, build, &attempt](absl::StatusOr<store::AttemptRecord> done) {
          {
            std::lock_guard<std::mutex> lock(page->mutex);
            if (done.ok()) {
              attempt.record = *std::move(done);
            } else {
              page->status = done.status();
            }
          }
          if (--page->pending == 0) build();
        });
  }
  if (--page->pending == 0) build();
  return reactor;
}

grpc::ServerUnaryReactor* AttemptServiceImpl::SubmitResponse(
    grpc::CallbackServerContext* ctx,
    const quiz::v1::SubmitResponseRequest* request,
    quiz::v1::SubmitResponseResponse* response) {
  auto* call =
      new Call(context_, ctx, "AttemptService.SubmitResponse", *request);
  grpc::ServerUnaryReactor* reactor = call->reactor();
  if (!call->Authenticate()) return reactor;
  const store::RequestKey key = call->RequestKey();
  if (absl::Status valid = CheckRequestId(request->request_id()); !valid.ok()) {
    call->Finish(valid);
    return reactor;
  }
  if (ReplayIfRetried(call, key, response)) return reactor;
  absl::StatusOr<LoadedAttempt> attempt = LoadAttempt(
      context_, call->principal(), request->attempt(), Access::kWrite);
  if (!attempt.ok()) {
    call->Finish(attempt.status());
    return reactor;
  }
  const int64_t now = NowMs();
  const int position = AnswerablePosition(call, *attempt, request->item_id());
  if (position == 0) return reactor;
  const std::shared_ptr<const quiz::v1::Item> item =
      attempt->bank.bank->FindItem(request->item_id());
  const bool practice = attempt->mode() == quiz::v1::QUIZ_MODE_PRACTICE;
  if (grading::IsEmptyResponse(request->response())) {
    call->Finish(absl::InvalidArgumentError(
        "response: empty; set the answer field that fits the item"));
    return reactor;
  }
  absl::StatusOr<quiz::v1::Outcome> outcome = grading::Grade(
      *item, request->response(), {attempt->quiz->negative_marking()});
  if (!outcome.ok()) {
    call->Finish(outcome.status());
    return reactor;
  }
  absl::StatusOr<store::Store::Tally> tally =
      context_.store.TallyResponses(attempt->record.id, item->id());
  if (!tally.ok()) {
    call->Finish(tally.status());
    return reactor;
  }
  store::ResponseRecord row;
  row.attempt_id = attempt->record.id;
  row.item_id = item->id();
  row.has_response = true;
  row.response = request->response();
  row.outcome = *std::move(outcome);
  row.update_time_ms = now;
  row.flagged = tally->flagged;
  const int answered = tally->answered_others + 1;
  // Built in place (on the call's arena); gRPC sends it only with OK.
  ItemView(*attempt, *item, position, &row, response->mutable_item());
  response->set_answered_count(answered);
  auto loaded = std::make_shared<LoadedAttempt>(*std::move(attempt));
  context_.store.SaveResponse(
      std::move(row), practice, now, key,
      key.request_id.empty() ? "" : response->SerializeAsString(),
      [this, call, key, response, loaded](absl::Status status) {
        if (absl::IsAlreadyExists(status) &&
            ReplayIfRetried(call, key, response)) {
          return;
        }
        if (absl::IsFailedPrecondition(status) && loaded->overdue(NowMs())) {
          RefuseOverdue(call, *loaded);  // the deadline passed meanwhile
          return;
        }
        if (status.ok()) context_.learners.Changed(loaded->record.user_id);
        call->Finish(status);
      });
  return reactor;
}

grpc::ServerUnaryReactor* AttemptServiceImpl::FlagItem(
    grpc::CallbackServerContext* ctx, const quiz::v1::FlagItemRequest* request,
    quiz::v1::AttemptItem* response) {
  auto* call = new Call(context_, ctx, "AttemptService.FlagItem", *request);
  grpc::ServerUnaryReactor* reactor = call->reactor();
  if (!call->Authenticate()) return reactor;
  absl::StatusOr<LoadedAttempt> attempt = LoadAttempt(
      context_, call->principal(), request->attempt(), Access::kWrite);
  if (!attempt.ok()) {
    call->Finish(attempt.status());
    return reactor;
  }
  const std::string& item_id = request->item_id();
  const int position = AnswerablePosition(call, *attempt, item_id);
  if (position == 0) return reactor;
  absl::StatusOr<std::vector<store::ResponseRecord>> rows =
      context_.store.ListResponses(attempt->record.id);
  if (!rows.ok()) {
    call->Finish(rows.status());
    return reactor;
  }
  store::ResponseRecord row;
  row.attempt_id = attempt->record.id;
  row.item_id = item_id;
  for (const store::ResponseRecord& other : *rows) {
    if (other.item_id == item_id) row = other;
  }
  row.flagged = request->flagged();
  auto view = std::make_shared<quiz::v1::AttemptItem>();
  ItemView(*attempt, *attempt->bank.bank->FindItem(item_id), position, &row,
           view.get());
  context_.store.SetFlag(attempt->record.id, item_id, request->flagged(),
                         [call, view, response](absl::Status status) {
                           if (status.ok()) *response = std::move(*view);
                           call->Finish(status);
                         });
  return reactor;
}

grpc::ServerUnaryReactor* AttemptServiceImpl::FinishAttempt(
    grpc::CallbackServerContext* ctx,
    const quiz::v1::FinishAttemptRequest* request, Attempt* response) {
  auto* call =
      new Call(context_, ctx, "AttemptService.FinishAttempt", *request);
  grpc::ServerUnaryReactor* reactor = call->reactor();
  if (!call->Authenticate()) return reactor;
  absl::StatusOr<LoadedAttempt> attempt =
      LoadAttempt(context_, call->principal(), request->name(), Access::kWrite);
  absl::StatusOr<ItemDetail> detail = DetailOf(request->view());
  if (absl::Status valid = CheckRequestId(request->request_id());
      !attempt.ok() || !valid.ok() || !detail.ok()) {
    call->Finish(!attempt.ok() ? attempt.status()
                 : !valid.ok() ? valid
                               : detail.status());
    return reactor;
  }
  // Finishing is idempotent, so no reply is kept; the request id is claimed
  // only so that another request reusing it is refused.
  auto loaded = std::make_shared<LoadedAttempt>(*std::move(attempt));
  ClaimRequestId(call, call->RequestKey(),
                 [call, loaded, detail = *detail, response] {
                   if (loaded->record.state == quiz::v1::FINISHED) {
                     ReplyWithAttempt(call, *loaded, detail, response);
                   } else {
                     FinishThenReply(call, loaded, detail, response);
                   }
                 });
  return reactor;
}

}  // namespace service
