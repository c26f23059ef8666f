// Single choice, multiple choice and true/false, and what every type shares.
#include <string>

#include "gtest/gtest.h"
#include "server/grading/grade.h"
#include "tests/grading/grade_table_util.h"

namespace grading {
namespace {

using quiz::v1::Item;
using quiz::v1::Response;

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

// kMultiple with another scoring mode.
std::string Multi(const std::string& scoring) {
  std::string item = kMultiple;
  const std::string open = "multiple_choice {";
  item.insert(item.find(open) + open.size(), " scoring: " + scoring);
  return item;
}

INSTANTIATE_TEST_SUITE_P(
    Choice, GradeTable,
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
    CaseName());

INSTANTIATE_TEST_SUITE_P(
    Choice, RejectTable,
    ::testing::Values(
        Refusal{"unknown_option", kSingle, "choice { option_ids: 'zz' }",
                "has no option \"zz\""},
        Refusal{"two_options_for_single", kSingle,
                "choice { option_ids: ['co45', 'pr1'] }", "takes one option"},
        Refusal{"true_false_for_choice", kSingle, "true_false: true",
                "takes a choice answer"},
        Refusal{"choice_for_true_false", kTrueFalse,
                "choice { option_ids: 'a' }", "takes a true_false"},
        Refusal{"text_for_choice", kMultiple, "text: 'a'",
                "takes a choice answer"}),
    CaseName());

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

TEST(Grade, ItemWithoutTypeIsAnError) {
  auto outcome = Grade(Parse<Item>("id: 'x'"), Parse<Response>("likert: 3"));
  EXPECT_EQ(outcome.status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace grading
