// `quiz admin accounts ...` and `quiz admin keys ...`: service accounts and
// their API keys (admins only; see integration_service.proto).
#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "client/command_context.h"
#include "client/errors.h"
#include "client/format.h"
#include "client/tables.h"

namespace client {
namespace {

struct ScopeName {
  const char* name;
  quiz::v1::ApiKeyScope scope;
};
constexpr ScopeName kScopeNames[] = {
    {"users.write", quiz::v1::API_KEY_SCOPE_USERS_WRITE},
    {"courses.write", quiz::v1::API_KEY_SCOPE_COURSES_WRITE},
    {"banks.write", quiz::v1::API_KEY_SCOPE_BANKS_WRITE},
    {"results.read", quiz::v1::API_KEY_SCOPE_RESULTS_READ},
    {"attempts.act", quiz::v1::API_KEY_SCOPE_ATTEMPTS_ACT},
};

std::string ScopeNameOf(int scope) {
  for (const ScopeName& known : kScopeNames) {
    if (known.scope == scope) return known.name;
  }
  return absl::StrCat("scope ", scope);
}

std::string KnownScopes() {
  std::vector<std::string> names;
  for (const ScopeName& known : kScopeNames) names.push_back(known.name);
  return absl::StrJoin(names, ", ");
}

absl::StatusOr<quiz::v1::ApiKeyScope> ParseScope(const std::string& text) {
  const std::string lower = absl::AsciiStrToLower(text);
  for (const ScopeName& known : kScopeNames) {
    if (lower == known.name) return known.scope;
  }
  return UsageError(absl::StrCat("--scope: \"", Printable(text),
                                 "\" is not one of ", KnownScopes()));
}

// "30d", "12h", "90m", "2w": how long until the key expires. At most ten
// years.
absl::StatusOr<absl::Duration> ParseExpiry(const std::string& text) {
  int64_t count = 0;
  absl::Duration unit;
  const char suffix = text.empty() ? '\0' : text.back();
  switch (suffix) {
    case 'm':
      unit = absl::Minutes(1);
      break;
    case 'h':
      unit = absl::Hours(1);
      break;
    case 'd':
      unit = absl::Hours(24);
      break;
    case 'w':
      unit = absl::Hours(24 * 7);
      break;
    default:
      unit = absl::ZeroDuration();
  }
  if (unit == absl::ZeroDuration() ||
      !absl::SimpleAtoi(text.substr(0, text.size() - 1), &count) ||
      count <= 0 || unit * count > absl::Hours(24 * 3653)) {
    return UsageError(absl::StrCat(
        "--expires: \"", Printable(text),
        "\" is not a lifetime such as 90m, 12h, 30d or 2w (at most 10 years)"));
  }
  return unit * count;
}

struct CreateKeyFlags {
  std::string account;
  std::vector<std::string> scopes;
  std::string expires;
  std::string label;
  bool create_account = false;
};

absl::Status CreateAccount(Context& context, const std::string& name) {
  quiz::v1::CreateServiceAccountRequest request;
  request.set_username(name);
  return context.Api().CreateServiceAccount(request).status();
}

absl::Status RunCreateKey(Context& context, const CreateKeyFlags& flags) {
  quiz::v1::CreateApiKeyRequest request;
  request.set_service_account(flags.account);
  for (const std::string& text : flags.scopes) {
    absl::StatusOr<quiz::v1::ApiKeyScope> scope = ParseScope(text);
    if (!scope.ok()) return scope.status();
    request.add_scopes(*scope);
  }
  if (!flags.expires.empty()) {
    absl::StatusOr<absl::Duration> lifetime = ParseExpiry(flags.expires);
    if (!lifetime.ok()) return lifetime.status();
    const absl::Time expiry = context.env().now() + *lifetime;
    request.mutable_expire_time()->set_seconds(absl::ToUnixSeconds(expiry));
  }
  request.set_label(flags.label);
  if (flags.create_account) {
    absl::Status created = CreateAccount(context, flags.account);
    if (!created.ok() && !absl::IsAlreadyExists(created)) return created;
    if (created.ok()) {
      // stdout carries the key alone, for `> FILE`.
      *context.env().err << "Created service account users/"
                         << Printable(flags.account) << ".\n";
    }
  }
  absl::StatusOr<quiz::v1::CreateApiKeyResponse> reply =
      context.Api().CreateApiKey(request);
  if (!reply.ok()) return reply.status();
  const quiz::v1::ApiKey& key = reply->api_key();
  std::vector<std::string> scopes;
  for (int scope : key.scopes()) scopes.push_back(ScopeNameOf(scope));
  std::ostream& err = *context.env().err;
  err << "Created API key " << Printable(key.prefix()) << " for "
      << Printable(key.service_account()) << " (" << absl::StrJoin(scopes, ", ")
      << "), "
      << (IsSet(key.expire_time())
              ? "expires " +
                    FormatTimestamp(key.expire_time(), context.env().zone)
              : std::string("never expires"))
      << ".\n"
      << "This is the only time the key is shown: store it now (for "
         "example in a\nfile for --api-key-file). quizd keeps only a hash; "
         "a lost key is revoked\nand replaced.\n";
  if (context.flags().json) return PrintJson(*reply, context.out());
  context.out() << reply->secret() << "\n";
  return absl::OkStatus();
}

// "12-06 14:05" in `zone`, or `unset` for an unset timestamp.
std::string ShortTime(const google::protobuf::Timestamp& time,
                      absl::TimeZone zone, const char* unset) {
  if (!IsSet(time)) return unset;
  return absl::FormatTime("%m-%d %H:%M", ToAbslTime(time), zone);
}

std::string KeyState(const quiz::v1::ApiKey& key, absl::Time now,
                     absl::TimeZone zone) {
  if (IsSet(key.revoke_time())) return "revoked";
  if (!IsSet(key.expire_time())) return "active";
  if (ToAbslTime(key.expire_time()) <= now) return "expired";
  return "to " +
         absl::FormatTime("%Y-%m-%d", ToAbslTime(key.expire_time()), zone);
}

absl::Status RunListKeys(Context& context, const std::string& account) {
  quiz::v1::ListApiKeysResponse all;
  absl::Status read = ReadAllPages<quiz::v1::ListApiKeysResponse>(
      [&](const std::string& token) {
        quiz::v1::ListApiKeysRequest request;
        request.set_service_account(account);
        request.set_page_size(context.env().list_page_size);
        request.set_page_token(token);
        return context.Api().ListApiKeys(request);
      },
      [&](const quiz::v1::ListApiKeysResponse& page) {
        for (const quiz::v1::ApiKey& key : page.api_keys()) {
          *all.add_api_keys() = key;
        }
      });
  if (!read.ok()) return read;
  if (context.flags().json) return PrintJson(all, context.out());
  if (all.api_keys().empty()) {
    context.out() << "No API keys"
                  << (account.empty() ? "" : " for " + Printable(account))
                  << ". Create one with `quiz admin keys create ACCOUNT "
                     "--scope SCOPE`.\n";
    return absl::OkStatus();
  }
  const absl::Time now = context.env().now();
  const absl::TimeZone zone = context.env().zone;
  // One scope per line: a key's further scopes go on rows of their own, so
  // the table stays within 80 columns.
  std::vector<std::vector<std::string>> rows;
  for (const quiz::v1::ApiKey& key : all.api_keys()) {
    std::string account_name = key.service_account();
    if (account_name.rfind("users/", 0) == 0) account_name.erase(0, 6);
    rows.push_back({key.prefix(), account_name,
                    key.scopes().empty() ? "-" : ScopeNameOf(key.scopes(0)),
                    ShortTime(key.last_use_time(), zone, "never"),
                    KeyState(key, now, zone), key.label()});
    for (int i = 1; i < key.scopes_size(); ++i) {
      rows.push_back({"", "", ScopeNameOf(key.scopes(i)), "", "", ""});
    }
  }
  context.out() << RenderTable(
      {"KEY", "ACCOUNT", "SCOPES", "LAST USED", "STATE", "LABEL"}, rows, {},
      kTableWidth, {5});
  return absl::OkStatus();
}

absl::Status RunRevokeKey(Context& context, const std::string& prefix) {
  quiz::v1::RevokeApiKeyRequest request;
  request.set_name(prefix);
  absl::StatusOr<quiz::v1::ApiKey> key = context.Api().RevokeApiKey(request);
  if (!key.ok()) return key.status();
  if (context.flags().json) return PrintJson(*key, context.out());
  context.out() << "Revoked API key " << Printable(key->prefix()) << " of "
                << Printable(key->service_account()) << " at "
                << FormatTimestamp(key->revoke_time(), context.env().zone)
                << ". Calls with it now fail.\n";
  return absl::OkStatus();
}

absl::Status RunListAccounts(Context& context) {
  quiz::v1::ListServiceAccountsResponse all;
  absl::Status read = ReadAllPages<quiz::v1::ListServiceAccountsResponse>(
      [&](const std::string& token) {
        quiz::v1::ListServiceAccountsRequest request;
        request.set_page_size(context.env().list_page_size);
        request.set_page_token(token);
        return context.Api().ListServiceAccounts(request);
      },
      [&](const quiz::v1::ListServiceAccountsResponse& page) {
        for (const quiz::v1::ServiceAccount& account :
             page.service_accounts()) {
          *all.add_service_accounts() = account;
        }
      });
  if (!read.ok()) return read;
  if (context.flags().json) return PrintJson(all, context.out());
  if (all.service_accounts().empty()) {
    context.out() << "No service accounts. Create one with `quiz admin "
                     "accounts create NAME`.\n";
    return absl::OkStatus();
  }
  std::vector<std::vector<std::string>> rows;
  for (const quiz::v1::ServiceAccount& account : all.service_accounts()) {
    rows.push_back({account.username(),
                    FormatTimestamp(account.create_time(), context.env().zone),
                    absl::StrCat(account.active_keys())});
  }
  context.out() << RenderTable({"ACCOUNT", "CREATED", "ACTIVE KEYS"}, rows, {2},
                               kTableWidth);
  return absl::OkStatus();
}

}  // namespace

void AddKeyCommands(CLI::App& app, GlobalFlags& flags, CommandList& commands) {
  CLI::App* admin = AdminGroup(app);

  CLI::App* accounts = admin->add_subcommand(
      "accounts", "Service accounts: users for integrations (an LMS, a SIS)");
  accounts->require_subcommand(1);
  accounts->fallthrough();
  auto account_name = std::make_shared<std::string>();
  CLI::App* create_account = accounts->add_subcommand(
      "create", "Create a service account (it has no password; it uses keys)");
  create_account->add_option("NAME", *account_name, "Its username")->required();
  commands.push_back({create_account, [account_name](Context& context) {
                        absl::Status created =
                            CreateAccount(context, *account_name);
                        if (!created.ok()) return created;
                        context.out()
                            << "Created service account users/"
                            << Printable(*account_name)
                            << ". Give it a key with `quiz admin "
                               "keys create "
                            << Printable(*account_name) << " --scope SCOPE`.\n";
                        return absl::OkStatus();
                      }});
  CLI::App* list_accounts =
      accounts->add_subcommand("list", "List service accounts");
  list_accounts->add_flag("--json", flags.json, "Print JSON");
  commands.push_back({list_accounts, RunListAccounts});
  auto delete_name = std::make_shared<std::string>();
  CLI::App* delete_account = accounts->add_subcommand(
      "delete", "Delete a service account and revoke all its keys");
  delete_account->add_option("NAME", *delete_name, "Its username")->required();
  commands.push_back(
      {delete_account, [delete_name](Context& context) {
         quiz::v1::DeleteServiceAccountRequest request;
         request.set_name(*delete_name);
         absl::StatusOr<quiz::v1::DeleteServiceAccountResponse> reply =
             context.Api().DeleteServiceAccount(request);
         if (!reply.ok()) return reply.status();
         context.out() << "Deleted service account users/"
                       << Printable(*delete_name) << "; revoked "
                       << reply->revoked_keys() << " active key"
                       << (reply->revoked_keys() == 1 ? "" : "s") << ".\n";
         return absl::OkStatus();
       }});

  CLI::App* keys = admin->add_subcommand(
      "keys", "API keys of service accounts: create, list, revoke");
  keys->require_subcommand(1);
  keys->fallthrough();
  auto create_flags = std::make_shared<CreateKeyFlags>();
  CLI::App* create = keys->add_subcommand(
      "create", "Create an API key; prints it once on stdout");
  create
      ->add_option("ACCOUNT", create_flags->account,
                   "The service account it belongs to")
      ->required();
  create
      ->add_option("--scope", create_flags->scopes,
                   "What it may do (repeat): " + KnownScopes())
      ->required();
  create->add_option("--expires", create_flags->expires,
                     "Lifetime, e.g. 90m, 12h, 30d, 2w (default: never)");
  create->add_option("--label", create_flags->label,
                     "A name shown in listings, e.g. \"Canvas production\"");
  create->add_flag("--create-account", create_flags->create_account,
                   "Create the service account first if it does not exist");
  create->add_flag("--json", flags.json,
                   "Print the reply (with the key) as JSON");
  commands.push_back({create, [create_flags](Context& context) {
                        return RunCreateKey(context, *create_flags);
                      }});

  auto list_account = std::make_shared<std::string>();
  CLI::App* list = keys->add_subcommand(
      "list", "List API keys, newest first (never their secrets)");
  list->add_option("ACCOUNT", *list_account,
                   "Only this service account's keys");
  list->add_flag("--json", flags.json, "Print JSON");
  commands.push_back({list, [list_account](Context& context) {
                        return RunListKeys(context, *list_account);
                      }});

  auto revoke_prefix = std::make_shared<std::string>();
  CLI::App* revoke = keys->add_subcommand(
      "revoke", "Revoke an API key at once (its learner tokens too)");
  revoke
      ->add_option("KEY", *revoke_prefix,
                   "The key id shown by `quiz admin keys list` (qzk_...)")
      ->required();
  revoke->add_flag("--json", flags.json, "Print JSON");
  commands.push_back({revoke, [revoke_prefix](Context& context) {
                        return RunRevokeKey(context, *revoke_prefix);
                      }});
}

}  // namespace client
