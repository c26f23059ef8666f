// The exam clock's status line and warnings, at fixed instants.
#include "client/exam_clock.h"

#include <optional>
#include <string>

#include "gtest/gtest.h"
#include "tests/client/sample_attempt_util.h"

namespace client {
namespace {

using testing::Contains;

const absl::Time kDeadline = absl::FromUnixSeconds(1740830400);

TEST(ExamClockTest, StatusLineCountsDown) {
  ExamClock clock(kDeadline, absl::Hours(1), 0);
  EXPECT_EQ(clock.StatusLine(kDeadline - absl::Seconds(754)),
            "Time: 12:34 left");
  EXPECT_FALSE(clock.Over(kDeadline - absl::Seconds(1)));
  EXPECT_TRUE(clock.Over(kDeadline));
  EXPECT_EQ(clock.StatusLine(kDeadline + absl::Seconds(5)), "Time: 0:00 left");
}

TEST(ExamClockTest, WarnsAtFiveMinutesAndOneMinuteOnceEach) {
  ExamClock clock(kDeadline, absl::Hours(1), 0);
  EXPECT_EQ(clock.TakeDueWarning(kDeadline - absl::Minutes(6)), std::nullopt);
  std::optional<std::string> five =
      clock.TakeDueWarning(kDeadline - absl::Seconds(299));
  ASSERT_TRUE(five.has_value());
  EXPECT_EQ(*five,
            "WARNING: under 5 minutes left (4:59 left). The attempt is "
            "finished automatically at the deadline.");
  EXPECT_EQ(clock.TakeDueWarning(kDeadline - absl::Seconds(200)), std::nullopt);
  EXPECT_TRUE(Contains(clock.StatusLine(kDeadline - absl::Seconds(200)),
                       "3:20 left \xE2\x80\x94 under 5 minutes"));
  std::optional<std::string> one =
      clock.TakeDueWarning(kDeadline - absl::Seconds(30));
  ASSERT_TRUE(one.has_value());
  EXPECT_TRUE(Contains(*one, "under 1 minute left (0:30 left)"));
  EXPECT_EQ(clock.TakeDueWarning(kDeadline - absl::Seconds(10)), std::nullopt);
  // No warning once the time is up: that is the time-up notice's job.
  EXPECT_EQ(clock.TakeDueWarning(kDeadline), std::nullopt);
}

TEST(ExamClockTest, SeveralDueAtOnceGiveTheMostUrgentOnly) {
  ExamClock clock(kDeadline, absl::Hours(1), 0);
  std::optional<std::string> warning =
      clock.TakeDueWarning(kDeadline - absl::Seconds(45));
  ASSERT_TRUE(warning.has_value());
  EXPECT_TRUE(Contains(*warning, "under 1 minute"));
  EXPECT_EQ(clock.TakeDueWarning(kDeadline - absl::Seconds(44)), std::nullopt);
}

TEST(ExamClockTest, TheQuizsWarningAndShortLimits) {
  // A 3-minute quiz: no 5-minute warning at its start, but the 1-minute one
  // and the quiz's own at 2 minutes.
  ExamClock clock(kDeadline, absl::Minutes(3), 120);
  EXPECT_EQ(clock.TakeDueWarning(kDeadline - absl::Minutes(3)), std::nullopt);
  std::optional<std::string> own =
      clock.TakeDueWarning(kDeadline - absl::Seconds(119));
  ASSERT_TRUE(own.has_value());
  EXPECT_TRUE(Contains(*own, "under 2 minutes left"));
  EXPECT_TRUE(clock.TakeDueWarning(kDeadline - absl::Seconds(59)).has_value());
}

TEST(DescribeDurationTest, Units) {
  EXPECT_EQ(DescribeDuration(absl::Minutes(5)), "5 minutes");
  EXPECT_EQ(DescribeDuration(absl::Minutes(1)), "1 minute");
  EXPECT_EQ(DescribeDuration(absl::Seconds(90)), "90 seconds");
  EXPECT_EQ(DescribeDuration(absl::Hours(2)), "2 hours");
}

}  // namespace
}  // namespace client
