// What the handlers share: the store, the quiz catalog and a pool for work
// that must not run on gRPC's callback threads.
#ifndef QUIZD_SERVER_SERVICE_CONTEXT_H_
#define QUIZD_SERVER_SERVICE_CONTEXT_H_

#include "question_bank/src/codesets.h"
#include "server/service/password_checks.h"
#include "server/service/progress_hub.h"
#include "server/service/quiz_catalog.h"
#include "server/service/wire_limits.h"
#include "server/service/worker_pool.h"
#include "server/store/store.h"

namespace service {

class LearnerCache;

struct Context {
  store::Store& store;
  QuizCatalog& catalog;
  // For CPU-heavy or blocking work (password hashing).
  WorkerPool& workers;
  // Where finished attempts are announced to WatchProgress streams.
  ProgressHub& hub;
  // Progress replayed per learner; told of every change to a learner's
  // graded responses or attempts (see learner.h).
  LearnerCache& learners;
  // The gRPC layer's limits, and the slots of bank transfers in flight.
  const WireLimits& limits;
  Slots& bank_replies;
  Slots& bank_uploads;
  // What pushed banks' keyed codes are checked against; null: shape only.
  const question_bank::CodeSets* code_sets;
  // Where password checks run, and the login throttle.
  PasswordChecks& passwords;
};

}  // namespace service

#endif  // QUIZD_SERVER_SERVICE_CONTEXT_H_
