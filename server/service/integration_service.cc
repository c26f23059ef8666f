// IntegrationService: service accounts, their API keys, and learner tokens
// issued to keys with the attempts.act scope.
#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "question_bank/typed/shown_text.h"
#include "server/access/policy.h"
#include "server/auth/api_key.h"
#include "server/auth/password.h"
#include "server/service/call.h"
#include "server/service/services.h"

namespace service {
namespace {

using quiz::v1::ROLE_SERVICE_ACCOUNT;

// auth::ScopeBit maps quiz.v1.ApiKeyScope onto the policy's bits.
static_assert(policy::kUsersWrite == 1 && policy::kCoursesWrite == 2 &&
              policy::kBanksWrite == 4 && policy::kResultsRead == 8 &&
              policy::kAttemptsAct == 16);

// Learner tokens: 10 minutes unless asked otherwise, never over 15.
constexpr int kDefaultLearnerSeconds = 600;
constexpr int kMaxLearnerSeconds = 900;

// The username of "users/{username}" or a bare username; INVALID_ARGUMENT
// naming `field` when malformed.
absl::StatusOr<std::string> UsernameOf(const std::string& name,
                                       const char* field) {
  absl::StatusOr<std::string> id = ResourceId(name, "users", field);
  if (!id.ok()) return id.status();
  if (absl::Status valid = auth::CheckUsername(*id); !valid.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, ": ", absl::StripPrefix(valid.message(), "username: ")));
  }
  return id;
}

// The service account named `name` ("users/{username}" or bare); NOT_FOUND
// for an unknown user or one of another role (the same message).
absl::StatusOr<store::UserRecord> FindServiceAccount(store::Store& store,
                                                     const std::string& name,
                                                     const char* field) {
  absl::StatusOr<std::string> username = UsernameOf(name, field);
  if (!username.ok()) return username.status();
  absl::StatusOr<store::UserRecord> user = store.GetUserByName(*username);
  if ((user.ok() && user->role != ROLE_SERVICE_ACCOUNT) ||
      absl::IsNotFound(user.status())) {
    return absl::NotFoundError(absl::StrCat(
        field, ": no service account named ", typed::ShownText(*username)));
  }
  return user;
}

quiz::v1::ApiKey KeyMessage(const store::ApiKeyRecord& key) {
  quiz::v1::ApiKey message;
  const std::string id = auth::ApiKeyDisplayId(key.prefix);
  message.set_name("apiKeys/" + id);
  message.set_prefix(id);
  message.set_service_account("users/" + key.username);
  message.set_label(key.label);
  for (quiz::v1::ApiKeyScope scope : auth::ScopesOf(key.scopes)) {
    message.add_scopes(scope);
  }
  SetTimestamp(key.create_time_ms, message.mutable_create_time());
  if (key.expire_time_ms > 0) {
    SetTimestamp(key.expire_time_ms, message.mutable_expire_time());
  }
  if (key.last_use_time_ms > 0) {
    SetTimestamp(key.last_use_time_ms, message.mutable_last_use_time());
  }
  if (key.revoke_time_ms > 0) {
    SetTimestamp(key.revoke_time_ms, message.mutable_revoke_time());
  }
  return message;
}

absl::StatusOr<quiz::v1::ServiceAccount> AccountMessage(
    store::Store& store, const store::UserRecord& user, int64_t now_ms) {
  quiz::v1::ServiceAccount message;
  message.set_name("users/" + user.username);
  message.set_username(user.username);
  SetTimestamp(user.create_time_ms, message.mutable_create_time());
  absl::StatusOr<int64_t> active = store.CountActiveApiKeys(user.id, now_ms);
  if (!active.ok()) return active.status();
  message.set_active_keys(static_cast<int32_t>(*active));
  return message;
}

int64_t TimestampMs(const google::protobuf::Timestamp& time) {
  return time.seconds() * 1000 + time.nanos() / 1000000;
}

// A Timestamp a key may expire at: well-formed (as protobuf defines it, up
// to year 9999, so milliseconds cannot overflow) and after now_ms.
bool ValidExpiry(const google::protobuf::Timestamp& time, int64_t now_ms) {
  constexpr int64_t kYear10000 = 253402300800;  // seconds since the epoch
  return time.seconds() >= 0 && time.seconds() < kYear10000 &&
         time.nanos() >= 0 && time.nanos() < 1000000000 &&
         TimestampMs(time) > now_ms;
}

// The scope bits of a request; INVALID_ARGUMENT naming scopes[i].
absl::StatusOr<uint32_t> ScopeBits(
    const google::protobuf::RepeatedField<int>& scopes) {
  if (scopes.empty()) {
    return absl::InvalidArgumentError(
        "scopes: required (one or more of users.write, courses.write, "
        "banks.write, results.read, attempts.act)");
  }
  uint32_t bits = 0;
  for (int i = 0; i < scopes.size(); ++i) {
    const uint32_t bit = auth::ScopeBit(scopes[i]);
    if (bit == 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "scopes[", i, "]: ", scopes[i], " is not an API key scope"));
    }
    bits |= bit;
  }
  return bits;
}

// The key prefix (8 characters after "qzk_") of "apiKeys/qzk_abcd1234",
// "qzk_abcd1234" or "abcd1234".
absl::StatusOr<std::string> KeyPrefixOf(const std::string& name) {
  absl::string_view id = name;
  absl::ConsumePrefix(&id, "apiKeys/");
  absl::ConsumePrefix(&id, auth::kApiKeyTag);
  const bool valid = id.size() == auth::kApiKeyPrefixLength &&
                     std::all_of(id.begin(), id.end(), [](char c) {
                       return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
                     });
  if (!valid) {
    return absl::InvalidArgumentError(
        absl::StrCat("name: \"", typed::ShownText(name),
                     "\" is not an API key id (apiKeys/qzk_XXXXXXXX)"));
  }
  return std::string(id);
}

// The learner a request names, by username or external id. NOT_FOUND
// naming the field for an unknown one.
absl::StatusOr<store::UserRecord> FindLearner(
    store::Store& store, const quiz::v1::IssueLearnerTokenRequest& request) {
  if (!request.external_id().empty()) {
    absl::StatusOr<store::UserRecord> user =
        store.GetUserByExternalId(request.external_id());
    if (absl::IsNotFound(user.status())) {
      return absl::NotFoundError(
          absl::StrCat("external_id: no user with external id \"",
                       typed::ShownText(request.external_id()), "\""));
    }
    return user;
  }
  absl::StatusOr<std::string> username =
      UsernameOf(request.username(), "username");
  if (!username.ok()) return username.status();
  absl::StatusOr<store::UserRecord> user = store.GetUserByName(*username);
  if (absl::IsNotFound(user.status())) {
    return absl::NotFoundError(
        absl::StrCat("username: no user named ", typed::ShownText(*username)));
  }
  return user;
}

}  // namespace

grpc::ServerUnaryReactor* IntegrationServiceImpl::CreateServiceAccount(
    grpc::CallbackServerContext* ctx,
    const quiz::v1::CreateServiceAccountRequest* request,
    quiz::v1::ServiceAccount* response) {
  auto* call = new Call(context_, ctx,
                        "IntegrationService.CreateServiceAccount", *request);
  grpc::ServerUnaryReactor* reactor = call->reactor();
  if (!call->Authenticate()) return reactor;
  if (absl::Status valid = auth::CheckUsername(request->username());
      !valid.ok()) {
    call->Finish(valid);
    return reactor;
  }
  store::UserRecord user;
  user.username = request->username();
  user.role = ROLE_SERVICE_ACCOUNT;  // no password hash: it cannot Login
  user.create_time_ms = NowMs();
  response->set_name("users/" + user.username);
  response->set_username(user.username);
  SetTimestamp(user.create_time_ms, response->mutable_create_time());
  context_.store.CreateUser(
      user, [call](absl::StatusOr<int64_t> id) { call->Finish(id.status()); });
  return reactor;
}

grpc::ServerUnaryReactor* IntegrationServiceImpl::ListServiceAccounts(
    grpc::CallbackServerContext* ctx,
    const quiz::v1::ListServiceAccountsRequest* request,
    quiz::v1::ListServiceAccountsResponse* response) {
  auto* call = new Call(context_, ctx, "IntegrationService.ListServiceAccounts",
                        *request);
  grpc::ServerUnaryReactor* reactor = call->reactor();
  if (!call->Authenticate()) return reactor;
  absl::StatusOr<int> size = PageSize(request->page_size());
  absl::StatusOr<std::string> after = call->PageCursor();
  if (!size.ok() || !after.ok()) {
    call->Finish(!size.ok() ? size.status() : after.status());
    return reactor;
  }
  absl::StatusOr<std::vector<store::UserRecord>> users =
      context_.store.ListUsers(ROLE_SERVICE_ACCOUNT, *after, *size + 1);
  if (!users.ok()) {
    call->Finish(users.status());
    return reactor;
  }
  const bool more = static_cast<int>(users->size()) > *size;
  if (more) users->resize(*size);
  const int64_t now = NowMs();
  for (const store::UserRecord& user : *users) {
    absl::StatusOr<quiz::v1::ServiceAccount> account =
        AccountMessage(context_.store, user, now);
    if (!account.ok()) {
      call->Finish(account.status());
      return reactor;
    }
    *response->add_service_accounts() = *std::move(account);
  }
  if (more) {
    response->set_next_page_token(call->NextPageToken(users->back().username));
  }
  call->Finish(absl::OkStatus());
  return reactor;
}

grpc::ServerUnaryReactor* IntegrationServiceImpl::DeleteServiceAccount(
    grpc::CallbackServerContext* ctx,
    const quiz::v1::DeleteServiceAccountRequest* request,
    quiz::v1::DeleteServiceAccountResponse* response) {
  auto* call = new Call(context_, ctx,
                        "IntegrationService.DeleteServiceAccount", *request);
  grpc::ServerUnaryReactor* reactor = call->reactor();
  if (!call->Authenticate()) return reactor;
  absl::StatusOr<store::UserRecord> account =
      FindServiceAccount(context_.store, request->name(), "name");
  if (!account.ok()) {
    call->Finish(account.status());
    return reactor;
  }
  context_.store.DeleteServiceAccount(
      account->id, NowMs(),
      [call, response,
       name = account->username](absl::StatusOr<int64_t> revoked) {
        if (absl::IsNotFound(revoked.status())) {
          call->Finish(absl::NotFoundError(absl::StrCat(
              "name: no service account named ", typed::ShownText(name))));
          return;
        }
        if (revoked.ok()) {
          response->set_revoked_keys(static_cast<int32_t>(*revoked));
        }
        call->Finish(revoked.status());
      });
  return reactor;
}

grpc::ServerUnaryReactor* IntegrationServiceImpl::CreateApiKey(
    grpc::CallbackServerContext* ctx,
    const quiz::v1::CreateApiKeyRequest* request,
    quiz::v1::CreateApiKeyResponse* response) {
  auto* call =
      new Call(context_, ctx, "IntegrationService.CreateApiKey", *request);
  grpc::ServerUnaryReactor* reactor = call->reactor();
  if (!call->Authenticate()) return reactor;
  const int64_t now = NowMs();
  absl::StatusOr<uint32_t> scopes = ScopeBits(request->scopes());
  if (!scopes.ok()) {
    call->Finish(scopes.status());
    return reactor;
  }
  if (request->has_expire_time() && !ValidExpiry(request->expire_time(), now)) {
    call->Finish(absl::InvalidArgumentError(
        "expire_time: must be in the future and before the year 10000"));
    return reactor;
  }
  absl::StatusOr<store::UserRecord> account = FindServiceAccount(
      context_.store, request->service_account(), "service_account");
  if (!account.ok()) {
    call->Finish(account.status());
    return reactor;
  }
  const auth::NewApiKey made = auth::MakeApiKey();
  store::ApiKeyRecord key;
  key.prefix = made.prefix;
  key.key_hash = made.hash;
  key.user_id = account->id;
  key.username = account->username;
  key.label = request->label();
  key.scopes = *scopes;
  key.create_time_ms = now;
  key.expire_time_ms =
      request->has_expire_time() ? TimestampMs(request->expire_time()) : 0;
  *response->mutable_api_key() = KeyMessage(key);
  response->set_secret(made.secret);
  context_.store.CreateApiKey(std::move(key),
                              [call, response](absl::StatusOr<int64_t> id) {
                                // A prefix collision (1 in 2.8e12 per pair) is
                                // worth no retry loop: the admin asks again.
                                if (!id.ok()) response->clear_secret();
                                call->Finish(id.status());
                              });
  return reactor;
}

grpc::ServerUnaryReactor* IntegrationServiceImpl::ListApiKeys(
    grpc::CallbackServerContext* ctx,
    const quiz::v1::ListApiKeysRequest* request,
    quiz::v1::ListApiKeysResponse* response) {
  auto* call =
      new Call(context_, ctx, "IntegrationService.ListApiKeys", *request);
  grpc::ServerUnaryReactor* reactor = call->reactor();
  if (!call->Authenticate()) return reactor;
  absl::StatusOr<int> size = PageSize(request->page_size());
  absl::StatusOr<std::string> cursor = call->PageCursor();
  if (!size.ok() || !cursor.ok()) {
    call->Finish(!size.ok() ? size.status() : cursor.status());
    return reactor;
  }
  int64_t before_id = 0;
  if (!cursor->empty() && !absl::SimpleAtoi(*cursor, &before_id)) {
    call->Finish(absl::InvalidArgumentError("page_token: damaged"));
    return reactor;
  }
  int64_t user_id = 0;
  if (!request->service_account().empty()) {
    absl::StatusOr<store::UserRecord> account = FindServiceAccount(
        context_.store, request->service_account(), "service_account");
    if (!account.ok()) {
      call->Finish(account.status());
      return reactor;
    }
    user_id = account->id;
  }
  absl::StatusOr<std::vector<store::ApiKeyRecord>> keys =
      context_.store.ListApiKeys(user_id, before_id, *size + 1);
  if (!keys.ok()) {
    call->Finish(keys.status());
    return reactor;
  }
  const bool more = static_cast<int>(keys->size()) > *size;
  if (more) keys->resize(*size);
  for (const store::ApiKeyRecord& key : *keys) {
    *response->add_api_keys() = KeyMessage(key);
  }
  if (more) {
    response->set_next_page_token(
        call->NextPageToken(absl::StrCat(keys->back().id)));
  }
  call->Finish(absl::OkStatus());
  return reactor;
}

grpc::ServerUnaryReactor* IntegrationServiceImpl::RevokeApiKey(
    grpc::CallbackServerContext* ctx,
    const quiz::v1::RevokeApiKeyRequest* request, quiz::v1::ApiKey* response) {
  auto* call =
      new Call(context_, ctx, "IntegrationService.RevokeApiKey", *request);
  grpc::ServerUnaryReactor* reactor = call->reactor();
  if (!call->Authenticate()) return reactor;
  absl::StatusOr<std::string> prefix = KeyPrefixOf(request->name());
  if (!prefix.ok()) {
    call->Finish(prefix.status());
    return reactor;
  }
  absl::StatusOr<store::ApiKeyRecord> key =
      context_.store.GetApiKeyByPrefix(*prefix);
  if (absl::IsNotFound(key.status())) {
    call->Finish(absl::NotFoundError(
        absl::StrCat("name: no API key ", auth::ApiKeyDisplayId(*prefix))));
    return reactor;
  }
  if (!key.ok()) {
    call->Finish(key.status());
    return reactor;
  }
  context_.store.RevokeApiKey(
      key->id, NowMs(),
      [call, response](absl::StatusOr<store::ApiKeyRecord> revoked) {
        if (revoked.ok()) *response = KeyMessage(*revoked);
        call->Finish(revoked.status());
      });
  return reactor;
}

grpc::ServerUnaryReactor* IntegrationServiceImpl::IssueLearnerToken(
    grpc::CallbackServerContext* ctx,
    const quiz::v1::IssueLearnerTokenRequest* request,
    quiz::v1::IssueLearnerTokenResponse* response) {
  auto* call =
      new Call(context_, ctx, "IntegrationService.IssueLearnerToken", *request);
  grpc::ServerUnaryReactor* reactor = call->reactor();
  if (!call->Authenticate()) return reactor;
  // The policy lets only keys with attempts.act in (server/access).
  const auth::Principal& me = call->principal();
  if (request->lifetime_seconds() < 0 ||
      request->lifetime_seconds() > kMaxLearnerSeconds) {
    call->Finish(absl::InvalidArgumentError(
        absl::StrCat("lifetime_seconds: ", request->lifetime_seconds(),
                     " is not 0 (10 minutes) or 1-", kMaxLearnerSeconds)));
    return reactor;
  }
  if (request->username().empty() == request->external_id().empty()) {
    call->Finish(absl::InvalidArgumentError(
        "username: give exactly one of username and external_id"));
    return reactor;
  }
  absl::StatusOr<store::UserRecord> learner =
      FindLearner(context_.store, *request);
  if (!learner.ok()) {
    call->Finish(learner.status());
    return reactor;
  }
  if (learner->role != quiz::v1::ROLE_STUDENT) {
    call->Finish(absl::PermissionDeniedError(
        absl::StrCat("users/", learner->username,
                     " is not a student: learner tokens are for students "
                     "only")));
    return reactor;
  }
  if (learner->disabled) {
    call->Finish(absl::PermissionDeniedError(
        absl::StrCat("users/", learner->username,
                     " is disabled: no learner token for them")));
    return reactor;
  }
  // The key itself: for its expiry (a learner token never outlives it).
  absl::StatusOr<store::ApiKeyRecord> key =
      context_.store.GetApiKeyByHash(me.token_hash);
  if (!key.ok()) {
    call->Finish(key.status());
    return reactor;
  }
  const int64_t now = NowMs();
  const int lifetime = request->lifetime_seconds() == 0
                           ? kDefaultLearnerSeconds
                           : request->lifetime_seconds();
  int64_t expire_ms = now + int64_t{lifetime} * 1000;
  if (key->expire_time_ms > 0)
    expire_ms = std::min(expire_ms, key->expire_time_ms);
  const std::string token = auth::NewToken();
  response->set_token(token);
  SetTimestamp(expire_ms, response->mutable_expire_time());
  quiz::v1::User* user = response->mutable_user();
  user->set_name("users/" + learner->username);
  user->set_username(learner->username);
  user->set_role(learner->role);
  SetTimestamp(learner->create_time_ms, user->mutable_create_time());
  context_.store.CreateLearnerToken(
      auth::TokenHash(token), learner->id, expire_ms, me.api_key_id,
      [call, response](absl::Status status) {
        if (!status.ok()) response->Clear();
        call->Finish(absl::IsFailedPrecondition(status)
                         ? absl::UnauthenticatedError(
                               "API key is unknown, revoked or expired; ask "
                               "an admin for a new one")
                         : status);
      });
  return reactor;
}

}  // namespace service
