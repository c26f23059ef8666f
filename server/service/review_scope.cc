#include "server/service/review_scope.h"

#include <algorithm>
#include <string>
#include <vector>

#include "server/service/attempt_view.h"
#include "server/service/quiz_catalog.h"

namespace service {

std::vector<progress::ItemKey> ReviewScope::Due(
    const progress::Standing& standing, int64_t now_ms) const {
  std::vector<progress::ItemKey> due = standing.Due(now_ms);
  due.erase(std::remove_if(due.begin(), due.end(),
                           [this](const progress::ItemKey& item) {
                             return !Allows(item);
                           }),
            due.end());
  return due;
}

absl::StatusOr<ReviewScope> LoadReviewScope(
    Context& context, std::shared_ptr<const Learner> learner, int64_t user_id) {
  ReviewScope scope;
  scope.learner_ = std::move(learner);
  absl::StatusOr<std::vector<store::AttemptRecord>> open =
      context.store.ListAttemptsInProgress(user_id);
  if (!open.ok()) return open.status();
  for (const store::AttemptRecord& attempt : *open) {
    absl::StatusOr<store::BankVersionRecord> bank =
        context.store.GetBankVersion(attempt.bank_id, attempt.bank_version);
    if (!bank.ok()) return bank.status();
    const quiz::v1::Quiz* quiz =
        FindQuizIn(bank->bank->outline(), attempt.quiz_id);
    // A practice item is revealed once answered; nothing else is until the
    // attempt is finished (an unknown quiz reveals nothing).
    std::set<std::string> revealed;
    // An assignment's attempt reveals an answer at once only when its
    // release policy says so.
    bool immediate = true;
    if (!attempt.assignment_id.empty()) {
      absl::StatusOr<AttemptRelease> release = LoadAttemptRelease(
          context, attempt.assignment_id, attempt.id, user_id);
      if (!release.ok()) return release.status();
      immediate = release->terms.release == quiz::v1::RELEASE_IMMEDIATELY;
    }
    if (immediate && quiz != nullptr &&
        ModeOf(*quiz) == quiz::v1::QUIZ_MODE_PRACTICE) {
      absl::StatusOr<std::vector<store::ResponseRecord>> rows =
          context.store.ListResponses(attempt.id);
      if (!rows.ok()) return rows.status();
      for (const store::ResponseRecord& row : *rows) {
        if (row.has_response) revealed.insert(row.item_id);
      }
    }
    for (const std::string& item : attempt.item_ids) {
      if (revealed.count(item) == 0) {
        scope.held_back_.insert({attempt.bank_id, item});
      }
    }
  }
  return scope;
}

}  // namespace service
