// What an attempt contains and how it is arranged, drawn deterministically
// from the attempt's stored seed: the same seed always gives the same items,
// item order and option order, so nothing but the seed needs storing.
#ifndef QUIZD_SERVER_SERVICE_ATTEMPT_PLAN_H_
#define QUIZD_SERVER_SERVICE_ATTEMPT_PLAN_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "quiz/v1/bank.pb.h"

namespace service {

// The ids of the items an attempt on `quiz` gets, in attempt order: each
// selection's fixed items or random draw (no item twice), concatenated, then
// shuffled when the quiz says so. No selections means every item.
// FAILED_PRECONDITION when a draw cannot be satisfied. Reads of the items
// only ids and topics, so an outline serves.
absl::StatusOr<std::vector<std::string>> DrawItems(const quiz::v1::Bank& bank,
                                                   const quiz::v1::Quiz& quiz,
                                                   uint64_t seed);

// Puts an item's parts into the attempt's order: choice options when the quiz
// shuffles options; matching answers always (their authored order could hint
// at the key). Recurses into case sub-items. Ordering steps stay in their
// authored order, which is the key: ClearKey hides it.
void ArrangeItem(quiz::v1::Item& item, uint64_t seed, bool shuffle_options);

// The student view: clears every key, feedback and rationale field of the
// item (and of its sub-items), and puts ordering steps into the attempt's
// shuffled order (never the key order), so that the item can go to a student
// before the attempt reveals outcomes. The one place that decides what a
// student may see.
void ClearKey(quiz::v1::Item& item, uint64_t seed);

// A fresh random seed.
uint64_t NewSeed();

}  // namespace service

#endif  // QUIZD_SERVER_SERVICE_ATTEMPT_PLAN_H_
