// Finishing attempts at their deadlines on the server's own clock, so that a
// timed attempt nobody reads again still ends (and is announced) on time.
#ifndef QUIZD_SERVER_SERVICE_DEADLINE_SWEEPER_H_
#define QUIZD_SERVER_SERVICE_DEADLINE_SWEEPER_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "server/service/context.h"

namespace service {

// Finishes every attempt still in progress whose deadline is before
// `now_ms`, exactly as a late read does (FinishAttempt in attempt_view.h:
// the same result, timed_out set, finished at the deadline, announced by
// its ATTEMPT_FINISHED event with actor "system", which WatchEvents and
// WatchProgress streams receive), and returns once those finishes have
// committed. Returns how many overdue attempts it found finished. An attempt
// that a request (or another server on the same database) finishes meanwhile is
// finished and announced once: the store finishes an attempt only while it is
// in progress. Blocks: call it from a thread of its own, never from a gRPC
// callback.
absl::StatusOr<int> FinishOverdueAttempts(Context& context, int64_t now_ms);

}  // namespace service

#endif  // QUIZD_SERVER_SERVICE_DEADLINE_SWEEPER_H_
