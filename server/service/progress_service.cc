// ProgressService: standing per topic, readiness, spaced review and the
// career-fit profile, all derived from the graded responses in the store.
// (WatchProgress is in progress_watch.cc.)
#include <algorithm>
#include <cmath>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "question_bank/typed/shown_text.h"
#include "server/grading/grade.h"
#include "server/progress/career.h"
#include "server/progress/readiness.h"
#include "server/service/attempt_plan.h"
#include "server/service/call.h"
#include "server/service/learner.h"
#include "server/service/quiz_catalog.h"
#include "server/service/review_scope.h"
#include "server/service/services.h"

namespace service {
namespace {

// NOT_FOUND for an item that is not one of the caller's reviewable items,
// the same whether or not the bank or the item exists.
absl::Status NotReviewable(const std::string& bank_id,
                           const std::string& item_id) {
  return absl::NotFoundError(absl::StrCat(
      "item_id: \"", typed::ShownText(item_id), "\" of banks/",
      typed::ShownText(bank_id),
      " is not one of your reviewable items (items you answered in practice "
      "or in a finished attempt)"));
}

// Default and largest number of review cards per call.
constexpr int kDefaultCards = 20;
constexpr int kMaxCards = 200;

const quiz::v1::Topic* FindTopic(const quiz::v1::Bank& bank,
                                 const std::string& id) {
  for (const quiz::v1::Topic& topic : bank.topics()) {
    if (topic.id() == id) return &topic;
  }
  return nullptr;
}

// Topics with responses, weakest first.
std::vector<quiz::v1::TopicProgress> TopicsOf(
    const progress::Standing& standing, const CatalogBanks& banks) {
  std::vector<quiz::v1::TopicProgress> topics;
  for (const auto& [key, state] : standing.topics) {
    const auto& [bank_id, topic_id] = key;
    const TopicFacts* facts = nullptr;
    if (auto bank = banks.find(bank_id); bank != banks.end()) {
      auto found = bank->second.topics.find(topic_id);
      if (found != bank->second.topics.end()) facts = &found->second;
    }
    quiz::v1::TopicProgress out;
    out.set_bank("banks/" + bank_id);
    out.set_topic(topic_id);
    out.set_title(facts == nullptr || facts->topic == nullptr
                      ? topic_id
                      : facts->topic->title());
    out.set_items_seen(static_cast<int>(state.items_seen.size()));
    if (facts != nullptr) out.set_items_total(facts->items);
    out.set_responses(state.responses);
    out.set_share_correct(state.max_points > 0 ? state.points / state.max_points
                                               : 0);
    out.set_trend(progress::Trend(state));
    out.set_ability(state.ability);
    out.set_mastery(Mastery(state, facts));
    SetTimestamp(state.last_time_ms, out.mutable_last_time());
    topics.push_back(std::move(out));
  }
  std::stable_sort(
      topics.begin(), topics.end(),
      [](const auto& a, const auto& b) { return a.mastery() < b.mastery(); });
  return topics;
}

// Finished attempts of `user_id`, oldest first.
absl::StatusOr<std::vector<store::AttemptRecord>> FinishedAttempts(
    Context& context, int64_t user_id) {
  absl::StatusOr<std::vector<store::AttemptRecord>> all =
      context.store.ListAttempts(user_id, "", 1 << 20);
  if (!all.ok()) return all.status();
  std::vector<store::AttemptRecord> finished;
  for (auto it = all->rbegin(); it != all->rend(); ++it) {
    if (it->state == quiz::v1::FINISHED) finished.push_back(std::move(*it));
  }
  return finished;
}

// Default and largest GetProgressRequest.history_size.
constexpr int kDefaultHistory = 20;
constexpr int kMaxHistory = 1000;

// INVALID_ARGUMENT for a negative size; 0 is the default; capped.
absl::StatusOr<int> HistorySize(int requested) {
  if (requested < 0) {
    return absl::InvalidArgumentError("history_size: must not be negative");
  }
  return requested == 0 ? kDefaultHistory : std::min(requested, kMaxHistory);
}

// Fills `progress` with the learner's standing and the last `history_size`
// entries of their score history.
void FillProgress(Context& context, const std::string& username,
                  const Learner& learner, int history_size,
                  quiz::v1::Progress* progress) {
  const progress::Standing& standing = learner.standing;
  progress->set_user("users/" + username);
  for (quiz::v1::TopicProgress& topic :
       TopicsOf(standing, *context.catalog.LatestBanks())) {
    *progress->add_topics() = std::move(topic);
  }
  progress->set_responses(standing.responses);
  progress->set_reviews_due(learner.DueCount(NowMs()));
  const int total = static_cast<int>(learner.history.size());
  progress->set_history_total(total);
  progress->mutable_history()->Reserve(std::min(total, history_size));
  for (int i = std::max(0, total - history_size); i < total; ++i) {
    *progress->add_history() = learner.history[i];
  }
}

absl::Status FillProgress(Context& context, const store::UserRecord& user,
                          int history_size, quiz::v1::Progress* progress) {
  absl::StatusOr<std::shared_ptr<const Learner>> learner =
      LoadLearner(context, user.id);
  if (!learner.ok()) return learner.status();
  FillProgress(context, user.username, **learner, history_size, progress);
  return absl::OkStatus();
}

// A review card for `item` of `bank`, keys cleared.
quiz::v1::ReviewCard Card(const store::BankVersionRecord& bank,
                          const quiz::v1::Item& item,
                          const progress::ItemState* state, uint64_t seed) {
  quiz::v1::ReviewCard card;
  card.set_bank("banks/" + bank.bank_id);
  *card.mutable_item() = item;
  ArrangeItem(*card.mutable_item(), seed, /*shuffle_options=*/false);
  ClearKey(*card.mutable_item(), seed);
  if (const quiz::v1::Topic* topic =
          FindTopic(bank.bank->outline(), item.topic())) {
    card.set_topic_title(topic->title());
  }
  if (state != nullptr) {
    SetTimestamp(state->due_ms, card.mutable_due_time());
    card.set_answered(state->answered);
    card.set_correct(state->correct);
  }
  return card;
}

// "banks/{bank}/topics/{topic}" or "{bank}/{topic}".
absl::StatusOr<progress::TopicKey> ParseTopic(const std::string& name) {
  std::vector<std::string> parts = absl::StrSplit(name, '/');
  if (parts.size() == 4 && parts[0] == "banks" && parts[2] == "topics") {
    return progress::TopicKey{parts[1], parts[3]};
  }
  if (parts.size() == 2 && !parts[0].empty() && !parts[1].empty()) {
    return progress::TopicKey{parts[0], parts[1]};
  }
  return absl::InvalidArgumentError(
      absl::StrCat("topic: \"", typed::ShownText(name),
                   "\" is not BANK/TOPIC or banks/BANK/topics/TOPIC"));
}

// The topic's reviewable items in the latest bank, weakest first: answered
// wrongly most often (by share correct), then mastered.
std::vector<const quiz::v1::Item*> WeakestItems(
    const progress::Standing& standing, const ReviewScope& scope,
    const quiz::v1::Bank& bank, const std::string& topic) {
  std::vector<std::pair<double, const quiz::v1::Item*>> ranked;
  for (const quiz::v1::Item& item : bank.items()) {
    if (item.topic() != topic || item.has_likert() ||
        !scope.Allows({bank.id(), item.id()})) {
      continue;
    }
    auto state = standing.items.find({bank.id(), item.id()});
    double rank = 0.5;  // no answer counted in the standing
    if (state != standing.items.end() && state->second.answered > 0) {
      rank =
          static_cast<double>(state->second.correct) / state->second.answered;
      if (rank >= 1.0) rank = 1.5;  // mastered last
    }
    ranked.push_back({rank, &item});
  }
  std::stable_sort(
      ranked.begin(), ranked.end(),
      [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<const quiz::v1::Item*> items;
  for (const auto& [rank, item] : ranked) items.push_back(item);
  return items;
}

}  // namespace

ProgressServiceImpl::ProgressServiceImpl(Context& context) : context_(context) {
  SetMessageAllocatorFor_GetProgress(&progress_messages_);
}

grpc::ServerUnaryReactor* ProgressServiceImpl::GetProgress(
    grpc::CallbackServerContext* ctx,
    const quiz::v1::GetProgressRequest* request, quiz::v1::Progress* response) {
  auto* call = new Call(context_, ctx, "ProgressService.GetProgress", *request);
  grpc::ServerUnaryReactor* reactor = call->reactor();
  if (!call->Authenticate()) return reactor;
  absl::StatusOr<int> history_size = HistorySize(request->history_size());
  if (!history_size.ok()) {
    call->Finish(history_size.status());
    return reactor;
  }
  if (request->user().empty()) {
    // The caller's own progress, already replayed: no store read at all.
    const auth::Principal& self = call->principal();
    if (std::shared_ptr<const Learner> learner =
            context_.learners.Peek(self.user_id)) {
      FillProgress(context_, self.username, *learner, *history_size, response);
      call->Finish(absl::OkStatus());
      return reactor;
    }
  }
  // Replaying a student's history is CPU and store work: not on gRPC's
  // callback thread.
  context_.workers.Run([call, request, response, &context = context_,
                        history_size = *history_size] {
    absl::StatusOr<store::UserRecord> user =
        ResolveLearner(context, call->principal(), request->user());
    call->Finish(user.ok()
                     ? FillProgress(context, *user, history_size, response)
                     : user.status());
  });
  return reactor;
}

grpc::ServerUnaryReactor* ProgressServiceImpl::ListProgress(
    grpc::CallbackServerContext* ctx,
    const quiz::v1::ListProgressRequest* request,
    quiz::v1::ListProgressResponse* response) {
  auto* call =
      new Call(context_, ctx, "ProgressService.ListProgress", *request);
  grpc::ServerUnaryReactor* reactor = call->reactor();
  if (!call->Authenticate()) return reactor;
  absl::StatusOr<int> size = PageSize(request->page_size());
  std::string after;
  absl::Status status = size.status();
  if (status.ok() && !request->page_token().empty()) {
    absl::StatusOr<std::string> cursor = call->PageCursor();
    status = cursor.status();
    if (cursor.ok()) after = *cursor;
  }
  if (!status.ok()) {
    call->Finish(status);
    return reactor;
  }
  Context& context = context_;
  context_.workers.Run([call, response, &context, after, size = *size] {
    // An instructor lists their own learners; admins and keys every student.
    const auth::Principal& me = call->principal();
    absl::StatusOr<std::vector<store::UserRecord>> students =
        me.may_act_on_others
            ? context.store.ListUsers(quiz::v1::ROLE_STUDENT, after, size + 1)
            : context.store.ListLearnersOf(me.user_id, after, size + 1);
    if (!students.ok()) return call->Finish(students.status());
    const bool more = static_cast<int>(students->size()) > size;
    if (more) students->pop_back();
    for (const store::UserRecord& student : *students) {
      quiz::v1::Progress progress;
      // The summary needs no score history.
      if (absl::Status s = FillProgress(context, student, 0, &progress);
          !s.ok()) {
        return call->Finish(s);
      }
      quiz::v1::StudentSummary* out = response->add_students();
      out->set_user(progress.user());
      out->set_responses(progress.responses());
      double points = 0, max_points = 0;
      for (const auto& topic : progress.topics()) {
        points += topic.share_correct() * topic.responses();
        max_points += topic.responses();
      }
      out->set_share_correct(max_points > 0 ? points / max_points : 0);
      if (progress.topics_size() > 0) {
        const auto& weakest = progress.topics(0);
        out->set_weakest_topic(
            absl::StrCat(ResourceId(weakest.bank(), "banks", "bank")
                             .value_or(weakest.bank()),
                         "/", weakest.topic()));
        out->set_weakest_mastery(weakest.mastery());
      }
      out->set_reviews_due(progress.reviews_due());
      // The summary asked for no history entries, only their total.
      out->set_attempts_finished(progress.history_total());
    }
    if (more) {
      response->set_next_page_token(
          call->NextPageToken(students->back().username));
    }
    call->Finish(absl::OkStatus());
  });
  return reactor;
}

grpc::ServerUnaryReactor* ProgressServiceImpl::GetReadiness(
    grpc::CallbackServerContext* ctx,
    const quiz::v1::GetReadinessRequest* request,
    quiz::v1::Readiness* response) {
  auto* call =
      new Call(context_, ctx, "ProgressService.GetReadiness", *request);
  grpc::ServerUnaryReactor* reactor = call->reactor();
  if (!call->Authenticate()) return reactor;
  context_.workers.Run([call, request, response, &context = context_] {
    absl::StatusOr<std::string> quiz_id =
        ResourceId(request->quiz(), "quizzes", "quiz");
    absl::StatusOr<CatalogQuiz> entry =
        quiz_id.ok() ? context.catalog.FindQuiz(*quiz_id)
                     : absl::StatusOr<CatalogQuiz>(quiz_id.status());
    absl::StatusOr<store::UserRecord> user =
        entry.ok() ? ResolveLearner(context, call->principal(), request->user())
                   : absl::StatusOr<store::UserRecord>(entry.status());
    absl::StatusOr<std::shared_ptr<const Learner>> learner =
        user.ok()
            ? LoadLearner(context, user->id)
            : absl::StatusOr<std::shared_ptr<const Learner>>(user.status());
    if (learner.ok()) {
      *response = progress::ComputeReadiness(
          entry->bank.bank->outline(), *entry->quiz, (*learner)->standing);
      response->set_quiz("quizzes/" + *quiz_id);
      response->set_user("users/" + user->username);
    }
    call->Finish(learner.status());
  });
  return reactor;
}

grpc::ServerUnaryReactor* ProgressServiceImpl::ListDueReviews(
    grpc::CallbackServerContext* ctx,
    const quiz::v1::ListDueReviewsRequest* request,
    quiz::v1::ListDueReviewsResponse* response) {
  auto* call =
      new Call(context_, ctx, "ProgressService.ListDueReviews", *request);
  grpc::ServerUnaryReactor* reactor = call->reactor();
  if (!call->Authenticate()) return reactor;
  if (request->page_size() < 0) {
    call->Finish(absl::InvalidArgumentError("page_size: must not be negative"));
    return reactor;
  }
  const int size = request->page_size() == 0
                       ? kDefaultCards
                       : std::min(request->page_size(), kMaxCards);
  absl::StatusOr<std::shared_ptr<const Learner>> learner =
      LoadLearner(context_, call->principal().user_id);
  if (!learner.ok()) {
    call->Finish(learner.status());
    return reactor;
  }
  absl::StatusOr<ReviewScope> scope =
      LoadReviewScope(context_, *learner, call->principal().user_id);
  if (!scope.ok()) {
    call->Finish(scope.status());
    return reactor;
  }
  const progress::Standing& standing = (*learner)->standing;
  const std::shared_ptr<const CatalogBanks> latest =
      context_.catalog.LatestBanks();
  const CatalogBanks& banks = *latest;
  const uint64_t seed = static_cast<uint64_t>(call->principal().user_id);
  const std::vector<progress::ItemKey> due = scope->Due(standing, NowMs());
  response->set_total_due(static_cast<int>(due.size()));
  if (!request->topic().empty()) {
    absl::StatusOr<progress::TopicKey> topic = ParseTopic(request->topic());
    auto bank = topic.ok() ? banks.find(topic->first) : banks.end();
    if (!topic.ok() || bank == banks.end() ||
        FindTopic(bank->second.record.bank->outline(), topic->second) ==
            nullptr) {
      call->Finish(topic.ok() ? absl::NotFoundError(absl::StrCat(
                                    "topic ", request->topic(), " not found"))
                              : topic.status());
      return reactor;
    }
    const store::BankVersionRecord& record = bank->second.record;
    for (const quiz::v1::Item* outline : WeakestItems(
             standing, *scope, record.bank->outline(), topic->second)) {
      if (response->cards_size() >= size) break;
      auto state = standing.items.find({bank->first, outline->id()});
      *response->add_cards() =
          Card(record, *record.bank->FindItem(outline->id()),
               state == standing.items.end() ? nullptr : &state->second, seed);
    }
    call->Finish(absl::OkStatus());
    return reactor;
  }
  for (const progress::ItemKey& key : due) {
    if (response->cards_size() >= size) break;
    auto bank = banks.find(key.first);
    if (bank == banks.end()) continue;
    const std::shared_ptr<const quiz::v1::Item> item =
        bank->second.record.bank->FindItem(key.second);
    if (item == nullptr) continue;  // removed in the latest version
    *response->add_cards() =
        Card(bank->second.record, *item, &standing.items.at(key), seed);
  }
  call->Finish(absl::OkStatus());
  return reactor;
}

grpc::ServerUnaryReactor* ProgressServiceImpl::AnswerReview(
    grpc::CallbackServerContext* ctx,
    const quiz::v1::AnswerReviewRequest* request,
    quiz::v1::AnswerReviewResponse* response) {
  auto* call =
      new Call(context_, ctx, "ProgressService.AnswerReview", *request);
  grpc::ServerUnaryReactor* reactor = call->reactor();
  if (!call->Authenticate()) return reactor;
  const store::RequestKey key = call->RequestKey();
  absl::Status valid = CheckRequestId(request->request_id());
  absl::StatusOr<std::string> bank_id =
      valid.ok() ? ResourceId(request->bank(), "banks", "bank")
                 : absl::StatusOr<std::string>(valid);
  if (!bank_id.ok()) {
    call->Finish(bank_id.status());
    return reactor;
  }
  if (ReplayIfRetried(call, key, response)) return reactor;
  const int64_t user_id = call->principal().user_id;
  absl::StatusOr<std::shared_ptr<const Learner>> learner =
      LoadLearner(context_, user_id);
  absl::StatusOr<ReviewScope> scope =
      learner.ok() ? LoadReviewScope(context_, *learner, user_id)
                   : absl::StatusOr<ReviewScope>(learner.status());
  if (!scope.ok()) {
    call->Finish(scope.status());
    return reactor;
  }
  // Nothing about an item outside the scope is told, graded or stored.
  const bool reviewable = scope->Allows({*bank_id, request->item_id()});
  absl::StatusOr<store::BankVersionRecord> bank =
      reviewable ? context_.store.GetBankVersion(*bank_id, 0)
                 : absl::StatusOr<store::BankVersionRecord>(
                       NotReviewable(*bank_id, request->item_id()));
  const std::shared_ptr<const quiz::v1::Item> item =
      bank.ok() ? bank->bank->FindItem(request->item_id()) : nullptr;
  if (!bank.ok() && !absl::IsNotFound(bank.status())) {
    call->Finish(bank.status());
    return reactor;
  }
  // Removed from the latest version, or a likert statement: it has no key
  // to review, and how it is keyed stays unsaid.
  if (item == nullptr || item->has_likert()) {
    call->Finish(NotReviewable(*bank_id, request->item_id()));
    return reactor;
  }
  if (grading::IsEmptyResponse(request->response())) {
    call->Finish(absl::InvalidArgumentError(
        "response: empty; set the answer field that fits the item"));
    return reactor;
  }
  absl::StatusOr<quiz::v1::Outcome> outcome =
      grading::Grade(*item, request->response());
  if (!outcome.ok()) {
    call->Finish(outcome.status());
    return reactor;
  }
  // The standing as it will be once this answer counts.
  progress::Standing standing = (*learner)->standing;
  const int64_t now = NowMs();
  progress::GradedResponse graded;
  graded.bank_id = *bank_id;
  graded.item_id = item->id();
  graded.topic = item->topic();
  graded.difficulty = progress::ItemDifficulty(*item);
  graded.score = outcome->score();
  graded.max_score = outcome->max_score();
  graded.correct = outcome->correctness() == quiz::v1::CORRECT;
  graded.time_ms = now;
  standing.Apply(graded);

  *response->mutable_item() = *item;
  *response->mutable_outcome() = *outcome;
  auto state = standing.items.find({*bank_id, item->id()});
  if (state != standing.items.end()) {  // not for unscored (likert) items
    SetTimestamp(state->second.due_ms, response->mutable_next_due_time());
  }
  response->set_remaining_due(
      static_cast<int>(scope->Due(standing, now).size()));

  store::ReviewRecord record;
  record.user_id = call->principal().user_id;
  record.bank_id = *bank_id;
  record.bank_version = bank->version;
  record.item_id = item->id();
  record.response = request->response();
  record.outcome = *outcome;
  record.time_ms = now;
  context_.store.SaveReviewResponse(
      std::move(record), key,
      key.request_id.empty() ? "" : response->SerializeAsString(),
      [call, key, response, &learners = context_.learners,
       user_id = call->principal().user_id](absl::Status status) {
        if (absl::IsAlreadyExists(status) &&
            ReplayIfRetried(call, key, response)) {
          return;  // a concurrent retry won; its reply is the answer
        }
        if (status.ok()) learners.Changed(user_id);
        call->Finish(status);
      });
  return reactor;
}

grpc::ServerUnaryReactor* ProgressServiceImpl::GetCareerProfile(
    grpc::CallbackServerContext* ctx,
    const quiz::v1::GetCareerProfileRequest* request,
    quiz::v1::CareerProfile* response) {
  auto* call =
      new Call(context_, ctx, "ProgressService.GetCareerProfile", *request);
  grpc::ServerUnaryReactor* reactor = call->reactor();
  if (!call->Authenticate()) return reactor;
  absl::StatusOr<store::UserRecord> user =
      ResolveLearner(context_, call->principal(), request->user());
  absl::StatusOr<std::vector<store::AttemptRecord>> finished =
      user.ok()
          ? FinishedAttempts(context_, user->id)
          : absl::StatusOr<std::vector<store::AttemptRecord>>(user.status());
  if (!finished.ok()) {
    call->Finish(finished.status());
    return reactor;
  }
  std::vector<quiz::v1::CareerResult> results;
  for (const store::AttemptRecord& attempt : *finished) {
    absl::StatusOr<store::BankVersionRecord> bank =
        context_.store.GetBankVersion(attempt.bank_id, attempt.bank_version);
    if (!bank.ok()) {
      call->Finish(bank.status());
      return reactor;
    }
    const std::vector<std::shared_ptr<const quiz::v1::Item>> whole =
        bank->bank->FindItems(attempt.item_ids);
    std::vector<const quiz::v1::Item*> items;
    bool inventory = false;
    for (const std::shared_ptr<const quiz::v1::Item>& item : whole) {
      if (item != nullptr) {
        items.push_back(item.get());
        for (const quiz::v1::TraitWeight& weight : item->likert().weights()) {
          inventory = inventory || weight.trait() == "coding" ||
                      weight.trait() == "billing";
        }
      }
    }
    if (!inventory) continue;
    absl::StatusOr<std::vector<store::ResponseRecord>> rows =
        context_.store.ListResponses(attempt.id);
    if (!rows.ok()) {
      call->Finish(rows.status());
      return reactor;
    }
    std::map<std::string, quiz::v1::Outcome> outcomes;
    for (const store::ResponseRecord& row : *rows) {
      if (row.has_response) outcomes[row.item_id] = row.outcome;
    }
    quiz::v1::CareerResult result = progress::ScoreInventory(items, outcomes);
    result.set_attempt("attempts/" + attempt.id);
    SetTimestamp(attempt.finish_time_ms, result.mutable_finish_time());
    results.push_back(std::move(result));
  }
  if (results.empty()) {
    call->Finish(absl::NotFoundError(
        "no finished career-fit inventory yet; take it with `quiz "
        "career-fit`"));
    return reactor;
  }
  *response = progress::BuildCareerProfile(results);
  response->set_user("users/" + user->username);
  call->Finish(absl::OkStatus());
  return reactor;
}

}  // namespace service
