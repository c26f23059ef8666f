// Early-return helpers for absl::Status code, private to the store.
#ifndef QUIZD_SERVER_STORE_STATUS_MACROS_H_
#define QUIZD_SERVER_STORE_STATUS_MACROS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"

// Returns from the enclosing function when `expr` (an absl::Status) is not OK.
#define STORE_RETURN_IF_ERROR(expr)                                   \
  do {                                                                \
    if (absl::Status _status = (expr); !_status.ok()) return _status; \
  } while (0)

#define STORE_CONCAT_INNER_(a, b) a##b
#define STORE_CONCAT_(a, b) STORE_CONCAT_INNER_(a, b)

// `lhs = *expr` for an absl::StatusOr `expr`, or returns its error. `lhs` may
// declare a variable: STORE_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(...)).
#define STORE_ASSIGN_OR_RETURN(lhs, expr) \
  STORE_ASSIGN_OR_RETURN_IMPL_(STORE_CONCAT_(_statusor_, __LINE__), lhs, expr)
#define STORE_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, expr) \
  auto statusor = (expr);                                 \
  if (!statusor.ok()) return statusor.status();           \
  lhs = *std::move(statusor)

#endif  // QUIZD_SERVER_STORE_STATUS_MACROS_H_
