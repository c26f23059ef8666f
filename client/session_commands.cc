// passwd and sessions: the caller's own password and login tokens.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "client/command_context.h"
#include "client/errors.h"
#include "client/format.h"
#include "client/tables.h"
#include "client/terminal.h"

namespace client {
namespace {

// One password: without echo from a terminal, else a line of stdin (so
// scripts can pipe the old password and the new one twice).
absl::StatusOr<std::string> ReadPassword(const CommandEnv& env,
                                         const std::string& prompt,
                                         const char* what) {
  if (env.stdin_is_terminal) return env.read_password(prompt);
  return ReadLine(*env.in, what);
}

absl::Status RunPasswd(Context& context) {
  const CommandEnv& env = context.env();
  absl::StatusOr<std::string> old_password =
      ReadPassword(env, "Current password: ", "current password");
  if (!old_password.ok()) return old_password.status();
  if (old_password->empty()) return UsageError("empty current password");
  absl::StatusOr<std::string> new_password =
      ReadPassword(env, "New password: ", "new password");
  if (!new_password.ok()) return new_password.status();
  absl::StatusOr<std::string> again =
      ReadPassword(env, "New password again: ", "new password again");
  if (!again.ok()) return again.status();
  if (*again != *new_password) {
    return UsageError("the two new passwords differ; nothing changed");
  }
  quiz::v1::ChangePasswordRequest request;
  request.set_old_password(*old_password);
  request.set_new_password(*new_password);
  absl::StatusOr<quiz::v1::ChangePasswordResponse> reply =
      context.Api().ChangePassword(request);
  if (!reply.ok()) return reply.status();
  const int64_t others = reply->revoked_sessions();
  context.out() << "Password changed. "
                << (others == 0 ? std::string("No other session was open")
                                : absl::StrCat(others, " other session",
                                               others == 1 ? " was" : "s were",
                                               " logged out"))
                << "; this one stays logged in.\n";
  return absl::OkStatus();
}

// "12-06 09:14", or "-" when unset.
std::string ShortTime(const google::protobuf::Timestamp& time,
                      absl::TimeZone zone) {
  if (!IsSet(time)) return "-";
  return absl::FormatTime("%m-%d %H:%M", ToAbslTime(time), zone);
}

}  // namespace

std::string RenderSessionTable(const std::vector<quiz::v1::Session>& sessions,
                               absl::TimeZone zone, int max_width) {
  std::vector<std::vector<std::string>> rows;
  for (const quiz::v1::Session& session : sessions) {
    rows.push_back(
        {session.current() ? "*" : "", session.id(),
         ShortTime(session.create_time(), zone),
         ShortTime(session.last_use_time(), zone),
         session.client_address().empty() ? "-" : session.client_address(),
         session.user_agent().empty() ? "-" : session.user_agent()});
  }
  return RenderTable({"", "ID", "LOGIN", "LAST USED", "ADDRESS", "CLIENT"},
                     rows, {}, max_width, {4, 5});
}

namespace {

absl::Status RunSessions(Context& context) {
  absl::StatusOr<quiz::v1::ListSessionsResponse> reply =
      context.Api().ListSessions();
  if (!reply.ok()) return reply.status();
  if (context.flags().json) return PrintJson(*reply, context.out());
  std::vector<quiz::v1::Session> sessions(reply->sessions().begin(),
                                          reply->sessions().end());
  context.out() << RenderSessionTable(sessions, context.env().zone,
                                      TableWidth(context.env().env));
  context.out() << "* this session. Revoke one with `quiz sessions revoke "
                   "ID`, all with --all.\n";
  return absl::OkStatus();
}

struct RevokeOptions {
  std::string id;
  bool all = false;
  bool keep_current = false;
};

absl::Status RunRevoke(Context& context, const RevokeOptions& flags) {
  if (flags.all == !flags.id.empty()) {
    return UsageError("give a session ID or --all");
  }
  if (flags.keep_current && !flags.all) {
    return UsageError("--keep-current goes with --all");
  }
  if (!flags.all) {
    quiz::v1::RevokeSessionRequest request;
    request.set_id(flags.id);
    if (absl::Status revoked = context.Api().RevokeSession(request);
        !revoked.ok()) {
      return revoked;
    }
    context.out() << "Revoked session " << Printable(flags.id) << ".\n";
    return absl::OkStatus();
  }
  quiz::v1::LogoutEverywhereRequest request;
  request.set_keep_current(flags.keep_current);
  absl::StatusOr<quiz::v1::LogoutEverywhereResponse> reply =
      context.Api().LogoutEverywhere(request);
  if (!reply.ok()) return reply.status();
  const int64_t n = reply->revoked_sessions();
  context.out() << "Revoked " << n << " session" << (n == 1 ? "" : "s")
                << (flags.keep_current ? "; this one stays logged in.\n"
                                       : ", this one included.\n");
  if (!flags.keep_current) {
    // This token is gone: forget it, as logout does.
    context.config().token.clear();
    if (absl::Status saved = context.SaveConfig(); !saved.ok()) return saved;
  }
  return absl::OkStatus();
}

}  // namespace

void AddSessionCommands(CLI::App& app, GlobalFlags& flags,
                        CommandList& commands) {
  CLI::App* passwd = app.add_subcommand("passwd",
                                        "Change your password (asks for the "
                                        "current one and the new one twice)");
  commands.push_back({passwd, RunPasswd});

  CLI::App* sessions = app.add_subcommand(
      "sessions", "List where you are logged in (revoke: log out there)");
  sessions->require_subcommand(0, 1);
  sessions->add_flag("--json", flags.json, "Print JSON");
  commands.push_back({sessions, RunSessions});
  auto options = std::make_shared<RevokeOptions>();
  CLI::App* revoke = sessions->add_subcommand(
      "revoke", "Log out one session by ID, or all of them with --all");
  revoke->add_option("id", options->id, "Session ID from `quiz sessions`");
  revoke->add_flag("--all", options->all, "Revoke every session");
  revoke->add_flag("--keep-current", options->keep_current,
                   "With --all: keep this session logged in");
  commands.push_back({revoke, [options](Context& context) {
                        return RunRevoke(context, *options);
                      }});
}

}  // namespace client
