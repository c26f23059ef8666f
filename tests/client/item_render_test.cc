#include "client/item_render.h"

#include <string>

#include "client/format.h"
#include "gtest/gtest.h"
#include "tests/client/sample_attempt_util.h"

namespace client {
namespace {

using testing::Contains;

TEST(RenderQuestionTest, HeaderOptionsFlagAndCurrentAnswer) {
  quiz::v1::Attempt attempt = testing::SampleAttempt(quiz::v1::QUIZ_MODE_EXAM);
  quiz::v1::AttemptItem item = attempt.items(1);
  item.set_flagged(true);
  item.mutable_response()->mutable_choice()->add_option_ids("a");
  item.mutable_response()->mutable_choice()->add_option_ids("c");
  EXPECT_EQ(RenderQuestion(item, 5, "12:34 left", kDefaultWidth),
            "Question 2 of 5 \xC2\xB7 ICD    12:34 left    [flagged]\n"
            "\n"
            "Select all that apply.\n"
            "\n"
            "(select all that apply)\n"
            "  A) First\n"
            "  B) Second\n"
            "  C) Third\n"
            "  D) Fourth\n"
            "\n"
            "Your answer: A, C\n");
}

TEST(RenderQuestionTest, UntimedUnansweredHasNoAnswerLine) {
  quiz::v1::Attempt attempt = testing::SampleAttempt(quiz::v1::QUIZ_MODE_EXAM);
  std::string text = RenderQuestion(attempt.items(3), 5, "", kDefaultWidth);
  EXPECT_TRUE(Contains(text, "Question 4 of 5 \xC2\xB7 Billing\n"));
  EXPECT_TRUE(Contains(text, "(a number, in USD, e.g. 64.00 USD)"));
  EXPECT_FALSE(Contains(text, "Your answer"));
}

TEST(RenderOutcomeTest, PracticeFeedbackWithoutDuplicates) {
  quiz::v1::Attempt attempt =
      testing::SampleAttemptWithKeys(quiz::v1::QUIZ_MODE_PRACTICE);
  quiz::v1::AttemptItem item = attempt.items(0);
  EXPECT_EQ(RenderOutcome(item, kDefaultWidth), "");  // not graded yet
  item.mutable_response()->mutable_choice()->add_option_ids("x");
  quiz::v1::Outcome* outcome = item.mutable_outcome();
  outcome->set_correctness(quiz::v1::INCORRECT);
  outcome->set_max_score(1);
  outcome->add_feedback("X is too vague.");
  EXPECT_EQ(RenderOutcome(item, kDefaultWidth),
            "Incorrect (0/1)\n"
            "  Your answer: A\n"
            "  Correct answer: B\n"
            "  - X is too vague.\n"
            "Rationale:\n"
            "  Y is the specific code.\n"
            "References:\n"
            "  - ICD-10-CM I.A.1\n");
}

TEST(RenderReviewItemTest, MarksKeyAndChoice) {
  quiz::v1::Attempt attempt = testing::FinishedSampleAttempt();
  std::string text = RenderReviewItem(attempt.items(0), 5, kDefaultWidth);
  EXPECT_TRUE(Contains(text,
                       "  >  A) Option X\n"
                       "   * B) Option Y\n"
                       "     C) Option Z\n"));
  EXPECT_TRUE(Contains(text, "Partially correct (0.5/1)"));

  std::string tf = RenderReviewItem(attempt.items(2), 5, kDefaultWidth);
  EXPECT_TRUE(Contains(tf, "  >* True\n     False\n"));

  std::string numeric = RenderReviewItem(attempt.items(3), 5, kDefaultWidth);
  EXPECT_TRUE(
      Contains(numeric, "  Your answer: $64\n  Correct answer: 64 USD\n"));

  std::string codes = RenderReviewItem(attempt.items(4), 5, kDefaultWidth);
  EXPECT_TRUE(
      Contains(codes, "  Your answer: (none)\n  Correct codes: E11.9\n"));
  EXPECT_TRUE(Contains(codes, "Unanswered (0/1)"));
}

TEST(RenderQuestionTest, WrapsStemAndOptionsToTheWidth) {
  quiz::v1::Attempt attempt = testing::SampleAttempt(quiz::v1::QUIZ_MODE_EXAM);
  quiz::v1::AttemptItem item = attempt.items(0);
  item.mutable_item()->set_stem(
      "A patient is seen for a follow-up of type 2 diabetes. Which code is "
      "right?");
  item.mutable_item()->mutable_single_choice()->mutable_options(1)->set_text(
      "E11.9, type 2 diabetes mellitus without complications");
  EXPECT_EQ(RenderQuestion(item, 5, "", 30),
            "Question 1 of 5 \xC2\xB7 ICD\n"
            "\n"
            "A patient is seen for a\n"
            "follow-up of type 2 diabetes.\n"
            "Which code is right?\n"
            "\n"
            "  A) Option X\n"
            "  B) E11.9, type 2 diabetes\n"
            "     mellitus without\n"
            "     complications\n"
            "  C) Option Z\n");
}

TEST(RenderOutcomeTest, WrapsFeedbackRationaleAndReferences) {
  quiz::v1::Attempt attempt =
      testing::SampleAttemptWithKeys(quiz::v1::QUIZ_MODE_PRACTICE);
  quiz::v1::AttemptItem item = attempt.items(0);
  item.mutable_item()->set_rationale(
      "Code to the highest degree of specificity documented.");
  item.mutable_item()->mutable_references(0)->set_citation(
      "ICD-10-CM Official Guidelines, Section I.A.1");
  item.mutable_response()->mutable_choice()->add_option_ids("x");
  quiz::v1::Outcome* outcome = item.mutable_outcome();
  outcome->set_correctness(quiz::v1::INCORRECT);
  outcome->set_max_score(1);
  outcome->add_feedback("Unspecified codes are a last resort.");
  EXPECT_EQ(RenderOutcome(item, 30),
            "Incorrect (0/1)\n"
            "  Your answer: A\n"
            "  Correct answer: B\n"
            "  - Unspecified codes are a\n"
            "    last resort.\n"
            "  - A: X is too vague.\n"
            "Rationale:\n"
            "  Code to the highest degree\n"
            "  of specificity documented.\n"
            "References:\n"
            "  - ICD-10-CM Official\n"
            "    Guidelines, Section I.A.1\n");
}

TEST(RenderItemListTest, MarksAnsweredFlaggedAndCurrent) {
  quiz::v1::Attempt attempt = testing::SampleAttempt(quiz::v1::QUIZ_MODE_EXAM);
  attempt.mutable_items(0)->mutable_response()->set_numeric("1");
  attempt.mutable_items(2)->set_flagged(true);
  std::string list = RenderItemList(attempt, 3);
  EXPECT_TRUE(Contains(list,
                       "   1  answered            Which code is "
                       "right?\n"));
  EXPECT_TRUE(Contains(list,
                       ">  3  -          flagged  A denial can be "
                       "appealed.\n"));
  EXPECT_TRUE(Contains(list, "1 of 5 answered, 1 flagged\n"));
}

}  // namespace
}  // namespace client
