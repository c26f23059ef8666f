#include "server/service/attempt_view.h"

#include <algorithm>
#include <map>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "server/grading/grade.h"
#include "server/grading/score.h"
#include "server/service/attempt_plan.h"
#include "server/service/call.h"
#include "server/service/learner.h"
#include "server/service/quiz_catalog.h"

namespace service {

quiz::v1::QuizMode ModeOf(const quiz::v1::Quiz& quiz) {
  return quiz.mode() == quiz::v1::QUIZ_MODE_EXAM ? quiz::v1::QUIZ_MODE_EXAM
                                                 : quiz::v1::QUIZ_MODE_PRACTICE;
}

quiz::v1::QuizMode LoadedAttempt::mode() const { return ModeOf(*quiz); }

bool LoadedAttempt::overdue(int64_t now_ms) const {
  return record.state == quiz::v1::IN_PROGRESS && record.deadline_ms > 0 &&
         now_ms > record.deadline_ms;
}

absl::StatusOr<LoadedAttempt> LoadAttemptFor(Context& context,
                                             store::AttemptRecord record,
                                             const std::string& username) {
  absl::StatusOr<store::BankVersionRecord> bank =
      context.store.GetBankVersion(record.bank_id, record.bank_version);
  if (!bank.ok()) return bank.status();
  const quiz::v1::Quiz* quiz =
      FindQuizIn(bank->bank->outline(), record.quiz_id);
  if (quiz == nullptr) {
    return absl::InternalError(absl::StrCat(
        "attempt ", record.id, ": quiz ", record.quiz_id, " missing from bank ",
        record.bank_id, " version ", record.bank_version));
  }
  LoadedAttempt loaded{std::move(record), *std::move(bank), quiz, username};
  if (!loaded.record.assignment_id.empty()) {
    absl::StatusOr<AttemptRelease> release =
        LoadAttemptRelease(context, loaded.record.assignment_id,
                           loaded.record.id, loaded.record.user_id);
    if (!release.ok()) return release.status();
    loaded.release = *std::move(release);
  }
  return loaded;
}

absl::StatusOr<LoadedAttempt> LoadAttempt(Context& context,
                                          const auth::Principal& principal,
                                          const std::string& name,
                                          Access access) {
  absl::StatusOr<std::string> id = ResourceId(name, "attempts", "attempt");
  if (!id.ok()) return id.status();
  absl::StatusOr<store::AttemptRecord> record = context.store.GetAttempt(*id);
  const bool own = record.ok() && record->user_id == principal.user_id;
  bool may_see = own;
  if (record.ok() && !own) {
    absl::StatusOr<bool> may =
        MayActOnUser(context.store, principal, record->user_id);
    if (!may.ok()) return may.status();
    may_see = *may;
  }
  if (absl::IsNotFound(record.status()) || (record.ok() && !may_see)) {
    return absl::NotFoundError(
        absl::StrCat("attempt \"attempts/", *id, "\" not found"));
  }
  if (!record.ok()) return record.status();
  if (!own && access == Access::kWrite) {
    return absl::PermissionDeniedError(absl::StrCat(
        "attempts/", *id, " belongs to another user; only they may answer it"));
  }
  std::string username = principal.username;
  if (!own) {
    absl::StatusOr<store::UserRecord> owner =
        context.store.GetUserById(record->user_id);
    if (!owner.ok()) return owner.status();
    username = owner->username;
  }
  absl::StatusOr<LoadedAttempt> loaded =
      LoadAttemptFor(context, *std::move(record), username);
  // Staff see an assignment attempt's keys once it is finished.
  if (loaded.ok() && !own) loaded->release.reset();
  return loaded;
}

absl::StatusOr<ItemDetail> DetailOf(quiz::v1::AttemptView view) {
  switch (view) {
    case quiz::v1::ATTEMPT_VIEW_UNSPECIFIED:
    case quiz::v1::ATTEMPT_VIEW_FULL:
      return ItemDetail::kFull;
    case quiz::v1::ATTEMPT_VIEW_BASIC:
      return ItemDetail::kReference;
    default:
      return absl::InvalidArgumentError(
          absl::StrCat("view: unknown value ", static_cast<int>(view),
                       "; use ATTEMPT_VIEW_BASIC or ATTEMPT_VIEW_FULL"));
  }
}

void ItemView(const LoadedAttempt& attempt, const quiz::v1::Item& item,
              int position, const store::ResponseRecord* row,
              quiz::v1::AttemptItem* view, ItemDetail detail) {
  const bool answered = row != nullptr && row->has_response;
  // A likert item's outcome (its trait weights) and rationale say how the
  // statement is keyed: an inventory reveals nothing until it is finished,
  // or its taker could steer the profile.
  const bool finished = attempt.record.state == quiz::v1::FINISHED;
  const bool answered_practice =
      attempt.mode() == quiz::v1::QUIZ_MODE_PRACTICE && answered &&
      !item.has_likert();
  const bool reveal =
      attempt.release.has_value()
          ? Released(attempt.release->terms, finished, answered_practice,
                     attempt.release->other_open, attempt.release->now_ms)
          : finished || answered_practice;
  view->set_position(position);
  quiz::v1::Item* shown = view->mutable_item();
  if (detail == ItemDetail::kFull) {
    *shown = item;
    ArrangeItem(*shown, attempt.record.seed, attempt.quiz->shuffle_options());
    if (!reveal) ClearKey(*shown, attempt.record.seed);
  } else {
    shown->set_id(item.id());
    shown->set_topic(item.topic());
    shown->set_points(item.points());
  }
  for (const quiz::v1::Topic& topic : attempt.bank.bank->outline().topics()) {
    if (topic.id() == item.topic()) view->set_topic_title(topic.title());
  }
  if (row != nullptr) {
    view->set_flagged(row->flagged);
    if (answered) *view->mutable_response() = row->response;
  }
  if (reveal) {
    if (answered) {
      *view->mutable_outcome() = row->outcome;
    } else {
      view->mutable_outcome()->set_correctness(quiz::v1::UNANSWERED);
      view->mutable_outcome()->set_max_score(grading::ItemPoints(item));
    }
  }
}

void AttemptView(const LoadedAttempt& attempt,
                 const std::vector<store::ResponseRecord>& rows,
                 const std::vector<store::RegradeRecord>& regrades,
                 ItemDetail detail, quiz::v1::Attempt* view) {
  const store::AttemptRecord& record = attempt.record;
  const quiz::v1::Quiz& quiz = *attempt.quiz;
  view->set_name("attempts/" + record.id);
  view->set_quiz("quizzes/" + record.quiz_id);
  view->set_quiz_title(quiz.title());
  view->set_user("users/" + attempt.username);
  view->set_bank("banks/" + record.bank_id);
  view->set_bank_version(record.bank_version);
  view->set_mode(attempt.mode());
  view->set_state(record.state);
  if (!record.assignment_id.empty()) {
    view->set_assignment("assignments/" + record.assignment_id);
  }
  SetTimestamp(record.start_time_ms, view->mutable_start_time());
  if (record.deadline_ms > 0) {
    SetTimestamp(record.deadline_ms, view->mutable_deadline());
    // The attempt's own limit: an assignment or override may change it.
    const int limit =
        static_cast<int>((record.deadline_ms - record.start_time_ms) / 1000);
    view->set_warning_seconds(quiz.warning_seconds() > 0
                                  ? quiz.warning_seconds()
                                  : std::min(300, std::max(1, limit / 10)));
  }
  if (record.finish_time_ms > 0) {
    SetTimestamp(record.finish_time_ms, view->mutable_finish_time());
  }
  view->set_pass_percent(quiz.pass_percent());
  view->set_item_count(static_cast<int>(record.item_ids.size()));
  absl::flat_hash_map<absl::string_view, const store::ResponseRecord*> by_item;
  for (const store::ResponseRecord& row : rows) {
    by_item[row.item_id] = &row;
    if (row.has_response) view->set_answered_count(view->answered_count() + 1);
  }
  if (record.state == quiz::v1::FINISHED) {
    *view->mutable_result() = record.result;
    for (const store::RegradeRecord& regrade : regrades) {
      quiz::v1::AttemptRegrade* out = view->add_regrades();
      out->set_from_version(regrade.from_version);
      out->set_to_version(regrade.to_version);
      *out->mutable_old_result() = regrade.old_result;
      *out->mutable_new_result() = regrade.new_result;
      out->set_regraded_by(regrade.regraded_by);
      SetTimestamp(regrade.regrade_time_ms, out->mutable_regrade_time());
    }
  }
  if (detail == ItemDetail::kNone) return;
  // A reference needs no more of an item than its outline.
  const store::BankVersion& bank = *attempt.bank.bank;
  std::vector<std::shared_ptr<const quiz::v1::Item>> whole;
  if (detail == ItemDetail::kFull) whole = bank.FindItems(record.item_ids);
  for (size_t i = 0; i < record.item_ids.size(); ++i) {
    const quiz::v1::Item* item = detail == ItemDetail::kFull
                                     ? whole[i].get()
                                     : bank.FindOutline(record.item_ids[i]);
    if (item == nullptr) continue;  // cannot happen: versions are immutable
    auto row = by_item.find(record.item_ids[i]);
    ItemView(attempt, *item, static_cast<int>(i) + 1,
             row == by_item.end() ? nullptr : row->second, view->add_items(),
             detail);
  }
}

store::ResultFn ResultFor(const LoadedAttempt& attempt) {
  std::shared_ptr<const store::BankVersion> bank = attempt.bank.bank;
  const quiz::v1::Quiz* quiz = attempt.quiz;  // lives as long as `bank`
  return [bank, quiz](const store::AttemptRecord& record,
                      const std::vector<store::ResponseRecord>& rows) {
    // Scoring reads of an item only what its outline holds.
    std::vector<const quiz::v1::Item*> items =
        bank->FindOutlines(record.item_ids);
    items.erase(std::remove(items.begin(), items.end(), nullptr), items.end());
    std::map<std::string, quiz::v1::Outcome> outcomes;
    for (const store::ResponseRecord& row : rows) {
      if (row.has_response) outcomes[row.item_id] = row.outcome;
    }
    return grading::ScoreAttempt(bank->outline(), *quiz, items, outcomes);
  };
}

void FinishAttempt(Context& context, const LoadedAttempt& attempt,
                   int64_t now_ms, store::Done<store::AttemptRecord> done) {
  const bool timed_out = attempt.overdue(now_ms);
  // A timed-out attempt ends at its deadline, whenever it is noticed.
  const int64_t finish_ms = timed_out ? attempt.record.deadline_ms : now_ms;
  store::Store& store = context.store;
  const std::string id = attempt.record.id;
  store.FinishAttempt(
      id, finish_ms, timed_out, ResultFor(attempt),
      [&store, &learners = context.learners, id,
       done](absl::StatusOr<store::AttemptRecord> finished) {
        if (absl::IsFailedPrecondition(finished.status())) {
          finished = store.GetAttempt(id);  // finished by a concurrent call
        } else if (finished.ok()) {
          // WatchProgress hears of it from the event log
          // (progress_feed.h).
          learners.Changed(finished->user_id);
        }
        done(std::move(finished));
      });
}

absl::Status ReadAttemptView(store::Store& store, const LoadedAttempt& attempt,
                             ItemDetail detail, quiz::v1::Attempt* view) {
  absl::StatusOr<std::vector<store::ResponseRecord>> rows =
      store.ListResponses(attempt.record.id);
  if (!rows.ok()) return rows.status();
  std::vector<store::RegradeRecord> regrades;
  if (attempt.record.state == quiz::v1::FINISHED) {
    absl::StatusOr<std::vector<store::RegradeRecord>> stored =
        store.ListRegrades(attempt.record.id);
    if (!stored.ok()) return stored.status();
    regrades = *std::move(stored);
  }
  AttemptView(attempt, *rows, regrades, detail, view);
  return absl::OkStatus();
}

}  // namespace service
