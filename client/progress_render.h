// Text views of a student's standing: the progress table, the score history
// chart, readiness for a quiz, the instructors' overview and the career-fit
// profile. Pure; every Render function returns text ending in a newline and
// stays within 80 columns for ids and titles of ordinary length.
#ifndef QUIZD_CLIENT_PROGRESS_RENDER_H_
#define QUIZD_CLIENT_PROGRESS_RENDER_H_

#include <map>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "quiz/v1/progress_service.pb.h"

namespace client {

// Cells of the bars below.
inline constexpr int kBarCells = 10;

// `share` (0-1, clamped) as kBarCells cells of "█" filled and "░" empty,
// rounded to the nearest cell, then the rounded percent: "████████░░ 80%".
std::string ShareBar(double share);

// "↑" when `trend` (share correct, newer minus older; see TopicProgress) is
// at least kTrendStep, "↓" at or below -kTrendStep, "→" otherwise.
inline constexpr double kTrendStep = 0.05;
std::string TrendArrow(double trend);

// `normalized` (-1..1, clamped) as a bar centred on "│": kBarCells cells on
// each side, filled from the centre toward the sign's side, e.g. +0.5 is
// "░░░░░░░░░░│█████░░░░░".
std::string CenteredBar(double normalized);

// Eight-level sparkline of `percents` (0-100), one block character each.
std::string Sparkline(const std::vector<double>& percents);

// The standing per topic, weakest first: TOPIC (bank/topic), TITLE, SEEN
// (items seen/total), ANSWERS, CORRECT (share), MASTERY (ShareBar), TREND;
// then the reviews due line, which for `own` progress names `quiz review`.
// Titles are shortened so the table fits `width` columns, keeping at least
// 12. A student without responses gets a sentence saying how to start.
std::string RenderProgress(const quiz::v1::Progress& progress, bool own,
                           int width);

// The score history, oldest finish first, one row per finished attempt: finish
// time
// in `zone`, quiz title (shortened), a 20-cell bar of the percent, the
// percent and PASS or FAIL when `pass_marks` (pass percent by quiz name,
// "quizzes/ID") gives the quiz a pass mark, "-" otherwise; then a sparkline
// of the last attempts and the change from the first of them to the last.
std::string RenderHistory(const quiz::v1::Progress& progress,
                          const std::map<std::string, double>& pass_marks,
                          absl::TimeZone zone);

// Readiness for a quiz: expected percent, pass mark and chance of passing,
// the blueprint topics with the largest gain first (title, ITEMS, WEIGHT,
// EXPECTED bar, GAIN IF MASTERED in percentage points), and a sentence naming
// the one or two topics to study.
std::string RenderReadiness(const quiz::v1::Readiness& readiness);

// One row per student: USER, RESPONSES, CORRECT, WEAKEST TOPIC, MASTERY, DUE,
// ATTEMPTS.
std::string RenderStudentTable(
    const std::vector<quiz::v1::StudentSummary>& students);

// The career-fit profile: when it was taken (in `zone`), each trait as a
// CenteredBar with its normalized score, the lean, the summary, the
// certifications and first roles, and the change since last time.
std::string RenderCareerProfile(const quiz::v1::CareerProfile& profile,
                                absl::TimeZone zone);

}  // namespace client

#endif  // QUIZD_CLIENT_PROGRESS_RENDER_H_
