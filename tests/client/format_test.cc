#include "client/format.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
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

TEST(WrapTest, ShortTextIsOneLine) {
  EXPECT_EQ(Wrap("Which form?", 40), "Which form?\n");
  EXPECT_EQ(Wrap("Which form?", 40, "  - "), "  - Which form?\n");
}

TEST(WrapTest, BreaksAtSpacesWithoutSplittingWords) {
  const std::string text =
      "The placeholder X fills empty positions before a 7th character.";
  EXPECT_EQ(Wrap(text, 24),
            "The placeholder X fills\n"
            "empty positions before a\n"
            "7th character.\n");
  // Every line fits and the words come back unchanged.
  for (int width = 20; width <= 70; ++width) {
    std::string wrapped = Wrap(text, width);
    std::string rejoined;
    for (absl::string_view line : absl::StrSplit(wrapped, '\n')) {
      EXPECT_LE(line.size(), static_cast<size_t>(width)) << wrapped;
      if (line.empty()) continue;
      absl::StrAppend(&rejoined, rejoined.empty() ? "" : " ", line);
    }
    EXPECT_EQ(rejoined, text) << width;
  }
}

TEST(WrapTest, HangingIndentForOptions) {
  EXPECT_EQ(Wrap("CO, contractual obligation: never bill the patient", 26,
                 "  B) ", "     "),
            "  B) CO, contractual\n"
            "     obligation: never\n"
            "     bill the patient\n");
}

TEST(WrapTest, ExactFitStaysOnOneLine) {
  EXPECT_EQ(Wrap("aaaaaaaaa bbbbbbbbbb", 20), "aaaaaaaaa bbbbbbbbbb\n");
  EXPECT_EQ(Wrap("aaaaaaaaa bbbbbbbbbbb", 20), "aaaaaaaaa\nbbbbbbbbbbb\n");
}

TEST(WrapTest, LongWordsOverflowWhole) {
  const std::string url = "https://www.cms.gov/medicare/coding-billing/icd-10";
  EXPECT_EQ(Wrap("See " + url + " today", 30), "See\n" + url + "\ntoday\n");
}

TEST(WrapTest, KeepsLineBreaksBlankLinesAndLeadingIndent) {
  // Lines end without trailing spaces, even a blank line's prefix.
  EXPECT_EQ(Wrap("Steps:\n\n  1. verify eligibility and benefits\nDone.\n", 24,
                 "> ", "> "),
            "> Steps:\n"
            ">\n"
            ">   1. verify\n"
            ">   eligibility and\n"
            ">   benefits\n"
            "> Done.\n");
}

TEST(WrapTest, SpacesInsideALineSurviveButNotAtABreak) {
  EXPECT_EQ(Wrap("T78.40XA.  Then   more words", 40),
            "T78.40XA.  Then   more words\n");
  EXPECT_EQ(Wrap("aaaa    bbbb", 20, "", ""), "aaaa    bbbb\n");
  EXPECT_EQ(Wrap("aaaaaaaaaaaaaaaa    bbbbbbbbbb", 20),
            "aaaaaaaaaaaaaaaa\nbbbbbbbbbb\n");
}

TEST(WrapTest, CountsCharactersNotBytes) {
  // 24 characters in 29 bytes: fits in 24 columns.
  EXPECT_EQ(
      Wrap("D\xC3\xA9nials \xC2\xB7 r\xC3\xA9sum\xC3\xA9 \xC3\xA0 faire", 24),
      "D\xC3\xA9nials \xC2\xB7 r\xC3\xA9sum\xC3\xA9 \xC3\xA0 faire\n");
}

TEST(WrapTest, NarrowWidthStillLeavesRoomForText) {
  // Width 10 with a 6-column prefix would leave 4 columns; text gets 20.
  EXPECT_EQ(Wrap("one two three four five six", 10, "  AB) ", "      "),
            "  AB) one two three four\n"
            "      five six\n");
}

TEST(WrapTest, EmptyTextIsOneLineAndTrailingBreaksAreDropped) {
  EXPECT_EQ(Wrap("", 40, "  - ", "    "), "  -\n");
  EXPECT_EQ(Wrap("block scalar\n", 40), "block scalar\n");
}

}  // namespace
}  // namespace client
