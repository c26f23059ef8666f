// What the audit trail records of a call: whether a call is recorded, and
// the event for it, with a compact summary of the request from which every
// secret is removed by field name (see proto/quiz/v1/audit_service.proto).
// Pure functions of their arguments and of the access policy's table.
#ifndef QUIZD_SERVER_SERVICE_AUDIT_RECORD_H_
#define QUIZD_SERVER_SERVICE_AUDIT_RECORD_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "google/protobuf/message.h"
#include "server/auth/principal.h"
#include "server/store/store.h"

namespace service {

// Whether the access policy (server/access/policy.h) marks `method`
// ("Service.Method") as audited.
bool IsAuditedMethod(std::string_view method);

// Whether a field named `name` may hold a secret, and so is never recorded:
// names containing password, passwd, passphrase, secret, token, credential,
// private_key, api_key or hash (any case), and the names "key" and
// "authorization".
bool IsSecretFieldName(std::string_view name);

// Whether a call of an audited method by `principal` that ended with
// `status` is recorded: a success by an admin, an instructor, a service
// account or anyone acting through an API key, unless the request only
// checks (a validate_only or dry_run field set); and PERMISSION_DENIED for
// any authenticated caller. Never a call without a principal.
bool ShouldRecord(const auth::Principal& principal,
                  const google::protobuf::Message& request,
                  const absl::Status& status);

// The summary JSON of a call: {"request": {...}} with every field of
// `request` but secrets ("[redacted]") and bytes, strings cut to 120
// characters, lists to their first 10 elements, nesting to 4 levels, banks
// to their id; and, when `reply` is given, "reply" with its fields that
// identify the result (name, id, version, to_version, unchanged, prefix,
// at the top and one level down). At most kMaxSummaryBytes; a larger
// request is summarized more tightly.
inline constexpr size_t kMaxSummaryBytes = 4096;
std::string AuditSummary(const google::protobuf::Message& request,
                         const google::protobuf::Message* reply);

// The resource a call acts on: the request's `name`, else the first string
// field of the request holding a resource name ("quizzes/x"), else the
// bank it holds ("banks/{id}"), else the reply's name (or that of its first
// message field that has one), else "".
std::string AuditResource(const google::protobuf::Message& request,
                          const google::protobuf::Message* reply);

// Text from a client's metadata fit for the trail: control characters and
// bytes that are not UTF-8 written as \xNN, cut to `max_chars` characters
// (with "..." after).
std::string AuditText(std::string_view value, size_t max_chars = 200);

// The event of a call. `peer` and `user_agent` are as the client sent them.
store::AuditEventRecord MakeAuditEvent(
    const auth::Principal& principal, std::string_view method,
    const google::protobuf::Message& request,
    const google::protobuf::Message* reply, const absl::Status& status,
    std::string_view peer, std::string_view user_agent, int64_t time_ms);

}  // namespace service

#endif  // QUIZD_SERVER_SERVICE_AUDIT_RECORD_H_
