// The store: everything quizd keeps, in domain terms. SQL stays behind this
// interface so that another database can implement it later.
#ifndef QUIZD_SERVER_STORE_STORE_H_
#define QUIZD_SERVER_STORE_STORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "quiz/v1/attempt.pb.h"
#include "quiz/v1/auth_service.pb.h"
#include "quiz/v1/bank.pb.h"
#include "quiz/v1/course.pb.h"
#include "server/store/bank_version.h"

namespace store {

// Times are milliseconds since the Unix epoch throughout.

struct UserRecord {
  int64_t id = 0;
  std::string username;
  quiz::v1::Role role = quiz::v1::ROLE_UNSPECIFIED;
  std::string password_hash;  // libsodium crypto_pwhash_str output
  int64_t create_time_ms = 0;
  std::string display_name;
  std::string email;
  std::string external_id;  // unique among users when not empty
  bool disabled = false;    // cannot log in; holds no tokens
  int64_t update_time_ms = 0;
  // Set when the user was deleted: the row is an anonymised tombstone
  // ("#deleted-{id}") that keeps their attempts (see DeleteUserAccount).
  int64_t delete_time_ms = 0;
};

// Which users ListUserAccounts returns.
struct UserFilter {
  quiz::v1::Role role = quiz::v1::ROLE_UNSPECIFIED;  // unspecified: every role
  std::optional<bool> disabled;                      // nullopt: both
  int64_t updated_after_ms = 0;                      // 0: any time
};

// How UpsertUsers matches a row to an existing user.
enum class UpsertKey { kUsername, kExternalId };

// One row of UpsertUsers: the desired account. password_hash is used only
// when the row creates the user; `wants_password` says the row came with a
// password that was not hashed (because the user existed when the caller
// looked): creating such a row fails with ABORTED, retry.
struct UpsertRow {
  UserRecord user;
  bool wants_password = false;
};

struct UpsertRowResult {
  enum Outcome { kCreated, kUpdated, kUnchanged, kFailed };
  Outcome outcome = kFailed;
  UserRecord user;     // after the row; unset for kFailed
  absl::Status error;  // for kFailed: the message names the field
  // The row changed the user's role: their tokens carry the old one.
  bool role_changed = false;
};

struct UpsertResult {
  std::vector<UpsertRowResult> rows;  // in request order
  bool committed = false;
};

// Which fields UpdateUserAccount changes.
struct UserFields {
  bool display_name = false;
  bool email = false;
  bool role = false;
  bool external_id = false;
  bool disabled = false;
};

// A user before and after UpdateUserAccount.
struct UserChange {
  UserRecord before;
  UserRecord after;
};

// A login token as its owner sees it (AuthService.ListSessions).
struct SessionRecord {
  std::string token_hash;
  int64_t user_id = 0;
  int64_t create_time_ms = 0;  // 0 for tokens made before schema 8
  // When it last authenticated a call, to within a minute (the store writes
  // it at most once a minute per token).
  int64_t last_used_ms = 0;
  int64_t expire_time_ms = 0;
  std::string peer;        // the client's address at login ("" unknown)
  std::string user_agent;  // the client's user agent at login ("" unknown)
};

struct BankVersionRecord {
  std::string bank_id;
  int64_t version = 0;
  std::string created_by;  // "users/{name}" or "system"
  int64_t create_time_ms = 0;
  // Immutable once stored; shared with the in-memory cache.
  // bank->outline().version() is `version`.
  std::shared_ptr<const BankVersion> bank;
};

// One owner of a bank (bank_owners).
struct BankOwnerRecord {
  int64_t user_id = 0;
  std::string username;
  int64_t create_time_ms = 0;
};

// Bank file content loaded from the bank directory as a version.
struct BankSourceRecord {
  std::string digest;  // of the file's content; see service/bank_directory.h
  std::string bank_id;
  int64_t version = 0;
};

struct AttemptRecord {
  std::string id;  // the {id} of "attempts/{id}"
  int64_t user_id = 0;
  std::string quiz_id;
  std::string bank_id;
  int64_t bank_version = 0;
  uint64_t seed = 0;  // draws item and option order
  quiz::v1::AttemptState state = quiz::v1::IN_PROGRESS;
  int64_t start_time_ms = 0;
  int64_t deadline_ms = 0;  // 0: untimed
  int64_t finish_time_ms = 0;
  std::vector<std::string> item_ids;  // in attempt order
  quiz::v1::AttemptResult result;     // set once finished
  std::string assignment_id;          // "" for self-study
};

// The latest state of one item of an attempt. A row exists once the item has
// been answered or flagged.
struct ResponseRecord {
  std::string attempt_id;
  std::string item_id;
  bool has_response = false;
  quiz::v1::Response response;
  quiz::v1::Outcome outcome;  // graded at submit time; revealed per quiz mode
  bool flagged = false;
  int64_t update_time_ms = 0;
};

// A regrade of one finished attempt onto a newer version of its bank: the
// regraded items' outcomes, and the result before and after.
struct RegradeRecord {
  std::string attempt_id;
  int64_t from_version = 0;
  int64_t to_version = 0;
  // item_id and outcome of each regraded response row.
  std::vector<ResponseRecord> regraded;
  quiz::v1::AttemptResult old_result;
  quiz::v1::AttemptResult new_result;
  std::string regraded_by;  // "users/{name}"
  int64_t regrade_time_ms = 0;
};

// A graded response as progress sees it: from an attempt or a review session.
struct GradedRecord {
  std::string attempt_id;  // empty for a review answer
  std::string quiz_id;     // empty for a review answer
  quiz::v1::AttemptState attempt_state = quiz::v1::ATTEMPT_STATE_UNSPECIFIED;
  std::string bank_id;
  int64_t bank_version = 0;
  std::string item_id;
  quiz::v1::Outcome outcome;
  int64_t time_ms = 0;
  std::string assignment_id;  // of the attempt; "" for self-study
};

// An answer given in a review session.
struct ReviewRecord {
  int64_t user_id = 0;
  std::string bank_id;
  int64_t bank_version = 0;
  std::string item_id;
  quiz::v1::Response response;
  quiz::v1::Outcome outcome;
  int64_t time_ms = 0;
};

// An API key of a service account (see quiz.v1.IntegrationService). The
// secret is never stored: only its hash.
struct ApiKeyRecord {
  int64_t id = 0;
  std::string prefix;    // the 8 characters after "qzk_"; unique
  std::string key_hash;  // auth::TokenHash of the whole secret; unique
  int64_t user_id = 0;   // the service account
  std::string username;  // the service account's; filled by reads
  std::string label;
  uint32_t scopes = 0;  // access::Scope bits
  int64_t create_time_ms = 0;
  int64_t expire_time_ms = 0;    // 0: never expires
  int64_t last_use_time_ms = 0;  // 0: never used; written at most once a minute
  int64_t revoke_time_ms = 0;    // 0: not revoked
  bool account_disabled = false;  // its service account is disabled/deleted
};

// Who holds a login or learner token.
struct TokenOwner {
  UserRecord user;
  // The API key that issued this learner token; 0 for a login token.
  int64_t api_key_id = 0;
};

// Makes a mutation safe to retry: the reply of the first successful call is
// stored in the same transaction as the mutation, under (user, method, id),
// with a fingerprint of the request, so that a retry can be told from another
// request reusing the id. Kept for kReplyRetentionMs.
struct RequestKey {
  int64_t user_id = 0;
  std::string method;      // e.g. "StartAttempt"
  std::string request_id;  // client-chosen; empty means "not idempotent"
  // A digest of the request without its request_id (see
  // service::Call::RequestKey); empty only in rows stored before fingerprints.
  std::string fingerprint;
};

// What was stored under a RequestKey.
struct StoredReply {
  std::string reply;        // serialized reply; empty for RecordRequest
  std::string fingerprint;  // of the request that stored it
};

// How long a stored reply answers retries: far longer than any client
// retries, and short enough that replies do not pile up.
inline constexpr int64_t kReplyRetentionMs = 7LL * 24 * 3600 * 1000;

// The most sessions ListSessions returns: a user has one per login in the
// last 12 hours, which logins' throttling keeps small.
inline constexpr int kMaxListedSessions = 500;
// The store records a token's use at most this often.
inline constexpr int64_t kTokenUseResolutionMs = 60 * 1000;

// One event of the audit trail (see proto/quiz/v1/audit_service.proto).
struct AuditEventRecord {
  int64_t id = 0;  // assigned when stored; grows in storing order
  int64_t time_ms = 0;
  int64_t actor_user_id = 0;  // 0 for "system"
  std::string actor;          // "users/{name}" or "system"
  quiz::v1::Role actor_role = quiz::v1::ROLE_UNSPECIFIED;
  int64_t api_key_id = 0;  // 0: no key
  std::string method;      // "Service.Method"
  std::string resource;
  std::string summary;  // JSON, secrets removed
  std::string peer;
  std::string user_agent;
  int status_code = 0;  // absl::StatusCode
};

// Which events ListAuditEvents returns; empty or zero fields match all.
struct AuditFilter {
  std::string actor;   // exact: "users/{name}" or "system"
  std::string method;  // "Service.Method", or a bare method in any service
  std::string resource_prefix;
  int64_t start_time_ms = 0;  // inclusive
  int64_t end_time_ms = 0;    // exclusive; 0: no end
};

// What one PurgeExpired removed.
struct PurgeCounts {
  int64_t replies = 0;  // replies older than kReplyRetentionMs
  int64_t tokens = 0;   // expired login tokens
};

// A course (quiz.v1.Course; table courses).
struct CourseRecord {
  std::string id;  // the {id} of "courses/{id}"
  std::string title;
  std::string term;
  std::string external_id;  // unique among courses when not empty
  bool archived = false;
  int64_t create_time_ms = 0;
  int64_t update_time_ms = 0;
};

// Which courses ListCourses returns.
struct CourseFilter {
  bool include_archived = false;
  int64_t updated_after_ms = 0;  // 0: any time
  // Non-zero: only courses this user may see as a member (an active member,
  // or an inactive learner); 0: every course.
  int64_t member_user_id = 0;
};

// What UpdateCourse changes: the set fields.
struct CourseUpdate {
  std::optional<std::string> title;
  std::optional<std::string> term;
  std::optional<std::string> external_id;
  std::optional<bool> archived;
};

// One user's membership of one course (quiz.v1.CourseMember), with the
// user's fields that listings show.
struct MemberRecord {
  std::string course_id;
  int64_t user_id = 0;
  std::string username;
  std::string user_external_id;
  std::string display_name;
  quiz::v1::CourseRole role = quiz::v1::COURSE_ROLE_UNSPECIFIED;
  quiz::v1::MemberStatus status = quiz::v1::MEMBER_STATUS_UNSPECIFIED;
  int64_t update_time_ms = 0;
};

// Which members ListMembers returns.
struct MemberFilter {
  quiz::v1::CourseRole role = quiz::v1::COURSE_ROLE_UNSPECIFIED;  // all
  // Non-zero: only rows with update_time_ms > this, removed ones included.
  int64_t changed_since_ms = 0;
  // Without changed_since_ms: whether removed (DELETED) rows are listed.
  bool include_deleted = false;
  // Non-zero: only the course's instructors and teaching assistants and
  // this user's own row (what a learner sees); 0: every row.
  int64_t learner_view_user_id = 0;
};

// One row of UpdateMembers: the user (by username, or by external id when
// username is empty), and the wanted role and status. role UNSPECIFIED
// keeps the stored role of a row removing a member.
struct MemberChange {
  std::string username;
  std::string user_external_id;
  quiz::v1::CourseRole role = quiz::v1::COURSE_ROLE_UNSPECIFIED;
  quiz::v1::MemberStatus status = quiz::v1::MEMBER_STATUS_ACTIVE;
};

struct MemberChangeResult {
  // As UpsertRowResult's: kCreated (joined), kUpdated (role or status
  // changed), kUnchanged, kFailed.
  UpsertRowResult::Outcome outcome = UpsertRowResult::kFailed;
  // After the row; user_id 0 when a removal found no membership.
  MemberRecord member;
  absl::Status error;  // for kFailed: the message names the row's field
};

struct MemberBatchResult {
  std::vector<MemberChangeResult> rows;  // in request order
  bool committed = false;
};

// --- gradebook ---
// What the gradebook reads of the schema of migration 11 (see
// Store::ReadGradebook); the arithmetic is grading::ComputeResult.

// The course a gradebook listing is about, and the viewer's place in it.
struct GradebookCourse {
  std::string course_id;
  bool archived = false;  // no attempt of its assignments can start
  // The viewer's membership; COURSE_ROLE_UNSPECIFIED and
  // MEMBER_STATUS_UNSPECIFIED when they are not a member.
  quiz::v1::CourseRole viewer_role = quiz::v1::COURSE_ROLE_UNSPECIFIED;
  quiz::v1::MemberStatus viewer_status = quiz::v1::MEMBER_STATUS_UNSPECIFIED;
};

// Which rows ReadGradebook reads.
struct GradebookQuery {
  std::string course_id;      // required
  std::string assignment_id;  // "": every assignment of the course
  int64_t user_id = 0;        // 0: every learner
  // 0: every learner; else only learners whose row of some assignment in
  // the query changed after it: the assignment, their membership or
  // override, an attempt's start, answer or finish, or a regrade.
  int64_t updated_after_ms = 0;
  std::string first_username;  // learners from this username on (inclusive)
  int limit = 0;               // at most this many learners; must be > 0
};

struct GradebookAssignmentRow {
  std::string id;  // the {id} of "assignments/{id}"; also its name
  quiz::v1::Assignment assignment;
  int64_t update_time_ms = 0;
};

// A learner of the course (course role learner, any status; a removed one
// only when they have an attempt of an assignment in the query).
struct GradebookMemberRow {
  int64_t user_id = 0;
  std::string username;
  std::string external_id;
  std::string display_name;
  quiz::v1::MemberStatus status = quiz::v1::MEMBER_STATUS_UNSPECIFIED;
  int64_t update_time_ms = 0;
};

struct GradebookOverrideRow {
  std::string assignment_id;
  int64_t user_id = 0;
  quiz::v1::AssignmentOverride override;
  int64_t update_time_ms = 0;
};

// An attempt started for an assignment, without its items and answers.
struct GradebookAttemptRow {
  std::string id;
  std::string assignment_id;
  int64_t user_id = 0;
  quiz::v1::AttemptState state = quiz::v1::IN_PROGRESS;
  int64_t start_time_ms = 0;
  int64_t finish_time_ms = 0;
  double percent = 0;               // of its result, once finished
  int answered = 0;                 // items with a response
  int64_t last_answer_time_ms = 0;  // latest response row change; 0: none
};

// What ReadGradebook returns, read in one snapshot. Overrides, attempts
// and regrades are those of `learners` on `assignments`.
struct GradebookRows {
  std::vector<GradebookAssignmentRow> assignments;  // by id
  std::vector<GradebookMemberRow> learners;         // by username
  std::vector<GradebookOverrideRow> overrides;
  std::vector<GradebookAttemptRow> attempts;  // by start time
  std::vector<RegradeRecord> regrades;        // `regraded` left empty
};

// A user's place in a course, as assignments need it.
struct CourseSeat {
  bool archived = false;
  // COURSE_ROLE_UNSPECIFIED and MEMBER_STATUS_UNSPECIFIED: not a member.
  quiz::v1::CourseRole role = quiz::v1::COURSE_ROLE_UNSPECIFIED;
  quiz::v1::MemberStatus status = quiz::v1::MEMBER_STATUS_UNSPECIFIED;
};

// An assignment row: the message (name, course, quiz, times included) and
// when it was deleted.
struct AssignmentRecord {
  std::string id;         // the {id} of "assignments/{id}"
  std::string course_id;  // the {id} of "courses/{id}"
  quiz::v1::Assignment assignment;
  int64_t delete_time_ms = 0;  // 0: not deleted
};

// One learner's override of one assignment.
struct OverrideRecord {
  std::string assignment_id;
  int64_t user_id = 0;
  quiz::v1::AssignmentOverride override;  // assignment and user names set
};

// The ASSIGNMENT_CHANGED event a write appends in its own transaction
// (AppendEventRow): `event` with type, actor, course and assignment set,
// and user for an override; `user_id` is that learner's id (0: none).
struct EventNote {
  quiz::v1::Event event;
  int64_t user_id = 0;
};

// Which events ListEvents returns (table events, quiz.v1.Event). The
// caller's visibility first, then the filter; empty or zero fields match
// all.
struct EventQuery {
  // Every event (admins, keys with results.read). Otherwise only what
  // `viewer_user_id` may see: the events of their own attempts, and the
  // events of the courses they are active staff of (instructor or teaching
  // assistant) and about those courses' active learners.
  bool see_all = false;
  int64_t viewer_user_id = 0;
  std::string course_id;   // the {id} of "courses/{id}"
  int64_t user_id = 0;     // the learner the events are about
  uint32_t type_mask = 0;  // bit (1 << quiz::v1::EventType) per type
};

// A page of events and how far the log was read for it.
struct EventPage {
  std::vector<quiz::v1::Event> events;  // oldest first, cursor set
  // Resume after this cursor: the last event's when the page is full
  // (`more`), otherwise the log's last cursor when it was read (the events
  // between were not visible or not matched).
  int64_t next_cursor = 0;
  bool more = false;
};

// Receives the result of an asynchronous write, on the store's completion
// thread (one at a time, in commit order), after the transaction holding it
// has committed (or failed). Must not block.
template <typename T>
using Done = std::function<void(absl::StatusOr<T>)>;
using DoneStatus = std::function<void(absl::Status)>;

// Computes a finished attempt's result from its responses. Called on the
// writer thread inside the finishing transaction, so no response can slip in
// between reading and finishing. Must be pure and fast.
using ResultFn = std::function<quiz::v1::AttemptResult(
    const AttemptRecord&, const std::vector<ResponseRecord>&)>;

// Thread-safe. Reads run on the caller's thread; writes are queued to one
// writer thread that commits everything queued as one transaction (group
// commit); a completion thread then calls each write's Done. A Done with OK
// means the write is durable (synchronous=FULL by default).
class Store {
 public:
  virtual ~Store() = default;

  // --- users and tokens ---
  // ALREADY_EXISTS when the username is taken.
  virtual void CreateUser(UserRecord user, Done<int64_t> done) = 0;
  // NOT_FOUND when there is no such user.
  virtual absl::StatusOr<UserRecord> GetUserByName(const std::string& name) = 0;
  virtual absl::StatusOr<UserRecord> GetUserById(int64_t id) = 0;
  // Up to `limit` users with `role`, ordered by username, after
  // `after_username` ("" starts at the first).
  virtual absl::StatusOr<std::vector<UserRecord>> ListUsers(
      quiz::v1::Role role, const std::string& after_username, int limit) = 0;
  // Stores a token hash for a user until expire_time_ms.
  virtual void CreateToken(std::string token_hash, int64_t user_id,
                           int64_t expire_time_ms, DoneStatus done) = 0;
  virtual void DeleteToken(std::string token_hash, DoneStatus done) = 0;
  // Deletes every login token of `user_id` except `keep_token_hash` ("" keeps
  // none); `done` gets how many were deleted. Open WatchProgress streams of
  // those tokens end within a second (the server clock's EndRevoked sweep).
  virtual void DeleteUserTokens(int64_t user_id, std::string keep_token_hash,
                                Done<int64_t> done) = 0;
  // The user owning an unexpired token; NOT_FOUND otherwise.
  virtual absl::StatusOr<UserRecord> GetUserByToken(
      const std::string& token_hash, int64_t now_ms) = 0;

  // --- user accounts ---
  // GetUserByName and ListUsers never return deleted users (tombstones);
  // GetUserById does, so that their kept attempts still name an owner.
  // CreateUser also fails with ALREADY_EXISTS (naming external_id) when
  // user.external_id is taken, and CreateToken with PERMISSION_DENIED
  // ("account disabled") for a disabled or deleted user.
  //
  // Up to `limit` users matching `filter`, ordered by username, after
  // `after_username` ("" starts at the first).
  virtual absl::StatusOr<std::vector<UserRecord>> ListUserAccounts(
      const UserFilter& filter, const std::string& after_username,
      int limit) = 0;
  // Applies `rows` in order, in one transaction, matched by `key`: creates,
  // updates (role, display_name, email, external_id; never the username or
  // `disabled`) or leaves each user alone when it already matches. A failing
  // row (external_id taken by another user, a username that differs from the
  // matched user's, a password not hashed) writes nothing of its own. When
  // `dry_run`, or when a row fails and not `skip_failed`, everything is
  // rolled back (committed false); the results still say what each row did
  // or would do. Rows created in one call get the same create_time_ms.
  virtual void UpsertUsers(std::vector<UpsertRow> rows, UpsertKey key,
                           bool dry_run, bool skip_failed,
                           Done<UpsertResult> done) = 0;
  // Sets the named fields of `username` from `values`. NOT_FOUND when there
  // is no such user; ALREADY_EXISTS when the external_id belongs to another.
  // Sets update_time_ms when anything changed.
  virtual void UpdateUserAccount(std::string username, UserRecord values,
                                 UserFields fields, Done<UserChange> done) = 0;
  // Replaces the password hash of `username`; returns the user.
  virtual void SetPasswordHash(std::string username, std::string hash,
                               Done<UserRecord> done) = 0;
  // Deletes `username` as UserService.DeleteUser documents: the row becomes
  // a disabled tombstone "#deleted-{id}" without personal fields or
  // password, its stored replies are deleted, and its attempts and answers
  // stay. Tokens are left to DeleteUserTokens, which the caller runs next
  // (it also drops them from the token cache). NOT_FOUND when there is no
  // such user. `kept_attempts` gets how many attempts stayed. The user's
  // course memberships become MEMBER_STATUS_DELETED in the same write, each
  // with a MEMBERSHIP_CHANGED event by `actor` ("users/{name}").
  struct DeletedUser {
    UserRecord tombstone;
    int64_t kept_attempts = 0;
  };
  virtual void DeleteUserAccount(std::string username, std::string actor,
                                 Done<DeletedUser> done) = 0;
  // --- sessions ---
  // Stores a login token with what ListSessions shows of it; NOT_FOUND
  // when the user does not exist.
  virtual void CreateSession(SessionRecord session, DoneStatus done) = 0;
  // The unexpired tokens of `user_id`, newest first, at most
  // kMaxListedSessions.
  virtual absl::StatusOr<std::vector<SessionRecord>> ListSessions(
      int64_t user_id, int64_t now_ms) = 0;

  // --- banks ---
  // Stores `bank` as a new version of bank.id() unless it equals the latest
  // version (then returns that version number and writes nothing).
  virtual void PutBankVersion(quiz::v1::Bank bank, std::string created_by,
                              Done<int64_t> done) = 0;
  // version 0 means the latest. NOT_FOUND when absent. Served from an
  // in-memory cache after the first read.
  virtual absl::StatusOr<BankVersionRecord> GetBankVersion(
      const std::string& bank_id, int64_t version) = 0;
  // The latest version of every bank, ordered by bank id.
  virtual absl::StatusOr<std::vector<BankVersionRecord>> ListLatestBanks() = 0;
  // Up to `limit` versions of one bank older than `before_version` (0: from
  // the latest), newest first. Empty when the bank has none.
  virtual absl::StatusOr<std::vector<BankVersionRecord>> ListBankVersions(
      const std::string& bank_id, int64_t before_version, int limit) = 0;

  // The latest version of a bank created by `created_by`, 0 when none. Reads
  // no bank content.
  virtual absl::StatusOr<int64_t> LatestBankVersionBy(
      const std::string& bank_id, const std::string& created_by) = 0;
  // Records that file content with source.digest was loaded as that version
  // (replacing what the digest mapped to). NOT_FOUND when the version does
  // not exist.
  virtual void PutBankSource(BankSourceRecord source, DoneStatus done) = 0;
  // What PutBankSource last recorded for `digest`, or nullopt.
  virtual absl::StatusOr<std::optional<BankSourceRecord>> FindBankSource(
      const std::string& digest) = 0;

  // --- attempts ---
  // Creates the attempt and, with a request id, stores `reply` under `key`.
  // ALREADY_EXISTS when the key was used before (read it with FindReply).
  virtual void CreateAttempt(AttemptRecord attempt, RequestKey key,
                             std::string reply, DoneStatus done) = 0;
  // CreateAttempt for a quiz that allows one open attempt per student
  // (Quiz.single_open_attempt): FAILED_PRECONDITION naming it
  // ("attempts/{id}"), writing nothing, when the user has an attempt of the
  // same quiz in progress and not past its deadline at attempt.start_time_ms.
  // Checked in the write transaction, so of two concurrent starts one fails.
  virtual void CreateSoleOpenAttempt(AttemptRecord attempt, RequestKey key,
                                     std::string reply, DoneStatus done) = 0;
  // NOT_FOUND when absent.
  virtual absl::StatusOr<AttemptRecord> GetAttempt(const std::string& id) = 0;
  // Attempts of one user (user_id 0: every user), newest first. `after_id`
  // continues a listing after that attempt ("" starts at the newest).
  virtual absl::StatusOr<std::vector<AttemptRecord>> ListAttempts(
      int64_t user_id, const std::string& after_id, int limit) = 0;
  // Every finished attempt of a quiz, oldest first.
  virtual absl::StatusOr<std::vector<AttemptRecord>> ListFinishedAttempts(
      const std::string& quiz_id) = 0;
  // The attempts of one user still in progress (timed or not, past their
  // deadline or not), oldest start first.
  virtual absl::StatusOr<std::vector<AttemptRecord>> ListAttemptsInProgress(
      int64_t user_id) = 0;
  // Up to `limit` timed attempts of any user still in progress whose
  // deadline is before `now_ms`, earliest deadline first: what the deadline
  // sweeper finishes. INVALID_ARGUMENT unless limit > 0.
  virtual absl::StatusOr<std::vector<AttemptRecord>> ListOverdueAttempts(
      int64_t now_ms, int limit) = 0;
  // Response rows of an attempt, in no particular order.
  virtual absl::StatusOr<std::vector<ResponseRecord>> ListResponses(
      const std::string& attempt_id) = 0;

  // How far an attempt has got, for the reply to one answer: responses to
  // items other than `item_id`, and whether `item_id` is flagged. Served from
  // memory for attempts in use, without copying their rows.
  struct Tally {
    int answered_others = 0;
    bool flagged = false;
  };
  virtual absl::StatusOr<Tally> TallyResponses(const std::string& attempt_id,
                                               const std::string& item_id) = 0;

  // Records a response (replacing an earlier one unless `only_if_unanswered`,
  // which fails with FAILED_PRECONDITION when the item has a response). Keeps
  // the flag. Fails with FAILED_PRECONDITION, writing nothing, when the attempt
  // is not in progress or `now_ms` is past its deadline. Stores `reply` under
  // `key` as CreateAttempt does.
  virtual void SaveResponse(ResponseRecord record, bool only_if_unanswered,
                            int64_t now_ms, RequestKey key, std::string reply,
                            DoneStatus done) = 0;
  // Sets the flag of one item; FAILED_PRECONDITION unless in progress.
  virtual void SetFlag(std::string attempt_id, std::string item_id,
                       bool flagged, DoneStatus done) = 0;
  // Finishes an in-progress attempt: reads its responses, computes the result
  // with `result_fn` and stores it with finish_time_ms, all in one
  // transaction. Returns the finished record. FAILED_PRECONDITION when it is
  // already finished.
  virtual void FinishAttempt(std::string attempt_id, int64_t finish_time_ms,
                             bool timed_out, ResultFn result_fn,
                             Done<AttemptRecord> done) = 0;

  // Applies a regrade in one transaction: the regraded rows' outcomes, the
  // attempt's result and version, and a row keeping both results.
  // FAILED_PRECONDITION, writing nothing, unless the attempt is finished and
  // still on record.from_version (so a regrade never applies twice).
  virtual void RegradeAttempt(RegradeRecord record, DoneStatus done) = 0;
  // The regrades applied to an attempt, oldest first (by to_version), with
  // their old and new results; `regraded` is left empty. Empty when the
  // attempt was never regraded or does not exist.
  virtual absl::StatusOr<std::vector<RegradeRecord>> ListRegrades(
      const std::string& attempt_id) = 0;

  // --- progress ---
  // Every answered response of a user's attempts and every review answer,
  // oldest first. Callers decide which count (e.g. not an exam's answers
  // before it is finished).
  virtual absl::StatusOr<std::vector<GradedRecord>> ListGradedResponses(
      int64_t user_id) = 0;
  // Stores a review answer and, with a request id, `reply` under `key`.
  virtual void SaveReviewResponse(ReviewRecord record, RequestKey key,
                                  std::string reply, DoneStatus done) = 0;

  // --- idempotency ---
  // What was stored under `key` (its fingerprint is not compared), or nullopt.
  virtual absl::StatusOr<std::optional<StoredReply>> FindReply(
      const RequestKey& key) = 0;
  // Stores `key` with an empty reply, for a mutation whose reply is not kept
  // (it is idempotent on its own). ALREADY_EXISTS when the key was used.
  virtual void RecordRequest(RequestKey key, DoneStatus done) = 0;

  // --- api keys ---
  // The owner of an unexpired token, and the key that issued it (a learner
  // token); NOT_FOUND otherwise. GetUserByToken is its `user`.
  virtual absl::StatusOr<TokenOwner> GetTokenOwner(
      const std::string& token_hash, int64_t now_ms) = 0;
  // Stores a key (id, username, last use and revoke time are ignored) and
  // returns its id. FAILED_PRECONDITION unless key.user_id is a service
  // account; ALREADY_EXISTS when the prefix or hash is taken.
  virtual void CreateApiKey(ApiKeyRecord key, Done<int64_t> done) = 0;
  // The key with this hash, revoked or expired too (callers decide);
  // NOT_FOUND otherwise. Served from memory after the first read; a revoke
  // or delete through this store takes effect at once, one by another
  // process within a minute.
  virtual absl::StatusOr<ApiKeyRecord> GetApiKeyByHash(
      const std::string& key_hash) = 0;
  // NOT_FOUND when no key has this prefix.
  virtual absl::StatusOr<ApiKeyRecord> GetApiKeyByPrefix(
      const std::string& prefix) = 0;
  // Up to `limit` keys of one service account (user_id 0: of every one),
  // newest first, with ids below `before_id` (0: from the newest).
  virtual absl::StatusOr<std::vector<ApiKeyRecord>> ListApiKeys(
      int64_t user_id, int64_t before_id, int limit) = 0;
  // How many keys of the user are neither revoked nor expired at now_ms.
  virtual absl::StatusOr<int64_t> CountActiveApiKeys(int64_t user_id,
                                                     int64_t now_ms) = 0;
  // Revokes a key at now_ms (a revoked key keeps its first revoke time) and
  // deletes the learner tokens it issued, in one transaction; returns the
  // key as revoked. NOT_FOUND for an unknown id.
  virtual void RevokeApiKey(int64_t key_id, int64_t now_ms,
                            Done<ApiKeyRecord> done) = 0;
  // Records that `key` authenticated a call at now_ms: a queued write at
  // most once a minute per key, otherwise nothing. Never fails the call.
  virtual void NoteApiKeyUse(const ApiKeyRecord& key, int64_t now_ms) = 0;
  // Deletes a service account with its keys and the learner tokens they
  // issued; `done` gets how many of its keys were active at now_ms.
  // NOT_FOUND unless user_id is a service account.
  virtual void DeleteServiceAccount(int64_t user_id, int64_t now_ms,
                                    Done<int64_t> done) = 0;
  // The user (not deleted) whose external_id is `external_id`; NOT_FOUND
  // otherwise.
  virtual absl::StatusOr<UserRecord> GetUserByExternalId(
      const std::string& external_id) = 0;
  // Stores a learner token issued by `api_key_id` for `user_id`.
  // FAILED_PRECONDITION, writing nothing, when that key is revoked by then
  // (checked in the write transaction, so no token outlives a revoke).
  virtual void CreateLearnerToken(std::string token_hash, int64_t user_id,
                                  int64_t expire_time_ms, int64_t api_key_id,
                                  DoneStatus done) = 0;

  // --- audit ---
  // Stores an event (its id is assigned). Events are never purged.
  virtual void AppendAuditEvent(AuditEventRecord event, DoneStatus done) = 0;
  // Up to `limit` events matching `filter` with ids below `before_id` (0:
  // from the newest), newest first.
  virtual absl::StatusOr<std::vector<AuditEventRecord>> ListAuditEvents(
      const AuditFilter& filter, int64_t before_id, int limit) = 0;

  // --- courses ---
  // Every write here appends its events (COURSE_CHANGED for a course,
  // MEMBERSHIP_CHANGED for each membership it changes, with `actor`, a
  // "users/{name}") in its own transaction; a write that changes nothing
  // appends none.
  //
  // Creates `course` (its times are set to now). When `instructor_user_id`
  // is not 0 that user becomes its active COURSE_ROLE_INSTRUCTOR member in
  // the same transaction. ALREADY_EXISTS naming "course_id" or
  // "external_id" when taken.
  virtual void CreateCourse(CourseRecord course, int64_t instructor_user_id,
                            std::string actor, Done<CourseRecord> done) = 0;
  // NOT_FOUND when there is no such course.
  virtual absl::StatusOr<CourseRecord> GetCourse(const std::string& id) = 0;
  // Up to `limit` courses matching `filter`, ordered by id, after `after_id`
  // ("" starts at the first).
  virtual absl::StatusOr<std::vector<CourseRecord>> ListCourses(
      const CourseFilter& filter, const std::string& after_id, int limit) = 0;
  // Sets the fields `update` holds. NOT_FOUND when there is no such course;
  // ALREADY_EXISTS naming "external_id" when another course has it. Sets
  // update_time_ms only when something changed.
  //
  // This and UpdateMembers take `instructor_user_id`: when not 0, the write
  // fails with PERMISSION_DENIED, writing nothing, unless that user is an
  // active COURSE_ROLE_INSTRUCTOR of the course, checked in the write
  // transaction (so a change queued by an instructor who was removed
  // meanwhile does not land). 0: no check (admins, API keys).
  virtual void UpdateCourse(std::string id, CourseUpdate update,
                            int64_t instructor_user_id, std::string actor,
                            Done<CourseRecord> done) = 0;
  // Applies `rows` to the memberships of course `course_id` in order, in
  // one transaction, as UpsertUsers does users: a failing row (unknown
  // user, a service account, COURSE_ROLE_INSTRUCTOR for a student, role
  // missing) writes nothing of its own; with `dry_run`, or when a row fails
  // and not `skip_failed`, everything is rolled back (committed false) and
  // the results still say what each row did or would do. Row errors name
  // "user", "user_external_id" or "role"; the caller adds the row's place.
  // NOT_FOUND when there is no such course.
  virtual void UpdateMembers(std::string course_id,
                             std::vector<MemberChange> rows, bool dry_run,
                             bool skip_failed, int64_t instructor_user_id,
                             std::string actor,
                             Done<MemberBatchResult> done) = 0;
  // Up to `limit` memberships of `course_id` matching `filter`, ordered by
  // username, after `after_username` ("" starts at the first).
  virtual absl::StatusOr<std::vector<MemberRecord>> ListMembers(
      const std::string& course_id, const MemberFilter& filter,
      const std::string& after_username, int limit) = 0;
  // The membership of `user_id` in `course_id`, any status, or nullopt.
  virtual absl::StatusOr<std::optional<MemberRecord>> GetMember(
      const std::string& course_id, int64_t user_id) = 0;
  // The role `user_id` holds in `course_id` as an ACTIVE member;
  // COURSE_ROLE_UNSPECIFIED when none (no row, inactive or removed). What
  // access checks ask ("is the caller an instructor of this course?").
  virtual absl::StatusOr<quiz::v1::CourseRole> CourseRoleOf(
      const std::string& course_id, int64_t user_id) = 0;
  // Whether `learner_user_id` is an ACTIVE COURSE_ROLE_LEARNER of some
  // course (archived ones too: their results stay readable) where
  // `staff_user_id` is an ACTIVE
  // COURSE_ROLE_INSTRUCTOR or COURSE_ROLE_TEACHING_ASSISTANT: whether an
  // instructor may see and act on that learner's attempts, progress and
  // results (the scoping of issue 21). One indexed query.
  virtual absl::StatusOr<bool> ActiveLearnerSharesCourseWith(
      int64_t staff_user_id, int64_t learner_user_id) = 0;
  // --- scoping ---
  // Up to `limit` users who are active learners of a course where
  // `staff_user_id` is an active instructor or teaching assistant, each once,
  // ordered by username, after `after_username`; deleted users left out.
  virtual absl::StatusOr<std::vector<UserRecord>> ListLearnersOf(
      int64_t staff_user_id, const std::string& after_username, int limit) = 0;
  // The owners of bank `bank_id` (bank_owners), ordered by username.
  virtual absl::StatusOr<std::vector<BankOwnerRecord>> ListBankOwners(
      const std::string& bank_id) = 0;
  // OK when user `user_id` may change bank `bank_id` as its owner: they own
  // it, or the bank has no version yet. PERMISSION_DENIED otherwise, naming
  // its owners ("banks/x is owned by users/carol; ask an owner or an admin
  // to share it") or saying it has none (admins only).
  virtual absl::Status CheckBankOwner(const std::string& bank_id,
                                      int64_t user_id) = 0;
  // PutBankVersion for an owner: CheckBankOwner in the same write, and when
  // the bank had no version, `owner_user_id` becomes its owner in it too.
  virtual void PutOwnedBankVersion(quiz::v1::Bank bank, std::string created_by,
                                   int64_t owner_user_id,
                                   Done<int64_t> done) = 0;
  // Makes `user_id` an owner of `bank_id` (nothing changes when they are
  // one). NOT_FOUND when the bank has no version.
  virtual void AddBankOwner(const std::string& bank_id, int64_t user_id,
                            DoneStatus done) = 0;
  // Removes `user_id` from the owners of `bank_id` (nothing changes when
  // they are none). FAILED_PRECONDITION when they are its last owner and
  // `keep_last`.
  virtual void RemoveBankOwner(const std::string& bank_id, int64_t user_id,
                               bool keep_last, DoneStatus done) = 0;

  // --- gradebook ---
  // The course of a gradebook listing: `course_id`, or with
  // `assignment_id` set the course of that assignment (not deleted), and
  // the membership of `viewer_user_id` in it. NOT_FOUND naming the course
  // or assignment when there is none.
  virtual absl::StatusOr<GradebookCourse> FindGradebookCourse(
      const std::string& course_id, const std::string& assignment_id,
      int64_t viewer_user_id) = 0;
  // The rows `query` selects, in a few queries whatever the number of
  // learners. INVALID_ARGUMENT unless query.limit > 0.
  virtual absl::StatusOr<GradebookRows> ReadGradebook(
      const GradebookQuery& query) = 0;

  // --- assignments ---
  // The course's archived flag and `user_id`'s membership of it; NOT_FOUND
  // when the course does not exist.
  virtual absl::StatusOr<CourseSeat> GetCourseSeat(const std::string& course_id,
                                                   int64_t user_id) = 0;
  // Stores a new assignment (record.id, create and update times chosen by
  // the caller) with `note`, and with a request id `reply`
  // under `key`. NOT_FOUND when the course does not exist;
  // FAILED_PRECONDITION when it is archived; ALREADY_EXISTS when the id, the
  // external_id within the course, or the request key is taken.
  virtual void CreateAssignment(AssignmentRecord record, EventNote note,
                                RequestKey key, std::string reply,
                                Done<AssignmentRecord> done) = 0;
  // NOT_FOUND when absent (a deleted one is returned, marked).
  virtual absl::StatusOr<AssignmentRecord> GetAssignment(
      const std::string& id) = 0;
  // Up to `limit` assignments of a course that are not deleted (and, with
  // `published_only`, published), ordered by id, after `after_id`.
  virtual absl::StatusOr<std::vector<AssignmentRecord>> ListAssignments(
      const std::string& course_id, const std::string& after_id, int limit,
      bool published_only) = 0;
  // Changes an assignment in one transaction: reads it, applies `change`
  // (which validates; its error writes nothing), stores it with a new
  // update time and `note`. NOT_FOUND when absent or deleted;
  // ALREADY_EXISTS when the new external_id is taken in the course.
  using AssignmentChange = std::function<absl::Status(quiz::v1::Assignment&)>;
  virtual void UpdateAssignment(std::string id, AssignmentChange change,
                                EventNote note,
                                Done<AssignmentRecord> done) = 0;
  // Marks it deleted at now (once; a repeat returns the first time and
  // writes nothing). NOT_FOUND when absent.
  virtual void DeleteAssignment(std::string id, EventNote note,
                                Done<int64_t> done) = 0;
  // Replaces the override of (assignment, user) with `record` (update time
  // set to now). NOT_FOUND when the assignment is absent or deleted, or the
  // user is not a learner of its course (any status).
  virtual void SetOverride(OverrideRecord record, EventNote note,
                           Done<OverrideRecord> done) = 0;
  // The override of one learner, or nullopt.
  virtual absl::StatusOr<std::optional<quiz::v1::AssignmentOverride>>
  GetOverride(const std::string& assignment_id, int64_t user_id) = 0;
  // Every override of an assignment, by username.
  virtual absl::StatusOr<std::vector<OverrideRecord>> ListOverrides(
      const std::string& assignment_id) = 0;
  // NOT_FOUND when the learner has no override.
  virtual void DeleteOverride(std::string assignment_id, int64_t user_id,
                              EventNote note, DoneStatus done) = 0;
  // Attempts `user_id` has started for the assignment.
  virtual absl::StatusOr<int> CountAssignmentAttempts(
      const std::string& assignment_id, int64_t user_id) = 0;
  // CreateAttempt (CreateSoleOpenAttempt with `sole_open`) of an attempt
  // with assignment_id, refused with FAILED_PRECONDITION ("2 of 2 attempts
  // used") when attempts_allowed > 0 and the user has that many attempts of
  // the assignment: counted in the write transaction, so concurrent starts
  // cannot pass the limit together.
  virtual void CreateAssignedAttempt(AttemptRecord attempt,
                                     int attempts_allowed, bool sole_open,
                                     RequestKey key, std::string reply,
                                     DoneStatus done) = 0;
  // Sets a finished attempt back IN_PROGRESS with `deadline_ms` (0:
  // untimed), its result and finish time cleared, answers kept, with
  // `note`. FAILED_PRECONDITION unless it is finished.
  virtual void ReopenAttempt(std::string attempt_id, int64_t deadline_ms,
                             EventNote note, Done<AttemptRecord> done) = 0;

  // --- events ---
  // Events are appended by the writes they record, in the same transaction
  // (event_rows.h); these read them.
  //
  // Up to `limit` events matching `query` with cursors above after_cursor,
  // oldest first. INVALID_ARGUMENT unless limit > 0.
  virtual absl::StatusOr<EventPage> ListEvents(const EventQuery& query,
                                               int64_t after_cursor,
                                               int limit) = 0;
  // The cursor of the last event committed (by any process), 0 when none.
  virtual absl::StatusOr<int64_t> LatestEventCursor() = 0;
  // Calls `listener` with the latest cursor after each commit of this store
  // that appended events, on the completion thread once the commit's dones
  // have run (so reads through this store see what it wrote): it must not
  // block.
  // One listener; a later call replaces it (an empty function removes it).
  virtual void SetEventListener(
      std::function<void(int64_t cursor)> listener) = 0;

  // --- housekeeping ---
  // Deletes replies stored before now_ms - kReplyRetentionMs and tokens
  // expired by now_ms, in small batches, each its own queued write, so that
  // other writes go on between them. `done` gets the totals.
  virtual void PurgeExpired(int64_t now_ms, Done<PurgeCounts> done) = 0;

  // The key of the page-token MAC: 32 random bytes made once per database
  // and kept in it, so every replica on the database accepts the tokens of
  // the others. Fixed for the store's life.
  virtual const std::string& PageTokenKey() const = 0;
};

struct SqliteOptions {
  // Database file; created with its schema when absent. The file, its WAL
  // and shared-memory files are readable by their owner only (0600): they
  // hold password and token hashes and every answer. A file readable by
  // others is tightened at open, with a line on stderr.
  std::string path;
  bool synchronous_full = true;  // false: synchronous=NORMAL (benchmarks only)
  // How often the store purges old replies and expired tokens (see
  // PurgeExpired) on its own; 0 turns that off (tests drive it).
  int64_t purge_interval_ms = 10 * 60 * 1000;
};

// Opens (creating and migrating as needed) an SQLite store in WAL mode and
// starts its writer thread. The destructor drains the queue and closes.
absl::StatusOr<std::unique_ptr<Store>> OpenSqliteStore(
    const SqliteOptions& options);

}  // namespace store

#endif  // QUIZD_SERVER_STORE_STORE_H_
