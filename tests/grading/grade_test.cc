#include "server/grading/grade.h"

#include <string>
#include <vector>

#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "server/grading/score.h"

namespace grading {
namespace {

using quiz::v1::Correctness;
using quiz::v1::Item;
using quiz::v1::Response;

template <typename T>
T Parse(const std::string& text) {
  T message;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &message))
      << text;
  return message;
}

const char kSingle[] = R"pb(
  id: "s1"
  topic: "t"
  points: 2
  single_choice {
    options { id: "co45" text: "CO-45" correct: true feedback: "Right." }
    options { id: "pr1" text: "PR-1" feedback: "Deductible, not contractual." }
    options { id: "oa18" text: "OA-18" }
  })pb";

const char kMultiple[] = R"pb(
  id: "m1"
  topic: "t"
  multiple_choice {
    options { id: "a" correct: true }
    options { id: "b" correct: true }
    options { id: "c" }
    options { id: "d" }
  })pb";

const char kTrueFalse[] = R"pb(
  id: "tf"
  topic: "t"
  true_false { answer: false feedback_false: "Yes." feedback_true: "No." })pb";

struct Case {
  std::string name;
  std::string item;
  std::string response;
  bool negative_marking;
  double score;
  Correctness correctness;
};

class GradeTable : public ::testing::TestWithParam<Case> {};

TEST_P(GradeTable, ScoresAsSpecified) {
  const Case& c = GetParam();
  Item item = Parse<Item>(c.item);
  absl::StatusOr<quiz::v1::Outcome> outcome =
      Grade(item, Parse<Response>(c.response), {c.negative_marking});
  ASSERT_TRUE(outcome.ok()) << outcome.status();
  EXPECT_NEAR(outcome->score(), c.score, 1e-9);
  EXPECT_EQ(outcome->correctness(), c.correctness);
  EXPECT_DOUBLE_EQ(outcome->max_score(), ItemPoints(item));
}

void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

// kMultiple with another scoring mode.
std::string Multi(const std::string& scoring) {
  std::string item = kMultiple;
  const std::string open = "multiple_choice {";
  item.insert(item.find(open) + open.size(), " scoring: " + scoring);
  return item;
}

INSTANTIATE_TEST_SUITE_P(
    Items, GradeTable,
    ::testing::Values(
        Case{"single_right", kSingle, "choice { option_ids: 'co45' }", false, 2,
             quiz::v1::CORRECT},
        Case{"single_wrong", kSingle, "choice { option_ids: 'pr1' }", false, 0,
             quiz::v1::INCORRECT},
        Case{"single_wrong_negative", kSingle, "choice { option_ids: 'pr1' }",
             true, -1, quiz::v1::INCORRECT},
        Case{"single_empty", kSingle, "", false, 0, quiz::v1::UNANSWERED},
        Case{"single_empty_choice", kSingle, "choice {}", false, 0,
             quiz::v1::UNANSWERED},
        Case{"multi_exact", kMultiple, "choice { option_ids: ['b', 'a'] }",
             false, 1, quiz::v1::CORRECT},
        Case{"multi_duplicate_ids_count_once", kMultiple,
             "choice { option_ids: ['a', 'a', 'b'] }", false, 1,
             quiz::v1::CORRECT},
        Case{"multi_half_all_or_nothing", kMultiple,
             "choice { option_ids: 'a' }", false, 0, quiz::v1::INCORRECT},
        Case{"multi_half_partial", Multi("MULTI_SELECT_PARTIAL"),
             "choice { option_ids: 'a' }", false, 0.5,
             quiz::v1::PARTIALLY_CORRECT},
        Case{"multi_partial_wrong_cancels", Multi("MULTI_SELECT_PARTIAL"),
             "choice { option_ids: ['a', 'c'] }", false, 0,
             quiz::v1::INCORRECT},
        Case{"multi_partial_floor_zero", Multi("MULTI_SELECT_PARTIAL"),
             "choice { option_ids: ['c', 'd'] }", false, 0,
             quiz::v1::INCORRECT},
        Case{"multi_partial_all", Multi("MULTI_SELECT_PARTIAL"),
             "choice { option_ids: ['a', 'b'] }", false, 1, quiz::v1::CORRECT},
        Case{"tf_right", kTrueFalse, "true_false: false", false, 1,
             quiz::v1::CORRECT},
        Case{"tf_wrong", kTrueFalse, "true_false: true", false, 0,
             quiz::v1::INCORRECT},
        Case{"tf_wrong_negative", kTrueFalse, "true_false: true", true, -1,
             quiz::v1::INCORRECT}),
    [](const auto& info) { return info.param.name; });

TEST(Grade, FeedbackOfChosenOptionAndTrueFalse) {
  auto outcome = Grade(Parse<Item>(kSingle),
                       Parse<Response>("choice { option_ids: 'pr1' }"));
  ASSERT_TRUE(outcome.ok());
  ASSERT_EQ(outcome->feedback_size(), 1);
  EXPECT_EQ(outcome->feedback(0), "Deductible, not contractual.");

  outcome = Grade(Parse<Item>(kTrueFalse), Parse<Response>("true_false: true"));
  ASSERT_TRUE(outcome.ok());
  ASSERT_EQ(outcome->feedback_size(), 1);
  EXPECT_EQ(outcome->feedback(0), "No.");
}

TEST(Grade, MultiSelectSaysWhatWasMissed) {
  auto outcome = Grade(Parse<Item>(kMultiple),
                       Parse<Response>("choice { option_ids: ['a', 'c'] }"));
  ASSERT_TRUE(outcome.ok());
  ASSERT_EQ(outcome->feedback_size(), 2);
  EXPECT_EQ(outcome->feedback(0), "You chose 1 of the 2 correct options.");
  EXPECT_EQ(outcome->feedback(1), "1 chosen option is not correct.");
}

TEST(Grade, RejectsResponsesThatDoNotFitTheItem) {
  struct Bad {
    const char* item;
    const char* response;
    const char* message_part;
  };
  for (const Bad& bad : std::vector<Bad>{
           {kSingle, "choice { option_ids: 'zz' }", "has no option \"zz\""},
           {kSingle, "choice { option_ids: ['co45', 'pr1'] }",
            "takes one option"},
           {kSingle, "true_false: true", "takes a choice answer"},
           {kTrueFalse, "choice { option_ids: 'a' }", "takes a true_false"},
           {kMultiple, "text: 'a'", "takes a choice answer"},
       }) {
    auto outcome = Grade(Parse<Item>(bad.item), Parse<Response>(bad.response));
    ASSERT_FALSE(outcome.ok()) << bad.response;
    EXPECT_EQ(outcome.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_NE(outcome.status().message().find(bad.message_part),
              std::string::npos)
        << outcome.status();
  }
}

TEST(Grade, ItemWithoutTypeIsAnError) {
  auto outcome = Grade(Parse<Item>("id: 'x'"), Parse<Response>("likert: 3"));
  EXPECT_EQ(outcome.status().code(), absl::StatusCode::kInvalidArgument);
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
      ScoreAttempt(bank, {&i1, &i2, &i3}, outcomes, 50);
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

  EXPECT_FALSE(ScoreAttempt(bank, {&i1, &i2, &i3}, outcomes, 51).passed());
  EXPECT_FALSE(ScoreAttempt(bank, {&i1, &i2, &i3}, outcomes, 0).passed());
}

TEST(ScoreAttempt, NegativeMarkingNeverTakesTheTotalBelowZero) {
  auto bank = Parse<quiz::v1::Bank>("topics { id: 't' title: 'T' }");
  Item item = Parse<Item>("id: 'i' topic: 't'");
  std::map<std::string, quiz::v1::Outcome> outcomes;
  outcomes["i"] = Parse<quiz::v1::Outcome>(
      "score: -0.5 max_score: 1 correctness: INCORRECT");
  auto result = ScoreAttempt(bank, {&item}, outcomes, 70);
  EXPECT_DOUBLE_EQ(result.score(), 0);
  EXPECT_DOUBLE_EQ(result.topics(0).score(), 0);
  EXPECT_EQ(result.incorrect(), 1);
}

}  // namespace
}  // namespace grading
