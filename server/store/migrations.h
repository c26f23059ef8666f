// The schema of the SQLite store as an ordered list of numbered migrations.
#ifndef QUIZD_SERVER_STORE_MIGRATIONS_H_
#define QUIZD_SERVER_STORE_MIGRATIONS_H_

#include <vector>

#include "absl/status/status.h"
#include "absl/types/span.h"
#include "server/store/sqlite_db.h"

namespace store {

// One schema step. Numbers start at 1 and increase by 1; a released
// migration never changes (add a new one instead).
struct Migration {
  int number;
  const char* sql;
};

// The store's schema, oldest first.
absl::Span<const Migration> SchemaMigrations();

// Applies the migrations of `migrations` not yet recorded in the
// schema_migrations table, in order, each in its own transaction together
// with its schema_migrations row. INVALID_ARGUMENT when the list is not
// numbered 1, 2, 3...; FAILED_PRECONDITION when the file has migrations this
// list does not know (written by a newer quizd). Returns how many were
// applied. Call before any other connection uses the file.
absl::StatusOr<int> ApplyMigrations(Db& db,
                                    absl::Span<const Migration> migrations);

}  // namespace store

#endif  // QUIZD_SERVER_STORE_MIGRATIONS_H_
