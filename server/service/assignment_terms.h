// The rules of an assignment for one learner: its window, attempts and time
// limit after the learner's override, whether a start is allowed now (and
// the plain reason when not), when keys are released, and the checks of the
// values an instructor sends. Pure: no store, no clock (now is passed in).
#ifndef QUIZD_SERVER_SERVICE_ASSIGNMENT_TERMS_H_
#define QUIZD_SERVER_SERVICE_ASSIGNMENT_TERMS_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "quiz/v1/bank.pb.h"
#include "quiz/v1/course.pb.h"

namespace service {

// Limits of override and reopen values.
inline constexpr double kMaxTimeFactor = 10;
inline constexpr int kMaxExtraMinutes = 7 * 24 * 60;
inline constexpr int kMaxExtraAttempts = 100;
inline constexpr int kMaxAttempts = 1000;
inline constexpr int kMaxTimeLimitSeconds = 7 * 24 * 3600;

// An assignment as it applies to one learner. Times are ms since the
// epoch; 0 means unset.
struct LearnerTerms {
  std::string assignment_id;
  int64_t open_ms = 0;
  int64_t due_ms = 0;        // the override's when later
  int64_t close_ms = 0;      // the override's when later
  int attempts_allowed = 0;  // 0: unlimited; max_attempts + extra_attempts
  double time_factor = 1;
  int extra_minutes = 0;
  int time_limit_seconds = 0;  // the assignment's; 0: the quiz's
  quiz::v1::ReleasePolicy release = quiz::v1::RELEASE_AFTER_EACH_ATTEMPT;
};

// `id` is the {id} of the assignment's name.
LearnerTerms TermsFor(const std::string& id,
                      const quiz::v1::Assignment& assignment,
                      const std::optional<quiz::v1::AssignmentOverride>& o);

// FAILED_PRECONDITION with the plain reason ("assignments/a1 opens Mon 7
// Dec 09:00 UTC", "... closed Tue 8 Dec 17:00 UTC") when `now_ms` is
// outside the learner's window; attempts are counted by the caller.
absl::Status CheckWindow(const LearnerTerms& terms, int64_t now_ms);
// "assignments/a1: 2 of 2 attempts used" when `used` reaches the limit.
absl::Status CheckAttempts(const LearnerTerms& terms, int used);

// The deadline of an attempt started at `start_ms` on a quiz with
// `quiz_limit_seconds`: start + limit x factor + extra minutes (untimed
// when there is no limit and no extra minutes), never past the close time.
// 0 means untimed.
int64_t DeadlineFor(const LearnerTerms& terms, int quiz_limit_seconds,
                    int64_t start_ms);

// Whether an attempt of the assignment shows its owner keys, feedback and
// rationales now. `finished`: the attempt is; `answered_practice`: the item
// was answered in a practice quiz (immediate release); `open_attempts`:
// the learner has attempts of the assignment in progress.
// RELEASE_AFTER_DUE waits for the learner's due time (their close time
// when there is no due time; at finish when neither is set).
bool Released(const LearnerTerms& terms, bool finished, bool answered_practice,
              bool open_attempts, int64_t now_ms);

// Whether `quiz` may be started without an assignment (Quiz.access; an
// unspecified access decides by mode).
bool OpenForSelfStudy(const quiz::v1::Quiz& quiz);

// INVALID_ARGUMENT naming the field ("assignment.due_time: ...") when the
// values break a rule: times in order (open < due <= close), numbers in
// range, known enum values, score_maximum finite and 0-1e6.
absl::Status CheckAssignmentValues(const quiz::v1::Assignment& assignment);
// The same for an override, against its assignment: due and close times
// not earlier than the assignment's and in order, factor 0 or 1-10, extra
// minutes 0-10080, extra attempts 0-100.
absl::Status CheckOverrideValues(const quiz::v1::AssignmentOverride& o,
                                 const quiz::v1::Assignment& assignment);

// "Mon 7 Dec 09:00 UTC".
std::string PlainTime(int64_t ms);

}  // namespace service

#endif  // QUIZD_SERVER_SERVICE_ASSIGNMENT_TERMS_H_
