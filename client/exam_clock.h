// The clock of a timed attempt as `quiz take` shows it: the status line with
// the time left, the warnings before the deadline, and the end. Pure: every
// function takes "now", so tests need no waiting.
#ifndef QUIZD_CLIENT_EXAM_CLOCK_H_
#define QUIZD_CLIENT_EXAM_CLOCK_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"

namespace client {

class ExamClock {
 public:
  // `limit` is the attempt's whole time (deadline - start). A warning is
  // given at `warning_seconds` left when positive (the quiz's setting), and
  // at 5 minutes and at 1 minute left when the limit is longer than that.
  ExamClock(absl::Time deadline, absl::Duration limit, int warning_seconds);

  absl::Time deadline() const { return deadline_; }
  bool Over(absl::Time now) const { return now >= deadline_; }

  // "Time: 12:34 left", or with the last warning given at `now` or before,
  // "Time: 4:59 left -- under 5 minutes: the attempt is finished at the
  // deadline". One line, no newline.
  std::string StatusLine(absl::Time now) const;

  // The warning due at `now` that has not been given yet (the most urgent
  // when several are due at once), marking it and every earlier one given;
  // nullopt when none is due. "WARNING: under 5 minutes left (4:59 left).
  // The attempt is finished automatically at the deadline."
  std::optional<std::string> TakeDueWarning(absl::Time now);

 private:
  absl::Time deadline_;
  std::vector<absl::Duration> thresholds_;  // longest first
  size_t given_ = 0;                        // thresholds_[0, given_) given
};

// "5 minutes", "1 minute", "90 seconds", "2 hours".
std::string DescribeDuration(absl::Duration duration);

}  // namespace client

#endif  // QUIZD_CLIENT_EXAM_CLOCK_H_
