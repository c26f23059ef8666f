#include "server/service/quiz_catalog.h"

#include "absl/strings/str_cat.h"

namespace service {

absl::Status QuizCatalog::Refresh(store::Store& store) {
  absl::StatusOr<std::vector<store::BankVersionRecord>> banks =
      store.ListLatestBanks();
  if (!banks.ok()) return banks.status();
  auto next = std::make_shared<Snapshot>();
  next->banks = *std::move(banks);
  for (const store::BankVersionRecord& bank : next->banks) {
    for (const quiz::v1::Quiz& quiz : bank.bank->quizzes()) {
      auto [it, inserted] =
          next->quizzes.emplace(quiz.id(), CatalogQuiz{bank, &quiz});
      if (!inserted) {
        return absl::FailedPreconditionError(
            absl::StrCat("quiz id \"", quiz.id(), "\" is defined by bank ",
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
    return absl::NotFoundError(absl::StrCat("quiz \"", quiz_id,
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
  return snapshot()->banks;
}

const quiz::v1::Item* FindItem(const quiz::v1::Bank& bank,
                               const std::string& id) {
  for (const quiz::v1::Item& item : bank.items()) {
    if (item.id() == id) return &item;
  }
  return nullptr;
}

const quiz::v1::Quiz* FindQuizIn(const quiz::v1::Bank& bank,
                                 const std::string& id) {
  for (const quiz::v1::Quiz& quiz : bank.quizzes()) {
    if (quiz.id() == id) return &quiz;
  }
  return nullptr;
}

}  // namespace service
