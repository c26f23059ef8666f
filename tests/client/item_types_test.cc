// Every item type through the client's parsers and renderers, table-driven:
// what the student types at the prompt (ParseInput, ParsePartInput), what an
// answers file says (ResponseFromIds), the question screen, the practice
// outcome and the review.
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "client/format.h"
#include "client/input.h"
#include "client/item_render.h"
#include "client/responses.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "tests/client/sample_attempt_util.h"

namespace client {
namespace {

using quiz::v1::AttemptItem;
using quiz::v1::Item;
using quiz::v1::Response;
using testing::Contains;

const quiz::v1::Attempt& Basic() {
  static const auto* const kAttempt =
      new quiz::v1::Attempt(testing::SampleAttempt(quiz::v1::QUIZ_MODE_EXAM));
  return *kAttempt;
}
const quiz::v1::Attempt& Mixed() {
  static const auto* const kAttempt =
      new quiz::v1::Attempt(testing::AllTypesAttempt(quiz::v1::QUIZ_MODE_EXAM));
  return *kAttempt;
}
const quiz::v1::Attempt& MixedWithKeys() {
  static const auto* const kAttempt = new quiz::v1::Attempt(
      testing::AllTypesAttemptWithKeys(quiz::v1::QUIZ_MODE_PRACTICE));
  return *kAttempt;
}

// The item of either sample attempt with this id, or a case part's.
const Item& ItemById(const std::string& id) {
  for (const quiz::v1::Attempt* attempt : {&Basic(), &Mixed()}) {
    for (const AttemptItem& item : attempt->items()) {
      if (item.item().id() == id) return item.item();
      for (const Item& part : item.item().case_item().items()) {
        if (part.id() == id) return part;
      }
    }
  }
  ADD_FAILURE() << "no item " << id;
  return Item::default_instance();
}

Response ResponseOf(const std::string& text) {
  Response response;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &response))
      << text;
  return response;
}

std::string Text(const Response& response) {
  std::string text;
  google::protobuf::TextFormat::Printer printer;
  printer.SetSingleLineMode(true);
  printer.PrintToString(response, &text);
  return std::string(absl::StripAsciiWhitespace(text));
}

// One typed line and what it must become: `response` (text format) for an
// answer, else a piece of the error message.
struct AnswerCase {
  std::string item_id;
  std::string line;
  std::string response;
  std::string error;
};

void PrintTo(const AnswerCase& c, std::ostream* out) {
  *out << c.item_id << " <- \"" << c.line << "\"";
}

class PromptAnswerTest : public ::testing::TestWithParam<AnswerCase> {};

TEST_P(PromptAnswerTest, ParsesInTheItemsOwnTerms) {
  const AnswerCase& c = GetParam();
  absl::StatusOr<Input> input = ParseInput(c.line, ItemById(c.item_id));
  if (c.error.empty()) {
    ASSERT_TRUE(input.ok()) << input.status();
    EXPECT_EQ(input->kind, Input::Kind::kAnswer);
    EXPECT_EQ(Text(input->response), Text(ResponseOf(c.response)));
  } else {
    ASSERT_FALSE(input.ok()) << Text(input->response);
    EXPECT_TRUE(Contains(input.status().message(), c.error));
  }
}

INSTANTIATE_TEST_SUITE_P(
    EveryType, PromptAnswerTest,
    ::testing::ValuesIn(std::vector<AnswerCase>{
        {"q-single", "b", R"(choice { option_ids: "y" })", ""},
        {"q-single", "a,b", "", "choose exactly one letter"},
        {"q-multi", "d a", R"(choice { option_ids: "d" option_ids: "a" })", ""},
        {"q-multi", "e", "", "\"e\" is not a choice here (A-D)"},
        {"q-tf", "T", "true_false: true", ""},
        {"q-tf", "f", "true_false: false", ""},
        {"q-tf", "yes", "", "true/false item takes"},
        {"q-order", "bdac",
         R"(ordering { step_ids: "s2" step_ids: "s4" step_ids: "s1"
                       step_ids: "s3" })",
         ""},
        {"q-order", "c, a, b, d",
         R"(ordering { step_ids: "s3" step_ids: "s1" step_ids: "s2"
                       step_ids: "s4" })",
         ""},
        {"q-order", "cab", "", "put all 4 steps in order; missing D"},
        {"q-order", "abce", "", "\"e\" is not a choice here (A-D)"},
        {"q-order", "abca", "", "\"a\" is given twice"},
        {"q-match", "1b 2a",
         R"(matching { pairs { prompt_id: "p1" answer_id: "r2" }
                       pairs { prompt_id: "p2" answer_id: "r1" } })",
         ""},
        {"q-match", "1=c,2-a",
         R"(matching { pairs { prompt_id: "p1" answer_id: "r3" }
                       pairs { prompt_id: "p2" answer_id: "r1" } })",
         ""},
        {"q-match", "1b 1a", "", "prompt 1 is paired twice"},
        {"q-match", "3a", "", "there is no prompt 3 (1-2)"},
        {"q-match", "1d", "", "\"d\" is not a choice here (A-C)"},
        {"q-match", "b1", "", "pair a prompt number with a letter, e.g. 1b"},
        {"q-num", "$1,234.50 USD", R"(numeric: "$1,234.50 USD")", ""},
        {"q-num", "64", R"(numeric: "64")", ""},
        {"q-num", "64 usd", R"(numeric: "64 usd")", ""},
        {"q-num", "sixty", "",
         "\"sixty\" is not a number of USD (e.g. 64.00 or "
         "64.00 USD)"},
        {"q-num", "12,34", "", "commas must group thousands"},
        {"q-num", "64 apples", "", "is not a number"},
        {"q-codes", "E11.9, I10", R"(codes: "E11.9, I10")", ""},
        {"q-codes", "e11.9", R"(codes: "e11.9")", ""},
        {"q-codes", "E11.9, 9921", "",
         "\"9921\" is not a valid ICD-10-CM code; enter codes like E11.9, I10"},
        {"c-cpt", "99213-25", R"(codes: "99213-25")", ""},
        {"c-cpt", "99213-2", "", "\"99213-2\" is not a valid CPT code"},
        {"q-text", "Coinsurance", R"(text: "Coinsurance")", ""},
        {"q-text", "=n", R"(text: "n")", ""},
        {"q-likert", "4", "likert: 4", ""},
        {"q-likert", "0", "", "likert item takes a number from 1 to 5"},
        {"q-scale", "3", "likert: 3", ""},
        {"q-scale", "4", "", "from 1 to 3"},
    }));

class AnswersFileAnswerTest : public ::testing::TestWithParam<AnswerCase> {};

TEST_P(AnswersFileAnswerTest, NamesThingsById) {
  const AnswerCase& c = GetParam();
  absl::StatusOr<Response> response =
      ResponseFromIds(ItemById(c.item_id), c.line);
  if (c.error.empty()) {
    ASSERT_TRUE(response.ok()) << response.status();
    EXPECT_EQ(Text(*response), Text(ResponseOf(c.response)));
  } else {
    ASSERT_FALSE(response.ok()) << Text(*response);
    EXPECT_TRUE(Contains(response.status().message(), c.error));
  }
}

INSTANTIATE_TEST_SUITE_P(
    EveryType, AnswersFileAnswerTest,
    ::testing::ValuesIn(std::vector<AnswerCase>{
        {"q-single", "y", R"(choice { option_ids: "y" })", ""},
        {"q-single", "b", "", "unknown option id \"b\" (options: x, y, z)"},
        {"q-multi", "a, c", R"(choice { option_ids: "a" option_ids: "c" })",
         ""},
        {"q-tf", "FALSE", "true_false: false", ""},
        {"q-order", "s2, s1, s4, s3",
         R"(ordering { step_ids: "s2" step_ids: "s1" step_ids: "s4"
                       step_ids: "s3" })",
         ""},
        {"q-order", "s2, s1", "", "takes all 4 step ids; missing s3, s4"},
        {"q-order", "s2, s9", "", "unknown step id \"s9\""},
        {"q-match", "p1=r2, p2 = r1",
         R"(matching { pairs { prompt_id: "p1" answer_id: "r2" }
                       pairs { prompt_id: "p2" answer_id: "r1" } })",
         ""},
        {"q-match", "p1=r9", "", "unknown answer id \"r9\""},
        {"q-match", "p1", "", "PROMPT_ID=ANSWER_ID pairs"},
        {"q-num", "$64.00", R"(numeric: "$64.00")", ""},
        {"q-num", "abc", "", "is not a number"},
        {"q-codes", "E11.9, I10", R"(codes: "E11.9, I10")", ""},
        {"c-cpt", "99213-25", R"(codes: "99213-25")", ""},
        {"q-text", "co-insurance", R"(text: "co-insurance")", ""},
        {"q-likert", "5", "likert: 5", ""},
        {"q-scale", "Often", "", "from 1 to 3"},
        {"q-case", "x", "", "one sub-item at a time"},
    }));

// Case items at the question prompt: part 1 or the question commands.
TEST(CaseInputTest, QuestionPromptTakesPartOneOrACommand) {
  const Item& item = ItemById("q-case");
  absl::StatusOr<Input> first = ParseInput("E11.9", item);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->kind, Input::Kind::kCasePart);
  EXPECT_EQ(first->part.kind, PartInput::Kind::kAnswer);
  EXPECT_EQ(first->part.response.codes(), "E11.9");

  EXPECT_EQ(ParseInput("n", item)->kind, Input::Kind::kNext);
  EXPECT_EQ(ParseInput("q", item)->kind, Input::Kind::kQuit);
  EXPECT_EQ(ParseInput("skip", item)->part.kind, PartInput::Kind::kSkip);
  EXPECT_EQ(ParseInput("=skip", item)->part.response.codes(), "skip");
  // Part 1 is ICD-10-CM, so a CPT code is refused with the reason.
  EXPECT_TRUE(Contains(ParseInput("99213", item).status().message(),
                       "is not a valid ICD-10-CM code"));
  // Enter keeps part 1 only when it has an answer.
  EXPECT_TRUE(Contains(ParseInput("", item).status().message(),
                       "answer for part 1, skip"));
  Response current =
      ResponseOf(R"(case_answer { parts { item_id: "c-dx" response {
                      codes: "E11.9" } } })");
  EXPECT_EQ(ParseInput("", item, current)->part.kind, PartInput::Kind::kKeep);
}

struct PartCase {
  std::string item_id;
  std::string line;
  bool has_answer;
  PartInput::Kind kind;
  std::string error;  // non-empty: the line is refused with this message
};

void PrintTo(const PartCase& c, std::ostream* out) {
  *out << c.item_id << " <- \"" << c.line << "\"";
}

class PartInputTest : public ::testing::TestWithParam<PartCase> {};

TEST_P(PartInputTest, Parses) {
  const PartCase& c = GetParam();
  absl::StatusOr<PartInput> input =
      ParsePartInput(c.line, ItemById(c.item_id), c.has_answer);
  if (!c.error.empty()) {
    ASSERT_FALSE(input.ok());
    EXPECT_TRUE(Contains(input.status().message(), c.error));
    return;
  }
  ASSERT_TRUE(input.ok()) << input.status();
  EXPECT_EQ(input->kind, c.kind);
}

constexpr auto kAnswer = PartInput::Kind::kAnswer;
INSTANTIATE_TEST_SUITE_P(
    Commands, PartInputTest,
    ::testing::ValuesIn(std::vector<PartCase>{
        {"c-tf", "t", false, kAnswer, ""},
        // "f" answers a true/false part; elsewhere it is a question command.
        {"c-tf", "f", false, kAnswer, ""},
        {"c-amt", "f", false, kAnswer, "is a question command"},
        {"c-amt", "20", false, kAnswer, ""},
        {"c-amt", "skip", false, PartInput::Kind::kSkip, ""},
        {"c-amt", " SKIP ", false, PartInput::Kind::kSkip, ""},
        {"c-amt", "back", false, PartInput::Kind::kBack, ""},
        {"c-amt", "p", false, PartInput::Kind::kBack, ""},
        {"c-amt", "cancel", false, PartInput::Kind::kCancel, ""},
        {"c-amt", "q", false, PartInput::Kind::kQuit, ""},
        {"c-amt", "?", false, PartInput::Kind::kHelp, ""},
        {"c-amt", "", true, PartInput::Kind::kKeep, ""},
        {"c-amt", "   ", false, kAnswer, "or skip to leave it blank"},
        {"c-amt", "n", false, kAnswer, "\"n\" is a question command"},
        {"c-amt", "g 2", false, kAnswer, "is a question command"},
        {"c-amt", "s", false, kAnswer, "is a question command"},
        {"c-amt", "twenty", false, kAnswer, "is not a number"},
        {"c-dx", "E11.9 I10", false, kAnswer, ""},
        {"c-dx", "=n", false, kAnswer, "\"n\" is not a valid ICD-10-CM code"},
    }));

// What the question screen shows for each type, before answering.
struct ScreenCase {
  std::string item_id;
  std::vector<std::string> parts;  // each must appear
};

void PrintTo(const ScreenCase& c, std::ostream* out) { *out << c.item_id; }

class QuestionScreenTest : public ::testing::TestWithParam<ScreenCase> {};

TEST_P(QuestionScreenTest, ShowsWhatIsNeededToAnswer) {
  const ScreenCase& c = GetParam();
  for (const quiz::v1::Attempt* attempt : {&Basic(), &Mixed()}) {
    for (const AttemptItem& item : attempt->items()) {
      if (item.item().id() != c.item_id) continue;
      std::string screen = RenderQuestion(item, 6, "", kDefaultWidth);
      for (const std::string& part : c.parts) {
        EXPECT_TRUE(Contains(screen, part));
      }
      EXPECT_FALSE(Contains(screen, "Your answer"));
      return;
    }
  }
  FAIL() << "no item " << c.item_id;
}

INSTANTIATE_TEST_SUITE_P(
    EveryType, QuestionScreenTest,
    ::testing::ValuesIn(std::vector<ScreenCase>{
        {"q-single", {"  A) Option X\n  B) Option Y\n  C) Option Z\n"}},
        {"q-multi", {"(select all that apply)\n  A) First\n"}},
        {"q-tf", {"  T) True\n  F) False\n"}},
        {"q-order",
         {"(put every step in order, first to last, e.g. bcda)\n"
          "  A) Register the patient\n"
          "  B) Verify insurance\n"
          "  C) Code the visit\n"
          "  D) Submit the claim\n"}},
        {"q-match",
         {"(pair each numbered prompt with a lettered answer, e.g. 1b 2a)\n"
          "  1. CMS-1500\n"
          "  2. UB-04\n"
          "  Answers:\n"
          "    A) 837I\n"
          "    B) 837P\n"
          "    C) 835\n"}},
        {"q-num", {"(a number, in USD, e.g. 64.00 USD)\n"}},
        {"q-codes", {"(ICD-10-CM codes, comma-separated, e.g. E11.9, I10)\n"}},
        {"q-text", {"(a short answer, typed as text)\n"}},
        {"q-likert",
         {"(choose a number on the scale)\n"
          "  1) Strongly disagree\n"
          "  2) Disagree\n"
          "  3) Neutral\n"
          "  4) Agree\n"
          "  5) Strongly agree\n"}},
        {"q-scale", {"  1) Never\n  2) Sometimes\n  3) Often\n"}},
        {"q-case",
         {"Question 6 of 6 \xC2\xB7 Cases\n\n"
          "Read the visit note and answer each part.\n"
          "\n"
          "Scenario:\n"
          "  An established patient with type 2 diabetes",
          "This case has 4 parts, answered one at a time and sent together.\n"
          "\n"
          "Question 6 of 6 \xC2\xB7 part 1 of 4\n"
          "\n"
          "Which diagnosis code?\n"
          "\n"
          "(ICD-10-CM codes, comma-separated, e.g. E11.9, I10)\n"}},
    }));

TEST(RenderCasePartTest, HeaderStemHintAndTheAnswerEnterKeeps) {
  const AttemptItem& item = Mixed().items(5);
  EXPECT_EQ(RenderCasePart(item, 1, 10, nullptr, kDefaultWidth),
            "Question 6 of 10 \xC2\xB7 part 2 of 4\n"
            "\n"
            "Which visit code?\n"
            "\n"
            "(CPT codes, comma-separated; modifiers after -, e.g. 99213-25, "
            "36415)\n");
  Response answer = ResponseOf(R"(true_false: false)");
  EXPECT_TRUE(Contains(RenderCasePart(item, 2, 10, &answer, kDefaultWidth),
                       "  T) True\n  F) False\n\n"
                       "Your answer: false (Enter keeps it)\n"));
  EXPECT_EQ(RenderCasePart(item, 4, 10, nullptr, kDefaultWidth), "");
}

TEST(RenderQuestionTest, CaseWithAnswersListsThemAndOffersPartOne) {
  AttemptItem item = Mixed().items(5);
  *item.mutable_response() = ResponseOf(R"(case_answer {
      parts { item_id: "c-dx" response { codes: "E11.9" } }
      parts { item_id: "c-amt" response { numeric: "$20" } } })");
  std::string screen = RenderQuestion(item, 6, "", kDefaultWidth);
  EXPECT_TRUE(Contains(screen,
                       "Your answers:\n"
                       "  1. E11.9\n"
                       "  2. (blank)\n"
                       "  3. (blank)\n"
                       "  4. $20\n"
                       "Answering again replaces every part.\n"));
  EXPECT_TRUE(Contains(screen, "Your answer: E11.9 (Enter keeps it)\n"));
}

// A graded item of the keyed attempt with `response` and `outcome`.
AttemptItem Graded(int index, const std::string& response,
                   const std::string& outcome) {
  AttemptItem item = MixedWithKeys().items(index);
  *item.mutable_response() = ResponseOf(response);
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(
      outcome, item.mutable_outcome()));
  return item;
}

TEST(RenderOutcomeTest, OrderingShowsBothOrdersAndPartialIsNotCorrect) {
  AttemptItem item =
      Graded(0, R"(ordering { step_ids: "s2" step_ids: "s1" step_ids: "s3"
                       step_ids: "s4" })",
             "score: 0.5 max_score: 1 correctness: PARTIALLY_CORRECT");
  EXPECT_EQ(RenderOutcome(item, kDefaultWidth),
            "Partially correct (0.5/1)\n"
            "  Your order:\n"
            "    1. Verify insurance\n"
            "    2. Register the patient\n"
            "    3. Code the visit\n"
            "    4. Submit the claim\n"
            "  Correct order:\n"
            "    1. Register the patient\n"
            "    2. Verify insurance\n"
            "    3. Code the visit\n"
            "    4. Submit the claim\n");
  // A server saying "correct" short of full points is shown as partial.
  item.mutable_outcome()->set_correctness(quiz::v1::CORRECT);
  EXPECT_TRUE(Contains(RenderOutcome(item, kDefaultWidth),
                       "Partially correct (0.5/1)\n"));
}

TEST(RenderOutcomeTest, MatchingMarksEachPair) {
  AttemptItem item =
      Graded(1, R"(matching { pairs { prompt_id: "p1" answer_id: "r2" } })",
             "score: 0.5 max_score: 1 correctness: PARTIALLY_CORRECT "
             "feedback: \"UB-04 is unanswered.\"");
  EXPECT_EQ(RenderOutcome(item, kDefaultWidth),
            "Partially correct (0.5/1)\n"
            "  Your pairs:\n"
            "    1. CMS-1500 -> 837P (right)\n"
            "    2. UB-04 -> no answer (key: 837I)\n"
            "  - UB-04 is unanswered.\n");
}

TEST(RenderOutcomeTest, ShortTextShowsTheAcceptedAnswersWhenWrong) {
  EXPECT_EQ(RenderOutcome(Graded(2, R"(text: "copay")",
                                 "max_score: 1 correctness: INCORRECT"),
                          kDefaultWidth),
            "Incorrect (0/1)\n"
            "  Your answer: copay\n"
            "  Accepted answers: coinsurance\n");
  EXPECT_EQ(RenderOutcome(Graded(2, R"(text: "Coinsurance")",
                                 "score: 1 max_score: 1 correctness: CORRECT"),
                          kDefaultWidth),
            "Correct (1/1)\n"
            "  Your answer: Coinsurance\n");
}

TEST(RenderOutcomeTest, LikertIsRecordedNeverCorrect) {
  std::string text = RenderOutcome(
      Graded(3, "likert: 4",
             "correctness: NOT_SCORED traits { trait: \"detail\" weight: 1 }"),
      kDefaultWidth);
  EXPECT_EQ(text,
            "Recorded (not scored)\n"
            "  Your answer: 4 (Agree)\n"
            "  Traits: detail +1\n");
  // Even a server grading it some other way does not make it "Correct".
  std::string odd = RenderOutcome(
      Graded(4, "likert: 1", "score: 1 max_score: 1 correctness: CORRECT"),
      kDefaultWidth);
  EXPECT_TRUE(Contains(odd, "Recorded (not scored)\n  Your answer: 1 (Never)"));
  EXPECT_FALSE(Contains(odd, "Correct"));
}

constexpr char kCaseResponse[] = R"(case_answer {
    parts { item_id: "c-dx" response { codes: "E11.9" } }
    parts { item_id: "c-cpt" response { codes: "99213" } }
    parts { item_id: "c-amt" response { numeric: "20" } } })";
constexpr char kCaseOutcome[] = R"(
    score: 2.5 max_score: 4 correctness: PARTIALLY_CORRECT
    parts { item_id: "c-dx" outcome { score: 1 max_score: 1
                                      correctness: CORRECT } }
    parts { item_id: "c-cpt" outcome { score: 0.5 max_score: 1
                                       correctness: PARTIALLY_CORRECT
                                       feedback: "Modifier 25 is missing." } }
    parts { item_id: "c-tf" outcome { max_score: 1 correctness: UNANSWERED } }
    parts { item_id: "c-amt" outcome { score: 1 max_score: 1
                                       correctness: CORRECT } })";

TEST(RenderOutcomeTest, CaseShowsTheTotalThenEveryPart) {
  EXPECT_EQ(
      RenderOutcome(Graded(5, kCaseResponse, kCaseOutcome), kDefaultWidth),
      "Partially correct (2.5/4)\n"
      "Part 1 of 4: Correct (1/1)\n"
      "    Your answer: E11.9\n"
      "  Rationale:\n"
      "    E11.9 is type 2 diabetes without complications.\n"
      "Part 2 of 4: Partially correct (0.5/1)\n"
      "    Your answer: 99213\n"
      "    Correct codes: 99213-25\n"
      "    - Modifier 25 is missing.\n"
      "Part 3 of 4: Unanswered (0/1)\n"
      "    Your answer: (none)\n"
      "    Correct answer: true\n"
      "Part 4 of 4: Correct (1/1)\n"
      "    Your answer: 20\n"
      "Rationale:\n"
      "  Code what the note documents.\n");
}

TEST(RenderReviewItemTest, CaseShowsEachPartWithItsOutcome) {
  std::string text = RenderReviewItem(Graded(5, kCaseResponse, kCaseOutcome), 6,
                                      kDefaultWidth);
  EXPECT_TRUE(Contains(text, "Scenario:\n  An established patient"));
  EXPECT_TRUE(Contains(text,
                       "Part 2 of 4\n"
                       "  Which visit code?\n"
                       "    Your answer: 99213\n"
                       "    Correct codes: 99213-25\n"
                       "  Partially correct (0.5/1)\n"
                       "    - Modifier 25 is missing.\n"));
  EXPECT_TRUE(Contains(text,
                       "Part 3 of 4\n"
                       "  Modifier 25 applies.\n"
                       "     * True\n"
                       "       False\n"
                       "  Unanswered (0/1)\n"));
  EXPECT_TRUE(Contains(text,
                       "\nPartially correct (2.5/4)\n"
                       "Rationale:\n"
                       "  Code what the note documents.\n"));
}

TEST(RenderReviewItemTest, OrderingShowsTheStudentsOrderAndTheCorrectOne) {
  std::string text = RenderReviewItem(
      Graded(0,
             R"(ordering { step_ids: "s4" step_ids: "s3" step_ids: "s2"
                           step_ids: "s1" })",
             "max_score: 1 correctness: INCORRECT"),
      6, kDefaultWidth);
  EXPECT_TRUE(Contains(text,
                       "  Your order:\n"
                       "    1. Submit the claim\n"
                       "    2. Code the visit\n"
                       "    3. Verify insurance\n"
                       "    4. Register the patient\n"
                       "  Correct order:\n"
                       "    1. Register the patient\n"));
  EXPECT_TRUE(Contains(text, "\nIncorrect (0/1)\n"));
}

TEST(RenderReviewItemTest, LikertMarksTheChoiceAndIsNotScored) {
  std::string text = RenderReviewItem(
      Graded(4, "likert: 2", "correctness: NOT_SCORED"), 6, kDefaultWidth);
  EXPECT_TRUE(Contains(text,
                       "     1) Never\n"
                       "  >  2) Sometimes\n"
                       "     3) Often\n"
                       "\n"
                       "Recorded (not scored)\n"));
}

TEST(RenderReviewItemTest, UnansweredLikertIsNotScoredEither) {
  std::string text = RenderReviewItem(
      Graded(3, "", "max_score: 1 correctness: UNANSWERED"), 6, kDefaultWidth);
  EXPECT_TRUE(Contains(text, "Unanswered (not scored)\n"));
}

TEST(DescribeResponseTest, InTheTermsTheStudentTyped) {
  EXPECT_EQ(DescribeResponse(
                ItemById("q-order"),
                ResponseOf(R"(ordering { step_ids: "s3" step_ids: "s1" })")),
            "C, A");
  EXPECT_EQ(
      DescribeResponse(ItemById("q-match"), ResponseOf(R"(matching { pairs {
                                 prompt_id: "p2" answer_id: "r3" } })")),
      "2c");
  EXPECT_EQ(DescribeResponse(ItemById("q-scale"), ResponseOf("likert: 2")),
            "2 (Sometimes)");
}

}  // namespace
}  // namespace client
