// The mixed "exam day": every student starts the exam quiz at once, answers
// each of its items in turn and finishes, like a class sitting an exam.
#ifndef QUIZD_BENCH_EXAM_DAY_H_
#define QUIZD_BENCH_EXAM_DAY_H_

#include <vector>

#include "bench/report.h"
#include "bench/session.h"

namespace bench {

// Runs the first `students` of session.students through a whole attempt each,
// all at once, one call in flight per student. Appends one row per RPC
// ("examday/StartAttempt", ...) and an "examday" row over every call to
// `rows`; returns the totals.
ExamDayResult RunExamDay(Session& session, int students,
                         std::vector<ScenarioResult>* rows);

}  // namespace bench

#endif  // QUIZD_BENCH_EXAM_DAY_H_
