// What every `quiz` subcommand works with: the global flags, the config file,
// the server session and the output streams; and how a subcommand registers.
#ifndef QUIZD_CLIENT_COMMAND_CONTEXT_H_
#define QUIZD_CLIENT_COMMAND_CONTEXT_H_

#include <functional>
#include <memory>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "client/commands.h"
#include "client/config.h"
#include "client/session.h"
#include "client/tls.h"
#include "google/protobuf/message.h"

namespace client {

// Flags every subcommand shares.
struct GlobalFlags {
  std::string server;
  std::string config;
  // A file holding an API key to authenticate with instead of the login
  // token (see api_key.h; $QUIZ_API_KEY otherwise).
  std::string api_key_file;
  TlsFlags tls;  // --ca, --cert, --key, --tls-server-name (client/tls.h)
  // Set by the subcommands that offer --json.
  bool json = false;
};

// State shared by the subcommands of one run.
class Context {
 public:
  Context(const CommandEnv& env, const GlobalFlags& flags)
      : env_(env), flags_(flags) {}

  // Locates and reads the config file, works out the server and how to
  // reach it (TLS settings, their files read and checked). A corrupt
  // config file (DATA_LOSS) is an error saying how to fix it, unless
  // `replaces_corrupt_config`: then the config starts empty and
  // corrupt_config() says what was wrong.
  absl::Status Init(bool replaces_corrupt_config = false);
  // Why the config file could not be used; OK when it could.
  const absl::Status& corrupt_config() const { return corrupt_config_; }
  const std::string& config_path() const { return config_path_; }

  // The server session, connected on first use.
  Session& Api();
  std::ostream& out() { return *env_.out; }
  // Human text: stderr when stdout carries JSON.
  std::ostream& human() { return flags_.json ? *env_.err : *env_.out; }
  const CommandEnv& env() const { return env_; }
  const GlobalFlags& flags() const { return flags_; }
  ClientConfig& config() { return config_; }
  const std::string& server() const { return server_; }
  // Whether calls authenticate with an API key rather than the login token.
  bool using_api_key() const { return !api_key_.empty(); }
  // How the server is reached (TLS or not), resolved and read by Init.
  const TlsSettings& tls() const { return security_.settings; }
  absl::Status SaveConfig();

 private:
  const CommandEnv& env_;
  const GlobalFlags& flags_;
  std::string config_path_;
  ClientConfig config_;
  absl::Status corrupt_config_;
  std::string server_;
  std::string api_key_;  // from --api-key-file or $QUIZ_API_KEY
  ChannelSecurity security_;
  std::unique_ptr<Session> session_;
};

// A parsed subcommand and what running it does. A group of subcommands adds
// its CLI::App entries and Commands in one Add...Commands function; options
// live in structs the `run` closures share with the CLI::App.
struct Command {
  CLI::App* app = nullptr;
  std::function<absl::Status(Context&)> run;
  // Offline commands (lint, import) neither read the config file nor talk
  // to a server, so a broken config cannot stop them.
  bool offline = false;
  // login and logout replace or remove a corrupt config file instead of
  // stopping at it, so a broken file never locks the user out.
  bool replaces_corrupt_config = false;
};
using CommandList = std::vector<Command>;

// login, logout (account_commands.cc).
void AddAccountCommands(CLI::App& app, GlobalFlags& flags,
                        CommandList& commands);
// passwd, sessions [revoke] (session_commands.cc).
void AddSessionCommands(CLI::App& app, GlobalFlags& flags,
                        CommandList& commands);
// ID, LOGIN, LAST USED (MM-DD HH:MM in `zone`), ADDRESS, CLIENT, the calling
// session marked "*" in the first column; the address and the client give
// way when wider than `max_width`.
std::string RenderSessionTable(const std::vector<quiz::v1::Session>& sessions,
                               absl::TimeZone zone, int max_width);
// `quiz admin accounts|keys ...`: service accounts and API keys
// (key_commands.cc).
void AddKeyCommands(CLI::App& app, GlobalFlags& flags, CommandList& commands);
// quizzes, take, attempts, review (quiz_commands.cc).
void AddQuizCommands(CLI::App& app, GlobalFlags& flags, CommandList& commands);
// `quiz bank ...`: authoring and publishing banks (bank_commands.cc).
void AddBankCommands(CLI::App& app, GlobalFlags& flags, CommandList& commands);
// progress and career-fit (progress_commands.cc).
void AddProgressCommands(CLI::App& app, GlobalFlags& flags,
                         CommandList& commands);

// `quiz admin ...` (admin_commands.cc), and its groups: `quiz admin users
// ...` (admin_users_commands.cc).
// The `quiz admin` group that every admin-only command group joins: found
// when another group added it first, else added (admin_commands.cc).
CLI::App* AdminGroup(CLI::App& app);
void AddAdminCommands(CLI::App& app, GlobalFlags& flags, CommandList& commands);
void AddAdminUsersCommands(CLI::App& admin, GlobalFlags& flags,
                           CommandList& commands);
// `quiz course ...`: courses and members (course_commands.cc).
void AddCourseCommands(CLI::App& app, GlobalFlags& flags,
                       CommandList& commands);
// `quiz admin audit` (audit_commands.cc).
void AddAuditCommands(CLI::App& app, GlobalFlags& flags, CommandList& commands);
// `quiz gradebook` (gradebook_commands.cc).
void AddGradebookCommands(CLI::App& app, GlobalFlags& flags,
                          CommandList& commands);
// `quiz assignment ...` (assignment_commands.cc).
void AddAssignmentCommands(CLI::App& app, GlobalFlags& flags,
                           CommandList& commands);
// `quiz events` (event_commands.cc).
void AddEventCommands(CLI::App& app, GlobalFlags& flags, CommandList& commands);

// `quiz review` without an attempt (progress_commands.cc): a spaced-review
// session of the items due now, or with `topic` ("BANK/TOPIC") of that
// topic's weakest items; at most `count` items (0: the server's default).
// With --json the AnswerReview replies are printed as a JSON array.
absl::Status RunReviewSessionCommand(Context& context, const std::string& topic,
                                     int count);

// Writes `text` to `path` through a temporary file in the same directory,
// so that a failed write leaves no half-written file behind
// (gift_commands.cc). INTERNAL naming the path on failure.
absl::Status WriteFileAtomically(const std::string& path,
                                 const std::string& text);

// Prints `message` as JSON with proto field names.
absl::Status PrintJson(const google::protobuf::Message& message,
                       std::ostream& out);

// Reads one line, without its line ending. INVALID_ARGUMENT at end of input.
absl::StatusOr<std::string> ReadLine(std::istream& in, const char* what);

// Caps the number of pages read so a server that keeps returning tokens
// cannot loop us forever.
inline constexpr int kMaxListPages = 1000;

// Follows next_page_token to the end. `fetch` makes one call for a token;
// `append` takes each page.
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

}  // namespace client

#endif  // QUIZD_CLIENT_COMMAND_CONTEXT_H_
