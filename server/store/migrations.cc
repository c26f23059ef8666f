#include "server/store/migrations.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace store {
namespace {

// Every table keeps proto payloads as serialized blobs and copies into columns
// only what queries filter or sort on.
constexpr Migration kMigrations[] = {
    {1, R"sql(
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  role INTEGER NOT NULL,
  password_hash TEXT NOT NULL,
  create_time_ms INTEGER NOT NULL
);

CREATE TABLE tokens (
  token_hash BLOB PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  expire_time_ms INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX tokens_by_user ON tokens(user_id);

CREATE TABLE bank_versions (
  bank_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  create_time_ms INTEGER NOT NULL,
  bank BLOB NOT NULL,  -- quiz.v1.Bank with version cleared
  item_count INTEGER NOT NULL,
  PRIMARY KEY (bank_id, version)
);

CREATE TABLE attempts (
  id TEXT PRIMARY KEY NOT NULL,
  user_id INTEGER NOT NULL REFERENCES users(id),
  quiz_id TEXT NOT NULL,
  bank_id TEXT NOT NULL,
  bank_version INTEGER NOT NULL,
  seed INTEGER NOT NULL,  -- uint64 bits
  state INTEGER NOT NULL,  -- quiz.v1.AttemptState
  start_time_ms INTEGER NOT NULL,
  deadline_ms INTEGER NOT NULL,
  finish_time_ms INTEGER NOT NULL,
  item_ids TEXT NOT NULL,  -- newline-separated, in attempt order
  result BLOB,  -- quiz.v1.AttemptResult once finished
  FOREIGN KEY (bank_id, bank_version) REFERENCES bank_versions(bank_id, version)
);
CREATE INDEX attempts_by_user_start ON attempts(user_id, start_time_ms, id);
CREATE INDEX attempts_by_start ON attempts(start_time_ms, id);

CREATE TABLE responses (
  attempt_id TEXT NOT NULL REFERENCES attempts(id),
  item_id TEXT NOT NULL,
  has_response INTEGER NOT NULL,
  response BLOB,  -- quiz.v1.Response
  outcome BLOB,  -- quiz.v1.Outcome
  flagged INTEGER NOT NULL,
  update_time_ms INTEGER NOT NULL,
  PRIMARY KEY (attempt_id, item_id)
) WITHOUT ROWID;

CREATE TABLE request_replies (
  user_id INTEGER NOT NULL,
  method TEXT NOT NULL,
  request_id TEXT NOT NULL,
  reply BLOB NOT NULL,
  create_time_ms INTEGER NOT NULL,
  PRIMARY KEY (user_id, method, request_id)
) WITHOUT ROWID;
)sql"},
    {2, R"sql(
CREATE INDEX attempts_by_quiz ON attempts(quiz_id, state);

-- One row per regrade of a finished attempt: both results are kept.
CREATE TABLE attempt_regrades (
  attempt_id TEXT NOT NULL REFERENCES attempts(id),
  from_version INTEGER NOT NULL,
  to_version INTEGER NOT NULL,
  old_result BLOB NOT NULL,  -- quiz.v1.AttemptResult
  new_result BLOB NOT NULL,  -- quiz.v1.AttemptResult
  regraded_by TEXT NOT NULL,  -- "users/{name}"
  regrade_time_ms INTEGER NOT NULL,
  PRIMARY KEY (attempt_id, to_version)
) WITHOUT ROWID;
)sql"},
    {3, R"sql(
-- Answers given in review sessions, outside any attempt.
CREATE TABLE review_responses (
  user_id INTEGER NOT NULL REFERENCES users(id),
  bank_id TEXT NOT NULL,
  bank_version INTEGER NOT NULL,
  item_id TEXT NOT NULL,
  response BLOB NOT NULL,  -- quiz.v1.Response
  outcome BLOB NOT NULL,  -- quiz.v1.Outcome
  time_ms INTEGER NOT NULL
);
CREATE INDEX review_responses_by_user ON review_responses(user_id, time_ms);
CREATE INDEX users_by_role ON users(role, username);
)sql"},
    {4, R"sql(
-- Which bank file content was loaded from the bank directory as which
-- version, by a digest of the content (service/bank_directory.h). A restart
-- finding an unchanged file need not parse it again.
CREATE TABLE bank_sources (
  digest BLOB PRIMARY KEY,
  bank_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  FOREIGN KEY (bank_id, version) REFERENCES bank_versions(bank_id, version)
) WITHOUT ROWID;
)sql"},
    {5, R"sql(
-- A digest of the request that stored each reply, so that a request id
-- reused for another request is refused; rows from before have none.
ALTER TABLE request_replies ADD COLUMN fingerprint BLOB NOT NULL DEFAULT x'';
-- For purging replies past their retention and expired tokens in batches.
CREATE INDEX request_replies_by_time ON request_replies(create_time_ms);
CREATE INDEX tokens_by_expiry ON tokens(expire_time_ms);

-- Secrets made once per database and shared by every process using it.
-- randomblob() draws from SQLite's ChaCha20 generator, seeded from the
-- operating system's randomness.
CREATE TABLE server_secrets (
  name TEXT PRIMARY KEY,
  value BLOB NOT NULL
) WITHOUT ROWID;
INSERT INTO server_secrets(name, value) VALUES('page_token_key', randomblob(32));
)sql"},
    {6, R"sql(
-- Timed attempts still in progress, by deadline: the deadline sweeper asks
-- for those past theirs on every tick (1 = quiz.v1.IN_PROGRESS).
CREATE INDEX attempts_open_by_deadline ON attempts(deadline_ms)
  WHERE state = 1 AND deadline_ms > 0;
)sql"},
    {7, R"sql(
-- Accounts managed over the API (UserService). Existing users get empty
-- fields, enabled, last changed when created.
ALTER TABLE users ADD COLUMN display_name TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN email TEXT NOT NULL DEFAULT '';
-- The id an LMS or SIS knows the user by; '' when none.
ALTER TABLE users ADD COLUMN external_id TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN update_time_ms INTEGER NOT NULL DEFAULT 0;
-- Non-zero: the user was deleted and the row is an anonymised tombstone
-- keeping their attempts (see UserService.DeleteUser).
ALTER TABLE users ADD COLUMN delete_time_ms INTEGER NOT NULL DEFAULT 0;
UPDATE users SET update_time_ms = create_time_ms;
CREATE UNIQUE INDEX users_by_external_id ON users(external_id)
  WHERE external_id <> '';
CREATE INDEX users_by_update_time ON users(update_time_ms);
)sql"},
    {8, R"sql(
-- What AuthService.ListSessions shows of a login token. Tokens made before
-- have no address or user agent; their create time is derived from their
-- expiry (tokens lived 12 hours), and they count as used at creation.
ALTER TABLE tokens ADD COLUMN create_time_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tokens ADD COLUMN last_used_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tokens ADD COLUMN peer TEXT NOT NULL DEFAULT '';
ALTER TABLE tokens ADD COLUMN user_agent TEXT NOT NULL DEFAULT '';
UPDATE tokens SET create_time_ms = MAX(expire_time_ms - 43200000, 0),
                  last_used_ms = MAX(expire_time_ms - 43200000, 0);
)sql"},
    {9, R"sql(
-- API keys of service accounts (users with role 4, ROLE_SERVICE_ACCOUNT).
-- Only a BLAKE2b hash of each secret is kept; revoked keys stay listed.
CREATE TABLE api_keys (
  id INTEGER PRIMARY KEY,
  prefix TEXT NOT NULL UNIQUE,  -- the public key id after "qzk_"
  key_hash BLOB NOT NULL UNIQUE,
  user_id INTEGER NOT NULL REFERENCES users(id),
  label TEXT NOT NULL,
  scopes INTEGER NOT NULL,  -- access::Scope bits
  create_time_ms INTEGER NOT NULL,
  expire_time_ms INTEGER NOT NULL,  -- 0: never
  last_use_time_ms INTEGER NOT NULL DEFAULT 0,  -- 0: never
  revoke_time_ms INTEGER NOT NULL DEFAULT 0  -- 0: not revoked
);
CREATE INDEX api_keys_by_user ON api_keys(user_id, id);
-- The key that issued a learner token (NULL: a login token), so revoking
-- the key deletes its tokens.
ALTER TABLE tokens ADD COLUMN api_key_id INTEGER REFERENCES api_keys(id);
CREATE INDEX tokens_by_api_key ON tokens(api_key_id)
  WHERE api_key_id IS NOT NULL;
)sql"},
    {10, R"sql(
-- The audit trail (proto/quiz/v1/audit_service.proto): one row per recorded
-- call. Kept for the life of the database: no purge deletes rows, and rows
-- name their actor by id and username without a foreign key, so deleting a
-- user keeps what they did.
CREATE TABLE audit_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  time_ms INTEGER NOT NULL,
  actor_user_id INTEGER NOT NULL,  -- 0 for "system"
  actor TEXT NOT NULL,  -- "users/{name}" or "system"
  actor_role INTEGER NOT NULL,  -- quiz.v1.Role
  api_key_id INTEGER NOT NULL,  -- 0: no key
  method TEXT NOT NULL,  -- "Service.Method"
  resource TEXT NOT NULL,
  summary TEXT NOT NULL,  -- JSON, secrets removed
  peer TEXT NOT NULL,
  user_agent TEXT NOT NULL,
  status_code INTEGER NOT NULL  -- canonical status code
);
CREATE INDEX audit_events_by_time ON audit_events(time_ms);
CREATE INDEX audit_events_by_actor ON audit_events(actor, id);
CREATE INDEX audit_events_by_method ON audit_events(method, id);
)sql"},
    {11, R"sql(
-- Courses, members, bank owners, assignments, overrides and the event log
-- (proto/quiz/v1/course.proto). Rows are never deleted: a removed member,
-- an archived course and a deleted assignment stay, marked, so that
-- "changed since" listings and the gradebook can say what happened.
CREATE TABLE courses (
  id TEXT PRIMARY KEY NOT NULL,  -- the {id} of "courses/{id}"
  title TEXT NOT NULL,
  term TEXT NOT NULL,
  external_id TEXT NOT NULL,  -- '' when none
  archived INTEGER NOT NULL,
  create_time_ms INTEGER NOT NULL,
  update_time_ms INTEGER NOT NULL
);
CREATE UNIQUE INDEX courses_by_external_id ON courses(external_id)
  WHERE external_id <> '';
CREATE INDEX courses_by_update_time ON courses(update_time_ms);

CREATE TABLE course_members (
  course_id TEXT NOT NULL REFERENCES courses(id),
  user_id INTEGER NOT NULL REFERENCES users(id),
  role INTEGER NOT NULL,  -- quiz.v1.CourseRole
  status INTEGER NOT NULL,  -- quiz.v1.MemberStatus
  update_time_ms INTEGER NOT NULL,
  PRIMARY KEY (course_id, user_id)
) WITHOUT ROWID;
CREATE INDEX course_members_by_user ON course_members(user_id, course_id);
CREATE INDEX course_members_by_update ON course_members(course_id,
  update_time_ms);

-- Who may push new versions of a bank besides admins. A bank without rows
-- (loaded from the bank directory, or pushed before owners existed) is
-- owned by admins only; the first instructor to push a new bank owns it.
CREATE TABLE bank_owners (
  bank_id TEXT NOT NULL,
  user_id INTEGER NOT NULL REFERENCES users(id),
  create_time_ms INTEGER NOT NULL,
  PRIMARY KEY (bank_id, user_id)
) WITHOUT ROWID;
CREATE INDEX bank_owners_by_user ON bank_owners(user_id);

CREATE TABLE assignments (
  id TEXT PRIMARY KEY NOT NULL,  -- the {id} of "assignments/{id}"
  course_id TEXT NOT NULL REFERENCES courses(id),
  quiz_id TEXT NOT NULL,
  external_id TEXT NOT NULL,  -- '' when none; unique within the course
  -- Copied out of `assignment` for queries; 0 when unset.
  open_time_ms INTEGER NOT NULL,
  due_time_ms INTEGER NOT NULL,
  close_time_ms INTEGER NOT NULL,
  published INTEGER NOT NULL,
  assignment BLOB NOT NULL,  -- quiz.v1.Assignment, name and times included
  create_time_ms INTEGER NOT NULL,
  update_time_ms INTEGER NOT NULL,
  delete_time_ms INTEGER NOT NULL DEFAULT 0  -- 0: not deleted
);
CREATE INDEX assignments_by_course ON assignments(course_id, id);
CREATE INDEX assignments_by_quiz ON assignments(quiz_id, id);
CREATE UNIQUE INDEX assignments_by_external_id
  ON assignments(course_id, external_id) WHERE external_id <> '';

CREATE TABLE assignment_overrides (
  assignment_id TEXT NOT NULL REFERENCES assignments(id),
  user_id INTEGER NOT NULL REFERENCES users(id),
  override BLOB NOT NULL,  -- quiz.v1.AssignmentOverride
  update_time_ms INTEGER NOT NULL,
  PRIMARY KEY (assignment_id, user_id)
) WITHOUT ROWID;

-- The assignment an attempt was started for ('' for self-study), and why
-- it finished (quiz.v1.FinishReason; 0 while in progress and for attempts
-- finished before this schema).
ALTER TABLE attempts ADD COLUMN assignment_id TEXT NOT NULL DEFAULT '';
ALTER TABLE attempts ADD COLUMN finish_reason INTEGER NOT NULL DEFAULT 0;
CREATE INDEX attempts_by_assignment ON attempts(assignment_id, user_id)
  WHERE assignment_id <> '';

-- The event log (quiz.v1.Event): written in the transaction of the change
-- it records; id is the cursor. Kept for the life of the database.
CREATE TABLE events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  time_ms INTEGER NOT NULL,
  type INTEGER NOT NULL,  -- quiz.v1.EventType
  user_id INTEGER NOT NULL,  -- the learner it is about; 0: none
  course_id TEXT NOT NULL,  -- '' when none
  event BLOB NOT NULL  -- quiz.v1.Event without cursor
);
CREATE INDEX events_by_user ON events(user_id, id);
CREATE INDEX events_by_course ON events(course_id, id);
)sql"},
};

absl::StatusOr<int> LatestApplied(Db& db) {
  absl::StatusOr<Statement> stmt =
      db.Prepare("SELECT COALESCE(MAX(number), 0) FROM schema_migrations");
  if (!stmt.ok()) return stmt.status();
  absl::StatusOr<bool> row = stmt->Step();
  if (!row.ok()) return row.status();
  return static_cast<int>(stmt->ColumnInt64(0));
}

absl::Status ApplyOne(Db& db, const Migration& migration) {
  if (absl::Status s = db.Exec("BEGIN IMMEDIATE"); !s.ok()) return s;
  absl::Status status = [&]() -> absl::Status {
    // Another process may have migrated the file since we looked.
    absl::StatusOr<int> latest = LatestApplied(db);
    if (!latest.ok()) return latest.status();
    if (*latest >= migration.number) return absl::OkStatus();
    if (absl::Status s = db.Exec(migration.sql); !s.ok()) return s;
    absl::StatusOr<Statement> insert = db.Prepare(
        "INSERT INTO schema_migrations(number, applied_time_ms) VALUES(?, ?)");
    if (!insert.ok()) return insert.status();
    insert->BindInt64(1, migration.number)
        .BindInt64(2, absl::ToUnixMillis(absl::Now()));
    if (absl::Status s = insert->Run(); !s.ok()) return s;
    return db.Exec("COMMIT");
  }();
  if (!status.ok()) {
    if (db.InTransaction()) db.Exec("ROLLBACK").IgnoreError();
    return absl::Status(
        status.code(), absl::StrCat("schema migration ", migration.number,
                                    " on ", db.path(), ": ", status.message()));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Span<const Migration> SchemaMigrations() { return kMigrations; }

absl::StatusOr<int> ApplyMigrations(Db& db,
                                    absl::Span<const Migration> migrations) {
  for (size_t i = 0; i < migrations.size(); ++i) {
    if (migrations[i].number != static_cast<int>(i) + 1) {
      return absl::InvalidArgumentError(
          absl::StrCat("schema migration at position ", i + 1, " is numbered ",
                       migrations[i].number));
    }
  }
  if (absl::Status s = db.Exec(
          "CREATE TABLE IF NOT EXISTS schema_migrations ("
          "number INTEGER PRIMARY KEY, applied_time_ms INTEGER NOT NULL)");
      !s.ok()) {
    return s;
  }
  absl::StatusOr<int> latest = LatestApplied(db);
  if (!latest.ok()) return latest.status();
  if (*latest > static_cast<int>(migrations.size())) {
    return absl::FailedPreconditionError(absl::StrCat(
        db.path(), " has schema version ", *latest, " but this quizd knows ",
        migrations.size(), "; upgrade quizd"));
  }
  int applied = 0;
  for (const Migration& migration : migrations.subspan(*latest)) {
    if (absl::Status s = ApplyOne(db, migration); !s.ok()) return s;
    ++applied;
  }
  return applied;
}

}  // namespace store
