#include "tests/client/live_server_util.h"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"

namespace client::testing {

const char kClientBank[] = R"yaml(
id: clientbank
title: Client test bank
topics:
  - {id: icd, title: ICD}
  - {id: billing, title: Billing}
items:
  - id: q-single
    topic: icd
    stem: Which code is right?
    rationale: Y is the specific code.
    references: [{citation: "ICD-10-CM I.A.1"}]
    single_choice:
      options:
        - {id: x, text: Option X, feedback: X is too vague.}
        - {id: y, text: Option Y, correct: true}
        - {id: z, text: Option Z}
  - id: q-multi
    topic: icd
    stem: Select all that apply.
    multiple_choice:
      options:
        - {id: a, text: First, correct: true}
        - {id: b, text: Second}
        - {id: c, text: Third, correct: true}
        - {id: d, text: Fourth}
  - id: q-tf
    topic: billing
    stem: A denial can be appealed.
    true_false: {answer: true}
  - id: q-long
    topic: billing
    stem: >-
      A claim for an office visit came back on the remittance advice with
      group code PR and reason code 1. What does the biller do next?
    single_choice:
      options:
        - {id: short, text: Write it off.}
        - id: long
          correct: true
          text: >-
            Bill the patient for the deductible amount shown on the
            remittance, after checking it against the payer contract.
  - id: q-case
    topic: billing
    stem: Read the visit note and answer each part.
    rationale: Code and bill what the note documents.
    case_item:
      scenario: >-
        An established patient with type 2 diabetes is seen for a follow-up.
        The copay is $20.
      items:
        - id: c-dx
          stem: Which diagnosis code?
          rationale: E11.9 is type 2 diabetes without complications.
          code_entry:
            system: CODE_SYSTEM_ICD10CM
            expected: [{code: E11.9}]
        - id: c-tf
          stem: The visit is billed to the payer.
          rationale: The payer is billed; the patient pays the copay.
          true_false: {answer: true}
        - id: c-amt
          stem: What does the patient pay at the visit?
          rationale: The copay.
          numeric: {answer: 20, unit: USD}
  - id: q-order
    topic: billing
    stem: Put the claim steps in order.
    rationale: Registration, eligibility, coding, then the claim.
    ordering:
      steps:
        - {id: s1, text: Register the patient}
        - {id: s2, text: Verify insurance}
        - {id: s3, text: Code the visit}
        - {id: s4, text: Submit the claim}
  - id: q-match
    topic: billing
    stem: Match each form to its electronic transaction.
    rationale: The CMS-1500 is the 837P and the UB-04 the 837I.
    matching:
      prompts:
        - {id: p1, text: CMS-1500, answer_id: r2}
        - {id: p2, text: UB-04, answer_id: r1}
      answers:
        - {id: r1, text: 837I}
        - {id: r2, text: 837P}
        - {id: r3, text: "835"}
  - id: q-likert
    topic: billing
    stem: I enjoy detailed work.
    likert:
      weights: [{trait: detail, weight: 1}]
quizzes:
  - id: drill
    title: Coding drill
    mode: QUIZ_MODE_EXAM
    access: QUIZ_ACCESS_OPEN
    time_limit_seconds: 3600
    pass_percent: 70
    selections: [{item_ids: [q-single, q-multi, q-tf, q-long]}]
  - id: drill-warned
    title: Coding drill, warned
    mode: QUIZ_MODE_EXAM
    access: QUIZ_ACCESS_OPEN
    time_limit_seconds: 3600
    warning_seconds: 3600
    selections: [{item_ids: [q-single, q-multi, q-tf, q-long]}]
  - id: drill-single
    title: Coding drill, one open attempt
    mode: QUIZ_MODE_EXAM
    access: QUIZ_ACCESS_OPEN
    single_open_attempt: true
    selections: [{item_ids: [q-single, q-multi, q-tf, q-long]}]
  - id: mixed
    title: Mixed exam
    mode: QUIZ_MODE_EXAM
    access: QUIZ_ACCESS_OPEN
    selections: [{item_ids: [q-case, q-order, q-match, q-likert]}]
  - id: mixed-practice
    title: Mixed practice
    mode: QUIZ_MODE_PRACTICE
    selections: [{item_ids: [q-case, q-order, q-match, q-likert]}]
)yaml";

void LiveServerTest::SetUp() {
  server_log_ = std::tmpfile();
  ASSERT_NE(server_log_, nullptr);
  std::fflush(stderr);
  saved_stderr_ = dup(STDERR_FILENO);
  dup2(fileno(server_log_), STDERR_FILENO);
  quizd_test::ServerFixture::SetUp();
  if (HasFatalFailure()) return;
  std::ofstream(dir_ + "/banks/client.yaml") << kClientBank;
  RestartServer();  // banks are loaded at startup
}

void LiveServerTest::TearDown() {
  server_.reset();  // its last words go to the log too
  if (saved_stderr_ >= 0) {
    std::fflush(stderr);
    dup2(saved_stderr_, STDERR_FILENO);
    close(saved_stderr_);
  }
  if (server_log_ != nullptr) {
    if (HasFailure()) {
      std::rewind(server_log_);
      std::string log;
      char chunk[4096];
      while (size_t n = std::fread(chunk, 1, sizeof(chunk), server_log_)) {
        log.append(chunk, n);
      }
      std::printf("Server log:\n%s", log.c_str());
    }
    std::fclose(server_log_);
  }
  quizd_test::ServerFixture::TearDown();
}

std::string LiveServerTest::address() const {
  return absl::StrCat("127.0.0.1:", server_->port());
}

ScriptedInput::ScriptedInput(std::vector<Step> steps)
    : std::istream(nullptr), buffer_(std::move(steps)) {
  rdbuf(&buffer_);
}

ScriptedInput::Buffer::int_type ScriptedInput::Buffer::underflow() {
  while (next_ < steps_.size()) {
    Step& step = steps_[next_++];
    if (step.before) step.before();
    if (step.text.empty()) continue;
    setg(step.text.data(), step.text.data(),
         step.text.data() + step.text.size());
    return traits_type::to_int_type(*gptr());
  }
  return traits_type::eof();
}

void SleepPastOneSecondDeadline() { absl::SleepFor(absl::Milliseconds(1300)); }

}  // namespace client::testing
