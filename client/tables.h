// Tables and summaries: the quiz list, the attempt list and the result
// summary of a finished attempt. Each returns text ending in a newline.
#ifndef QUIZD_CLIENT_TABLES_H_
#define QUIZD_CLIENT_TABLES_H_

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "quiz/v1/attempt.pb.h"
#include "quiz/v1/quiz_service.pb.h"

namespace client {

// Left-aligned columns separated by two spaces; columns whose index is in
// `right_aligned` are right-aligned. Widths count UTF-8 characters, not bytes.
std::string RenderTable(const std::vector<std::string>& headers,
                        const std::vector<std::vector<std::string>>& rows,
                        const std::vector<int>& right_aligned = {});

// ID, TITLE, MODE, ITEMS, TIME LIMIT, PASS MARK.
std::string RenderQuizTable(const std::vector<quiz::v1::QuizSummary>& quizzes);

// ATTEMPT, QUIZ, STATE, STARTED, TIME TAKEN, SCORE, RESULT; times in `zone`.
// A finished attempt with nothing scored (an inventory) shows "profile" as
// its score.
std::string RenderAttemptTable(const std::vector<quiz::v1::Attempt>& attempts,
                               absl::TimeZone zone);

// The result of a finished attempt: per-topic table, total, PASS/FAIL against
// the pass mark, outcome counts, whether time ran out, and how to review. An
// attempt with nothing scored (an inventory) gets one line saying how many
// answers were recorded and that it gives a profile, not a score.
std::string RenderSummary(const quiz::v1::Attempt& attempt);

}  // namespace client

#endif  // QUIZD_CLIENT_TABLES_H_
