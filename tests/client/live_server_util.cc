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
quizzes:
  - id: drill
    title: Coding drill
    mode: QUIZ_MODE_EXAM
    time_limit_seconds: 3600
    pass_percent: 70
  - id: drill-warned
    title: Coding drill, warned
    mode: QUIZ_MODE_EXAM
    time_limit_seconds: 3600
    warning_seconds: 3600
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
