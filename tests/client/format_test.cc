#include "client/format.h"

#include "gtest/gtest.h"

namespace client {
namespace {

TEST(FormatTimeLeftTest, MinutesAndSeconds) {
  EXPECT_EQ(FormatTimeLeft(absl::Seconds(12 * 60 + 34)), "12:34 left");
  EXPECT_EQ(FormatTimeLeft(absl::Seconds(65)), "1:05 left");
  EXPECT_EQ(FormatTimeLeft(absl::Seconds(9)), "0:09 left");
}

TEST(FormatTimeLeftTest, HoursWhenLong) {
  EXPECT_EQ(FormatTimeLeft(absl::Seconds(3600 + 2 * 60 + 3)), "1:02:03 left");
}

TEST(FormatTimeLeftTest, RoundsUpAndNeverGoesNegative) {
  EXPECT_EQ(FormatTimeLeft(absl::Milliseconds(500)), "0:01 left");
  EXPECT_EQ(FormatTimeLeft(absl::Seconds(59) + absl::Milliseconds(1)),
            "1:00 left");
  EXPECT_EQ(FormatTimeLeft(absl::ZeroDuration()), "0:00 left");
  EXPECT_EQ(FormatTimeLeft(absl::Seconds(-30)), "0:00 left");
}

TEST(FormatElapsedTest, Units) {
  EXPECT_EQ(FormatElapsed(absl::Seconds(45)), "45s");
  EXPECT_EQ(FormatElapsed(absl::Seconds(12 * 60 + 5)), "12m 5s");
  EXPECT_EQ(FormatElapsed(absl::Minutes(30)), "30m");
  EXPECT_EQ(FormatElapsed(absl::Minutes(62)), "1h 02m");
  EXPECT_EQ(FormatElapsed(absl::Hours(2)), "2h");
}

TEST(FormatTimestampTest, UsesTheZoneAndDashForUnset) {
  google::protobuf::Timestamp timestamp;
  EXPECT_EQ(FormatTimestamp(timestamp, absl::UTCTimeZone()), "-");
  timestamp.set_seconds(1740830700);  // 2025-03-01 12:05:00 UTC
  EXPECT_EQ(FormatTimestamp(timestamp, absl::UTCTimeZone()),
            "2025-03-01 12:05");
  EXPECT_EQ(FormatTimestamp(timestamp, absl::FixedTimeZone(3600)),
            "2025-03-01 13:05");
}

TEST(FormatNumberTest, TrimsZeros) {
  EXPECT_EQ(FormatNumber(3), "3");
  EXPECT_EQ(FormatNumber(2.5), "2.5");
  EXPECT_EQ(FormatNumber(1.0 / 3), "0.33");
  EXPECT_EQ(FormatNumber(-0.0), "0");
  EXPECT_EQ(FormatPercent(75), "75%");
  EXPECT_EQ(FormatPercent(200.0 / 3), "66.7%");
}

TEST(NamesTest, LettersIdsAndEnums) {
  EXPECT_EQ(OptionLetter(0), "A");
  EXPECT_EQ(OptionLetter(25), "Z");
  EXPECT_EQ(OptionLetter(26), "AA");
  EXPECT_EQ(ResourceId("attempts/abc"), "abc");
  EXPECT_EQ(ResourceId("abc"), "abc");
  EXPECT_EQ(ModeName(quiz::v1::QUIZ_MODE_EXAM), "exam");
  EXPECT_EQ(ModeName(quiz::v1::QUIZ_MODE_UNSPECIFIED), "practice");
  EXPECT_EQ(RoleName(quiz::v1::ROLE_STUDENT), "student");
  EXPECT_EQ(CorrectnessName(quiz::v1::PARTIALLY_CORRECT), "Partially correct");
}

}  // namespace
}  // namespace client
