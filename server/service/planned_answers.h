// The check behind StartAttemptRequest.planned: do the ids a client means to
// answer exist in what an attempt on the quiz can draw? Run before an attempt
// is created, so that an answers file naming a wrong id starts nothing.
#ifndef QUIZD_SERVER_SERVICE_PLANNED_ANSWERS_H_
#define QUIZD_SERVER_SERVICE_PLANNED_ANSWERS_H_

#include "absl/status/status.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "quiz/v1/attempt_service.pb.h"
#include "quiz/v1/bank.pb.h"
#include "server/store/bank_version.h"

namespace service {

// OK when every entry of `planned` names an item `quiz` can draw from `bank`
// (a fixed item or one of a random draw's pool), or a sub-item of such a
// case, and every id it lists is an option (choice), step (ordering) or
// prompt or answer (matching) id of that item. Otherwise INVALID_ARGUMENT
// naming the first failing entry by path ("planned[3].item_id",
// "planned[3].ids[1]"). Messages name only the caller's own ids and the
// quiz: never a key, and an id of another quiz reads as one unknown.
absl::Status CheckPlannedAnswers(
    const store::BankVersion& bank, const quiz::v1::Quiz& quiz,
    const google::protobuf::RepeatedPtrField<quiz::v1::PlannedAnswer>& planned);

}  // namespace service

#endif  // QUIZD_SERVER_SERVICE_PLANNED_ANSWERS_H_
