// `quiz take`: find or start an attempt, then answer it from the terminal,
// from piped commands, or from an answers file, and finish it.
#ifndef QUIZD_CLIENT_TAKE_H_
#define QUIZD_CLIENT_TAKE_H_

#include <functional>
#include <iosfwd>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "client/format.h"
#include "client/session.h"
#include "quiz/v1/attempt.pb.h"

namespace client {

struct TakeOptions {
  std::string quiz;  // "ID" or "quizzes/ID"
  // Start a new attempt. An attempt of the quiz still in progress is
  // finished first (graded as it stands), after asking at a terminal.
  bool force_new = false;
  std::string answers_path;  // non-empty: answer from this file, then finish
  // "assignments/ID" to take the quiz through (StartAttemptRequest
  // .assignment); only its attempts are resumed. Empty: self-study.
  std::string assignment;
};

// Where `quiz take` reads and writes. Not owned.
struct TakeIo {
  std::istream* in = nullptr;   // commands (ignored with an answers file)
  std::ostream* out = nullptr;  // all human-readable text and prompts
  // A person at a terminal: prompts, confirmations, "Enter to continue" and
  // screen clearing. False for piped input and answers files.
  bool interactive = false;
  // Questions, options and feedback are word-wrapped to this many columns.
  int width = kDefaultWidth;
  // With `interactive`, the terminal that `in` reads (STDIN_FILENO), or -1.
  // While a timed attempt waits for a line on it, the status line above the
  // prompt shows the time left each second, warnings appear there, and when
  // the time is up the wait ends: what was being typed is dropped and the
  // attempt finished.
  int input_fd = -1;
  std::function<absl::Time()> now = [] { return absl::Now(); };
  // Fresh ids for the request_id of StartAttempt, SubmitResponse and
  // FinishAttempt.
  std::function<std::string()> new_request_id;
};

struct TakeResult {
  // Finished: the graded attempt. Otherwise the attempt as last seen, left in
  // progress for `quiz take QUIZ` to resume.
  quiz::v1::Attempt attempt;
  bool finished = false;
};

// Runs the whole `quiz take` flow and prints everything human to io.out.
// Errors: INVALID_ARGUMENT (local, with file:line) for a bad answers file,
// before any response is sent; server errors otherwise. Running out of time is
// not an error: the result is the attempt graded at its deadline.
absl::StatusOr<TakeResult> TakeQuiz(Session& session,
                                    const TakeOptions& options,
                                    const TakeIo& io);

// The "quizzes/ID" form of a quiz id or name.
std::string QuizName(const std::string& quiz);

// 32 random hex digits, for request ids.
std::string RandomRequestId();

}  // namespace client

#endif  // QUIZD_CLIENT_TAKE_H_
