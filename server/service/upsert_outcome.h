// What a row of a batch upsert (UserService.BatchUpsertUsers,
// CourseService.BatchUpdateMembers) did, on the wire and in the batch's
// counts.
#ifndef QUIZD_SERVER_SERVICE_UPSERT_OUTCOME_H_
#define QUIZD_SERVER_SERVICE_UPSERT_OUTCOME_H_

#include "quiz/v1/user_service.pb.h"
#include "server/store/store.h"

namespace service {

inline quiz::v1::UpsertOutcome WireOutcome(
    store::UpsertRowResult::Outcome outcome) {
  switch (outcome) {
    case store::UpsertRowResult::kCreated:
      return quiz::v1::UPSERT_OUTCOME_CREATED;
    case store::UpsertRowResult::kUpdated:
      return quiz::v1::UPSERT_OUTCOME_UPDATED;
    case store::UpsertRowResult::kUnchanged:
      return quiz::v1::UPSERT_OUTCOME_UNCHANGED;
    case store::UpsertRowResult::kFailed:
      break;
  }
  return quiz::v1::UPSERT_OUTCOME_ERROR;
}

// Adds a stored row's outcome to a batch response's created, updated or
// unchanged count.
template <typename BatchResponse>
void CountOutcome(store::UpsertRowResult::Outcome outcome,
                  BatchResponse& response) {
  switch (outcome) {
    case store::UpsertRowResult::kCreated:
      response.set_created(response.created() + 1);
      break;
    case store::UpsertRowResult::kUpdated:
      response.set_updated(response.updated() + 1);
      break;
    default:
      response.set_unchanged(response.unchanged() + 1);
      break;
  }
}

}  // namespace service

#endif  // QUIZD_SERVER_SERVICE_UPSERT_OUTCOME_H_
