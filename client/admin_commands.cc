// `quiz admin ...`: what only admins may do, one group per file.
#include <vector>

#include "client/command_context.h"

namespace client {

void AddAdminCommands(CLI::App& app, GlobalFlags& flags,
                      CommandList& commands) {
  // Another group (audit_commands.cc) may have added `admin` already.
  std::vector<CLI::App*> found = app.get_subcommands(
      [](CLI::App* sub) { return sub->get_name() == "admin"; });
  CLI::App* admin = found.empty()
                        ? app.add_subcommand("admin",
                                             "Administer the server: users, "
                                             "API keys, the audit trail")
                        : found.front();
  admin->require_subcommand(1);
  admin->fallthrough();
  AddAdminUsersCommands(*admin, flags, commands);
}

}  // namespace client
