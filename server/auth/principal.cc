#include "server/auth/principal.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "server/auth/api_key.h"
#include "server/auth/password.h"
#include "server/text/request_text.h"

namespace auth {

absl::StatusOr<Principal> Authenticate(store::Store& store,
                                       std::string_view authorization,
                                       int64_t now_ms) {
  if (authorization.empty()) {
    return absl::UnauthenticatedError(
        "missing \"authorization: Bearer TOKEN\" metadata; log in first");
  }
  constexpr std::string_view kBearer = "Bearer ";
  if (!absl::StartsWithIgnoreCase(
          absl::string_view(authorization.data(), authorization.size()),
          absl::string_view(kBearer.data(), kBearer.size())) ||
      authorization.size() == kBearer.size()) {
    return absl::UnauthenticatedError(
        "authorization metadata must be \"Bearer TOKEN\"");
  }
  const std::string_view bearer = authorization.substr(kBearer.size());
  if (IsApiKey(bearer)) return AuthenticateApiKey(store, bearer, now_ms);
  const std::string token_hash = TokenHash(bearer);
  absl::StatusOr<store::TokenOwner> owner =
      store.GetTokenOwner(token_hash, now_ms);
  if (absl::IsNotFound(owner.status())) {
    return absl::UnauthenticatedError(
        "token is unknown or expired; log in again");
  }
  if (!owner.ok()) return owner.status();
  Principal principal{owner->user.id, owner->user.username, owner->user.role,
                      token_hash};
  principal.api_key_id = owner->api_key_id;
  return principal;
}

absl::Status CheckCredential(store::Store& store, const std::string& token_hash,
                             int64_t now_ms) {
  absl::Status token = store.GetTokenOwner(token_hash, now_ms).status();
  if (!absl::IsNotFound(token)) return token;
  // Not a token: an API key's hash, or nothing that holds any more.
  absl::StatusOr<store::ApiKeyRecord> key = store.GetApiKeyByHash(token_hash);
  if (!key.ok()) return key.status();
  if (!ApiKeyActive(*key, now_ms)) {
    return absl::NotFoundError("API key revoked or expired");
  }
  return absl::OkStatus();
}

absl::Status CheckUsername(std::string_view username) {
  const bool valid_chars =
      std::all_of(username.begin(), username.end(), [](char c) {
        return absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '.' ||
               c == '_' || c == '-';
      });
  if (username.empty() || username.size() > 64 || !valid_chars) {
    return absl::InvalidArgumentError(absl::StrCat(
        "username: ", text::QuoteForLog({username.data(), username.size()}),
        " must be 1-64 characters of lower-case letters, digits, '.', '_' "
        "or '-'"));
  }
  return absl::OkStatus();
}

absl::StatusOr<quiz::v1::Role> ParseRole(std::string_view name) {
  const std::string lower = absl::AsciiStrToLower(std::string(name));
  for (quiz::v1::Role role : {quiz::v1::ROLE_STUDENT, quiz::v1::ROLE_INSTRUCTOR,
                              quiz::v1::ROLE_ADMIN}) {
    if (lower == RoleName(role) ||
        lower == absl::AsciiStrToLower(quiz::v1::Role_Name(role))) {
      return role;
    }
  }
  return absl::InvalidArgumentError(
      absl::StrCat("role: ", text::QuoteForLog({name.data(), name.size()}),
                   " is not one of student, instructor, admin"));
}

std::string RoleName(quiz::v1::Role role) {
  switch (role) {
    case quiz::v1::ROLE_STUDENT:
      return "student";
    case quiz::v1::ROLE_INSTRUCTOR:
      return "instructor";
    case quiz::v1::ROLE_ADMIN:
      return "admin";
    case quiz::v1::ROLE_SERVICE_ACCOUNT:
      return "service account";
    default:
      return "unspecified";
  }
}

}  // namespace auth
