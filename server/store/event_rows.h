// The event log's rows (table events, migration 11; quiz.v1.Event). Every
// change that an event records appends it with AppendEventRow inside the
// change's own transaction, on the writer thread, so that the event is
// durable exactly when the change is and the log's order is commit order.
#ifndef QUIZD_SERVER_STORE_EVENT_ROWS_H_
#define QUIZD_SERVER_STORE_EVENT_ROWS_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "quiz/v1/course.pb.h"
#include "server/store/sqlite_db.h"

namespace store {

// Appends `event` at `time_ms` (event.time is set from it; event.cursor is
// ignored). `user_id` is the id of the learner in event.user (0: none) and
// the course id is taken from event.course ("courses/{id}"): the columns
// the log is filtered by. Returns the event's cursor.
absl::StatusOr<int64_t> AppendEventRow(Db& db, quiz::v1::Event event,
                                       int64_t user_id, int64_t time_ms);

}  // namespace store

#endif  // QUIZD_SERVER_STORE_EVENT_ROWS_H_
