// `quiz admin users ...`: account management for admins (UserService).
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "client/command_context.h"
#include "client/errors.h"
#include "client/format.h"
#include "client/roster_csv.h"
#include "client/tables.h"
#include "client/terminal.h"

namespace client {
namespace {

// Rows per BatchUpsertUsers call (the server takes up to 1,000): new users'
// passwords are hashed at about 70 ms each, so a call stays well inside its
// deadline.
constexpr int kImportChunkRows = 250;

// The account fields a command may set; `set` says which were given.
struct UserFlags {
  std::string role;
  std::string display_name;
  std::string email;
  std::string external_id;
  CLI::Option* role_option = nullptr;
  CLI::Option* display_name_option = nullptr;
  CLI::Option* email_option = nullptr;
  CLI::Option* external_id_option = nullptr;
};

void AddUserFlags(CLI::App& command, UserFlags& flags, bool role_required) {
  flags.role_option =
      command.add_option("--role", flags.role, "student, instructor or admin");
  if (role_required) flags.role_option->required();
  flags.display_name_option = command.add_option(
      "--display-name", flags.display_name, "The person's name as shown");
  flags.email_option =
      command.add_option("--email", flags.email, "Contact address");
  flags.external_id_option = command.add_option(
      "--external-id", flags.external_id, "The id an LMS or SIS uses");
}

absl::StatusOr<quiz::v1::Role> ParseRoleFlag(const std::string& name) {
  const std::string lower = absl::AsciiStrToLower(name);
  for (quiz::v1::Role role : {quiz::v1::ROLE_STUDENT, quiz::v1::ROLE_INSTRUCTOR,
                              quiz::v1::ROLE_ADMIN}) {
    if (lower == RoleName(role)) return role;
  }
  return UsageError(
      absl::StrCat("--role: \"", Elide(name),
                   "\" is not one of student, instructor, admin"));
}

// "users/NAME" for a bare username, or the name as given.
std::string UserName(const std::string& username) {
  return absl::StartsWith(username, "users/")
             ? username
             : absl::StrCat("users/", username);
}

// A new password: prompted twice on a terminal, else the first line of
// stdin (always with --password-stdin).
absl::StatusOr<std::string> ReadNewPassword(Context& context,
                                            const std::string& username,
                                            bool password_stdin) {
  const CommandEnv& env = context.env();
  if (password_stdin || !env.stdin_is_terminal) {
    absl::StatusOr<std::string> line = ReadLine(*env.in, "password");
    if (!line.ok()) return line.status();
    if (line->empty()) return UsageError("empty password");
    return line;
  }
  absl::StatusOr<std::string> first =
      env.read_password(absl::StrCat("New password for ", username, ": "));
  if (!first.ok()) return first.status();
  absl::StatusOr<std::string> second = env.read_password("Again: ");
  if (!second.ok()) return second.status();
  if (*first != *second) return UsageError("the passwords differ");
  if (first->empty()) return UsageError("empty password");
  return first;
}

std::string Describe(const quiz::v1::User& user) {
  std::string text =
      absl::StrCat(Printable(user.name()), " (", RoleName(user.role()));
  if (user.disabled()) absl::StrAppend(&text, ", disabled");
  absl::StrAppend(&text, ")");
  return text;
}

// --- add ---

struct AddOptions {
  std::string username;
  UserFlags user;
  bool password_stdin = false;
  bool no_password = false;
};

absl::Status RunAdd(Context& context, const AddOptions& options) {
  absl::StatusOr<quiz::v1::Role> role = ParseRoleFlag(options.user.role);
  if (!role.ok()) return role.status();
  quiz::v1::CreateUserRequest request;
  quiz::v1::User& user = *request.mutable_user();
  user.set_username(options.username);
  user.set_role(*role);
  user.set_display_name(options.user.display_name);
  user.set_email(options.user.email);
  user.set_external_id(options.user.external_id);
  if (!options.no_password) {
    absl::StatusOr<std::string> password =
        ReadNewPassword(context, options.username, options.password_stdin);
    if (!password.ok()) return password.status();
    request.set_password(*password);
  }
  absl::StatusOr<quiz::v1::User> created = context.Api().CreateUser(request);
  if (!created.ok()) return created.status();
  context.out() << "Created " << Describe(*created) << "\n";
  return absl::OkStatus();
}

// --- import ---

struct ImportOptions {
  std::string file;
  bool skip_bad = false;
  bool dry_run = false;
  std::string match = "username";
};

// What the server said about the rows of a roster.
struct ImportTally {
  int created = 0, updated = 0, unchanged = 0, failed = 0;

  void Add(const quiz::v1::BatchUpsertUsersResponse& reply) {
    created += reply.created();
    updated += reply.updated();
    unchanged += reply.unchanged();
    failed += reply.failed();
  }
};

// A server's row error "users[3].user.email: ..." as "email: ...".
std::string RowMessage(absl::string_view error) {
  const size_t user = error.find("].user.");
  if (absl::StartsWith(error, "users[") && user != error.npos) {
    error.remove_prefix(user + 7);
  } else if (const size_t close = error.find("].");
             close != error.npos && absl::StartsWith(error, "users[")) {
    error.remove_prefix(close + 2);
  }
  return std::string(error);
}

// Progress on stderr when it is a terminal and the file takes several calls.
class ImportProgress {
 public:
  ImportProgress(const CommandEnv& env, int total)
      : shown_(env.err == &std::cerr && isatty(STDERR_FILENO) &&
               total > kImportChunkRows),
        total_(total) {}
  void Update(const char* what, int done) {
    if (!shown_) return;
    std::cerr << "\r" << what << " " << done << "/" << total_ << " rows"
              << std::flush;
  }
  void Done() {
    if (shown_) std::cerr << "\r\033[K" << std::flush;
  }

 private:
  const bool shown_;
  const int total_;
};

absl::Status RunImport(Context& context, const ImportOptions& options) {
  const CommandEnv& env = context.env();
  quiz::v1::UpsertKey key;
  if (options.match == "username") {
    key = quiz::v1::UPSERT_KEY_USERNAME;
  } else if (options.match == "external_id" || options.match == "external-id") {
    key = quiz::v1::UPSERT_KEY_EXTERNAL_ID;
  } else {
    return UsageError("--match: username or external_id");
  }
  const std::string shown_file = Printable(options.file);
  std::ifstream in(options.file, std::ios::binary);
  if (!in) return UsageError(absl::StrCat(shown_file, ": cannot be read"));
  std::string content(kMaxRosterBytes + 1, '\0');
  in.read(content.data(), static_cast<std::streamsize>(content.size()));
  content.resize(static_cast<size_t>(in.gcount()));
  absl::StatusOr<Roster> roster = ParseRoster(content);
  if (!roster.ok()) {
    return UsageError(absl::StrCat(shown_file, ":", roster.status().message()));
  }
  // Errors by line: the file's own, then the server's dry run.
  std::map<int, std::string> errors;
  for (const RosterError& error : roster->errors) {
    errors[error.line] = error.message;
  }

  // The request for rows[indexes[begin..]] (at most kImportChunkRows);
  // `lines` gets the file line of each of its rows.
  const std::vector<RosterRow>& rows = roster->rows;
  auto chunk_request = [&](const std::vector<size_t>& indexes, size_t begin,
                           bool validate_only, std::vector<int>* lines) {
    quiz::v1::BatchUpsertUsersRequest request;
    request.set_key(key);
    request.set_validate_only(validate_only);
    request.set_skip_invalid(validate_only || options.skip_bad);
    for (size_t k = begin;
         k < indexes.size() && request.users_size() < kImportChunkRows; ++k) {
      *request.add_users() = rows[indexes[k]].entry;
      lines->push_back(rows[indexes[k]].line);
    }
    return request;
  };
  // First a dry run of every row, so that a bad line anywhere stops the
  // import before anything is stored.
  ImportProgress progress(env, static_cast<int>(rows.size()));
  ImportTally would;
  std::vector<size_t> every(rows.size());
  for (size_t r = 0; r < rows.size(); ++r) every[r] = r;
  std::vector<char> bad(rows.size(), 0);
  for (size_t begin = 0; begin < every.size(); begin += kImportChunkRows) {
    progress.Update("Checking", static_cast<int>(begin));
    std::vector<int> lines;
    absl::StatusOr<quiz::v1::BatchUpsertUsersResponse> reply =
        context.Api().BatchUpsertUsers(
            chunk_request(every, begin, /*validate_only=*/true, &lines));
    if (!reply.ok()) {
      progress.Done();
      return reply.status();
    }
    would.Add(*reply);
    for (const quiz::v1::UpsertUserResult& result : reply->results()) {
      if (result.outcome() != quiz::v1::UPSERT_OUTCOME_ERROR ||
          result.index() < 0 ||
          result.index() >= static_cast<int>(lines.size())) {
        continue;
      }
      errors[lines[result.index()]] = RowMessage(result.error());
      bad[begin + static_cast<size_t>(result.index())] = 1;
    }
  }
  progress.Done();
  for (const auto& [line, message] : errors) {
    *env.err << shown_file << ":" << line << ": " << Printable(message) << "\n";
  }
  const int bad_lines = static_cast<int>(errors.size());
  if (bad_lines > 0 && !options.skip_bad) {
    return UsageError(absl::StrCat(
        shown_file, ": ", bad_lines,
        bad_lines == 1 ? " bad line" : " bad lines",
        "; nothing was changed (fix them, or pass --skip-bad to import the "
        "others)"));
  }
  if (options.dry_run) {
    context.out() << "Dry run: would create " << would.created << ", update "
                  << would.updated << ", leave " << would.unchanged
                  << " unchanged"
                  << (bad_lines > 0 ? absl::StrCat(", skip ", bad_lines)
                                    : std::string())
                  << "; nothing was changed.\n";
    return absl::OkStatus();
  }
  std::vector<size_t> good;
  for (size_t r = 0; r < rows.size(); ++r) {
    if (!bad[r]) good.push_back(r);
  }
  ImportTally done;
  for (size_t begin = 0; begin < good.size(); begin += kImportChunkRows) {
    progress.Update("Importing", static_cast<int>(begin));
    std::vector<int> lines;
    absl::StatusOr<quiz::v1::BatchUpsertUsersResponse> reply =
        context.Api().BatchUpsertUsers(
            chunk_request(good, begin, /*validate_only=*/false, &lines));
    if (!reply.ok()) {
      progress.Done();
      if (begin > 0) {
        *env.err << "The first " << begin
                 << " rows were stored before this failure.\n";
      }
      return reply.status();
    }
    for (const quiz::v1::UpsertUserResult& result : reply->results()) {
      if (result.outcome() == quiz::v1::UPSERT_OUTCOME_ERROR &&
          result.index() >= 0 &&
          result.index() < static_cast<int>(lines.size())) {
        *env.err << shown_file << ":" << lines[result.index()] << ": "
                 << Printable(RowMessage(result.error())) << "\n";
      }
    }
    done.Add(*reply);
  }
  progress.Done();
  context.out() << done.created << " created, " << done.updated << " updated, "
                << done.unchanged << " unchanged";
  const int skipped = bad_lines + done.failed;
  if (skipped > 0) context.out() << ", " << skipped << " skipped";
  context.out() << "\n";
  return absl::OkStatus();
}

// --- list ---

struct ListOptions {
  std::string role;
  bool disabled = false;
};

absl::Status RunList(Context& context, const ListOptions& options) {
  quiz::v1::ListUsersRequest request;
  if (!options.role.empty()) {
    absl::StatusOr<quiz::v1::Role> role = ParseRoleFlag(options.role);
    if (!role.ok()) return role.status();
    request.set_role(*role);
  }
  if (options.disabled)
    request.set_disabled(quiz::v1::DISABLED_FILTER_DISABLED);
  request.set_page_size(context.env().list_page_size);
  quiz::v1::ListUsersResponse all;
  absl::Status read = ReadAllPages<quiz::v1::ListUsersResponse>(
      [&](const std::string& token) {
        request.set_page_token(token);
        return context.Api().ListUsers(request);
      },
      [&](const quiz::v1::ListUsersResponse& page) {
        all.mutable_users()->MergeFrom(page.users());
      });
  if (!read.ok()) return read;
  if (context.flags().json) return PrintJson(all, context.out());
  if (all.users().empty()) {
    context.out() << "No users match.\n";
    return absl::OkStatus();
  }
  std::vector<std::vector<std::string>> rows;
  for (const quiz::v1::User& user : all.users()) {
    rows.push_back({user.username(), RoleName(user.role()), user.display_name(),
                    user.email(), user.external_id(),
                    user.disabled() ? "disabled" : "active"});
  }
  context.out() << RenderTable(
      {"USERNAME", "ROLE", "NAME", "EMAIL", "EXTERNAL ID", "STATUS"}, rows, {},
      TableWidth(context.env().env), /*elastic=*/{2, 3, 4});
  return absl::OkStatus();
}

// --- update, disable, enable ---

struct UpdateOptions {
  std::string username;
  UserFlags user;
};

absl::Status Update(Context& context, quiz::v1::UpdateUserRequest request,
                    const char* done_verb) {
  absl::StatusOr<quiz::v1::User> updated = context.Api().UpdateUser(request);
  if (!updated.ok()) return updated.status();
  context.out() << done_verb << " " << Describe(*updated) << "\n";
  return absl::OkStatus();
}

absl::Status RunUpdate(Context& context, const UpdateOptions& options) {
  quiz::v1::UpdateUserRequest request;
  request.set_name(UserName(options.username));
  quiz::v1::User& user = *request.mutable_user();
  const UserFlags& flags = options.user;
  if (flags.role_option->count() > 0) {
    absl::StatusOr<quiz::v1::Role> role = ParseRoleFlag(flags.role);
    if (!role.ok()) return role.status();
    user.set_role(*role);
    request.add_update_mask("role");
  }
  if (flags.display_name_option->count() > 0) {
    user.set_display_name(flags.display_name);
    request.add_update_mask("display_name");
  }
  if (flags.email_option->count() > 0) {
    user.set_email(flags.email);
    request.add_update_mask("email");
  }
  if (flags.external_id_option->count() > 0) {
    user.set_external_id(flags.external_id);
    request.add_update_mask("external_id");
  }
  if (request.update_mask().empty()) {
    return UsageError(
        "name a field to change: --role, --display-name, --email or "
        "--external-id (an empty value clears it)");
  }
  return Update(context, std::move(request), "Updated");
}

absl::Status RunSetDisabled(Context& context, const std::string& username,
                            bool disabled) {
  quiz::v1::UpdateUserRequest request;
  request.set_name(UserName(username));
  request.mutable_user()->set_disabled(disabled);
  request.add_update_mask("disabled");
  return Update(context, std::move(request),
                disabled ? "Disabled (tokens revoked):" : "Enabled");
}

// --- set-password, delete ---

struct PasswordOptions {
  std::string username;
  bool password_stdin = false;
};

absl::Status RunSetPassword(Context& context, const PasswordOptions& options) {
  absl::StatusOr<std::string> password =
      ReadNewPassword(context, options.username, options.password_stdin);
  if (!password.ok()) return password.status();
  quiz::v1::SetPasswordRequest request;
  request.set_name(UserName(options.username));
  request.set_password(*password);
  absl::StatusOr<quiz::v1::SetPasswordResponse> reply =
      context.Api().SetPassword(request);
  if (!reply.ok()) return reply.status();
  context.out() << "Set the password of " << Printable(request.name()) << "; "
                << reply->revoked_tokens() << " login token(s) revoked.\n";
  return absl::OkStatus();
}

struct DeleteOptions {
  std::string username;
  bool yes = false;
};

absl::Status RunDelete(Context& context, const DeleteOptions& options) {
  const std::string name = UserName(options.username);
  if (!options.yes) {
    return UsageError(absl::StrCat(
        "deleting ", Elide(name),
        " erases the account's name, email, external id, password and "
        "tokens (its attempts stay, anonymised); add --yes to do it"));
  }
  quiz::v1::DeleteUserRequest request;
  request.set_name(name);
  absl::StatusOr<quiz::v1::DeleteUserResponse> reply =
      context.Api().DeleteUser(request);
  if (!reply.ok()) return reply.status();
  context.out() << "Deleted " << Printable(name) << "; "
                << reply->revoked_tokens() << " login token(s) revoked, "
                << reply->kept_attempts() << " attempt(s) kept anonymised.\n";
  return absl::OkStatus();
}

}  // namespace

void AddAdminUsersCommands(CLI::App& admin, GlobalFlags& flags,
                           CommandList& commands) {
  CLI::App* users =
      admin.add_subcommand("users", "Create, import, change and delete users");
  users->require_subcommand(1);
  users->fallthrough();

  auto add = std::make_shared<AddOptions>();
  CLI::App* add_app = users->add_subcommand(
      "add", "Create a user (password asked, or --password-stdin)");
  add_app->add_option("username", add->username, "Login name")->required();
  AddUserFlags(*add_app, add->user, /*role_required=*/true);
  add_app->add_flag("--password-stdin", add->password_stdin,
                    "Read the password from the first line of stdin");
  add_app->add_flag("--no-password", add->no_password,
                    "Create the account without a password (it cannot log "
                    "in until set-password)");
  commands.push_back(
      {add_app, [add](Context& context) { return RunAdd(context, *add); }});

  auto import = std::make_shared<ImportOptions>();
  CLI::App* import_app = users->add_subcommand(
      "import",
      "Create or update users from a CSV file whose header row names its "
      "columns: username, role, display_name, email, external_id, "
      "password");
  import_app->add_option("file", import->file, "Roster CSV file")->required();
  import_app->add_flag("--skip-bad", import->skip_bad,
                       "Import the good lines when some are bad");
  import_app->add_flag("--dry-run", import->dry_run,
                       "Check every line and say what would change");
  import_app->add_option("--match", import->match,
                         "Match rows to users by username (default) or "
                         "external_id");
  commands.push_back({import_app, [import](Context& context) {
                        return RunImport(context, *import);
                      }});

  auto list = std::make_shared<ListOptions>();
  CLI::App* list_app = users->add_subcommand("list", "List users");
  list_app->add_option("--role", list->role, "Only this role");
  list_app->add_flag("--disabled", list->disabled, "Only disabled users");
  list_app->add_flag("--json", flags.json, "Print JSON");
  commands.push_back(
      {list_app, [list](Context& context) { return RunList(context, *list); }});

  auto update = std::make_shared<UpdateOptions>();
  CLI::App* update_app = users->add_subcommand(
      "update", "Change a user's role, name, email or external id");
  update_app->add_option("username", update->username, "Login name")
      ->required();
  AddUserFlags(*update_app, update->user, /*role_required=*/false);
  commands.push_back({update_app, [update](Context& context) {
                        return RunUpdate(context, *update);
                      }});

  for (const bool disabled : {true, false}) {
    auto username = std::make_shared<std::string>();
    CLI::App* app = users->add_subcommand(
        disabled ? "disable" : "enable",
        disabled ? "Stop a user logging in and revoke their tokens"
                 : "Let a disabled user log in again");
    app->add_option("username", *username, "Login name")->required();
    commands.push_back({app, [username, disabled](Context& context) {
                          return RunSetDisabled(context, *username, disabled);
                        }});
  }

  auto password = std::make_shared<PasswordOptions>();
  CLI::App* password_app = users->add_subcommand(
      "set-password", "Set a user's password and revoke their tokens");
  password_app->add_option("username", password->username, "Login name")
      ->required();
  password_app->add_flag("--password-stdin", password->password_stdin,
                         "Read the password from the first line of stdin");
  commands.push_back({password_app, [password](Context& context) {
                        return RunSetPassword(context, *password);
                      }});

  auto remove = std::make_shared<DeleteOptions>();
  CLI::App* delete_app = users->add_subcommand(
      "delete", "Delete a user (their attempts stay, anonymised)");
  delete_app->add_option("username", remove->username, "Login name")
      ->required();
  delete_app->add_flag("--yes", remove->yes, "Really delete");
  commands.push_back({delete_app, [remove](Context& context) {
                        return RunDelete(context, *remove);
                      }});
}

}  // namespace client
