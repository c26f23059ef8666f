#include "server/service/call.h"

#include <sodium.h>

#include <algorithm>
#include <cstdio>
#include <initializer_list>
#include <memory>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "question_bank/typed/shown_text.h"
#include "server/access/policy.h"
#include "server/service/acceptor.h"
#include "server/service/audit_record.h"
#include "server/text/request_text.h"

namespace service {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

// A field of `message` named `name` holding a string, or nullptr.
const FieldDescriptor* StringField(const Message& message, const char* name) {
  const FieldDescriptor* field = message.GetDescriptor()->FindFieldByName(name);
  if (field == nullptr || field->is_repeated() ||
      field->cpp_type() != FieldDescriptor::CPPTYPE_STRING) {
    return nullptr;
  }
  return field;
}

std::string StringFieldValue(const Message& message, const char* name) {
  const FieldDescriptor* field = StringField(message, name);
  return field == nullptr ? ""
                          : message.GetReflection()->GetString(message, field);
}

// A BLAKE2b-256 digest of `message` with the fields named `cleared` left out,
// over its deterministic serialization: equal requests give equal digests.
std::string DigestWithout(const Message& message,
                          std::initializer_list<const char*> cleared) {
  std::unique_ptr<Message> copy(message.New());
  copy->CopyFrom(message);
  for (const char* name : cleared) {
    const FieldDescriptor* field = copy->GetDescriptor()->FindFieldByName(name);
    if (field != nullptr) copy->GetReflection()->ClearField(copy.get(), field);
  }
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    copy->SerializeToCodedStream(&coded);
  }
  unsigned char digest[crypto_generichash_BYTES];
  crypto_generichash(digest, sizeof digest,
                     reinterpret_cast<const unsigned char*>(bytes.data()),
                     bytes.size(), nullptr, 0);
  return std::string(reinterpret_cast<const char*>(digest), sizeof digest);
}

// Page tokens: web-safe base64 of kPageTokenTag, the MAC, then the cursor.
constexpr absl::string_view kPageTokenTag = "p2";

// HMAC-SHA-256 binding `cursor` to a listing: method, caller and filter.
std::string PageMac(const std::string& key, absl::string_view method,
                    int64_t user_id, absl::string_view filter,
                    absl::string_view cursor) {
  const std::string bound = absl::StrCat(method, std::string(1, '\0'), user_id,
                                         std::string(1, '\0'), filter, cursor);
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(
      &state, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  crypto_auth_hmacsha256_update(
      &state, reinterpret_cast<const unsigned char*>(bound.data()),
      bound.size());
  crypto_auth_hmacsha256_final(&state, mac);
  return std::string(reinterpret_cast<const char*>(mac), sizeof mac);
}

// Whether `stored` was stored by another request than the one `key` names.
// Rows stored before fingerprints have none; they can only be retries.
bool IsOtherRequest(const store::StoredReply& stored,
                    const store::RequestKey& key) {
  return !stored.fingerprint.empty() && stored.fingerprint != key.fingerprint;
}

absl::Status RequestIdReused(const store::RequestKey& key) {
  return absl::InvalidArgumentError(absl::StrCat(
      "request_id: ", text::QuoteForLog(key.request_id),
      " was used for a different request; a retry must repeat the request "
      "exactly, and a new request needs a new request_id"));
}

}  // namespace

absl::Status CheckRequest(const google::protobuf::Message& request) {
  return text::CheckMessageText(request);
}

namespace {

// The full name of the request type of a method named as gRPC names it
// ("/quiz.v1.AttemptService/SubmitResponse"), or "request" when unknown.
std::string RequestTypeOf(const char* grpc_method) {
  std::string name = grpc_method == nullptr ? "" : grpc_method;
  if (!name.empty() && name[0] == '/') name.erase(0, 1);
  std::replace(name.begin(), name.end(), '/', '.');
  const google::protobuf::MethodDescriptor* method =
      google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(
          name);
  return method == nullptr ? "request" : method->input_type()->full_name();
}

class UnparsableRequestInterceptor : public grpc::experimental::Interceptor {
 public:
  explicit UnparsableRequestInterceptor(grpc::experimental::ServerRpcInfo* info)
      : info_(info) {}

  void Intercept(
      grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            grpc::experimental::InterceptionHookPoints::PRE_SEND_STATUS)) {
      const grpc::Status status = methods->GetSendStatus();
      // No handler of ours answers UNIMPLEMENTED: this is gRPC's own answer
      // to a request message that failed to parse.
      if (status.error_code() == grpc::StatusCode::UNIMPLEMENTED &&
          status.error_message().empty()) {
        const std::string message = absl::StrCat(
            "request: not a valid ", RequestTypeOf(info_->method()),
            " (malformed, or a string field is not UTF-8)");
        std::fprintf(stderr, "quizd: %s peer=%s: INVALID_ARGUMENT: %s\n",
                     text::QuoteForLog(info_->method()).c_str(),
                     text::QuoteForLog(info_->server_context()->peer()).c_str(),
                     text::QuoteForLog(message).c_str());
        methods->ModifySendStatus(
            grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, message));
      }
    }
    methods->Proceed();
  }

 private:
  grpc::experimental::ServerRpcInfo* info_;
};

class UnparsableRequestInterceptorFactory
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  // Cheap per call: the method is looked up only when a request failed.
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    return new UnparsableRequestInterceptor(info);
  }
};

}  // namespace

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
NewUnparsableRequestInterceptorFactory() {
  return std::make_unique<UnparsableRequestInterceptorFactory>();
}

void LogFailedCall(const char* method, const std::string& username,
                   const grpc::CallbackServerContext& server_context,
                   const absl::Status& status) {
  if (status.ok()) return;
  // One line per failed request; stderr writes are whole lines. What a
  // caller sent reaches the message (names, ids), so the message and the
  // user are quoted and escaped: no request can start a line of its own.
  std::fprintf(stderr, "quizd: %s user=%s peer=%s: %s: %s\n", method,
               username.empty() ? "-" : text::QuoteForLog(username).c_str(),
               text::QuoteForLog(PeerName(server_context.peer())).c_str(),
               absl::StatusCodeToString(status.code()).c_str(),
               text::QuoteForLog(status.message()).c_str());
}

void RecordAuditEvent(store::Store& store, const auth::Principal& principal,
                      const char* method,
                      const grpc::CallbackServerContext& server_context,
                      const google::protobuf::Message& request,
                      const google::protobuf::Message* reply,
                      const absl::Status& status,
                      std::function<void(const absl::Status&)> then) {
  const auto& metadata = server_context.client_metadata();
  auto agent = metadata.find("user-agent");
  const std::string_view user_agent =
      agent == metadata.end()
          ? std::string_view()
          : std::string_view(agent->second.data(), agent->second.size());
  store::AuditEventRecord event =
      MakeAuditEvent(principal, method, request, reply, status,
                     PeerName(server_context.peer()), user_agent, NowMs());
  store.AppendAuditEvent(
      std::move(event), [method, username = principal.username, status,
                         then = std::move(then)](absl::Status stored) {
        if (stored.ok()) return then(status);
        std::fprintf(stderr, "quizd: %s user=%s: audit event not stored: %s\n",
                     method, text::QuoteForLog(username).c_str(),
                     text::QuoteForLog(stored.message()).c_str());
        if (!status.ok()) return then(status);
        then(absl::Status(
            stored.code(),
            absl::StrCat("the change was made but its audit event could not "
                         "be stored: ",
                         stored.message())));
      });
}

grpc::Status ToGrpc(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()),
                      std::string(status.message()));
}

int64_t NowMs() { return absl::ToUnixMillis(absl::Now()); }

absl::StatusOr<int64_t> FilterTimeMs(const google::protobuf::Timestamp& time,
                                     bool has_time, const char* field) {
  if (!has_time) return 0;
  // Timestamp's own range ends in the year 9999.
  constexpr int64_t kMaxSeconds = 253402300799;
  if (time.seconds() < 0 || time.seconds() > kMaxSeconds || time.nanos() < 0 ||
      time.nanos() > 999999999) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": must be a time from 1970 to 9999"));
  }
  return time.seconds() * 1000 + time.nanos() / 1000000;
}

void SetTimestamp(int64_t ms, google::protobuf::Timestamp* out) {
  out->set_seconds(ms / 1000);
  out->set_nanos(static_cast<int32_t>(ms % 1000) * 1000000);
}

Call::Call(Context& context, grpc::CallbackServerContext* server_context,
           const char* method, const google::protobuf::Message& request,
           const google::protobuf::Message* reply)
    : context_(context),
      server_context_(server_context),
      reactor_(server_context->DefaultReactor()),
      method_(method),
      request_(request),
      reply_(reply) {}

absl::StatusOr<auth::Principal> ResolveCaller(
    Context& context, const grpc::CallbackServerContext& server_context) {
  const auto& metadata = server_context.client_metadata();
  auto found = metadata.find("authorization");
  std::string_view header;
  if (found != metadata.end()) {
    header = std::string_view(found->second.data(), found->second.size());
  }
  return auth::Authenticate(context.store, header, NowMs());
}

absl::Status AuthorizeCaller(auth::Principal& principal,
                             absl::string_view method) {
  if (absl::Status allowed = policy::Authorize(principal, method);
      !allowed.ok()) {
    return allowed;
  }
  principal.may_act_on_others = policy::MayActOnOthers(principal, method);
  principal.related = policy::RelatedOf(principal, method);
  return absl::OkStatus();
}

absl::StatusOr<bool> MayActOnUser(store::Store& store,
                                  const auth::Principal& principal,
                                  int64_t user_id) {
  if (user_id == principal.user_id || principal.may_act_on_others) {
    return true;
  }
  if (principal.related != auth::Principal::Related::kOwnLearners) {
    return false;
  }
  return store.ActiveLearnerSharesCourseWith(principal.user_id, user_id);
}

absl::Status MayChangeBank(store::Store& store,
                           const auth::Principal& principal,
                           const std::string& bank_id) {
  if (principal.may_act_on_others) return absl::OkStatus();
  if (principal.related != auth::Principal::Related::kOwnBanks) {
    return absl::PermissionDeniedError(
        absl::StrCat("banks/", bank_id, " may be changed by admins only"));
  }
  return store.CheckBankOwner(bank_id, principal.user_id);
}

absl::StatusOr<auth::Principal> AuthenticateCall(
    Context& context, const grpc::CallbackServerContext& server_context,
    absl::string_view method) {
  absl::StatusOr<auth::Principal> principal =
      ResolveCaller(context, server_context);
  if (!principal.ok()) return principal;
  if (absl::Status allowed = AuthorizeCaller(*principal, method);
      !allowed.ok()) {
    return allowed;
  }
  return principal;
}

bool Call::Authenticate() {
  absl::StatusOr<auth::Principal> principal =
      ResolveCaller(context_, *server_context_);
  if (!principal.ok()) {
    Finish(principal.status());
    return false;
  }
  // Kept when the policy refuses, so that Finish can record who was refused.
  principal_ = *std::move(principal);
  if (absl::Status allowed = AuthorizeCaller(principal_, method_);
      !allowed.ok()) {
    Finish(allowed);
    return false;
  }
  return Admit();
}

bool Call::Admit() {
  absl::Status valid = CheckRequest(request_);
  if (!valid.ok()) {
    Finish(valid);
    return false;
  }
  return true;
}

store::RequestKey Call::RequestKey() const {
  store::RequestKey key;
  key.user_id = principal_.user_id;
  // The method without its service: the names stored since the first schema.
  absl::string_view method = method_;
  key.method = std::string(method.substr(method.rfind('.') + 1));
  key.request_id = StringFieldValue(request_, "request_id");
  if (!key.request_id.empty()) {
    key.fingerprint = DigestWithout(request_, {"request_id"});
  }
  return key;
}

absl::StatusOr<std::string> Call::PageCursor() const {
  const std::string token = StringFieldValue(request_, "page_token");
  if (token.empty()) return std::string();
  std::string decoded;
  absl::string_view payload;
  if (absl::WebSafeBase64Unescape(token, &decoded)) payload = decoded;
  const size_t mac_size = crypto_auth_hmacsha256_BYTES;
  if (absl::ConsumePrefix(&payload, kPageTokenTag) &&
      payload.size() >= mac_size) {
    const absl::string_view mac = payload.substr(0, mac_size);
    const absl::string_view cursor = payload.substr(mac_size);
    const std::string expected =
        PageMac(context_.store.PageTokenKey(), method_, principal_.user_id,
                DigestWithout(request_, {"page_token", "page_size"}), cursor);
    if (sodium_memcmp(mac.data(), expected.data(), mac_size) == 0) {
      return std::string(cursor);
    }
  }
  return absl::InvalidArgumentError(
      "page_token: not a token of this listing; pass the next_page_token of "
      "the previous page, with the same caller and the same filter");
}

std::string Call::NextPageToken(absl::string_view cursor) const {
  const std::string mac =
      PageMac(context_.store.PageTokenKey(), method_, principal_.user_id,
              DigestWithout(request_, {"page_token", "page_size"}), cursor);
  return absl::WebSafeBase64Escape(absl::StrCat(kPageTokenTag, mac, cursor));
}

void Call::Finish(const absl::Status& status) {
  LogFailedCall(method_, principal_.username, *server_context_, status);
  if (retry_ || !IsAuditedMethod(method_) ||
      !ShouldRecord(principal_, request_, status)) {
    return Reply(status);
  }
  RecordAuditEvent(context_.store, principal_, method_, *server_context_,
                   request_, reply_, status,
                   [this](const absl::Status& outcome) { Reply(outcome); });
}

void Call::Reply(const absl::Status& status) {
  reactor_->Finish(ToGrpc(status));
  delete this;
}

absl::StatusOr<int> PageSize(int requested) {
  if (requested < 0) {
    return absl::InvalidArgumentError("page_size: must not be negative");
  }
  if (requested == 0) return kDefaultPageSize;
  return std::min(requested, kMaxPageSize);
}

absl::Status CheckRequestId(const std::string& request_id) {
  const bool printable =
      std::all_of(request_id.begin(), request_id.end(),
                  [](char c) { return c > 0x20 && c < 0x7f; });
  if (request_id.size() > 64 || !printable) {
    return absl::InvalidArgumentError(
        "request_id: must be 1-64 printable ASCII characters");
  }
  return absl::OkStatus();
}

bool ReplayIfRetried(Call* call, const store::RequestKey& key,
                     google::protobuf::Message* reply) {
  if (key.request_id.empty()) return false;
  absl::StatusOr<std::optional<store::StoredReply>> stored =
      call->context().store.FindReply(key);
  if (!stored.ok()) {
    call->Finish(stored.status());
    return true;
  }
  if (!stored->has_value()) return false;
  if (IsOtherRequest(**stored, key)) {
    call->Finish(RequestIdReused(key));
  } else if (!reply->ParseFromString((*stored)->reply)) {
    call->Finish(absl::InternalError("stored reply does not parse"));
  } else {
    call->MarkRetry();
    call->Finish(absl::OkStatus());
  }
  return true;
}

void ClaimRequestId(Call* call, const store::RequestKey& key,
                    std::function<void()> proceed) {
  if (key.request_id.empty()) {
    proceed();
    return;
  }
  // A reply this request never reads: only a refusal finishes the call.
  auto check = [call, key, proceed] {
    absl::StatusOr<std::optional<store::StoredReply>> stored =
        call->context().store.FindReply(key);
    if (!stored.ok()) {
      call->Finish(stored.status());
    } else if (stored->has_value() && IsOtherRequest(**stored, key)) {
      call->Finish(RequestIdReused(key));
    } else {
      call->MarkRetry();
      proceed();
    }
  };
  call->context().store.RecordRequest(
      key, [call, check, proceed](absl::Status status) {
        if (absl::IsAlreadyExists(status)) {
          check();
        } else if (status.ok()) {
          proceed();
        } else {
          call->Finish(status);
        }
      });
}

absl::StatusOr<std::string> ResourceId(const std::string& name,
                                       const std::string& collection,
                                       const char* field) {
  absl::string_view id = name;
  const std::string prefix = collection + "/";
  if (!absl::ConsumePrefix(&id, prefix) && absl::StrContains(id, '/')) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": \"", typed::ShownText(name),
                     "\" is not of the form ", prefix, "{id}"));
  }
  if (id.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": required (", prefix, "{id})"));
  }
  return std::string(id);
}

}  // namespace service
