// BankService's staff side: reading whole banks, publishing versions and
// listing them. (ListBanks is in catalog_services.cc, Regrade in
// regrade_service.cc.)
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "question_bank/src/bank_check.h"
#include "server/service/bank_summary.h"
#include "server/service/call.h"
#include "server/service/services.h"

namespace service {
namespace {

// The most error messages one INVALID_ARGUMENT lists; the rest are counted.
constexpr int kMaxListedErrors = 20;

// Finishes `call` with PERMISSION_DENIED unless its principal is staff.
bool RequireStaff(Call* call, const char* method) {
  if (call->principal().is_staff()) return true;
  call->Finish(absl::PermissionDeniedError(
      absl::StrCat(method, " is for instructors and admins only")));
  return false;
}

// Replies with a whole stored bank version: GetBank and ExportBank.
void ReplyWithBank(Call* call, const std::string& name, int64_t version,
                   quiz::v1::Bank* response) {
  absl::StatusOr<std::string> id = ResourceId(name, "banks", "name");
  if (!id.ok()) return call->Finish(id.status());
  if (version < 0) {
    return call->Finish(
        absl::InvalidArgumentError("version: must not be negative"));
  }
  absl::StatusOr<store::BankVersionRecord> record =
      call->context().store.GetBankVersion(*id, version);
  if (record.ok()) *response = record->bank->Whole();
  call->Finish(record.status());
}

// INVALID_ARGUMENT listing the errors among `findings`, or OK; warnings are
// copied to `response`.
absl::Status Validate(const quiz::v1::Bank& bank,
                      quiz::v1::CreateBankVersionResponse* response) {
  std::vector<std::string> errors;
  for (const question_bank::BankFinding& finding :
       question_bank::FindBankProblems(bank)) {
    if (finding.severity == question_bank::Diagnostic::Severity::kError) {
      errors.push_back(finding.message);
      continue;
    }
    quiz::v1::BankFinding* out = response->add_findings();
    out->set_severity(quiz::v1::BankFinding::WARNING);
    out->set_path(finding.path);
    out->set_message(finding.message);
  }
  if (errors.empty()) return absl::OkStatus();
  const size_t total = errors.size();
  if (total > kMaxListedErrors) {
    errors.resize(kMaxListedErrors);
    errors.push_back(absl::StrCat("and ", total - kMaxListedErrors, " more"));
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "bank ", bank.id(), " has ", total,
      total == 1 ? " error: " : " errors: ", absl::StrJoin(errors, "; ")));
}

// ALREADY_EXISTS when a quiz id of `bank` is defined by another bank: quiz
// ids are unique across the server.
absl::Status CheckQuizIdsAreFree(const QuizCatalog& catalog,
                                 const quiz::v1::Bank& bank) {
  for (int i = 0; i < bank.quizzes_size(); ++i) {
    absl::StatusOr<CatalogQuiz> taken = catalog.FindQuiz(bank.quizzes(i).id());
    if (taken.ok() && taken->bank.bank_id != bank.id()) {
      return absl::AlreadyExistsError(absl::StrCat(
          "bank.quizzes[", i, "].id: quiz id \"", bank.quizzes(i).id(),
          "\" belongs to bank ", taken->bank.bank_id));
    }
  }
  return absl::OkStatus();
}

}  // namespace

grpc::ServerUnaryReactor* BankServiceImpl::GetBank(
    grpc::CallbackServerContext* ctx, const quiz::v1::GetBankRequest* request,
    quiz::v1::Bank* response) {
  auto* call = new Call(context_, ctx, "BankService.GetBank", *request);
  grpc::ServerUnaryReactor* reactor = call->reactor();
  if (!call->Authenticate() || !RequireStaff(call, "GetBank")) return reactor;
  ReplyWithBank(call, request->name(), request->version(), response);
  return reactor;
}

grpc::ServerUnaryReactor* BankServiceImpl::ExportBank(
    grpc::CallbackServerContext* ctx,
    const quiz::v1::ExportBankRequest* request, quiz::v1::Bank* response) {
  auto* call = new Call(context_, ctx, "BankService.ExportBank", *request);
  grpc::ServerUnaryReactor* reactor = call->reactor();
  if (!call->Authenticate() || !RequireStaff(call, "ExportBank")) {
    return reactor;
  }
  ReplyWithBank(call, request->name(), request->version(), response);
  return reactor;
}

grpc::ServerUnaryReactor* BankServiceImpl::CreateBankVersion(
    grpc::CallbackServerContext* ctx,
    const quiz::v1::CreateBankVersionRequest* request,
    quiz::v1::CreateBankVersionResponse* response) {
  auto* call =
      new Call(context_, ctx, "BankService.CreateBankVersion", *request);
  grpc::ServerUnaryReactor* reactor = call->reactor();
  if (!call->Authenticate() || !RequireStaff(call, "CreateBankVersion")) {
    return reactor;
  }
  quiz::v1::Bank bank = request->bank();
  bank.clear_version();
  if (absl::Status valid = Validate(bank, response); !valid.ok()) {
    call->Finish(valid);
    return reactor;
  }
  if (absl::Status free = CheckQuizIdsAreFree(context_.catalog, bank);
      !free.ok()) {
    call->Finish(free);
    return reactor;
  }
  absl::StatusOr<store::BankVersionRecord> latest =
      context_.store.GetBankVersion(bank.id(), 0);
  if (!latest.ok() && !absl::IsNotFound(latest.status())) {
    call->Finish(latest.status());
    return reactor;
  }
  const int64_t latest_version = latest.ok() ? latest->version : 0;
  if (request->validate_only()) {
    if (latest.ok()) *response->mutable_bank() = SummarizeBank(*latest);
    call->Finish(absl::OkStatus());
    return reactor;
  }
  Context& context = context_;
  context_.store.PutBankVersion(
      std::move(bank), "users/" + call->principal().username,
      [call, response, latest_version, &context,
       id = request->bank().id()](absl::StatusOr<int64_t> version) {
        if (!version.ok()) return call->Finish(version.status());
        // Stored and durable. Refreshing the catalog reads the store, which
        // the store thread running this must not wait on.
        context.workers.Run([call, response, latest_version, &context, id,
                             version = *version] {
          if (absl::Status refreshed = context.catalog.Refresh(context.store);
              !refreshed.ok()) {
            return call->Finish(refreshed);
          }
          absl::StatusOr<store::BankVersionRecord> stored =
              context.store.GetBankVersion(id, version);
          if (!stored.ok()) return call->Finish(stored.status());
          *response->mutable_bank() = SummarizeBank(*stored);
          response->set_unchanged(version == latest_version);
          call->Finish(absl::OkStatus());
        });
      });
  return reactor;
}

grpc::ServerUnaryReactor* BankServiceImpl::ListBankVersions(
    grpc::CallbackServerContext* ctx,
    const quiz::v1::ListBankVersionsRequest* request,
    quiz::v1::ListBankVersionsResponse* response) {
  auto* call =
      new Call(context_, ctx, "BankService.ListBankVersions", *request);
  grpc::ServerUnaryReactor* reactor = call->reactor();
  if (!call->Authenticate() || !RequireStaff(call, "ListBankVersions")) {
    return reactor;
  }
  absl::StatusOr<std::string> id = ResourceId(request->bank(), "banks", "bank");
  absl::StatusOr<int> size = PageSize(request->page_size());
  int64_t before = 0;
  absl::Status status = !id.ok() ? id.status() : size.status();
  if (status.ok() && !request->page_token().empty()) {
    absl::StatusOr<std::string> cursor = call->PageCursor();
    status = cursor.status();
    if (cursor.ok() && (!absl::SimpleAtoi(*cursor, &before) || before < 1)) {
      status = absl::InvalidArgumentError("page_token: not a version cursor");
    }
  }
  if (!status.ok()) {
    call->Finish(status);
    return reactor;
  }
  // One more than a page tells whether another page follows.
  absl::StatusOr<std::vector<store::BankVersionRecord>> versions =
      context_.store.ListBankVersions(*id, before, *size + 1);
  if (versions.ok() && versions->empty() && before == 0) {
    versions = absl::NotFoundError(absl::StrCat("bank ", *id, " not found"));
  }
  if (!versions.ok()) {
    call->Finish(versions.status());
    return reactor;
  }
  const bool more = static_cast<int>(versions->size()) > *size;
  if (more) versions->pop_back();
  for (const store::BankVersionRecord& record : *versions) {
    *response->add_versions() = SummarizeBank(record);
  }
  if (more) {
    response->set_next_page_token(
        call->NextPageToken(absl::StrCat(versions->back().version)));
  }
  call->Finish(absl::OkStatus());
  return reactor;
}

}  // namespace service
