#include "bench/kill_check.h"

#include <signal.h>

#include <atomic>
#include <chrono>
#include <map>
#include <thread>

#include "absl/strings/str_cat.h"
#include "bench/calls.h"
#include "bench/closed_loop.h"
#include "bench/scenarios.h"

namespace bench {
namespace {

// The acknowledged answers of one attempt, by item id.
struct AttemptAcks {
  int student = 0;
  std::map<std::string, std::string> option_by_item;
};

// Whether `attempt` holds `option` as the response to `item_id`.
bool HasAnswer(const quiz::v1::Attempt& attempt, const std::string& item_id,
               const std::string& option) {
  for (const quiz::v1::AttemptItem& item : attempt.items()) {
    if (item.item().id() != item_id) continue;
    for (const std::string& chosen : item.response().choice().option_ids()) {
      if (chosen == option) return true;
    }
  }
  return false;
}

}  // namespace

absl::StatusOr<KillCheckResult> RunKillCheck(Session& session,
                                             QuizdProcess& quizd, int channels,
                                             double load_s) {
  // Submit under load; the kill makes every call in flight fail, which ends
  // its slot, so the loop returns soon after.
  std::vector<OpenAttempt> current(session.concurrency);
  std::thread load([&session, &current] {
    RunClosedLoop(session.concurrency, 0, SubmitStep(session, &current));
  });
  std::this_thread::sleep_for(std::chrono::duration<double>(load_s));
  quizd.Stop(SIGKILL);
  const auto killed = std::chrono::steady_clock::now();
  load.join();
  if (!quizd.Start()) {
    return absl::UnavailableError("quizd did not restart after kill -9:\n" +
                                  quizd.log());
  }
  KillCheckResult check;
  check.restart_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - killed)
          .count();
  session.clients = std::make_unique<Clients>(quizd.address(), channels);
  session.server_pid = quizd.pid();

  std::map<std::string, AttemptAcks> by_attempt;
  for (Ack& ack : session.acks.Take()) {
    AttemptAcks& acks = by_attempt[ack.attempt];
    acks.student = ack.student;
    acks.option_by_item[ack.item_id] = ack.option_id;
  }
  for (const auto& [name, acks] : by_attempt) {
    check.acknowledged += static_cast<int64_t>(acks.option_by_item.size());
  }
  check.attempts = static_cast<int64_t>(by_attempt.size());

  // Read every attempt back, concurrency at a time.
  std::vector<const std::pair<const std::string, AttemptAcks>*> todo;
  for (const auto& entry : by_attempt) todo.push_back(&entry);
  std::atomic<size_t> next_index{0};
  std::atomic<int64_t> found{0};
  LoopResult read = RunClosedLoop(
      session.concurrency, 0,
      [&session, &todo, &next_index, &found](int slot, LatencyLog* log,
                                             Next next) {
        const size_t index = next_index++;
        if (index >= todo.size()) {
          next(false);
          return;
        }
        const auto* entry = todo[index];
        GetAttempt(
            session, slot, entry->second.student, entry->first,
            [entry, log, next, &found](const grpc::Status& status, double ms,
                                       const quiz::v1::Attempt& reply) {
              if (!status.ok()) {
                log->Fail(entry->first + ": " + Describe(status));
                next(false);
                return;
              }
              for (const auto& [item, option] : entry->second.option_by_item) {
                if (HasAnswer(reply, item, option)) ++found;
              }
              next(true);
            });
      });
  if (read.log.errors > 0) {
    return absl::InternalError(
        absl::StrCat("reading attempts back after the restart failed: ",
                     read.log.first_error));
  }
  check.found = found;
  // The attempts stay usable by the scenarios after this one.
  for (OpenAttempt& attempt : current) {
    if (!attempt.name.empty()) session.pool.Add(std::move(attempt));
  }
  return check;
}

}  // namespace bench
