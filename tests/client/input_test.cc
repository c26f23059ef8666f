#include "client/input.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/client/sample_attempt_util.h"

namespace client {
namespace {

using testing::Contains;
using testing::Ids;
using Strings = std::vector<std::string>;

const quiz::v1::Item& SampleItem(int index) {
  static const quiz::v1::Attempt* const kAttempt =
      new quiz::v1::Attempt(testing::SampleAttempt(quiz::v1::QUIZ_MODE_EXAM));
  return kAttempt->items(index).item();
}
const quiz::v1::Item& Single() { return SampleItem(0); }  // x, y, z
const quiz::v1::Item& Multi() { return SampleItem(1); }   // a, b, c, d
const quiz::v1::Item& TrueFalse() { return SampleItem(2); }
const quiz::v1::Item& Numeric() { return SampleItem(3); }

Input Parsed(const std::string& line, const quiz::v1::Item& item) {
  absl::StatusOr<Input> input = ParseInput(line, item);
  EXPECT_TRUE(input.ok()) << "\"" << line << "\": " << input.status();
  return input.ok() ? *input : Input{};
}

std::string ErrorOf(const std::string& line, const quiz::v1::Item& item) {
  absl::StatusOr<Input> input = ParseInput(line, item);
  EXPECT_FALSE(input.ok()) << "\"" << line << "\" parsed";
  return std::string(input.status().message());
}

TEST(ParseInputTest, LettersMapToOptionIdsInServerOrder) {
  Input input = Parsed("b", Single());
  EXPECT_EQ(input.kind, Input::Kind::kAnswer);
  EXPECT_EQ(Ids(input.response.choice().option_ids()), Strings{"y"});
  EXPECT_EQ(Ids(Parsed(" C ", Single()).response.choice().option_ids()),
            Strings{"z"});
}

TEST(ParseInputTest, MultiSelectAcceptsCommasSpacesOrRunTogether) {
  for (const char* line : {"a,c", "ac", "a c", "A, C"}) {
    EXPECT_EQ(Ids(Parsed(line, Multi()).response.choice().option_ids()),
              (Strings{"a", "c"}))
        << line;
  }
}

TEST(ParseInputTest, RejectsLettersOutsideTheOptionRange) {
  EXPECT_TRUE(Contains(ErrorOf("d", Single()),
                       "\"d\" is not a choice here "
                       "(A-C)"));
  EXPECT_TRUE(Contains(ErrorOf("a,e", Multi()), "(A-D)"));
  EXPECT_TRUE(Contains(ErrorOf("a,c", Single()), "exactly one"));
  EXPECT_TRUE(Contains(ErrorOf("aa", Multi()), "given twice"));
  EXPECT_TRUE(Contains(ErrorOf("a1", Multi()), "not a letter"));
  EXPECT_FALSE(ParseInput("", Single()).ok());
}

TEST(ParseInputTest, OneLetterCommands) {
  EXPECT_EQ(Parsed("n", Single()).kind, Input::Kind::kNext);
  EXPECT_EQ(Parsed("p", Single()).kind, Input::Kind::kPrevious);
  EXPECT_EQ(Parsed("f", Single()).kind, Input::Kind::kFlag);
  EXPECT_EQ(Parsed("l", Single()).kind, Input::Kind::kList);
  EXPECT_EQ(Parsed("s", Single()).kind, Input::Kind::kSubmit);
  EXPECT_EQ(Parsed("q", Single()).kind, Input::Kind::kQuit);
  EXPECT_EQ(Parsed("?", Single()).kind, Input::Kind::kHelp);
  EXPECT_EQ(Parsed("N", Numeric()).kind, Input::Kind::kNext);
}

TEST(ParseInputTest, GoToTakesANumber) {
  Input input = Parsed("g 3", Single());
  EXPECT_EQ(input.kind, Input::Kind::kGoTo);
  EXPECT_EQ(input.position, 3);
  EXPECT_EQ(Parsed("go 12", Multi()).position, 12);
  EXPECT_TRUE(Contains(ErrorOf("g x", Single()), "question number"));
}

TEST(ParseInputTest, TrueFalseItemsReadFAsFalseAndFlagAsTheCommand) {
  Input f = Parsed("f", TrueFalse());
  EXPECT_EQ(f.kind, Input::Kind::kAnswer);
  EXPECT_FALSE(f.response.true_false());
  EXPECT_TRUE(f.response.has_true_false());
  EXPECT_TRUE(Parsed("t", TrueFalse()).response.true_false());
  EXPECT_TRUE(Parsed("True", TrueFalse()).response.true_false());
  EXPECT_FALSE(Parsed("false", TrueFalse()).response.true_false());
  EXPECT_EQ(Parsed("flag", TrueFalse()).kind, Input::Kind::kFlag);
  EXPECT_EQ(Parsed("n", TrueFalse()).kind, Input::Kind::kNext);
  EXPECT_TRUE(Contains(ErrorOf("maybe", TrueFalse()), "true/false"));
}

TEST(ParseInputTest, ALetterThatIsAnOptionIsAnAnswer) {
  quiz::v1::Item item;
  for (const char* id : {"o1", "o2", "o3", "o4", "o5", "o6"}) {
    item.mutable_single_choice()->add_options()->set_id(id);
  }
  Input f = Parsed("f", item);
  EXPECT_EQ(f.kind, Input::Kind::kAnswer);
  EXPECT_EQ(Ids(f.response.choice().option_ids()), Strings{"o6"});
  EXPECT_EQ(Parsed("flag", item).kind, Input::Kind::kFlag);
}

TEST(ParseInputTest, FreeTextItemsTakeTheLineAndEqualsForcesAnAnswer) {
  EXPECT_EQ(Parsed("$64.00", Numeric()).response.numeric(), "$64.00");
  quiz::v1::Item text;
  text.mutable_short_text();
  Input forced = Parsed("=n", text);
  EXPECT_EQ(forced.kind, Input::Kind::kAnswer);
  EXPECT_EQ(forced.response.text(), "n");
  EXPECT_EQ(Parsed("n", text).kind, Input::Kind::kNext);
  const quiz::v1::Item& codes = SampleItem(4);
  EXPECT_EQ(Parsed("E11.9, I10", codes).response.codes(), "E11.9, I10");
}

TEST(ParseInputTest, OrderingMatchingAndLikert) {
  quiz::v1::Item ordering;
  for (const char* id : {"s1", "s2", "s3"}) {
    ordering.mutable_ordering()->add_steps()->set_id(id);
  }
  EXPECT_EQ(Ids(Parsed("cab", ordering).response.ordering().step_ids()),
            (Strings{"s3", "s1", "s2"}));
  EXPECT_TRUE(Contains(ErrorOf("abd", ordering), "(A-C)"));

  quiz::v1::Item matching;
  for (const char* id : {"p1", "p2"}) {
    matching.mutable_matching()->add_prompts()->set_id(id);
  }
  for (const char* id : {"r1", "r2", "r3"}) {
    matching.mutable_matching()->add_answers()->set_id(id);
  }
  Input pairs = Parsed("1c 2a", matching);
  ASSERT_EQ(pairs.response.matching().pairs_size(), 2);
  EXPECT_EQ(pairs.response.matching().pairs(0).prompt_id(), "p1");
  EXPECT_EQ(pairs.response.matching().pairs(0).answer_id(), "r3");
  EXPECT_EQ(pairs.response.matching().pairs(1).answer_id(), "r1");
  EXPECT_TRUE(Contains(ErrorOf("3a", matching), "no prompt 3"));
  EXPECT_TRUE(Contains(ErrorOf("1d", matching), "(A-C)"));

  quiz::v1::Item likert;
  likert.mutable_likert();
  EXPECT_EQ(Parsed("4", likert).response.likert(), 4);
  EXPECT_TRUE(Contains(ErrorOf("6", likert), "from 1 to 5"));
}

}  // namespace
}  // namespace client
