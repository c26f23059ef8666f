// What every scenario of one run shares: the connection to quizd, the logged-in
// students, and the attempts scenarios leave for later ones.
#ifndef QUIZD_BENCH_SESSION_H_
#define QUIZD_BENCH_SESSION_H_

#include <sys/types.h>

#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "bench/clients.h"

namespace bench {

struct Student {
  std::string username;
  std::string token;  // from AuthService.Login
};

// An in-progress attempt of the exam quiz and how far the bench answered it.
struct OpenAttempt {
  std::string name;  // "attempts/{id}"
  int student = 0;   // index into Session::students; the attempt's owner
  std::vector<std::string> item_ids;  // in attempt order
  size_t answered = 0;                // item_ids[0, answered) have responses
};

// One SubmitResponse the server acknowledged (replied OK to).
struct Ack {
  std::string attempt;
  int student = 0;  // the attempt's owner
  std::string item_id;
  std::string option_id;
};

// Attempts handed from scenario to scenario: StartAttempt leaves fresh ones,
// SubmitResponse answers them and FinishAttempt finishes them. Thread-safe.
class AttemptPool {
 public:
  void Add(OpenAttempt attempt);
  // An attempt with unanswered items (fresh first), if any.
  std::optional<OpenAttempt> TakeToAnswer();
  // An attempt to finish, answered ones first, if any.
  std::optional<OpenAttempt> TakeToFinish();

 private:
  std::mutex mutex_;
  std::deque<OpenAttempt> fresh_;     // nothing answered
  std::deque<OpenAttempt> partial_;   // some items left
  std::deque<OpenAttempt> answered_;  // every item answered
};

// Every acknowledged SubmitResponse of the run, for the kill check.
// Thread-safe.
class AckLog {
 public:
  void Add(Ack ack);
  std::vector<Ack> Take();  // and empties the log
  size_t size();

 private:
  std::mutex mutex_;
  std::vector<Ack> acks_;
};

struct Session {
  std::unique_ptr<Clients> clients;  // replaced when quizd restarts
  std::vector<Student> students;     // logged in
  pid_t server_pid = 0;  // our own quizd's, for its CPU use; 0 with --target
  int concurrency = 64;
  double duration_s = 5;
  AttemptPool pool;
  AckLog acks;

  // The student load slot `slot` acts as.
  const Student& StudentFor(int slot) const {
    return students[slot % students.size()];
  }
};

}  // namespace bench

#endif  // QUIZD_BENCH_SESSION_H_
