// Totals of an attempt: adds item outcomes into a score, pass/fail and a
// per-topic breakdown. Pure, like Grade.
#ifndef QUIZD_SERVER_GRADING_SCORE_H_
#define QUIZD_SERVER_GRADING_SCORE_H_

#include <map>
#include <string>
#include <vector>

#include "quiz/v1/attempt.pb.h"
#include "quiz/v1/bank.pb.h"

namespace grading {

// Scores an attempt of `quiz` over `items` (the attempt's items, in order).
// `outcomes` maps item id to its outcome; items without one count as
// unanswered. Likert items are left out: they are never scored. Each item's
// points count times its topic's weight in quiz.topic_weights (default 1).
// The total is floored at zero; `passed` needs quiz.pass_percent > 0. Topics
// appear in the bank's topic order, only those with items in the attempt.
// Reads of the items only id, topic, points and type (and a case's parts'
// points), so outlines serve (store::BankVersion::outline()).
quiz::v1::AttemptResult ScoreAttempt(
    const quiz::v1::Bank& bank, const quiz::v1::Quiz& quiz,
    const std::vector<const quiz::v1::Item*>& items,
    const std::map<std::string, quiz::v1::Outcome>& outcomes);

}  // namespace grading

#endif  // QUIZD_SERVER_GRADING_SCORE_H_
