// BankService's staff side: reading whole banks, publishing versions and
// listing them. (ListBanks is in catalog_services.cc, Regrade in
// regrade_service.cc.)
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/synchronization/mutex.h"
#include "question_bank/src/bank_check.h"
#include "question_bank/src/codeset_check.h"
#include "question_bank/src/utf8.h"
#include "server/service/acceptor.h"
#include "server/service/audit_record.h"
#include "server/service/bank_diff.h"
#include "server/service/bank_summary.h"
#include "server/service/call.h"
#include "server/service/reply_limits.h"
#include "server/service/services.h"

namespace service {
namespace {

// The most error messages one INVALID_ARGUMENT lists; the rest are counted.
constexpr int kMaxListedErrors = 20;

// INVALID_ARGUMENT listing the errors among `findings`, or OK; warnings are
// copied to `response`.
absl::Status Validate(const quiz::v1::Bank& bank,
                      const question_bank::CodeSets* code_sets,
                      quiz::v1::CreateBankVersionResponse* response) {
  std::vector<std::string> errors;
  std::vector<question_bank::BankFinding> findings =
      question_bank::FindBankProblems(bank);
  if (code_sets != nullptr) {
    std::vector<question_bank::BankFinding> codes =
        question_bank::FindCodeSetProblems(bank, *code_sets);
    findings.insert(findings.end(), codes.begin(), codes.end());
  }
  for (const question_bank::BankFinding& finding : findings) {
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
      "bank ", question_bank::ShownText(bank.id()), " has ", total,
      total == 1 ? " error: " : " errors: ", absl::StrJoin(errors, "; ")));
}

// ALREADY_EXISTS when a quiz id of `bank` is defined by another bank: quiz
// ids are unique across the server.
absl::Status CheckQuizIdsAreFree(const QuizCatalog& catalog,
                                 const quiz::v1::Bank& bank) {
  for (int i = 0; i < bank.quizzes_size(); ++i) {
    absl::StatusOr<CatalogQuiz> taken = catalog.FindQuiz(bank.quizzes(i).id());
    if (taken.ok() && taken->bank.bank_id != bank.id()) {
      return absl::AlreadyExistsError(
          absl::StrCat("bank.quizzes[", i, "].id: quiz id \"",
                       question_bank::ShownText(bank.quizzes(i).id()),
                       "\" belongs to bank ", taken->bank.bank_id));
    }
  }
  return absl::OkStatus();
}

// GetBank and ExportBank: replies with a whole stored bank version while
// holding one of the context's bank reply slots, under a deadline. Deletes
// itself when gRPC is done with the call.
class BankReply final : public grpc::ServerUnaryReactor {
 public:
  BankReply(Context& context, grpc::CallbackServerContext* ctx,
            const char* method)
      : context_(context),
        ctx_(ctx),
        method_(method),
        cancel_(ctx, context.limits.bank_transfer_timeout_seconds) {}

  // `request` is a GetBankRequest or an ExportBankRequest.
  template <typename Request>
  void Start(const Request& request, quiz::v1::Bank* response) {
    absl::StatusOr<auth::Principal> principal =
        AuthenticateCall(context_, *ctx_, method_);
    if (!principal.ok()) return Reply(principal.status());
    username_ = principal->username;
    if (absl::Status valid = CheckRequest(request); !valid.ok()) {
      return Reply(valid);
    }
    const std::string& name = request.name();
    const int64_t version = request.version();
    absl::StatusOr<std::string> id = ResourceId(name, "banks", "name");
    if (!id.ok()) return Reply(id.status());
    if (version < 0) {
      return Reply(absl::InvalidArgumentError("version: must not be negative"));
    }
    if (!context_.bank_replies.TryTake()) {
      return Reply(absl::ResourceExhaustedError(
          absl::StrCat(context_.limits.max_bank_replies,
                       " whole banks are being sent already; retry shortly")));
    }
    holds_slot_ = true;
    absl::StatusOr<store::BankVersionRecord> record =
        context_.store.GetBankVersion(*id, version);
    if (record.ok()) *response = record->bank->Whole();
    Reply(record.status());
  }

  void OnDone() override {
    cancel_.Disarm();
    if (holds_slot_) context_.bank_replies.Give();
    delete this;
  }

 private:
  void Reply(const absl::Status& status) {
    LogFailedCall(method_, username_, *ctx_, status);
    Finish(ToGrpc(status));
  }

  Context& context_;
  grpc::CallbackServerContext* ctx_;
  const char* method_;
  std::string username_;
  bool holds_slot_ = false;
  CancelAfter cancel_;
};

// Validates `bank` (ids, keys, code sets), compares it with the latest
// version into response->changes, and stores it unless `validate_only`;
// then calls `finish` (from any thread) with the outcome. Quizzes of the
// latest version that `bank` drops are refused unless `allow_quiz_removal`.
// A caller who may change only their own banks (MayChangeBank) is refused
// any other, and becomes the owner of a new one in the same write.
void Publish(Context& context, const auth::Principal& principal,
             quiz::v1::Bank bank, bool validate_only, bool allow_quiz_removal,
             quiz::v1::CreateBankVersionResponse* response,
             std::function<void(const absl::Status&)> finish) {
  bank.clear_version();
  if (absl::Status valid = Validate(bank, context.code_sets, response);
      !valid.ok()) {
    return finish(valid);
  }
  if (absl::Status free = CheckQuizIdsAreFree(context.catalog, bank);
      !free.ok()) {
    return finish(free);
  }
  if (absl::Status may = MayChangeBank(context.store, principal, bank.id());
      !may.ok()) {
    return finish(may);
  }
  absl::StatusOr<store::BankVersionRecord> latest =
      context.store.GetBankVersion(bank.id(), 0);
  if (!latest.ok() && !absl::IsNotFound(latest.status())) {
    return finish(latest.status());
  }
  const int64_t latest_version = latest.ok() ? latest->version : 0;
  if (latest.ok()) {
    *response->mutable_changes() = DiffBanks(latest->bank->Whole(), bank);
    response->mutable_changes()->set_base_version(latest_version);
  }
  const auto& dropped = response->changes().quizzes_removed();
  if (!dropped.empty() && !allow_quiz_removal) {
    return finish(absl::FailedPreconditionError(absl::StrCat(
        "bank ", bank.id(), " drops ",
        dropped.size() == 1 ? "quiz " : "quizzes ",
        absl::StrJoin(dropped, ", "), " of version ", latest_version,
        "; push again allowing quiz removal (quiz bank push --yes) to "
        "remove ",
        dropped.size() == 1 ? "it" : "them")));
  }
  if (validate_only) {
    if (latest.ok()) *response->mutable_bank() = SummarizeBank(*latest);
    return finish(absl::OkStatus());
  }
  const std::string id = bank.id();
  auto stored = [response, latest_version, &context, id,
                 finish = std::move(finish)](absl::StatusOr<int64_t> version) {
    if (!version.ok()) return finish(version.status());
    // Stored and durable. Refreshing the catalog reads the store, which
    // the store thread running this must not wait on.
    context.workers.Run(
        [response, latest_version, &context, id, finish, version = *version] {
          if (absl::Status refreshed = context.catalog.Refresh(context.store);
              !refreshed.ok()) {
            return finish(refreshed);
          }
          absl::StatusOr<store::BankVersionRecord> stored =
              context.store.GetBankVersion(id, version);
          if (!stored.ok()) return finish(stored.status());
          *response->mutable_bank() = SummarizeBank(*stored);
          response->set_unchanged(version == latest_version);
          finish(absl::OkStatus());
        });
  };
  const std::string by = "users/" + principal.username;
  if (principal.related == auth::Principal::Related::kOwnBanks) {
    // Ownership is checked again in the write: another push may have
    // claimed a new bank id since.
    context.store.PutOwnedBankVersion(std::move(bank), by, principal.user_id,
                                      std::move(stored));
  } else {
    context.store.PutBankVersion(std::move(bank), by, std::move(stored));
  }
}

// UploadBankVersion: gathers the chunks of one serialized Bank (up to the
// bank limit, under a deadline, in one of the upload slots), then publishes
// it as CreateBankVersion does. Deletes itself when gRPC is done.
class BankUpload final
    : public grpc::ServerReadReactor<quiz::v1::UploadBankVersionRequest> {
 public:
  BankUpload(Context& context, grpc::CallbackServerContext* ctx,
             quiz::v1::CreateBankVersionResponse* response)
      : context_(context),
        ctx_(ctx),
        response_(response),
        cancel_(ctx, context.limits.bank_transfer_timeout_seconds) {
    Begin();
  }

  void OnReadDone(bool ok) override {
    if (!ok) return Received();  // the client sent its last chunk
    if (first_) {
      first_ = false;
      validate_only_ = chunk_.validate_only();
      allow_quiz_removal_ = chunk_.allow_quiz_removal();
      bank_size_ = chunk_.bank_size();
      audited_.set_validate_only(validate_only_);
      audited_.set_allow_quiz_removal(allow_quiz_removal_);
      audited_.set_bank_size(bank_size_);
      if (bank_size_ <= 0) {
        return Reply(absl::InvalidArgumentError(
            "bank_size: required in the first message"));
      }
      if (bank_size_ > context_.limits.max_bank_bytes) {
        return Reply(absl::ResourceExhaustedError(absl::StrCat(
            "bank_size: ", bank_size_, " bytes exceeds this server's limit of ",
            context_.limits.max_bank_bytes, " bytes")));
      }
      bytes_.reserve(bank_size_);
    }
    if (static_cast<int64_t>(bytes_.size() + chunk_.bank_chunk().size()) >
        bank_size_) {
      return Reply(absl::InvalidArgumentError(absl::StrCat(
          "bank_chunk: the chunks exceed bank_size (", bank_size_, ")")));
    }
    bytes_.append(chunk_.bank_chunk());
    StartRead(&chunk_);
  }

  void OnDone() override {
    cancel_.Disarm();
    if (holds_slot_) context_.bank_uploads.Give();
    delete this;
  }

 private:
  // Authenticates, takes an upload slot and starts reading; or finishes.
  void Begin() {
    absl::StatusOr<auth::Principal> principal = ResolveCaller(context_, *ctx_);
    if (!principal.ok()) return Reply(principal.status());
    // Kept when the policy refuses, so that Reply can record who was.
    principal_ = *std::move(principal);
    username_ = principal_.username;
    if (absl::Status allowed = AuthorizeCaller(principal_, kMethod);
        !allowed.ok()) {
      return Reply(allowed);
    }
    if (!context_.bank_uploads.TryTake()) {
      return Reply(absl::ResourceExhaustedError(absl::StrCat(
          context_.limits.max_bank_uploads,
          " bank uploads are in progress already; retry shortly")));
    }
    holds_slot_ = true;
    StartRead(&chunk_);
  }

  void Received() {
    // A call cut off (or cancelled) also ends the reads: only a bank whose
    // every byte arrived is published.
    if (static_cast<int64_t>(bytes_.size()) != bank_size_) {
      return Reply(absl::InvalidArgumentError(
          absl::StrCat("bank_chunk: ", bytes_.size(), " of bank_size ",
                       bank_size_, " bytes arrived")));
    }
    // Parsing and checking a whole bank takes long: off gRPC's callback
    // thread.
    context_.workers.Run([this, bytes = std::move(bytes_)] {
      quiz::v1::Bank bank;
      if (!bank.ParseFromString(bytes)) {
        return Reply(absl::InvalidArgumentError(
            "bank_chunk: the chunks do not make a serialized quiz.v1.Bank"));
      }
      Publish(context_, principal_, std::move(bank), validate_only_,
              allow_quiz_removal_, response_,
              [this](const absl::Status& status) { Reply(status); });
    });
  }

  void Reply(const absl::Status& status) {
    LogFailedCall(kMethod, username_, *ctx_, status);
    // The bytes are dropped now, and the slot is free before the caller hears
    // the reply, so a push right after this one is not refused as busy
    // (OnDone may run later than the caller's next call).
    std::string().swap(bytes_);
    if (holds_slot_) {
      holds_slot_ = false;
      context_.bank_uploads.Give();
    }
    if (IsAuditedMethod(kMethod) &&
        ShouldRecord(principal_, audited_, status)) {
      // The request is recorded by its first message's fields; the bank by
      // the reply's name and version.
      return RecordAuditEvent(
          context_.store, principal_, kMethod, *ctx_, audited_, response_,
          status,
          [this](const absl::Status& outcome) { Finish(ToGrpc(outcome)); });
    }
    Finish(ToGrpc(status));
  }

  static constexpr const char* kMethod = "BankService.UploadBankVersion";

  Context& context_;
  grpc::CallbackServerContext* ctx_;
  quiz::v1::CreateBankVersionResponse* response_;
  auth::Principal principal_;
  std::string username_;
  // What the audit trail records of the request: the first message's
  // fields but its chunk.
  quiz::v1::UploadBankVersionRequest audited_;
  bool holds_slot_ = false;
  bool first_ = true;
  bool validate_only_ = false;
  bool allow_quiz_removal_ = false;
  int64_t bank_size_ = 0;
  quiz::v1::UploadBankVersionRequest chunk_;
  std::string bytes_;
  CancelAfter cancel_;
};

}  // namespace

grpc::ServerUnaryReactor* BankServiceImpl::GetBank(
    grpc::CallbackServerContext* ctx, const quiz::v1::GetBankRequest* request,
    quiz::v1::Bank* response) {
  auto* reply = new BankReply(context_, ctx, "BankService.GetBank");
  reply->Start(*request, response);
  return reply;
}

grpc::ServerUnaryReactor* BankServiceImpl::ExportBank(
    grpc::CallbackServerContext* ctx,
    const quiz::v1::ExportBankRequest* request, quiz::v1::Bank* response) {
  auto* reply = new BankReply(context_, ctx, "BankService.ExportBank");
  reply->Start(*request, response);
  return reply;
}

grpc::ServerUnaryReactor* BankServiceImpl::CreateBankVersion(
    grpc::CallbackServerContext* ctx,
    const quiz::v1::CreateBankVersionRequest* request,
    quiz::v1::CreateBankVersionResponse* response) {
  auto* call = new Call(context_, ctx, "BankService.CreateBankVersion",
                        *request, response);
  grpc::ServerUnaryReactor* reactor = call->reactor();
  if (!call->Authenticate()) {
    return reactor;
  }
  Publish(context_, call->principal(), request->bank(),
          request->validate_only(), request->allow_quiz_removal(), response,
          [call](const absl::Status& status) { call->Finish(status); });
  return reactor;
}

grpc::ServerReadReactor<quiz::v1::UploadBankVersionRequest>*
BankServiceImpl::UploadBankVersion(
    grpc::CallbackServerContext* ctx,
    quiz::v1::CreateBankVersionResponse* response) {
  return new BankUpload(context_, ctx, response);
}

grpc::ServerUnaryReactor* BankServiceImpl::ListBankVersions(
    grpc::CallbackServerContext* ctx,
    const quiz::v1::ListBankVersionsRequest* request,
    quiz::v1::ListBankVersionsResponse* response) {
  auto* call =
      new Call(context_, ctx, "BankService.ListBankVersions", *request);
  grpc::ServerUnaryReactor* reactor = call->reactor();
  if (!call->Authenticate()) {
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
