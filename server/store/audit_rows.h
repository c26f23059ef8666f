// The audit trail's rows (table audit_events, migration 10).
#ifndef QUIZD_SERVER_STORE_AUDIT_ROWS_H_
#define QUIZD_SERVER_STORE_AUDIT_ROWS_H_

#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "server/store/sqlite_db.h"
#include "server/store/store.h"

namespace store {

// Inserts `event` (its id is assigned by the table). On the writer thread.
absl::Status InsertAuditEvent(Db& db, const AuditEventRecord& event);

// See Store::ListAuditEvents.
absl::StatusOr<std::vector<AuditEventRecord>> QueryAuditEvents(
    Db& db, const AuditFilter& filter, int64_t before_id, int limit);

}  // namespace store

#endif  // QUIZD_SERVER_STORE_AUDIT_ROWS_H_
