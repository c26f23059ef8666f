#include "server/progress/standing.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace progress {
namespace {

// Elo step size, shrinking as evidence accumulates: K(n) = a / (1 + b n).
double StepSize(int responses) { return 0.8 / (1.0 + 0.05 * responses); }

// SM-2 quality of a response: 5 for full marks; a lapse (2 or 1) otherwise.
int Quality(const GradedResponse& response) {
  if (response.correct) return 5;
  return response.score > 0 ? 2 : 1;
}

void Schedule(ItemState& item, const GradedResponse& response) {
  const int q = Quality(response);
  item.easiness =
      std::max(1.3, item.easiness + (0.1 - (5 - q) * (0.08 + (5 - q) * 0.02)));
  if (q < 3) {
    // A lapse: start over, and come back now.
    item.scheduled = true;
    item.repetitions = 0;
    item.interval_days = 0;
    item.due_ms = response.time_ms;
    return;
  }
  ++item.repetitions;
  if (item.repetitions == 1) {
    item.interval_days = 1;
  } else if (item.repetitions == 2) {
    item.interval_days = 6;
  } else {
    item.interval_days = static_cast<int>(
        std::lround(std::max(1, item.interval_days) * item.easiness));
  }
  item.due_ms = response.time_ms + item.interval_days * kDayMs;
}

}  // namespace

double ItemDifficulty(const quiz::v1::Item& item) {
  return RatingDifficulty(item.difficulty());
}

double RatingDifficulty(int rating) {
  if (rating < 1 || rating > 5) return 0;
  return (rating - 3) * 0.6;
}

double ExpectedScore(double ability, double difficulty) {
  return 1.0 / (1.0 + std::exp(difficulty - ability));
}

void Standing::Apply(const GradedResponse& response) {
  if (response.max_score <= 0) return;  // not scored (likert)
  const double fraction =
      std::clamp(response.score / response.max_score, 0.0, 1.0);
  TopicState& topic = topics[{response.bank_id, response.topic}];
  topic.ability +=
      StepSize(topic.responses) *
      (fraction - ExpectedScore(topic.ability, response.difficulty));
  ++topic.responses;
  topic.points += std::max(0.0, response.score);
  topic.max_points += response.max_score;
  topic.last_time_ms = std::max(topic.last_time_ms, response.time_ms);
  topic.items_seen.insert(response.item_id);
  topic.recent.push_back(fraction);
  if (topic.recent.size() > 10) topic.recent.pop_front();

  ItemState& item = items[{response.bank_id, response.item_id}];
  item.topic = response.topic;
  ++item.answered;
  if (response.correct) ++item.correct;
  Schedule(item, response);
  ++responses;
}

std::vector<ItemKey> Standing::Due(int64_t now_ms) const {
  std::vector<std::pair<int64_t, ItemKey>> due;
  for (const auto& [key, item] : items) {
    if (item.scheduled && item.due_ms <= now_ms)
      due.push_back({item.due_ms, key});
  }
  std::sort(due.begin(), due.end());
  std::vector<ItemKey> keys;
  for (auto& [time, key] : due) keys.push_back(std::move(key));
  return keys;
}

int Standing::DueCount(int64_t now_ms) const {
  int due = 0;
  for (const auto& [key, item] : items) {
    if (item.scheduled && item.due_ms <= now_ms) ++due;
  }
  return due;
}

double Trend(const TopicState& topic) {
  if (topic.recent.size() < 10) return 0;
  const double older =
      std::accumulate(topic.recent.begin(), topic.recent.begin() + 5, 0.0);
  const double newer =
      std::accumulate(topic.recent.begin() + 5, topic.recent.end(), 0.0);
  return (newer - older) / 5.0;
}

}  // namespace progress
