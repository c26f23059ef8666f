#include "tests/grading/grade_table_util.h"

#include "absl/strings/str_join.h"
#include "server/grading/grade.h"

namespace grading {

void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }
void PrintTo(const Refusal& c, std::ostream* os) { *os << c.name; }

TEST_P(GradeTable, ScoresAsSpecified) {
  const Case& c = GetParam();
  quiz::v1::Item item = Parse<quiz::v1::Item>(c.item);
  absl::StatusOr<quiz::v1::Outcome> outcome =
      Grade(item, Parse<quiz::v1::Response>(c.response), {c.negative_marking});
  ASSERT_TRUE(outcome.ok()) << outcome.status();
  EXPECT_NEAR(outcome->score(), c.score, 1e-9);
  EXPECT_EQ(quiz::v1::Correctness_Name(outcome->correctness()),
            quiz::v1::Correctness_Name(c.correctness));
  EXPECT_DOUBLE_EQ(outcome->max_score(), ItemPoints(item));
  const std::string feedback = absl::StrJoin(outcome->feedback(), "\n");
  EXPECT_NE(feedback.find(c.feedback), std::string::npos) << feedback;
}

TEST_P(RejectTable, RefusesWithTheField) {
  const Refusal& c = GetParam();
  absl::StatusOr<quiz::v1::Outcome> outcome = Grade(
      Parse<quiz::v1::Item>(c.item), Parse<quiz::v1::Response>(c.response));
  ASSERT_FALSE(outcome.ok()) << c.response;
  EXPECT_EQ(outcome.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(outcome.status().message().find(c.message), std::string::npos)
      << outcome.status();
  EXPECT_EQ(outcome.status().message().rfind("response", 0), 0u)
      << "the message must start with the response field: " << outcome.status();
}

}  // namespace grading
