// Tables and summaries: the quiz list, the attempt list and the result
// summary of a finished attempt. Each returns text ending in a newline.
#ifndef QUIZD_CLIENT_TABLES_H_
#define QUIZD_CLIENT_TABLES_H_

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "quiz/v1/attempt.pb.h"
#include "quiz/v1/audit_service.pb.h"
#include "quiz/v1/quiz_service.pb.h"

namespace client {

// Tables fit this many columns unless $COLUMNS asks for more.
inline constexpr int kTableWidth = 80;

// Left-aligned columns separated by two spaces; columns whose index is in
// `right_aligned` are right-aligned. Widths count UTF-8 characters, not bytes.
// Every cell is made Printable. When the table is wider than `max_width`, the
// widest of the `elastic` columns (free text such as titles; never ids) is
// narrowed, then the next widest, never below its header or 8 columns, and
// the cells that no longer fit end in "\u2026"; nothing is cut when the table
// fits.
std::string RenderTable(const std::vector<std::string>& headers,
                        const std::vector<std::vector<std::string>>& rows,
                        const std::vector<int>& right_aligned = {},
                        int max_width = 0,
                        const std::vector<int>& elastic = {});

// ID, TITLE, MODE, ITEMS, LIMIT (time), PASS (mark), within `max_width`; the
// title gives way when the table is wider.
std::string RenderQuizTable(const std::vector<quiz::v1::QuizSummary>& quizzes,
                            int max_width = kTableWidth);

// ATTEMPT, QUIZ, STATE (open, finished, timed out), STARTED (MM-DD HH:MM),
// TAKEN, SCORE ("3/5" answered while open, "70% FAIL" once finished); times
// in `zone`. The quiz id gives way only when the table is wider than
// `max_width`.
// A finished attempt with nothing scored (an inventory) shows "profile" as
// its score.
std::string RenderAttemptTable(const std::vector<quiz::v1::Attempt>& attempts,
                               absl::TimeZone zone,
                               int max_width = kTableWidth);

// The result of a finished attempt: per-topic table, total, PASS/FAIL against
// the pass mark, outcome counts, whether time ran out, and how to review. An
// attempt with nothing scored (an inventory) gets one line saying how many
// answers were recorded and that it gives a profile, not a score.
std::string RenderSummary(const quiz::v1::Attempt& attempt);

// One line per regrade of a finished attempt, oldest first: "Regraded
// 2026-12-06 from bank version 1 to 2 by users/carol: 60% FAIL -> 80% PASS"
// (PASS/FAIL only when the quiz has a pass mark; the date in `zone`). When
// that is wider than `width` the score change goes on an indented second
// line. Empty when the attempt was never regraded.
std::string RenderRegrades(const quiz::v1::Attempt& attempt,
                           absl::TimeZone zone, int width = kTableWidth);

// TIME (YYYY-MM-DD HH:MM in `zone`), ACTOR (a username or "system"),
// METHOD (without its service; "(denied)" or the status after it when the
// call failed), RESOURCE, FROM (the client's address without its port).
// The resource, then the method, give way when wider than `max_width`.
std::string RenderAuditTable(const std::vector<quiz::v1::AuditEvent>& events,
                             absl::TimeZone zone, int max_width = kTableWidth);

}  // namespace client

#endif  // QUIZD_CLIENT_TABLES_H_
