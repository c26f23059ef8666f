// owners, share, unshare: who may push a bank besides admins.
#include <memory>
#include <string>

#include "absl/strings/match.h"
#include "client/bank_commands.h"
#include "client/format.h"
#include "client/tables.h"

namespace client {
namespace {

std::string Named(const std::string& collection, const std::string& id) {
  const std::string prefix = collection + "/";
  return absl::StartsWith(id, prefix) ? id : prefix + id;
}

// The owners a reply lists, as a table, or a line saying admins own it.
absl::Status PrintOwners(
    Context& context,
    const absl::StatusOr<quiz::v1::ListBankOwnersResponse>& reply) {
  if (!reply.ok()) return reply.status();
  if (context.flags().json) return PrintJson(*reply, context.out());
  if (reply->owners().empty()) {
    context.out() << reply->bank()
                  << " has no owners: only admins may push it\n";
    return absl::OkStatus();
  }
  std::vector<std::vector<std::string>> rows;
  for (const quiz::v1::BankOwner& owner : reply->owners()) {
    rows.push_back({ResourceId(owner.user()),
                    FormatTimestamp(owner.create_time(), context.env().zone)});
  }
  context.out() << RenderTable({"OWNER", "SINCE"}, rows);
  return absl::OkStatus();
}

// BANK and, for share and unshare, USER.
struct OwnerFlags {
  std::string bank;
  std::string user;
};

}  // namespace

void AddBankOwnerCommands(CLI::App& bank, GlobalFlags& flags,
                          CommandList& commands) {
  auto owners = std::make_shared<OwnerFlags>();
  CLI::App* owners_app = bank.add_subcommand(
      "owners", "List the instructors who may push a bank besides admins");
  owners_app->add_option("bank", owners->bank, "Bank id")->required();
  owners_app->add_flag("--json", flags.json, "Print JSON");
  commands.push_back({owners_app, [owners](Context& c) {
                        quiz::v1::ListBankOwnersRequest request;
                        request.set_bank(Named("banks", owners->bank));
                        return PrintOwners(c, c.Api().ListBankOwners(request));
                      }});

  auto share = std::make_shared<OwnerFlags>();
  CLI::App* share_app = bank.add_subcommand(
      "share", "Make an instructor an owner of a bank you own");
  share_app->add_option("bank", share->bank, "Bank id")->required();
  share_app->add_option("user", share->user, "Instructor's username")
      ->required();
  share_app->add_flag("--json", flags.json, "Print JSON");
  commands.push_back({share_app, [share](Context& c) {
                        quiz::v1::AddBankOwnerRequest request;
                        request.set_bank(Named("banks", share->bank));
                        request.set_user(Named("users", share->user));
                        return PrintOwners(c, c.Api().AddBankOwner(request));
                      }});

  auto unshare = std::make_shared<OwnerFlags>();
  CLI::App* unshare_app = bank.add_subcommand(
      "unshare", "Remove an owner of a bank (not the last, unless admin)");
  unshare_app->add_option("bank", unshare->bank, "Bank id")->required();
  unshare_app->add_option("user", unshare->user, "Owner's username")
      ->required();
  unshare_app->add_flag("--json", flags.json, "Print JSON");
  commands.push_back({unshare_app, [unshare](Context& c) {
                        quiz::v1::RemoveBankOwnerRequest request;
                        request.set_bank(Named("banks", unshare->bank));
                        request.set_user(Named("users", unshare->user));
                        return PrintOwners(c, c.Api().RemoveBankOwner(request));
                      }});
}

}  // namespace client
