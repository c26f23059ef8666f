#include "server/service/quiz_catalog.h"

#include "absl/strings/str_cat.h"
#include "question_bank/typed/shown_text.h"

namespace service {
namespace {

CatalogBank CatalogBankOf(store::BankVersionRecord record) {
  CatalogBank bank;
  const quiz::v1::Bank& outline = record.bank->outline();
  for (const quiz::v1::Topic& topic : outline.topics()) {
    bank.topics[topic.id()].topic = &topic;
  }
  for (const quiz::v1::Item& item : outline.items()) {
    TopicFacts& facts = bank.topics[item.topic()];
    ++facts.items;
    if (item.has_likert()) continue;
    const int rating = item.difficulty();
    ++facts.scored_by_rating[rating >= 1 && rating <= 5 ? rating : 0];
  }
  bank.record = std::move(record);
  return bank;
}

}  // namespace

absl::Status QuizCatalog::Refresh(store::Store& store) {
  absl::StatusOr<std::vector<store::BankVersionRecord>> banks =
      store.ListLatestBanks();
  if (!banks.ok()) return banks.status();
  auto next = std::make_shared<Snapshot>();
  for (store::BankVersionRecord& record : *banks) {
    const std::string id = record.bank_id;
    next->banks[id] = CatalogBankOf(std::move(record));
  }
  for (const auto& [id, latest] : next->banks) {
    const store::BankVersionRecord& bank = latest.record;
    for (const quiz::v1::Quiz& quiz : bank.bank->outline().quizzes()) {
      auto [it, inserted] =
          next->quizzes.emplace(quiz.id(), CatalogQuiz{bank, &quiz});
      if (!inserted) {
        return absl::FailedPreconditionError(absl::StrCat(
            "quiz id \"", typed::ShownText(quiz.id()), "\" is defined by bank ",
            it->second.bank.bank_id, " and by bank ", bank.bank_id,
            "; quiz ids must be unique"));
      }
    }
  }
  std::lock_guard<std::mutex> lock(mutex_);
  snapshot_ = std::move(next);
  return absl::OkStatus();
}

std::shared_ptr<const QuizCatalog::Snapshot> QuizCatalog::snapshot() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return snapshot_;
}

absl::StatusOr<CatalogQuiz> QuizCatalog::FindQuiz(
    const std::string& quiz_id) const {
  std::shared_ptr<const Snapshot> current = snapshot();
  auto found = current->quizzes.find(quiz_id);
  if (found == current->quizzes.end()) {
    return absl::NotFoundError(absl::StrCat("quiz \"",
                                            typed::ShownText(quiz_id),
                                            "\" not found; `quiz quizzes` "
                                            "lists the quizzes"));
  }
  return found->second;
}

std::vector<CatalogQuiz> QuizCatalog::Quizzes() const {
  std::shared_ptr<const Snapshot> current = snapshot();
  std::vector<CatalogQuiz> quizzes;
  for (const auto& [id, quiz] : current->quizzes) quizzes.push_back(quiz);
  return quizzes;
}

std::vector<store::BankVersionRecord> QuizCatalog::Banks() const {
  std::vector<store::BankVersionRecord> banks;
  for (const auto& [id, bank] : snapshot()->banks) {
    banks.push_back(bank.record);
  }
  return banks;
}

std::shared_ptr<const CatalogBanks> QuizCatalog::LatestBanks() const {
  std::shared_ptr<const Snapshot> current = snapshot();
  return std::shared_ptr<const CatalogBanks>(current, &current->banks);
}

const quiz::v1::Quiz* FindQuizIn(const quiz::v1::Bank& bank,
                                 const std::string& id) {
  for (const quiz::v1::Quiz& quiz : bank.quizzes()) {
    if (quiz.id() == id) return &quiz;
  }
  return nullptr;
}

}  // namespace service
