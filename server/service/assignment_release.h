// When a learner sees the keys of their assignment attempts: the terms of
// an assignment for one learner read from the store, and a gate that
// answers "released?" for many attempts of one learner (progress replays
// every answer) with one read per assignment.
#ifndef QUIZD_SERVER_SERVICE_ASSIGNMENT_RELEASE_H_
#define QUIZD_SERVER_SERVICE_ASSIGNMENT_RELEASE_H_

#include <cstdint>
#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "server/service/assignment_terms.h"
#include "server/service/context.h"
#include "server/store/store.h"

namespace service {

// The terms of `assignment` for `user_id`, with their override.
absl::StatusOr<LearnerTerms> LoadLearnerTerms(
    Context& context, const store::AssignmentRecord& assignment,
    int64_t user_id);

// What an attempt of an assignment may show its owner (see LoadedAttempt).
struct AttemptRelease {
  LearnerTerms terms;
  // The owner has another attempt of the assignment in progress.
  bool other_open = false;
  int64_t now_ms = 0;
};

// The release of attempt `attempt_id` of `assignment_id` by `user_id` now.
// An assignment that no longer exists releases nothing (RELEASE_NEVER).
absl::StatusOr<AttemptRelease> LoadAttemptRelease(
    Context& context, const std::string& assignment_id,
    const std::string& attempt_id, int64_t user_id);

// Released() for the attempts of one learner, reading each assignment once.
class ReleaseGate {
 public:
  ReleaseGate(Context& context, int64_t user_id, int64_t now_ms)
      : context_(context), user_id_(user_id), now_ms_(now_ms) {}
  // Whether an attempt of `assignment_id` shows keys: `finished`, or an
  // item `answered_practice` (see service::Released).
  absl::StatusOr<bool> Released(const std::string& assignment_id, bool finished,
                                bool answered_practice);

 private:
  struct Known {
    LearnerTerms terms;
    bool open = false;
  };
  Context& context_;
  int64_t user_id_;
  int64_t now_ms_;
  bool open_read_ = false;
  std::map<std::string, int> open_by_assignment_;
  std::map<std::string, Known> known_;
};

}  // namespace service

#endif  // QUIZD_SERVER_SERVICE_ASSIGNMENT_RELEASE_H_
