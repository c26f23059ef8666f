#include "server/progress/standing.h"

#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "server/progress/career.h"
#include "server/progress/readiness.h"

namespace progress {
namespace {

GradedResponse Response(const std::string& item, double score, int64_t day,
                        double difficulty = 0) {
  GradedResponse response;
  response.bank_id = "b";
  response.item_id = item;
  response.topic = "t";
  response.difficulty = difficulty;
  response.score = score;
  response.max_score = 1;
  response.correct = score >= 1;
  response.time_ms = day * kDayMs;
  return response;
}

TEST(Standing, EloMovesByHowSurprisingEachAnswerWas) {
  Standing easy, hard;
  easy.Apply(Response("i", 1, 0, /*difficulty=*/-1.2));
  hard.Apply(Response("i", 1, 0, /*difficulty=*/1.2));
  // Right on a hard item says more than right on an easy one.
  EXPECT_GT(hard.topics.at({"b", "t"}).ability,
            easy.topics.at({"b", "t"}).ability);
  EXPECT_GT(easy.topics.at({"b", "t"}).ability, 0);
  Standing wrong;
  wrong.Apply(Response("i", 0, 0));
  EXPECT_LT(wrong.topics.at({"b", "t"}).ability, 0);
}

TEST(Standing, Sm2BringsLapsesBackNowAndSpacesRecalls) {
  Standing standing;
  standing.Apply(Response("i", 1, 0));  // right first time: never scheduled
  EXPECT_TRUE(standing.Due(100 * kDayMs).empty());
  standing.Apply(Response("i", 0, 1));  // a lapse: due at once
  EXPECT_EQ(standing.Due(1 * kDayMs).size(), 1u);
  standing.Apply(Response("i", 1, 1));  // recalled: 1 day
  EXPECT_TRUE(standing.Due(1 * kDayMs + 1).empty());
  EXPECT_EQ(standing.Due(2 * kDayMs).size(), 1u);
  standing.Apply(Response("i", 1, 2));  // then 6 days
  EXPECT_EQ(standing.items.at({"b", "i"}).interval_days, 6);
  standing.Apply(Response("i", 1, 8));  // then interval x easiness
  EXPECT_GT(standing.items.at({"b", "i"}).interval_days, 6);
  standing.Apply(Response("i", 0.5, 30));  // partly right is a lapse too
  EXPECT_EQ(standing.items.at({"b", "i"}).interval_days, 0);
}

TEST(Standing, TrendComparesTheLastFiveWithTheFiveBefore) {
  Standing standing;
  for (int i = 0; i < 5; ++i) standing.Apply(Response("a", 0, i));
  EXPECT_EQ(Trend(standing.topics.at({"b", "t"})), 0);  // too few
  for (int i = 5; i < 10; ++i) standing.Apply(Response("a", 1, i));
  EXPECT_DOUBLE_EQ(Trend(standing.topics.at({"b", "t"})), 1);
}

TEST(Standing, UnscoredResponsesAreIgnored) {
  Standing standing;
  GradedResponse likert = Response("l", 0, 0);
  likert.max_score = 0;
  standing.Apply(likert);
  EXPECT_EQ(standing.responses, 0);
  EXPECT_TRUE(standing.topics.empty());
}

template <typename T>
T Parse(const std::string& text) {
  T message;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &message));
  return message;
}

TEST(Readiness, ExpectedScoreAndPassChanceFollowAbility) {
  auto bank = Parse<quiz::v1::Bank>(R"pb(
    id: "b"
    topics { id: "t" title: "T" }
    topics { id: "u" title: "U" }
    items {
      id: "t1"
      topic: "t"
      true_false {}
    }
    items {
      id: "t2"
      topic: "t"
      true_false {}
    }
    items {
      id: "u1"
      topic: "u"
      true_false {}
    }
    items {
      id: "u2"
      topic: "u"
      true_false {}
    })pb");
  auto quiz = Parse<quiz::v1::Quiz>(R"pb(
    pass_percent: 70
    selections { topic: "t" count: 1 }
    selections { topic: "u" count: 1 })pb");
  Standing unknown;
  quiz::v1::Readiness even = ComputeReadiness(bank, quiz, unknown);
  EXPECT_NEAR(even.expected_percent(), 50, 1e-9);

  Standing strong;
  strong.topics[{"b", "t"}].ability = 3;
  strong.topics[{"b", "u"}].ability = -1;
  quiz::v1::Readiness readiness = ComputeReadiness(bank, quiz, strong);
  EXPECT_GT(readiness.expected_percent(), even.expected_percent());
  EXPECT_GT(readiness.pass_probability(), even.pass_probability());
  ASSERT_EQ(readiness.topics_size(), 2);
  EXPECT_EQ(readiness.topics(0).topic(), "u");  // most to gain
  EXPECT_EQ(readiness.topics(0).items(), 1);
  EXPECT_DOUBLE_EQ(readiness.topics(0).weight(), 0.5);
}

TEST(Career, LeanAndBandDecideTheFit) {
  auto item = Parse<quiz::v1::Item>(
      "id: 'c' likert { weights { trait: 'coding' weight: 1 } }");
  auto other = Parse<quiz::v1::Item>(
      "id: 'b' likert { weights { trait: 'billing' weight: 1 } }");
  std::map<std::string, quiz::v1::Outcome> outcomes;
  outcomes["c"] = Parse<quiz::v1::Outcome>(
      "traits { trait: 'coding' weight: 0.2 }");  // barely agrees
  quiz::v1::CareerResult result = ScoreInventory({&item, &other}, outcomes);
  EXPECT_DOUBLE_EQ(result.lean(), 0.1);
  EXPECT_EQ(result.fit(), "both");
  outcomes["c"] =
      Parse<quiz::v1::Outcome>("traits { trait: 'coding' weight: 2 }");
  outcomes["b"] =
      Parse<quiz::v1::Outcome>("traits { trait: 'billing' weight: -2 }");
  result = ScoreInventory({&item, &other}, outcomes);
  EXPECT_DOUBLE_EQ(result.lean(), 2);
  EXPECT_EQ(result.fit(), "coding");
  quiz::v1::CareerProfile profile = BuildCareerProfile({result});
  EXPECT_FALSE(profile.summary().empty());
  EXPECT_TRUE(profile.change().empty());
}

}  // namespace
}  // namespace progress
