#include "server/store/event_rows.h"

#include <string>

#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "server/store/status_macros.h"

namespace store {

absl::StatusOr<int64_t> AppendEventRow(Db& db, quiz::v1::Event event,
                                       int64_t user_id, int64_t time_ms) {
  event.clear_cursor();
  event.mutable_time()->set_seconds(time_ms / 1000);
  event.mutable_time()->set_nanos(static_cast<int32_t>(time_ms % 1000) *
                                  1000000);
  absl::string_view course = event.course();
  absl::ConsumePrefix(&course, "courses/");
  std::string blob;
  if (!event.SerializeToString(&blob)) {
    return absl::InternalError("event does not serialize");
  }
  STORE_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare("INSERT INTO events(time_ms, type, user_id, course_id, event)"
                 " VALUES(?, ?, ?, ?, ?)"));
  stmt.BindInt64(1, time_ms)
      .BindInt64(2, event.type())
      .BindInt64(3, user_id)
      .BindText(4, course)
      .BindBlob(5, blob);
  STORE_RETURN_IF_ERROR(stmt.Run());
  return db.LastInsertRowId();
}

}  // namespace store
