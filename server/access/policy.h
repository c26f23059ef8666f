// Who may do what: one table-driven policy for every RPC, deny by default.
//
// Each RPC has one Rule: which users (by role) may call it, which API key
// scope lets an integration call it, who may act on every other user's
// resources through it, and who may act on some of them only, through a
// relation (an instructor on the learners of their own courses, on the banks
// they own). Students act on their own only. Handlers do not check roles
// themselves: Call::Authenticate (and AuthenticateCall for streams) asks
// Authorize, and handlers that touch another user's data ask
// service::MayActOnUser, which reads Principal::may_act_on_others and
// Principal::related, set from the same rule.
#ifndef QUIZD_SERVER_ACCESS_POLICY_H_
#define QUIZD_SERVER_ACCESS_POLICY_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "server/auth/principal.h"

namespace policy {

// What an API key may do (bit flags); see quiz.v1.ApiKeyScope.
enum Scope : uint32_t {
  kNoScope = 0,
  kUsersWrite = 1,
  kCoursesWrite = 2,
  kBanksWrite = 4,
  kResultsRead = 8,
  kAttemptsAct = 16,
};
// Any key, whatever its scopes (e.g. "who am I").
inline constexpr uint32_t kAnyScope = 0xffffffffu;

// Kinds of caller, as bit flags.
enum Caller : uint32_t {
  kAnonymous = 1,  // no token (only Login)
  kStudent = 2,
  kInstructor = 4,
  kAdmin = 8,
};
inline constexpr uint32_t kStaff = kInstructor | kAdmin;
inline constexpr uint32_t kSignedIn = kStudent | kStaff;
inline constexpr uint32_t kNobody = 0;

// Whom a caller of Rule::on_related may act on (auth::Principal::Related).
using Relation = auth::Principal::Related;
inline constexpr Relation kOwnLearners = Relation::kOwnLearners;
inline constexpr Relation kOwnBanks = Relation::kOwnBanks;

struct Rule {
  absl::string_view method;  // "Service.Method", e.g. "UserService.CreateUser"
  uint32_t callers;          // Caller bits of users who may call it
  uint32_t key_scope;        // an API key holding any of these scopes may
                             // call it; kNoScope: no API key may
  uint32_t on_others;        // Caller bits who may act on every other user's
                             // resources; a key may when it may call it
  bool audited;              // successful calls go to the audit trail
  // Caller bits (not in on_others) who may act on other users' resources
  // only through `relation`: an instructor on the active learners of the
  // courses they teach (kOwnLearners), on the banks they own (kOwnBanks).
  uint32_t on_related = kNobody;
  Relation relation = Relation::kNone;
};

// Every rule, one per RPC of every quiz.v1 service.
absl::Span<const Rule> Rules();
// The rule of `method` ("Service.Method"), or nullptr: then nobody may.
const Rule* FindRule(absl::string_view method);

// OK when `principal` may call `method`; PERMISSION_DENIED saying who may
// otherwise. A principal with user_id 0 is the anonymous caller.
absl::Status Authorize(const auth::Principal& principal,
                       absl::string_view method);
// Whether `principal` may act on every other user's resources through
// `method`.
bool MayActOnOthers(const auth::Principal& principal, absl::string_view method);
// The relation through which `principal` may act on some other users'
// resources through `method` when not on everyone's (kNone: their own only).
Relation RelatedOf(const auth::Principal& principal, absl::string_view method);

// Who Caller bits name, for people: "admins", "instructors and admins",
// "signed-in users", "nobody" (kAnonymous is left out).
std::string DescribeCallers(uint32_t callers);
// Scope bits for people: "results.read or attempts.act", "any but users.write",
// "any key", "none".
std::string DescribeScopes(uint32_t scopes);

// "users.write" for kUsersWrite, and so on; "" for anything else.
absl::string_view ScopeName(Scope scope);
// The scope named `name` ("results.read"), or kNoScope.
Scope ParseScope(absl::string_view name);

}  // namespace policy

#endif  // QUIZD_SERVER_ACCESS_POLICY_H_
