#include <algorithm>
#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "server/auth/login_throttle.h"
#include "server/auth/password.h"
#include "server/service/acceptor.h"
#include "server/service/call.h"
#include "server/service/password_checks.h"
#include "server/service/services.h"
#include "server/service/user_fields.h"

namespace service {
namespace {

// The user agent kept with a session: printable ASCII, at most 200
// characters, so that listing it can neither break a line nor a terminal.
std::string SessionUserAgent(const grpc::CallbackServerContext& ctx) {
  const auto& metadata = ctx.client_metadata();
  auto it = metadata.find("user-agent");
  if (it == metadata.end()) return "";
  std::string agent(it->second.data(),
                    std::min<size_t>(it->second.size(), 200));
  for (char& c : agent) {
    if (c < 0x20 || c > 0x7e) c = '?';
  }
  return agent;
}

// A session's public name: 16 hex digits of BLAKE2b over the stored token
// hash with a label of its own. One-way, so it is no credential and tells
// nothing of the token.
std::string SessionId(const std::string& token_hash) {
  return auth::TokenHash(absl::StrCat("quizd session id:", token_hash))
      .substr(0, 16);
}

// The address a client's failures are counted under (see LoginThrottle).
std::string ClientAddress(const grpc::CallbackServerContext& ctx) {
  // The acceptor hands connections to gRPC by descriptor ("fd:N"); it knows
  // the address behind one.
  return auth::LoginThrottle::AddressOfPeer(PeerName(ctx.peer()));
}

// Refuses what must not reach argon2id: an empty or oversize password
// (kMaxPasswordBytes), named by `field`.
absl::Status CheckPasswordSize(const std::string& password, const char* field) {
  if (password.empty())
    return absl::InvalidArgumentError(absl::StrCat(field, ": required"));
  if (password.size() > kMaxPasswordBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": longer than ", kMaxPasswordBytes, " bytes"));
  }
  return absl::OkStatus();
}

// RESOURCE_EXHAUSTED when checks of `username` from `address` must wait;
// otherwise the check is admitted (see LoginThrottle::Admit).
absl::Status AdmitCheck(PasswordChecks& checks, const std::string& username,
                        const std::string& address) {
  const absl::Duration delay = checks.throttle().Admit(username, address);
  if (delay <= absl::ZeroDuration()) return absl::OkStatus();
  return absl::ResourceExhaustedError(absl::StrCat(
      "too many failed logins; try again in ", auth::RetryDelayText(delay)));
}

// Runs `check` (admitted for `username` from `address`) on the password
// threads, or finishes `call` with RESOURCE_EXHAUSTED when their queue is
// full; the check then never counted.
void QueuePasswordCheck(PasswordChecks& checks, Call* call,
                        const std::string& username, const std::string& address,
                        std::function<void()> check) {
  if (!checks.TryRun(std::move(check))) {
    checks.throttle().Withdraw(username, address);
    call->Finish(absl::ResourceExhaustedError(
        "server busy checking passwords; retry in 1 s"));
  }
}

// Counts a failed check and logs the account when it becomes throttled.
void RecordFailure(PasswordChecks& checks, const std::string& username,
                   const std::string& address) {
  const auth::FailureNote note =
      checks.throttle().RecordFailure(username, address);
  checks.LogThrottled(username, address, note);
}

// An unknown user costs a hash check too, so timing does not tell which
// usernames exist.
const std::string& DecoyHash() {
  static const std::string* const kDecoyHash =
      new std::string(auth::HashPassword("decoy-password").value_or(""));
  return *kDecoyHash;
}

}  // namespace

grpc::ServerUnaryReactor* AuthServiceImpl::Login(
    grpc::CallbackServerContext* ctx, const quiz::v1::LoginRequest* request,
    quiz::v1::LoginResponse* response) {
  auto* call = new Call(context_, ctx, "AuthService.Login", *request);
  grpc::ServerUnaryReactor* reactor = call->reactor();
  if (!call->Admit()) return reactor;
  if (request->username().empty()) {
    call->Finish(absl::InvalidArgumentError("username: required"));
    return reactor;
  }
  if (absl::Status size = CheckPasswordSize(request->password(), "password");
      !size.ok()) {
    call->Finish(size);
    return reactor;
  }
  PasswordChecks& checks = context_.passwords;
  std::string address = ClientAddress(*ctx);
  if (absl::Status wait = AdmitCheck(checks, request->username(), address);
      !wait.ok()) {
    call->Finish(wait);
    return reactor;
  }
  QueuePasswordCheck(
      checks, call, request->username(), address,
      [this, call, ctx, request, response, &checks, address] {
        absl::StatusOr<store::UserRecord> user =
            context_.store.GetUserByName(request->username());
        if (!user.ok() && !absl::IsNotFound(user.status())) {
          call->Finish(user.status());
          return;
        }
        const std::string& hash = user.ok() ? user->password_hash : DecoyHash();
        if (!auth::VerifyPassword(hash, request->password()) || !user.ok()) {
          RecordFailure(checks, request->username(), address);
          call->Finish(
              absl::UnauthenticatedError("wrong username or password"));
          return;
        }
        checks.throttle().RecordSuccess(request->username(), address);
        const std::string token = auth::NewToken();
        store::SessionRecord session;
        session.token_hash = auth::TokenHash(token);
        session.user_id = user->id;
        session.create_time_ms = NowMs();
        session.last_used_ms = session.create_time_ms;
        session.expire_time_ms =
            session.create_time_ms + auth::kTokenLifetimeMs;
        session.peer = address;
        session.user_agent = SessionUserAgent(*ctx);
        response->set_token(token);
        SetTimestamp(session.expire_time_ms, response->mutable_expire_time());
        *response->mutable_user() = UserMessage(*user);
        context_.store.CreateSession(
            std::move(session),
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

grpc::ServerUnaryReactor* AuthServiceImpl::ChangePassword(
    grpc::CallbackServerContext* ctx,
    const quiz::v1::ChangePasswordRequest* request,
    quiz::v1::ChangePasswordResponse* response) {
  auto* call = new Call(context_, ctx, "AuthService.ChangePassword", *request);
  grpc::ServerUnaryReactor* reactor = call->reactor();
  if (!call->Authenticate()) return reactor;
  absl::Status valid =
      CheckPasswordSize(request->old_password(), "old_password");
  if (valid.ok()) {
    valid = auth::CheckPasswordStrength(request->new_password());
    if (!valid.ok()) {
      // CheckPasswordStrength names "password"; this request's field is
      // new_password.
      valid = absl::InvalidArgumentError(absl::StrCat("new_", valid.message()));
    }
  }
  if (!valid.ok()) {
    call->Finish(valid);
    return reactor;
  }
  PasswordChecks& checks = context_.passwords;
  const auth::Principal& caller = call->principal();
  std::string address = ClientAddress(*ctx);
  if (absl::Status wait = AdmitCheck(checks, caller.username, address);
      !wait.ok()) {
    call->Finish(wait);
    return reactor;
  }
  QueuePasswordCheck(
      checks, call, caller.username, address,
      [this, call, request, response, &checks, address] {
        const auth::Principal& caller = call->principal();
        absl::StatusOr<store::UserRecord> user =
            context_.store.GetUserById(caller.user_id);
        if (!user.ok()) {
          call->Finish(user.status());
          return;
        }
        if (!auth::VerifyPassword(user->password_hash,
                                  request->old_password())) {
          RecordFailure(checks, caller.username, address);
          call->Finish(
              absl::PermissionDeniedError("old_password: wrong password"));
          return;
        }
        checks.throttle().RecordSuccess(caller.username, address);
        absl::StatusOr<std::string> hash =
            auth::HashPassword(request->new_password());
        if (!hash.ok()) {
          call->Finish(hash.status());
          return;
        }
        Context& context = context_;
        context.store.SetPasswordHash(
            caller.username, *std::move(hash),
            [call, response, &context](absl::StatusOr<store::UserRecord> user) {
              if (!user.ok()) {
                call->Finish(user.status());
                return;
              }
              context.store.DeleteUserTokens(
                  call->principal().user_id, call->principal().token_hash,
                  [call, response](absl::StatusOr<int64_t> revoked) {
                    if (revoked.ok()) response->set_revoked_sessions(*revoked);
                    call->Finish(revoked.status());
                  });
            });
      });
  return reactor;
}

grpc::ServerUnaryReactor* AuthServiceImpl::ListSessions(
    grpc::CallbackServerContext* ctx,
    const quiz::v1::ListSessionsRequest* request,
    quiz::v1::ListSessionsResponse* response) {
  auto* call = new Call(context_, ctx, "AuthService.ListSessions", *request);
  grpc::ServerUnaryReactor* reactor = call->reactor();
  if (!call->Authenticate()) return reactor;
  const auth::Principal& caller = call->principal();
  absl::StatusOr<std::vector<store::SessionRecord>> sessions =
      context_.store.ListSessions(caller.user_id, NowMs());
  if (!sessions.ok()) {
    call->Finish(sessions.status());
    return reactor;
  }
  for (const store::SessionRecord& record : *sessions) {
    quiz::v1::Session* session = response->add_sessions();
    session->set_id(SessionId(record.token_hash));
    if (record.create_time_ms > 0) {
      SetTimestamp(record.create_time_ms, session->mutable_create_time());
    }
    if (record.last_used_ms > 0) {
      SetTimestamp(record.last_used_ms, session->mutable_last_use_time());
    }
    SetTimestamp(record.expire_time_ms, session->mutable_expire_time());
    session->set_client_address(record.peer);
    session->set_user_agent(record.user_agent);
    session->set_current(record.token_hash == caller.token_hash);
  }
  call->Finish(absl::OkStatus());
  return reactor;
}

grpc::ServerUnaryReactor* AuthServiceImpl::RevokeSession(
    grpc::CallbackServerContext* ctx,
    const quiz::v1::RevokeSessionRequest* request,
    quiz::v1::RevokeSessionResponse* response) {
  auto* call = new Call(context_, ctx, "AuthService.RevokeSession", *request);
  grpc::ServerUnaryReactor* reactor = call->reactor();
  if (!call->Authenticate()) return reactor;
  if (request->id().empty()) {
    call->Finish(absl::InvalidArgumentError("id: required"));
    return reactor;
  }
  absl::StatusOr<std::vector<store::SessionRecord>> sessions =
      context_.store.ListSessions(call->principal().user_id, NowMs());
  if (!sessions.ok()) {
    call->Finish(sessions.status());
    return reactor;
  }
  for (const store::SessionRecord& session : *sessions) {
    if (SessionId(session.token_hash) != request->id()) continue;
    context_.store.DeleteToken(session.token_hash, [call](absl::Status status) {
      call->Finish(status);
    });
    return reactor;
  }
  call->Finish(absl::NotFoundError("id: you have no session with this id"));
  return reactor;
}

grpc::ServerUnaryReactor* AuthServiceImpl::LogoutEverywhere(
    grpc::CallbackServerContext* ctx,
    const quiz::v1::LogoutEverywhereRequest* request,
    quiz::v1::LogoutEverywhereResponse* response) {
  auto* call =
      new Call(context_, ctx, "AuthService.LogoutEverywhere", *request);
  grpc::ServerUnaryReactor* reactor = call->reactor();
  if (!call->Authenticate()) return reactor;
  context_.store.DeleteUserTokens(
      call->principal().user_id,
      request->keep_current() ? call->principal().token_hash : "",
      [call, response](absl::StatusOr<int64_t> revoked) {
        if (revoked.ok()) response->set_revoked_sessions(*revoked);
        call->Finish(revoked.status());
      });
  return reactor;
}

}  // namespace service
