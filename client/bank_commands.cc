// `quiz bank ...`: the instructor's commands, one group per file.
#include "client/bank_commands.h"

#include "client/command_context.h"

namespace client {

void AddBankCommands(CLI::App& app, GlobalFlags& flags, CommandList& commands) {
  CLI::App* bank =
      app.add_subcommand("bank", "Author, check and publish question banks");
  bank->require_subcommand(1);
  bank->fallthrough();
  AddBankVersionCommands(*bank, flags, commands);
  AddBankOwnerCommands(*bank, flags, commands);
  AddLintCommand(*bank, flags, commands);
  AddGiftCommands(*bank, flags, commands);
}

}  // namespace client
