// `quiz gradebook`'s output: the gradebook as a table within 80 columns,
// its summary, and as CSV for spreadsheets. Pure: text in, text out.
#ifndef QUIZD_CLIENT_GRADEBOOK_RENDER_H_
#define QUIZD_CLIENT_GRADEBOOK_RENDER_H_

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "quiz/v1/course.pb.h"

namespace client {

// A course's gradebook: LEARNER (username, "(inactive)" or "(removed)"
// after it), then per assignment "score/maximum" ("-/maximum" before a
// score) with marks: "*" late, "~" an attempt in progress; MEAN and
// MEDIAN rows of the
// percents under each column. Assignments that do not fit `max_width` are
// left out and a line says how many, and how to see them. `results` are
// ListResults rows in any order.
std::string RenderCourseGradebook(const std::vector<quiz::v1::Result>& results,
                                  int max_width);

// One assignment's gradebook: LEARNER, SCORE (score/maximum), PERCENT,
// ATTEMPTS (used/allowed, "-" for unlimited), ACTIVITY, GRADING, LATE; then
// the summary of RenderSummaryLines.
std::string RenderAssignmentGradebook(
    const std::vector<quiz::v1::Result>& results, int max_width);

// "Scored: 3 of 4 learners. Mean 72.5%, median 75%." and a histogram of the
// scored percents in tens (one line per band from the lowest to the
// highest band used, bars scaled to fit `max_width`); "No scores yet." when
// nothing is scored.
std::string RenderScoreSummary(const std::vector<quiz::v1::Result>& results,
                               int max_width);

// The rows as CSV (RFC 4180: comma-separated, CRLF line ends, fields with
// a comma, quote or line break quoted, quotes doubled), UTF-8 with a byte
// order mark so that spreadsheets read names right. A header row, then one
// row per result with every Result field: enums as lowercase words
// ("in_progress"), times in RFC 3339 UTC, empty cells for unset values,
// and the regrades as their count and the last one's attempt, time,
// percents and who ran it. A cell starting with "=", "+", "-", "@", a tab
// or a carriage return gets a leading apostrophe, so that a spreadsheet
// never reads it as a formula.
std::string GradebookCsv(const std::vector<quiz::v1::Result>& results);

// The CSV header GradebookCsv writes, in order.
const std::vector<std::string>& GradebookCsvColumns();

// One CSV cell as GradebookCsv writes it (formula-neutralised, quoted
// when needed).
std::string CsvCell(const std::string& value);

}  // namespace client

#endif  // QUIZD_CLIENT_GRADEBOOK_RENDER_H_
