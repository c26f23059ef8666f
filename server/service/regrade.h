// Planning a regrade: which items of an attempt changed between two versions
// of its bank, their new outcomes and the attempt's new result. Pure: the
// caller reads the store and applies the plan.
#ifndef QUIZD_SERVER_SERVICE_REGRADE_H_
#define QUIZD_SERVER_SERVICE_REGRADE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "quiz/v1/bank.pb.h"
#include "server/store/store.h"

namespace service {

// Whether two versions of an item grade alike: equal once the text a student
// reads but is never graded on (stem, rationale, references, difficulty) is
// set aside. Keys, points, scoring, option sets and feedback all count.
bool GradesAlike(const quiz::v1::Item& before, const quiz::v1::Item& after);

// A regrade of one attempt: the store record to apply, or why it is skipped.
struct RegradePlan {
  store::RegradeRecord record;
  // Ids of the items whose responses were graded again.
  std::vector<std::string> regraded_items;
  // Ids of the attempt's items that changed, answered or not.
  std::vector<std::string> changed_items;
  // Non-empty when the attempt cannot move to the new version.
  std::string skipped_reason;
};

// Plans moving `attempt` (finished, on `before`) onto `after`, whose version
// of the quiz is `quiz`. Responses to changed items are graded again with the
// new items; other outcomes are kept; the result is recomputed with the new
// quiz's settings and keeps timed_out. An attempt is skipped when one of its
// items is missing from `after` or a response no longer fits its item.
RegradePlan PlanRegrade(const store::AttemptRecord& attempt,
                        const std::vector<store::ResponseRecord>& responses,
                        const store::BankVersion& before,
                        const store::BankVersion& after,
                        const quiz::v1::Quiz& quiz);

}  // namespace service

#endif  // QUIZD_SERVER_SERVICE_REGRADE_H_
