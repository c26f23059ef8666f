#include "server/grading/score.h"

#include <algorithm>

#include "server/grading/grade.h"

namespace grading {

using quiz::v1::AttemptResult;
using quiz::v1::Outcome;
using quiz::v1::TopicScore;

AttemptResult ScoreAttempt(const quiz::v1::Bank& bank,
                           const quiz::v1::Quiz& quiz,
                           const std::vector<const quiz::v1::Item*>& items,
                           const std::map<std::string, Outcome>& outcomes) {
  std::map<std::string, double> weights;
  for (const quiz::v1::TopicWeight& weight : quiz.topic_weights()) {
    weights[weight.topic()] = weight.weight();
  }
  AttemptResult result;
  std::map<std::string, TopicScore> by_topic;
  double score = 0;
  double max_score = 0;
  for (const quiz::v1::Item* item : items) {
    auto found = outcomes.find(item->id());
    const quiz::v1::Correctness correctness = found == outcomes.end()
                                                  ? quiz::v1::UNANSWERED
                                                  : found->second.correctness();
    if (item->has_likert() || correctness == quiz::v1::NOT_SCORED) continue;
    auto weight = weights.find(item->topic());
    const double factor = weight == weights.end() ? 1.0 : weight->second;
    const double item_max =
        factor * (found == outcomes.end() ? ItemPoints(*item)
                                          : found->second.max_score());
    const double item_score =
        factor * (found == outcomes.end() ? 0 : found->second.score());

    TopicScore& topic = by_topic[item->topic()];
    topic.set_items(topic.items() + 1);
    topic.set_score(topic.score() + item_score);
    topic.set_max_score(topic.max_score() + item_max);
    score += item_score;
    max_score += item_max;
    switch (correctness) {
      case quiz::v1::CORRECT:
        topic.set_correct(topic.correct() + 1);
        result.set_correct(result.correct() + 1);
        break;
      case quiz::v1::PARTIALLY_CORRECT:
        result.set_partially_correct(result.partially_correct() + 1);
        break;
      case quiz::v1::UNANSWERED:
        result.set_unanswered(result.unanswered() + 1);
        break;
      default:
        result.set_incorrect(result.incorrect() + 1);
        break;
    }
  }
  for (const quiz::v1::Topic& topic : bank.topics()) {
    auto found = by_topic.find(topic.id());
    if (found == by_topic.end()) continue;
    TopicScore* out = result.add_topics();
    *out = found->second;
    out->set_topic(topic.id());
    out->set_title(topic.title());
    out->set_score(std::max(0.0, out->score()));
  }
  result.set_score(std::max(0.0, score));
  result.set_max_score(max_score);
  result.set_percent(max_score > 0 ? result.score() * 100.0 / max_score : 0);
  result.set_passed(quiz.pass_percent() > 0 &&
                    result.percent() + 1e-9 >= quiz.pass_percent());
  return result;
}

}  // namespace grading
