// The gradebook's arithmetic: one learner's Result on one assignment
// (quiz.v1.Result, an LTI AGS score and result) from the facts the store
// keeps. Pure: no I/O, no clock (the caller passes `now`).
#ifndef QUIZD_SERVER_GRADING_GRADEBOOK_H_
#define QUIZD_SERVER_GRADING_GRADEBOOK_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "quiz/v1/attempt.pb.h"
#include "quiz/v1/course.pb.h"

namespace grading {

// One attempt of the learner on the assignment.
struct GradebookAttempt {
  std::string id;  // the {id} of "attempts/{id}"
  quiz::v1::AttemptState state = quiz::v1::IN_PROGRESS;
  int64_t start_time_ms = 0;
  int64_t finish_time_ms = 0;  // 0 while in progress
  double percent = 0;          // the result's percent, once finished
  // In progress: whether any item has an answer (STARTED vs IN_PROGRESS).
  bool answered = false;
  // When an answer last changed (0: none); an answer can change the row's
  // activity progress, so it counts as an update of the row.
  int64_t last_answer_time_ms = 0;
};

// One regrade of one of those attempts.
struct GradebookRegrade {
  std::string attempt_id;
  int64_t from_version = 0;
  int64_t to_version = 0;
  double old_percent = 0;
  double new_percent = 0;
  std::string regraded_by;  // "users/{name}"
  int64_t regrade_time_ms = 0;
};

// Everything the gradebook knows of one learner on one assignment.
struct GradebookLearner {
  std::string username;
  std::string external_id;
  std::string display_name;
  quiz::v1::MemberStatus status = quiz::v1::MEMBER_STATUS_ACTIVE;
  int64_t member_update_time_ms = 0;
  std::optional<quiz::v1::AssignmentOverride> override;
  int64_t override_update_time_ms = 0;
  std::vector<GradebookAttempt> attempts;  // any order
  std::vector<GradebookRegrade> regrades;  // any order
  // The course is archived: no attempt of it can start, as after the close
  // time.
  bool course_archived = false;
};

// The maximum every score of `assignment` is put on: score_maximum, or 100
// when unset (zero, negative or not finite).
double ScoreMaximum(const quiz::v1::Assignment& assignment);

// Attempts the learner may start, after their override: 0 (unlimited) when
// the assignment sets none, else max_attempts plus a positive
// extra_attempts.
int32_t AttemptsAllowed(const quiz::v1::Assignment& assignment,
                        const std::optional<quiz::v1::AssignmentOverride>& o);

// The learner's due and close times in ms (0: none): the override's when it
// sets one, else the assignment's.
int64_t LearnerDueMs(const quiz::v1::Assignment& assignment,
                     const std::optional<quiz::v1::AssignmentOverride>& o);
int64_t LearnerCloseMs(const quiz::v1::Assignment& assignment,
                       const std::optional<quiz::v1::AssignmentOverride>& o);

// The learner's gradebook row at `now_ms`. `assignment_update_time_ms` is
// when the assignment last changed. The rules:
//  - Score: the counted percent (by scoring_policy: HIGHEST, the earliest
//    started among ties; LATEST and FIRST by finish time; AVERAGE, the mean
//    of every finished attempt) put on ScoreMaximum, so every learner's
//    maximum is the same whatever items their attempts drew. No finished
//    attempt: has_score false, score_given and percent 0.
//  - Activity: NOT_STARTED without attempts; STARTED / IN_PROGRESS while an
//    attempt is in progress without / with an answer; otherwise COMPLETED
//    when no further attempt is possible (the allowed attempts are used,
//    the learner's close time has passed, the member was removed from the
//    course or the course is archived) and SUBMITTED when one is.
//  - Grading: NOT_READY without a finished attempt; FULLY_GRADED when the
//    activity is COMPLETED; PENDING otherwise.
//  - Late: the counted attempt (for AVERAGE: any finished attempt) started
//    after the learner's due time; false without a due time or a score.
//  - Regrades: those of the learner's attempts of this assignment, oldest
//    first (by time, then attempt and version).
//  - update_time: the latest of the assignment's, the membership's and the
//    override's update times, the attempts' start, answer and finish times
//    and the regrades' times.
quiz::v1::Result ComputeResult(const quiz::v1::Assignment& assignment,
                               int64_t assignment_update_time_ms,
                               const GradebookLearner& learner, int64_t now_ms);

}  // namespace grading

#endif  // QUIZD_SERVER_GRADING_GRADEBOOK_H_
