// Error conventions of the `quiz` client: which errors came from the server,
// how they are shown, and which exit code they map to.
#ifndef QUIZD_CLIENT_ERRORS_H_
#define QUIZD_CLIENT_ERRORS_H_

#include <string>

#include "absl/status/status.h"
#include "grpcpp/support/status.h"

namespace client {

// Exit codes of the `quiz` binary.
inline constexpr int kExitOk = 0;
inline constexpr int kExitServerError = 1;  // RPC failures and local I/O errors
inline constexpr int kExitUsage = 2;  // bad flags, arguments or input files

// Converts a gRPC status to an absl::Status with the same code and message, and
// marks it as coming from the server (see IsServerError).
absl::Status FromGrpcStatus(const grpc::Status& status);

// Whether `status` was produced by FromGrpcStatus.
bool IsServerError(const absl::Status& status);

// A local usage error (bad argument or input file): INVALID_ARGUMENT that maps
// to kExitUsage.
absl::Status UsageError(std::string message);

// kExitOk for OK; kExitUsage for local INVALID_ARGUMENT errors; otherwise
// kExitServerError. Server INVALID_ARGUMENT is a server error (exit 1).
int ExitCodeFor(const absl::Status& status);

// "quiz: CODE_NAME: message", plus, when `hint`, a hint for the codes a user
// can act on (UNAUTHENTICATED: run `quiz login`; UNAVAILABLE: is the server
// running). No trailing newline.
std::string FormatError(const absl::Status& status, bool hint = true);

}  // namespace client

#endif  // QUIZD_CLIENT_ERRORS_H_
