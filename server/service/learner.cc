#include "server/service/learner.h"

#include <algorithm>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/node_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "question_bank/typed/shown_text.h"
#include "server/service/assignment_release.h"
#include "server/service/call.h"
#include "server/service/quiz_catalog.h"

namespace service {

absl::StatusOr<store::UserRecord> ResolveLearner(Context& context,
                                                 const auth::Principal& caller,
                                                 const std::string& name) {
  if (name.empty()) {
    // The caller, as their token resolved them: no store read.
    store::UserRecord self;
    self.id = caller.user_id;
    self.username = caller.username;
    self.role = caller.role;
    return self;
  }
  absl::StatusOr<std::string> username = ResourceId(name, "users", "user");
  if (!username.ok()) return username.status();
  const bool self = *username == caller.username;
  const bool may_act_on_some =
      caller.may_act_on_others ||
      caller.related == auth::Principal::Related::kOwnLearners;
  absl::StatusOr<store::UserRecord> user =
      (self || may_act_on_some)
          ? context.store.GetUserByName(*username)
          : absl::StatusOr<store::UserRecord>(absl::NotFoundError(""));
  if (user.ok()) {
    // Someone the caller may not act on is told they do not exist.
    absl::StatusOr<bool> may = MayActOnUser(context.store, caller, user->id);
    if (!may.ok()) return may.status();
    if (!*may) user = absl::NotFoundError("");
  }
  if (absl::IsNotFound(user.status())) {
    return absl::NotFoundError(absl::StrCat(
        "user \"users/", typed::ShownText(*username), "\" not found"));
  }
  return user;
}

namespace {

// The bank versions one replay meets, each read once and indexed by item id:
// a history is long, and touches few versions.
class ReplayBanks {
 public:
  struct Version {
    store::BankVersionRecord record;
    absl::flat_hash_map<absl::string_view, const quiz::v1::Item*> items;
  };

  explicit ReplayBanks(Context& context) : context_(context) {}

  absl::StatusOr<const Version*> Get(const std::string& bank_id,
                                     int64_t version) {
    auto [it, inserted] = versions_.try_emplace({bank_id, version});
    if (!inserted) return &it->second;
    absl::StatusOr<store::BankVersionRecord> bank =
        context_.store.GetBankVersion(bank_id, version);
    if (!bank.ok()) {
      versions_.erase(it);
      return bank.status();
    }
    Version& indexed = it->second;
    indexed.record = *std::move(bank);
    for (const quiz::v1::Item& item : indexed.record.bank->outline().items()) {
      indexed.items.emplace(item.id(), &item);  // the first of an id wins
    }
    return &indexed;
  }

 private:
  Context& context_;
  absl::node_hash_map<std::pair<std::string, int64_t>, Version> versions_;
};

}  // namespace

absl::StatusOr<CountedHistory> CountedResponses(Context& context,
                                                int64_t user_id) {
  absl::StatusOr<std::vector<store::GradedRecord>> records =
      context.store.ListGradedResponses(user_id);
  if (!records.ok()) return records.status();
  ReplayBanks banks(context);
  ReleaseGate release(context, user_id, NowMs());
  CountedHistory history;
  std::vector<progress::GradedResponse>& counted = history.responses;
  counted.reserve(records->size());
  for (const store::GradedRecord& record : *records) {
    absl::StatusOr<const ReplayBanks::Version*> bank =
        banks.Get(record.bank_id, record.bank_version);
    if (!bank.ok()) return bank.status();
    const quiz::v1::Bank& version = (*bank)->record.bank->outline();
    progress::ItemKey key{record.bank_id, record.item_id};
    if (record.attempt_id.empty()) {
      // A review answer counts only for an item already revealed.
      if (history.revealed.count(key) == 0) continue;
    } else {
      const bool finished = record.attempt_state == quiz::v1::FINISHED;
      if (!finished) {
        const quiz::v1::Quiz* quiz = FindQuizIn(version, record.quiz_id);
        // An exam's answers may still change until it is finished.
        if (quiz == nullptr || quiz->mode() == quiz::v1::QUIZ_MODE_EXAM) {
          continue;
        }
      }
      bool shown = true;
      if (!record.assignment_id.empty()) {
        // An assignment's release policy decides whether the answer showed
        // the key; an unfinished one counts only once it did.
        absl::StatusOr<bool> released =
            release.Released(record.assignment_id, finished, !finished);
        if (!released.ok()) return released.status();
        shown = *released;
        if (!finished && !shown) continue;
      }
      if (shown) history.revealed.insert(std::move(key));
    }
    auto found = (*bank)->items.find(record.item_id);
    if (found == (*bank)->items.end()) continue;
    const quiz::v1::Item* item = found->second;
    progress::GradedResponse response;
    response.bank_id = record.bank_id;
    response.item_id = record.item_id;
    response.topic = item->topic();
    response.difficulty = progress::ItemDifficulty(*item);
    response.score = record.outcome.score();
    response.max_score = record.outcome.max_score();
    response.correct = record.outcome.correctness() == quiz::v1::CORRECT;
    response.time_ms = record.time_ms;
    counted.push_back(std::move(response));
  }
  return history;
}

namespace {

// Scored finished attempts of `user_id`, in finish order (an inventory has
// no score and is left out).
absl::StatusOr<std::vector<quiz::v1::AttemptScore>> History(Context& context,
                                                            int64_t user_id) {
  absl::StatusOr<std::vector<store::AttemptRecord>> attempts =
      context.store.ListAttempts(user_id, "", 1 << 20);
  if (!attempts.ok()) return attempts.status();
  std::vector<const store::AttemptRecord*> finished;
  for (const store::AttemptRecord& attempt : *attempts) {
    if (attempt.state == quiz::v1::FINISHED && attempt.result.max_score() > 0) {
      finished.push_back(&attempt);
    }
  }
  // Listed newest first; ties keep the oldest start first.
  std::reverse(finished.begin(), finished.end());
  std::stable_sort(finished.begin(), finished.end(),
                   [](const auto* a, const auto* b) {
                     return a->finish_time_ms < b->finish_time_ms;
                   });
  std::vector<quiz::v1::AttemptScore> history;
  for (const store::AttemptRecord* attempt : finished) {
    quiz::v1::AttemptScore& score = history.emplace_back();
    score.set_attempt("attempts/" + attempt->id);
    score.set_quiz("quizzes/" + attempt->quiz_id);
    absl::StatusOr<store::BankVersionRecord> bank =
        context.store.GetBankVersion(attempt->bank_id, attempt->bank_version);
    if (!bank.ok()) return bank.status();
    if (const quiz::v1::Quiz* quiz =
            FindQuizIn(bank->bank->outline(), attempt->quiz_id)) {
      score.set_quiz_title(quiz->title());
    }
    SetTimestamp(attempt->finish_time_ms, score.mutable_finish_time());
    score.set_percent(attempt->result.percent());
    score.set_passed(attempt->result.passed());
    score.set_duration_seconds(
        (attempt->finish_time_ms - attempt->start_time_ms) / 1000);
  }
  return history;
}

}  // namespace

int Learner::DueCount(int64_t now_ms) const {
  return static_cast<int>(
      std::upper_bound(due_times.begin(), due_times.end(), now_ms) -
      due_times.begin());
}

absl::StatusOr<std::shared_ptr<const Learner>> LearnerCache::Get(
    Context& context, int64_t user_id) {
  const std::string key = absl::StrCat(user_id);
  std::shared_ptr<const Learner> hit;
  if (cache_.Read(key, [&](const auto& learner) { hit = learner; })) {
    return hit;
  }
  const uint64_t ticket = cache_.Ticket(key);
  absl::StatusOr<CountedHistory> counted = CountedResponses(context, user_id);
  if (!counted.ok()) return counted.status();
  auto learner = std::make_shared<Learner>();
  for (const progress::GradedResponse& response : counted->responses) {
    learner->standing.Apply(response);
  }
  learner->revealed = std::move(counted->revealed);
  for (const auto& [key, item] : learner->standing.items) {
    if (item.scheduled) learner->due_times.push_back(item.due_ms);
  }
  std::sort(learner->due_times.begin(), learner->due_times.end());
  absl::StatusOr<std::vector<quiz::v1::AttemptScore>> history =
      History(context, user_id);
  if (!history.ok()) return history.status();
  learner->history = *std::move(history);
  std::shared_ptr<const Learner> loaded = std::move(learner);
  cache_.Fill(key, ticket, loaded);
  return loaded;
}

std::shared_ptr<const Learner> LearnerCache::Peek(int64_t user_id) {
  std::shared_ptr<const Learner> hit;
  cache_.Read(absl::StrCat(user_id),
              [&](const auto& learner) { hit = learner; });
  return hit;
}

void LearnerCache::Changed(int64_t user_id) {
  cache_.Erase(absl::StrCat(user_id));
}

absl::StatusOr<std::shared_ptr<const Learner>> LoadLearner(Context& context,
                                                           int64_t user_id) {
  return context.learners.Get(context, user_id);
}

double Mastery(const progress::TopicState& topic, const TopicFacts* facts) {
  double sum = 0;
  int items = 0;
  if (facts != nullptr) {
    for (int rating = 0;
         rating < static_cast<int>(facts->scored_by_rating.size()); ++rating) {
      const int count = facts->scored_by_rating[rating];
      if (count == 0) continue;
      sum += count * progress::ExpectedScore(
                         topic.ability, progress::RatingDifficulty(rating));
      items += count;
    }
  }
  return items > 0 ? sum / items : progress::ExpectedScore(topic.ability, 0);
}

}  // namespace service
