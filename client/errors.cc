#include "client/errors.h"

#include <string>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "client/format.h"

namespace client {
namespace {

// Payload key that tags statuses converted from gRPC replies.
constexpr char kOriginPayload[] = "type.quizd/client.origin";
constexpr char kOriginServer[] = "server";

}  // namespace

absl::Status FromGrpcStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  // grpc::StatusCode and absl::StatusCode share the canonical numbering.
  absl::Status result(static_cast<absl::StatusCode>(status.error_code()),
                      status.error_message());
  result.SetPayload(kOriginPayload, absl::Cord(kOriginServer));
  return result;
}

bool IsServerError(const absl::Status& status) {
  auto origin = status.GetPayload(kOriginPayload);
  return origin.has_value() && *origin == kOriginServer;
}

absl::Status UsageError(std::string message) {
  return absl::InvalidArgumentError(std::move(message));
}

int ExitCodeFor(const absl::Status& status) {
  if (status.ok()) return kExitOk;
  if (status.code() == absl::StatusCode::kInvalidArgument &&
      !IsServerError(status)) {
    return kExitUsage;
  }
  return kExitServerError;
}

std::string FormatError(const absl::Status& status, bool hint) {
  std::string text =
      absl::StrCat("quiz: ", absl::StatusCodeToString(status.code()), ": ",
                   Printable(status.message()));
  if (!hint) return text;
  if (status.code() == absl::StatusCode::kUnauthenticated) {
    absl::StrAppend(&text, " \xE2\x80\x94 run `quiz login`");
  } else if (status.code() == absl::StatusCode::kUnavailable &&
             IsServerError(status)) {
    absl::StrAppend(&text,
                    " \xE2\x80\x94 is quizd running? (set it with --server)");
  }
  return text;
}

}  // namespace client
