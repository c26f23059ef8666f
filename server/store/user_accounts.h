// The write operations of user accounts (Store's "user accounts" section).
// Each runs on the writer thread inside its own savepoint, as mutations.h's
// do.
#ifndef QUIZD_SERVER_STORE_USER_ACCOUNTS_H_
#define QUIZD_SERVER_STORE_USER_ACCOUNTS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "server/store/sqlite_db.h"
#include "server/store/store.h"

namespace store {

// See Store::UpsertUsers. Returns the results of every row and whether the
// caller should keep the writes: false when `dry_run` or when a row failed
// and not `skip_failed` (the caller then rolls the savepoint back).
absl::StatusOr<UpsertResult> UpsertUserRows(Db& db,
                                            const std::vector<UpsertRow>& rows,
                                            UpsertKey key, bool dry_run,
                                            bool skip_failed, int64_t now_ms);

// See Store::UpdateUserAccount.
absl::StatusOr<UserChange> UpdateUserRow(Db& db, const std::string& username,
                                         const UserRecord& values,
                                         const UserFields& fields,
                                         int64_t now_ms);

// See Store::SetPasswordHash.
absl::StatusOr<UserRecord> SetPasswordRow(Db& db, const std::string& username,
                                          const std::string& hash,
                                          int64_t now_ms);

// See Store::DeleteUserAccount.
absl::StatusOr<Store::DeletedUser> DeleteUserRow(Db& db,
                                                 const std::string& username,
                                                 const std::string& actor,
                                                 int64_t now_ms);

}  // namespace store

#endif  // QUIZD_SERVER_STORE_USER_ACCOUNTS_H_
