// Who is calling: resolved once per request from the bearer token.
#ifndef QUIZD_SERVER_AUTH_PRINCIPAL_H_
#define QUIZD_SERVER_AUTH_PRINCIPAL_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "quiz/v1/auth_service.pb.h"
#include "server/store/store.h"

namespace auth {

struct Principal {
  int64_t user_id = 0;
  std::string username;
  quiz::v1::Role role = quiz::v1::ROLE_UNSPECIFIED;
  std::string token_hash;
  // The scopes of the API key that authenticated this call (access::Scope
  // bits); 0 for a login token.
  uint32_t scopes = 0;
  // The API key that authenticated this call, or that issued the learner
  // token it carries; 0 for none.
  int64_t api_key_id = 0;
  // Set by the access policy for the call being made (access::Authorize):
  // whether the caller may act on every other user's resources (read any
  // student's attempts, progress, ...): admins, and keys with the scope.
  // Students act on their own only; instructors through `related`.
  bool may_act_on_others = false;
  // Set with it: whose resources besides their own the caller may act on
  // through the call being made when may_act_on_others is false (see
  // policy::Rule::relation and service::MayActOnUser). kNone: their own only.
  enum class Related {
    kNone,
    // Users who are active learners of a course where the caller is an
    // active instructor or teaching assistant.
    kOwnLearners,
    // Banks the caller owns, and bank ids no bank has yet.
    kOwnBanks,
  };
  Related related = Related::kNone;
};

// How long a login token lives.
inline constexpr int64_t kTokenLifetimeMs = 12 * 3600 * 1000;

// Resolves the value of an "authorization" metadata entry ("Bearer TOKEN") to
// the principal owning that unexpired token. UNAUTHENTICATED, with a message
// saying what is wrong, for a missing, malformed, unknown or expired token.
// A bearer starting "qzk_" is an API key (see api_key.h): the principal is
// its service account with the key's scopes; an unknown, revoked or expired
// key is UNAUTHENTICATED with one message for all three. A learner token
// resolves to its student, with api_key_id naming the key that issued it.
absl::StatusOr<Principal> Authenticate(store::Store& store,
                                       std::string_view authorization,
                                       int64_t now_ms);

// Whether the credential hashed as `token_hash` (a login token, a learner
// token or an API key) still authenticates at now_ms: NOT_FOUND when it no
// longer does (logged out, revoked, expired, deleted), another error when
// the store cannot tell. What the server clock asks for each open stream.
absl::Status CheckCredential(store::Store& store, const std::string& token_hash,
                             int64_t now_ms);

// INVALID_ARGUMENT unless 1-64 characters of [a-z0-9._-].
absl::Status CheckUsername(std::string_view username);

// Parses "student", "instructor" or "admin" (any case, or the enum name).
absl::StatusOr<quiz::v1::Role> ParseRole(std::string_view name);

// "student", "instructor", "admin" or "service account".
std::string RoleName(quiz::v1::Role role);

}  // namespace auth

#endif  // QUIZD_SERVER_AUTH_PRINCIPAL_H_
