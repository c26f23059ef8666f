// BankService's owners: ListBankOwners, AddBankOwner, RemoveBankOwner. Who
// may call them is the policy's (admins, and instructors owning the bank:
// MayChangeBank); the store keeps the rows (bank_owners).
#include "absl/strings/str_cat.h"
#include "question_bank/typed/shown_text.h"
#include "server/service/call.h"
#include "server/service/services.h"

namespace service {
namespace {

// The bank a request names, once it exists and the caller may change it:
// its id, or the status to finish with.
absl::StatusOr<std::string> OwnedBank(Call* call, const std::string& name) {
  absl::StatusOr<std::string> id = ResourceId(name, "banks", "bank");
  if (!id.ok()) return id.status();
  absl::StatusOr<store::BankVersionRecord> bank =
      call->context().store.GetBankVersion(*id, 0);
  if (absl::IsNotFound(bank.status())) {
    return absl::NotFoundError(
        absl::StrCat("bank \"banks/", typed::ShownText(*id), "\" not found"));
  }
  if (!bank.ok()) return bank.status();
  if (absl::Status may =
          MayChangeBank(call->context().store, call->principal(), *id);
      !may.ok()) {
    return may;
  }
  return *id;
}

// Replies with the owners of `bank_id` as they are now.
void ReplyWithOwners(Call* call, const std::string& bank_id,
                     quiz::v1::ListBankOwnersResponse* response) {
  absl::StatusOr<std::vector<store::BankOwnerRecord>> owners =
      call->context().store.ListBankOwners(bank_id);
  if (!owners.ok()) return call->Finish(owners.status());
  response->set_bank("banks/" + bank_id);
  for (const store::BankOwnerRecord& owner : *owners) {
    quiz::v1::BankOwner* out = response->add_owners();
    out->set_user("users/" + owner.username);
    SetTimestamp(owner.create_time_ms, out->mutable_create_time());
  }
  call->Finish(absl::OkStatus());
}

// The user a request names: NOT_FOUND for one who does not exist.
absl::StatusOr<store::UserRecord> NamedUser(Call* call,
                                            const std::string& name) {
  absl::StatusOr<std::string> username = ResourceId(name, "users", "user");
  if (!username.ok()) return username.status();
  absl::StatusOr<store::UserRecord> user =
      call->context().store.GetUserByName(*username);
  if (absl::IsNotFound(user.status())) {
    return absl::NotFoundError(absl::StrCat(
        "user \"users/", typed::ShownText(*username), "\" not found"));
  }
  return user;
}

}  // namespace

grpc::ServerUnaryReactor* BankServiceImpl::ListBankOwners(
    grpc::CallbackServerContext* ctx,
    const quiz::v1::ListBankOwnersRequest* request,
    quiz::v1::ListBankOwnersResponse* response) {
  auto* call =
      new Call(context_, ctx, "BankService.ListBankOwners", *request, response);
  grpc::ServerUnaryReactor* reactor = call->reactor();
  if (!call->Authenticate()) return reactor;
  absl::StatusOr<std::string> bank = OwnedBank(call, request->bank());
  if (!bank.ok()) {
    call->Finish(bank.status());
    return reactor;
  }
  ReplyWithOwners(call, *bank, response);
  return reactor;
}

grpc::ServerUnaryReactor* BankServiceImpl::AddBankOwner(
    grpc::CallbackServerContext* ctx,
    const quiz::v1::AddBankOwnerRequest* request,
    quiz::v1::ListBankOwnersResponse* response) {
  auto* call =
      new Call(context_, ctx, "BankService.AddBankOwner", *request, response);
  grpc::ServerUnaryReactor* reactor = call->reactor();
  if (!call->Authenticate()) return reactor;
  absl::StatusOr<std::string> bank = OwnedBank(call, request->bank());
  absl::StatusOr<store::UserRecord> user =
      bank.ok() ? NamedUser(call, request->user())
                : absl::StatusOr<store::UserRecord>(bank.status());
  if (user.ok() && user->role != quiz::v1::ROLE_INSTRUCTOR) {
    user = absl::InvalidArgumentError(absl::StrCat(
        "user: users/", user->username,
        " is not an instructor; only instructors own banks (admins push "
        "every bank already)"));
  }
  if (!user.ok()) {
    call->Finish(user.status());
    return reactor;
  }
  context_.store.AddBankOwner(
      *bank, user->id, [call, id = *bank, response](absl::Status status) {
        if (!status.ok()) return call->Finish(status);
        // Off the store's completion thread, which the read must not hold.
        call->context().workers.Run(
            [call, id, response] { ReplyWithOwners(call, id, response); });
      });
  return reactor;
}

grpc::ServerUnaryReactor* BankServiceImpl::RemoveBankOwner(
    grpc::CallbackServerContext* ctx,
    const quiz::v1::RemoveBankOwnerRequest* request,
    quiz::v1::ListBankOwnersResponse* response) {
  auto* call = new Call(context_, ctx, "BankService.RemoveBankOwner", *request,
                        response);
  grpc::ServerUnaryReactor* reactor = call->reactor();
  if (!call->Authenticate()) return reactor;
  absl::StatusOr<std::string> bank = OwnedBank(call, request->bank());
  absl::StatusOr<store::UserRecord> user =
      bank.ok() ? NamedUser(call, request->user())
                : absl::StatusOr<store::UserRecord>(bank.status());
  if (!user.ok()) {
    call->Finish(user.status());
    return reactor;
  }
  // Only an admin may leave a bank without owners.
  const bool keep_last = !call->principal().may_act_on_others;
  context_.store.RemoveBankOwner(
      *bank, user->id, keep_last,
      [call, id = *bank, response](absl::Status status) {
        if (!status.ok()) return call->Finish(status);
        // Off the store's completion thread, which the read must not hold.
        call->context().workers.Run(
            [call, id, response] { ReplyWithOwners(call, id, response); });
      });
  return reactor;
}

}  // namespace service
