// The progress renderers on fixed protos.
#include "client/progress_render.h"

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "client/review_session.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "tests/client/sample_attempt_util.h"

namespace client {
namespace {

using testing::Contains;

template <typename Message>
Message Parse(const std::string& text) {
  Message message;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &message))
      << text;
  return message;
}

// Code points of the widest line.
size_t WidestLine(const std::string& text) {
  size_t widest = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    size_t width = 0;
    for (char c : line) width += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    widest = std::max(widest, width);
  }
  return widest;
}

TEST(ShareBarTest, RoundsToTheNearestCell) {
  const struct {
    double share;
    std::string bar;
  } kCases[] = {
      {0.0, "░░░░░░░░░░ 0%"},   {0.8, "████████░░ 80%"},
      {0.04, "░░░░░░░░░░ 4%"},  {0.05, "█░░░░░░░░░ 5%"},
      {1.0, "██████████ 100%"}, {1.7, "██████████ 100%"},
      {-0.2, "░░░░░░░░░░ 0%"},  {0.666, "███████░░░ 67%"},
  };
  for (const auto& c : kCases) {
    EXPECT_EQ(ShareBar(c.share), c.bar) << c.share;
  }
}

TEST(TrendArrowTest, ThresholdsAtAFiftiethEitherWay) {
  const struct {
    double trend;
    std::string arrow;
  } kCases[] = {
      {0.4, "↑"},    {0.05, "↑"},  {0.049, "→"}, {0, "→"},
      {-0.049, "→"}, {-0.05, "↓"}, {-1, "↓"},
  };
  for (const auto& c : kCases) {
    EXPECT_EQ(TrendArrow(c.trend), c.arrow) << c.trend;
  }
}

TEST(CenteredBarTest, FillsFromTheCentreTowardTheSign) {
  const struct {
    double normalized;
    std::string bar;
  } kCases[] = {
      {0, "░░░░░░░░░░│░░░░░░░░░░"},    {0.5, "░░░░░░░░░░│█████░░░░░"},
      {-0.5, "░░░░░█████│░░░░░░░░░░"}, {1, "░░░░░░░░░░│██████████"},
      {-3, "██████████│░░░░░░░░░░"},
  };
  for (const auto& c : kCases) {
    EXPECT_EQ(CenteredBar(c.normalized), c.bar) << c.normalized;
  }
}

TEST(SparklineTest, EightLevels) {
  EXPECT_EQ(Sparkline({0, 50, 100, 120}), "▁▅██");
  EXPECT_EQ(Sparkline({}), "");
}

const char kProgress[] = R"pb(
  user: "users/alice"
  responses: 14
  reviews_due: 3
  topics {
    bank: "banks/clientbank"
    topic: "icd"
    title: "ICD"
    items_seen: 2
    items_total: 2
    responses: 4
    share_correct: 0.25
    trend: 0
    mastery: 0.31
  }
  topics {
    bank: "banks/clientbank"
    topic: "billing"
    title: "Billing claims, denials, appeals and the remittance advice"
    items_seen: 5
    items_total: 6
    responses: 10
    share_correct: 0.8
    trend: 0.4
    mastery: 0.83
  }
  history {
    attempt: "attempts/a1"
    quiz: "quizzes/drill"
    quiz_title: "Coding drill"
    finish_time { seconds: 1740830400 }
    percent: 50
  }
  history {
    attempt: "attempts/a2"
    quiz: "quizzes/practice"
    quiz_title: "Practice everything in both banks, all topics at once"
    finish_time { seconds: 1740916800 }
    percent: 62.5
  }
  history {
    attempt: "attempts/a3"
    quiz: "quizzes/drill"
    quiz_title: "Coding drill"
    finish_time { seconds: 1741003200 }
    percent: 87.5
    passed: true
  }
)pb";

TEST(RenderProgressTest, TableWeakestFirstWithBarsArrowsAndDueLine) {
  const std::string out =
      RenderProgress(Parse<quiz::v1::Progress>(kProgress), /*own=*/true, 100);
  EXPECT_EQ(out,
            "Progress of alice: 14 graded answers in 2 topics, weakest first\n"
            "\n"
            "TOPIC               TITLE                             SEEN  "
            "ANSWERS  CORRECT  MASTERY         TREND\n"
            "clientbank/icd      ICD                                2/2  "
            "      4      25%  ███░░░░░░░ 31%  →\n"
            "clientbank/billing  Billing claims, denials, appeal…   5/6  "
            "     10      80%  ████████░░ 83%  ↑\n"
            "\n"
            "3 items due for review: run `quiz review`\n")
      << out;
}

TEST(RenderProgressTest, TitlesMakeRoomForTheWidth) {
  const quiz::v1::Progress progress = Parse<quiz::v1::Progress>(kProgress);
  const struct {
    int width;
    size_t widest;
    std::string title;
  } kCases[] = {
      {80, 79, "  Billing cla…  "},
      {40, 79, "  Billing cla…  "},  // titles keep 12 columns
      {200, 125,
       "  Billing claims, denials, appeals and the remittance "
       "advice  "},
  };
  for (const auto& c : kCases) {
    const std::string out = RenderProgress(progress, true, c.width);
    EXPECT_EQ(WidestLine(out), c.widest) << c.width << "\n" << out;
    EXPECT_TRUE(Contains(out, c.title)) << c.width;
  }
}

TEST(RenderProgressTest, OthersAndEmptyProgress) {
  quiz::v1::Progress progress = Parse<quiz::v1::Progress>(kProgress);
  progress.set_reviews_due(1);
  EXPECT_TRUE(Contains(RenderProgress(progress, /*own=*/false, 80),
                       "\n1 item due for review\n"));
  progress.set_reviews_due(0);
  EXPECT_TRUE(Contains(RenderProgress(progress, true, 80),
                       "\nNo items due for review.\n"));
  progress.clear_topics();
  EXPECT_TRUE(
      Contains(RenderProgress(progress, true, 80), "No graded answers yet"));
  EXPECT_EQ(RenderProgress(progress, false, 80),
            "alice has no graded answers yet.\n");
}

TEST(RenderHistoryTest, OneRowPerAttemptWithinEightyColumns) {
  const std::string out = RenderHistory(
      Parse<quiz::v1::Progress>(kProgress),
      {{"quizzes/drill", 70}, {"quizzes/practice", 0}}, absl::UTCTimeZone());
  EXPECT_EQ(
      out,
      "Score history of alice, oldest first\n"
      "\n"
      "FINISHED          QUIZ                     SCORE                  "
      "      RESULT\n"
      "2025-03-01 12:00  Coding drill             ██████████░░░░░░░░░░    "
      "50%  FAIL\n"
      "2025-03-02 12:00  Practice everything in…  █████████████░░░░░░░  "
      "62.5%  -\n"
      "2025-03-03 12:00  Coding drill             ██████████████████░░  "
      "87.5%  PASS\n"
      "\n"
      "Last 3 attempts: ▅▅▇  (50% to 87.5%, +37.5 points)\n")
      << out;
  EXPECT_LE(WidestLine(out), 80u);
}

TEST(RenderHistoryTest, SaysWhenTheServerSentOnlyTheMostRecent) {
  quiz::v1::Progress progress = Parse<quiz::v1::Progress>(kProgress);
  progress.set_history_total(1200);
  const std::string out = RenderHistory(progress, {}, absl::UTCTimeZone());
  EXPECT_TRUE(absl::EndsWith(out,
                             "\nThe last 3 of 1200 finished attempts; `quiz "
                             "attempts` lists them all.\n"))
      << out;
}

TEST(RenderHistoryTest, NoAttempts) {
  EXPECT_EQ(RenderHistory(quiz::v1::Progress(), {}, absl::UTCTimeZone()),
            "No finished attempts yet.\n");
}

const char kReadiness[] = R"pb(
  quiz: "quizzes/drill"
  user: "users/alice"
  expected_percent: 58.3
  pass_percent: 70
  pass_probability: 0.21
  topics {
    topic: "icd"
    title: "ICD"
    items: 2
    weight: 0.5
    expected: 0.3
    gain_if_mastered: 30
  }
  topics {
    topic: "billing"
    title: "Billing"
    items: 2
    weight: 0.5
    expected: 0.87
    gain_if_mastered: 1.75
  }
  topics {
    topic: "hcpcs"
    title: "HCPCS"
    items: 1
    weight: 0.1
    expected: 0.92
    gain_if_mastered: 0
  }
)pb";

TEST(RenderReadinessTest, LargestGainFirstAndNamesTopicsToStudy) {
  quiz::v1::Readiness readiness = Parse<quiz::v1::Readiness>(kReadiness);
  // The client sorts by gain whatever order the server sent.
  readiness.mutable_topics()->SwapElements(0, 2);
  const std::string out = RenderReadiness(readiness);
  EXPECT_EQ(
      out,
      "Readiness of alice for drill\n"
      "\n"
      "Expected score:     58.3%\n"
      "Pass mark:          70%\n"
      "Chance of passing:  21%\n"
      "\n"
      "TOPIC    ITEMS  WEIGHT  EXPECTED        GAIN IF MASTERED\n"
      "ICD          2     50%  ███░░░░░░░ 30%               +30\n"
      "Billing      2     50%  █████████░ 87%             +1.75\n"
      "HCPCS        1     10%  █████████░ 92%                +0\n"
      "\n"
      "Study ICD (+30 points), then Billing (+1.75 points) first: they add "
      "the most to\n"
      "the expected score.\n")
      << out;
}

TEST(RenderReadinessTest, OneTopicWorthStudyingOrNone) {
  const struct {
    double second_gain;
    std::string sentence;
  } kCases[] = {
      {0.2, "Study ICD (+30 points) first: it adds the most"},
      {5, "Study ICD (+30 points), then Billing (+5 points) first"},
  };
  for (const auto& c : kCases) {
    quiz::v1::Readiness readiness = Parse<quiz::v1::Readiness>(kReadiness);
    readiness.mutable_topics(1)->set_gain_if_mastered(c.second_gain);
    EXPECT_TRUE(Contains(RenderReadiness(readiness), c.sentence));
  }
  quiz::v1::Readiness mastered = Parse<quiz::v1::Readiness>(kReadiness);
  for (auto& topic : *mastered.mutable_topics()) topic.set_gain_if_mastered(0);
  mastered.set_pass_percent(0);
  const std::string out = RenderReadiness(mastered);
  EXPECT_TRUE(Contains(out, "Pass mark:          none\n"));
  EXPECT_FALSE(Contains(out, "Chance of passing"));
  EXPECT_TRUE(Contains(out, "Every topic of this quiz is close to mastered"));
}

TEST(RenderStudentTableTest, OneRowPerStudent) {
  quiz::v1::ListProgressResponse list = Parse<quiz::v1::ListProgressResponse>(
      R"pb(
        students {
          user: "users/alice"
          responses: 12
          share_correct: 0.75
          weakest_topic: "clientbank/icd"
          weakest_mastery: 0.4
          reviews_due: 2
          attempts_finished: 3
        }
        students { user: "users/bob" }
      )pb");
  EXPECT_EQ(
      RenderStudentTable({list.students().begin(), list.students().end()}),
      "USER   ANSWERS  CORRECT  WEAKEST TOPIC   MASTERY         DUE  "
      "ATTEMPTS\n"
      "alice       12      75%  clientbank/icd  ████░░░░░░ 40%    2  "
      "       3\n"
      "bob          0        -  -               -                 0  "
      "       0\n");
  EXPECT_EQ(RenderStudentTable({}), "No students.\n");
}

const char kProfile[] = R"pb(
  user: "users/alice"
  latest {
    attempt: "attempts/a9"
    finish_time { seconds: 1740830400 }
    traits { trait: "coding" score: 20 normalized: 0.6 }
    traits { trait: "billing" score: -10 normalized: -0.3 }
    lean: 0.9
    fit: "coding"
  }
  previous { lean: -0.5 fit: "billing" }
  summary: "You may prefer medical coding because you lean toward focused, independent work, following rules and guidelines closely."
  certifications: "CPC (AAPC): outpatient and physician coding"
  certifications: "CCS (AHIMA): hospital inpatient coding"
  first_roles: "junior (entry-level) coder"
  change: "Last time you were billing-leaning (lean -0.50); now you are coding-leaning (lean +0.90)."
)pb";

TEST(RenderCareerProfileTest, BarsLeanSummaryListsAndChange) {
  const std::string out = RenderCareerProfile(
      Parse<quiz::v1::CareerProfile>(kProfile), absl::UTCTimeZone());
  EXPECT_EQ(out,
            "Career-fit profile of alice (inventory of 2025-03-01 12:00)\n"
            "\n"
            "  coding   -1 ░░░░░░░░░░│██████░░░░ +1  +0.60\n"
            "  billing  -1 ░░░░░░░███│░░░░░░░░░░ +1  -0.30\n"
            "  Lean: +0.90 (coding minus billing): leans to medical coding\n"
            "\n"
            "You may prefer medical coding because you lean toward focused, "
            "independent work,\n"
            "following rules and guidelines closely.\n"
            "\n"
            "Certifications that fit:\n"
            "  - CPC (AAPC): outpatient and physician coding\n"
            "  - CCS (AHIMA): hospital inpatient coding\n"
            "\n"
            "First roles to look for:\n"
            "  - junior (entry-level) coder\n"
            "\n"
            "Since last time: Last time you were billing-leaning (lean -0.50); "
            "now you are\n"
            "                 coding-leaning (lean +0.90).\n")
      << out;
  EXPECT_LE(WidestLine(out), 80u);
}

TEST(RenderCareerProfileTest, FirstTakingInvitesARetake) {
  quiz::v1::CareerProfile profile = Parse<quiz::v1::CareerProfile>(kProfile);
  profile.clear_previous();
  profile.clear_change();
  EXPECT_TRUE(Contains(RenderCareerProfile(profile, absl::UTCTimeZone()),
                       "This is your first result: take the inventory again"));
}

TEST(RenderReviewSummaryTest, CountsAndWhatIsDueNext) {
  const absl::Time now = testing::TestNow();
  ReviewResult result;
  result.correct = 1;
  result.skipped = 1;
  for (int days : {6, 1}) {
    quiz::v1::AnswerReviewResponse reply;
    reply.mutable_next_due_time()->set_seconds(
        absl::ToUnixSeconds(now + absl::Hours(24 * days)));
    result.replies.push_back(reply);
  }
  EXPECT_EQ(RenderReviewSummary(result, now, absl::UTCTimeZone()),
            "Reviewed 2, correct 1, skipped 1.\n"
            "Nothing else is due now; next due: 2025-03-02 12:00 (in 1 "
            "day).\n");
  result.remaining_due = 3;
  EXPECT_EQ(RenderReviewSummary(result, now, absl::UTCTimeZone()),
            "Reviewed 2, correct 1, skipped 1.\n"
            "3 items are still due: run `quiz review` again.\n");
}

}  // namespace
}  // namespace client
