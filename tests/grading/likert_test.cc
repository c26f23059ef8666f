#include <map>

#include "gtest/gtest.h"
#include "server/grading/grade.h"
#include "tests/grading/grade_table_util.h"

namespace grading {
namespace {

const char kDetail[] = R"pb(
  id: "detail"
  topic: "t"
  likert {
    weights { trait: "coding" weight: 1 }
    weights { trait: "billing" weight: -0.5 }
  })pb";
const char kReversed[] = R"pb(
  id: "phone"
  topic: "t"
  likert {
    scale: [ "Never", "Sometimes", "Often" ]
    weights { trait: "coding" weight: 2 }
    reverse_keyed: true
  })pb";

std::map<std::string, double> Traits(const char* item, int position) {
  absl::StatusOr<quiz::v1::Outcome> outcome =
      Grade(Parse<quiz::v1::Item>(item),
            Parse<quiz::v1::Response>("likert: " + std::to_string(position)));
  EXPECT_TRUE(outcome.ok()) << outcome.status();
  EXPECT_EQ(outcome->correctness(), quiz::v1::NOT_SCORED);
  EXPECT_EQ(outcome->score(), 0);
  EXPECT_EQ(outcome->max_score(), 0);
  std::map<std::string, double> traits;
  for (const auto& trait : outcome->traits()) {
    traits[trait.trait()] = trait.weight();
  }
  return traits;
}

TEST(Likert, CentresTheScaleAndWeightsEachTrait) {
  EXPECT_EQ(Traits(kDetail, 5),
            (std::map<std::string, double>{{"coding", 2}, {"billing", -1}}));
  EXPECT_EQ(Traits(kDetail, 3),
            (std::map<std::string, double>{{"coding", 0}, {"billing", 0}}));
  EXPECT_EQ(Traits(kDetail, 1),
            (std::map<std::string, double>{{"coding", -2}, {"billing", 1}}));
}

TEST(Likert, ReverseKeyedItemsOnTheirOwnScale) {
  EXPECT_EQ(Traits(kReversed, 1),
            (std::map<std::string, double>{{"coding", 2}}));
  EXPECT_EQ(Traits(kReversed, 3),
            (std::map<std::string, double>{{"coding", -2}}));
}

TEST(Likert, NeverCorrectNeverWorthPoints) {
  EXPECT_EQ(ItemPoints(Parse<quiz::v1::Item>(kDetail)), 0);
  absl::StatusOr<quiz::v1::Outcome> skipped =
      Grade(Parse<quiz::v1::Item>(kDetail), quiz::v1::Response());
  ASSERT_TRUE(skipped.ok());
  EXPECT_EQ(skipped->correctness(), quiz::v1::NOT_SCORED);
}

INSTANTIATE_TEST_SUITE_P(
    Likert, RejectTable,
    ::testing::Values(
        Refusal{"below_scale", kDetail, "likert: 0",
                "response.likert: item detail takes a position from 1 to 5, "
                "got 0"},
        Refusal{"above_own_scale", kReversed, "likert: 4",
                "takes a position from 1 to 3, got 4"},
        Refusal{"text", kDetail, "text: 'agree'", "takes a likert answer"}),
    CaseName());

}  // namespace
}  // namespace grading
