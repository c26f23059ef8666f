#include "server/service/call.h"

#include <cstdio>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "server/service/acceptor.h"

namespace service {

grpc::Status ToGrpc(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()),
                      std::string(status.message()));
}

int64_t NowMs() { return absl::ToUnixMillis(absl::Now()); }

void SetTimestamp(int64_t ms, google::protobuf::Timestamp* out) {
  out->set_seconds(ms / 1000);
  out->set_nanos(static_cast<int32_t>(ms % 1000) * 1000000);
}

Call::Call(Context& context, grpc::CallbackServerContext* server_context,
           const char* method)
    : context_(context),
      server_context_(server_context),
      reactor_(server_context->DefaultReactor()),
      method_(method) {}

absl::StatusOr<auth::Principal> AuthenticateCall(
    Context& context, const grpc::CallbackServerContext& server_context) {
  const auto& metadata = server_context.client_metadata();
  auto found = metadata.find("authorization");
  std::string_view header;
  if (found != metadata.end()) {
    header = std::string_view(found->second.data(), found->second.size());
  }
  return auth::Authenticate(context.store, header, NowMs());
}

bool Call::Authenticate() {
  absl::StatusOr<auth::Principal> principal =
      AuthenticateCall(context_, *server_context_);
  if (!principal.ok()) {
    Finish(principal.status());
    return false;
  }
  principal_ = *std::move(principal);
  return true;
}

void Call::Finish(const absl::Status& status) {
  if (!status.ok()) {
    // One line per failed request; stderr writes are whole lines.
    std::fprintf(
        stderr, "quizd: %s user=%s peer=%s: %s: %s\n", method_,
        principal_.username.empty() ? "-" : principal_.username.c_str(),
        PeerName(server_context_->peer()).c_str(),
        absl::StatusCodeToString(status.code()).c_str(),
        std::string(status.message()).c_str());
  }
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

std::string EncodePageToken(const std::string& cursor) {
  return absl::WebSafeBase64Escape(absl::StrCat("v1:", cursor));
}

absl::StatusOr<std::string> DecodePageToken(const std::string& token) {
  std::string decoded;
  absl::string_view cursor;
  if (absl::WebSafeBase64Unescape(token, &decoded)) cursor = decoded;
  if (!absl::ConsumePrefix(&cursor, "v1:")) {
    return absl::InvalidArgumentError(
        "page_token: not a token returned by this server");
  }
  return std::string(cursor);
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

absl::StatusOr<std::string> ResourceId(const std::string& name,
                                       const std::string& collection,
                                       const char* field) {
  absl::string_view id = name;
  const std::string prefix = collection + "/";
  if (!absl::ConsumePrefix(&id, prefix) && absl::StrContains(id, '/')) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, ": \"", name, "\" is not of the form ", prefix, "{id}"));
  }
  if (id.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": required (", prefix, "{id})"));
  }
  return std::string(id);
}

}  // namespace service
