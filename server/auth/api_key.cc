#include "server/auth/api_key.h"

#include <sodium.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "server/auth/password.h"
#include "server/auth/principal.h"

namespace auth {

NewApiKey MakeApiKey() {
  static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  NewApiKey key;
  for (size_t i = 0; i < kApiKeyPrefixLength; ++i) {
    key.prefix.push_back(kAlphabet[randombytes_uniform(sizeof kAlphabet - 1)]);
  }
  key.secret = absl::StrCat(kApiKeyTag, key.prefix, "_", NewToken());
  key.hash = TokenHash(key.secret);
  return key;
}

bool IsApiKey(std::string_view bearer) {
  return absl::StartsWith(absl::string_view(bearer.data(), bearer.size()),
                          kApiKeyTag);
}

std::string ApiKeyDisplayId(const std::string& prefix) {
  return absl::StrCat(kApiKeyTag, prefix);
}

uint32_t ScopeBit(int scope) {
  if (scope <= quiz::v1::API_KEY_SCOPE_UNSPECIFIED ||
      !quiz::v1::ApiKeyScope_IsValid(scope)) {
    return 0;
  }
  return 1u << (scope - 1);
}

std::vector<quiz::v1::ApiKeyScope> ScopesOf(uint32_t bits) {
  std::vector<quiz::v1::ApiKeyScope> scopes;
  for (int scope = quiz::v1::ApiKeyScope_MIN + 1;
       scope <= quiz::v1::ApiKeyScope_MAX; ++scope) {
    if (quiz::v1::ApiKeyScope_IsValid(scope) && (bits & ScopeBit(scope))) {
      scopes.push_back(static_cast<quiz::v1::ApiKeyScope>(scope));
    }
  }
  return scopes;
}

bool ApiKeyActive(const store::ApiKeyRecord& key, int64_t now_ms) {
  return key.revoke_time_ms == 0 && !key.account_disabled &&
         (key.expire_time_ms == 0 || key.expire_time_ms > now_ms);
}

absl::StatusOr<Principal> AuthenticateApiKey(store::Store& store,
                                             std::string_view key,
                                             int64_t now_ms) {
  const std::string hash = TokenHash(key);
  absl::StatusOr<store::ApiKeyRecord> record = store.GetApiKeyByHash(hash);
  if (absl::IsNotFound(record.status()) ||
      (record.ok() && !ApiKeyActive(*record, now_ms))) {
    // One message for unknown, revoked and expired: a caller probing
    // prefixes learns nothing.
    return absl::UnauthenticatedError(
        "API key is unknown, revoked or expired; ask an admin for a new one");
  }
  if (!record.ok()) return record.status();
  store.NoteApiKeyUse(*record, now_ms);
  Principal principal;
  principal.user_id = record->user_id;
  principal.username = record->username;
  principal.role = quiz::v1::ROLE_SERVICE_ACCOUNT;
  principal.token_hash = hash;
  principal.scopes = record->scopes;
  principal.api_key_id = record->id;
  return principal;
}

}  // namespace auth
