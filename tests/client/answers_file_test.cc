#include "client/answers_file.h"

#include <string>

#include "gtest/gtest.h"
#include "tests/client/sample_attempt_util.h"

namespace client {
namespace {

using testing::Contains;
using testing::Ids;
using Strings = std::vector<std::string>;

quiz::v1::Attempt Exam() {
  return testing::SampleAttempt(quiz::v1::QUIZ_MODE_EXAM);
}

TEST(ParseAnswersTextTest, ReadsLinesSkippingBlanksAndComments) {
  absl::StatusOr<std::vector<AnswerLine>> lines = ParseAnswersText(
      "# my answers\n"
      "\n"
      "q-single: y\n"
      "  q-multi :  a, c  \r\n"
      "   # indented comment\n"
      "q-codes: E11.9: note\n",
      "ans.txt");
  ASSERT_TRUE(lines.ok()) << lines.status();
  ASSERT_EQ(lines->size(), 3);
  EXPECT_EQ((*lines)[0].line, 3);
  EXPECT_EQ((*lines)[0].item_id, "q-single");
  EXPECT_EQ((*lines)[0].answer, "y");
  EXPECT_EQ((*lines)[1].line, 4);
  EXPECT_EQ((*lines)[1].item_id, "q-multi");
  EXPECT_EQ((*lines)[1].answer, "a, c");
  // Only the first colon separates: the answer may contain more.
  EXPECT_EQ((*lines)[2].answer, "E11.9: note");
}

TEST(ParseAnswersTextTest, ReportsEveryMalformedLineWithItsNumber) {
  absl::StatusOr<std::vector<AnswerLine>> lines = ParseAnswersText(
      "q-single: y\n"
      "no colon here\n"
      ": y\n"
      "q-multi:\n",
      "ans.txt");
  ASSERT_EQ(lines.status().code(), absl::StatusCode::kInvalidArgument);
  std::string message(lines.status().message());
  EXPECT_TRUE(Contains(message, "ans.txt:2: expected `ITEM_ID: ANSWER`"));
  EXPECT_TRUE(Contains(message, "ans.txt:3: missing item id"));
  EXPECT_TRUE(Contains(message, "ans.txt:4: missing answer for item"));
  EXPECT_FALSE(Contains(message, "ans.txt:1"));
}

TEST(ReadAnswersFileTest, MissingFileIsAUsageError) {
  absl::StatusOr<std::vector<AnswerLine>> lines =
      ReadAnswersFile("/nonexistent/answers.txt");
  EXPECT_EQ(lines.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(Contains(lines.status().message(), "/nonexistent/answers.txt"));
}

TEST(PlanResponsesTest, BuildsResponsesOfEveryType) {
  absl::StatusOr<std::vector<AnswerLine>> lines = ParseAnswersText(
      "q-single: y\n"
      "q-multi: c, a\n"
      "q-tf: FALSE\n"
      "q-num: $64.00\n"
      "q-codes: E11.9, I10\n",
      "ans.txt");
  ASSERT_TRUE(lines.ok());
  absl::StatusOr<std::vector<PlannedResponse>> plan =
      PlanResponses(*lines, Exam(), "ans.txt");
  ASSERT_TRUE(plan.ok()) << plan.status();
  ASSERT_EQ(plan->size(), 5);
  EXPECT_EQ((*plan)[0].item_id, "q-single");
  EXPECT_EQ(Ids((*plan)[0].response.choice().option_ids()), (Strings{"y"}));
  EXPECT_EQ(Ids((*plan)[1].response.choice().option_ids()),
            (Strings{"c", "a"}));
  EXPECT_TRUE((*plan)[2].response.has_true_false());
  EXPECT_FALSE((*plan)[2].response.true_false());
  EXPECT_EQ((*plan)[3].response.numeric(), "$64.00");
  EXPECT_EQ((*plan)[4].response.codes(), "E11.9, I10");
  EXPECT_EQ((*plan)[4].line, 5);
}

TEST(PlanResponsesTest, RejectsUnknownItemsAndBadAnswersWithLineNumbers) {
  absl::StatusOr<std::vector<AnswerLine>> lines = ParseAnswersText(
      "q-single: B\n"      // a letter, not an option id
      "q-nope: a\n"        // not in the attempt
      "q-multi: a, a\n"    // repeated option
      "q-tf: maybe\n"      // not true/false
      "q-single: x, y\n"   // answered twice
      "q-codes: E11.9\n",  // fine
      "ans.txt");
  ASSERT_TRUE(lines.ok());
  absl::StatusOr<std::vector<PlannedResponse>> plan =
      PlanResponses(*lines, Exam(), "ans.txt");
  ASSERT_EQ(plan.status().code(), absl::StatusCode::kInvalidArgument);
  std::string message(plan.status().message());
  EXPECT_TRUE(Contains(message,
                       "ans.txt:1: item \"q-single\": unknown option id "
                       "\"B\" (options: x, y, z)"));
  EXPECT_TRUE(
      Contains(message, "ans.txt:2: item \"q-nope\" is not in attempt att1"));
  EXPECT_TRUE(Contains(message,
                       "ans.txt:3: item \"q-multi\": option \"a\" "
                       "given twice"));
  EXPECT_TRUE(Contains(message, "ans.txt:4: item \"q-tf\": true/false"));
  EXPECT_TRUE(Contains(message,
                       "ans.txt:5: item \"q-single\" is already "
                       "answered on line 1"));
  EXPECT_FALSE(Contains(message, "ans.txt:6"));
}

TEST(PlanResponsesTest, SingleChoiceTakesExactlyOneOption) {
  absl::StatusOr<std::vector<PlannedResponse>> plan =
      PlanResponses({{7, "q-single", "x, y"}}, Exam(), "f");
  ASSERT_FALSE(plan.ok());
  EXPECT_TRUE(Contains(plan.status().message(),
                       "f:7: item \"q-single\": single-choice item takes "
                       "exactly one option id, got 2"));
}

TEST(PlanResponsesTest, GroupsCaseSubItemsIntoOneResponse) {
  quiz::v1::Attempt attempt = Exam();
  quiz::v1::AttemptItem* case_item = attempt.add_items();
  case_item->set_position(6);
  quiz::v1::Item* item = case_item->mutable_item();
  item->set_id("case-1");
  item->mutable_case_item()->set_scenario("A visit note.");
  quiz::v1::Item* dx = item->mutable_case_item()->add_items();
  dx->set_id("case-1-dx");
  dx->mutable_code_entry();
  quiz::v1::Item* tf = item->mutable_case_item()->add_items();
  tf->set_id("case-1-tf");
  tf->mutable_true_false();

  absl::StatusOr<std::vector<PlannedResponse>> plan = PlanResponses(
      {{1, "case-1-dx", "E11.9"}, {2, "q-tf", "t"}, {3, "case-1-tf", "f"}},
      attempt, "f");
  ASSERT_TRUE(plan.ok()) << plan.status();
  ASSERT_EQ(plan->size(), 2);
  EXPECT_EQ((*plan)[0].item_id, "case-1");
  const auto& parts = (*plan)[0].response.case_answer().parts();
  ASSERT_EQ(parts.size(), 2);
  EXPECT_EQ(parts[0].item_id(), "case-1-dx");
  EXPECT_EQ(parts[0].response().codes(), "E11.9");
  EXPECT_EQ(parts[1].item_id(), "case-1-tf");
  EXPECT_FALSE(parts[1].response().true_false());
  EXPECT_EQ((*plan)[1].item_id, "q-tf");

  absl::StatusOr<std::vector<PlannedResponse>> whole =
      PlanResponses({{4, "case-1", "x"}}, attempt, "f");
  EXPECT_TRUE(Contains(whole.status().message(),
                       "f:4: item \"case-1\" is a case item"));
}

TEST(PlanIdsTest, OneEntryPerLineWithTheAnswersWords) {
  absl::StatusOr<std::vector<AnswerLine>> lines = ParseAnswersText(
      "q-multi: a, c\n"
      "q-match: p1=r2 , p2 = r1\n"
      "q-text: " +
          std::string(65, 'w') + ", short\n",
      "ans.txt");
  ASSERT_TRUE(lines.ok()) << lines.status();
  auto planned = PlanIds(*lines);
  ASSERT_EQ(planned.size(), 3);
  EXPECT_EQ(planned[0].item_id(), "q-multi");
  EXPECT_EQ(Ids(planned[0].ids()), (Strings{"a", "c"}));
  EXPECT_EQ(Ids(planned[1].ids()), (Strings{"p1", "r2", "p2", "r1"}));
  // A word longer than any id is left out.
  EXPECT_EQ(Ids(planned[2].ids()), (Strings{"short"}));
}

TEST(PlanRefusalAtLineTest, NamesTheLineOfTheRefusedEntry) {
  absl::StatusOr<std::vector<AnswerLine>> lines =
      ParseAnswersText("# c\nq-single: y\n\nq-multi: a, zz\n", "ans.txt");
  ASSERT_TRUE(lines.ok()) << lines.status();
  absl::Status refused = PlanRefusalAtLine(
      absl::InvalidArgumentError(
          "planned[1].ids[1]: item \"q-multi\" has no option \"zz\""),
      *lines, "ans.txt");
  EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(refused.message(),
            "ans.txt:4: item \"q-multi\" has no option \"zz\"");
  // The generic text checks do not name the item: the line gets its id.
  refused =
      PlanRefusalAtLine(absl::InvalidArgumentError(
                            "planned[0].item_id: longer than 200 characters"),
                        *lines, "ans.txt");
  EXPECT_EQ(refused.message(),
            "ans.txt:2: item id \"q-single\": longer than 200 characters");
  // Anything else is passed on unchanged.
  for (const absl::Status& other :
       {absl::InvalidArgumentError("quiz: malformed"),
        absl::InvalidArgumentError("planned[9].item_id: out of range"),
        absl::InvalidArgumentError("planned[x].item_id: no"),
        absl::NotFoundError("planned[0].item_id: no")}) {
    EXPECT_EQ(PlanRefusalAtLine(other, *lines, "ans.txt"), other);
  }
}

}  // namespace
}  // namespace client
