#include "client/commands.h"

#include <iostream>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "client/errors.h"
#include "client/format.h"
#include "client/item_render.h"
#include "client/session.h"
#include "client/tables.h"
#include "client/take.h"
#include "client/terminal.h"
#include "google/protobuf/util/json_util.h"

namespace client {
namespace {

// Caps the number of pages read so a server that keeps returning tokens
// cannot loop us forever.
constexpr int kMaxListPages = 1000;

// `quiz take --help` after the options: the two ways to answer.
constexpr char kTakeHelpFooter[] = R"(
At the prompt, answer in the terms shown: option letters (b, or a,c for
select-all), t/f, step letters first to last for ordering (cab), prompt number
and answer letter for matching (1b 2a), a number for numeric ($1,234.50, with
or without the unit), codes for code entry (E11.9, I10 or 99213-25), text, or
a scale position for likert (4). A case item shows its scenario once and then
asks for each part on its own line; "skip" leaves a part blank, "back" goes to
the previous part, "cancel" drops the parts typed. All parts are sent as one
answer after the last. Commands: n p g N f l s q ?

Answers file (--answers FILE): one `ITEM_ID: ANSWER` line per item; lines
starting with # are comments. Name things by id, never by letter, since
letters follow each attempt's shuffle:
  single choice, the option id             q-claim: cms1500
  select all, option ids                   q-denials: co, pr
  true/false                               q-appeal: true
  ordering, every step id, first to last   q-steps: s2, s1, s3
  matching, PROMPT_ID=ANSWER_ID pairs      q-forms: p1=r2, p2=r1
  numeric, optionally with the unit        q-owed: $64.00
  code entry                               q-dx: E11.9, I10
  short text                               q-term: coinsurance
  likert, position on the scale            q-fit: 4
  case, one line per sub-item id           c-dx: E11.9
    (sent together; a part left out        c-copay: 20
    is left blank)
)";

// Parsed flags of every subcommand.
struct Flags {
  std::string server;
  std::string config;
  bool json = false;
  // login
  std::string username;
  bool password_stdin = false;
  // take
  std::string quiz;
  std::string answers;
  bool force_new = false;
  // attempts
  std::string user;
  // review
  std::string attempt;
};

// State shared by the subcommands of one run.
class Context {
 public:
  Context(const CommandEnv& env, const Flags& flags)
      : env_(env), flags_(flags) {}

  // Locates and reads the config file and works out the server.
  absl::Status Init() {
    if (!flags_.config.empty()) {
      config_path_ = flags_.config;
    } else {
      absl::StatusOr<std::string> path = DefaultConfigPath(env_.env);
      if (!path.ok()) return path.status();
      config_path_ = *path;
    }
    absl::StatusOr<ClientConfig> config = LoadConfig(config_path_);
    if (!config.ok()) return config.status();
    config_ = *std::move(config);
    server_ = ResolveServer(flags_.server, config_, env_.env);
    return absl::OkStatus();
  }

  Session& Api() {
    if (session_ == nullptr) {
      session_ = std::make_unique<Session>(server_, config_.token);
    }
    return *session_;
  }
  std::ostream& out() { return *env_.out; }
  // Human text: stderr when stdout carries JSON.
  std::ostream& human() { return flags_.json ? *env_.err : *env_.out; }
  const CommandEnv& env() const { return env_; }
  const Flags& flags() const { return flags_; }
  ClientConfig& config() { return config_; }
  const std::string& server() const { return server_; }
  absl::Status SaveConfig() {
    return client::SaveConfig(config_path_, config_);
  }

 private:
  const CommandEnv& env_;
  const Flags& flags_;
  std::string config_path_;
  ClientConfig config_;
  std::string server_;
  std::unique_ptr<Session> session_;
};

absl::Status PrintJson(const google::protobuf::Message& message,
                       std::ostream& out) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  options.add_whitespace = true;
  std::string json;
  auto status =
      google::protobuf::util::MessageToJsonString(message, &json, options);
  if (!status.ok()) return absl::InternalError(status.message().as_string());
  out << json;
  if (json.empty() || json.back() != '\n') out << "\n";
  return absl::OkStatus();
}

// Reads one line, without its line ending. INVALID_ARGUMENT at end of input.
absl::StatusOr<std::string> ReadLine(std::istream& in, const char* what) {
  std::string line;
  if (!std::getline(in, line)) {
    return UsageError(absl::StrCat("no ", what, " given on standard input"));
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

absl::Status RunLogin(Context& context) {
  const Flags& flags = context.flags();
  const CommandEnv& env = context.env();
  std::string username = flags.username;
  if (username.empty()) {
    if (flags.password_stdin) {
      return UsageError("--password-stdin needs the username as an argument");
    }
    if (env.stdin_is_terminal) *env.err << "Username: " << std::flush;
    absl::StatusOr<std::string> line = ReadLine(*env.in, "username");
    if (!line.ok()) return line.status();
    username = std::string(absl::StripAsciiWhitespace(*line));
    if (username.empty()) return UsageError("empty username");
  }
  absl::StatusOr<std::string> password;
  if (!flags.password_stdin && env.stdin_is_terminal) {
    password = env.read_password("Password: ");
  } else {
    password = ReadLine(*env.in, "password");
  }
  if (!password.ok()) return password.status();
  if (password->empty()) return UsageError("empty password");

  quiz::v1::LoginRequest request;
  request.set_username(username);
  request.set_password(*password);
  absl::StatusOr<quiz::v1::LoginResponse> reply = context.Api().Login(request);
  if (!reply.ok()) return reply.status();

  ClientConfig& config = context.config();
  config.server = context.server();
  config.username =
      reply->user().username().empty() ? username : reply->user().username();
  config.token = reply->token();
  if (absl::Status saved = context.SaveConfig(); !saved.ok()) return saved;
  context.out() << "Logged in as " << config.username << " ("
                << RoleName(reply->user().role()) << ") until "
                << FormatTimestamp(reply->expire_time(), env.zone) << "\n";
  return absl::OkStatus();
}

absl::Status RunLogout(Context& context) {
  if (context.config().token.empty()) {
    context.out() << "Not logged in.\n";
    return absl::OkStatus();
  }
  absl::Status revoked = context.Api().Logout();
  // Forget the token whatever the server said: the user asked to be logged
  // out here, and an expired token (UNAUTHENTICATED) is as good as revoked.
  context.config().token.clear();
  if (absl::Status saved = context.SaveConfig(); !saved.ok()) return saved;
  context.out() << "Logged out.\n";
  if (!revoked.ok() && revoked.code() != absl::StatusCode::kUnauthenticated) {
    *context.env().err << "The server could not revoke the token; it expires "
                          "on its own.\n";
    return revoked;
  }
  return absl::OkStatus();
}

// Follows next_page_token to the end. `fetch` makes one call for a token.
template <typename Reply, typename Fetch, typename Append>
absl::Status ReadAllPages(Fetch fetch, Append append) {
  std::string token;
  std::set<std::string> seen;
  for (int page = 0; page < kMaxListPages; ++page) {
    absl::StatusOr<Reply> reply = fetch(token);
    if (!reply.ok()) return reply.status();
    append(*reply);
    token = reply->next_page_token();
    if (token.empty()) return absl::OkStatus();
    if (!seen.insert(token).second) {
      return absl::InternalError("the server repeated a page token");
    }
  }
  return absl::InternalError("too many pages");
}

absl::Status RunQuizzes(Context& context) {
  quiz::v1::ListQuizzesResponse all;
  absl::Status listed = ReadAllPages<quiz::v1::ListQuizzesResponse>(
      [&](const std::string& token) {
        quiz::v1::ListQuizzesRequest request;
        request.set_page_size(context.env().list_page_size);
        request.set_page_token(token);
        return context.Api().ListQuizzes(request);
      },
      [&](const quiz::v1::ListQuizzesResponse& page) {
        all.mutable_quizzes()->MergeFrom(page.quizzes());
      });
  if (!listed.ok()) return listed;
  if (context.flags().json) return PrintJson(all, context.out());
  context.out() << RenderQuizTable(
      {all.quizzes().begin(), all.quizzes().end()});
  return absl::OkStatus();
}

absl::Status RunAttempts(Context& context) {
  std::string user = context.flags().user;
  if (!user.empty() && !absl::StartsWith(user, "users/")) {
    user = absl::StrCat("users/", user);
  }
  quiz::v1::ListAttemptsResponse all;
  absl::Status listed = ReadAllPages<quiz::v1::ListAttemptsResponse>(
      [&](const std::string& token) {
        quiz::v1::ListAttemptsRequest request;
        request.set_page_size(context.env().list_page_size);
        request.set_page_token(token);
        request.set_user(user);
        return context.Api().ListAttempts(request);
      },
      [&](const quiz::v1::ListAttemptsResponse& page) {
        all.mutable_attempts()->MergeFrom(page.attempts());
      });
  if (!listed.ok()) return listed;
  if (context.flags().json) return PrintJson(all, context.out());
  context.out() << RenderAttemptTable(
      {all.attempts().begin(), all.attempts().end()}, context.env().zone);
  return absl::OkStatus();
}

absl::Status RunTake(Context& context) {
  const CommandEnv& env = context.env();
  TakeOptions options;
  options.quiz = context.flags().quiz;
  options.force_new = context.flags().force_new;
  options.answers_path = context.flags().answers;
  TakeIo io;
  io.in = env.in;
  io.out = &context.human();
  io.interactive = env.stdin_is_terminal && options.answers_path.empty();
  io.width = env.width;
  io.now = env.now;
  io.new_request_id = env.new_request_id;
  absl::StatusOr<TakeResult> result = TakeQuiz(context.Api(), options, io);
  if (!result.ok()) return result.status();
  if (context.flags().json) return PrintJson(result->attempt, context.out());
  return absl::OkStatus();
}

absl::Status RunReview(Context& context) {
  std::string name = context.flags().attempt;
  if (!absl::StartsWith(name, "attempts/")) {
    name = absl::StrCat("attempts/", name);
  }
  quiz::v1::GetAttemptRequest request;
  request.set_name(name);
  absl::StatusOr<quiz::v1::Attempt> attempt = context.Api().GetAttempt(request);
  if (!attempt.ok()) return attempt.status();
  if (attempt->state() != quiz::v1::FINISHED) {
    return absl::FailedPreconditionError(absl::StrCat(
        "attempt ", ResourceId(name),
        " is in progress and cannot be reviewed yet; finish it with `quiz "
        "take ",
        ResourceId(attempt->quiz()), "`"));
  }
  if (context.flags().json) return PrintJson(*attempt, context.out());
  std::ostream& out = context.out();
  out << "Review of attempt " << ResourceId(name) << ": "
      << attempt->quiz_title() << " (" << ModeName(attempt->mode())
      << ", finished "
      << FormatTimestamp(attempt->finish_time(), context.env().zone) << ")\n"
      << "Marks: * correct answer, > your choice\n";
  const std::string rule(72, '-');
  for (const quiz::v1::AttemptItem& item : attempt->items()) {
    out << rule << "\n"
        << RenderReviewItem(item, attempt->items_size(), context.env().width);
  }
  out << rule << "\n" << RenderSummary(*attempt);
  return absl::OkStatus();
}

}  // namespace

CommandEnv RealCommandEnv() {
  CommandEnv env;
  env.in = &std::cin;
  env.out = &std::cout;
  env.err = &std::cerr;
  env.stdin_is_terminal = StdinIsTerminal();
  env.env = GetEnv;
  env.width = TerminalWidth(env.env);
  env.read_password = ReadPasswordFromTerminal;
  env.now = [] { return absl::Now(); };
  env.zone = absl::LocalTimeZone();
  env.new_request_id = RandomRequestId;
  return env;
}

int RunQuiz(int argc, const char* const* argv, const CommandEnv& env) {
  Flags flags;
  CLI::App app{
      "quiz: take medical billing and coding quizzes on a quizd server",
      "quiz"};
  app.require_subcommand(1);
  // Global options may also follow the subcommand.
  app.fallthrough();
  app.add_option("--server", flags.server,
                 "Server address host:port (default: config, then "
                 "$QUIZ_SERVER, then 127.0.0.1:50051)");
  app.add_option("--config", flags.config,
                 "Config file (default: $QUIZ_CONFIG, then "
                 "$XDG_CONFIG_HOME/quiz/config.json, then "
                 "~/.config/quiz/config.json)");

  CLI::App* login =
      app.add_subcommand("login", "Log in and remember the token");
  login->add_option("username", flags.username,
                    "Login name (asked if missing)");
  login->add_flag("--password-stdin", flags.password_stdin,
                  "Read the password from the first line of stdin");
  CLI::App* logout =
      app.add_subcommand("logout", "Revoke the token and forget it");
  CLI::App* quizzes = app.add_subcommand("quizzes", "List the quizzes");
  quizzes->add_flag("--json", flags.json, "Print JSON");
  CLI::App* take = app.add_subcommand("take", "Take a quiz (or resume it)");
  take->add_option("quiz", flags.quiz, "Quiz id")->required();
  take->add_option("--answers", flags.answers,
                   "Answer from FILE (lines ITEM_ID: ANSWER, see below), "
                   "then finish");
  take->footer(kTakeHelpFooter);
  take->add_flag("--json", flags.json,
                 "Print the attempt as JSON on stdout, other text on stderr");
  take->add_flag("--new", flags.force_new,
                 "Start a new attempt even if one is in progress");
  CLI::App* attempts = app.add_subcommand("attempts", "List your attempts");
  attempts->add_flag("--json", flags.json, "Print JSON");
  attempts->add_option("--user", flags.user,
                       "List USER's attempts (instructors and admins)");
  CLI::App* review =
      app.add_subcommand("review", "Show a finished attempt item by item");
  review->add_option("attempt", flags.attempt, "Attempt id")->required();
  review->add_flag("--json", flags.json, "Print the attempt as JSON");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    if (error.get_exit_code() == 0) return app.exit(error, *env.out, *env.err);
    *env.err << FormatError(UsageError(error.what())) << " (see quiz --help)\n";
    return kExitUsage;
  }

  Context context(env, flags);
  absl::Status status = context.Init();
  if (status.ok()) {
    if (login->parsed()) {
      status = RunLogin(context);
    } else if (logout->parsed()) {
      status = RunLogout(context);
    } else if (quizzes->parsed()) {
      status = RunQuizzes(context);
    } else if (take->parsed()) {
      status = RunTake(context);
    } else if (attempts->parsed()) {
      status = RunAttempts(context);
    } else if (review->parsed()) {
      status = RunReview(context);
    }
  }
  if (status.ok()) return kExitOk;
  // A failed login needs no advice to log in.
  bool hint =
      !(login->parsed() && status.code() == absl::StatusCode::kUnauthenticated);
  *env.err << FormatError(status, hint) << "\n";
  return ExitCodeFor(status);
}

}  // namespace client
