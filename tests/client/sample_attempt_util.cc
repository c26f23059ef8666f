#include "tests/client/sample_attempt_util.h"

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

constexpr char kAllTypesText[] = R"pb(
  items {
    position: 1
    topic_title: "Workflow"
    item {
      id: "q-order"
      stem: "Put the claim steps in order."
      ordering {
        steps { id: "s1" text: "Register the patient" }
        steps { id: "s2" text: "Verify insurance" }
        steps { id: "s3" text: "Code the visit" }
        steps { id: "s4" text: "Submit the claim" }
      }
    }
  }
  items {
    position: 2
    topic_title: "Claims"
    item {
      id: "q-match"
      stem: "Match each form to its transaction."
      matching {
        prompts { id: "p1" text: "CMS-1500" answer_id: "r2" }
        prompts { id: "p2" text: "UB-04" answer_id: "r1" }
        answers { id: "r1" text: "837I" }
        answers { id: "r2" text: "837P" }
        answers { id: "r3" text: "835" }
      }
    }
  }
  items {
    position: 3
    topic_title: "Claims"
    item {
      id: "q-text"
      stem: "What is the patient's percentage share called?"
      short_text { accepted: "coinsurance" }
    }
  }
  items {
    position: 4
    topic_title: "Career fit"
    item {
      id: "q-likert"
      stem: "I enjoy detailed work."
      likert { weights { trait: "detail" weight: 1 } }
    }
  }
  items {
    position: 5
    topic_title: "Career fit"
    item {
      id: "q-scale"
      stem: "I talk to payers on the phone."
      likert {
        scale: "Never"
        scale: "Sometimes"
        scale: "Often"
        weights { trait: "people" weight: 0.5 }
      }
    }
  }
  items {
    position: 6
    topic_title: "Cases"
    item {
      id: "q-case"
      stem: "Read the visit note and answer each part."
      rationale: "Code what the note documents."
      case_item {
        scenario: "An established patient with type 2 diabetes is seen for a follow-up; a separate problem is addressed."
        items {
          id: "c-dx"
          stem: "Which diagnosis code?"
          rationale: "E11.9 is type 2 diabetes without complications."
          code_entry {
            system: CODE_SYSTEM_ICD10CM
            expected { code: "E11.9" }
          }
        }
        items {
          id: "c-cpt"
          stem: "Which visit code?"
          code_entry {
            system: CODE_SYSTEM_CPT
            expected { code: "99213" modifiers: "25" }
          }
        }
        items {
          id: "c-tf"
          stem: "Modifier 25 applies."
          true_false { answer: true }
        }
        items {
          id: "c-amt"
          stem: "The copay?"
          numeric { answer: 20 unit: "USD" }
        }
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
  if (item.has_matching()) {
    for (auto& prompt : *item.mutable_matching()->mutable_prompts()) {
      prompt.clear_answer_id();
    }
  }
  if (item.has_short_text()) item.mutable_short_text()->Clear();
  if (item.has_likert()) item.mutable_likert()->clear_weights();
  if (item.has_case_item()) {
    for (auto& part : *item.mutable_case_item()->mutable_items()) {
      ClearKeys(part);
    }
  }
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

Attempt AllTypesAttemptWithKeys(quiz::v1::QuizMode mode) {
  Attempt attempt = ParseAttempt(kAllTypesText);
  attempt.set_name("attempts/att2");
  attempt.set_quiz("quizzes/mixed");
  attempt.set_quiz_title("Mixed drill");
  attempt.set_mode(mode);
  attempt.set_state(quiz::v1::IN_PROGRESS);
  attempt.set_item_count(attempt.items_size());
  return attempt;
}

Attempt AllTypesAttempt(quiz::v1::QuizMode mode) {
  Attempt attempt = AllTypesAttemptWithKeys(mode);
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

}  // namespace client::testing
