#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "server/auth/password.h"
#include "server/service/call.h"
#include "server/service/services.h"
#include "server/service/user_fields.h"

namespace service {

grpc::ServerUnaryReactor* AuthServiceImpl::Login(
    grpc::CallbackServerContext* ctx, const quiz::v1::LoginRequest* request,
    quiz::v1::LoginResponse* response) {
  auto* call = new Call(context_, ctx, "AuthService.Login", *request);
  grpc::ServerUnaryReactor* reactor = call->reactor();
  if (!call->Admit()) return reactor;
  if (request->username().empty() || request->password().empty()) {
    call->Finish(absl::InvalidArgumentError(request->username().empty()
                                                ? "username: required"
                                                : "password: required"));
    return reactor;
  }
  // argon2id takes tens of milliseconds by design: off the callback thread.
  context_.workers.Run([this, call, request, response] {
    absl::StatusOr<store::UserRecord> user =
        context_.store.GetUserByName(request->username());
    if (!user.ok() && !absl::IsNotFound(user.status())) {
      call->Finish(user.status());
      return;
    }
    // An unknown user costs a hash check too, so timing does not tell which
    // usernames exist.
    static const std::string* const kDecoyHash =
        new std::string(auth::HashPassword("decoy-password").value_or(""));
    const std::string& hash = user.ok() ? user->password_hash : *kDecoyHash;
    if (!auth::VerifyPassword(hash, request->password()) || !user.ok()) {
      call->Finish(absl::UnauthenticatedError("wrong username or password"));
      return;
    }
    const std::string token = auth::NewToken();
    const int64_t expire_ms = NowMs() + auth::kTokenLifetimeMs;
    response->set_token(token);
    SetTimestamp(expire_ms, response->mutable_expire_time());
    *response->mutable_user() = UserMessage(*user);
    context_.store.CreateToken(
        auth::TokenHash(token), user->id, expire_ms,
        [call](absl::Status status) { call->Finish(status); });
  });
  return reactor;
}

grpc::ServerUnaryReactor* AuthServiceImpl::GetCurrentUser(
    grpc::CallbackServerContext* ctx,
    const quiz::v1::GetCurrentUserRequest* request, quiz::v1::User* response) {
  auto* call = new Call(context_, ctx, "AuthService.GetCurrentUser", *request);
  grpc::ServerUnaryReactor* reactor = call->reactor();
  if (!call->Authenticate()) return reactor;
  absl::StatusOr<store::UserRecord> user =
      context_.store.GetUserById(call->principal().user_id);
  if (user.ok()) *response = UserMessage(*user);
  call->Finish(user.status());
  return reactor;
}

grpc::ServerUnaryReactor* AuthServiceImpl::Logout(
    grpc::CallbackServerContext* ctx, const quiz::v1::LogoutRequest* request,
    quiz::v1::LogoutResponse* response) {
  auto* call = new Call(context_, ctx, "AuthService.Logout", *request);
  grpc::ServerUnaryReactor* reactor = call->reactor();
  if (!call->Authenticate()) return reactor;
  context_.store.DeleteToken(
      call->principal().token_hash,
      [call](absl::Status status) { call->Finish(status); });
  return reactor;
}

}  // namespace service
