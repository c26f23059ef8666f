// The event log's rows (table events, migration 11; quiz.v1.Event). Every
// change that an event records appends it with AppendEventRow inside the
// change's own transaction, on the writer thread, so that the event is
// durable exactly when the change is and the log's order is commit order.
#ifndef QUIZD_SERVER_STORE_EVENT_ROWS_H_
#define QUIZD_SERVER_STORE_EVENT_ROWS_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "quiz/v1/course.pb.h"
#include "server/store/sqlite_db.h"
#include "server/store/store.h"

namespace store {

// Appends `event` at `time_ms` (event.time is set from it; event.cursor is
// ignored). `user_id` is the id of the learner in event.user (0: none) and
// the course id is taken from event.course ("courses/{id}"): the columns
// the log is filtered by. Returns the event's cursor.
absl::StatusOr<int64_t> AppendEventRow(Db& db, quiz::v1::Event event,
                                       int64_t user_id, int64_t time_ms);

// Appends `event` (its type and type-specific fields set) about attempt
// `attempt_id`, filling from the attempt's row: user, quiz, attempt, bank,
// bank_version (unless set), and assignment and course when the attempt
// was started for an assignment. `actor` "" means the attempt's owner
// ("users/{name}"): attempts are acted on by their owner only, but for
// "system" (the deadline) and staff regrades. NOT_FOUND without the
// attempt.
absl::StatusOr<int64_t> AppendAttemptEventRow(Db& db,
                                              const std::string& attempt_id,
                                              quiz::v1::Event event,
                                              const std::string& actor,
                                              int64_t time_ms);

// See Store::ListEvents.
absl::StatusOr<EventPage> QueryEvents(Db& db, const EventQuery& query,
                                      int64_t after_cursor, int limit);
// The last event's cursor, 0 when the log is empty.
absl::StatusOr<int64_t> QueryLatestEventCursor(Db& db);

}  // namespace store

#endif  // QUIZD_SERVER_STORE_EVENT_ROWS_H_
