// push, versions, export, regrade: publishing banks through the server.
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/bank_commands.h"
#include "client/errors.h"
#include "client/format.h"
#include "client/tables.h"
#include "question_bank/src/bank_file.h"
#include "question_bank/src/gift_export.h"

namespace client {
namespace {

std::string BankName(const std::string& bank) {
  return absl::StartsWith(bank, "banks/") ? bank : "banks/" + bank;
}

struct PushFlags {
  std::vector<std::string> files;
  bool dry_run = false;
  bool yes = false;
};

// "a, b, c" for up to kShown ids, then "and N more".
std::string IdList(const google::protobuf::RepeatedPtrField<std::string>& ids) {
  constexpr int kShown = 8;
  std::vector<std::string> shown;
  for (int i = 0; i < ids.size() && i < kShown; ++i) {
    shown.push_back(ids[i]);
  }
  std::string text = absl::StrJoin(shown, ", ");
  if (ids.size() > kShown)
    absl::StrAppend(&text, " and ", ids.size() - kShown, " more");
  return text;
}

// What a push changes, a line per kind of change that has any.
void PrintChanges(std::ostream& out, const std::string& path,
                  const std::string& bank_id,
                  const quiz::v1::BankChanges& changes) {
  if (changes.base_version() == 0) {
    out << path << ": " << bank_id << " is a new bank\n";
    return;
  }
  out << path << ": changes against " << bank_id << " version "
      << changes.base_version() << ":\n";
  const std::pair<const char*,
                  const google::protobuf::RepeatedPtrField<std::string>*>
      kinds[] = {{"items added", &changes.items_added()},
                 {"items removed", &changes.items_removed()},
                 {"items changed", &changes.items_changed()},
                 {"keys changed", &changes.keys_changed()},
                 {"quizzes added", &changes.quizzes_added()},
                 {"quizzes removed", &changes.quizzes_removed()},
                 {"quizzes changed", &changes.quizzes_changed()}};
  bool any = false;
  for (const auto& [what, ids] : kinds) {
    if (ids->empty()) continue;
    any = true;
    out << "  " << what << " (" << ids->size() << "): " << IdList(*ids) << "\n";
  }
  if (!any) out << "  none\n";
}

// Whether the quizzes `changes` removes may go: a "y" typed at the
// terminal. Without a terminal, a usage error naming them and --yes.
absl::StatusOr<bool> MayRemoveQuizzes(Context& context, const PushFlags& flags,
                                      const quiz::v1::BankChanges& changes) {
  if (changes.quizzes_removed().empty() || flags.yes) return true;
  const std::string listed = IdList(changes.quizzes_removed());
  if (!context.env().stdin_is_terminal) {
    return UsageError(absl::StrCat(
        "this push removes quizzes ", listed,
        " (an instructor may have added them); pass --yes to remove them"));
  }
  *context.env().err << "Remove quizzes " << listed << "? [y/N] ";
  absl::StatusOr<std::string> answer =
      ReadLine(*context.env().in, "the answer");
  return answer.ok() && (*answer == "y" || *answer == "Y" || *answer == "yes");
}

// Checks each file locally first (with positions), then sends it; the server
// checks again (code sets included) and says what the push changed. A push
// that would drop quizzes is refused by the server unless allowed: then the
// changes are shown and the user asked (or --yes given) before it is sent
// again. Banks travel in chunks (UploadBankVersion), so any size the server
// takes can be pushed; a bank is sent once unless quizzes are dropped.
absl::Status RunPush(Context& context, const PushFlags& flags) {
  for (const std::string& path : flags.files) {
    question_bank::ParsedBank parsed = question_bank::ParseBankFile(path);
    for (const question_bank::Diagnostic& diagnostic : parsed.diagnostics) {
      *context.env().err << diagnostic.ToString() << "\n";
    }
    if (!parsed.ok()) {
      return UsageError(absl::StrCat(path, " has errors; nothing was pushed"));
    }
    const std::string bank_id = parsed.bank.id();
    absl::StatusOr<quiz::v1::CreateBankVersionResponse> reply =
        context.Api().UploadBankVersion(
            parsed.bank, flags.dry_run,
            /*allow_quiz_removal=*/flags.yes || flags.dry_run);
    if (absl::IsFailedPrecondition(reply.status())) {
      // It drops quizzes: show everything it changes, then ask.
      absl::StatusOr<quiz::v1::CreateBankVersionResponse> preview =
          context.Api().UploadBankVersion(parsed.bank, /*validate_only=*/true,
                                          /*allow_quiz_removal=*/true);
      if (!preview.ok()) return preview.status();
      PrintChanges(context.human(), path, bank_id, preview->changes());
      absl::StatusOr<bool> allowed =
          MayRemoveQuizzes(context, flags, preview->changes());
      if (!allowed.ok()) return allowed.status();
      if (!*allowed) {
        return UsageError(absl::StrCat(path, ": nothing was pushed"));
      }
      reply = context.Api().UploadBankVersion(parsed.bank,
                                              /*validate_only=*/false,
                                              /*allow_quiz_removal=*/true);
    } else if (reply.ok()) {
      PrintChanges(context.human(), path, bank_id, reply->changes());
    }
    if (!reply.ok()) return reply.status();
    if (context.flags().json) {
      if (absl::Status s = PrintJson(*reply, context.out()); !s.ok()) return s;
      continue;
    }
    const quiz::v1::BankSummary& bank = reply->bank();
    if (flags.dry_run) {
      context.out() << path << ": valid; nothing was stored\n";
    } else if (reply->unchanged()) {
      context.out() << path << ": " << bank.name()
                    << " is unchanged; it stays at version " << bank.version()
                    << "\n";
    } else {
      context.out() << path << ": stored " << bank.name() << " version "
                    << bank.version() << " (" << bank.item_count() << " items, "
                    << bank.quiz_count() << " quizzes)\n";
    }
  }
  return absl::OkStatus();
}

absl::Status RunVersions(Context& context, const std::string& bank) {
  quiz::v1::ListBankVersionsResponse all;
  absl::Status listed = ReadAllPages<quiz::v1::ListBankVersionsResponse>(
      [&](const std::string& token) {
        quiz::v1::ListBankVersionsRequest request;
        request.set_bank(BankName(bank));
        request.set_page_size(context.env().list_page_size);
        request.set_page_token(token);
        return context.Api().ListBankVersions(request);
      },
      [&](const quiz::v1::ListBankVersionsResponse& page) {
        all.mutable_versions()->MergeFrom(page.versions());
      });
  if (!listed.ok()) return listed;
  if (context.flags().json) return PrintJson(all, context.out());
  std::vector<std::vector<std::string>> rows;
  for (const quiz::v1::BankSummary& version : all.versions()) {
    rows.push_back({absl::StrCat(version.version()),
                    FormatTimestamp(version.create_time(), context.env().zone),
                    version.created_by(), absl::StrCat(version.item_count()),
                    absl::StrCat(version.quiz_count())});
  }
  context.out() << RenderTable({"VERSION", "STORED", "BY", "ITEMS", "QUIZZES"},
                               rows, {0, 3, 4});
  return absl::OkStatus();
}

struct ExportFlags {
  std::string bank;
  int64_t version = 0;
  std::string format = "yaml";
  std::string output;
};

absl::Status RunExport(Context& context, const ExportFlags& flags) {
  quiz::v1::ExportBankRequest request;
  request.set_name(BankName(flags.bank));
  request.set_version(flags.version);
  absl::StatusOr<quiz::v1::Bank> bank = context.Api().ExportBank(request);
  if (!bank.ok()) return bank.status();
  const int64_t version = bank->version();
  bank->clear_version();  // a file holds content; the server numbers versions
  std::string text;
  if (flags.format == "gift") {
    std::vector<question_bank::Diagnostic> diagnostics;
    absl::StatusOr<std::string> gift =
        question_bank::ExportGift(*bank, &diagnostics);
    for (const question_bank::Diagnostic& diagnostic : diagnostics) {
      *context.env().err << diagnostic.ToString() << "\n";
    }
    if (!gift.ok()) return gift.status();
    text = absl::StrCat("// ", request.name(), " version ", version,
                        ", exported by quiz bank export\n", *gift);
  } else {
    text = absl::StrCat("# ", request.name(), " version ", version,
                        ", exported by quiz bank export\n",
                        question_bank::BankToYaml(*bank));
  }
  if (flags.output.empty() || flags.output == "-") {
    context.out() << text;
    return absl::OkStatus();
  }
  std::ofstream file(flags.output, std::ios::binary | std::ios::trunc);
  file << text;
  file.close();
  if (!file) {
    return absl::UnavailableError(absl::StrCat("cannot write ", flags.output));
  }
  *context.env().err << "Wrote " << request.name() << " version " << version
                     << " to " << flags.output << "\n";
  return absl::OkStatus();
}

struct RegradeFlags {
  std::string quiz;
  int64_t to_version = 0;
  bool dry_run = false;
};

absl::Status RunRegrade(Context& context, const RegradeFlags& flags) {
  quiz::v1::RegradeRequest request;
  request.set_quiz(absl::StartsWith(flags.quiz, "quizzes/")
                       ? flags.quiz
                       : "quizzes/" + flags.quiz);
  request.set_to_version(flags.to_version);
  request.set_dry_run(flags.dry_run);
  absl::StatusOr<quiz::v1::RegradeResponse> reply =
      context.Api().Regrade(request);
  if (!reply.ok()) return reply.status();
  if (context.flags().json) return PrintJson(*reply, context.out());
  std::ostream& out = context.out();
  out << (reply->dry_run() ? "Dry run: would regrade " : "Regraded ")
      << reply->attempts_regraded() << " of " << reply->attempts_examined()
      << " finished attempts onto version " << reply->to_version() << "; "
      << reply->scores_changed() << " scores changed, "
      << reply->attempts_skipped() << " skipped.\n";
  if (reply->changed_items_size() > 0) {
    out << "Changed items: " << absl::StrJoin(reply->changed_items(), ", ")
        << "\n";
  }
  std::vector<std::vector<std::string>> rows;
  for (const quiz::v1::RegradedAttempt& attempt : reply->attempts()) {
    std::string note = attempt.skipped_reason();
    if (note.empty()) {
      note = attempt.old_passed() == attempt.new_passed()
                 ? (attempt.new_passed() ? "pass" : "fail")
                 : (attempt.new_passed() ? "fail -> PASS" : "pass -> FAIL");
    }
    rows.push_back({ResourceId(attempt.attempt()), ResourceId(attempt.user()),
                    absl::StrCat(attempt.from_version()),
                    FormatPercent(attempt.old_percent()),
                    FormatPercent(attempt.new_percent()), note});
  }
  if (!rows.empty()) {
    out << RenderTable({"ATTEMPT", "USER", "FROM", "OLD", "NEW", "RESULT"},
                       rows, {2, 3, 4});
  }
  return absl::OkStatus();
}

}  // namespace

void AddBankVersionCommands(CLI::App& bank, GlobalFlags& flags,
                            CommandList& commands) {
  auto push = std::make_shared<PushFlags>();
  CLI::App* push_app = bank.add_subcommand(
      "push", "Check bank files and store each as a new version");
  push_app->add_option("files", push->files, "Bank YAML files")->required();
  push_app->add_flag("--dry-run", push->dry_run,
                     "Check on the server and show the changes; store nothing");
  push_app->add_flag("--yes,-y", push->yes,
                     "Remove the quizzes the push drops without asking");
  push_app->add_flag("--json", flags.json, "Print the replies as JSON");
  commands.push_back(
      {push_app, [push](Context& c) { return RunPush(c, *push); }});

  auto versions_bank = std::make_shared<std::string>();
  CLI::App* versions = bank.add_subcommand(
      "versions", "List a bank's versions, who stored them and when");
  versions->add_option("bank", *versions_bank, "Bank id")->required();
  versions->add_flag("--json", flags.json, "Print JSON");
  commands.push_back({versions, [versions_bank](Context& c) {
                        return RunVersions(c, *versions_bank);
                      }});

  auto export_flags = std::make_shared<ExportFlags>();
  CLI::App* export_app = bank.add_subcommand(
      "export", "Write a stored bank version as a file that pushes back");
  export_app->add_option("bank", export_flags->bank, "Bank id")->required();
  export_app->add_option("--version", export_flags->version,
                         "Version (default: the latest)");
  export_app
      ->add_option("--format", export_flags->format,
                   "yaml (default), or gift for Moodle: items GIFT cannot "
                   "express are skipped with a warning each")
      ->check(CLI::IsMember({"yaml", "gift"}));
  export_app->add_option("-o,--output", export_flags->output,
                         "File to write (default: stdout)");
  commands.push_back({export_app, [export_flags](Context& c) {
                        return RunExport(c, *export_flags);
                      }});

  auto regrade = std::make_shared<RegradeFlags>();
  CLI::App* regrade_app = bank.add_subcommand(
      "regrade", "Regrade a quiz's finished attempts onto a fixed version");
  regrade_app->add_option("quiz", regrade->quiz, "Quiz id")->required();
  regrade_app->add_option("--to-version", regrade->to_version,
                          "Bank version (default: the latest)");
  regrade_app->add_flag("--dry-run", regrade->dry_run,
                        "Report what would change; write nothing");
  regrade_app->add_flag("--json", flags.json, "Print JSON");
  commands.push_back(
      {regrade_app, [regrade](Context& c) { return RunRegrade(c, *regrade); }});
}

}  // namespace client
