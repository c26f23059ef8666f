// What a new version of a bank changes against the stored one: the diff a
// push shows before it is stored. Pure.
#ifndef QUIZD_SERVER_SERVICE_BANK_DIFF_H_
#define QUIZD_SERVER_SERVICE_BANK_DIFF_H_

#include "quiz/v1/bank.pb.h"
#include "quiz/v1/bank_service.pb.h"

namespace service {

// Items and quizzes added, removed and changed from `before` to `after`,
// matched by id, each list sorted; keys_changed are the items that grade
// differently (GradesAlike). base_version is left for the caller.
quiz::v1::BankChanges DiffBanks(const quiz::v1::Bank& before,
                                const quiz::v1::Bank& after);

}  // namespace service

#endif  // QUIZD_SERVER_SERVICE_BANK_DIFF_H_
