#include "server/service/learner.h"

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

absl::StatusOr<progress::Standing> LoadStanding(Context& context,
                                                int64_t user_id) {
  absl::StatusOr<std::vector<progress::GradedResponse>> responses =
      CountedResponses(context, user_id);
  if (!responses.ok()) return responses.status();
  progress::Standing standing;
  for (const progress::GradedResponse& response : *responses) {
    standing.Apply(response);
  }
  return standing;
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
