// Which items a student may review: the one rule behind ListDueReviews and
// AnswerReview (see "Reviewable" in progress_service.proto), so that review
// never offers, grades or reveals an item whose key the student has not been
// shown, nor one of an attempt they are sitting.
#ifndef QUIZD_SERVER_SERVICE_REVIEW_SCOPE_H_
#define QUIZD_SERVER_SERVICE_REVIEW_SCOPE_H_

#include <cstdint>
#include <memory>
#include <set>

#include "absl/status/statusor.h"
#include "server/progress/standing.h"
#include "server/service/context.h"
#include "server/service/learner.h"

namespace service {

class ReviewScope {
 public:
  // Whether (bank, item) is reviewable now.
  bool Allows(const progress::ItemKey& item) const {
    return learner_->revealed.count(item) > 0 && held_back_.count(item) == 0;
  }
  // The reviewable items of `standing` due at `now_ms`, most overdue first.
  std::vector<progress::ItemKey> Due(const progress::Standing& standing,
                                     int64_t now_ms) const;

 private:
  friend absl::StatusOr<ReviewScope> LoadReviewScope(
      Context& context, std::shared_ptr<const Learner> learner,
      int64_t user_id);

  std::shared_ptr<const Learner> learner_;
  // Items of the learner's attempts in progress that those attempts have not
  // revealed: every item of an exam, the unanswered ones of a practice.
  std::set<progress::ItemKey> held_back_;
};

// The scope of `learner` (user `user_id`) now: what their answers revealed
// (Learner::revealed), less what their attempts in progress hold back, as
// the store has them at this moment.
absl::StatusOr<ReviewScope> LoadReviewScope(
    Context& context, std::shared_ptr<const Learner> learner, int64_t user_id);

}  // namespace service

#endif  // QUIZD_SERVER_SERVICE_REVIEW_SCOPE_H_
