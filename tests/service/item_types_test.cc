// Every item type through the real server: student views hide every key
// (including an ordering's order), each type grades right, partly right and
// wrong, bad responses are refused and change nothing, and case and likert
// items total as they should.
#include <fstream>
#include <map>
#include <sstream>

#include "harness.h"
#include "key_leak.h"

namespace quizd_test {
namespace {

using quiz::v1::Attempt;
using quiz::v1::AttemptItem;

// A right response to each item of tests/data/every_type.yaml.
const std::map<std::string, std::string>& RightAnswers() {
  static const auto* answers = new std::map<std::string, std::string>{
      {"et-single", "choice { option_ids: 'co' }"},
      {"et-multi", "choice { option_ids: ['c1', 'c2'] }"},
      {"et-tf", "true_false: false"},
      {"et-order", "ordering { step_ids: ['doc', 'code', 'claim', 'post'] }"},
      {"et-match",
       "matching { pairs { prompt_id: 'claim' answer_id: 't837p' } "
       "pairs { prompt_id: 'era' answer_id: 't835' } "
       "pairs { prompt_id: 'elig' answer_id: 't270' } }"},
      {"et-numeric", "numeric: '$64.00'"},
      {"et-text", "text: ' x12  835 '"},
      {"et-icd", "codes: 'g30.1, F02.80'"},
      {"et-icd-7th", "codes: 'S06.0X0A'"},
      {"et-cpt", "codes: '99213-25'"},
      {"et-hcpcs", "codes: 'J3301 x8'"},
      {"et-case",
       "case_answer { parts { item_id: 'et-case-owes' response { numeric: "
       "'20' } } parts { item_id: 'et-case-co' response { true_false: false "
       "} } parts { item_id: 'et-case-group' response { choice { "
       "option_ids: 'pr' } } } }"},
      {"et-likert", "likert: 5"},
      {"et-likert-phone", "likert: 1"},
  };
  return *answers;
}

class ItemTypesTest : public ServerFixture {
 protected:
  std::string BankYaml() const override {
    std::ifstream file(std::string(QUIZD_SOURCE_DIR) +
                       "/tests/data/every_type.yaml");
    std::stringstream text;
    text << file.rdbuf();
    return text.str();
  }

  void SetUp() override {
    ServerFixture::SetUp();
    LoginEveryone();
  }

  // Submits and returns the revealed outcome (practice mode).
  quiz::v1::Outcome Answer(const Attempt& attempt, const std::string& item,
                           const std::string& response) {
    quiz::v1::SubmitResponseResponse reply;
    grpc::Status status = Submit(alice_, attempt, item, response, &reply);
    EXPECT_TRUE(status.ok()) << item << ": " << status.error_message();
    return reply.item().outcome();
  }
};

TEST_F(ItemTypesTest, ExamViewsHideEveryKeyAndFullMarksAddUp) {
  Attempt attempt = Start(alice_, "quizzes/types-exam");
  ASSERT_EQ(attempt.items_size(), 14);
  EXPECT_TRUE(KeyLeaks(attempt).empty());
  for (const AttemptItem& item : attempt.items()) {
    if (!item.item().has_ordering()) continue;
    // The authored order is the key: it must never be what the student sees.
    std::string shown;
    for (const auto& step : item.item().ordering().steps()) {
      shown += step.id() + " ";
    }
    EXPECT_NE(shown, "doc code claim post ");
  }
  for (const auto& [item, response] : RightAnswers()) {
    quiz::v1::SubmitResponseResponse reply;
    grpc::Status status = Submit(alice_, attempt, item, response, &reply);
    ASSERT_TRUE(status.ok()) << item << ": " << status.error_message();
    EXPECT_TRUE(KeyLeaks(reply).empty()) << item;
  }
  Attempt current;
  ASSERT_TRUE(Get(alice_, attempt.name(), &current).ok());
  EXPECT_TRUE(KeyLeaks(current).empty());
  EXPECT_EQ(current.answered_count(), 14);

  Attempt finished;
  ASSERT_TRUE(Finish(alice_, attempt, &finished).ok());
  const quiz::v1::AttemptResult& result = finished.result();
  // 12 scored items (the likert ones never count): billing 1+1+1+1+1+2+1 and
  // the case's 3 parts = 11 points; coding 2+1+1+1 = 5 points, weighted x2.
  EXPECT_EQ(result.correct(), 12);
  EXPECT_EQ(result.incorrect() + result.partially_correct(), 0);
  EXPECT_DOUBLE_EQ(result.max_score(), 11 + 2 * 5);
  EXPECT_DOUBLE_EQ(result.score(), result.max_score());
  ASSERT_EQ(result.topics_size(), 2);
  EXPECT_EQ(result.topics(0).topic(), "billing");
  EXPECT_DOUBLE_EQ(result.topics(1).max_score(), 10);
  for (const AttemptItem& item : finished.items()) {
    if (item.item().has_likert()) {
      EXPECT_EQ(item.outcome().correctness(), quiz::v1::NOT_SCORED);
      EXPECT_EQ(item.outcome().traits_size(), 1);
    }
    if (item.item().has_case_item()) {
      EXPECT_EQ(item.outcome().parts_size(), 3);
    }
    if (item.item().has_ordering()) {  // review shows the key order
      EXPECT_EQ(item.item().ordering().steps(0).id(), "doc");
    }
  }
}

TEST_F(ItemTypesTest, PracticeGradesPartlyRightAndWrongAnswers) {
  Attempt attempt = Start(alice_, "quizzes/types-practice");
  struct Expect {
    std::string item;
    std::string response;
    quiz::v1::Correctness correctness;
    double score;
    std::string feedback;  // a substring of one feedback line, or ""
  };
  const std::vector<Expect> expectations = {
      {"et-single", "choice { option_ids: 'pr' }", quiz::v1::INCORRECT, 0,
       "PR is the patient's share."},
      {"et-multi", "choice { option_ids: ['c1'] }", quiz::v1::PARTIALLY_CORRECT,
       0.5, "You chose 1 of the 2"},
      {"et-order", "ordering { step_ids: ['code', 'doc', 'claim', 'post'] }",
       quiz::v1::PARTIALLY_CORRECT, 0.75, "3 of 4 steps"},
      {"et-match",
       "matching { pairs { prompt_id: 'claim' answer_id: 't999' } "
       "pairs { prompt_id: 'era' answer_id: 't835' } }",
       quiz::v1::PARTIALLY_CORRECT, 1.0 / 3, "1 prompt was left unpaired."},
      {"et-numeric", "numeric: '56'", quiz::v1::INCORRECT, 0, ""},
      {"et-text", "text: '835 ERA remittance'", quiz::v1::CORRECT, 1, ""},
      {"et-icd", "codes: 'F02.80, G30.9'", quiz::v1::PARTIALLY_CORRECT, 0, ""},
      {"et-icd-7th", "codes: 'S06.0X0D'", quiz::v1::PARTIALLY_CORRECT, 0.5,
       "has the wrong 7th character"},
      {"et-cpt", "codes: '99213'", quiz::v1::PARTIALLY_CORRECT, 0.5,
       "needs modifier 25"},
      {"et-hcpcs", "codes: 'J33O1'", quiz::v1::INCORRECT, 0,
       "\"J33O1\" is not a well-formed HCPCS Level II code."},
      {"et-case",
       "case_answer { parts { item_id: 'et-case-owes' response { numeric: "
       "'20.00' } } }",
       quiz::v1::PARTIALLY_CORRECT, 1, ""},
  };
  for (const Expect& expect : expectations) {
    quiz::v1::Outcome outcome = Answer(attempt, expect.item, expect.response);
    EXPECT_EQ(quiz::v1::Correctness_Name(outcome.correctness()),
              quiz::v1::Correctness_Name(expect.correctness))
        << expect.item;
    if (expect.item != "et-icd") {
      EXPECT_NEAR(outcome.score(), expect.score, 1e-9) << expect.item;
    }
    if (!expect.feedback.empty()) {
      bool found = false;
      for (const std::string& line : outcome.feedback()) {
        found = found || line.find(expect.feedback) != std::string::npos;
      }
      EXPECT_TRUE(found) << expect.item << ": " << outcome.DebugString();
    }
  }
}

TEST_F(ItemTypesTest, PracticeRevealsNothingOfALikertStatementUntilFinished) {
  // A likert statement's outcome (its trait weights) and rationale tell the
  // taker how it is keyed, so an inventory reveals them only once finished.
  Attempt attempt = Start(alice_, "quizzes/types-practice");
  quiz::v1::SubmitResponseResponse reply;
  ASSERT_TRUE(Submit(alice_, attempt, "et-likert", "likert: 2", &reply).ok());
  EXPECT_FALSE(reply.item().has_outcome()) << reply.item().DebugString();
  EXPECT_EQ(reply.item().item().likert().weights_size(), 0);
  EXPECT_TRUE(reply.item().item().rationale().empty());
  EXPECT_EQ(reply.item().response().likert(), 2);
  Attempt finished;
  ASSERT_TRUE(Finish(alice_, attempt, &finished).ok());
  for (const AttemptItem& item : finished.items()) {
    if (item.item().id() != "et-likert") continue;
    EXPECT_EQ(item.outcome().correctness(), quiz::v1::NOT_SCORED);
    EXPECT_EQ(item.outcome().traits_size(), 1);
  }
}

TEST_F(ItemTypesTest, MalformedResponsesAreRefusedAndChangeNothing) {
  Attempt attempt = Start(alice_, "quizzes/types-exam");
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"et-single", "choice { option_ids: 'nope' }"},
      {"et-order", "ordering { step_ids: ['doc', 'doc'] }"},
      {"et-match", "matching { pairs { prompt_id: 'x' answer_id: 't835' } }"},
      {"et-numeric", "numeric: 'sixty-four'"},
      {"et-text", "text: '" + std::string(10000, 'a') + "'"},
      {"et-icd", "codes: '" + std::string(10000, 'E') + "'"},
      {"et-case",
       "case_answer { parts { item_id: 'et-single' response { "
       "true_false: true } } }"},
      {"et-likert", "likert: 9"},
      {"et-tf", "codes: 'I10'"},
      {"et-numeric", "numeric: ''"},
  };
  for (const auto& [item, response] : bad) {
    quiz::v1::SubmitResponseResponse reply;
    grpc::Status status = Submit(alice_, attempt, item, response, &reply);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << item << ": " << status.error_message();
    EXPECT_EQ(status.error_message().rfind("response", 0), 0u)
        << status.error_message();
  }
  Attempt current;
  ASSERT_TRUE(Get(alice_, attempt.name(), &current).ok());
  EXPECT_EQ(current.answered_count(), 0);
}

TEST_F(ItemTypesTest, DuplicateCodesAreGradedNotRefused) {
  Attempt attempt = Start(alice_, "quizzes/types-practice");
  quiz::v1::Outcome outcome =
      Answer(attempt, "et-icd-7th", "codes: 'S06.0X0A, S06.0X0A'");
  EXPECT_EQ(outcome.correctness(), quiz::v1::INCORRECT);
  ASSERT_GE(outcome.feedback_size(), 1);
  EXPECT_EQ(outcome.feedback(0), "S06.0X0A is entered more than once.");
}

// A typed value is never echoed back whole: an invalid code as long as an
// answer may be gets feedback that quotes 40 characters of it and names the
// problem; a 10,000-character one is refused with a message that names the
// field and quotes nothing.
TEST_F(ItemTypesTest, LongInvalidCodesAreQuotedShort) {
  Attempt attempt = Start(alice_, "quizzes/types-practice");
  quiz::v1::Outcome outcome =
      Answer(attempt, "et-hcpcs", "codes: '" + std::string(1000, 'J') + "'");
  EXPECT_EQ(outcome.correctness(), quiz::v1::INCORRECT);
  ASSERT_GE(outcome.feedback_size(), 1);
  EXPECT_EQ(outcome.feedback(0), "\"" + std::string(40, 'J') +
                                     "\u2026\" is not a well-formed HCPCS "
                                     "Level II code.");
  for (const std::string& line : outcome.feedback()) {
    EXPECT_LT(line.size(), 120u) << line;
  }

  quiz::v1::SubmitResponseResponse reply;
  grpc::Status status =
      Submit(alice_, attempt, "et-icd",
             "codes: '" + std::string(10000, 'E') + "'", &reply);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_LT(status.error_message().size(), 200u) << status.error_message();
  EXPECT_NE(status.error_message().find("response.codes"), std::string::npos)
      << status.error_message();
}

}  // namespace
}  // namespace quizd_test
