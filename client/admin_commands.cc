// `quiz admin ...`: what only admins may do, one group per file.
#include <vector>

#include "client/command_context.h"

namespace client {

CLI::App* AdminGroup(CLI::App& app) {
  std::vector<CLI::App*> found = app.get_subcommands(
      [](CLI::App* sub) { return sub->get_name() == "admin"; });
  if (!found.empty()) return found.front();
  CLI::App* admin = app.add_subcommand(
      "admin", "Administer the server: users, API keys, the audit trail");
  admin->require_subcommand(1);
  admin->fallthrough();
  return admin;
}

void AddAdminCommands(CLI::App& app, GlobalFlags& flags,
                      CommandList& commands) {
  AddAdminUsersCommands(*AdminGroup(app), flags, commands);
}

}  // namespace client
