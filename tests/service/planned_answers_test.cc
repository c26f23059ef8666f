// StartAttemptRequest.planned over real gRPC: ids a client means to answer
// are checked against what the quiz can draw before anything is created.
#include <fstream>
#include <sstream>

#include "harness.h"

namespace quizd_test {
namespace {

using quiz::v1::Attempt;
using quiz::v1::PlannedAnswer;

class PlannedAnswersTest : public ServerFixture {
 protected:
  // Every item type, plus a timed exam drawing the billing topic only (so the
  // coding and career-fit items exist in the bank but not in that quiz).
  std::string BankYaml() const override {
    std::ifstream file(std::string(QUIZD_SOURCE_DIR) +
                       "/tests/data/every_type.yaml");
    std::stringstream text;
    text << file.rdbuf()
         << "  - id: billing-exam\n"
            "    title: Billing, timed\n"
            "    mode: exam\n"
            "    access: open\n"
            "    time_limit_seconds: 3600\n"
            "    selections: [{topic: billing, count: 3}]\n";
    return text.str();
  }

  void SetUp() override {
    ServerFixture::SetUp();
    LoginEveryone();
  }

  static PlannedAnswer Plan(const std::string& item_id,
                            std::vector<std::string> ids) {
    PlannedAnswer answer;
    answer.set_item_id(item_id);
    for (std::string& id : ids) answer.add_ids(std::move(id));
    return answer;
  }

  grpc::Status StartPlanned(const std::string& quiz,
                            const std::vector<PlannedAnswer>& planned,
                            Attempt* attempt,
                            const std::string& request_id = "") {
    quiz::v1::StartAttemptRequest start;
    start.set_quiz(quiz);
    start.set_request_id(request_id);
    for (const PlannedAnswer& answer : planned) *start.add_planned() = answer;
    return attempts_->StartAttempt(As(alice_).get(), start, attempt);
  }

  int AttemptCount() {
    quiz::v1::ListAttemptsResponse list;
    EXPECT_TRUE(attempts_
                    ->ListAttempts(As(alice_).get(),
                                   quiz::v1::ListAttemptsRequest(), &list)
                    .ok());
    return list.attempts_size();
  }

  // A refusal naming `path` first, as INVALID_ARGUMENT, and nothing stored.
  void ExpectRefused(const std::string& quiz,
                     const std::vector<PlannedAnswer>& planned,
                     const std::string& path) {
    Attempt attempt;
    grpc::Status status = StartPlanned(quiz, planned, &attempt);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << path << ": " << status.error_message();
    EXPECT_EQ(status.error_message().rfind(path + ": ", 0), 0u)
        << status.error_message();
    EXPECT_EQ(AttemptCount(), 0) << path;
  }
};

TEST_F(PlannedAnswersTest, ValidPlanStartsNormally) {
  const std::vector<PlannedAnswer> planned = {
      Plan("et-single", {"co"}),
      Plan("et-multi", {"c1", "c2"}),
      Plan("et-tf", {"false"}),  // not answered by ids: not checked
      Plan("et-order", {"doc", "code", "claim", "post"}),
      Plan("et-match", {"claim", "t837p", "era", "t835"}),
      Plan("et-numeric", {"$64.00"}),
      Plan("et-case-owes", {"20"}),
      Plan("et-case-group", {"pr"}),  // a case's sub-item, by its own id
      Plan("et-likert", {"4"}),
  };
  Attempt attempt;
  grpc::Status status = StartPlanned("types-exam", planned, &attempt);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(attempt.state(), quiz::v1::IN_PROGRESS);
  EXPECT_EQ(AttemptCount(), 1);
}

TEST_F(PlannedAnswersTest, UnknownItemIdIsRefusedAndNothingStored) {
  ExpectRefused("types-exam",
                {Plan("et-single", {"co"}), Plan("no-such-item", {"a"})},
                "planned[1].item_id");
}

TEST_F(PlannedAnswersTest, UnknownOptionStepPromptIdsAreRefused) {
  ExpectRefused("types-exam", {Plan("et-single", {"co", "zz"})},
                "planned[0].ids[1]");
  ExpectRefused("types-exam", {Plan("et-multi", {"co"})}, "planned[0].ids[0]");
  ExpectRefused("types-exam", {Plan("et-order", {"doc", "sign"})},
                "planned[0].ids[1]");
  ExpectRefused("types-exam", {Plan("et-match", {"claim", "t999", "x"})},
                "planned[0].ids[2]");
  // A sub-item's options are its own, not its siblings' or the bank's.
  ExpectRefused("types-exam", {Plan("et-case-group", {"oa"})},
                "planned[0].ids[0]");
}

TEST_F(PlannedAnswersTest, CaseItselfIsRefused) {
  ExpectRefused("types-exam", {Plan("et-case", {"20"})}, "planned[0].item_id");
}

TEST_F(PlannedAnswersTest, ExamStartsNoClockOnRefusalAndHidesOtherItems) {
  // et-icd exists in the bank but the billing exam cannot draw it: it reads
  // exactly like an id that exists nowhere.
  Attempt attempt;
  grpc::Status other =
      StartPlanned("billing-exam", {Plan("et-icd", {"E11.9"})}, &attempt);
  grpc::Status nowhere =
      StartPlanned("billing-exam", {Plan("et-icx", {"E11.9"})}, &attempt);
  EXPECT_EQ(other.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(nowhere.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(other.error_message(),
            "planned[0].item_id: no item \"et-icd\" in quizzes/billing-exam");
  EXPECT_EQ(nowhere.error_message(),
            "planned[0].item_id: no item \"et-icx\" in quizzes/billing-exam");
  EXPECT_EQ(AttemptCount(), 0);

  // Any billing item may be drawn, so any passes; the exam then starts.
  ASSERT_TRUE(StartPlanned("billing-exam",
                           {Plan("et-order", {"doc"}), Plan("et-tf", {"t"})},
                           &attempt)
                  .ok());
  EXPECT_TRUE(attempt.has_deadline());
  EXPECT_EQ(AttemptCount(), 1);
}

TEST_F(PlannedAnswersTest, RefusedRequestIdIsNotRecorded) {
  Attempt attempt;
  ASSERT_EQ(StartPlanned("types-exam", {Plan("nope", {})}, &attempt, "r-1")
                .error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  // The same request id with a plan that passes is a first call, not a
  // replay of the refusal nor a reuse with other fields.
  grpc::Status status =
      StartPlanned("types-exam", {Plan("et-single", {"co"})}, &attempt, "r-1");
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(AttemptCount(), 1);
}

TEST_F(PlannedAnswersTest, ValidateOnlyChecksAndCreatesNothing) {
  quiz::v1::StartAttemptRequest check;
  check.set_quiz("billing-exam");
  check.set_validate_only(true);
  check.set_request_id("v-1");
  *check.add_planned() = Plan("et-single", {"co"});
  Attempt reply;
  grpc::Status status =
      attempts_->StartAttempt(As(alice_).get(), check, &reply);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(reply.name().empty());
  EXPECT_EQ(AttemptCount(), 0);

  *check.add_planned() = Plan("et-single", {"zz"});
  status = attempts_->StartAttempt(As(alice_).get(), check, &reply);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message().rfind("planned[1].ids[0]: ", 0), 0u)
      << status.error_message();
  EXPECT_EQ(AttemptCount(), 0);

  // Nothing was recorded under the request id: a real start may use it.
  check.set_validate_only(false);
  check.mutable_planned()->RemoveLast();
  status = attempts_->StartAttempt(As(alice_).get(), check, &reply);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_FALSE(reply.name().empty());
  EXPECT_EQ(AttemptCount(), 1);
}

TEST_F(PlannedAnswersTest, UntrustedTextInThePlanIsRefusedByPath) {
  ExpectRefused("types-exam", {Plan("et-single", {"co\x1b[2J"})},
                "planned[0].ids[0]");
  ExpectRefused("types-exam", {Plan(std::string(300, 'x'), {})},
                "planned[0].item_id");
}

}  // namespace
}  // namespace quizd_test
