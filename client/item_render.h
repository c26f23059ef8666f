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
// answer area and the current answer if any. The answer area is the lettered
// options; T/F; lettered steps (ordering); numbered prompts and lettered
// answers (matching); the unit (numeric); the code system and an example
// (code entry); the numbered scale (likert). A case item shows its scenario,
// the answers of its parts so far, then part 1 as RenderCasePart does (or,
// once graded, the list of its parts). A graded item leaves its answer to
// RenderOutcome.
std::string RenderQuestion(const quiz::v1::AttemptItem& item, int total,
                           const std::string& time_left, int width);

// Part `part` (0-based) of the case item `item` while it is being answered:
// "Question 3 of 10 · part 2 of 3", the part's stem and answer area, and
// `answer` (nullptr or unset for none) as the answer Enter keeps.
std::string RenderCasePart(const quiz::v1::AttemptItem& item, int part,
                           int total, const quiz::v1::Response* answer,
                           int width);

// The current response in the terms the student typed it ("B, C", "true",
// "1b 2a", the text); "" when there is none.
std::string DescribeResponse(const quiz::v1::Item& item,
                             const quiz::v1::Response& response);

// Whether the response has an answer set.
bool HasAnswer(const quiz::v1::AttemptItem& item);

// The revealed outcome: "Correct (1/1)", "Partially correct (0.5/1)" (never
// "Correct" short of full points) or "Recorded (not scored)" for likert items;
// the student's answer and, unless it was right, the key; the feedback lines,
// the chosen options' feedback not already among them, the rationale and the
// references. A case item lists every part that way, then its own total.
// "" when the item has no outcome yet.
std::string RenderOutcome(const quiz::v1::AttemptItem& item, int width);

// One line per item: position, answered and flagged marks, start of the stem;
// `current` (1-based, 0 for none) is marked with ">". Ends with a count line.
std::string RenderItemList(const quiz::v1::Attempt& attempt, int current);

// The full review of one graded item: question header, stem, options with "*"
// on the key and ">" on the student's choice (ordering: the student's order
// and the correct one; matching: each prompt's key and the student's pick;
// other types: the answer and the key), then the outcome. Case items show
// the scenario and each part that way with its own outcome.
std::string RenderReviewItem(const quiz::v1::AttemptItem& item, int total,
                             int width);

}  // namespace client

#endif  // QUIZD_CLIENT_ITEM_RENDER_H_
