#include "server/grading/score.h"

#include <map>
#include <string>

#include "gtest/gtest.h"
#include "tests/grading/grade_table_util.h"

namespace grading {
namespace {

using quiz::v1::Item;

quiz::v1::Quiz PassMark(double percent) {
  quiz::v1::Quiz quiz;
  quiz.set_pass_percent(percent);
  return quiz;
}

TEST(ScoreAttempt, TotalsTopicsAndPassMark) {
  auto bank = Parse<quiz::v1::Bank>(R"pb(
    topics { id: "a" title: "Alpha" }
    topics { id: "b" title: "Beta" }
    topics { id: "unused" title: "Unused" })pb");
  Item i1 = Parse<Item>("id: 'i1' topic: 'b'");
  Item i2 = Parse<Item>("id: 'i2' topic: 'a' points: 3");
  Item i3 = Parse<Item>("id: 'i3' topic: 'a'");
  std::map<std::string, quiz::v1::Outcome> outcomes;
  outcomes["i1"] =
      Parse<quiz::v1::Outcome>("score: 1 max_score: 1 correctness: CORRECT");
  outcomes["i2"] = Parse<quiz::v1::Outcome>(
      "score: 1.5 max_score: 3 correctness: PARTIALLY_CORRECT");
  // i3 unanswered.
  quiz::v1::AttemptResult result =
      ScoreAttempt(bank, PassMark(50), {&i1, &i2, &i3}, outcomes);
  EXPECT_DOUBLE_EQ(result.score(), 2.5);
  EXPECT_DOUBLE_EQ(result.max_score(), 5);
  EXPECT_DOUBLE_EQ(result.percent(), 50);
  EXPECT_TRUE(result.passed());
  EXPECT_EQ(result.correct(), 1);
  EXPECT_EQ(result.partially_correct(), 1);
  EXPECT_EQ(result.unanswered(), 1);
  ASSERT_EQ(result.topics_size(), 2);
  EXPECT_EQ(result.topics(0).title(), "Alpha");
  EXPECT_DOUBLE_EQ(result.topics(0).score(), 1.5);
  EXPECT_DOUBLE_EQ(result.topics(0).max_score(), 4);
  EXPECT_EQ(result.topics(0).items(), 2);
  EXPECT_EQ(result.topics(1).correct(), 1);

  EXPECT_FALSE(
      ScoreAttempt(bank, PassMark(51), {&i1, &i2, &i3}, outcomes).passed());
  EXPECT_FALSE(
      ScoreAttempt(bank, PassMark(0), {&i1, &i2, &i3}, outcomes).passed());
}

TEST(ScoreAttempt, NegativeMarkingNeverTakesTheTotalBelowZero) {
  auto bank = Parse<quiz::v1::Bank>("topics { id: 't' title: 'T' }");
  Item item = Parse<Item>("id: 'i' topic: 't'");
  std::map<std::string, quiz::v1::Outcome> outcomes;
  outcomes["i"] = Parse<quiz::v1::Outcome>(
      "score: -0.5 max_score: 1 correctness: INCORRECT");
  auto result = ScoreAttempt(bank, PassMark(70), {&item}, outcomes);
  EXPECT_DOUBLE_EQ(result.score(), 0);
  EXPECT_DOUBLE_EQ(result.topics(0).score(), 0);
  EXPECT_EQ(result.incorrect(), 1);
}

TEST(ScoreAttempt, TopicWeightsScaleTheirItems) {
  auto bank = Parse<quiz::v1::Bank>(R"pb(
    topics { id: "a" title: "Alpha" }
    topics { id: "b" title: "Beta" })pb");
  auto quiz = Parse<quiz::v1::Quiz>(R"pb(
    pass_percent: 70
    topic_weights { topic: "a" weight: 3 })pb");
  Item a = Parse<Item>("id: 'a1' topic: 'a'");
  Item b = Parse<Item>("id: 'b1' topic: 'b'");
  std::map<std::string, quiz::v1::Outcome> outcomes;
  outcomes["a1"] =
      Parse<quiz::v1::Outcome>("score: 1 max_score: 1 correctness: CORRECT");
  outcomes["b1"] =
      Parse<quiz::v1::Outcome>("score: 0 max_score: 1 correctness: INCORRECT");
  auto result = ScoreAttempt(bank, quiz, {&a, &b}, outcomes);
  EXPECT_DOUBLE_EQ(result.score(), 3);
  EXPECT_DOUBLE_EQ(result.max_score(), 4);
  EXPECT_DOUBLE_EQ(result.percent(), 75);
  EXPECT_TRUE(result.passed());
  EXPECT_DOUBLE_EQ(result.topics(0).max_score(), 3);
  EXPECT_DOUBLE_EQ(result.topics(1).max_score(), 1);
}

TEST(ScoreAttempt, LikertItemsAreNeverCounted) {
  auto bank = Parse<quiz::v1::Bank>("topics { id: 't' title: 'T' }");
  Item scored = Parse<Item>("id: 's' topic: 't'");
  Item answered = Parse<Item>(
      "id: 'l1' topic: 't' likert { weights { trait: 'x' weight: 1 } }");
  Item skipped = Parse<Item>(
      "id: 'l2' topic: 't' likert { weights { trait: 'x' weight: 1 } }");
  std::map<std::string, quiz::v1::Outcome> outcomes;
  outcomes["s"] =
      Parse<quiz::v1::Outcome>("score: 1 max_score: 1 correctness: CORRECT");
  outcomes["l1"] = Parse<quiz::v1::Outcome>("correctness: NOT_SCORED");
  auto result = ScoreAttempt(bank, PassMark(50), {&scored, &answered, &skipped},
                             outcomes);
  EXPECT_DOUBLE_EQ(result.max_score(), 1);
  EXPECT_EQ(result.correct(), 1);
  EXPECT_EQ(result.incorrect(), 0);
  EXPECT_EQ(result.unanswered(), 0);
  EXPECT_EQ(result.topics(0).items(), 1);
}

}  // namespace
}  // namespace grading
