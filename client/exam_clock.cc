#include "client/exam_clock.h"

#include <algorithm>
#include <cstdint>
#include <functional>

#include "absl/strings/str_cat.h"
#include "client/format.h"

namespace client {

ExamClock::ExamClock(absl::Time deadline, absl::Duration limit,
                     int warning_seconds)
    : deadline_(deadline) {
  // The quiz's own warning always counts; the defaults only when the
  // attempt is longer, so a 3-minute quiz does not open with a warning.
  if (warning_seconds > 0)
    thresholds_.push_back(absl::Seconds(warning_seconds));
  for (absl::Duration threshold : {absl::Minutes(5), absl::Minutes(1)}) {
    if (threshold < limit && std::find(thresholds_.begin(), thresholds_.end(),
                                       threshold) == thresholds_.end()) {
      thresholds_.push_back(threshold);
    }
  }
  std::sort(thresholds_.begin(), thresholds_.end(),
            std::greater<absl::Duration>());
}

std::string ExamClock::StatusLine(absl::Time now) const {
  std::string line = absl::StrCat("Time: ", FormatTimeLeft(deadline_ - now));
  if (given_ > 0 && !Over(now)) {
    absl::StrAppend(&line, " \xE2\x80\x94 under ",
                    DescribeDuration(thresholds_[given_ - 1]),
                    ": the attempt is finished at the deadline");
  }
  return line;
}

std::optional<std::string> ExamClock::TakeDueWarning(absl::Time now) {
  const absl::Duration left = deadline_ - now;
  size_t due = given_;
  while (due < thresholds_.size() && left <= thresholds_[due]) ++due;
  if (due == given_ || left <= absl::ZeroDuration()) return std::nullopt;
  given_ = due;
  return absl::StrCat("WARNING: under ", DescribeDuration(thresholds_[due - 1]),
                      " left (", FormatTimeLeft(left),
                      "). The attempt is finished automatically at the "
                      "deadline.");
}

std::string DescribeDuration(absl::Duration duration) {
  const int64_t seconds = absl::ToInt64Seconds(duration);
  auto count = [](int64_t n, const char* unit) {
    return absl::StrCat(n, " ", unit, n == 1 ? "" : "s");
  };
  if (seconds % 3600 == 0 && seconds > 0) return count(seconds / 3600, "hour");
  if (seconds % 60 == 0 && seconds > 0) return count(seconds / 60, "minute");
  return count(seconds, "second");
}

}  // namespace client
