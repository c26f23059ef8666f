// The quizzes students can start: those of the latest version of each bank.
// Held as an immutable snapshot, swapped whole when banks change, so readers
// never wait on a writer.
#ifndef QUIZD_SERVER_SERVICE_QUIZ_CATALOG_H_
#define QUIZD_SERVER_SERVICE_QUIZ_CATALOG_H_

#include <array>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "server/store/store.h"

namespace service {

struct CatalogQuiz {
  store::BankVersionRecord bank;  // keeps the version (and `quiz`) alive
  const quiz::v1::Quiz* quiz = nullptr;
};

// What progress shows of one topic of a latest bank version, counted once
// per catalog snapshot so that no request walks the bank's items.
struct TopicFacts {
  const quiz::v1::Topic* topic = nullptr;  // nullptr: not defined by the bank
  int items = 0;  // items of the topic, likert included
  // Scored (not likert) items of the topic by authored difficulty rating;
  // index 0 holds the unrated ones (and any rating outside 1-5).
  std::array<int, 6> scored_by_rating{};
};

// A latest bank version with its topics' facts, by topic id.
struct CatalogBank {
  store::BankVersionRecord record;
  std::map<std::string, TopicFacts> topics;
};
using CatalogBanks = std::map<std::string, CatalogBank>;  // by bank id

class QuizCatalog {
 public:
  // Rebuilds the snapshot from the store's latest bank versions.
  // FAILED_PRECONDITION when two banks define the same quiz id.
  absl::Status Refresh(store::Store& store);

  // NOT_FOUND when no latest bank defines the quiz.
  absl::StatusOr<CatalogQuiz> FindQuiz(const std::string& quiz_id) const;
  // Every quiz, ordered by id.
  std::vector<CatalogQuiz> Quizzes() const;
  // Latest version of every bank, ordered by id.
  std::vector<store::BankVersionRecord> Banks() const;
  // The same with their topics' facts; shared with the snapshot, not copied.
  std::shared_ptr<const CatalogBanks> LatestBanks() const;

 private:
  struct Snapshot {
    CatalogBanks banks;
    std::map<std::string, CatalogQuiz> quizzes;
  };
  std::shared_ptr<const Snapshot> snapshot() const;

  mutable std::mutex mutex_;
  std::shared_ptr<const Snapshot> snapshot_ = std::make_shared<Snapshot>();
};

// The quiz with `id` in a bank, or nullptr.
const quiz::v1::Quiz* FindQuizIn(const quiz::v1::Bank& bank,
                                 const std::string& id);

}  // namespace service

#endif  // QUIZD_SERVER_SERVICE_QUIZ_CATALOG_H_
