#include "gtest/gtest.h"
#include "server/grading/grade.h"
#include "tests/grading/grade_table_util.h"

namespace grading {
namespace {

// A remittance with three parts worth 1 + 2 + 1 points.
const char kRemit[] = R"pb(
  id: "remit"
  topic: "t"
  case_item {
    scenario: "Billed $200, allowed $120, deductible met, 20% coinsurance."
    items {
      id: "remit-owes"
      topic: "t"
      numeric { answer: 24 tolerance: 0.005 unit: "USD" }
    }
    items {
      id: "remit-group"
      topic: "t"
      points: 2
      single_choice {
        options { id: "co" correct: true }
        options { id: "pr" }
      }
    }
    items {
      id: "remit-paid"
      topic: "t"
      true_false { answer: true }
    }
  })pb";

std::string Parts(const std::string& parts) {
  return "case_answer { " + parts + " }";
}
std::string Part(const std::string& id, const std::string& response) {
  return "parts { item_id: '" + id + "' response { " + response + " } } ";
}

INSTANTIATE_TEST_SUITE_P(
    CaseItem, GradeTable,
    ::testing::Values(
        Case{"all_right", kRemit,
             Parts(Part("remit-owes", "numeric: '$24'") +
                   Part("remit-group", "choice { option_ids: 'co' }") +
                   Part("remit-paid", "true_false: true")),
             false, 4, quiz::v1::CORRECT},
        Case{"one_part_wrong", kRemit,
             Parts(Part("remit-owes", "numeric: '24'") +
                   Part("remit-group", "choice { option_ids: 'pr' }") +
                   Part("remit-paid", "true_false: true")),
             false, 2, quiz::v1::PARTIALLY_CORRECT},
        Case{"one_part_left_out", kRemit,
             Parts(Part("remit-group", "choice { option_ids: 'co' }")), false,
             2, quiz::v1::PARTIALLY_CORRECT},
        Case{"all_wrong", kRemit,
             Parts(Part("remit-owes", "numeric: '96'") +
                   Part("remit-paid", "true_false: false")),
             false, 0, quiz::v1::INCORRECT},
        Case{"negative_marking_in_parts", kRemit,
             Parts(Part("remit-owes", "numeric: '24'") +
                   Part("remit-group", "choice { option_ids: 'pr' }")),
             true, -1, quiz::v1::INCORRECT},
        Case{"all_parts_empty", kRemit,
             Parts(Part("remit-owes", "numeric: ' '")), false, 0,
             quiz::v1::UNANSWERED}),
    CaseName());

INSTANTIATE_TEST_SUITE_P(
    CaseItem, RejectTable,
    ::testing::Values(
        Refusal{"unknown_part", kRemit, Parts(Part("remit-x", "likert: 1")),
                "response.case_answer.parts[0].item_id: item remit has no "
                "part \"remit-x\""},
        Refusal{"part_twice", kRemit,
                Parts(Part("remit-paid", "true_false: true") +
                      Part("remit-paid", "true_false: false")),
                "parts[1].item_id: item remit got part \"remit-paid\" twice"},
        Refusal{"bad_part", kRemit,
                Parts(Part("remit-owes", "numeric: 'lots'")),
                "response.case_answer part remit-owes: response.numeric: "
                "item remit-owes \"lots\" is not a number of USD"},
        Refusal{"wrong_kind_in_part", kRemit,
                Parts(Part("remit-paid", "choice { option_ids: 'co' }")),
                "takes a true_false answer"}),
    CaseName());

TEST(CaseItem, OutcomeHasOnePartPerSubItemInOrder) {
  absl::StatusOr<quiz::v1::Outcome> outcome = Grade(
      Parse<quiz::v1::Item>(kRemit),
      Parse<quiz::v1::Response>(Parts(Part("remit-paid", "true_false: true"))));
  ASSERT_TRUE(outcome.ok()) << outcome.status();
  ASSERT_EQ(outcome->parts_size(), 3);
  EXPECT_EQ(outcome->parts(0).item_id(), "remit-owes");
  EXPECT_EQ(outcome->parts(0).outcome().correctness(), quiz::v1::UNANSWERED);
  EXPECT_EQ(outcome->parts(1).outcome().max_score(), 2);
  EXPECT_EQ(outcome->parts(2).outcome().correctness(), quiz::v1::CORRECT);
  EXPECT_EQ(outcome->max_score(), 4);
}

}  // namespace
}  // namespace grading
