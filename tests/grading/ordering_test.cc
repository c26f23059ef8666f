#include "gtest/gtest.h"
#include "tests/grading/grade_table_util.h"

namespace grading {
namespace {

// Four steps of the revenue cycle, in the right order.
const char kRevenueCycle[] = R"pb(
  id: "rc"
  topic: "t"
  points: 4
  ordering {
    steps { id: "code" text: "Assign codes" }
    steps { id: "claim" text: "Build the claim" }
    steps { id: "submit" text: "Submit the claim" }
    steps { id: "post" text: "Post the payment" }
  })pb";

std::string Partial() {
  std::string item = kRevenueCycle;
  item.insert(item.find("ordering {") + 10,
              " scoring: ORDERING_LONGEST_SUBSEQUENCE");
  return item;
}

std::string Order(const std::string& ids) {
  return "ordering { step_ids: [" + ids + "] }";
}

INSTANTIATE_TEST_SUITE_P(
    Ordering, GradeTable,
    ::testing::Values(
        Case{"exact_right", kRevenueCycle,
             Order("'code','claim','submit','post'"), false, 4,
             quiz::v1::CORRECT},
        Case{"exact_one_swap", kRevenueCycle,
             Order("'claim','code','submit','post'"), false, 0,
             quiz::v1::INCORRECT, "3 of 4 steps are in the right order"},
        Case{"exact_left_out", kRevenueCycle, Order("'code','claim','submit'"),
             false, 0, quiz::v1::INCORRECT, "1 step was left out"},
        Case{"partial_right", Partial(),
             Order("'code','claim','submit','post'"), false, 4,
             quiz::v1::CORRECT},
        Case{"partial_one_swap", Partial(),
             Order("'claim','code','submit','post'"), false, 3,
             quiz::v1::PARTIALLY_CORRECT},
        Case{"partial_last_moved_first", Partial(),
             Order("'post','code','claim','submit'"), false, 3,
             quiz::v1::PARTIALLY_CORRECT},
        Case{"partial_reversed_earns_nothing", Partial(),
             Order("'post','submit','claim','code'"), false, 0,
             quiz::v1::INCORRECT},
        Case{"partial_two_of_four", Partial(), Order("'submit','post','code'"),
             false, 2, quiz::v1::PARTIALLY_CORRECT, "1 step was left out"},
        Case{"empty", kRevenueCycle, "ordering {}", false, 0,
             quiz::v1::UNANSWERED}),
    CaseName());

INSTANTIATE_TEST_SUITE_P(
    Ordering, RejectTable,
    ::testing::Values(
        Refusal{"unknown_step", kRevenueCycle, Order("'code','bill'"),
                "response.ordering.step_ids: item rc has no step \"bill\""},
        Refusal{"step_twice", kRevenueCycle, Order("'code','code'"),
                "got step \"code\" twice"},
        Refusal{"choice_answer", kRevenueCycle, "choice { option_ids: 'code' }",
                "takes a ordering answer"}),
    CaseName());

}  // namespace
}  // namespace grading
