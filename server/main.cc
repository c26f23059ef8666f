// quizd: the assessment server. `quizd [--listen ADDR] [--db FILE] [--banks
// DIR] [--tls-cert FILE --tls-key FILE [--tls-client-ca FILE]]` serves; `quizd
// user add NAME --role ROLE` (password on stdin) creates an account directly in
// the database, for bootstrapping.
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <future>
#include <iostream>
#include <string>

#include "CLI/CLI.hpp"
#ifdef QUIZD_JEMALLOC
#include <jemalloc/jemalloc.h>
#endif
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "cli_help/help_format.h"
#include "server/access/policy.h"
#include "server/auth/password.h"
#include "server/auth/principal.h"
#include "server/service/server.h"
#include "server/store/store.h"

#ifdef QUIZD_JEMALLOC
// Allocations of 1 MiB and more (whole request messages, a password of
// megabytes, bank files) come from jemalloc's oversize arena, which returns
// them to the system when freed instead of keeping them for seconds: a flood
// of big requests then costs its peak only while it lasts. MALLOC_CONF in the
// environment still adds to or overrides this.
const char* malloc_conf = "oversize_threshold:1048576";
#endif

namespace {

// Loading a bank file frees far more than the server keeps (the YAML tree of
// a 150 MB file is over a gigabyte); hand it back to the system now rather
// than over jemalloc's decay time of seconds.
void ReturnFreedMemory() {
#ifdef QUIZD_JEMALLOC
  const std::string purge =
      absl::StrCat("arena.", MALLCTL_ARENAS_ALL, ".purge");
  mallctl(purge.c_str(), nullptr, nullptr, nullptr, 0);
#endif
}

int Fail(const absl::Status& status) {
  std::fprintf(stderr, "quizd: %s\n", status.ToString().c_str());
  return 1;
}

// Reads the password from stdin: the first line, without its line ending.
std::string ReadPassword() {
  if (isatty(STDIN_FILENO)) std::fprintf(stderr, "Password: ");
  std::string password;
  std::getline(std::cin, password);
  if (!password.empty() && password.back() == '\r') password.pop_back();
  return password;
}

// Records the account created on the shell in the audit trail, as the
// actor "system" (the password is not part of the summary).
absl::Status RecordUserAdd(store::Store& store, const store::UserRecord& user) {
  store::AuditEventRecord event;
  event.time_ms = user.create_time_ms;
  event.actor = "system";
  event.method = "quizd user add";
  event.resource = "users/" + user.username;
  event.summary =
      absl::StrCat("{\"request\":{\"username\":\"", user.username,
                   "\",\"role\":\"", quiz::v1::Role_Name(user.role), "\"}}");
  event.peer = "local";
  std::promise<absl::Status> stored;
  store.AppendAuditEvent(std::move(event), [&stored](absl::Status status) {
    stored.set_value(std::move(status));
  });
  return stored.get_future().get();
}

int AddUser(const std::string& db, const std::string& name,
            const std::string& role_name, bool exist_ok) {
  if (absl::Status valid = auth::CheckUsername(name); !valid.ok()) {
    return Fail(valid);
  }
  absl::StatusOr<quiz::v1::Role> role = auth::ParseRole(role_name);
  if (!role.ok()) return Fail(role.status());
  const std::string password = ReadPassword();
  if (absl::Status strong = auth::CheckPasswordStrength(password);
      !strong.ok()) {
    return Fail(strong);
  }
  absl::StatusOr<std::string> hash = auth::HashPassword(password);
  if (!hash.ok()) return Fail(hash.status());
  absl::StatusOr<std::unique_ptr<store::Store>> store =
      store::OpenSqliteStore({db});
  if (!store.ok()) return Fail(store.status());
  store::UserRecord user;
  user.username = name;
  user.role = *role;
  user.password_hash = *hash;
  user.create_time_ms = absl::ToUnixMillis(absl::Now());
  std::promise<absl::StatusOr<int64_t>> created;
  (*store)->CreateUser(user, [&created](absl::StatusOr<int64_t> id) {
    created.set_value(std::move(id));
  });
  absl::StatusOr<int64_t> id = created.get_future().get();
  if (absl::IsAlreadyExists(id.status()) && exist_ok) {
    std::fprintf(stderr, "quizd: user %s already exists; left unchanged\n",
                 name.c_str());
    return 0;
  }
  if (!id.ok()) return Fail(id.status());
  if (absl::Status recorded = RecordUserAdd(**store, user); !recorded.ok()) {
    return Fail(recorded);
  }
  std::fprintf(stderr, "quizd: created %s %s in %s\n",
               auth::RoleName(*role).c_str(), name.c_str(), db.c_str());
  return 0;
}

// Raises the soft file limit to the hard one: every connection takes a
// descriptor, and the common soft limit of 1,024 is a few hundred students.
void RaiseFileLimit() {
  rlimit files{};
  if (getrlimit(RLIMIT_NOFILE, &files) != 0) return;
  const rlim_t was = files.rlim_cur;
  if (files.rlim_cur != files.rlim_max) {
    files.rlim_cur = files.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &files) != 0) files.rlim_cur = was;
  }
  auto text = [](rlim_t n) {
    return n == RLIM_INFINITY ? std::string("unlimited") : std::to_string(n);
  };
  std::fprintf(stderr, "quizd: file limit %s (was %s)\n",
               text(files.rlim_cur).c_str(), text(was).c_str());
}

// The flags of ServerOptions::limits (see wire_limits.h for each).
void AddLimitFlags(CLI::App& app, service::WireLimits& limits) {
  // Limits that may be 0 say what 0 means; the others must be positive.
  auto at_least = [](int64_t least) {
    return CLI::Validator(
        [least](std::string& text) {
          int64_t n = 0;
          if (absl::SimpleAtoi(text, &n) && n >= least) return std::string();
          return absl::StrCat("must be a whole number of at least ", least);
        },
        least == 0 ? "NONNEGATIVE" : "POSITIVE");
  };
  auto add = [&app, at_least](const char* name, auto& value, const char* env,
                              const char* help) {
    const bool zero_means_something = std::strstr(help, "0:") != nullptr;
    app.add_option(name, value, help)
        ->envname(env)
        ->capture_default_str()
        ->check(at_least(zero_means_something ? 0 : 1));
  };
  add("--max-connections", limits.max_connections, "QUIZD_MAX_CONNECTIONS",
      "connections at once; 0: the file limit less 64");
  add("--memory-quota-bytes", limits.memory_quota_bytes,
      "QUIZD_MEMORY_QUOTA_BYTES", "gRPC transport buffers in all");
  add("--max-threads", limits.max_threads, "QUIZD_MAX_THREADS",
      "threads gRPC may start");
  add("--max-streams", limits.max_streams_per_connection, "QUIZD_MAX_STREAMS",
      "calls at once per connection");
  add("--stream-window-bytes", limits.stream_window_bytes,
      "QUIZD_STREAM_WINDOW_BYTES", "HTTP/2 receive window per call");
  add("--keepalive-seconds", limits.keepalive_seconds,
      "QUIZD_KEEPALIVE_SECONDS",
      "ping a quiet connection after this long; 0: never");
  add("--keepalive-timeout-seconds", limits.keepalive_timeout_seconds,
      "QUIZD_KEEPALIVE_TIMEOUT_SECONDS", "drop it when no answer by then");
  add("--idle-seconds", limits.max_connection_idle_seconds,
      "QUIZD_IDLE_SECONDS", "close a connection without calls; 0: never");
  add("--max-connection-age-seconds", limits.max_connection_age_seconds,
      "QUIZD_MAX_CONNECTION_AGE_SECONDS",
      "close every connection after this long; 0: never");
  add("--max-connection-age-grace-seconds",
      limits.max_connection_age_grace_seconds,
      "QUIZD_MAX_CONNECTION_AGE_GRACE_SECONDS",
      "time calls get to finish then");
  add("--max-bank-bytes", limits.max_bank_bytes, "QUIZD_MAX_BANK_BYTES",
      "largest serialized bank pushed or exported");
  add("--max-bank-replies", limits.max_bank_replies, "QUIZD_MAX_BANK_REPLIES",
      "whole banks sent at once");
  add("--max-bank-uploads", limits.max_bank_uploads, "QUIZD_MAX_BANK_UPLOADS",
      "bank pushes received at once");
  add("--bank-transfer-timeout-seconds", limits.bank_transfer_timeout_seconds,
      "QUIZD_BANK_TRANSFER_TIMEOUT_SECONDS",
      "cancel a bank push or download not done by then; 0: never");
  add("--max-pending-reply-bytes-per-connection",
      limits.max_pending_reply_bytes_per_connection,
      "QUIZD_MAX_PENDING_REPLY_BYTES_PER_CONNECTION",
      "unread replies one connection may hold");
  add("--max-pending-reply-bytes", limits.max_pending_reply_bytes,
      "QUIZD_MAX_PENDING_REPLY_BYTES", "unread replies in all");
  add("--reply-timeout-seconds", limits.reply_timeout_seconds,
      "QUIZD_REPLY_TIMEOUT_SECONDS",
      "cancel a reply not read by then; 0: never");
}

// Prints the access policy: one line per RPC, within 80 columns.
int PrintPolicy() {
  auto brief = [](uint32_t callers) {
    if (callers & policy::kAnonymous) return std::string("anyone");
    std::string text = policy::DescribeCallers(callers);
    if (text == "instructors and admins") return std::string("staff");
    if (text == "signed-in users") return std::string("signed in");
    if (text == "nobody") return std::string("-");
    return text;
  };
  int width = 0;
  for (const policy::Rule& rule : policy::Rules()) {
    width = std::max(width, static_cast<int>(rule.method.size()));
  }
  // Whom callers act on besides themselves, in one word: a relation names
  // who is reached through it (the rule's on_related callers) and says that
  // the on_others callers (admins) reach everyone.
  auto others = [&brief](const policy::Rule& rule) {
    switch (rule.relation) {
      case policy::kOwnLearners:
        return std::string("learners");
      case policy::kOwnBanks:
        return std::string("owners");
      default:
        return brief(rule.on_others);
    }
  };
  std::printf("%-*s %-9s %-8s %s\n", width, "RPC", "callers", "others",
              "API key scopes");
  // The scopes wrap by words under their column when they overflow 80.
  const int scopes_column = width + 1 + 9 + 1 + 8 + 1;
  for (const policy::Rule& rule : policy::Rules()) {
    std::printf("%-*s %-9s %-8s", width, std::string(rule.method).c_str(),
                brief(rule.callers).c_str(), others(rule).c_str());
    int used = scopes_column - 1;
    for (absl::string_view word : absl::StrSplit(
             policy::DescribeScopes(rule.key_scope), ' ', absl::SkipEmpty())) {
      if (used + 1 + static_cast<int>(word.size()) > 80) {
        std::printf("\n%*s", scopes_column - 1, "");
        used = scopes_column - 1;
      }
      std::printf(" %.*s", static_cast<int>(word.size()), word.data());
      used += 1 + static_cast<int>(word.size());
    }
    std::printf("\n");
  }
  std::printf(
      "\nothers: who may act on other users' data (everyone else on their "
      "own\nonly); a key may when its scope lets it call. staff: "
      "instructors and admins.\nlearners: admins on anyone's, instructors "
      "on their learners' (active\nlearners of a course they teach as "
      "instructor or TA). owners: admins on any\nbank, instructors on the "
      "banks they own and on new ones.\n");
  return 0;
}

int Serve(const service::ServerOptions& options) {
  RaiseFileLimit();
  // Signals are taken by sigwait on this thread; block them before any other
  // thread starts so that none of those receives them instead.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  absl::StatusOr<std::unique_ptr<service::QuizServer>> server =
      service::QuizServer::Start(options);
  if (!server.ok()) return Fail(server.status());
  int signal = 0;
  sigwait(&signals, &signal);
  std::fprintf(stderr, "quizd: %s received, shutting down\n",
               signal == SIGINT ? "SIGINT" : "SIGTERM");
  (*server)->Shutdown();
  std::fprintf(stderr, "quizd: stopped\n");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // Abseil's lock-order checker keeps a graph of every mutex and updates it
  // on each lock, which costs the hot path dearly; tests run with it on.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  CLI::App app{"quizd: assessment server for medical billing and coding"};
  app.formatter(std::make_shared<cli_help::HelpFormatter>());
  service::ServerOptions options;
  options.after_load = ReturnFreedMemory;
  // The last --listen counts, so that a wrapper's default can be overridden
  // (tests/e2e/process_util.h relies on it).
  app.add_option("--listen", options.listen,
                 "host:port to serve on; plaintext only on a loopback "
                 "address unless --insecure")
      ->envname("QUIZD_LISTEN")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast)
      ->capture_default_str();
  app.add_option("--db", options.db_path, "SQLite database file")
      ->envname("QUIZD_DB")
      ->capture_default_str();
  app.add_option("--banks", options.banks_dir,
                 "directory of bank YAML files to load at start")
      ->envname("QUIZD_BANKS");
  app.add_option("--codesets", options.codesets_dir,
                 "code-set directory pushed banks' keys are checked against "
                 "(the layout of ../shared/codesets)")
      ->envname("QUIZD_CODESETS");
  app.add_option("--tls-cert", options.tls.cert_file,
                 "serve TLS with this PEM certificate chain (leaf first)")
      ->envname("QUIZD_TLS_CERT");
  app.add_option("--tls-key", options.tls.key_file,
                 "the certificate's PEM private key (unencrypted)")
      ->envname("QUIZD_TLS_KEY");
  app.add_option("--tls-client-ca", options.tls.client_ca_file,
                 "require client certificates signed by a CA in this PEM "
                 "file (mutual TLS)")
      ->envname("QUIZD_TLS_CLIENT_CA");
  app.add_flag("--insecure", options.insecure,
               "serve plaintext on a non-loopback address (without it quizd "
               "refuses to)")
      ->envname("QUIZD_INSECURE");
  AddLimitFlags(app, options.limits);
  app.add_option("--password-threads", options.passwords.threads,
                 "password checks (argon2id) at once; 0: one per core")
      ->envname("QUIZD_PASSWORD_THREADS")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  app.add_option("--password-backlog", options.passwords.backlog,
                 "password checks waiting; more get RESOURCE_EXHAUSTED")
      ->envname("QUIZD_PASSWORD_BACKLOG")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);

  CLI::App* user = app.add_subcommand("user", "manage accounts");
  user->require_subcommand(1);
  user->fallthrough();
  CLI::App* add = user->add_subcommand(
      "add", "create an account; the password is read from stdin");
  std::string name;
  std::string role = "student";
  bool exist_ok = false;
  add->fallthrough();
  add->add_option("name", name, "login name")->required();
  add->add_option("--role", role, "student, instructor or admin")
      ->capture_default_str();
  add->add_flag("--exist-ok", exist_ok,
                "succeed without change when the user exists");
  CLI::App* policy_command = app.add_subcommand(
      "policy", "print who may call each RPC (the access policy)");
  CLI11_PARSE(app, argc, argv);

  if (policy_command->parsed()) return PrintPolicy();
  if (add->parsed()) return AddUser(options.db_path, name, role, exist_ok);
  return Serve(options);
}
