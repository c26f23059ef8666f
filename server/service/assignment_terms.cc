#include "server/service/assignment_terms.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/time/time.h"

namespace service {
namespace {

int64_t MillisOf(const google::protobuf::Timestamp& time) {
  return time.seconds() * 1000 + time.nanos() / 1000000;
}

int64_t MillisOr0(bool has, const google::protobuf::Timestamp& time) {
  return has ? MillisOf(time) : 0;
}

// INVALID_ARGUMENT unless `time` is a valid Timestamp within 1970-9999.
absl::Status CheckTimestamp(const google::protobuf::Timestamp& time,
                            const std::string& field) {
  constexpr int64_t kMaxSeconds = 253402300799;  // 9999-12-31T23:59:59Z
  if (time.seconds() <= 0 || time.seconds() > kMaxSeconds || time.nanos() < 0 ||
      time.nanos() > 999999999) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": not a time between 1970 and 9999"));
  }
  return absl::OkStatus();
}

}  // namespace

std::string PlainTime(int64_t ms) {
  // %e pads single-digit days with a space: "Mon 7 Dec", not "Mon  7 Dec".
  return absl::StrReplaceAll(
      absl::FormatTime("%a %e %b %H:%M UTC", absl::FromUnixMillis(ms),
                       absl::UTCTimeZone()),
      {{"  ", " "}});
}

LearnerTerms TermsFor(const std::string& id,
                      const quiz::v1::Assignment& assignment,
                      const std::optional<quiz::v1::AssignmentOverride>& o) {
  LearnerTerms terms;
  terms.assignment_id = id;
  terms.open_ms = MillisOr0(assignment.has_open_time(), assignment.open_time());
  terms.due_ms = MillisOr0(assignment.has_due_time(), assignment.due_time());
  terms.close_ms =
      MillisOr0(assignment.has_close_time(), assignment.close_time());
  terms.attempts_allowed = assignment.max_attempts();
  terms.time_limit_seconds = assignment.time_limit_seconds();
  terms.release =
      assignment.release_policy() == quiz::v1::RELEASE_POLICY_UNSPECIFIED
          ? quiz::v1::RELEASE_AFTER_EACH_ATTEMPT
          : assignment.release_policy();
  if (o.has_value()) {
    if (o->has_due_time()) {
      terms.due_ms = std::max(terms.due_ms, MillisOf(o->due_time()));
    }
    if (o->has_close_time()) {
      terms.close_ms =
          terms.close_ms == 0
              ? terms.close_ms  // never closes: stays so
              : std::max(terms.close_ms, MillisOf(o->close_time()));
    }
    if (terms.attempts_allowed > 0) {
      terms.attempts_allowed += o->extra_attempts();
    }
    if (o->time_limit_factor() > 0) terms.time_factor = o->time_limit_factor();
    terms.extra_minutes = o->extra_minutes();
  }
  return terms;
}

absl::Status CheckWindow(const LearnerTerms& terms, int64_t now_ms) {
  if (terms.open_ms != 0 && now_ms < terms.open_ms) {
    return absl::FailedPreconditionError(
        absl::StrCat("assignments/", terms.assignment_id, " opens ",
                     PlainTime(terms.open_ms)));
  }
  if (terms.close_ms != 0 && now_ms >= terms.close_ms) {
    return absl::FailedPreconditionError(
        absl::StrCat("assignments/", terms.assignment_id, " closed ",
                     PlainTime(terms.close_ms)));
  }
  return absl::OkStatus();
}

absl::Status CheckAttempts(const LearnerTerms& terms, int used) {
  if (terms.attempts_allowed > 0 && used >= terms.attempts_allowed) {
    return absl::FailedPreconditionError(
        absl::StrCat("assignments/", terms.assignment_id, ": ", used, " of ",
                     terms.attempts_allowed, " attempts used"));
  }
  return absl::OkStatus();
}

int64_t DeadlineFor(const LearnerTerms& terms, int quiz_limit_seconds,
                    int64_t start_ms) {
  const int base = terms.time_limit_seconds > 0 ? terms.time_limit_seconds
                                                : quiz_limit_seconds;
  int64_t deadline = 0;
  if (base > 0 || terms.extra_minutes > 0) {
    const int64_t limit_ms =
        static_cast<int64_t>(std::llround(base * 1000.0 * terms.time_factor)) +
        terms.extra_minutes * 60000LL;
    deadline = start_ms + limit_ms;
  }
  if (terms.close_ms != 0 && (deadline == 0 || deadline > terms.close_ms)) {
    deadline = terms.close_ms;
  }
  return deadline;
}

bool Released(const LearnerTerms& terms, bool finished, bool answered_practice,
              bool open_attempts, int64_t now_ms) {
  switch (terms.release) {
    case quiz::v1::RELEASE_IMMEDIATELY:
      return finished || answered_practice;
    case quiz::v1::RELEASE_AFTER_DUE: {
      if (!finished || open_attempts) return false;
      const int64_t due = terms.due_ms != 0 ? terms.due_ms : terms.close_ms;
      return due == 0 || now_ms >= due;
    }
    case quiz::v1::RELEASE_NEVER:
      return false;
    case quiz::v1::RELEASE_AFTER_EACH_ATTEMPT:
    default:
      return finished;
  }
}

bool OpenForSelfStudy(const quiz::v1::Quiz& quiz) {
  switch (quiz.access()) {
    case quiz::v1::QUIZ_ACCESS_OPEN:
      return true;
    case quiz::v1::QUIZ_ACCESS_ASSIGNED_ONLY:
      return false;
    default:
      return quiz.mode() != quiz::v1::QUIZ_MODE_EXAM;
  }
}

absl::Status CheckAssignmentValues(const quiz::v1::Assignment& a) {
  const struct {
    bool has;
    const google::protobuf::Timestamp& time;
    const char* field;
  } times[] = {{a.has_open_time(), a.open_time(), "assignment.open_time"},
               {a.has_due_time(), a.due_time(), "assignment.due_time"},
               {a.has_close_time(), a.close_time(), "assignment.close_time"}};
  for (const auto& t : times) {
    if (t.has) {
      if (absl::Status valid = CheckTimestamp(t.time, t.field); !valid.ok()) {
        return valid;
      }
    }
  }
  const int64_t open = MillisOr0(a.has_open_time(), a.open_time());
  const int64_t due = MillisOr0(a.has_due_time(), a.due_time());
  const int64_t close = MillisOr0(a.has_close_time(), a.close_time());
  if (open != 0 && due != 0 && due <= open) {
    return absl::InvalidArgumentError(
        "assignment.due_time: must be after open_time");
  }
  if (close != 0 && open != 0 && close <= open) {
    return absl::InvalidArgumentError(
        "assignment.close_time: must be after open_time");
  }
  if (close != 0 && due != 0 && close < due) {
    return absl::InvalidArgumentError(
        "assignment.close_time: must not be before due_time");
  }
  if (a.max_attempts() < 0 || a.max_attempts() > kMaxAttempts) {
    return absl::InvalidArgumentError(absl::StrCat(
        "assignment.max_attempts: must be 0 (unlimited) to ", kMaxAttempts));
  }
  if (a.time_limit_seconds() < 0 ||
      a.time_limit_seconds() > kMaxTimeLimitSeconds) {
    return absl::InvalidArgumentError(
        absl::StrCat("assignment.time_limit_seconds: must be 0 (the quiz's) "
                     "to ",
                     kMaxTimeLimitSeconds));
  }
  if (!quiz::v1::ScoringPolicy_IsValid(a.scoring_policy())) {
    return absl::InvalidArgumentError(
        absl::StrCat("assignment.scoring_policy: unknown value ",
                     static_cast<int>(a.scoring_policy())));
  }
  if (!quiz::v1::ReleasePolicy_IsValid(a.release_policy())) {
    return absl::InvalidArgumentError(
        absl::StrCat("assignment.release_policy: unknown value ",
                     static_cast<int>(a.release_policy())));
  }
  if (!std::isfinite(a.score_maximum()) || a.score_maximum() < 0 ||
      a.score_maximum() > 1e6) {
    return absl::InvalidArgumentError(
        "assignment.score_maximum: must be 0 (100) to 1000000");
  }
  return absl::OkStatus();
}

absl::Status CheckOverrideValues(const quiz::v1::AssignmentOverride& o,
                                 const quiz::v1::Assignment& a) {
  const double factor = o.time_limit_factor();
  if (!std::isfinite(factor) ||
      (factor != 0 && (factor < 1 || factor > kMaxTimeFactor))) {
    return absl::InvalidArgumentError(
        absl::StrCat("override.time_limit_factor: must be 0 (none) or 1 to ",
                     kMaxTimeFactor));
  }
  if (o.extra_minutes() < 0 || o.extra_minutes() > kMaxExtraMinutes) {
    return absl::InvalidArgumentError(absl::StrCat(
        "override.extra_minutes: must be 0 to ", kMaxExtraMinutes));
  }
  if (o.extra_attempts() < 0 || o.extra_attempts() > kMaxExtraAttempts) {
    return absl::InvalidArgumentError(absl::StrCat(
        "override.extra_attempts: must be 0 to ", kMaxExtraAttempts));
  }
  if (o.has_due_time()) {
    if (absl::Status v = CheckTimestamp(o.due_time(), "override.due_time");
        !v.ok()) {
      return v;
    }
    if (a.has_due_time() && MillisOf(o.due_time()) < MillisOf(a.due_time())) {
      return absl::InvalidArgumentError(
          "override.due_time: earlier than the assignment's due_time");
    }
  }
  if (o.has_close_time()) {
    if (absl::Status v = CheckTimestamp(o.close_time(), "override.close_time");
        !v.ok()) {
      return v;
    }
    if (!a.has_close_time()) {
      return absl::InvalidArgumentError(
          "override.close_time: the assignment never closes");
    }
    if (MillisOf(o.close_time()) < MillisOf(a.close_time())) {
      return absl::InvalidArgumentError(
          "override.close_time: earlier than the assignment's close_time");
    }
    const int64_t due = o.has_due_time()   ? MillisOf(o.due_time())
                        : a.has_due_time() ? MillisOf(a.due_time())
                                           : 0;
    if (due != 0 && MillisOf(o.close_time()) < due) {
      return absl::InvalidArgumentError(
          "override.close_time: before the learner's due_time");
    }
  }
  return absl::OkStatus();
}

}  // namespace service
