// `quiz admin ...`: what only admins may do, one group per file.
#include "client/command_context.h"

namespace client {

void AddAdminCommands(CLI::App& app, GlobalFlags& flags,
                      CommandList& commands) {
  CLI::App* admin =
      app.add_subcommand("admin", "Administer the server: users (admins only)");
  admin->require_subcommand(1);
  admin->fallthrough();
  AddAdminUsersCommands(*admin, flags, commands);
}

}  // namespace client
