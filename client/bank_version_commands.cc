// push, versions, export, regrade: publishing banks through the server.
#include "client/bank_commands.h"

namespace client {

void AddBankVersionCommands(CLI::App& bank, GlobalFlags& flags,
                            CommandList& commands) {}

}  // namespace client
