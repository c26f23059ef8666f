#include "server/progress/readiness.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace progress {
namespace {

// The share correct a topic is taken to reach once mastered.
constexpr double kMastered = 0.9;

double Points(const quiz::v1::Item& item) {
  if (item.has_case_item()) {
    double sum = 0;
    for (const auto& part : item.case_item().items()) sum += Points(part);
    return sum;
  }
  return item.points() > 0 ? item.points() : 1.0;
}

// Per-topic sums over the drawn (or expected drawn) items.
struct TopicSums {
  double items = 0;
  double max_points = 0;
  double expected_points = 0;
  double variance = 0;
};

}  // namespace

quiz::v1::Readiness ComputeReadiness(const quiz::v1::Bank& bank,
                                     const quiz::v1::Quiz& quiz,
                                     const Standing& standing) {
  std::map<std::string, double> weights;
  for (const auto& weight : quiz.topic_weights()) {
    weights[weight.topic()] = weight.weight();
  }
  std::map<std::string, const quiz::v1::Item*> by_id;
  for (const auto& item : bank.items()) by_id[item.id()] = &item;
  std::map<std::string, TopicSums> sums;

  // Adds `share` of one item (1 for a fixed item, n/|pool| for a draw).
  auto add = [&](const quiz::v1::Item& item, double share) {
    if (item.has_likert()) return;
    auto topic = standing.topics.find({bank.id(), item.topic()});
    const double ability =
        topic == standing.topics.end() ? 0 : topic->second.ability;
    const double p = ExpectedScore(ability, ItemDifficulty(item));
    auto weight = weights.find(item.topic());
    const double points =
        Points(item) * (weight == weights.end() ? 1.0 : weight->second);
    TopicSums& sum = sums[item.topic()];
    sum.items += share;
    sum.max_points += share * points;
    sum.expected_points += share * p * points;
    sum.variance += share * p * (1 - p) * points * points;
  };

  if (quiz.selections().empty()) {
    for (const auto& item : bank.items()) add(item, 1);
  }
  for (const auto& selection : quiz.selections()) {
    if (!selection.item_ids().empty()) {
      for (const std::string& id : selection.item_ids()) {
        if (by_id.count(id) > 0) add(*by_id[id], 1);
      }
      continue;
    }
    std::vector<const quiz::v1::Item*> pool;
    for (const auto& item : bank.items()) {
      if (selection.topic().empty() || item.topic() == selection.topic()) {
        pool.push_back(&item);
      }
    }
    if (pool.empty()) continue;
    const double count = selection.count() > 0
                             ? std::min<double>(selection.count(), pool.size())
                             : pool.size();
    for (const auto* item : pool) add(*item, count / pool.size());
  }

  double max_points = 0, expected = 0, variance = 0;
  for (const auto& [topic, sum] : sums) {
    max_points += sum.max_points;
    expected += sum.expected_points;
    variance += sum.variance;
  }
  quiz::v1::Readiness readiness;
  readiness.set_pass_percent(quiz.pass_percent());
  if (max_points <= 0) return readiness;
  readiness.set_expected_percent(100.0 * expected / max_points);
  if (quiz.pass_percent() > 0) {
    const double needed = quiz.pass_percent() / 100.0 * max_points;
    const double sd = std::sqrt(std::max(variance, 1e-12));
    const double z = (expected - needed + 0.5) / sd;
    readiness.set_pass_probability(0.5 * std::erfc(-z / std::sqrt(2.0)));
  }
  std::map<std::string, std::string> titles;
  for (const auto& topic : bank.topics()) titles[topic.id()] = topic.title();
  for (const auto& [topic, sum] : sums) {
    quiz::v1::TopicReadiness* out = readiness.add_topics();
    out->set_topic(topic);
    out->set_title(titles[topic]);
    out->set_items(static_cast<int>(std::lround(sum.items)));
    out->set_weight(sum.max_points / max_points);
    const double share =
        sum.max_points > 0 ? sum.expected_points / sum.max_points : 0;
    out->set_expected(share);
    out->set_gain_if_mastered(100.0 * sum.max_points *
                              std::max(0.0, kMastered - share) / max_points);
  }
  std::sort(readiness.mutable_topics()->begin(),
            readiness.mutable_topics()->end(),
            [](const auto& a, const auto& b) {
              return a.gain_if_mastered() > b.gain_if_mastered();
            });
  return readiness;
}

}  // namespace progress
