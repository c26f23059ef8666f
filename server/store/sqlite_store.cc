// The SQLite implementation of Store: writes go through the WriteQueue (one
// writer thread, group commit), reads use pooled read-only connections on the
// caller's thread, bank versions are served from a BankCache, and the rows
// of the hot path (tokens, attempts and their responses) from RowCaches that
// the writer thread keeps up to date after each commit.
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "server/store/api_keys.h"
#include "server/store/assignment_rows.h"
#include "server/store/audit_rows.h"
#include "server/store/bank_cache.h"
#include "server/store/checkpointer.h"
#include "server/store/course_rows.h"
#include "server/store/event_rows.h"
#include "server/store/gradebook_rows.h"
#include "server/store/migrations.h"
#include "server/store/mutations.h"
#include "server/store/queries.h"
#include "server/store/read_pool.h"
#include "server/store/row_cache.h"
#include "server/store/scoping_rows.h"
#include "server/store/sqlite_db.h"
#include "server/store/status_macros.h"
#include "server/store/store.h"
#include "server/store/user_accounts.h"
#include "server/store/write_queue.h"

namespace store {
namespace {

int64_t NowMs() { return absl::ToUnixMillis(absl::Now()); }

// Cache sizes: tokens are small; an attempt of 100 answered items takes
// tens of kilobytes, so some thousands of attempts stay well under 200 MB.
constexpr size_t kCachedTokens = 1 << 16;
constexpr size_t kCachedAttempts = 4096;
// A cached token is read again from the database after this long, so that
// a change made by another process (e.g. deleting the row) takes effect.
constexpr int64_t kTokenRecheckMs = 60 * 1000;
// Rows one purge write deletes from each table. Deleting 100 replies of
// 600 bytes from 400,000 took 21-26 ms of a loaded 2-core machine (load 9.5;
// 500 rows took 150-200 ms), so one batch delays the group it joins by
// milliseconds, and other writes queue between batches.
constexpr int kPurgeBatchRows = 100;

// The status an operation returns to have its savepoint rolled back while
// its done still gets a value it computed.
absl::Status RolledBack() {
  return absl::AbortedError("quizd-internal: rolled back on purpose");
}
bool IsRolledBack(const absl::Status& status) {
  return absl::IsAborted(status) && status.message() == RolledBack().message();
}

struct CachedToken {
  TokenOwner owner;
  int64_t expire_time_ms = 0;
  int64_t read_time_ms = 0;
};

// Keys are re-read after kTokenRecheckMs too; kept small: few per server.
constexpr size_t kCachedApiKeys = 1024;
// A key's last use time is written at most this often.
constexpr int64_t kApiKeyUseWriteMs = 60 * 1000;

struct CachedApiKey {
  ApiKeyRecord key;
  int64_t read_time_ms = 0;
};

// An attempt and every response row it has, as last committed.
struct CachedAttempt {
  AttemptRecord record;
  std::vector<ResponseRecord> responses;

  ResponseRecord* Find(const std::string& item_id) {
    for (ResponseRecord& row : responses) {
      if (row.item_id == item_id) return &row;
    }
    return nullptr;
  }
};

class SqliteStore : public Store {
 public:
  SqliteStore(std::unique_ptr<Db> write_db,
              std::unique_ptr<Checkpointer> checkpointer,
              const SqliteOptions& options, std::string page_token_key)
      : reads_(std::make_unique<ReadPool>(options.path)),
        checkpointer_(std::move(checkpointer)),
        page_token_key_(std::move(page_token_key)),
        noted_event_cursor_(QueryLatestEventCursor(*write_db).value_or(0)),
        writes_(std::make_unique<WriteQueue>(std::move(write_db),
                                             [this] { NoteEvents(); })) {
    if (options.purge_interval_ms > 0) {
      purger_ = std::thread([this, interval = options.purge_interval_ms] {
        PurgePeriodically(interval);
      });
    }
  }

  ~SqliteStore() override {
    {
      absl::MutexLock lock(&purger_mu_);
      stopping_ = true;
    }
    if (purger_.joinable()) purger_.join();
    // Callbacks run while draining may still read, so the read pool outlives
    // the drain; the checkpointer's connection closes last, checkpointing
    // the whole WAL.
    writes_->Stop();
    reads_.reset();
    writes_.reset();
    checkpointer_.reset();
  }

  absl::StatusOr<EventPage> ListEvents(const EventQuery& query,
                                       int64_t after_cursor,
                                       int limit) override {
    STORE_ASSIGN_OR_RETURN(ReadPool::Lease lease, reads_->Acquire());
    return QueryEvents(lease.db(), query, after_cursor, limit);
  }

  absl::StatusOr<int64_t> LatestEventCursor() override {
    STORE_ASSIGN_OR_RETURN(ReadPool::Lease lease, reads_->Acquire());
    return QueryLatestEventCursor(lease.db());
  }

  void SetEventListener(std::function<void(int64_t)> listener) override {
    absl::MutexLock lock(&event_listener_mu_);
    event_listener_ = std::move(listener);
  }

  void CreateUser(UserRecord user, Done<int64_t> done) override {
    Enqueue<int64_t>(
        [user = std::move(user)](Db& db) { return InsertUser(db, user); },
        std::move(done));
  }

  absl::StatusOr<UserRecord> GetUserByName(const std::string& name) override {
    STORE_ASSIGN_OR_RETURN(ReadPool::Lease lease, reads_->Acquire());
    return QueryUserByName(lease.db(), name);
  }

  absl::StatusOr<UserRecord> GetUserById(int64_t id) override {
    STORE_ASSIGN_OR_RETURN(ReadPool::Lease lease, reads_->Acquire());
    return QueryUserById(lease.db(), id);
  }

  void CreateToken(std::string token_hash, int64_t user_id,
                   int64_t expire_time_ms, DoneStatus done) override {
    writes_->Submit(
        {[token_hash = std::move(token_hash), user_id, expire_time_ms](Db& db) {
           return InsertToken(db, token_hash, user_id, expire_time_ms);
         },
         std::move(done)});
  }

  void DeleteToken(std::string token_hash, DoneStatus done) override {
    writes_->Submit(
        {[token_hash](Db& db) { return DeleteTokenRow(db, token_hash); },
         [this, token_hash, done = std::move(done)](absl::Status status) {
           tokens_.Erase(token_hash);
           done(std::move(status));
         }});
  }

  void DeleteUserTokens(int64_t user_id, std::string keep_token_hash,
                        Done<int64_t> done) override {
    auto deleted = std::make_shared<std::vector<std::string>>();
    writes_->Submit(
        {[user_id, keep_token_hash = std::move(keep_token_hash),
          deleted](Db& db) -> absl::Status {
           STORE_ASSIGN_OR_RETURN(
               *deleted, DeleteUserTokenRows(db, user_id, keep_token_hash));
           return absl::OkStatus();
         },
         [this, deleted, done = std::move(done)](absl::Status status) {
           if (!status.ok()) return done(std::move(status));
           for (const std::string& hash : *deleted) tokens_.Erase(hash);
           done(static_cast<int64_t>(deleted->size()));
         }});
  }

  absl::StatusOr<UserRecord> GetUserByToken(const std::string& token_hash,
                                            int64_t now_ms) override {
    STORE_ASSIGN_OR_RETURN(TokenOwner owner, GetTokenOwner(token_hash, now_ms));
    return std::move(owner.user);
  }

  absl::StatusOr<TokenOwner> GetTokenOwner(const std::string& token_hash,
                                           int64_t now_ms) override {
    std::optional<TokenOwner> hit;
    tokens_.Read(token_hash, [&](const CachedToken& token) {
      if (token.expire_time_ms > now_ms &&
          now_ms - token.read_time_ms < kTokenRecheckMs) {
        hit = token.owner;
      }
    });
    if (hit.has_value()) return *std::move(hit);
    const uint64_t ticket = tokens_.Ticket(token_hash);
    STORE_ASSIGN_OR_RETURN(ReadPool::Lease lease, reads_->Acquire());
    CachedToken token;
    STORE_ASSIGN_OR_RETURN(
        token.owner,
        QueryTokenOwner(lease.db(), token_hash, now_ms, &token.expire_time_ms));
    token.read_time_ms = now_ms;
    TokenOwner owner = token.owner;
    tokens_.Fill(token_hash, ticket, std::move(token));
    // A cached token is read again at most once a minute, so its use is
    // written about that often (ListSessions shows it); the write itself
    // changes nothing when the last one is recent.
    writes_->Submit({[token_hash, now_ms](Db& db) {
                       return TouchTokenRow(db, token_hash, now_ms);
                     },
                     [](absl::Status) {}});
    return owner;
  }

  void CreateApiKey(ApiKeyRecord key, Done<int64_t> done) override {
    Enqueue<int64_t>(
        [key = std::move(key)](Db& db) { return InsertApiKey(db, key); },
        std::move(done));
  }

  absl::StatusOr<ApiKeyRecord> GetApiKeyByHash(
      const std::string& key_hash) override {
    const int64_t now_ms = NowMs();
    std::optional<ApiKeyRecord> hit;
    api_keys_.Read(key_hash, [&](const CachedApiKey& cached) {
      if (now_ms - cached.read_time_ms < kTokenRecheckMs) hit = cached.key;
    });
    if (hit.has_value()) return *std::move(hit);
    const uint64_t ticket = api_keys_.Ticket(key_hash);
    STORE_ASSIGN_OR_RETURN(ReadPool::Lease lease, reads_->Acquire());
    CachedApiKey cached;
    STORE_ASSIGN_OR_RETURN(cached.key, QueryApiKeyByHash(lease.db(), key_hash));
    cached.read_time_ms = now_ms;
    ApiKeyRecord key = cached.key;
    api_keys_.Fill(key_hash, ticket, std::move(cached));
    return key;
  }

  absl::StatusOr<ApiKeyRecord> GetApiKeyByPrefix(
      const std::string& prefix) override {
    STORE_ASSIGN_OR_RETURN(ReadPool::Lease lease, reads_->Acquire());
    return QueryApiKeyByPrefix(lease.db(), prefix);
  }

  absl::StatusOr<std::vector<ApiKeyRecord>> ListApiKeys(int64_t user_id,
                                                        int64_t before_id,
                                                        int limit) override {
    STORE_ASSIGN_OR_RETURN(ReadPool::Lease lease, reads_->Acquire());
    return QueryApiKeys(lease.db(), user_id, before_id, limit);
  }

  absl::StatusOr<int64_t> CountActiveApiKeys(int64_t user_id,
                                             int64_t now_ms) override {
    STORE_ASSIGN_OR_RETURN(ReadPool::Lease lease, reads_->Acquire());
    return QueryActiveApiKeyCount(lease.db(), user_id, now_ms);
  }

  void RevokeApiKey(int64_t key_id, int64_t now_ms,
                    Done<ApiKeyRecord> done) override {
    Enqueue<RevokedCredentials>(
        [key_id, now_ms](Db& db) { return RevokeKeyRow(db, key_id, now_ms); },
        [this,
         done = std::move(done)](absl::StatusOr<RevokedCredentials> revoked) {
          if (!revoked.ok()) {
            done(revoked.status());
            return;
          }
          ForgetRevoked(*revoked);
          done(std::move(revoked->key));
        });
  }

  void NoteApiKeyUse(const ApiKeyRecord& key, int64_t now_ms) override {
    {
      absl::MutexLock lock(&key_use_mu_);
      auto [it, inserted] =
          key_use_written_.try_emplace(key.id, key.last_use_time_ms);
      if (now_ms - it->second < kApiKeyUseWriteMs) return;
      it->second = now_ms;
    }
    writes_->Submit({[id = key.id, now_ms](Db& db) {
                       return UpdateApiKeyUse(db, id, now_ms);
                     },
                     [](absl::Status) {}});
  }

  void DeleteServiceAccount(int64_t user_id, int64_t now_ms,
                            Done<int64_t> done) override {
    Enqueue<RevokedCredentials>(
        [user_id, now_ms](Db& db) {
          return DeleteServiceAccountRows(db, user_id, now_ms);
        },
        [this,
         done = std::move(done)](absl::StatusOr<RevokedCredentials> revoked) {
          if (!revoked.ok()) {
            done(revoked.status());
            return;
          }
          ForgetRevoked(*revoked);
          done(revoked->active_keys);
        });
  }

  absl::StatusOr<UserRecord> GetUserByExternalId(
      const std::string& external_id) override {
    STORE_ASSIGN_OR_RETURN(ReadPool::Lease lease, reads_->Acquire());
    STORE_ASSIGN_OR_RETURN(std::optional<UserRecord> user,
                           QueryUserByExternalId(lease.db(), external_id));
    if (!user.has_value() || user->delete_time_ms != 0) {
      return absl::NotFoundError("no user with that external_id");
    }
    return *std::move(user);
  }

  void CreateLearnerToken(std::string token_hash, int64_t user_id,
                          int64_t expire_time_ms, int64_t api_key_id,
                          DoneStatus done) override {
    writes_->Submit({[token_hash = std::move(token_hash), user_id,
                      expire_time_ms, api_key_id](Db& db) {
                       return InsertLearnerToken(db, token_hash, user_id,
                                                 expire_time_ms, api_key_id);
                     },
                     std::move(done)});
  }

  absl::StatusOr<std::vector<UserRecord>> ListUserAccounts(
      const UserFilter& filter, const std::string& after_username,
      int limit) override {
    STORE_ASSIGN_OR_RETURN(ReadPool::Lease lease, reads_->Acquire());
    return QueryUserAccounts(lease.db(), filter, after_username, limit);
  }

  void UpsertUsers(std::vector<UpsertRow> rows, UpsertKey key, bool dry_run,
                   bool skip_failed, Done<UpsertResult> done) override {
    // Results are delivered also when the writes are rolled back (a dry run,
    // or a failed row without skip_failed): the savepoint is undone by
    // failing the operation with kRolledBack.
    auto result = std::make_shared<std::optional<UpsertResult>>();
    writes_->Submit(
        {[rows = std::move(rows), key, dry_run, skip_failed,
          result](Db& db) -> absl::Status {
           STORE_ASSIGN_OR_RETURN(
               *result,
               UpsertUserRows(db, rows, key, dry_run, skip_failed, NowMs()));
           return (*result)->committed ? absl::OkStatus() : RolledBack();
         },
         [result, done = std::move(done)](absl::Status status) {
           if (!status.ok() && !(IsRolledBack(status) && result->has_value())) {
             done(std::move(status));
             return;
           }
           done(**std::move(result));
         }});
  }

  void UpdateUserAccount(std::string username, UserRecord values,
                         UserFields fields, Done<UserChange> done) override {
    Enqueue<UserChange>(
        [username = std::move(username), values = std::move(values),
         fields](Db& db) {
          return UpdateUserRow(db, username, values, fields, NowMs());
        },
        std::move(done));
  }

  void SetPasswordHash(std::string username, std::string hash,
                       Done<UserRecord> done) override {
    Enqueue<UserRecord>(
        [username = std::move(username), hash = std::move(hash)](Db& db) {
          return SetPasswordRow(db, username, hash, NowMs());
        },
        std::move(done));
  }

  void DeleteUserAccount(std::string username, std::string actor,
                         Done<DeletedUser> done) override {
    Enqueue<DeletedUser>(
        [username = std::move(username), actor = std::move(actor)](Db& db) {
          return DeleteUserRow(db, username, actor, NowMs());
        },
        std::move(done));
  }

  void CreateSession(SessionRecord session, DoneStatus done) override {
    writes_->Submit({[session = std::move(session)](Db& db) {
                       return InsertSession(db, session);
                     },
                     std::move(done)});
  }

  absl::StatusOr<std::vector<SessionRecord>> ListSessions(
      int64_t user_id, int64_t now_ms) override {
    STORE_ASSIGN_OR_RETURN(ReadPool::Lease lease, reads_->Acquire());
    return QuerySessions(lease.db(), user_id, now_ms);
  }

  void PutBankVersion(quiz::v1::Bank bank, std::string created_by,
                      Done<int64_t> done) override {
    PutBankVersionOwnedBy(std::move(bank), std::move(created_by), 0,
                          std::move(done));
  }

  // PutBankVersion, and with owner_user_id (0: none) PutOwnedBankVersion.
  void PutBankVersionOwnedBy(quiz::v1::Bank bank, std::string created_by,
                             int64_t owner_user_id, Done<int64_t> done) {
    std::string bank_id = bank.id();
    Enqueue<PutBankResult>(
        // Runs once, so it may hand its bank on: a bank of 100,000 items is
        // hundreds of megabytes as objects, not to be copied.
        [bank = std::move(bank), created_by = std::move(created_by),
         owner_user_id](Db& db) mutable -> absl::StatusOr<PutBankResult> {
          if (owner_user_id == 0) {
            return PutBank(db, std::move(bank), created_by, NowMs());
          }
          return PutOwnedBank(db, std::move(bank), created_by, owner_user_id,
                              NowMs());
        },
        [this, bank_id = std::move(bank_id),
         done = std::move(done)](absl::StatusOr<PutBankResult> result) {
          if (!result.ok()) {
            done(result.status());
            return;
          }
          // Committed: from now on readers asking for the latest version
          // must get this one.
          if (result->written.has_value()) {
            bank_cache_.Insert(*std::move(result->written));
          }
          bank_cache_.NoteLatest(bank_id, result->version);
          done(result->version);
        });
  }

  absl::StatusOr<BankVersionRecord> GetBankVersion(const std::string& bank_id,
                                                   int64_t version) override {
    if (version < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("bank version must not be negative, got ", version));
    }
    if (version == 0) {
      version = bank_cache_.Latest(bank_id);
      if (version == 0) {
        STORE_ASSIGN_OR_RETURN(ReadPool::Lease lease, reads_->Acquire());
        STORE_ASSIGN_OR_RETURN(int64_t latest,
                               QueryLatestBankVersion(lease.db(), bank_id));
        if (latest == 0) {
          return absl::NotFoundError(
              absl::StrCat("bank ", bank_id, " not found"));
        }
        bank_cache_.NoteLatest(bank_id, latest);
        version = bank_cache_.Latest(bank_id);
      }
    }
    if (std::optional<BankVersionRecord> cached =
            bank_cache_.Find(bank_id, version)) {
      return *std::move(cached);
    }
    STORE_ASSIGN_OR_RETURN(ReadPool::Lease lease, reads_->Acquire());
    STORE_ASSIGN_OR_RETURN(BankVersionRecord record,
                           QueryBankVersion(lease.db(), bank_id, version));
    return bank_cache_.Insert(std::move(record));
  }

  absl::StatusOr<std::vector<BankVersionRecord>> ListLatestBanks() override {
    STORE_ASSIGN_OR_RETURN(ReadPool::Lease lease, reads_->Acquire());
    STORE_ASSIGN_OR_RETURN(auto latest, QueryLatestBankVersions(lease.db()));
    std::vector<BankVersionRecord> banks;
    banks.reserve(latest.size());
    for (auto& [bank_id, version] : latest) {
      bank_cache_.NoteLatest(bank_id, version);
      if (std::optional<BankVersionRecord> cached =
              bank_cache_.Find(bank_id, version)) {
        banks.push_back(*std::move(cached));
        continue;
      }
      STORE_ASSIGN_OR_RETURN(BankVersionRecord record,
                             QueryBankVersion(lease.db(), bank_id, version));
      banks.push_back(bank_cache_.Insert(std::move(record)));
    }
    return banks;
  }

  void CreateAttempt(AttemptRecord attempt, RequestKey key, std::string reply,
                     DoneStatus done) override {
    Create(std::move(attempt), std::move(key), std::move(reply),
           /*sole_open=*/false, std::move(done));
  }

  void CreateSoleOpenAttempt(AttemptRecord attempt, RequestKey key,
                             std::string reply, DoneStatus done) override {
    Create(std::move(attempt), std::move(key), std::move(reply),
           /*sole_open=*/true, std::move(done));
  }

  void Create(AttemptRecord attempt, RequestKey key, std::string reply,
              bool sole_open, DoneStatus done, int attempts_allowed = 0) {
    auto created = std::make_shared<const AttemptRecord>(std::move(attempt));
    writes_->Submit(
        {[created, key = std::move(key), reply = std::move(reply), sole_open,
          attempts_allowed](Db& db) {
           return InsertAttempt(db, *created, key, reply, NowMs(), sole_open,
                                attempts_allowed);
         },
         [this, created, done = std::move(done)](absl::Status status) {
           if (status.ok()) attempts_.Put(created->id, {*created, {}});
           done(std::move(status));
         }});
  }

  absl::StatusOr<AttemptRecord> GetAttempt(const std::string& id) override {
    std::optional<AttemptRecord> hit;
    if (attempts_.Read(id, [&](const CachedAttempt& a) { hit = a.record; })) {
      return *std::move(hit);
    }
    STORE_ASSIGN_OR_RETURN(CachedAttempt loaded, LoadAttempt(id));
    return std::move(loaded.record);
  }

  absl::StatusOr<std::vector<AttemptRecord>> ListAttempts(
      int64_t user_id, const std::string& after_id, int limit) override {
    STORE_ASSIGN_OR_RETURN(ReadPool::Lease lease, reads_->Acquire());
    return QueryAttempts(lease.db(), user_id, after_id, limit);
  }

  absl::StatusOr<std::vector<ResponseRecord>> ListResponses(
      const std::string& attempt_id) override {
    std::vector<ResponseRecord> hit;
    if (attempts_.Read(attempt_id,
                       [&](const CachedAttempt& a) { hit = a.responses; })) {
      return hit;
    }
    STORE_ASSIGN_OR_RETURN(CachedAttempt loaded, LoadAttempt(attempt_id));
    return std::move(loaded.responses);
  }

  absl::StatusOr<Tally> TallyResponses(const std::string& attempt_id,
                                       const std::string& item_id) override {
    Tally tally;
    auto count = [&](const CachedAttempt& attempt) {
      for (const ResponseRecord& row : attempt.responses) {
        if (row.item_id == item_id) {
          tally.flagged = row.flagged;
        } else if (row.has_response) {
          ++tally.answered_others;
        }
      }
    };
    if (!attempts_.Read(attempt_id, count)) {
      STORE_ASSIGN_OR_RETURN(CachedAttempt loaded, LoadAttempt(attempt_id));
      count(loaded);
    }
    return tally;
  }

  void SaveResponse(ResponseRecord record, bool only_if_unanswered,
                    int64_t now_ms, RequestKey key, std::string reply,
                    DoneStatus done) override {
    if (record.update_time_ms == 0) record.update_time_ms = now_ms;
    auto saved = std::make_shared<const ResponseRecord>(std::move(record));
    writes_->Submit(
        {[saved, only_if_unanswered, now_ms, key = std::move(key),
          reply = std::move(reply)](Db& db) {
           return SaveResponseRow(db, *saved, only_if_unanswered, now_ms, key,
                                  reply);
         },
         [this, saved, done = std::move(done)](absl::Status status) {
           if (status.ok()) {
             // As SaveResponseRow does: a response, and the row's flag kept.
             attempts_.Update(saved->attempt_id, [&](CachedAttempt& a) {
               ResponseRecord* row = a.Find(saved->item_id);
               const bool flagged = row != nullptr && row->flagged;
               if (row == nullptr) row = &a.responses.emplace_back();
               *row = *saved;
               row->has_response = true;
               row->flagged = flagged;
             });
           }
           done(std::move(status));
         }});
  }

  void SetFlag(std::string attempt_id, std::string item_id, bool flagged,
               DoneStatus done) override {
    const int64_t now_ms = NowMs();
    writes_->Submit({[attempt_id, item_id, flagged, now_ms](Db& db) {
                       return SaveFlag(db, attempt_id, item_id, flagged,
                                       now_ms);
                     },
                     [this, attempt_id, item_id, flagged, now_ms,
                      done = std::move(done)](absl::Status status) {
                       if (status.ok()) {
                         attempts_.Update(attempt_id, [&](CachedAttempt& a) {
                           ResponseRecord* row = a.Find(item_id);
                           if (row == nullptr) {
                             row = &a.responses.emplace_back();
                             row->attempt_id = attempt_id;
                             row->item_id = item_id;
                           }
                           row->flagged = flagged;
                           row->update_time_ms = now_ms;
                         });
                       }
                       done(std::move(status));
                     }});
  }

  void FinishAttempt(std::string attempt_id, int64_t finish_time_ms,
                     bool timed_out, ResultFn result_fn,
                     Done<AttemptRecord> done) override {
    Enqueue<AttemptRecord>(
        [attempt_id, finish_time_ms, timed_out,
         result_fn = std::move(result_fn)](Db& db) {
          return FinishAttemptRow(db, attempt_id, finish_time_ms, timed_out,
                                  result_fn, NowMs());
        },
        [this, attempt_id,
         done = std::move(done)](absl::StatusOr<AttemptRecord> finished) {
          if (finished.ok()) {
            attempts_.Update(attempt_id,
                             [&](CachedAttempt& a) { a.record = *finished; });
          }
          done(std::move(finished));
        });
  }

  absl::StatusOr<std::vector<UserRecord>> ListUsers(
      quiz::v1::Role role, const std::string& after_username,
      int limit) override {
    STORE_ASSIGN_OR_RETURN(ReadPool::Lease lease, reads_->Acquire());
    return QueryUsers(lease.db(), role, after_username, limit);
  }

  absl::StatusOr<std::vector<GradedRecord>> ListGradedResponses(
      int64_t user_id) override {
    STORE_ASSIGN_OR_RETURN(ReadPool::Lease lease, reads_->Acquire());
    return QueryGradedResponses(lease.db(), user_id);
  }

  void SaveReviewResponse(ReviewRecord record, RequestKey key,
                          std::string reply, DoneStatus done) override {
    writes_->Submit({[record = std::move(record), key = std::move(key),
                      reply = std::move(reply)](Db& db) {
                       return InsertReviewResponse(db, record, key, reply,
                                                   NowMs());
                     },
                     std::move(done)});
  }

  void RegradeAttempt(RegradeRecord record, DoneStatus done) override {
    std::string attempt_id = record.attempt_id;
    writes_->Submit({[record = std::move(record)](Db& db) {
                       return ApplyRegrade(db, record);
                     },
                     [this, attempt_id = std::move(attempt_id),
                      done = std::move(done)](absl::Status status) {
                       attempts_.Erase(attempt_id);
                       done(std::move(status));
                     }});
  }
  absl::StatusOr<std::vector<RegradeRecord>> ListRegrades(
      const std::string& attempt_id) override {
    STORE_ASSIGN_OR_RETURN(ReadPool::Lease lease, reads_->Acquire());
    return QueryRegrades(lease.db(), attempt_id);
  }

  absl::StatusOr<std::vector<BankVersionRecord>> ListBankVersions(
      const std::string& bank_id, int64_t before_version, int limit) override {
    std::vector<int64_t> numbers;
    {
      STORE_ASSIGN_OR_RETURN(ReadPool::Lease lease, reads_->Acquire());
      STORE_ASSIGN_OR_RETURN(
          numbers,
          QueryBankVersionNumbers(lease.db(), bank_id, before_version, limit));
    }
    std::vector<BankVersionRecord> versions;
    for (int64_t number : numbers) {
      STORE_ASSIGN_OR_RETURN(BankVersionRecord record,
                             GetBankVersion(bank_id, number));
      versions.push_back(std::move(record));
    }
    return versions;
  }

  absl::StatusOr<int64_t> LatestBankVersionBy(
      const std::string& bank_id, const std::string& created_by) override {
    STORE_ASSIGN_OR_RETURN(ReadPool::Lease lease, reads_->Acquire());
    return QueryLatestBankVersion(lease.db(), bank_id, created_by);
  }

  void PutBankSource(BankSourceRecord source, DoneStatus done) override {
    writes_->Submit({[source = std::move(source)](Db& db) {
                       return PutBankSourceRow(db, source);
                     },
                     std::move(done)});
  }

  absl::StatusOr<std::optional<BankSourceRecord>> FindBankSource(
      const std::string& digest) override {
    STORE_ASSIGN_OR_RETURN(ReadPool::Lease lease, reads_->Acquire());
    return QueryBankSource(lease.db(), digest);
  }

  absl::StatusOr<std::vector<AttemptRecord>> ListFinishedAttempts(
      const std::string& quiz_id) override {
    STORE_ASSIGN_OR_RETURN(ReadPool::Lease lease, reads_->Acquire());
    return QueryFinishedAttempts(lease.db(), quiz_id);
  }

  absl::StatusOr<std::vector<AttemptRecord>> ListAttemptsInProgress(
      int64_t user_id) override {
    STORE_ASSIGN_OR_RETURN(ReadPool::Lease lease, reads_->Acquire());
    return QueryAttemptsInProgress(lease.db(), user_id);
  }

  absl::StatusOr<std::vector<AttemptRecord>> ListOverdueAttempts(
      int64_t now_ms, int limit) override {
    STORE_ASSIGN_OR_RETURN(ReadPool::Lease lease, reads_->Acquire());
    return QueryOverdueAttempts(lease.db(), now_ms, limit);
  }

  // --- assignments (assignment_rows.h) ---
  absl::StatusOr<CourseSeat> GetCourseSeat(const std::string& course_id,
                                           int64_t user_id) override {
    STORE_ASSIGN_OR_RETURN(ReadPool::Lease lease, reads_->Acquire());
    return QueryCourseSeat(lease.db(), course_id, user_id);
  }

  void CreateAssignment(AssignmentRecord record, EventNote note, RequestKey key,
                        std::string reply,
                        Done<AssignmentRecord> done) override {
    Enqueue<AssignmentRecord>(
        [record = std::move(record), note = std::move(note),
         key = std::move(key), reply = std::move(reply)](Db& db) {
          return InsertAssignment(db, record, note, key, reply, NowMs());
        },
        std::move(done));
  }

  absl::StatusOr<AssignmentRecord> GetAssignment(
      const std::string& id) override {
    STORE_ASSIGN_OR_RETURN(ReadPool::Lease lease, reads_->Acquire());
    return QueryAssignment(lease.db(), id);
  }

  absl::StatusOr<std::vector<AssignmentRecord>> ListAssignments(
      const std::string& course_id, const std::string& after_id, int limit,
      bool published_only) override {
    STORE_ASSIGN_OR_RETURN(ReadPool::Lease lease, reads_->Acquire());
    return QueryAssignments(lease.db(), course_id, after_id, limit,
                            published_only);
  }

  void UpdateAssignment(std::string id, AssignmentChange change, EventNote note,
                        Done<AssignmentRecord> done) override {
    Enqueue<AssignmentRecord>(
        [id = std::move(id), change = std::move(change),
         note = std::move(note)](Db& db) {
          return UpdateAssignmentRow(db, id, change, note, NowMs());
        },
        std::move(done));
  }

  void DeleteAssignment(std::string id, EventNote note,
                        Done<int64_t> done) override {
    Enqueue<int64_t>(
        [id = std::move(id), note = std::move(note)](Db& db) {
          return DeleteAssignmentRow(db, id, note, NowMs());
        },
        std::move(done));
  }

  void SetOverride(OverrideRecord record, EventNote note,
                   Done<OverrideRecord> done) override {
    Enqueue<OverrideRecord>(
        [record = std::move(record), note = std::move(note)](Db& db) {
          return PutOverrideRow(db, record, note, NowMs());
        },
        std::move(done));
  }

  absl::StatusOr<std::optional<quiz::v1::AssignmentOverride>> GetOverride(
      const std::string& assignment_id, int64_t user_id) override {
    STORE_ASSIGN_OR_RETURN(ReadPool::Lease lease, reads_->Acquire());
    return QueryOverride(lease.db(), assignment_id, user_id);
  }

  absl::StatusOr<std::vector<OverrideRecord>> ListOverrides(
      const std::string& assignment_id) override {
    STORE_ASSIGN_OR_RETURN(ReadPool::Lease lease, reads_->Acquire());
    return QueryOverrides(lease.db(), assignment_id);
  }

  void DeleteOverride(std::string assignment_id, int64_t user_id,
                      EventNote note, DoneStatus done) override {
    writes_->Submit({[assignment_id = std::move(assignment_id), user_id,
                      note = std::move(note)](Db& db) {
                       return DeleteOverrideRow(db, assignment_id, user_id,
                                                note, NowMs());
                     },
                     std::move(done)});
  }

  absl::StatusOr<int> CountAssignmentAttempts(const std::string& assignment_id,
                                              int64_t user_id) override {
    STORE_ASSIGN_OR_RETURN(ReadPool::Lease lease, reads_->Acquire());
    return store::CountAssignmentAttempts(lease.db(), assignment_id, user_id);
  }

  void CreateAssignedAttempt(AttemptRecord attempt, int attempts_allowed,
                             bool sole_open, RequestKey key, std::string reply,
                             DoneStatus done) override {
    Create(std::move(attempt), std::move(key), std::move(reply), sole_open,
           std::move(done), attempts_allowed);
  }

  void ReopenAttempt(std::string attempt_id, int64_t deadline_ms,
                     EventNote note, Done<AttemptRecord> done) override {
    Enqueue<AttemptRecord>(
        [attempt_id, deadline_ms, note = std::move(note)](Db& db) {
          return ReopenAttemptRow(db, attempt_id, deadline_ms, note, NowMs());
        },
        [this, attempt_id,
         done = std::move(done)](absl::StatusOr<AttemptRecord> reopened) {
          if (reopened.ok()) {
            attempts_.Update(attempt_id,
                             [&](CachedAttempt& a) { a.record = *reopened; });
          }
          done(std::move(reopened));
        });
  }

  absl::StatusOr<std::optional<StoredReply>> FindReply(
      const RequestKey& key) override {
    STORE_ASSIGN_OR_RETURN(ReadPool::Lease lease, reads_->Acquire());
    return QueryReply(lease.db(), key);
  }

  void RecordRequest(RequestKey key, DoneStatus done) override {
    writes_->Submit({[key = std::move(key)](Db& db) {
                       return InsertRequestKey(db, key, NowMs());
                     },
                     std::move(done)});
  }

  // --- gradebook ---
  absl::StatusOr<GradebookCourse> FindGradebookCourse(
      const std::string& course_id, const std::string& assignment_id,
      int64_t viewer_user_id) override {
    STORE_ASSIGN_OR_RETURN(ReadPool::Lease lease, reads_->Acquire());
    return QueryGradebookCourse(lease.db(), course_id, assignment_id,
                                viewer_user_id);
  }

  absl::StatusOr<GradebookRows> ReadGradebook(
      const GradebookQuery& query) override {
    STORE_ASSIGN_OR_RETURN(ReadPool::Lease lease, reads_->Acquire());
    // One snapshot for the five statements; a connection must not go back
    // to the pool inside a transaction.
    STORE_RETURN_IF_ERROR(lease->Run("BEGIN"));
    absl::StatusOr<GradebookRows> rows = QueryGradebook(lease.db(), query);
    absl::Status ended = lease->Run("COMMIT");
    if (!ended.ok() && lease->InTransaction()) {
      lease->Run("ROLLBACK").IgnoreError();
    }
    STORE_RETURN_IF_ERROR(ended);
    return rows;
  }

  void AppendAuditEvent(AuditEventRecord event, DoneStatus done) override {
    writes_->Submit({[event = std::move(event)](Db& db) {
                       return InsertAuditEvent(db, event);
                     },
                     std::move(done)});
  }

  absl::StatusOr<std::vector<AuditEventRecord>> ListAuditEvents(
      const AuditFilter& filter, int64_t before_id, int limit) override {
    STORE_ASSIGN_OR_RETURN(ReadPool::Lease lease, reads_->Acquire());
    return QueryAuditEvents(lease.db(), filter, before_id, limit);
  }

  // --- courses ---
  void CreateCourse(CourseRecord course, int64_t instructor_user_id,
                    std::string actor, Done<CourseRecord> done) override {
    Enqueue<CourseRecord>(
        [course = std::move(course), instructor_user_id,
         actor = std::move(actor)](Db& db) {
          return InsertCourseRows(db, course, instructor_user_id, actor,
                                  NowMs());
        },
        std::move(done));
  }

  absl::StatusOr<CourseRecord> GetCourse(const std::string& id) override {
    STORE_ASSIGN_OR_RETURN(ReadPool::Lease lease, reads_->Acquire());
    return QueryCourse(lease.db(), id);
  }

  absl::StatusOr<std::vector<CourseRecord>> ListCourses(
      const CourseFilter& filter, const std::string& after_id,
      int limit) override {
    STORE_ASSIGN_OR_RETURN(ReadPool::Lease lease, reads_->Acquire());
    return QueryCourses(lease.db(), filter, after_id, limit);
  }

  void UpdateCourse(std::string id, CourseUpdate update,
                    int64_t instructor_user_id, std::string actor,
                    Done<CourseRecord> done) override {
    Enqueue<CourseRecord>(
        [id = std::move(id), update = std::move(update), instructor_user_id,
         actor = std::move(actor)](Db& db) {
          return UpdateCourseRow(db, id, update, instructor_user_id, actor,
                                 NowMs());
        },
        std::move(done));
  }

  void UpdateMembers(std::string course_id, std::vector<MemberChange> rows,
                     bool dry_run, bool skip_failed, int64_t instructor_user_id,
                     std::string actor, Done<MemberBatchResult> done) override {
    // As UpsertUsers: the results reach `done` also when the savepoint is
    // rolled back on purpose (a dry run, or a failed row without
    // skip_failed).
    auto result = std::make_shared<std::optional<MemberBatchResult>>();
    writes_->Submit(
        {[course_id = std::move(course_id), rows = std::move(rows), dry_run,
          skip_failed, instructor_user_id, actor = std::move(actor),
          result](Db& db) -> absl::Status {
           STORE_ASSIGN_OR_RETURN(
               *result,
               UpdateMemberRows(db, course_id, rows, dry_run, skip_failed,
                                instructor_user_id, actor, NowMs()));
           return (*result)->committed ? absl::OkStatus() : RolledBack();
         },
         [result, done = std::move(done)](absl::Status status) {
           if (!status.ok() && !(IsRolledBack(status) && result->has_value())) {
             done(std::move(status));
             return;
           }
           done(**std::move(result));
         }});
  }

  absl::StatusOr<std::vector<MemberRecord>> ListMembers(
      const std::string& course_id, const MemberFilter& filter,
      const std::string& after_username, int limit) override {
    STORE_ASSIGN_OR_RETURN(ReadPool::Lease lease, reads_->Acquire());
    return QueryMembers(lease.db(), course_id, filter, after_username, limit);
  }

  absl::StatusOr<std::optional<MemberRecord>> GetMember(
      const std::string& course_id, int64_t user_id) override {
    STORE_ASSIGN_OR_RETURN(ReadPool::Lease lease, reads_->Acquire());
    return QueryMember(lease.db(), course_id, user_id);
  }

  absl::StatusOr<quiz::v1::CourseRole> CourseRoleOf(
      const std::string& course_id, int64_t user_id) override {
    STORE_ASSIGN_OR_RETURN(ReadPool::Lease lease, reads_->Acquire());
    return QueryCourseRoleOf(lease.db(), course_id, user_id);
  }

  // --- scoping ---
  absl::StatusOr<bool> ActiveLearnerSharesCourseWith(
      int64_t staff_user_id, int64_t learner_user_id) override {
    STORE_ASSIGN_OR_RETURN(ReadPool::Lease lease, reads_->Acquire());
    return QueryLearnerSharesCourse(lease.db(), staff_user_id, learner_user_id);
  }

  absl::StatusOr<std::vector<UserRecord>> ListLearnersOf(
      int64_t staff_user_id, const std::string& after_username,
      int limit) override {
    STORE_ASSIGN_OR_RETURN(ReadPool::Lease lease, reads_->Acquire());
    return QueryLearnersOf(lease.db(), staff_user_id, after_username, limit);
  }

  absl::StatusOr<std::vector<BankOwnerRecord>> ListBankOwners(
      const std::string& bank_id) override {
    STORE_ASSIGN_OR_RETURN(ReadPool::Lease lease, reads_->Acquire());
    return QueryBankOwners(lease.db(), bank_id);
  }

  absl::Status CheckBankOwner(const std::string& bank_id,
                              int64_t user_id) override {
    STORE_ASSIGN_OR_RETURN(ReadPool::Lease lease, reads_->Acquire());
    return CheckBankOwnerRows(lease.db(), bank_id, user_id);
  }

  void PutOwnedBankVersion(quiz::v1::Bank bank, std::string created_by,
                           int64_t owner_user_id, Done<int64_t> done) override {
    if (owner_user_id == 0) {
      done(absl::InvalidArgumentError("a bank owner needs a user id"));
      return;
    }
    PutBankVersionOwnedBy(std::move(bank), std::move(created_by), owner_user_id,
                          std::move(done));
  }

  void AddBankOwner(const std::string& bank_id, int64_t user_id,
                    DoneStatus done) override {
    writes_->Submit({[bank_id, user_id](Db& db) {
                       return InsertBankOwner(db, bank_id, user_id, NowMs());
                     },
                     std::move(done)});
  }

  void RemoveBankOwner(const std::string& bank_id, int64_t user_id,
                       bool keep_last, DoneStatus done) override {
    writes_->Submit({[bank_id, user_id, keep_last](Db& db) {
                       return DeleteBankOwner(db, bank_id, user_id, keep_last);
                     },
                     std::move(done)});
  }

  void PurgeExpired(int64_t now_ms, Done<PurgeCounts> done) override {
    PurgeFrom(now_ms, PurgeCounts{}, std::move(done));
  }

  const std::string& PageTokenKey() const override { return page_token_key_; }

 private:
  // After each committed group's dones, on the completion thread: tells the
  // event listener when the group appended events. By then the caches
  // hold what the group wrote, so a listener reading them sees it.
  void NoteEvents() {
    absl::StatusOr<int64_t> latest = LatestEventCursor();
    if (!latest.ok() || *latest <= noted_event_cursor_) return;
    noted_event_cursor_ = *latest;
    absl::MutexLock lock(&event_listener_mu_);
    if (event_listener_) event_listener_(*latest);
  }

  // Queues `apply`, whose value reaches `done` once its group has committed.
  template <typename T>
  void Enqueue(std::function<absl::StatusOr<T>(Db&)> apply, Done<T> done) {
    auto value = std::make_shared<std::optional<T>>();
    writes_->Submit({[apply = std::move(apply), value](Db& db) -> absl::Status {
                       absl::StatusOr<T> result = apply(db);
                       if (!result.ok()) return result.status();
                       *value = *std::move(result);
                       return absl::OkStatus();
                     },
                     [value, done = std::move(done)](absl::Status status) {
                       if (!status.ok()) {
                         done(std::move(status));
                         return;
                       }
                       done(std::move(**value));
                     }});
  }

  // Drops revoked keys and their learner tokens from the caches, once their
  // revoke has committed: the next call with any of them reads the
  // database and is refused.
  void ForgetRevoked(const RevokedCredentials& revoked) {
    for (const std::string& hash : revoked.key_hashes) api_keys_.Erase(hash);
    for (const std::string& hash : revoked.token_hashes) tokens_.Erase(hash);
  }

  // An attempt and its responses read in one snapshot, and cached.
  absl::StatusOr<CachedAttempt> LoadAttempt(const std::string& id) {
    const uint64_t ticket = attempts_.Ticket(id);
    STORE_ASSIGN_OR_RETURN(ReadPool::Lease lease, reads_->Acquire());
    STORE_RETURN_IF_ERROR(lease->Run("BEGIN"));
    CachedAttempt loaded;
    absl::StatusOr<AttemptRecord> record = QueryAttempt(lease.db(), id);
    absl::StatusOr<std::vector<ResponseRecord>> responses =
        record.ok()
            ? QueryResponses(lease.db(), id)
            : absl::StatusOr<std::vector<ResponseRecord>>(record.status());
    // A connection must not go back to the pool inside a transaction: it
    // would keep reading this snapshot.
    absl::Status ended = lease->Run("COMMIT");
    if (!ended.ok() && lease->InTransaction()) {
      lease->Run("ROLLBACK").IgnoreError();
    }
    STORE_RETURN_IF_ERROR(ended);
    if (!responses.ok()) return responses.status();
    loaded.record = *std::move(record);
    loaded.responses = *std::move(responses);
    attempts_.Fill(id, ticket, loaded);
    return loaded;
  }

  // One batch of PurgeExpired; queues the next from its done while batches
  // come back full, so other writes interleave with a long purge.
  void PurgeFrom(int64_t now_ms, PurgeCounts so_far, Done<PurgeCounts> done) {
    auto batch = std::make_shared<PurgeCounts>();
    writes_->Submit({[now_ms, batch](Db& db) -> absl::Status {
                       STORE_ASSIGN_OR_RETURN(
                           *batch, PurgeBatch(db, now_ms, kPurgeBatchRows));
                       return absl::OkStatus();
                     },
                     [this, now_ms, batch, so_far,
                      done = std::move(done)](absl::Status status) mutable {
                       if (!status.ok()) {
                         done(std::move(status));
                         return;
                       }
                       so_far.replies += batch->replies;
                       so_far.tokens += batch->tokens;
                       if (batch->replies < kPurgeBatchRows &&
                           batch->tokens < kPurgeBatchRows) {
                         done(so_far);
                         return;
                       }
                       PurgeFrom(now_ms, so_far, std::move(done));
                     }});
  }

  // The purger thread: a purge at start and every `interval_ms`, one at a
  // time, until the store closes.
  void PurgePeriodically(int64_t interval_ms) {
    absl::MutexLock lock(&purger_mu_);
    while (!stopping_) {
      if (!purging_.exchange(true)) {
        PurgeExpired(NowMs(), [this](absl::StatusOr<PurgeCounts> counts) {
          if (!counts.ok() && !absl::IsUnavailable(counts.status())) {
            std::fprintf(stderr, "quizd: purge failed: %s\n",
                         counts.status().ToString().c_str());
          } else if (counts->replies > 0 || counts->tokens > 0) {
            std::fprintf(stderr,
                         "quizd: purged %lld stored replies older than %lld "
                         "days and %lld expired tokens\n",
                         static_cast<long long>(counts->replies),
                         static_cast<long long>(kReplyRetentionMs / 86400000),
                         static_cast<long long>(counts->tokens));
          }
          purging_ = false;
        });
      }
      purger_mu_.AwaitWithTimeout(absl::Condition(&stopping_),
                                  absl::Milliseconds(interval_ms));
    }
  }

  std::unique_ptr<ReadPool> reads_;
  std::unique_ptr<Checkpointer> checkpointer_;
  const std::string page_token_key_;
  absl::Mutex purger_mu_;
  bool stopping_ ABSL_GUARDED_BY(purger_mu_) = false;
  std::atomic<bool> purging_{false};
  std::thread purger_;
  BankCache bank_cache_;
  RowCache<CachedToken> tokens_{kCachedTokens};
  RowCache<CachedApiKey> api_keys_{kCachedApiKeys};
  absl::Mutex key_use_mu_;
  // Per key id, the last use time written (or read) most recently.
  absl::flat_hash_map<int64_t, int64_t> key_use_written_
      ABSL_GUARDED_BY(key_use_mu_);
  RowCache<CachedAttempt> attempts_{kCachedAttempts};
  // The last event cursor the writer saw committed, and who is told of a
  // new one (SetEventListener). Completion thread, but for the listener's
  // set.
  int64_t noted_event_cursor_;
  absl::Mutex event_listener_mu_;
  std::function<void(int64_t)> event_listener_
      ABSL_GUARDED_BY(event_listener_mu_);
  std::unique_ptr<WriteQueue> writes_;  // last: its thread uses the above
};

absl::Status ConfigureWriteConnection(Db& db, const SqliteOptions& options) {
  // Wait for other processes' locks (e.g. a backup) rather than fail at once.
  STORE_RETURN_IF_ERROR(db.Exec("PRAGMA busy_timeout=5000"));
  STORE_ASSIGN_OR_RETURN(std::string mode,
                         db.QueryText("PRAGMA journal_mode=WAL"));
  if (mode != "wal") {
    return absl::FailedPreconditionError(absl::StrCat(
        options.path, " cannot use WAL mode (journal_mode is ", mode, ")"));
  }
  STORE_RETURN_IF_ERROR(db.Exec(options.synchronous_full
                                    ? "PRAGMA synchronous=FULL"
                                    : "PRAGMA synchronous=NORMAL"));
  return db.Exec("PRAGMA foreign_keys=ON");
}

// Creates the database file readable by its owner only when absent, and
// takes away other users' access to an existing one and to its WAL and
// shared-memory files. SQLite creates the WAL and shared-memory files with
// the database file's mode, so they are 0600 too.
absl::Status SecureDatabaseFiles(const std::string& path) {
  const int fd = open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC,
                      S_IRUSR | S_IWUSR);
  if (fd >= 0) {
    close(fd);
  } else if (errno != EEXIST) {
    const int error = errno;
    return absl::Status(
        absl::ErrnoToStatusCode(error),
        absl::StrCat("cannot create ", path, ": ", std::strerror(error)));
  }
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    const std::string file = path + suffix;
    struct stat st;
    if (stat(file.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
    const mode_t mode = st.st_mode & 07777;
    if ((mode & (S_IRWXG | S_IRWXO)) == 0) continue;
    const mode_t tightened = mode & ~(S_IRWXG | S_IRWXO);
    if (chmod(file.c_str(), tightened) != 0) {
      const int error = errno;
      return absl::Status(
          absl::ErrnoToStatusCode(error),
          absl::StrCat(file, " is open to other users (mode ",
                       absl::StrFormat("%04o", mode),
                       ") and cannot be changed: ", std::strerror(error)));
    }
    std::fprintf(stderr,
                 "quizd: %s was open to other users (mode %04o); now %04o\n",
                 file.c_str(), static_cast<unsigned>(mode),
                 static_cast<unsigned>(tightened));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<Store>> OpenSqliteStore(
    const SqliteOptions& options) {
  if (options.path.empty()) {
    return absl::InvalidArgumentError("SQLite store path is empty");
  }
  STORE_RETURN_IF_ERROR(SecureDatabaseFiles(options.path));
  STORE_ASSIGN_OR_RETURN(
      std::unique_ptr<Db> db,
      Db::Open(options.path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE));
  STORE_RETURN_IF_ERROR(ConfigureWriteConnection(*db, options));
  STORE_RETURN_IF_ERROR(ApplyMigrations(*db, SchemaMigrations()).status());
  STORE_ASSIGN_OR_RETURN(std::string page_token_key,
                         QuerySecret(*db, "page_token_key"));
  STORE_ASSIGN_OR_RETURN(std::unique_ptr<Checkpointer> checkpointer,
                         Checkpointer::Start(options.path));
  db->OnWalCommit([checkpointer = checkpointer.get()](int wal_pages) {
    return checkpointer->NoteCommit(wal_pages);
  });
  return std::unique_ptr<Store>(
      std::make_unique<SqliteStore>(std::move(db), std::move(checkpointer),
                                    options, std::move(page_token_key)));
}

}  // namespace store
