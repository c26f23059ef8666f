// The groups of `quiz bank` subcommands; each adds its subcommands to `bank`.
#ifndef QUIZD_CLIENT_BANK_COMMANDS_H_
#define QUIZD_CLIENT_BANK_COMMANDS_H_

#include "client/command_context.h"

namespace client {

// push, versions, export, regrade: publishing over the server
// (bank_version_commands.cc).
void AddBankVersionCommands(CLI::App& bank, GlobalFlags& flags,
                            CommandList& commands);

}  // namespace client

#endif  // QUIZD_CLIENT_BANK_COMMANDS_H_
