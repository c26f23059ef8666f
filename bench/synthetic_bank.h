// The bench's own question bank: many single-choice items over a few topics,
// an exam quiz drawing a fixed number of them and a practice quiz. Items are
// generated, not authored, but sized like the shipped banks (a stem of a few
// sentences, four options with feedback, a rationale and a reference), so
// messages on the wire weigh what real ones do.
#ifndef QUIZD_BENCH_SYNTHETIC_BANK_H_
#define QUIZD_BENCH_SYNTHETIC_BANK_H_

#include <string>

#include "quiz/v1/bank.pb.h"

namespace bench {

inline constexpr char kBankId[] = "bench";
inline constexpr char kExamQuiz[] = "bench-exam";
inline constexpr char kPracticeQuiz[] = "bench-practice";
inline constexpr int kTopics = 5;

// A bank of `items` items (at least `exam_items`, and at least 200) whose exam
// quiz draws `exam_items` items at random (shuffled, 2-hour limit, so no
// deadline passes during a run) and whose practice quiz draws 10.
quiz::v1::Bank SyntheticBank(int items, int exam_items);

// The option a student answers to `item_id`: the keyed one for about three
// answers in four, a wrong one otherwise, decided by the item id alone so that
// every run answers alike.
std::string ChosenOption(const std::string& item_id);

}  // namespace bench

#endif  // QUIZD_BENCH_SYNTHETIC_BANK_H_
