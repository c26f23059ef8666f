// Getting a quizd ready for the scenarios: the bank, the accounts, the tokens.
#ifndef QUIZD_BENCH_SETUP_H_
#define QUIZD_BENCH_SETUP_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "bench/session.h"
#include "quiz/v1/bank.pb.h"

namespace bench {

// The password of every account the bench creates.
inline constexpr char kPassword[] = "bench-pass-2026";
// The instructor that pushes the bank to a --target server.
inline constexpr char kInstructor[] = "bench-instructor";

// A new empty directory under $TMPDIR (or /tmp).
absl::StatusOr<std::string> MakeTempDir();

// Writes `bank` as `dir`/bench.yaml, the format quizd --banks reads.
absl::Status WriteBankFile(const std::string& dir, const quiz::v1::Bank& bank);

// "bench-student-0000" ... : the name of student `index`.
std::string StudentName(int index);

// Creates `students` students (and, with `instructor`, kInstructor) in `db`
// with `quizd user add --exist-ok`, password kPassword. Safe while a quizd
// serves `db`: SQLite serializes the writers.
absl::Status CreateUsers(const std::string& quizd_binary, const std::string& db,
                         int students, bool instructor);

// Logs in each of `usernames` with kPassword, a few at a time (each login is
// an argon2id check on the server); returns them with their tokens, in order.
absl::StatusOr<std::vector<Student>> LoginAll(
    Clients& clients, const std::vector<std::string>& usernames);

// Stores `bank` on the server as `instructor` (BankService.CreateBankVersion;
// an unchanged bank stores nothing).
absl::Status PushBank(Clients& clients, const Student& instructor,
                      const quiz::v1::Bank& bank);

}  // namespace bench

#endif  // QUIZD_BENCH_SETUP_H_
