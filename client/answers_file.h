// Answers files for non-interactive `quiz take --answers FILE`.
//
// Syntax, one answer per line:
//
//   # comment                      (blank lines and lines starting with # are
//   ITEM_ID: ANSWER                 ignored; whitespace around both is trimmed)
//
// ANSWER follows ResponseFromIds (responses.h): option, step, prompt and
// answer ids, never letters, because letters depend on the per-attempt order.
// A sub-item of a case item is answered by its own id (`SUBITEM_ID: ANSWER`);
// the lines of one case item are sent together as one CaseAnswer, and a
// sub-item without a line is left unanswered. The same syntax is documented in
// README.md and `quiz take --help`.
#ifndef QUIZD_CLIENT_ANSWERS_FILE_H_
#define QUIZD_CLIENT_ANSWERS_FILE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "quiz/v1/attempt.pb.h"
#include "quiz/v1/attempt_service.pb.h"

namespace client {

// One `ITEM_ID: ANSWER` line.
struct AnswerLine {
  int line = 0;  // 1-based
  std::string item_id;
  std::string answer;  // trimmed, not yet interpreted
};

// One SubmitResponse to make.
struct PlannedResponse {
  int line = 0;         // line of the first answer that went into it
  std::string item_id;  // a top-level item of the attempt
  quiz::v1::Response response;
};

// Splits `text` into answer lines. Every malformed line is reported as
// "FILE:LINE: message" (one per line of the INVALID_ARGUMENT message).
absl::StatusOr<std::vector<AnswerLine>> ParseAnswersText(
    absl::string_view text, absl::string_view file_name);

// Reads and parses a file; an unreadable file is INVALID_ARGUMENT too.
absl::StatusOr<std::vector<AnswerLine>> ReadAnswersFile(
    const std::string& path);

// Checks the lines against the attempt's items and builds the responses, in
// file order. Reports as "FILE:LINE: message": unknown item ids, answers that
// do not fit the item, and items answered twice. Sends nothing.
absl::StatusOr<std::vector<PlannedResponse>> PlanResponses(
    const std::vector<AnswerLine>& lines, const quiz::v1::Attempt& attempt,
    absl::string_view file_name);

// What the lines will answer, for StartAttemptRequest.planned: one entry per
// line, in file order, with the item id and the answer's words (split at
// commas and at the `=` of matching pairs). The types of the items are not
// known before the attempt starts, so every answer's words are sent; the
// server checks only those of items answered by ids. A word longer than any
// bank id (64 characters) is left out: it cannot be an id.
google::protobuf::RepeatedPtrField<quiz::v1::PlannedAnswer> PlanIds(
    const std::vector<AnswerLine>& lines);

// A StartAttempt refusal of the plan from PlanIds, naming "planned[N]...",
// as the usage error "FILE:LINE: message" for the line it came from. Any
// other status is returned unchanged.
absl::Status PlanRefusalAtLine(const absl::Status& status,
                               const std::vector<AnswerLine>& lines,
                               absl::string_view file_name);

}  // namespace client

#endif  // QUIZD_CLIENT_ANSWERS_FILE_H_
