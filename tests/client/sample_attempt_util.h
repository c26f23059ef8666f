// Test data for the client's renderers and parsers: sample attempts as the
// server sends them, and small assertion helpers.
#ifndef QUIZD_TESTS_CLIENT_SAMPLE_ATTEMPT_UTIL_H_
#define QUIZD_TESTS_CLIENT_SAMPLE_ATTEMPT_UTIL_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
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

// An in-progress attempt "attempts/att2" with keys (as revealed), one item
// of each type SampleAttempt lacks; steps in the correct order s1..s4:
//   1 q-order   ordering s1 Register, s2 Verify, s3 Code, s4 Submit
//   2 q-match   matching prompts p1 CMS-1500 (-> r2), p2 UB-04 (-> r1);
//               answers r1 837I, r2 837P, r3 835
//   3 q-text    short text, accepted "coinsurance"
//   4 q-likert  likert, default scale
//   5 q-scale   likert, scale Never, Sometimes, Often
//   6 q-case    case: c-dx ICD-10-CM code entry (E11.9), c-cpt CPT code
//               entry (99213-25), c-tf true/false (true), c-amt numeric
//               (20 USD)
quiz::v1::Attempt AllTypesAttemptWithKeys(quiz::v1::QuizMode mode);

// The same in the student view (keys cleared).
quiz::v1::Attempt AllTypesAttempt(quiz::v1::QuizMode mode);

}  // namespace client::testing

#endif  // QUIZD_TESTS_CLIENT_SAMPLE_ATTEMPT_UTIL_H_
