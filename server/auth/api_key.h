// API keys of service accounts: their format, their scopes, and resolving
// one to the principal it authenticates.
//
// A key is "qzk_" + an 8-character public prefix of [a-z0-9] (the key id
// shown in listings and logs) + "_" + 32 random bytes in hex. The store
// keeps only TokenHash(key): keys have full entropy, so a fast hash is safe.
#ifndef QUIZD_SERVER_AUTH_API_KEY_H_
#define QUIZD_SERVER_AUTH_API_KEY_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "quiz/v1/integration_service.pb.h"
#include "server/store/store.h"

namespace auth {

struct Principal;

inline constexpr char kApiKeyTag[] = "qzk_";
inline constexpr size_t kApiKeyPrefixLength = 8;

// A newly made key.
struct NewApiKey {
  std::string prefix;  // the 8 characters after "qzk_"
  std::string secret;  // the whole key, shown to the admin once
  std::string hash;    // TokenHash(secret): what the store keeps
};
NewApiKey MakeApiKey();

// Whether a bearer credential is meant as an API key (starts "qzk_").
bool IsApiKey(std::string_view bearer);

// "qzk_" + prefix: how listings and logs name a key.
std::string ApiKeyDisplayId(const std::string& prefix);

// The access::Scope bit of a scope (USERS_WRITE 1, COURSES_WRITE 2,
// BANKS_WRITE 4, RESULTS_READ 8, ATTEMPTS_ACT 16); 0 for UNSPECIFIED or an
// unknown value.
uint32_t ScopeBit(int scope);
// The scopes whose bits are set, in enum order.
std::vector<quiz::v1::ApiKeyScope> ScopesOf(uint32_t bits);

// Whether `key` authenticates at now_ms: not revoked, not expired, and its
// service account neither disabled nor deleted.
bool ApiKeyActive(const store::ApiKeyRecord& key, int64_t now_ms);

// The principal an API key (the whole bearer credential) authenticates, and
// notes its use. UNAUTHENTICATED, without saying whether the prefix exists,
// for an unknown, revoked or expired key.
absl::StatusOr<Principal> AuthenticateApiKey(store::Store& store,
                                             std::string_view key,
                                             int64_t now_ms);

}  // namespace auth

#endif  // QUIZD_SERVER_AUTH_API_KEY_H_
