#include "server/store/event_rows.h"

#include <algorithm>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
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

namespace store {

absl::StatusOr<int64_t> AppendAttemptEventRow(Db& db,
                                              const std::string& attempt_id,
                                              quiz::v1::Event event,
                                              const std::string& actor,
                                              int64_t time_ms) {
  STORE_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare("SELECT a.user_id, u.username, a.quiz_id, a.bank_id,"
                 " a.bank_version, a.assignment_id,"
                 " COALESCE(s.course_id, '')"
                 " FROM attempts a JOIN users u ON u.id = a.user_id"
                 " LEFT JOIN assignments s ON s.id = a.assignment_id"
                 " WHERE a.id = ?"));
  stmt.BindText(1, attempt_id);
  STORE_ASSIGN_OR_RETURN(bool found, stmt.Step());
  if (!found) {
    return absl::NotFoundError(
        absl::StrCat("attempt ", attempt_id, " not found"));
  }
  const int64_t user_id = stmt.ColumnInt64(0);
  const std::string user = absl::StrCat("users/", stmt.ColumnText(1));
  event.set_actor(actor.empty() ? user : actor);
  event.set_user(user);
  event.set_quiz(absl::StrCat("quizzes/", stmt.ColumnText(2)));
  event.set_attempt(absl::StrCat("attempts/", attempt_id));
  event.set_bank(absl::StrCat("banks/", stmt.ColumnText(3)));
  if (event.bank_version() == 0) event.set_bank_version(stmt.ColumnInt64(4));
  const std::string assignment = stmt.ColumnText(5);
  const std::string course = stmt.ColumnText(6);
  if (!assignment.empty()) {
    event.set_assignment(absl::StrCat("assignments/", assignment));
  }
  if (!course.empty()) event.set_course(absl::StrCat("courses/", course));
  return AppendEventRow(db, std::move(event), user_id, time_ms);
}

namespace {

// The events of attempts (what a learner sees of their own).
constexpr uint32_t kAttemptTypes =
    (1u << quiz::v1::ATTEMPT_STARTED) | (1u << quiz::v1::RESPONSE_SUBMITTED) |
    (1u << quiz::v1::ATTEMPT_FINISHED) | (1u << quiz::v1::ATTEMPT_REGRADED);

// ?1 after, ?2 through, ?3 see_all, ?4 viewer, ?5 course, ?6 user,
// ?7 type mask, ?8 limit, ?9 attempt types, ?10 staff roles' active status,
// ?11 instructor, ?12 teaching assistant, ?13 learner.
constexpr char kEventsSql[] =
    "SELECT id, event FROM events WHERE id > ?1 AND id <= ?2"
    " AND (?5 = '' OR course_id = ?5)"
    " AND (?6 = 0 OR user_id = ?6)"
    " AND (?7 = 0 OR ((1 << type) & ?7) <> 0)"
    " AND (?3 <> 0"
    "  OR (user_id = ?4 AND ((1 << type) & ?9) <> 0)"
    "  OR course_id IN (SELECT course_id FROM course_members"
    "   WHERE user_id = ?4 AND status = ?10 AND role IN (?11, ?12))"
    "  OR (user_id <> 0 AND user_id IN (SELECT m.user_id"
    "   FROM course_members s JOIN course_members m"
    "   ON m.course_id = s.course_id"
    "   WHERE s.user_id = ?4 AND s.status = ?10 AND s.role IN (?11, ?12)"
    "   AND m.role = ?13 AND m.status = ?10)))"
    " ORDER BY id LIMIT ?8";

}  // namespace

absl::StatusOr<int64_t> QueryLatestEventCursor(Db& db) {
  STORE_ASSIGN_OR_RETURN(Statement stmt,
                         db.Prepare("SELECT COALESCE(MAX(id), 0) FROM events"));
  STORE_ASSIGN_OR_RETURN(bool row, stmt.Step());
  return row ? stmt.ColumnInt64(0) : 0;
}

absl::StatusOr<EventPage> QueryEvents(Db& db, const EventQuery& query,
                                      int64_t after_cursor, int limit) {
  if (limit <= 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("limit must be positive, got ", limit));
  }
  // Read first, in its own snapshot: every event up to it is committed (one
  // writer commits cursors in order), so reading up to it and no further
  // lets the page end there without missing one committed meanwhile.
  STORE_ASSIGN_OR_RETURN(int64_t through, QueryLatestEventCursor(db));
  EventPage page;
  page.next_cursor = std::max(after_cursor, through);
  if (through <= after_cursor) return page;
  STORE_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kEventsSql));
  stmt.BindInt64(1, after_cursor)
      .BindInt64(2, through)
      .BindInt64(3, query.see_all ? 1 : 0)
      .BindInt64(4, query.viewer_user_id)
      .BindText(5, query.course_id)
      .BindInt64(6, query.user_id)
      .BindInt64(7, query.type_mask)
      .BindInt64(8, limit)
      .BindInt64(9, kAttemptTypes)
      .BindInt64(10, quiz::v1::MEMBER_STATUS_ACTIVE)
      .BindInt64(11, quiz::v1::COURSE_ROLE_INSTRUCTOR)
      .BindInt64(12, quiz::v1::COURSE_ROLE_TEACHING_ASSISTANT)
      .BindInt64(13, quiz::v1::COURSE_ROLE_LEARNER);
  while (true) {
    STORE_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    quiz::v1::Event& event = page.events.emplace_back();
    if (!event.ParseFromArray(stmt.ColumnBlob(1).data(),
                              static_cast<int>(stmt.ColumnBlob(1).size()))) {
      return absl::DataLossError(
          absl::StrCat("event ", stmt.ColumnInt64(0), " does not parse"));
    }
    event.set_cursor(stmt.ColumnInt64(0));
  }
  if (static_cast<int>(page.events.size()) == limit) {
    page.more = true;
    page.next_cursor = page.events.back().cursor();
  }
  return page;
}

}  // namespace store
