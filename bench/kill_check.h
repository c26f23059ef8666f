// The durability check: an acknowledged answer must survive kill -9.
#ifndef QUIZD_BENCH_KILL_CHECK_H_
#define QUIZD_BENCH_KILL_CHECK_H_

#include <string>

#include "absl/status/statusor.h"
#include "bench/quizd_process.h"
#include "bench/report.h"
#include "bench/session.h"

namespace bench {

// Keeps session.concurrency SubmitResponse calls in flight for
// `load_s` seconds, kills `quizd` with SIGKILL while they are, restarts it on
// the same database (session.clients then point at the new port) and reads
// back with GetAttempt every attempt with an acknowledged answer, this
// phase's and any logged in session.acks before it. Counts the acknowledged
// answers and those found as given. Fails only when quizd does not restart
// or a read-back call fails.
absl::StatusOr<KillCheckResult> RunKillCheck(Session& session,
                                             QuizdProcess& quizd, int channels,
                                             double load_s);

}  // namespace bench

#endif  // QUIZD_BENCH_KILL_CHECK_H_
