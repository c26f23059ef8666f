// A student as progress sees them: their standing replayed from the store,
// and the target of a progress request resolved with the access rules.
#ifndef QUIZD_SERVER_SERVICE_LEARNER_H_
#define QUIZD_SERVER_SERVICE_LEARNER_H_

#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "quiz/v1/progress_service.pb.h"
#include "server/auth/principal.h"
#include "server/progress/standing.h"
#include "server/service/context.h"
#include "server/service/quiz_catalog.h"
#include "server/store/row_cache.h"
#include "server/store/store.h"

namespace service {

// The user a progress request is about: `name` ("users/{username}", or empty
// for the caller). A caller asking about anyone they may not act on
// (MayActOnUser: a student about anyone else, an instructor about someone
// not their learner) gets NOT_FOUND, the same answer as for a user that does
// not exist. For the caller only id,
// username and role are set (from the token, without a store read).
absl::StatusOr<store::UserRecord> ResolveLearner(Context& context,
                                                 const auth::Principal& caller,
                                                 const std::string& name);

// A learner's graded history as progress counts it.
struct CountedHistory {
  // The responses that count, in time order: practice answers (final when
  // given), the answers of finished attempts, and review answers to items
  // an earlier counted answer had revealed (a review answer to any other
  // item was never allowed; one stored before that rule is ignored). Each
  // carries its item's topic and difficulty from the bank version it was
  // given on.
  std::vector<progress::GradedResponse> responses;
  // (bank, item) of every item whose key the learner's own answers have
  // revealed: answered in practice, or in an attempt that is finished.
  std::set<progress::ItemKey> revealed;
};

absl::StatusOr<CountedHistory> CountedResponses(Context& context,
                                                int64_t user_id);

// What progress shows of a learner: the standing replayed from
// CountedResponses, and the scored finished attempts in finish order.
struct Learner {
  progress::Standing standing;
  // CountedHistory::revealed: what review may offer (see review_scope.h).
  std::set<progress::ItemKey> revealed;
  std::vector<quiz::v1::AttemptScore> history;
  // When each scheduled item of the standing falls due, ascending, so that
  // counting the due items does not walk the standing.
  std::vector<int64_t> due_times;

  // standing.DueCount(now_ms), in O(log items).
  int DueCount(int64_t now_ms) const;
};

// Learners replayed from the store on first use and kept in memory until a
// change to their graded responses or attempts is reported, so that reading
// progress does not replay a whole history per call. Every write that can
// change a learner (an answer, a finish, a review answer, a regrade) calls
// Changed once it has committed. Thread-safe.
class LearnerCache {
 public:
  absl::StatusOr<std::shared_ptr<const Learner>> Get(Context& context,
                                                     int64_t user_id);
  // The cached learner, or nullptr: never reads the store.
  std::shared_ptr<const Learner> Peek(int64_t user_id);
  void Changed(int64_t user_id);

 private:
  store::RowCache<std::shared_ptr<const Learner>> cache_{4096};
};

// The learner from context.learners.
absl::StatusOr<std::shared_ptr<const Learner>> LoadLearner(Context& context,
                                                           int64_t user_id);

// Chance of answering an item of the topic correctly now: the mean expected
// score over the topic's scored items in the latest bank (`facts`; or of an
// average item when there are none, or no facts).
double Mastery(const progress::TopicState& topic, const TopicFacts* facts);

}  // namespace service

#endif  // QUIZD_SERVER_SERVICE_LEARNER_H_
