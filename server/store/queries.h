// Row <-> record mapping and the read queries, shared by the read path (on a
// pooled read connection) and by write operations (on the writer's connection,
// inside its transaction). Each function uses only the Db it is given.
#ifndef QUIZD_SERVER_STORE_QUERIES_H_
#define QUIZD_SERVER_STORE_QUERIES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "google/protobuf/message_lite.h"
#include "server/store/sqlite_db.h"
#include "server/store/store.h"

namespace store {

// Deterministic serialization, so that equal messages give equal bytes (bank
// versions are compared by their bytes).
std::string SerializeDeterministic(const google::protobuf::MessageLite& msg);

// Attempt item ids as stored in attempts.item_ids.
std::string JoinItemIds(const std::vector<std::string>& item_ids);
std::vector<std::string> SplitItemIds(absl::string_view joined);

// NOT_FOUND when absent.
absl::StatusOr<UserRecord> QueryUserById(Db& db, int64_t id);
absl::StatusOr<UserRecord> QueryUserByName(Db& db, const std::string& name);
// The owner of a token expiring after now_ms; NOT_FOUND otherwise. Sets
// *expire_time_ms, when given, to the token's expiry.
absl::StatusOr<UserRecord> QueryUserByToken(Db& db,
                                            const std::string& token_hash,
                                            int64_t now_ms,
                                            int64_t* expire_time_ms = nullptr);

// The latest version number of a bank, 0 when it has none; with
// `created_by`, the latest one that author created.
absl::StatusOr<int64_t> QueryLatestBankVersion(
    Db& db, const std::string& bank_id, const std::string& created_by = "");
// (bank id, latest version) of every bank, ordered by bank id.
absl::StatusOr<std::vector<std::pair<std::string, int64_t>>>
QueryLatestBankVersions(Db& db);
// One stored version, parsed; NOT_FOUND when absent.
absl::StatusOr<BankVersionRecord> QueryBankVersion(Db& db,
                                                   const std::string& bank_id,
                                                   int64_t version);
// See Store::ListBankVersions: version numbers only, newest first.
absl::StatusOr<std::vector<int64_t>> QueryBankVersionNumbers(
    Db& db, const std::string& bank_id, int64_t before_version, int limit);
// See Store::FindBankSource.
absl::StatusOr<std::optional<BankSourceRecord>> QueryBankSource(
    Db& db, const std::string& digest);
// The stored (version-cleared) bytes of a version, or nullopt.
absl::StatusOr<std::optional<std::string>> QueryBankBytes(
    Db& db, const std::string& bank_id, int64_t version);

// NOT_FOUND when absent.
absl::StatusOr<AttemptRecord> QueryAttempt(Db& db, const std::string& id);
// See Store::ListAttempts.
absl::StatusOr<std::vector<AttemptRecord>> QueryAttempts(
    Db& db, int64_t user_id, const std::string& after_id, int limit);
// See Store::ListFinishedAttempts.
absl::StatusOr<std::vector<AttemptRecord>> QueryFinishedAttempts(
    Db& db, const std::string& quiz_id);
// See Store::ListAttemptsInProgress.
absl::StatusOr<std::vector<AttemptRecord>> QueryAttemptsInProgress(
    Db& db, int64_t user_id);
// See Store::ListOverdueAttempts.
absl::StatusOr<std::vector<AttemptRecord>> QueryOverdueAttempts(Db& db,
                                                                int64_t now_ms,
                                                                int limit);
absl::StatusOr<std::vector<ResponseRecord>> QueryResponses(
    Db& db, const std::string& attempt_id);
// See Store::ListRegrades.
absl::StatusOr<std::vector<RegradeRecord>> QueryRegrades(
    Db& db, const std::string& attempt_id);
// The response row of one item, or nullopt.
absl::StatusOr<std::optional<ResponseRecord>> QueryResponse(
    Db& db, const std::string& attempt_id, const std::string& item_id);

// See Store::ListUsers.
absl::StatusOr<std::vector<UserRecord>> QueryUsers(
    Db& db, quiz::v1::Role role, const std::string& after_username, int limit);
// See Store::ListUserAccounts.
absl::StatusOr<std::vector<UserRecord>> QueryUserAccounts(
    Db& db, const UserFilter& filter, const std::string& after_username,
    int limit);
// The user (tombstones included) with a non-empty `external_id`, or nullopt.
absl::StatusOr<std::optional<UserRecord>> QueryUserByExternalId(
    Db& db, const std::string& external_id);
// See Store::ListGradedResponses.
absl::StatusOr<std::vector<GradedRecord>> QueryGradedResponses(Db& db,
                                                               int64_t user_id);

// See Store::FindReply.
absl::StatusOr<std::optional<StoredReply>> QueryReply(Db& db,
                                                      const RequestKey& key);
// A secret made by the schema (server_secrets); DATA_LOSS when missing.
absl::StatusOr<std::string> QuerySecret(Db& db, const std::string& name);

}  // namespace store

#endif  // QUIZD_SERVER_STORE_QUERIES_H_
