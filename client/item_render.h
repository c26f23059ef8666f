// Text views of attempt items: the question screen of `quiz take`, the
// practice-mode outcome, the question list, and the `quiz review` view.
// Letters follow the order the server sent (its per-attempt option order).
// All functions return text ending in a newline, or "" when there is nothing
// to show. Stems, options, feedback, rationales and references are
// word-wrapped to `width` columns (see Wrap), options with a hanging indent.
#ifndef QUIZD_CLIENT_ITEM_RENDER_H_
#define QUIZD_CLIENT_ITEM_RENDER_H_

#include <string>

#include "quiz/v1/attempt.pb.h"

namespace client {

// The question as the student answers it: "Question 3 of 20", topic, the time
// left (`time_left`, omitted when empty), a [flagged] mark, the stem, the
// lettered options or answer hint, and the current answer if any.
std::string RenderQuestion(const quiz::v1::AttemptItem& item, int total,
                           const std::string& time_left, int width);

// The current response in the terms the student typed it ("B, C", "true",
// "1b 2a", the text); "" when there is none.
std::string DescribeResponse(const quiz::v1::Item& item,
                             const quiz::v1::Response& response);

// Whether the response has an answer set.
bool HasAnswer(const quiz::v1::AttemptItem& item);

// The revealed outcome: "Correct (1/1)" or similar, the feedback lines, the
// chosen options' feedback not already among them, the rationale and the
// references. "" when the item has no outcome yet.
std::string RenderOutcome(const quiz::v1::AttemptItem& item, int width);

// One line per item: position, answered and flagged marks, start of the stem;
// `current` (1-based, 0 for none) is marked with ">". Ends with a count line.
std::string RenderItemList(const quiz::v1::Attempt& attempt, int current);

// The full review of one graded item: question header, stem, options with "*"
// on the key and ">" on the student's choice (or the key and the response for
// other types), then RenderOutcome.
std::string RenderReviewItem(const quiz::v1::AttemptItem& item, int total,
                             int width);

}  // namespace client

#endif  // QUIZD_CLIENT_ITEM_RENDER_H_
