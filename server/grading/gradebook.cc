#include "server/grading/gradebook.h"

#include <algorithm>
#include <cmath>
#include <tuple>

namespace grading {
namespace {

int64_t ToMs(const google::protobuf::Timestamp& time) {
  return time.seconds() * 1000 + time.nanos() / 1000000;
}

void SetMs(int64_t ms, google::protobuf::Timestamp* out) {
  out->set_seconds(ms / 1000);
  out->set_nanos(static_cast<int32_t>(ms % 1000) * 1000000);
}

// Finished attempts in the order FIRST and LATEST read them: by finish
// time, then start time, then id (a total order, so ties are stable).
bool FinishedBefore(const GradebookAttempt* a, const GradebookAttempt* b) {
  return std::tie(a->finish_time_ms, a->start_time_ms, a->id) <
         std::tie(b->finish_time_ms, b->start_time_ms, b->id);
}

bool StartedBefore(const GradebookAttempt* a, const GradebookAttempt* b) {
  return std::tie(a->start_time_ms, a->id) < std::tie(b->start_time_ms, b->id);
}

// The attempt that counts under `policy` among `finished` (not empty);
// nullptr for AVERAGE.
const GradebookAttempt* CountedAttempt(
    quiz::v1::ScoringPolicy policy,
    std::vector<const GradebookAttempt*> finished) {
  switch (policy) {
    case quiz::v1::SCORING_POLICY_AVERAGE:
      return nullptr;
    case quiz::v1::SCORING_POLICY_LATEST:
      return *std::max_element(finished.begin(), finished.end(),
                               FinishedBefore);
    case quiz::v1::SCORING_POLICY_FIRST:
      return *std::min_element(finished.begin(), finished.end(),
                               FinishedBefore);
    default: {  // HIGHEST and unspecified
      std::sort(finished.begin(), finished.end(), StartedBefore);
      const GradebookAttempt* best = finished.front();
      for (const GradebookAttempt* attempt : finished) {
        if (attempt->percent > best->percent) best = attempt;
      }
      return best;
    }
  }
}

}  // namespace

double ScoreMaximum(const quiz::v1::Assignment& assignment) {
  const double maximum = assignment.score_maximum();
  return std::isfinite(maximum) && maximum > 0 ? maximum : 100.0;
}

int32_t AttemptsAllowed(const quiz::v1::Assignment& assignment,
                        const std::optional<quiz::v1::AssignmentOverride>& o) {
  if (assignment.max_attempts() <= 0) return 0;
  int64_t allowed = assignment.max_attempts();
  if (o.has_value() && o->extra_attempts() > 0) allowed += o->extra_attempts();
  return static_cast<int32_t>(std::min<int64_t>(allowed, INT32_MAX));
}

int64_t LearnerDueMs(const quiz::v1::Assignment& assignment,
                     const std::optional<quiz::v1::AssignmentOverride>& o) {
  if (o.has_value() && o->has_due_time()) return ToMs(o->due_time());
  return assignment.has_due_time() ? ToMs(assignment.due_time()) : 0;
}

int64_t LearnerCloseMs(const quiz::v1::Assignment& assignment,
                       const std::optional<quiz::v1::AssignmentOverride>& o) {
  if (o.has_value() && o->has_close_time()) return ToMs(o->close_time());
  return assignment.has_close_time() ? ToMs(assignment.close_time()) : 0;
}

quiz::v1::Result ComputeResult(const quiz::v1::Assignment& assignment,
                               int64_t assignment_update_time_ms,
                               const GradebookLearner& learner,
                               int64_t now_ms) {
  quiz::v1::Result result;
  result.set_assignment(assignment.name());
  result.set_user("users/" + learner.username);
  result.set_user_external_id(learner.external_id);
  result.set_display_name(learner.display_name);
  result.set_member_status(learner.status);

  const double maximum = ScoreMaximum(assignment);
  result.set_score_maximum(maximum);
  const int32_t allowed = AttemptsAllowed(assignment, learner.override);
  result.set_attempts_allowed(allowed);
  const int used = static_cast<int>(learner.attempts.size());
  result.set_attempts_used(used);

  std::vector<const GradebookAttempt*> finished;
  bool in_progress = false;
  bool answered = false;
  int64_t first_start = 0;
  int64_t last_finish = 0;
  int64_t update = std::max(
      {assignment_update_time_ms, learner.member_update_time_ms,
       learner.override ? learner.override_update_time_ms : int64_t{0}});
  for (const GradebookAttempt& attempt : learner.attempts) {
    if (first_start == 0 || attempt.start_time_ms < first_start) {
      first_start = attempt.start_time_ms;
    }
    update = std::max({update, attempt.start_time_ms, attempt.finish_time_ms,
                       attempt.last_answer_time_ms});
    if (attempt.state == quiz::v1::FINISHED) {
      finished.push_back(&attempt);
      last_finish = std::max(last_finish, attempt.finish_time_ms);
    } else {
      in_progress = true;
      answered = answered || attempt.answered;
    }
  }
  if (used > 0) SetMs(first_start, result.mutable_first_start_time());
  if (!finished.empty()) SetMs(last_finish, result.mutable_last_finish_time());

  const int64_t due = LearnerDueMs(assignment, learner.override);
  auto started_late = [due](const GradebookAttempt* attempt) {
    return due > 0 && attempt->start_time_ms > due;
  };
  if (!finished.empty()) {
    double percent = 0;
    const GradebookAttempt* counted =
        CountedAttempt(assignment.scoring_policy(), finished);
    if (counted != nullptr) {
      percent = counted->percent;
      result.set_counted_attempt("attempts/" + counted->id);
      result.set_late(started_late(counted));
    } else {
      double sum = 0;
      for (const GradebookAttempt* attempt : finished) sum += attempt->percent;
      percent = sum / static_cast<double>(finished.size());
      result.set_late(
          std::any_of(finished.begin(), finished.end(), started_late));
    }
    result.set_has_score(true);
    result.set_score_given(percent / 100.0 * maximum);
    result.set_percent(percent);
  }

  const int64_t close = LearnerCloseMs(assignment, learner.override);
  const bool no_more_attempts =
      (allowed > 0 && used >= allowed) || (close > 0 && now_ms >= close) ||
      learner.status == quiz::v1::MEMBER_STATUS_DELETED ||
      learner.course_archived;
  quiz::v1::ActivityProgress activity;
  if (used == 0) {
    activity = quiz::v1::ACTIVITY_NOT_STARTED;
  } else if (in_progress) {
    activity =
        answered ? quiz::v1::ACTIVITY_IN_PROGRESS : quiz::v1::ACTIVITY_STARTED;
  } else {
    activity = no_more_attempts ? quiz::v1::ACTIVITY_COMPLETED
                                : quiz::v1::ACTIVITY_SUBMITTED;
  }
  result.set_activity_progress(activity);
  result.set_grading_progress(finished.empty() ? quiz::v1::GRADING_NOT_READY
                              : activity == quiz::v1::ACTIVITY_COMPLETED
                                  ? quiz::v1::GRADING_FULLY_GRADED
                                  : quiz::v1::GRADING_PENDING);

  std::vector<const GradebookRegrade*> regrades;
  for (const GradebookRegrade& regrade : learner.regrades) {
    regrades.push_back(&regrade);
  }
  std::sort(regrades.begin(), regrades.end(),
            [](const GradebookRegrade* a, const GradebookRegrade* b) {
              return std::tie(a->regrade_time_ms, a->attempt_id,
                              a->to_version) <
                     std::tie(b->regrade_time_ms, b->attempt_id, b->to_version);
            });
  for (const GradebookRegrade* regrade : regrades) {
    quiz::v1::RegradeNote* note = result.add_regrades();
    note->set_attempt("attempts/" + regrade->attempt_id);
    note->set_from_bank_version(regrade->from_version);
    note->set_to_bank_version(regrade->to_version);
    note->set_old_percent(regrade->old_percent);
    note->set_new_percent(regrade->new_percent);
    note->set_regraded_by(regrade->regraded_by);
    SetMs(regrade->regrade_time_ms, note->mutable_regrade_time());
    update = std::max(update, regrade->regrade_time_ms);
  }
  SetMs(update, result.mutable_update_time());
  return result;
}

}  // namespace grading
