// Rows of who may act on whom (migration 11): the learners of a teacher's
// courses (course_members) and the owners of banks (bank_owners). Shared by
// the read path and by the writes that must check ownership in their own
// transaction. Each function uses only the Db it is given.
#ifndef QUIZD_SERVER_STORE_SCOPING_ROWS_H_
#define QUIZD_SERVER_STORE_SCOPING_ROWS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "quiz/v1/bank.pb.h"
#include "server/store/mutations.h"
#include "server/store/sqlite_db.h"
#include "server/store/store.h"

namespace store {

// Store::ActiveLearnerSharesCourseWith.
absl::StatusOr<bool> QueryLearnerSharesCourse(Db& db, int64_t staff_user_id,
                                              int64_t learner_user_id);
// Store::ListLearnersOf.
absl::StatusOr<std::vector<UserRecord>> QueryLearnersOf(
    Db& db, int64_t staff_user_id, const std::string& after_username,
    int limit);
// Store::ListBankOwners.
absl::StatusOr<std::vector<BankOwnerRecord>> QueryBankOwners(
    Db& db, const std::string& bank_id);
// Store::CheckBankOwner.
absl::Status CheckBankOwnerRows(Db& db, const std::string& bank_id,
                                int64_t user_id);
// PutBank for an owner (Store::PutOwnedBankVersion): CheckBankOwnerRows,
// PutBank, and when the bank had no version, `owner_user_id` becomes its
// owner.
absl::StatusOr<PutBankResult> PutOwnedBank(Db& db, quiz::v1::Bank bank,
                                           const std::string& created_by,
                                           int64_t owner_user_id,
                                           int64_t now_ms);
// Store::AddBankOwner (`now_ms`: the row's create time).
absl::Status InsertBankOwner(Db& db, const std::string& bank_id,
                             int64_t user_id, int64_t now_ms);
// Store::RemoveBankOwner.
absl::Status DeleteBankOwner(Db& db, const std::string& bank_id,
                             int64_t user_id, bool keep_last);

}  // namespace store

#endif  // QUIZD_SERVER_STORE_SCOPING_ROWS_H_
