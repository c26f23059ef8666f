// The store's write operations. Each runs on the writer thread, inside the
// group's transaction and its own savepoint, on the write connection: when one
// returns an error, whatever it wrote is rolled back by the caller.
#ifndef QUIZD_SERVER_STORE_MUTATIONS_H_
#define QUIZD_SERVER_STORE_MUTATIONS_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "server/store/sqlite_db.h"
#include "server/store/store.h"

namespace store {

// Returns the new user's id. ALREADY_EXISTS when the name or the non-empty
// external_id is taken.
absl::StatusOr<int64_t> InsertUser(Db& db, const UserRecord& user);
// NOT_FOUND when the user does not exist; PERMISSION_DENIED ("account
// disabled") when the user is disabled or deleted.
absl::Status InsertToken(Db& db, const std::string& token_hash, int64_t user_id,
                         int64_t expire_time_ms);
// NOT_FOUND when the user does not exist; PERMISSION_DENIED ("account
// disabled") when the user is disabled or deleted.
absl::Status InsertSession(Db& db, const SessionRecord& session);
// Sets the token's last_used_ms to now_ms unless it was set within
// kTokenUseResolutionMs; an absent token is no error.
absl::Status TouchTokenRow(Db& db, const std::string& token_hash,
                           int64_t now_ms);
// NOT_FOUND when there is no such token.
absl::Status DeleteTokenRow(Db& db, const std::string& token_hash);
// Deletes the tokens of `user_id` but `keep_token_hash`; returns the hashes
// deleted.
absl::StatusOr<std::vector<std::string>> DeleteUserTokenRows(
    Db& db, int64_t user_id, const std::string& keep_token_hash);

struct PutBankResult {
  int64_t version = 0;
  // The stored record when a new version was written.
  std::optional<BankVersionRecord> written;
};
// See Store::PutBankVersion.
absl::StatusOr<PutBankResult> PutBank(Db& db, quiz::v1::Bank bank,
                                      const std::string& created_by,
                                      int64_t now_ms);

// See Store::PutBankSource. NOT_FOUND when the version does not exist.
absl::Status PutBankSourceRow(Db& db, const BankSourceRecord& source);

// See Store::CreateAttempt. NOT_FOUND when the user or bank version does not
// exist; ALREADY_EXISTS for a taken attempt id or a used request key. With
// `sole_open`, Store::CreateSoleOpenAttempt. With attempt.assignment_id and
// attempts_allowed > 0, FAILED_PRECONDITION ("2 of 2 attempts used") when
// the user has that many attempts of the assignment already.
absl::Status InsertAttempt(Db& db, const AttemptRecord& attempt,
                           const RequestKey& key, const std::string& reply,
                           int64_t now_ms, bool sole_open = false,
                           int attempts_allowed = 0);
// See Store::SaveResponse. NOT_FOUND also when the item is not in the attempt.
absl::Status SaveResponseRow(Db& db, const ResponseRecord& record,
                             bool only_if_unanswered, int64_t now_ms,
                             const RequestKey& key, const std::string& reply);
// See Store::SetFlag.
absl::Status SaveFlag(Db& db, const std::string& attempt_id,
                      const std::string& item_id, bool flagged, int64_t now_ms);
// See Store::FinishAttempt. Sets finish_reason and appends the
// ATTEMPT_FINISHED event at now_ms.
absl::StatusOr<AttemptRecord> FinishAttemptRow(
    Db& db, const std::string& attempt_id, int64_t finish_time_ms,
    bool timed_out, const ResultFn& result_fn, int64_t now_ms);

// See Store::SaveReviewResponse.
absl::Status InsertReviewResponse(Db& db, const ReviewRecord& record,
                                  const RequestKey& key,
                                  const std::string& reply, int64_t now_ms);
// See Store::RegradeAttempt.
absl::Status ApplyRegrade(Db& db, const RegradeRecord& record);

// Records `reply` under `key` (nothing when the key has no request id).
// ALREADY_EXISTS when the key was used before; the caller's savepoint then
// rolls back the whole operation, so a retry writes nothing twice.
absl::Status StoreReply(Db& db, const RequestKey& key, const std::string& reply,
                        int64_t now_ms);

// See Store::RecordRequest.
absl::Status InsertRequestKey(Db& db, const RequestKey& key, int64_t now_ms);
// Deletes up to `limit` replies past kReplyRetentionMs and up to `limit`
// tokens expired by now_ms (see Store::PurgeExpired).
absl::StatusOr<PurgeCounts> PurgeBatch(Db& db, int64_t now_ms, int limit);

}  // namespace store

#endif  // QUIZD_SERVER_STORE_MUTATIONS_H_
