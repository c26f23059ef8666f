// `quiz review` without an attempt: a spaced-review session of the items due
// now, or of one topic's weakest items, answered like practice questions.
//
// Each card is shown as a practice question and answered in the terms of
// `quiz take` (input.h): letters, t/f, numbers, codes, text; a case item one
// part per line. "s" or "skip" skips the card, "q" stops the session, "?"
// shows help. Each answer is sent with AnswerReview (with a fresh request
// id) and its outcome, feedback and rationale are shown at once, as in
// practice mode. At the end: "Reviewed N, correct M" and when items are due
// next.
#ifndef QUIZD_CLIENT_REVIEW_SESSION_H_
#define QUIZD_CLIENT_REVIEW_SESSION_H_

#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "client/format.h"
#include "client/session.h"
#include "quiz/v1/progress_service.pb.h"

namespace client {

struct ReviewOptions {
  // "BANK/TOPIC" or "banks/BANK/topics/TOPIC": that topic's weakest items,
  // due or not. Empty: the items due now.
  std::string topic;
  // Most cards to review; 0 for the server's default (20).
  int count = 0;
};

// Where the session reads and writes. Not owned.
struct ReviewIo {
  std::istream* in = nullptr;   // one line per answer or command
  std::ostream* out = nullptr;  // everything human, prompts included
  // A person at a terminal: a prompt, hints and "Enter for the next item".
  // Piped input is echoed after "review> " instead.
  bool interactive = false;
  int width = kDefaultWidth;
  std::function<absl::Time()> now = [] { return absl::Now(); };
  absl::TimeZone zone = absl::UTCTimeZone();  // for "next due" times
  std::function<std::string()> new_request_id;
};

struct ReviewResult {
  // Every AnswerReview reply, in the order answered.
  std::vector<quiz::v1::AnswerReviewResponse> replies;
  int cards = 0;    // cards listed
  int skipped = 0;  // cards skipped with "s"
  int correct = 0;  // replies with full marks
  // Items still due after the session (from the last reply, or the listing
  // when nothing was answered).
  int remaining_due = 0;
};

// Lists the cards (ListDueReviews), runs the session and prints the summary.
// Stopping ("q" or end of input) is not an error. A reply of
// INVALID_ARGUMENT lets the student answer the card again; other server
// errors end the session and are returned.
absl::StatusOr<ReviewResult> RunReviewSession(Session& session,
                                              const ReviewOptions& options,
                                              const ReviewIo& io);

// The summary line(s) after a session: "Reviewed N, correct M (skipped K)."
// and either how many items are still due or when the soonest of the
// reviewed items comes back (times in `zone`, relative to `now`).
std::string RenderReviewSummary(const ReviewResult& result, absl::Time now,
                                absl::TimeZone zone);

}  // namespace client

#endif  // QUIZD_CLIENT_REVIEW_SESSION_H_
