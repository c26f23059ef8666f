#include "tests/client/fake_quiz_api_util.h"

#include <algorithm>
#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "google/protobuf/text_format.h"

namespace client::testing {
namespace {

using quiz::v1::Attempt;
using quiz::v1::AttemptItem;

constexpr char kItemsText[] = R"pb(
  items {
    position: 1
    topic_title: "ICD"
    item {
      id: "q-single"
      topic: "icd"
      stem: "Which code is right?"
      rationale: "Y is the specific code."
      references { citation: "ICD-10-CM I.A.1" }
      single_choice {
        options { id: "x" text: "Option X" feedback: "X is too vague." }
        options { id: "y" text: "Option Y" correct: true }
        options { id: "z" text: "Option Z" }
      }
    }
  }
  items {
    position: 2
    topic_title: "ICD"
    item {
      id: "q-multi"
      topic: "icd"
      stem: "Select all that apply."
      multiple_choice {
        options { id: "a" text: "First" correct: true }
        options { id: "b" text: "Second" }
        options { id: "c" text: "Third" correct: true }
        options { id: "d" text: "Fourth" }
      }
    }
  }
  items {
    position: 3
    topic_title: "Billing"
    item {
      id: "q-tf"
      topic: "billing"
      stem: "A denial can be appealed."
      true_false { answer: true }
    }
  }
  items {
    position: 4
    topic_title: "Billing"
    item {
      id: "q-num"
      topic: "billing"
      stem: "What does the patient owe?"
      numeric { answer: 64 unit: "USD" }
    }
  }
  items {
    position: 5
    topic_title: "Billing"
    item {
      id: "q-codes"
      topic: "billing"
      stem: "Code the visit."
      code_entry {
        system: CODE_SYSTEM_ICD10CM
        expected { code: "E11.9" }
      }
    }
  }
)pb";

Attempt ParseAttempt(const std::string& text) {
  Attempt attempt;
  if (!google::protobuf::TextFormat::ParseFromString(text, &attempt)) {
    std::abort();  // a typo in the test data above
  }
  return attempt;
}

void SetTime(google::protobuf::Timestamp* timestamp, absl::Time time) {
  timestamp->set_seconds(absl::ToUnixSeconds(time));
}

void ClearKeys(quiz::v1::Item& item) {
  item.clear_rationale();
  item.clear_references();
  // mutable_*() would switch the oneof, so only touch the type that is set.
  auto clear_options = [](auto* options) {
    for (auto& option : *options) {
      option.clear_correct();
      option.clear_feedback();
    }
  };
  if (item.has_single_choice()) {
    clear_options(item.mutable_single_choice()->mutable_options());
  }
  if (item.has_multiple_choice()) {
    clear_options(item.mutable_multiple_choice()->mutable_options());
  }
  if (item.has_true_false()) item.mutable_true_false()->Clear();
  if (item.has_numeric()) item.mutable_numeric()->clear_answer();
  if (item.has_code_entry()) item.mutable_code_entry()->clear_expected();
}

// Grades choice and true/false items; others are always correct.
quiz::v1::Outcome Grade(const quiz::v1::Item& item,
                        const quiz::v1::Response& response) {
  quiz::v1::Outcome outcome;
  outcome.set_max_score(1);
  bool correct = true;
  if (item.has_single_choice() || item.has_multiple_choice()) {
    const auto& options = item.has_single_choice()
                              ? item.single_choice().options()
                              : item.multiple_choice().options();
    std::set<std::string> key, chosen(response.choice().option_ids().begin(),
                                      response.choice().option_ids().end());
    for (const auto& option : options) {
      if (option.correct()) key.insert(option.id());
      if (chosen.count(option.id()) && !option.feedback().empty()) {
        outcome.add_feedback(option.feedback());
      }
    }
    correct = key == chosen;
  } else if (item.has_true_false()) {
    correct = response.true_false() == item.true_false().answer();
  }
  outcome.set_score(correct ? 1 : 0);
  outcome.set_correctness(correct ? quiz::v1::CORRECT : quiz::v1::INCORRECT);
  return outcome;
}

}  // namespace

::testing::AssertionResult Contains(absl::string_view text,
                                    absl::string_view part) {
  if (text.find(part) != absl::string_view::npos) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure()
         << "expected to find\n  " << part << "\nin\n"
         << text;
}

absl::Time TestNow() {
  return absl::FromCivil(absl::CivilSecond(2025, 3, 1, 12, 0, 0),
                         absl::UTCTimeZone());
}

Attempt SampleAttemptWithKeys(quiz::v1::QuizMode mode) {
  Attempt attempt = ParseAttempt(kItemsText);
  attempt.set_name("attempts/att1");
  attempt.set_quiz("quizzes/drill");
  attempt.set_quiz_title("Coding drill");
  attempt.set_user("users/stu");
  attempt.set_mode(mode);
  attempt.set_state(quiz::v1::IN_PROGRESS);
  SetTime(attempt.mutable_start_time(), TestNow() - absl::Minutes(1));
  SetTime(attempt.mutable_deadline(), TestNow() + absl::Minutes(30));
  attempt.set_warning_seconds(300);
  attempt.set_pass_percent(70);
  attempt.set_item_count(attempt.items_size());
  return attempt;
}

Attempt SampleAttempt(quiz::v1::QuizMode mode) {
  Attempt attempt = SampleAttemptWithKeys(mode);
  for (AttemptItem& item : *attempt.mutable_items()) {
    ClearKeys(*item.mutable_item());
  }
  return attempt;
}

Attempt FinishedSampleAttempt() {
  Attempt attempt = SampleAttemptWithKeys(quiz::v1::QUIZ_MODE_EXAM);
  attempt.set_state(quiz::v1::FINISHED);
  SetTime(attempt.mutable_finish_time(), TestNow() + absl::Minutes(11));
  auto respond = [&](int index, const std::string& text) {
    AttemptItem* item = attempt.mutable_items(index);
    google::protobuf::TextFormat::ParseFromString(text,
                                                  item->mutable_response());
  };
  respond(0, R"pb(choice { option_ids: "x" })pb");
  respond(1, R"pb(choice { option_ids: "a" option_ids: "c" })pb");
  respond(2, R"pb(true_false: true)pb");
  respond(3, R"pb(numeric: "$64")pb");
  for (int i = 0; i < 4; ++i) {
    AttemptItem* item = attempt.mutable_items(i);
    *item->mutable_outcome() = Grade(item->item(), item->response());
  }
  attempt.mutable_items(0)->mutable_outcome()->set_correctness(
      quiz::v1::PARTIALLY_CORRECT);
  attempt.mutable_items(0)->mutable_outcome()->set_score(0.5);
  attempt.mutable_items(4)->mutable_outcome()->set_max_score(1);
  attempt.mutable_items(4)->mutable_outcome()->set_correctness(
      quiz::v1::UNANSWERED);
  attempt.set_answered_count(4);
  google::protobuf::TextFormat::ParseFromString(R"pb(
                                                  score: 3.5
                                                  max_score: 5
                                                  percent: 70
                                                  passed: false
                                                  topics {
                                                    topic: "icd"
                                                    title: "ICD"
                                                    score: 1.5
                                                    max_score: 2
                                                    items: 2
                                                    correct: 1
                                                  }
                                                  topics {
                                                    topic: "billing"
                                                    title: "Billing"
                                                    score: 2
                                                    max_score: 3
                                                    items: 3
                                                    correct: 2
                                                  }
                                                  correct: 3
                                                  partially_correct: 1
                                                  incorrect: 0
                                                  unanswered: 1
                                                )pb",
                                                attempt.mutable_result());
  attempt.set_pass_percent(75);
  return attempt;
}

FakeQuizApi::FakeQuizApi(quiz::v1::QuizMode mode)
    : attempt(SampleAttemptWithKeys(mode)) {}

Attempt FakeQuizApi::StudentView() const {
  if (attempt.state() == quiz::v1::FINISHED) return attempt;
  Attempt view = attempt;
  for (AttemptItem& item : *view.mutable_items()) {
    ClearKeys(*item.mutable_item());
    if (view.mode() == quiz::v1::QUIZ_MODE_EXAM) item.clear_outcome();
  }
  return view;
}

void FakeQuizApi::FinishNow(bool timed_out) {
  attempt.set_state(quiz::v1::FINISHED);
  quiz::v1::AttemptResult& result = *attempt.mutable_result();
  result.Clear();
  for (AttemptItem& item : *attempt.mutable_items()) {
    if (item.response().answer_case() == quiz::v1::Response::ANSWER_NOT_SET) {
      item.mutable_outcome()->set_correctness(quiz::v1::UNANSWERED);
      item.mutable_outcome()->set_max_score(1);
      result.set_unanswered(result.unanswered() + 1);
    } else {
      *item.mutable_outcome() = Grade(item.item(), item.response());
      bool correct = item.outcome().correctness() == quiz::v1::CORRECT;
      result.set_correct(result.correct() + correct);
      result.set_incorrect(result.incorrect() + !correct);
    }
    result.set_score(result.score() + item.outcome().score());
    result.set_max_score(result.max_score() + 1);
  }
  result.set_percent(result.score() / result.max_score() * 100);
  result.set_passed(result.percent() >= attempt.pass_percent());
  result.set_timed_out(timed_out);
}

absl::StatusOr<quiz::v1::LoginResponse> FakeQuizApi::Login(
    const quiz::v1::LoginRequest& request) {
  calls.push_back("Login");
  last_login_password = request.password();
  if (request.password() != "correct horse") {
    return absl::UnauthenticatedError("wrong username or password");
  }
  quiz::v1::LoginResponse reply;
  reply.set_token("tok-123");
  SetTime(reply.mutable_expire_time(), TestNow() + absl::Hours(12));
  reply.mutable_user()->set_username(request.username());
  reply.mutable_user()->set_role(quiz::v1::ROLE_STUDENT);
  return reply;
}

absl::Status FakeQuizApi::Logout() {
  calls.push_back("Logout");
  return absl::OkStatus();
}

absl::StatusOr<quiz::v1::ListQuizzesResponse> FakeQuizApi::ListQuizzes(
    const quiz::v1::ListQuizzesRequest& request) {
  calls.push_back("ListQuizzes");
  size_t start = request.page_token().empty()
                     ? 0
                     : static_cast<size_t>(std::stoi(request.page_token()));
  quiz::v1::ListQuizzesResponse reply;
  for (size_t i = start; i < quizzes.size() && i < start + 2; ++i) {
    *reply.add_quizzes() = quizzes[i];
  }
  if (start + 2 < quizzes.size()) {
    reply.set_next_page_token(std::to_string(start + 2));
  }
  return reply;
}

absl::StatusOr<Attempt> FakeQuizApi::StartAttempt(
    const quiz::v1::StartAttemptRequest& request) {
  calls.push_back("StartAttempt");
  if (request.quiz() != attempt.quiz()) {
    return absl::NotFoundError(absl::StrCat("no quiz ", request.quiz()));
  }
  started = true;
  Attempt reply = StudentView();
  reply.clear_items();
  return reply;
}

absl::StatusOr<Attempt> FakeQuizApi::GetAttempt(
    const quiz::v1::GetAttemptRequest& request) {
  calls.push_back("GetAttempt");
  if (!started || request.name() != attempt.name()) {
    return absl::NotFoundError(absl::StrCat("no attempt ", request.name()));
  }
  if (++gets_ == deadline_passes_at_get) deadline_passed = true;
  if (deadline_passed && attempt.state() == quiz::v1::IN_PROGRESS) {
    FinishNow(/*timed_out=*/true);
  }
  return StudentView();
}

absl::StatusOr<quiz::v1::ListAttemptsResponse> FakeQuizApi::ListAttempts(
    const quiz::v1::ListAttemptsRequest& request) {
  calls.push_back("ListAttempts");
  quiz::v1::ListAttemptsResponse reply;
  if (started) {
    Attempt* listed = reply.add_attempts();
    *listed = StudentView();
    listed->clear_items();
  }
  return reply;
}

absl::StatusOr<quiz::v1::SubmitResponseResponse> FakeQuizApi::SubmitResponse(
    const quiz::v1::SubmitResponseRequest& request) {
  calls.push_back("SubmitResponse");
  submitted.push_back(request);
  if (deadline_passes_at_submit) deadline_passed = true;
  if (!fail_next_submit.ok()) {
    absl::Status failure = fail_next_submit;
    fail_next_submit = absl::OkStatus();
    return failure;
  }
  if (deadline_passed) {
    if (attempt.state() == quiz::v1::IN_PROGRESS) FinishNow(true);
    return absl::FailedPreconditionError("the attempt's deadline has passed");
  }
  if (attempt.state() != quiz::v1::IN_PROGRESS) {
    return absl::FailedPreconditionError("the attempt is finished");
  }
  for (AttemptItem& item : *attempt.mutable_items()) {
    if (item.item().id() != request.item_id()) continue;
    *item.mutable_response() = request.response();
    if (attempt.mode() != quiz::v1::QUIZ_MODE_EXAM) {
      *item.mutable_outcome() = Grade(item.item(), item.response());
    }
    quiz::v1::SubmitResponseResponse reply;
    *reply.mutable_item() = item;
    if (attempt.mode() == quiz::v1::QUIZ_MODE_EXAM) {
      ClearKeys(*reply.mutable_item()->mutable_item());
    }
    int answered = 0;
    for (const AttemptItem& each : attempt.items()) {
      answered += each.has_response();
    }
    attempt.set_answered_count(answered);
    reply.set_answered_count(answered);
    return reply;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("item ", request.item_id(), " is not in the attempt"));
}

absl::StatusOr<AttemptItem> FakeQuizApi::FlagItem(
    const quiz::v1::FlagItemRequest& request) {
  calls.push_back("FlagItem");
  for (AttemptItem& item : *attempt.mutable_items()) {
    if (item.item().id() != request.item_id()) continue;
    item.set_flagged(request.flagged());
    AttemptItem reply = item;
    ClearKeys(*reply.mutable_item());
    return reply;
  }
  return absl::InvalidArgumentError("no such item");
}

absl::StatusOr<Attempt> FakeQuizApi::FinishAttempt(
    const quiz::v1::FinishAttemptRequest& request) {
  calls.push_back("FinishAttempt");
  if (deadline_passed && attempt.state() == quiz::v1::IN_PROGRESS) {
    FinishNow(true);
    return absl::FailedPreconditionError("the attempt's deadline has passed");
  }
  if (attempt.state() == quiz::v1::IN_PROGRESS) FinishNow(false);
  return attempt;
}

}  // namespace client::testing
