#include "server/grading/gradebook.h"

#include <string>
#include <vector>

#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

namespace grading {
namespace {

using quiz::v1::Assignment;
using quiz::v1::AssignmentOverride;
using quiz::v1::Result;

// Times in the tests are minutes after an arbitrary epoch, in ms.
constexpr int64_t kMin = 60 * 1000;
constexpr int64_t kT0 = 1'800'000'000'000;
int64_t At(int minutes) { return kT0 + minutes * kMin; }

google::protobuf::Timestamp Ts(int64_t ms) {
  google::protobuf::Timestamp ts;
  ts.set_seconds(ms / 1000);
  ts.set_nanos(static_cast<int32_t>(ms % 1000) * 1000000);
  return ts;
}

int64_t Ms(const google::protobuf::Timestamp& ts) {
  return ts.seconds() * 1000 + ts.nanos() / 1000000;
}

template <typename T>
T Parse(const std::string& text) {
  T message;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &message))
      << text;
  return message;
}

GradebookAttempt Finished(const std::string& id, int start, int finish,
                          double percent) {
  GradebookAttempt attempt;
  attempt.id = id;
  attempt.state = quiz::v1::FINISHED;
  attempt.start_time_ms = At(start);
  attempt.finish_time_ms = At(finish);
  attempt.percent = percent;
  return attempt;
}

GradebookAttempt Open(const std::string& id, int start, bool answered) {
  GradebookAttempt attempt;
  attempt.id = id;
  attempt.state = quiz::v1::IN_PROGRESS;
  attempt.start_time_ms = At(start);
  attempt.answered = answered;
  if (answered) attempt.last_answer_time_ms = At(start + 1);
  return attempt;
}

Assignment MakeAssignment(quiz::v1::ScoringPolicy policy, int max_attempts) {
  Assignment assignment;
  assignment.set_name("assignments/a1");
  assignment.set_course("courses/c1");
  assignment.set_quiz("quizzes/q");
  assignment.set_scoring_policy(policy);
  assignment.set_max_attempts(max_attempts);
  assignment.set_score_maximum(50);
  return assignment;
}

GradebookLearner Learner(std::vector<GradebookAttempt> attempts) {
  GradebookLearner learner;
  learner.username = "alice";
  learner.external_id = "sis-1";
  learner.display_name = "Alice A.";
  learner.attempts = std::move(attempts);
  return learner;
}

TEST(Gradebook, IdentityFieldsComeFromAssignmentAndLearner) {
  Result result =
      ComputeResult(MakeAssignment(quiz::v1::SCORING_POLICY_HIGHEST, 1), At(0),
                    Learner({}), At(10));
  EXPECT_EQ(result.assignment(), "assignments/a1");
  EXPECT_EQ(result.user(), "users/alice");
  EXPECT_EQ(result.user_external_id(), "sis-1");
  EXPECT_EQ(result.display_name(), "Alice A.");
  EXPECT_EQ(result.member_status(), quiz::v1::MEMBER_STATUS_ACTIVE);
  EXPECT_FALSE(result.has_score());
  EXPECT_EQ(result.score_given(), 0);
  EXPECT_EQ(result.score_maximum(), 50);
  EXPECT_EQ(result.activity_progress(), quiz::v1::ACTIVITY_NOT_STARTED);
  EXPECT_EQ(result.grading_progress(), quiz::v1::GRADING_NOT_READY);
  EXPECT_FALSE(result.has_first_start_time());
  EXPECT_FALSE(result.has_last_finish_time());
  EXPECT_EQ(result.counted_attempt(), "");
  EXPECT_EQ(Ms(result.update_time()), At(0));
}

// The counted attempt and score under each policy, for one set of attempts:
// a1 60% (started 0, finished 30), a2 80% (started 10, finished 20),
// a3 80% (started 40, finished 50), a4 40% (started 60, finished 70).
TEST(Gradebook, ScoringPolicies) {
  struct Case {
    quiz::v1::ScoringPolicy policy;
    std::string counted;
    double percent;
  };
  const std::vector<Case> cases = {
      // Highest: a2 and a3 tie; the earliest started counts.
      {quiz::v1::SCORING_POLICY_HIGHEST, "attempts/a2", 80},
      {quiz::v1::SCORING_POLICY_UNSPECIFIED, "attempts/a2", 80},
      // Latest finished, first finished (a2 finished before a1).
      {quiz::v1::SCORING_POLICY_LATEST, "attempts/a4", 40},
      {quiz::v1::SCORING_POLICY_FIRST, "attempts/a2", 80},
      // Average of every finished attempt; no single attempt counts.
      {quiz::v1::SCORING_POLICY_AVERAGE, "", 65},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(quiz::v1::ScoringPolicy_Name(c.policy));
    GradebookLearner learner =
        Learner({Finished("a1", 0, 30, 60), Finished("a2", 10, 20, 80),
                 Finished("a3", 40, 50, 80), Finished("a4", 60, 70, 40)});
    Result result =
        ComputeResult(MakeAssignment(c.policy, 0), At(0), learner, At(100));
    EXPECT_TRUE(result.has_score());
    EXPECT_EQ(result.counted_attempt(), c.counted);
    EXPECT_DOUBLE_EQ(result.percent(), c.percent);
    // On the fixed maximum of 50.
    EXPECT_DOUBLE_EQ(result.score_given(), c.percent / 100 * 50);
    EXPECT_DOUBLE_EQ(result.score_maximum(), 50);
  }
}

TEST(Gradebook, AttemptsInProgressNeverCount) {
  for (auto policy :
       {quiz::v1::SCORING_POLICY_HIGHEST, quiz::v1::SCORING_POLICY_LATEST,
        quiz::v1::SCORING_POLICY_FIRST, quiz::v1::SCORING_POLICY_AVERAGE}) {
    SCOPED_TRACE(quiz::v1::ScoringPolicy_Name(policy));
    Result result = ComputeResult(
        MakeAssignment(policy, 0), At(0),
        Learner({Finished("a1", 0, 10, 70), Open("a2", 20, true)}), At(30));
    EXPECT_DOUBLE_EQ(result.percent(), 70);
    EXPECT_EQ(result.attempts_used(), 2);
  }
}

TEST(Gradebook, ScoreMaximumDefaultsTo100) {
  for (double maximum : {0.0, -5.0, std::nan("")}) {
    Assignment assignment = MakeAssignment(quiz::v1::SCORING_POLICY_HIGHEST, 0);
    assignment.set_score_maximum(maximum);
    EXPECT_EQ(ScoreMaximum(assignment), 100) << maximum;
    Result result = ComputeResult(assignment, At(0),
                                  Learner({Finished("a1", 0, 1, 72.5)}), At(2));
    EXPECT_DOUBLE_EQ(result.score_given(), 72.5);
    EXPECT_DOUBLE_EQ(result.score_maximum(), 100);
  }
}

TEST(Gradebook, EveryLearnerHasTheSameMaximum) {
  // Two learners whose attempts drew different items (22 and 29 points)
  // land on the same maximum.
  Assignment assignment = MakeAssignment(quiz::v1::SCORING_POLICY_HIGHEST, 1);
  assignment.set_score_maximum(25);
  GradebookLearner a = Learner({Finished("x", 0, 5, 100.0 * 11 / 22)});
  GradebookLearner b = Learner({Finished("y", 0, 5, 100.0 * 29 / 29)});
  Result ra = ComputeResult(assignment, At(0), a, At(10));
  Result rb = ComputeResult(assignment, At(0), b, At(10));
  EXPECT_EQ(ra.score_maximum(), rb.score_maximum());
  EXPECT_DOUBLE_EQ(ra.score_given(), 12.5);
  EXPECT_DOUBLE_EQ(rb.score_given(), 25);
}

TEST(Gradebook, AttemptsAllowedAfterOverrides) {
  struct Case {
    int max_attempts;
    std::string override_text;  // empty: no override
    int allowed;
  };
  const std::vector<Case> cases = {
      {0, "", 0},
      {0, "extra_attempts: 3", 0},  // unlimited stays unlimited
      {2, "", 2},
      {2, "extra_attempts: 1", 3},
      {2, "extra_attempts: -1", 2},  // never fewer than the assignment's
      {2, "extra_minutes: 30", 2},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.override_text);
    std::optional<AssignmentOverride> o;
    if (!c.override_text.empty())
      o = Parse<AssignmentOverride>(c.override_text);
    EXPECT_EQ(AttemptsAllowed(MakeAssignment(quiz::v1::SCORING_POLICY_HIGHEST,
                                             c.max_attempts),
                              o),
              c.allowed);
  }
}

// Activity and grading progress for each situation.
TEST(Gradebook, ActivityAndGradingProgress) {
  struct Case {
    std::string what;
    int max_attempts;
    int close_minute;  // 0: no close time
    std::string override_text;
    quiz::v1::MemberStatus status;
    std::vector<GradebookAttempt> attempts;
    quiz::v1::ActivityProgress activity;
    quiz::v1::GradingProgress grading;
  };
  const auto active = quiz::v1::MEMBER_STATUS_ACTIVE;
  // An archived course is marked by "archived" in the override text slot.
  const std::vector<Case> cases = {
      {"no attempt",
       2,
       0,
       "",
       active,
       {},
       quiz::v1::ACTIVITY_NOT_STARTED,
       quiz::v1::GRADING_NOT_READY},
      {"no attempt after close",
       2,
       50,
       "",
       active,
       {},
       quiz::v1::ACTIVITY_NOT_STARTED,
       quiz::v1::GRADING_NOT_READY},
      {"open without answers",
       2,
       0,
       "",
       active,
       {Open("a", 0, false)},
       quiz::v1::ACTIVITY_STARTED,
       quiz::v1::GRADING_NOT_READY},
      {"open with answers",
       2,
       0,
       "",
       active,
       {Open("a", 0, true)},
       quiz::v1::ACTIVITY_IN_PROGRESS,
       quiz::v1::GRADING_NOT_READY},
      {"finished, one more allowed",
       2,
       0,
       "",
       active,
       {Finished("a", 0, 10, 50)},
       quiz::v1::ACTIVITY_SUBMITTED,
       quiz::v1::GRADING_PENDING},
      {"finished, unlimited",
       0,
       0,
       "",
       active,
       {Finished("a", 0, 10, 50)},
       quiz::v1::ACTIVITY_SUBMITTED,
       quiz::v1::GRADING_PENDING},
      {"all attempts used",
       2,
       0,
       "",
       active,
       {Finished("a", 0, 10, 50), Finished("b", 20, 30, 60)},
       quiz::v1::ACTIVITY_COMPLETED,
       quiz::v1::GRADING_FULLY_GRADED},
      {"all used but one extra",
       2,
       0,
       "extra_attempts: 1",
       active,
       {Finished("a", 0, 10, 50), Finished("b", 20, 30, 60)},
       quiz::v1::ACTIVITY_SUBMITTED,
       quiz::v1::GRADING_PENDING},
      {"closed with attempts left",
       2,
       50,
       "",
       active,
       {Finished("a", 0, 10, 50)},
       quiz::v1::ACTIVITY_COMPLETED,
       quiz::v1::GRADING_FULLY_GRADED},
      {"closed but a later close by override",
       2,
       50,
       "close_time { seconds: 1800006000 }",
       active,
       {Finished("a", 0, 10, 50)},
       quiz::v1::ACTIVITY_SUBMITTED,
       quiz::v1::GRADING_PENDING},
      {"finished and another open",
       3,
       0,
       "",
       active,
       {Finished("a", 0, 10, 50), Open("b", 20, true)},
       quiz::v1::ACTIVITY_IN_PROGRESS,
       quiz::v1::GRADING_PENDING},
      {"last attempt open",
       2,
       0,
       "",
       active,
       {Finished("a", 0, 10, 50), Open("b", 20, false)},
       quiz::v1::ACTIVITY_STARTED,
       quiz::v1::GRADING_PENDING},
      {"removed from the course",
       2,
       0,
       "",
       quiz::v1::MEMBER_STATUS_DELETED,
       {Finished("a", 0, 10, 50)},
       quiz::v1::ACTIVITY_COMPLETED,
       quiz::v1::GRADING_FULLY_GRADED},
      {"suspended, may come back",
       2,
       0,
       "",
       quiz::v1::MEMBER_STATUS_INACTIVE,
       {Finished("a", 0, 10, 50)},
       quiz::v1::ACTIVITY_SUBMITTED,
       quiz::v1::GRADING_PENDING},
      // clang-format off
      {"course archived", 2, 0, "archived", active,
       {Finished("a", 0, 10, 50)}, quiz::v1::ACTIVITY_COMPLETED,
       quiz::v1::GRADING_FULLY_GRADED},
      {"course archived, attempt left open", 2, 0, "archived", active,
       {Open("a", 0, true)}, quiz::v1::ACTIVITY_IN_PROGRESS,
       quiz::v1::GRADING_NOT_READY},
      // clang-format on
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    Assignment assignment =
        MakeAssignment(quiz::v1::SCORING_POLICY_HIGHEST, c.max_attempts);
    if (c.close_minute != 0) {
      *assignment.mutable_close_time() = Ts(At(c.close_minute));
    }
    GradebookLearner learner = Learner(c.attempts);
    learner.status = c.status;
    if (c.override_text == "archived") {
      learner.course_archived = true;
    } else if (!c.override_text.empty()) {
      learner.override = Parse<AssignmentOverride>(c.override_text);
    }
    // Now is minute 60: after the close time of 50.
    Result result = ComputeResult(assignment, At(0), learner, At(60));
    EXPECT_EQ(result.activity_progress(), c.activity)
        << quiz::v1::ActivityProgress_Name(result.activity_progress());
    EXPECT_EQ(result.grading_progress(), c.grading)
        << quiz::v1::GradingProgress_Name(result.grading_progress());
    EXPECT_EQ(result.member_status(), c.status);
    EXPECT_EQ(result.attempts_used(), static_cast<int>(c.attempts.size()));
  }
}

TEST(Gradebook, ClosesExactlyAtTheCloseTime) {
  Assignment assignment = MakeAssignment(quiz::v1::SCORING_POLICY_HIGHEST, 0);
  *assignment.mutable_close_time() = Ts(At(50));
  GradebookLearner learner = Learner({Finished("a", 0, 10, 50)});
  EXPECT_EQ(
      ComputeResult(assignment, At(0), learner, At(50) - 1).activity_progress(),
      quiz::v1::ACTIVITY_SUBMITTED);
  EXPECT_EQ(
      ComputeResult(assignment, At(0), learner, At(50)).activity_progress(),
      quiz::v1::ACTIVITY_COMPLETED);
}

TEST(Gradebook, LateAgainstTheLearnersDueTime) {
  struct Case {
    std::string what;
    quiz::v1::ScoringPolicy policy;
    int due_minute;  // 0: none
    std::string override_text;
    std::vector<GradebookAttempt> attempts;
    bool late;
  };
  const auto highest = quiz::v1::SCORING_POLICY_HIGHEST;
  const auto average = quiz::v1::SCORING_POLICY_AVERAGE;
  const std::vector<Case> cases = {
      {"no due time", highest, 0, "", {Finished("a", 100, 110, 50)}, false},
      {"started before due, finished after",
       highest,
       30,
       "",
       {Finished("a", 20, 40, 50)},
       false},
      {"started exactly at due",
       highest,
       30,
       "",
       {Finished("a", 30, 40, 50)},
       false},
      {"started after due", highest, 30, "", {Finished("a", 31, 40, 50)}, true},
      {"late but an on-time attempt counts",
       highest,
       30,
       "",
       {Finished("a", 0, 10, 90), Finished("b", 40, 50, 60)},
       false},
      {"the late attempt counts",
       highest,
       30,
       "",
       {Finished("a", 0, 10, 50), Finished("b", 40, 50, 60)},
       true},
      {"average: any late attempt",
       average,
       30,
       "",
       {Finished("a", 0, 10, 90), Finished("b", 40, 50, 60)},
       true},
      {"average: none late",
       average,
       30,
       "",
       {Finished("a", 0, 10, 90), Finished("b", 20, 25, 60)},
       false},
      {"override moves the due time later",
       highest,
       30,
       "due_time { seconds: 1800003000 }",  // minute 50
       {Finished("a", 40, 45, 50)},
       false},
      {"override's due time passed too",
       highest,
       30,
       "due_time { seconds: 1800003000 }",
       {Finished("a", 51, 55, 50)},
       true},
      {"override due time without an assignment due time",
       highest,
       0,
       "due_time { seconds: 1800003000 }",
       {Finished("a", 51, 55, 50)},
       true},
      {"no score yet", highest, 30, "", {Open("a", 40, true)}, false},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    Assignment assignment = MakeAssignment(c.policy, 0);
    if (c.due_minute != 0)
      *assignment.mutable_due_time() = Ts(At(c.due_minute));
    GradebookLearner learner = Learner(c.attempts);
    if (!c.override_text.empty()) {
      learner.override = Parse<AssignmentOverride>(c.override_text);
    }
    EXPECT_EQ(ComputeResult(assignment, At(0), learner, At(200)).late(),
              c.late);
  }
}

TEST(Gradebook, TimestampsAndUpdateTime) {
  GradebookLearner learner =
      Learner({Finished("a", 5, 20, 50), Finished("b", 25, 30, 60),
               Open("c", 40, true)});
  learner.member_update_time_ms = At(1);
  Result result =
      ComputeResult(MakeAssignment(quiz::v1::SCORING_POLICY_HIGHEST, 0), At(2),
                    learner, At(100));
  EXPECT_EQ(Ms(result.first_start_time()), At(5));
  EXPECT_EQ(Ms(result.last_finish_time()), At(30));
  // The open attempt's answer (minute 41) is the latest change.
  EXPECT_EQ(Ms(result.update_time()), At(41));

  struct Case {
    std::string what;
    int64_t assignment, member, override, regrade;
    int64_t expected;
  };
  const std::vector<Case> cases = {
      {"assignment changed last", At(90), At(1), 0, 0, At(90)},
      {"membership changed last", At(2), At(91), 0, 0, At(91)},
      {"override changed last", At(2), At(1), At(92), 0, At(92)},
      {"regrade last", At(2), At(1), 0, At(93), At(93)},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    GradebookLearner l = Learner({Finished("a", 5, 20, 50)});
    l.member_update_time_ms = c.member;
    if (c.override != 0) {
      l.override = AssignmentOverride();
      l.override_update_time_ms = c.override;
    }
    if (c.regrade != 0) {
      GradebookRegrade regrade;
      regrade.attempt_id = "a";
      regrade.regrade_time_ms = c.regrade;
      l.regrades.push_back(regrade);
    }
    Result r =
        ComputeResult(MakeAssignment(quiz::v1::SCORING_POLICY_HIGHEST, 0),
                      c.assignment, l, At(100));
    EXPECT_EQ(Ms(r.update_time()), c.expected);
  }
}

TEST(Gradebook, RegradeHistoryOldestFirst) {
  GradebookLearner learner =
      Learner({Finished("a", 0, 10, 80), Finished("b", 20, 30, 70)});
  auto regrade = [](const std::string& attempt, int64_t from, int64_t to,
                    double old_percent, double new_percent, int minute) {
    GradebookRegrade r;
    r.attempt_id = attempt;
    r.from_version = from;
    r.to_version = to;
    r.old_percent = old_percent;
    r.new_percent = new_percent;
    r.regraded_by = "users/carol";
    r.regrade_time_ms = At(minute);
    return r;
  };
  learner.regrades = {regrade("b", 2, 3, 70, 75, 60),
                      regrade("a", 1, 2, 60, 80, 40),
                      regrade("b", 1, 2, 65, 70, 40)};
  Result result =
      ComputeResult(MakeAssignment(quiz::v1::SCORING_POLICY_HIGHEST, 0), At(0),
                    learner, At(100));
  ASSERT_EQ(result.regrades_size(), 3);
  EXPECT_EQ(result.regrades(0).attempt(), "attempts/a");
  EXPECT_EQ(result.regrades(1).attempt(), "attempts/b");
  EXPECT_EQ(result.regrades(1).to_bank_version(), 2);
  EXPECT_EQ(result.regrades(2).attempt(), "attempts/b");
  EXPECT_EQ(result.regrades(2).from_bank_version(), 2);
  EXPECT_EQ(result.regrades(2).to_bank_version(), 3);
  EXPECT_DOUBLE_EQ(result.regrades(2).old_percent(), 70);
  EXPECT_DOUBLE_EQ(result.regrades(2).new_percent(), 75);
  EXPECT_EQ(result.regrades(2).regraded_by(), "users/carol");
  EXPECT_EQ(Ms(result.regrades(2).regrade_time()), At(60));
  EXPECT_EQ(Ms(result.update_time()), At(60));
  // The score is on the attempts' current (regraded) percents.
  EXPECT_DOUBLE_EQ(result.percent(), 80);
}

TEST(Gradebook, LearnerTimesFromOverride) {
  Assignment assignment = MakeAssignment(quiz::v1::SCORING_POLICY_HIGHEST, 0);
  EXPECT_EQ(LearnerDueMs(assignment, std::nullopt), 0);
  EXPECT_EQ(LearnerCloseMs(assignment, std::nullopt), 0);
  *assignment.mutable_due_time() = Ts(At(10));
  *assignment.mutable_close_time() = Ts(At(20));
  EXPECT_EQ(LearnerDueMs(assignment, AssignmentOverride()), At(10));
  EXPECT_EQ(LearnerCloseMs(assignment, AssignmentOverride()), At(20));
  AssignmentOverride o;
  *o.mutable_due_time() = Ts(At(30));
  *o.mutable_close_time() = Ts(At(40));
  EXPECT_EQ(LearnerDueMs(assignment, o), At(30));
  EXPECT_EQ(LearnerCloseMs(assignment, o), At(40));
}

}  // namespace
}  // namespace grading
