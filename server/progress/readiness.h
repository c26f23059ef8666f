// Readiness for a quiz: the expected score now and the chance of passing,
// from the student's ability per topic and the quiz's blueprint. Pure.
#ifndef QUIZD_SERVER_PROGRESS_READINESS_H_
#define QUIZD_SERVER_PROGRESS_READINESS_H_

#include "quiz/v1/bank.pb.h"
#include "quiz/v1/progress_service.pb.h"
#include "server/progress/standing.h"

namespace progress {

// The expected share correct on each item is ExpectedScore(topic ability,
// item difficulty); a random draw of n items from a pool counts n times the
// pool's mean. Points and the quiz's topic weights apply as in scoring. The
// pass probability treats drawn items as independent (normal approximation,
// continuity-corrected). Likert items are left out. Topics are ordered by
// gain_if_mastered, largest first. user and quiz names are left for the
// caller to fill. Reads of the items only what an outline holds (id, topic,
// points, difficulty, type).
quiz::v1::Readiness ComputeReadiness(const quiz::v1::Bank& bank,
                                     const quiz::v1::Quiz& quiz,
                                     const Standing& standing);

}  // namespace progress

#endif  // QUIZD_SERVER_PROGRESS_READINESS_H_
