// quiz-bench: load generator for quizd. By default it starts its own quizd
// (next to this binary) on a free port with a temporary database and a
// synthetic bank, creates and logs in its students, runs the scenarios one
// after another with --concurrency calls in flight, and prints requests/s and
// latency per scenario, each also as a ratio to the health-check floor of the
// same run. See bench/README.md.
#include <signal.h>
#include <unistd.h>

#include <climits>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "bench/exam_day.h"
#include "bench/kill_check.h"
#include "bench/quizd_process.h"
#include "bench/report.h"
#include "bench/scenarios.h"
#include "bench/session.h"
#include "bench/setup.h"
#include "bench/synthetic_bank.h"

namespace bench {
namespace {

struct Flags {
  std::string target;  // empty: start our own quizd
  std::string db;      // the target's database, to create the accounts in
  std::string quizd;   // the quizd binary; empty: next to quiz-bench
  int concurrency = 64;
  double duration_s = 5;
  std::string scenario = "all";
  int students = 64;
  int items = 100;
  int channels = 4;
  bool json = false;
  bool kill_check = false;
};

// Logs progress to stderr; stdout carries only the report.
void Say(const std::string& text) {
  std::fprintf(stderr, "quiz-bench: %s\n", text.c_str());
}

int Fail(const std::string& text) {
  Say(text);
  return 1;
}

std::string BinaryDir() {
  char path[PATH_MAX];
  const ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
  if (n <= 0) return ".";
  return std::filesystem::path(std::string(path, n)).parent_path().string();
}

// Runs the scenarios `flags` selects against `session` and fills `report`.
// `quizd` is the server we started (nullptr with --target).
int RunScenarios(const Flags& flags, Session& session, QuizdProcess* quizd,
                 Report* report) {
  auto wants = [&flags](const char* name) {
    return flags.scenario == "all" || flags.scenario == name;
  };
  auto run = [report](const char* name, ScenarioResult (*scenario)(Session&),
                      Session& session) {
    Say(absl::StrCat("running ", name));
    report->rows.push_back(scenario(session));
  };
  run("health (the floor)", RunHealth, session);
  if (wants("start")) run("start", RunStart, session);
  if (wants("start-basic")) run("start-basic", RunStartBasic, session);
  if (wants("submit")) run("submit", RunSubmit, session);
  if (flags.kill_check) {
    Say("kill check: submitting, then kill -9 quizd and restart it");
    absl::StatusOr<KillCheckResult> check = RunKillCheck(
        session, *quizd, flags.channels, std::min(1.0, flags.duration_s));
    if (!check.ok()) return Fail(check.status().ToString());
    report->kill_check = *check;
  }
  if (wants("finish")) run("finish", RunFinish, session);
  if (wants("finish-basic")) run("finish-basic", RunFinishBasic, session);
  if (wants("progress")) {
#ifdef QUIZ_BENCH_HAS_PROGRESS
    run("progress", RunProgress, session);
#else
    Say("skipped: no ProgressService");
    report->skipped.push_back("progress: no ProgressService");
#endif
  }
  if (wants("examday")) {
    Say(absl::StrCat("running examday: ", flags.students, " students x ",
                     flags.items, " items"));
    report->exam_day = RunExamDay(session, flags.students, &report->rows);
  }
  return 0;
}

int Main(const Flags& flags) {
  const bool needs_students = flags.scenario != "health" || flags.kill_check;
  int accounts = needs_students ? flags.concurrency : 0;
  if (flags.scenario == "all" || flags.scenario == "examday") {
    accounts = std::max(accounts, flags.students);
  }
  const quiz::v1::Bank bank = SyntheticBank(200, flags.items);
  const std::string quizd_binary =
      flags.quizd.empty() ? BinaryDir() + "/quizd" : flags.quizd;

  // Our own quizd, or the accounts and bank on the target.
  std::unique_ptr<QuizdProcess> quizd;
  std::string temp_dir;
  std::string address = flags.target;
  if (flags.target.empty()) {
    absl::StatusOr<std::string> dir = MakeTempDir();
    if (!dir.ok()) return Fail(dir.status().ToString());
    temp_dir = *dir;
    const std::string banks = temp_dir + "/banks";
    std::filesystem::create_directory(banks);
    if (absl::Status s = WriteBankFile(banks, bank); !s.ok()) {
      return Fail(s.ToString());
    }
    const std::string db = temp_dir + "/quizd.db";
    Say(absl::StrCat("creating ", accounts, " students in ", db));
    if (absl::Status s = CreateUsers(quizd_binary, db, accounts, false);
        !s.ok()) {
      return Fail(s.ToString());
    }
    quizd = std::make_unique<QuizdProcess>(quizd_binary, db, banks,
                                           temp_dir + "/quizd.log");
    if (!quizd->Start()) return Fail("quizd did not start:\n" + quizd->log());
    address = quizd->address();
    Say("quizd listening on " + address + " (log: " + temp_dir + "/quizd.log)");
  } else {
    Say(absl::StrCat("creating ", accounts, " students and ", kInstructor,
                     " in ", flags.db, " (--exist-ok)"));
    if (absl::Status s = CreateUsers(quizd_binary, flags.db, accounts, true);
        !s.ok()) {
      return Fail(s.ToString());
    }
  }

  Session session;
  session.clients = std::make_unique<Clients>(address, flags.channels);
  if (quizd != nullptr) session.server_pid = quizd->pid();
  session.concurrency = flags.concurrency;
  session.duration_s = flags.duration_s;
  if (!flags.target.empty()) {
    absl::StatusOr<std::vector<Student>> instructor =
        LoginAll(*session.clients, {kInstructor});
    if (!instructor.ok()) return Fail(instructor.status().ToString());
    if (absl::Status s = PushBank(*session.clients, (*instructor)[0], bank);
        !s.ok()) {
      return Fail(s.ToString());
    }
  }
  std::vector<std::string> usernames;
  for (int i = 0; i < accounts; ++i) usernames.push_back(StudentName(i));
  Say(absl::StrCat("logging in ", accounts, " students"));
  absl::StatusOr<std::vector<Student>> students =
      LoginAll(*session.clients, usernames);
  if (!students.ok()) return Fail(students.status().ToString());
  session.students = *std::move(students);

  Report report;
  report.target = flags.target.empty() ? address + " (own quizd)" : address;
  report.concurrency = flags.concurrency;
  report.duration_s = flags.duration_s;
  int exit_code = RunScenarios(flags, session, quizd.get(), &report);
  SetRatios(&report);
  std::fputs(
      flags.json ? FormatJson(report).c_str() : FormatTable(report).c_str(),
      stdout);
  std::fflush(stdout);

  session.clients.reset();
  if (quizd != nullptr) quizd->Stop(SIGTERM);
  if (!temp_dir.empty()) std::filesystem::remove_all(temp_dir);
  for (const ScenarioResult& row : report.rows) {
    if (row.errors > 0) exit_code = 1;
  }
  if (report.kill_check.has_value() &&
      report.kill_check->found != report.kill_check->acknowledged) {
    exit_code = 1;
  }
  return exit_code;
}

}  // namespace
}  // namespace bench

int main(int argc, char** argv) {
  // As in quizd: Abseil's lock-order checker would cost every lock the load
  // generator takes.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  CLI::App app{
      "quiz-bench: load generator and benchmark scenarios for quizd "
      "(see bench/README.md)"};
  bench::Flags flags;
  app.add_option("--target", flags.target,
                 "HOST:PORT of a running quizd; default: start our own");
  app.add_option("--db", flags.db,
                 "with --target: that quizd's database file, in which the "
                 "bench accounts are created");
  app.add_option("--quizd", flags.quizd,
                 "the quizd binary; default: the one next to quiz-bench");
  app.add_option("--concurrency", flags.concurrency, "calls in flight")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--duration", flags.duration_s, "seconds per scenario")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--scenario", flags.scenario,
                 "all, or one of health, start, start-basic, submit, finish, "
                 "finish-basic, progress, examday (the health floor always "
                 "runs too)")
      ->capture_default_str()
      ->check(CLI::IsMember({"all", "health", "start", "start-basic", "submit",
                             "finish", "finish-basic", "progress", "examday"}));
  app.add_option("--students", flags.students,
                 "exam day: students sitting the exam at once")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--items", flags.items, "exam day: items per exam")
      ->capture_default_str()
      ->check(CLI::Range(1, 10000));
  app.add_option("--channels", flags.channels,
                 "connections the calls are spread over")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_flag("--json", flags.json, "print the report as JSON");
  app.add_flag("--kill-check", flags.kill_check,
               "after the submit scenario, kill -9 quizd under load, restart "
               "it and check every acknowledged answer is stored");
  CLI11_PARSE(app, argc, argv);
  if (!flags.target.empty() && flags.db.empty()) {
    std::fprintf(stderr,
                 "quiz-bench: --target needs --db, that quizd's database "
                 "file, to create the bench accounts in\n");
    return 2;
  }
  if (!flags.target.empty() && flags.kill_check) {
    std::fprintf(stderr,
                 "quiz-bench: --kill-check needs the bench's own quizd "
                 "(leave out --target)\n");
    return 2;
  }
  return bench::Main(flags);
}
