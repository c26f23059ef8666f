// Test doubles for the client: a sample attempt and an in-memory QuizApi that
// behaves like the server contract in quiz/v1/attempt_service.proto, just
// enough for the client's flows.
#ifndef QUIZD_TESTS_CLIENT_FAKE_QUIZ_API_UTIL_H_
#define QUIZD_TESTS_CLIENT_FAKE_QUIZ_API_UTIL_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "client/quiz_api.h"
#include "gtest/gtest.h"
#include "quiz/v1/attempt.pb.h"

namespace client::testing {

// Passes when `text` contains `part`; a failure prints both. (gmock is not
// linked into the test binaries.)
::testing::AssertionResult Contains(absl::string_view text,
                                    absl::string_view part);
// The ids of a repeated string field, as a vector for EXPECT_EQ.
template <typename Repeated>
std::vector<std::string> Ids(const Repeated& ids) {
  return std::vector<std::string>(ids.begin(), ids.end());
}

// Fixed "now" for deterministic tests: 2025-03-01 12:00:00 UTC.
absl::Time TestNow();

// An in-progress attempt "attempts/att1" of "quizzes/drill", student view
// (keys cleared), with five items in two topics:
//   1 q-single  single choice, options ids x, y, z (y correct)   topic "ICD"
//   2 q-multi   multiple choice, ids a, b, c, d (a, c correct)  topic "ICD"
//   3 q-tf      true/false (true)                               topic "Billing"
//   4 q-num     numeric (64 USD)                                topic "Billing"
//   5 q-codes   code entry (E11.9)                              topic "Billing"
// Deadline 30 minutes after TestNow(), warning at 300 seconds.
quiz::v1::Attempt SampleAttempt(quiz::v1::QuizMode mode);

// The same attempt with keys, as a finished attempt reveals them.
quiz::v1::Attempt SampleAttemptWithKeys(quiz::v1::QuizMode mode);

// A finished, graded attempt: 3 correct, 1 partially correct, 1 unanswered,
// 3.5 of 5 points (70%) against a pass mark of 75%: failed, not timed out.
quiz::v1::Attempt FinishedSampleAttempt();

class FakeQuizApi : public QuizApi {
 public:
  explicit FakeQuizApi(quiz::v1::QuizMode mode);

  absl::StatusOr<quiz::v1::LoginResponse> Login(
      const quiz::v1::LoginRequest& request) override;
  absl::Status Logout() override;
  absl::StatusOr<quiz::v1::ListQuizzesResponse> ListQuizzes(
      const quiz::v1::ListQuizzesRequest& request) override;
  absl::StatusOr<quiz::v1::Attempt> StartAttempt(
      const quiz::v1::StartAttemptRequest& request) override;
  absl::StatusOr<quiz::v1::Attempt> GetAttempt(
      const quiz::v1::GetAttemptRequest& request) override;
  absl::StatusOr<quiz::v1::ListAttemptsResponse> ListAttempts(
      const quiz::v1::ListAttemptsRequest& request) override;
  absl::StatusOr<quiz::v1::SubmitResponseResponse> SubmitResponse(
      const quiz::v1::SubmitResponseRequest& request) override;
  absl::StatusOr<quiz::v1::AttemptItem> FlagItem(
      const quiz::v1::FlagItemRequest& request) override;
  absl::StatusOr<quiz::v1::Attempt> FinishAttempt(
      const quiz::v1::FinishAttemptRequest& request) override;

  // The names of the RPCs made, in order.
  std::vector<std::string> calls;
  std::vector<quiz::v1::SubmitResponseRequest> submitted;
  // True when an attempt exists (started, or resumable from the start).
  bool started = false;
  // The server's clock is past the deadline: every call finishes the attempt
  // as timed out; SubmitResponse and FinishAttempt then fail with
  // FAILED_PRECONDITION.
  bool deadline_passed = false;
  // Sets deadline_passed when the attempt is read for the Nth time (1-based;
  // 0 never), so a test can let time run out in the middle of a run.
  int deadline_passes_at_get = 0;
  // Sets deadline_passed when a response is submitted.
  bool deadline_passes_at_submit = false;
  // When not OK, the next SubmitResponse fails with it and records nothing.
  absl::Status fail_next_submit;
  // Quizzes for ListQuizzes, served two per page.
  std::vector<quiz::v1::QuizSummary> quizzes;
  std::string last_login_password;

  // The server-side attempt, with keys.
  quiz::v1::Attempt attempt;

 private:
  quiz::v1::Attempt StudentView() const;
  int gets_ = 0;
  void FinishNow(bool timed_out);
};

}  // namespace client::testing

#endif  // QUIZD_TESTS_CLIENT_FAKE_QUIZ_API_UTIL_H_
