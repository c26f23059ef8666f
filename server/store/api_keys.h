// The rows of service accounts' API keys and of the learner tokens they
// issue: reads for any connection, writes for the writer thread (run inside
// its transaction, as mutations.h's are).
#ifndef QUIZD_SERVER_STORE_API_KEYS_H_
#define QUIZD_SERVER_STORE_API_KEYS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "server/store/sqlite_db.h"
#include "server/store/store.h"

namespace store {

// The owner of a token expiring after now_ms and its issuing key; NOT_FOUND
// otherwise. Sets *expire_time_ms, when given, to the token's expiry.
absl::StatusOr<TokenOwner> QueryTokenOwner(Db& db,
                                           const std::string& token_hash,
                                           int64_t now_ms,
                                           int64_t* expire_time_ms = nullptr);

// NOT_FOUND when absent.
absl::StatusOr<ApiKeyRecord> QueryApiKeyByHash(Db& db,
                                               const std::string& key_hash);
absl::StatusOr<ApiKeyRecord> QueryApiKeyByPrefix(Db& db,
                                                 const std::string& prefix);
// See Store::ListApiKeys.
absl::StatusOr<std::vector<ApiKeyRecord>> QueryApiKeys(Db& db, int64_t user_id,
                                                       int64_t before_id,
                                                       int limit);
// See Store::CountActiveApiKeys.
absl::StatusOr<int64_t> QueryActiveApiKeyCount(Db& db, int64_t user_id,
                                               int64_t now_ms);

// See Store::CreateApiKey.
absl::StatusOr<int64_t> InsertApiKey(Db& db, const ApiKeyRecord& key);

// What a revoke or a delete removed, for the caches.
struct RevokedCredentials {
  std::vector<std::string> key_hashes;
  std::vector<std::string> token_hashes;  // learner tokens the keys issued
  int64_t active_keys = 0;                // of those keys, active until now
  ApiKeyRecord key;                       // RevokeKeyRow: the key, revoked
};
// See Store::RevokeApiKey.
absl::StatusOr<RevokedCredentials> RevokeKeyRow(Db& db, int64_t key_id,
                                                int64_t now_ms);
// See Store::DeleteServiceAccount.
absl::StatusOr<RevokedCredentials> DeleteServiceAccountRows(Db& db,
                                                            int64_t user_id,
                                                            int64_t now_ms);
// Sets a key's last use time (NOT_FOUND for an unknown key).
absl::Status UpdateApiKeyUse(Db& db, int64_t key_id, int64_t now_ms);
// See Store::CreateLearnerToken.
absl::Status InsertLearnerToken(Db& db, const std::string& token_hash,
                                int64_t user_id, int64_t expire_time_ms,
                                int64_t api_key_id);

}  // namespace store

#endif  // QUIZD_SERVER_STORE_API_KEYS_H_
