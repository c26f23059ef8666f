// The plumbing every RPC handler shares: authentication, the check of the
// request's text, request-id fingerprints, page tokens, status mapping,
// failure logging and finishing the reactor exactly once.
#ifndef QUIZD_SERVER_SERVICE_CALL_H_
#define QUIZD_SERVER_SERVICE_CALL_H_

#include <grpcpp/grpcpp.h>
#include <grpcpp/support/server_interceptor.h>

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "google/protobuf/message.h"
#include "google/protobuf/timestamp.pb.h"
#include "server/auth/principal.h"
#include "server/service/context.h"
#include "server/store/store.h"

namespace service {

// Writes the one log line of a failed call (nothing for OK), with what the
// caller sent quoted and escaped. For reactors that are not a Call.
void LogFailedCall(const char* method, const std::string& username,
                   const grpc::CallbackServerContext& server_context,
                   const absl::Status& status);

// Maps an absl::Status onto the gRPC status with the same canonical code.
grpc::Status ToGrpc(const absl::Status& status);

// Milliseconds since the Unix epoch, now.
int64_t NowMs();
// Sets a Timestamp from milliseconds since the Unix epoch.
void SetTimestamp(int64_t ms, google::protobuf::Timestamp* out);
// Milliseconds since the epoch of a filter's Timestamp; 0 when unset.
// INVALID_ARGUMENT naming `field` for a time before the epoch or out of
// Timestamp's range.
absl::StatusOr<int64_t> FilterTimeMs(const google::protobuf::Timestamp& time,
                                     bool has_time, const char* field);

// Resolves the bearer token a call carries and asks the access policy
// whether it may call `method` ("Service.Method"), setting the principal's
// may_act_on_others. UNAUTHENTICATED when it has none or an unknown or
// expired one; PERMISSION_DENIED when the policy says no.
absl::StatusOr<auth::Principal> AuthenticateCall(
    Context& context, const grpc::CallbackServerContext& server_context,
    absl::string_view method);
// AuthenticateCall in two steps, for handlers that need to know who was
// refused (the audit trail records refusals): resolving the bearer token
// (UNAUTHENTICATED), then asking the policy (PERMISSION_DENIED), which also
// sets `principal.may_act_on_others`.
absl::StatusOr<auth::Principal> ResolveCaller(
    Context& context, const grpc::CallbackServerContext& server_context);
absl::Status AuthorizeCaller(auth::Principal& principal,
                             absl::string_view method);

// Whether the caller, authorized for a method (AuthorizeCaller), may act
// through it on the resources of user `user_id`: their own; anyone's with
// may_act_on_others; with related kOwnLearners, an active learner of a course
// where the caller is an active instructor or teaching assistant. The one
// place that answers it: handlers that reach another user's data ask it
// and answer as for a resource that does not exist (or PERMISSION_DENIED
// where that RPC refuses another user's data so) when it says no.
absl::StatusOr<bool> MayActOnUser(store::Store& store,
                                  const auth::Principal& principal,
                                  int64_t user_id);
// OK when the caller, authorized for a method that changes banks, may change
// bank `bank_id` through it: anyone with may_act_on_others; with related
// kOwnBanks, an owner of it, or anyone when no bank has that id yet.
// PERMISSION_DENIED saying who owns it otherwise.
absl::Status MayChangeBank(store::Store& store,
                           const auth::Principal& principal,
                           const std::string& bank_id);

// INVALID_ARGUMENT naming the field (e.g. "response.text") when a string of
// `request` breaks its rule in server/text/request_text.h. For handlers
// that do not use Call (streams); Call::Authenticate does this itself.
absl::Status CheckRequest(const google::protobuf::Message& request);

// Stores the audit event of a call of `method` that ended with `status`
// (audit_record.h), then calls `then` with the status to reply with:
// `status`, or for a success whose event could not be stored, the store's
// error. For handlers that are not a Call (streams); Call::Finish does this
// itself. `then` runs on the store's completion thread.
void RecordAuditEvent(store::Store& store, const auth::Principal& principal,
                      const char* method,
                      const grpc::CallbackServerContext& server_context,
                      const google::protobuf::Message& request,
                      const google::protobuf::Message* reply,
                      const absl::Status& status,
                      std::function<void(const absl::Status&)> then);

// gRPC answers a request that does not parse (for instance a string field
// that is not UTF-8, which protobuf refuses) with UNIMPLEMENTED and no
// message, before any handler runs. The interceptors this factory makes turn
// that answer into INVALID_ARGUMENT naming the request type, and log it.
std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
NewUnparsableRequestInterceptorFactory();

// One unary call in flight. Created by a handler with `new`; Finish() replies
// and deletes it, so after Finish() the Call must not be touched. Finish may
// be called from any thread (typically the store's completion thread).
class Call {
 public:
  // `method` is "Service.Method"; `request` must outlive the call (gRPC's
  // request message does), and so must `reply` when given: the audit trail
  // records what identifies the result from it (see audit_record.h).
  Call(Context& context, grpc::CallbackServerContext* server_context,
       const char* method, const google::protobuf::Message& request,
       const google::protobuf::Message* reply = nullptr);
  Call(const Call&) = delete;
  Call& operator=(const Call&) = delete;

  // The reactor the handler returns to gRPC.
  grpc::ServerUnaryReactor* reactor() const { return reactor_; }
  Context& context() const { return context_; }
  // Valid after a successful Authenticate().
  const auth::Principal& principal() const { return principal_; }

  // Resolves the bearer token, asks the access policy about this method,
  // then checks the request's text (Admit). On failure finishes the call
  // with UNAUTHENTICATED, PERMISSION_DENIED (or the store's error, or
  // INVALID_ARGUMENT) and returns false.
  bool Authenticate();
  // Checks the text of the request (CheckRequest): for a call without a
  // token (Login). On failure finishes the call and returns false.
  bool Admit();

  // The idempotency key of this request: the caller, the method and the
  // request's request_id field, with a fingerprint of everything else in the
  // request (request_id cleared, deterministic serialization, BLAKE2b).
  store::RequestKey RequestKey() const;

  // The cursor in the request's page_token, "" when it has none.
  // INVALID_ARGUMENT naming page_token unless the token was made by
  // NextPageToken for this method, this caller and a request equal to this
  // one but for page_token and page_size (the listing's filter), on this
  // database: tokens are MACed with the store's PageTokenKey.
  absl::StatusOr<std::string> PageCursor() const;
  // The next_page_token resuming this listing after `cursor`.
  std::string NextPageToken(absl::string_view cursor) const;

  // Replies with `status` (logging it when it is not OK) and deletes this.
  // A call the audit trail records (audit_record.h: ShouldRecord) replies
  // once its event is stored; when that fails, a success becomes the
  // store's error (the change is made, but no one is told it was).
  void Finish(const absl::Status& status);

  // This call repeats a request already carried out (the same request_id):
  // the audit trail has its event from the first time, so Finish records
  // none.
  void MarkRetry() { retry_ = true; }

 private:
  void Reply(const absl::Status& status);

  Context& context_;
  grpc::CallbackServerContext* server_context_;
  grpc::ServerUnaryReactor* reactor_;
  const char* method_;
  const google::protobuf::Message& request_;
  const google::protobuf::Message* reply_;
  auth::Principal principal_;
  bool retry_ = false;
};

// Page sizes: 0 means kDefaultPageSize; more than kMaxPageSize is capped.
inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 200;
// INVALID_ARGUMENT for a negative page size.
absl::StatusOr<int> PageSize(int requested);
// INVALID_ARGUMENT unless empty or 1-64 printable ASCII characters.
absl::Status CheckRequestId(const std::string& request_id);

// A request id names one request. When `key` was stored before: finishes
// `call` with the stored reply (parsed into `reply`) for a retry of the same
// request, or with INVALID_ARGUMENT naming request_id for another request
// reusing the id, and returns true. Returns false (call untouched) when the
// key is new or has no request id.
bool ReplayIfRetried(Call* call, const store::RequestKey& key,
                     google::protobuf::Message* reply);

// For a mutation that is idempotent on its own and keeps no reply: claims
// `key` for this request, then runs `proceed` (also for a retry of the same
// request). Another request reusing the id gets INVALID_ARGUMENT naming
// request_id and `proceed` does not run. Without a request id, runs
// `proceed` at once.
void ClaimRequestId(Call* call, const store::RequestKey& key,
                    std::function<void()> proceed);

// The id of a resource name "{collection}/{id}", or a bare id. INVALID_ARGUMENT
// naming `field` when empty or of another collection.
absl::StatusOr<std::string> ResourceId(const std::string& name,
                                       const std::string& collection,
                                       const char* field);

}  // namespace service

#endif  // QUIZD_SERVER_SERVICE_CALL_H_
