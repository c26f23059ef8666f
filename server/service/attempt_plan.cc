#include "server/service/attempt_plan.h"

#include <algorithm>
#include <string_view>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "server/auth/password.h"

namespace service {
namespace {

// SplitMix64: a small generator whose output is fixed by its definition, so
// a stored seed reproduces the same draw on any platform and library version
// (std::uniform_int_distribution and std::shuffle are not so specified).
class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Fisher-Yates.
  template <typename T>
  void Shuffle(T begin, T end) {
    for (auto n = end - begin; n > 1; --n) {
      std::iter_swap(begin + (n - 1), begin + Next() % n);
    }
  }

 private:
  uint64_t state_;
};

// Mixes a string into a seed (FNV-1a), so each item gets its own stream.
uint64_t SeedFor(uint64_t seed, std::string_view salt) {
  uint64_t hash = 0xcbf29ce484222325ULL;
  for (unsigned char c : salt) hash = (hash ^ c) * 0x100000001b3ULL;
  return seed ^ hash;
}

// Shuffles a repeated field in place.
template <typename T>
void ShuffleField(google::protobuf::RepeatedPtrField<T>& field,
                  Random& random) {
  for (int n = field.size(); n > 1; --n) {
    field.SwapElements(n - 1, static_cast<int>(random.Next() % n));
  }
}

}  // namespace

absl::StatusOr<std::vector<std::string>> DrawItems(const quiz::v1::Bank& bank,
                                                   const quiz::v1::Quiz& quiz,
                                                   uint64_t seed) {
  Random random(SeedFor(seed, "items"));
  // Views into `bank` and `quiz`: a draw from a large bank copies no ids but
  // the ones drawn.
  std::vector<std::string_view> drawn;
  absl::flat_hash_set<std::string_view> taken;
  if (quiz.selections().empty()) {
    for (const quiz::v1::Item& item : bank.items()) drawn.push_back(item.id());
  }
  std::vector<std::string_view> pool;
  for (const quiz::v1::ItemSelection& selection : quiz.selections()) {
    if (!selection.item_ids().empty()) {
      for (const std::string& id : selection.item_ids()) {
        if (taken.insert(id).second) drawn.push_back(id);
      }
      continue;
    }
    pool.clear();
    for (const quiz::v1::Item& item : bank.items()) {
      if ((selection.topic().empty() || item.topic() == selection.topic()) &&
          !taken.contains(item.id())) {
        pool.push_back(item.id());
      }
    }
    const size_t count =
        selection.count() > 0 ? selection.count() : pool.size();
    if (count > pool.size()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "quiz ", quiz.id(), " draws ", count, " items from topic \"",
          selection.topic(), "\", which has only ", pool.size(), " left"));
    }
    random.Shuffle(pool.begin(), pool.end());
    for (size_t i = 0; i < count; ++i) {
      taken.insert(pool[i]);
      drawn.push_back(pool[i]);
    }
  }
  if (quiz.shuffle_items()) random.Shuffle(drawn.begin(), drawn.end());
  return std::vector<std::string>(drawn.begin(), drawn.end());
}

void ArrangeItem(quiz::v1::Item& item, uint64_t seed, bool shuffle_options) {
  Random random(SeedFor(seed, item.id()));
  switch (item.type_case()) {
    case quiz::v1::Item::kSingleChoice:
      if (shuffle_options) {
        ShuffleField(*item.mutable_single_choice()->mutable_options(), random);
      }
      break;
    case quiz::v1::Item::kMultipleChoice:
      if (shuffle_options) {
        ShuffleField(*item.mutable_multiple_choice()->mutable_options(),
                     random);
      }
      break;
    case quiz::v1::Item::kMatching:
      ShuffleField(*item.mutable_matching()->mutable_answers(), random);
      break;
    case quiz::v1::Item::kCaseItem:
      for (quiz::v1::Item& part : *item.mutable_case_item()->mutable_items()) {
        ArrangeItem(part, seed, shuffle_options);
      }
      break;
    default:
      break;
  }
}

void ClearKey(quiz::v1::Item& item, uint64_t seed) {
  item.clear_rationale();
  item.clear_references();
  switch (item.type_case()) {
    case quiz::v1::Item::kSingleChoice:
      for (auto& option : *item.mutable_single_choice()->mutable_options()) {
        option.clear_correct();
        option.clear_feedback();
      }
      break;
    case quiz::v1::Item::kMultipleChoice:
      for (auto& option : *item.mutable_multiple_choice()->mutable_options()) {
        option.clear_correct();
        option.clear_feedback();
      }
      break;
    case quiz::v1::Item::kTrueFalse:
      item.mutable_true_false()->Clear();
      break;
    case quiz::v1::Item::kOrdering: {
      Random random(SeedFor(seed, item.id()));
      auto& steps = *item.mutable_ordering()->mutable_steps();
      const std::string key_first = steps.empty() ? "" : steps[0].id();
      ShuffleField(steps, random);
      // A shuffle that leaves the first step first may leave everything in
      // the key order; rotating once guarantees the key is never shown.
      if (steps.size() > 1 && steps[0].id() == key_first) {
        std::rotate(steps.begin(), steps.begin() + 1, steps.end());
      }
      break;
    }
    case quiz::v1::Item::kMatching:
      for (auto& prompt : *item.mutable_matching()->mutable_prompts()) {
        prompt.clear_answer_id();
      }
      break;
    case quiz::v1::Item::kNumeric: {
      std::string unit = item.numeric().unit();
      item.mutable_numeric()->Clear();
      item.mutable_numeric()->set_unit(unit);
      break;
    }
    case quiz::v1::Item::kShortText:
      item.mutable_short_text()->Clear();
      break;
    case quiz::v1::Item::kCodeEntry: {
      quiz::v1::CodeSystem system = item.code_entry().system();
      item.mutable_code_entry()->Clear();
      item.mutable_code_entry()->set_system(system);
      break;
    }
    case quiz::v1::Item::kCaseItem:
      for (quiz::v1::Item& part : *item.mutable_case_item()->mutable_items()) {
        ClearKey(part, seed);
      }
      break;
    case quiz::v1::Item::kLikert: {
      auto scale = item.likert().scale();
      item.mutable_likert()->Clear();
      *item.mutable_likert()->mutable_scale() = scale;
      break;
    }
    default:
      break;
  }
}

uint64_t NewSeed() { return auth::RandomUint64(); }

}  // namespace service
