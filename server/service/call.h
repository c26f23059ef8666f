// The plumbing every RPC handler shares: authentication, status mapping,
// failure logging and finishing the reactor exactly once.
#ifndef QUIZD_SERVER_SERVICE_CALL_H_
#define QUIZD_SERVER_SERVICE_CALL_H_

#include <grpcpp/grpcpp.h>

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "google/protobuf/timestamp.pb.h"
#include "server/auth/principal.h"
#include "server/service/context.h"

namespace service {

// Maps an absl::Status onto the gRPC status with the same canonical code.
grpc::Status ToGrpc(const absl::Status& status);

// Milliseconds since the Unix epoch, now.
int64_t NowMs();
// Sets a Timestamp from milliseconds since the Unix epoch.
void SetTimestamp(int64_t ms, google::protobuf::Timestamp* out);

// Resolves the bearer token a call carries; UNAUTHENTICATED when it has
// none or an unknown or expired one.
absl::StatusOr<auth::Principal> AuthenticateCall(
    Context& context, const grpc::CallbackServerContext& server_context);

// One unary call in flight. Created by a handler with `new`; Finish() replies
// and deletes it, so after Finish() the Call must not be touched. Finish may
// be called from any thread (typically the store's completion thread).
class Call {
 public:
  Call(Context& context, grpc::CallbackServerContext* server_context,
       const char* method);
  Call(const Call&) = delete;
  Call& operator=(const Call&) = delete;

  // The reactor the handler returns to gRPC.
  grpc::ServerUnaryReactor* reactor() const { return reactor_; }
  Context& context() const { return context_; }
  // Valid after a successful Authenticate().
  const auth::Principal& principal() const { return principal_; }

  // Resolves the bearer token. On failure finishes the call with
  // UNAUTHENTICATED (or the store's error) and returns false.
  bool Authenticate();

  // Replies with `status` (logging it when it is not OK) and deletes this.
  void Finish(const absl::Status& status);

 private:
  Context& context_;
  grpc::CallbackServerContext* server_context_;
  grpc::ServerUnaryReactor* reactor_;
  const char* method_;
  auth::Principal principal_;
};

// Page sizes: 0 means kDefaultPageSize; more than kMaxPageSize is capped.
inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 200;
// INVALID_ARGUMENT for a negative page size.
absl::StatusOr<int> PageSize(int requested);
// Page tokens are opaque to clients: a web-safe base64 cursor.
std::string EncodePageToken(const std::string& cursor);
// INVALID_ARGUMENT naming page_token when it was not made by EncodePageToken.
absl::StatusOr<std::string> DecodePageToken(const std::string& token);
// INVALID_ARGUMENT unless empty or 1-64 printable ASCII characters.
absl::Status CheckRequestId(const std::string& request_id);

// The id of a resource name "{collection}/{id}", or a bare id. INVALID_ARGUMENT
// naming `field` when empty or of another collection.
absl::StatusOr<std::string> ResourceId(const std::string& name,
                                       const std::string& collection,
                                       const char* field);

}  // namespace service

#endif  // QUIZD_SERVER_SERVICE_CALL_H_
