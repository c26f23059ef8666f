// The groups of `quiz bank` subcommands; each adds its subcommands to `bank`.
#ifndef QUIZD_CLIENT_BANK_COMMANDS_H_
#define QUIZD_CLIENT_BANK_COMMANDS_H_

#include "client/command_context.h"

namespace client {

// push, versions, export, regrade: publishing over the server
// (bank_version_commands.cc).
void AddBankVersionCommands(CLI::App& bank, GlobalFlags& flags,
                            CommandList& commands);

// owners, share, unshare: who may push a bank besides admins
// (bank_owner_commands.cc).
void AddBankOwnerCommands(CLI::App& bank, GlobalFlags& flags,
                          CommandList& commands);

// lint: offline checks of bank files (lint_command.cc).
void AddLintCommand(CLI::App& bank, GlobalFlags& flags, CommandList& commands);

// import-gift: GIFT (Moodle) files to bank YAML, offline (gift_commands.cc).
void AddGiftCommands(CLI::App& bank, GlobalFlags& flags, CommandList& commands);

}  // namespace client

#endif  // QUIZD_CLIENT_BANK_COMMANDS_H_
