#include "server/service/learner.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "server/service/call.h"
#include "server/service/quiz_catalog.h"

namespace service {

absl::StatusOr<store::UserRecord> ResolveLearner(Context& context,
                                                 const auth::Principal& caller,
                                                 const std::string& name) {
  if (name.empty()) return context.store.GetUserById(caller.user_id);
  absl::StatusOr<std::string> username = ResourceId(name, "users", "user");
  if (!username.ok()) return username.status();
  const bool self = *username == caller.username;
  absl::StatusOr<store::UserRecord> user =
      (self || caller.is_staff())
          ? context.store.GetUserByName(*username)
          : absl::StatusOr<store::UserRecord>(absl::NotFoundError(""));
  if (absl::IsNotFound(user.status())) {
    return absl::NotFoundError(
        absl::StrCat("user \"users/", *username, "\" not found"));
  }
  return user;
}

absl::StatusOr<std::vector<progress::GradedResponse>> CountedResponses(
    Context& context, int64_t user_id) {
  absl::StatusOr<std::vector<store::GradedRecord>> records =
      context.store.ListGradedResponses(user_id);
  if (!records.ok()) return records.status();
  std::vector<progress::GradedResponse> counted;
  for (const store::GradedRecord& record : *records) {
    absl::StatusOr<store::BankVersionRecord> bank =
        context.store.GetBankVersion(record.bank_id, record.bank_version);
    if (!bank.ok()) return bank.status();
    if (!record.attempt_id.empty() &&
        record.attempt_state != quiz::v1::FINISHED) {
      const quiz::v1::Quiz* quiz = FindQuizIn(*bank->bank, record.quiz_id);
      // An exam's answers may still change until it is finished.
      if (quiz == nullptr || quiz->mode() == quiz::v1::QUIZ_MODE_EXAM) continue;
    }
    const quiz::v1::Item* item = FindItem(*bank->bank, record.item_id);
    if (item == nullptr) continue;
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
  return counted;
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
            FindQuizIn(*bank->bank, attempt->quiz_id)) {
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

absl::StatusOr<std::shared_ptr<const Learner>> LearnerCache::Get(
    Context& context, int64_t user_id) {
  const std::string key = absl::StrCat(user_id);
  std::shared_ptr<const Learner> hit;
  if (cache_.Read(key, [&](const auto& learner) { hit = learner; })) {
    return hit;
  }
  const uint64_t ticket = cache_.Ticket(key);
  absl::StatusOr<std::vector<progress::GradedResponse>> responses =
      CountedResponses(context, user_id);
  if (!responses.ok()) return responses.status();
  auto learner = std::make_shared<Learner>();
  for (const progress::GradedResponse& response : *responses) {
    learner->standing.Apply(response);
  }
  absl::StatusOr<std::vector<quiz::v1::AttemptScore>> history =
      History(context, user_id);
  if (!history.ok()) return history.status();
  learner->history = *std::move(history);
  std::shared_ptr<const Learner> loaded = std::move(learner);
  cache_.Fill(key, ticket, loaded);
  return loaded;
}

void LearnerCache::Changed(int64_t user_id) {
  cache_.Erase(absl::StrCat(user_id));
}

absl::StatusOr<std::shared_ptr<const Learner>> LoadLearner(Context& context,
                                                           int64_t user_id) {
  return context.learners.Get(context, user_id);
}

double Mastery(const progress::TopicState& topic, const quiz::v1::Bank* bank,
               const std::string& topic_id) {
  double sum = 0;
  int items = 0;
  if (bank != nullptr) {
    for (const quiz::v1::Item& item : bank->items()) {
      if (item.topic() != topic_id || item.has_likert()) continue;
      sum += progress::ExpectedScore(topic.ability,
                                     progress::ItemDifficulty(item));
      ++items;
    }
  }
  return items > 0 ? sum / items : progress::ExpectedScore(topic.ability, 0);
}

}  // namespace service
