// Loading an attempt with everything needed to act on it, and building the
// messages a caller sees of it. Whether a key is shown is decided here and in
// ClearKey (attempt_plan.h) only.
#ifndef QUIZD_SERVER_SERVICE_ATTEMPT_VIEW_H_
#define QUIZD_SERVER_SERVICE_ATTEMPT_VIEW_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "quiz/v1/attempt.pb.h"
#include "server/auth/principal.h"
#include "server/service/assignment_release.h"
#include "server/service/context.h"
#include "server/store/store.h"

namespace service {

// An attempt with its pinned bank version and quiz.
struct LoadedAttempt {
  store::AttemptRecord record;
  store::BankVersionRecord bank;
  const quiz::v1::Quiz* quiz = nullptr;  // points into bank.bank
  std::string username;                  // the attempt's owner
  // For an attempt of an assignment seen by its owner: when its keys are
  // released (the assignment's release policy). Unset for self-study and
  // for staff, who see keys once the attempt is finished.
  std::optional<AttemptRelease> release;

  quiz::v1::QuizMode mode() const;
  bool overdue(int64_t now_ms) const;
};

// What a caller wants to do with an attempt; decides who may.
enum class Access {
  kRead,   // the owner, or staff
  kWrite,  // the owner only
};

// Loads "attempts/{id}" (or a bare id) for `principal`. NOT_FOUND when absent
// or when a student asks for another student's attempt (so ids cannot be
// probed); PERMISSION_DENIED when staff try to write another's attempt.
absl::StatusOr<LoadedAttempt> LoadAttempt(Context& context,
                                          const auth::Principal& principal,
                                          const std::string& name,
                                          Access access);
// The same for a record already read.
absl::StatusOr<LoadedAttempt> LoadAttemptFor(Context& context,
                                             store::AttemptRecord record,
                                             const std::string& username);

// The effective mode of a quiz (unspecified means practice).
quiz::v1::QuizMode ModeOf(const quiz::v1::Quiz& quiz);

// How much of each item a view carries.
enum class ItemDetail {
  kNone,       // no items at all (ListAttempts)
  kReference,  // quiz.v1.ATTEMPT_VIEW_BASIC
  kFull,       // quiz.v1.ATTEMPT_VIEW_FULL
};

// The detail a request's `view` asks for (unspecified means full);
// INVALID_ARGUMENT naming `view` for a value this server does not know.
absl::StatusOr<ItemDetail> DetailOf(quiz::v1::AttemptView view);

// One item of an attempt as the caller may see it: arranged in the attempt's
// order; with key, feedback, rationale and outcome when revealed (the attempt
// is finished, or it is practice and the item has a response; for an
// attempt of an assignment, only as its release policy allows: see
// LoadedAttempt::release); otherwise the student view. kReference keeps of the
// item only id, topic and points. Fills `view`, which must be empty (it may be
// on an arena).
void ItemView(const LoadedAttempt& attempt, const quiz::v1::Item& item,
              int position, const store::ResponseRecord* row,
              quiz::v1::AttemptItem* view,
              ItemDetail detail = ItemDetail::kFull);

// The whole attempt, its items in `detail`, and, when finished, its
// `regrades` (store::Store::ListRegrades). Fills `view`, which must be
// empty.
void AttemptView(const LoadedAttempt& attempt,
                 const std::vector<store::ResponseRecord>& rows,
                 const std::vector<store::RegradeRecord>& regrades,
                 ItemDetail detail, quiz::v1::Attempt* view);

// AttemptView of the attempt's stored responses and regrades (regrades are
// read only for a finished attempt).
absl::Status ReadAttemptView(store::Store& store, const LoadedAttempt& attempt,
                             ItemDetail detail, quiz::v1::Attempt* view);

// The function the store calls inside the finishing transaction.
store::ResultFn ResultFor(const LoadedAttempt& attempt);

// Finishes an in-progress attempt (timed out when past its deadline) and
// passes the finished record to `done` on the store's completion thread. An
// attempt that another call finished first is re-read and passed on as
// finished.
void FinishAttempt(Context& context, const LoadedAttempt& attempt,
                   int64_t now_ms, store::Done<store::AttemptRecord> done);

}  // namespace service

#endif  // QUIZD_SERVER_SERVICE_ATTEMPT_VIEW_H_
