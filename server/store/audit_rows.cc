#include "server/store/audit_rows.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "server/store/status_macros.h"

namespace store {

absl::Status InsertAuditEvent(Db& db, const AuditEventRecord& event) {
  STORE_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare("INSERT INTO audit_events(time_ms, actor_user_id, actor,"
                 " actor_role, api_key_id, method, resource, summary, peer,"
                 " user_agent, status_code)"
                 " VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  stmt.BindInt64(1, event.time_ms)
      .BindInt64(2, event.actor_user_id)
      .BindText(3, event.actor)
      .BindInt64(4, event.actor_role)
      .BindInt64(5, event.api_key_id)
      .BindText(6, event.method)
      .BindText(7, event.resource)
      .BindText(8, event.summary)
      .BindText(9, event.peer)
      .BindText(10, event.user_agent)
      .BindInt64(11, event.status_code);
  return stmt.Run();
}

absl::StatusOr<std::vector<AuditEventRecord>> QueryAuditEvents(
    Db& db, const AuditFilter& filter, int64_t before_id, int limit) {
  if (limit <= 0) {
    return absl::InvalidArgumentError("audit event limit must be positive");
  }
  // Only the filters that are set become clauses, so that the planner can
  // use the actor and method indexes; numbered parameters keep the binding
  // the same for every combination.
  std::string where = "id < ?1";
  if (!filter.actor.empty()) absl::StrAppend(&where, " AND actor = ?2");
  if (filter.method.find('.') != std::string::npos) {
    absl::StrAppend(&where, " AND method = ?3");
  } else if (!filter.method.empty()) {
    absl::StrAppend(&where, " AND substr(method, instr(method, '.') + 1) = ?3");
  }
  if (!filter.resource_prefix.empty()) {
    // substr and length count characters alike; LIKE would treat % and _
    // in the caller's prefix as wildcards.
    absl::StrAppend(&where, " AND substr(resource, 1, length(?4)) = ?4");
  }
  if (filter.start_time_ms > 0) absl::StrAppend(&where, " AND time_ms >= ?5");
  if (filter.end_time_ms != 0) absl::StrAppend(&where, " AND time_ms < ?6");
  STORE_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare(absl::StrCat(
          "SELECT id, time_ms, actor_user_id, actor, actor_role, api_key_id,"
          " method, resource, summary, peer, user_agent, status_code"
          " FROM audit_events WHERE ",
          where, " ORDER BY id DESC LIMIT ?7")));
  stmt.BindInt64(1, before_id > 0 ? before_id : INT64_MAX)
      .BindText(2, filter.actor)
      .BindText(3, filter.method)
      .BindText(4, filter.resource_prefix)
      .BindInt64(5, filter.start_time_ms)
      .BindInt64(6, filter.end_time_ms)
      .BindInt64(7, limit);
  std::vector<AuditEventRecord> events;
  while (true) {
    STORE_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    AuditEventRecord& event = events.emplace_back();
    event.id = stmt.ColumnInt64(0);
    event.time_ms = stmt.ColumnInt64(1);
    event.actor_user_id = stmt.ColumnInt64(2);
    event.actor = stmt.ColumnText(3);
    event.actor_role = static_cast<quiz::v1::Role>(stmt.ColumnInt64(4));
    event.api_key_id = stmt.ColumnInt64(5);
    event.method = stmt.ColumnText(6);
    event.resource = stmt.ColumnText(7);
    event.summary = stmt.ColumnText(8);
    event.peer = stmt.ColumnText(9);
    event.user_agent = stmt.ColumnText(10);
    event.status_code = static_cast<int>(stmt.ColumnInt64(11));
  }
  return events;
}

}  // namespace store
