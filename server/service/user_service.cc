// UserService: accounts over the API. Who may call is the access policy's
// business (Call::Authenticate); the handlers check fields, hash passwords
// on the worker pool, write through the store and revoke tokens.
#include <algorithm>
#include <atomic>
#include <memory>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "server/auth/password.h"
#include "server/auth/principal.h"
#include "server/service/call.h"
#include "server/service/services.h"
#include "server/service/upsert_outcome.h"
#include "server/service/user_fields.h"
#include "server/text/request_text.h"

namespace service {
namespace {

using quiz::v1::User;

// Rows one BatchUpsertUsers may carry.
constexpr int kMaxUpsertRows = 1000;

// Ends every login token of `user_id` but `keep_token_hash`; open
// WatchProgress streams of those tokens end within a second.
void RevokeTokens(Context& context, int64_t user_id,
                  std::string keep_token_hash,
                  std::function<void(absl::StatusOr<int64_t>)> done) {
  context.store.DeleteUserTokens(user_id, std::move(keep_token_hash),
                                 std::move(done));
}

// The username of a "users/{username}" name (or a bare username), checked.
absl::StatusOr<std::string> UsernameOf(const std::string& name) {
  absl::StatusOr<std::string> username = ResourceId(name, "users", "name");
  if (!username.ok()) return username.status();
  if (absl::Status valid = auth::CheckUsername(*username); !valid.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "name: ", absl::StripPrefix(valid.message(), "username: ")));
  }
  return username;
}

// The caller's own token when `username` is the caller: an admin changing
// their own password keeps the session they are using.
std::string KeptToken(const Call& call, const std::string& username) {
  return call.principal().username == username ? call.principal().token_hash
                                               : std::string();
}

// The store's UpsertKey for the wire's.
store::UpsertKey StoreKey(quiz::v1::UpsertKey key) {
  return key == quiz::v1::UPSERT_KEY_EXTERNAL_ID ? store::UpsertKey::kExternalId
                                                 : store::UpsertKey::kUsername;
}

// Revokes the tokens of each user in `user_ids`, one after another, then
// calls `done` with the first failure or OK.
void RevokeEach(Context& context, std::vector<int64_t> user_ids,
                std::function<void(absl::Status)> done) {
  if (user_ids.empty()) {
    done(absl::OkStatus());
    return;
  }
  const int64_t first = user_ids.front();
  user_ids.erase(user_ids.begin());
  RevokeTokens(context, first, "",
               [&context, rest = std::move(user_ids),
                done = std::move(done)](absl::StatusOr<int64_t> revoked) {
                 if (!revoked.ok()) {
                   done(revoked.status());
                   return;
                 }
                 RevokeEach(context, std::move(rest), std::move(done));
               });
}

// One BatchUpsertUsers call in its stages: check the rows, hash the new
// users' passwords off the callback thread, write in one transaction,
// revoke the tokens of users whose role changed, reply.
class BatchUpsert {
 public:
  BatchUpsert(Call* call, const quiz::v1::BatchUpsertUsersRequest& request,
              quiz::v1::BatchUpsertUsersResponse* response)
      : call_(call), request_(request), response_(response) {}

  void Run() {
    const int rows = request_.users_size();
    if (rows == 0 || rows > kMaxUpsertRows) {
      Finish(absl::InvalidArgumentError(absl::StrCat(
          "users: ", rows, " rows; send 1 to ", kMaxUpsertRows, " per call")));
      return;
    }
    errors_.resize(rows);
    CheckRows();
    if (FirstError() >= 0 && !request_.skip_invalid() &&
        !request_.validate_only()) {
      Finish(BatchError(errors_[FirstError()]));
      return;
    }
    call_->context().workers.Run([this] { HashAndWrite(); });
  }

 private:
  // Field checks and repeats within the request, per row.
  void CheckRows() {
    absl::flat_hash_map<std::string, int> usernames, external_ids;
    for (int i = 0; i < request_.users_size(); ++i) {
      const std::string path = absl::StrCat("users[", i, "].");
      const quiz::v1::UpsertUserEntry& entry = request_.users(i);
      absl::Status status = CheckNewUser(entry.user(), "user.");
      if (status.ok() && !entry.password().empty()) {
        status = auth::CheckPasswordStrength(entry.password());
      }
      if (status.ok() &&
          StoreKey(request_.key()) == store::UpsertKey::kExternalId &&
          entry.user().external_id().empty()) {
        status = absl::InvalidArgumentError(
            "user.external_id: required when rows are matched by "
            "external_id");
      }
      if (status.ok()) {
        auto [named, fresh] = usernames.emplace(entry.user().username(), i);
        if (!fresh) {
          status = absl::InvalidArgumentError(
              absl::StrCat("user.username: \"", entry.user().username(),
                           "\" repeats users[", named->second, "]"));
        }
      }
      if (status.ok() && !entry.user().external_id().empty()) {
        auto [held, fresh] =
            external_ids.emplace(entry.user().external_id(), i);
        if (!fresh) {
          status = absl::InvalidArgumentError(
              absl::StrCat("user.external_id: \"", entry.user().external_id(),
                           "\" repeats users[", held->second, "]"));
        }
      }
      errors_[i] = Under(path, status);
    }
  }

  int FirstError() const {
    for (size_t i = 0; i < errors_.size(); ++i) {
      if (!errors_[i].ok()) return static_cast<int>(i);
    }
    return -1;
  }

  int ErrorCount() const {
    return static_cast<int>(
        std::count_if(errors_.begin(), errors_.end(),
                      [](const absl::Status& status) { return !status.ok(); }));
  }

  // The call's failure when `first` (a row's error) stops the batch.
  absl::Status BatchError(const absl::Status& first) const {
    const int bad = ErrorCount();
    return absl::Status(first.code(),
                        absl::StrCat(first.message(),
                                     bad > 1 ? absl::StrCat(" (and ", bad - 1,
                                                            " more bad rows)")
                                             : std::string(),
                                     "; nothing was stored"));
  }

  // On the worker pool: argon2id takes tens of milliseconds per password.
  // Only the passwords of users that do not exist yet are hashed, so a
  // repeated sync costs no hashing.
  void HashAndWrite() {
    std::vector<store::UpsertRow> rows;
    for (int i = 0; i < request_.users_size(); ++i) {
      if (!errors_[i].ok()) continue;
      const quiz::v1::UpsertUserEntry& entry = request_.users(i);
      store::UpsertRow& row = rows.emplace_back();
      row.user = UserRecordOf(entry.user());
      stored_index_.push_back(i);
      if (entry.password().empty() || request_.validate_only()) continue;
      absl::StatusOr<store::UserRecord> existing =
          call_->context().store.GetUserByName(entry.user().username());
      if (existing.ok()) {
        row.wants_password = true;  // fails the row if it is created after all
        continue;
      }
      if (!absl::IsNotFound(existing.status())) {
        Finish(existing.status());
        return;
      }
      absl::StatusOr<std::string> hash = auth::HashPassword(entry.password());
      if (!hash.ok()) {
        Finish(hash.status());
        return;
      }
      row.user.password_hash = *std::move(hash);
    }
    if (rows.empty()) {
      Reply({});
      return;
    }
    call_->context().store.UpsertUsers(
        std::move(rows), StoreKey(request_.key()), request_.validate_only(),
        request_.skip_invalid(),
        [this](absl::StatusOr<store::UpsertResult> result) {
          if (!result.ok()) {
            Finish(result.status());
            return;
          }
          Stored(*std::move(result));
        });
  }

  // On the store's completion thread.
  void Stored(store::UpsertResult result) {
    std::vector<int64_t> revoke;
    for (size_t k = 0; k < result.rows.size(); ++k) {
      store::UpsertRowResult& row = result.rows[k];
      const int i = stored_index_[k];
      if (row.outcome == store::UpsertRowResult::kFailed) {
        errors_[i] = Under(absl::StrCat("users[", i, "]."), row.error);
      } else if (row.role_changed && result.committed) {
        revoke.push_back(row.user.id);
      }
    }
    if (!result.committed && !request_.validate_only() &&
        !request_.skip_invalid()) {
      Finish(BatchError(errors_[FirstError()]));
      return;
    }
    if (!result.committed) {
      // A dry run: users it would create have no id or time yet.
      for (store::UpsertRowResult& row : result.rows) {
        if (row.outcome == store::UpsertRowResult::kCreated) {
          row.user.create_time_ms = 0;
          row.user.update_time_ms = 0;
        }
      }
    }
    rows_ = std::move(result.rows);
    RevokeEach(call_->context(), std::move(revoke),
               [this](absl::Status status) {
                 if (!status.ok()) {
                   Finish(status);
                   return;
                 }
                 Reply(std::move(rows_));
               });
  }

  void Reply(std::vector<store::UpsertRowResult> stored) {
    size_t k = 0;
    for (int i = 0; i < request_.users_size(); ++i) {
      quiz::v1::UpsertUserResult& out = *response_->add_results();
      out.set_index(i);
      const bool was_stored = k < stored_index_.size() && stored_index_[k] == i;
      const store::UpsertRowResult* row = was_stored ? &stored[k++] : nullptr;
      if (!errors_[i].ok() || row == nullptr) {
        out.set_outcome(quiz::v1::UPSERT_OUTCOME_ERROR);
        out.set_error(std::string(errors_[i].message()));
        response_->set_failed(response_->failed() + 1);
        continue;
      }
      out.set_outcome(WireOutcome(row->outcome));
      *out.mutable_user() = UserMessage(row->user);
      CountOutcome(row->outcome, *response_);
    }
    Finish(absl::OkStatus());
  }

  void Finish(const absl::Status& status) {
    call_->Finish(status);
    delete this;
  }

  Call* const call_;
  const quiz::v1::BatchUpsertUsersRequest& request_;
  quiz::v1::BatchUpsertUsersResponse* const response_;
  std::vector<absl::Status> errors_;  // per request row; OK when good
  std::vector<int> stored_index_;     // request row of each row sent on
  std::vector<store::UpsertRowResult> rows_;
};

// UpdateUser's mask, checked: which fields, or INVALID_ARGUMENT naming
// update_mask.
absl::StatusOr<store::UserFields> ParseMask(
    const google::protobuf::RepeatedPtrField<std::string>& mask) {
  if (mask.empty()) {
    return absl::InvalidArgumentError(
        "update_mask: name at least one of display_name, email, role, "
        "external_id, disabled");
  }
  store::UserFields fields;
  for (const std::string& path : mask) {
    bool* flag = path == "display_name"  ? &fields.display_name
                 : path == "email"       ? &fields.email
                 : path == "role"        ? &fields.role
                 : path == "external_id" ? &fields.external_id
                 : path == "disabled"    ? &fields.disabled
                                         : nullptr;
    if (flag == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat(
          "update_mask: ", text::QuoteForLog(path),
          " cannot be changed; name display_name, email, role, external_id "
          "or disabled"));
    }
    *flag = true;
  }
  return fields;
}

// The fields of `user` that `fields` names, checked.
absl::Status CheckUpdate(const User& user, const store::UserFields& fields) {
  absl::Status status;
  if (fields.display_name) status.Update(CheckDisplayName(user.display_name()));
  if (fields.email) status.Update(CheckEmail(user.email()));
  if (fields.role) status.Update(CheckRole(user.role()));
  if (fields.external_id) status.Update(CheckExternalId(user.external_id()));
  return Under("user.", status);
}

}  // namespace

grpc::ServerUnaryReactor* UserServiceImpl::CreateUser(
    grpc::CallbackServerContext* ctx,
    const quiz::v1::CreateUserRequest* request, User* response) {
  auto* call = new Call(context_, ctx, "UserService.CreateUser", *request);
  grpc::ServerUnaryReactor* reactor = call->reactor();
  if (!call->Authenticate()) return reactor;
  absl::Status valid = CheckNewUser(request->user(), "user.");
  if (valid.ok() && !request->password().empty()) {
    valid = auth::CheckPasswordStrength(request->password());
  }
  if (!valid.ok()) {
    call->Finish(valid);
    return reactor;
  }
  context_.workers.Run([this, call, request, response] {
    store::UserRecord user = UserRecordOf(request->user());
    if (!request->password().empty()) {
      absl::StatusOr<std::string> hash =
          auth::HashPassword(request->password());
      if (!hash.ok()) {
        call->Finish(hash.status());
        return;
      }
      user.password_hash = *std::move(hash);
    }
    user.create_time_ms = NowMs();
    user.update_time_ms = user.create_time_ms;
    context_.store.CreateUser(
        user, [call, response, user](absl::StatusOr<int64_t> id) mutable {
          if (id.ok()) {
            user.id = *id;
            *response = UserMessage(user);
          } else if (absl::IsAlreadyExists(id.status())) {
            // The store names a taken external_id; anything else taken is
            // the username.
            call->Finish(absl::StartsWith(id.status().message(), "external_id:")
                             ? Under("user.", id.status())
                             : absl::AlreadyExistsError(absl::StrCat(
                                   "user.username: users/", user.username,
                                   " already exists")));
            return;
          }
          call->Finish(id.status());
        });
  });
  return reactor;
}

grpc::ServerUnaryReactor* UserServiceImpl::BatchUpsertUsers(
    grpc::CallbackServerContext* ctx,
    const quiz::v1::BatchUpsertUsersRequest* request,
    quiz::v1::BatchUpsertUsersResponse* response) {
  auto* call =
      new Call(context_, ctx, "UserService.BatchUpsertUsers", *request);
  grpc::ServerUnaryReactor* reactor = call->reactor();
  if (!call->Authenticate()) return reactor;
  (new BatchUpsert(call, *request, response))->Run();
  return reactor;
}

grpc::ServerUnaryReactor* UserServiceImpl::GetUser(
    grpc::CallbackServerContext* ctx, const quiz::v1::GetUserRequest* request,
    User* response) {
  auto* call = new Call(context_, ctx, "UserService.GetUser", *request);
  grpc::ServerUnaryReactor* reactor = call->reactor();
  if (!call->Authenticate()) return reactor;
  absl::StatusOr<std::string> username = UsernameOf(request->name());
  if (!username.ok()) {
    call->Finish(username.status());
    return reactor;
  }
  absl::StatusOr<store::UserRecord> user =
      context_.store.GetUserByName(*username);
  if (user.ok()) *response = UserMessage(*user);
  call->Finish(user.status());
  return reactor;
}

grpc::ServerUnaryReactor* UserServiceImpl::ListUsers(
    grpc::CallbackServerContext* ctx, const quiz::v1::ListUsersRequest* request,
    quiz::v1::ListUsersResponse* response) {
  auto* call = new Call(context_, ctx, "UserService.ListUsers", *request);
  grpc::ServerUnaryReactor* reactor = call->reactor();
  if (!call->Authenticate()) return reactor;
  absl::StatusOr<int> page_size = PageSize(request->page_size());
  absl::StatusOr<std::string> cursor = call->PageCursor();
  absl::Status valid = page_size.ok() ? cursor.status() : page_size.status();
  store::UserFilter filter;
  if (request->role() != quiz::v1::ROLE_UNSPECIFIED) {
    if (!quiz::v1::Role_IsValid(request->role())) {
      valid.Update(absl::InvalidArgumentError("role: not a quiz.v1.Role"));
    }
    filter.role = request->role();
  }
  if (request->disabled() != quiz::v1::DISABLED_FILTER_UNSPECIFIED) {
    filter.disabled = request->disabled() == quiz::v1::DISABLED_FILTER_DISABLED;
  }
  absl::StatusOr<int64_t> after = FilterTimeMs(
      request->updated_after(), request->has_updated_after(), "updated_after");
  valid.Update(after.status());
  if (after.ok()) filter.updated_after_ms = *after;
  if (!valid.ok()) {
    call->Finish(valid);
    return reactor;
  }
  absl::StatusOr<std::vector<store::UserRecord>> users =
      context_.store.ListUserAccounts(filter, *cursor, *page_size + 1);
  if (!users.ok()) {
    call->Finish(users.status());
    return reactor;
  }
  const bool more = static_cast<int>(users->size()) > *page_size;
  if (more) users->resize(*page_size);
  for (const store::UserRecord& user : *users) {
    *response->add_users() = UserMessage(user);
  }
  if (more)
    response->set_next_page_token(call->NextPageToken(users->back().username));
  call->Finish(absl::OkStatus());
  return reactor;
}

grpc::ServerUnaryReactor* UserServiceImpl::UpdateUser(
    grpc::CallbackServerContext* ctx,
    const quiz::v1::UpdateUserRequest* request, User* response) {
  auto* call = new Call(context_, ctx, "UserService.UpdateUser", *request);
  grpc::ServerUnaryReactor* reactor = call->reactor();
  if (!call->Authenticate()) return reactor;
  absl::StatusOr<std::string> username = UsernameOf(request->name());
  absl::StatusOr<store::UserFields> fields = ParseMask(request->update_mask());
  absl::Status valid = username.ok() ? fields.status() : username.status();
  if (valid.ok()) valid = CheckUpdate(request->user(), *fields);
  if (valid.ok() && *username == call->principal().username &&
      ((fields->disabled && request->user().disabled()) ||
       (fields->role && request->user().role() != call->principal().role))) {
    valid = absl::FailedPreconditionError(
        "name: you cannot disable yourself or change your own role; ask "
        "another admin");
  }
  if (!valid.ok()) {
    call->Finish(valid);
    return reactor;
  }
  context_.store.UpdateUserAccount(
      *username, UserRecordOf(request->user()), *fields,
      [this, call, response](absl::StatusOr<store::UserChange> change) {
        if (!change.ok()) {
          call->Finish(change.status());
          return;
        }
        *response = UserMessage(change->after);
        // Tokens carry the role they were issued with; a disabled user
        // keeps none.
        const bool revoke =
            change->after.role != change->before.role ||
            (change->after.disabled && !change->before.disabled);
        if (!revoke) {
          call->Finish(absl::OkStatus());
          return;
        }
        RevokeTokens(context_, change->after.id, "",
                     [call](absl::StatusOr<int64_t> revoked) {
                       call->Finish(revoked.status());
                     });
      });
  return reactor;
}

grpc::ServerUnaryReactor* UserServiceImpl::SetPassword(
    grpc::CallbackServerContext* ctx,
    const quiz::v1::SetPasswordRequest* request,
    quiz::v1::SetPasswordResponse* response) {
  auto* call = new Call(context_, ctx, "UserService.SetPassword", *request);
  grpc::ServerUnaryReactor* reactor = call->reactor();
  if (!call->Authenticate()) return reactor;
  absl::StatusOr<std::string> username = UsernameOf(request->name());
  absl::Status valid = username.ok()
                           ? auth::CheckPasswordStrength(request->password())
                           : username.status();
  if (!valid.ok()) {
    call->Finish(valid);
    return reactor;
  }
  // Refuse an unknown user before spending a hash on it.
  absl::StatusOr<store::UserRecord> user =
      context_.store.GetUserByName(*username);
  if (!user.ok()) {
    call->Finish(user.status());
    return reactor;
  }
  context_.workers.Run([this, call, request, response, username = *username] {
    absl::StatusOr<std::string> hash = auth::HashPassword(request->password());
    if (!hash.ok()) {
      call->Finish(hash.status());
      return;
    }
    context_.store.SetPasswordHash(
        username, *std::move(hash),
        [this, call, response,
         username](absl::StatusOr<store::UserRecord> user) {
          if (!user.ok()) {
            call->Finish(user.status());
            return;
          }
          RevokeTokens(context_, user->id, KeptToken(*call, username),
                       [call, response](absl::StatusOr<int64_t> revoked) {
                         if (revoked.ok()) {
                           response->set_revoked_tokens(*revoked);
                         }
                         call->Finish(revoked.status());
                       });
        });
  });
  return reactor;
}

grpc::ServerUnaryReactor* UserServiceImpl::DeleteUser(
    grpc::CallbackServerContext* ctx,
    const quiz::v1::DeleteUserRequest* request,
    quiz::v1::DeleteUserResponse* response) {
  auto* call = new Call(context_, ctx, "UserService.DeleteUser", *request);
  grpc::ServerUnaryReactor* reactor = call->reactor();
  if (!call->Authenticate()) return reactor;
  absl::StatusOr<std::string> username = UsernameOf(request->name());
  if (username.ok() && *username == call->principal().username) {
    username = absl::FailedPreconditionError(
        "name: you cannot delete yourself; ask another admin");
  }
  if (!username.ok()) {
    call->Finish(username.status());
    return reactor;
  }
  context_.store.DeleteUserAccount(
      *username, absl::StrCat("users/", call->principal().username),
      [this, call,
       response](absl::StatusOr<store::Store::DeletedUser> deleted) {
        if (!deleted.ok()) {
          call->Finish(deleted.status());
          return;
        }
        response->set_kept_attempts(deleted->kept_attempts);
        RevokeTokens(context_, deleted->tombstone.id, "",
                     [call, response](absl::StatusOr<int64_t> revoked) {
                       if (revoked.ok()) {
                         response->set_revoked_tokens(*revoked);
                       }
                       call->Finish(revoked.status());
                     });
      });
  return reactor;
}

}  // namespace service
