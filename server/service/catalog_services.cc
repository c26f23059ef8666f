// BankService and QuizService: browsing the catalog of latest bank versions.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "server/service/attempt_plan.h"
#include "server/service/bank_summary.h"
#include "server/service/call.h"
#include "server/service/services.h"

namespace service {
namespace {

// Fills one page of `items` (ordered by `key`) after the cursor in the
// call's page_token, calling `add` for each, and returns the next page token.
template <typename T, typename Key, typename Add>
absl::StatusOr<std::string> Paginate(const Call& call,
                                     const std::vector<T>& items, Key key,
                                     int page_size, Add add) {
  absl::StatusOr<int> size = PageSize(page_size);
  if (!size.ok()) return size.status();
  absl::StatusOr<std::string> after = call.PageCursor();
  if (!after.ok()) return after.status();
  auto it = std::find_if(items.begin(), items.end(), [&](const T& item) {
    return after->empty() || key(item) > *after;
  });
  for (int n = 0; it != items.end() && n < *size; ++it, ++n) add(*it);
  if (it == items.end()) return std::string();
  return call.NextPageToken(key(*std::prev(it)));
}

quiz::v1::QuizSummary Summarize(const CatalogQuiz& entry) {
  const quiz::v1::Quiz& quiz = *entry.quiz;
  quiz::v1::QuizSummary summary;
  summary.set_name("quizzes/" + quiz.id());
  summary.set_id(quiz.id());
  summary.set_title(quiz.title());
  summary.set_description(quiz.description());
  summary.set_bank("banks/" + entry.bank.bank_id);
  summary.set_bank_version(entry.bank.version);
  summary.set_mode(quiz.mode() == quiz::v1::QUIZ_MODE_EXAM
                       ? quiz::v1::QUIZ_MODE_EXAM
                       : quiz::v1::QUIZ_MODE_PRACTICE);
  summary.set_time_limit_seconds(quiz.time_limit_seconds());
  summary.set_pass_percent(quiz.pass_percent());
  // The count does not depend on the seed: draws have fixed sizes.
  absl::StatusOr<std::vector<std::string>> items =
      DrawItems(entry.bank.bank->outline(), quiz, 0);
  summary.set_item_count(items.ok() ? static_cast<int>(items->size()) : 0);
  return summary;
}

}  // namespace

grpc::ServerUnaryReactor* BankServiceImpl::ListBanks(
    grpc::CallbackServerContext* ctx, const quiz::v1::ListBanksRequest* request,
    quiz::v1::ListBanksResponse* response) {
  auto* call = new Call(context_, ctx, "BankService.ListBanks", *request);
  grpc::ServerUnaryReactor* reactor = call->reactor();
  if (!call->Authenticate()) return reactor;
  absl::StatusOr<std::string> next = Paginate(
      *call, context_.catalog.Banks(),
      [](const store::BankVersionRecord& bank) { return bank.bank_id; },
      request->page_size(),
      [&](const store::BankVersionRecord& record) {
        *response->add_banks() = SummarizeBank(record);
      });
  if (next.ok()) response->set_next_page_token(*next);
  call->Finish(next.status());
  return reactor;
}

grpc::ServerUnaryReactor* QuizServiceImpl::ListQuizzes(
    grpc::CallbackServerContext* ctx,
    const quiz::v1::ListQuizzesRequest* request,
    quiz::v1::ListQuizzesResponse* response) {
  auto* call = new Call(context_, ctx, "QuizService.ListQuizzes", *request);
  grpc::ServerUnaryReactor* reactor = call->reactor();
  if (!call->Authenticate()) return reactor;
  absl::StatusOr<std::string> next = Paginate(
      *call, context_.catalog.Quizzes(),
      [](const CatalogQuiz& entry) { return entry.quiz->id(); },
      request->page_size(),
      [&](const CatalogQuiz& entry) {
        *response->add_quizzes() = Summarize(entry);
      });
  if (next.ok()) response->set_next_page_token(*next);
  call->Finish(next.status());
  return reactor;
}

grpc::ServerUnaryReactor* QuizServiceImpl::GetQuiz(
    grpc::CallbackServerContext* ctx, const quiz::v1::GetQuizRequest* request,
    quiz::v1::QuizSummary* response) {
  auto* call = new Call(context_, ctx, "QuizService.GetQuiz", *request);
  grpc::ServerUnaryReactor* reactor = call->reactor();
  if (!call->Authenticate()) return reactor;
  absl::StatusOr<std::string> id =
      ResourceId(request->name(), "quizzes", "name");
  absl::StatusOr<CatalogQuiz> entry =
      id.ok() ? context_.catalog.FindQuiz(*id)
              : absl::StatusOr<CatalogQuiz>(id.status());
  if (entry.ok()) *response = Summarize(*entry);
  call->Finish(entry.status());
  return reactor;
}

}  // namespace service
