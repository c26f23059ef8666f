// A student's standing, replayed from their graded responses in time order:
// an Elo-style ability per topic and an SM-2 review schedule per item. Pure:
// no I/O, no clock (times come with the responses).
//
// Why Elo: it needs no batch calibration, updates in O(1) per response, and
// accounts for item difficulty through the expected score; adaptive practice
// systems use it for the same reasons (Pelanek 2016). Item difficulty comes
// from the author's 1-5 rating until there is calibration data.
// Why SM-2: the schedule is explainable to a student ("again tomorrow, then
// in 6 days"), needs no fitted parameters, and a wrong answer simply brings
// the item back now.
#ifndef QUIZD_SERVER_PROGRESS_STANDING_H_
#define QUIZD_SERVER_PROGRESS_STANDING_H_

#include <cstdint>
#include <deque>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "quiz/v1/attempt.pb.h"
#include "quiz/v1/bank.pb.h"

namespace progress {

inline constexpr int64_t kDayMs = 24LL * 60 * 60 * 1000;

// One graded response, as the replay needs it.
struct GradedResponse {
  std::string bank_id;
  std::string item_id;
  std::string topic;
  double difficulty = 0;  // item difficulty in logits (see ItemDifficulty)
  double score = 0;
  double max_score = 0;
  bool correct = false;  // full marks
  int64_t time_ms = 0;
};

// Item difficulty in logits from the authored 1-5 rating (3 is average;
// 0, unknown, counts as average).
double ItemDifficulty(const quiz::v1::Item& item);
// The same from the rating alone (outside 1-5: average).
double RatingDifficulty(int rating);

// Chance of full marks for ability `ability` on an item of `difficulty`.
double ExpectedScore(double ability, double difficulty);

struct TopicState {
  int responses = 0;
  double points = 0;
  double max_points = 0;
  double ability = 0;
  int64_t last_time_ms = 0;
  std::set<std::string> items_seen;
  std::deque<double> recent;  // score fractions, newest last, at most 10
};

// SM-2 state of one item for one student.
struct ItemState {
  std::string topic;
  int answered = 0;
  int correct = 0;
  double easiness = 2.5;
  int repetitions = 0;
  int interval_days = 0;
  int64_t due_ms = 0;
  // Set once the item was answered wrongly or partly: only such items are
  // reviewed.
  bool scheduled = false;
};

// (bank id, topic id) and (bank id, item id).
using TopicKey = std::pair<std::string, std::string>;
using ItemKey = std::pair<std::string, std::string>;

struct Standing {
  std::map<TopicKey, TopicState> topics;
  std::map<ItemKey, ItemState> items;
  int responses = 0;

  // Applies one response; responses must come in time order.
  void Apply(const GradedResponse& response);

  // Items due at `now_ms`, most overdue first.
  std::vector<ItemKey> Due(int64_t now_ms) const;
  // How many items are due at `now_ms` (Due(now_ms).size(), without the list).
  int DueCount(int64_t now_ms) const;
};

// Share correct of the last 5 responses minus that of the 5 before them; 0
// with fewer than 10.
double Trend(const TopicState& topic);

}  // namespace progress

#endif  // QUIZD_SERVER_PROGRESS_STANDING_H_
