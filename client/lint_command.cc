// `quiz bank lint FILE... [--codesets DIR]`: checks bank files offline, with
// no server and no login, and prints every finding as
// `file:line:col: error|warning: message`, then a summary line.
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "client/bank_commands.h"
#include "client/errors.h"
#include "question_bank/src/bank_lint.h"
#include "question_bank/src/codesets.h"

namespace client {
namespace {

struct LintFlags {
  std::vector<std::string> files;
  std::string codesets;
};

// Findings and the summary go to stdout, so they can be piped; the run fails
// (exit 1) when there is any error, while warnings alone pass.
absl::Status RunLint(Context& context, const LintFlags& flags) {
  std::unique_ptr<question_bank::CodeSets> code_sets;
  if (!flags.codesets.empty()) {
    absl::StatusOr<question_bank::CodeSets> loaded =
        question_bank::LoadCodeSets(flags.codesets);
    if (!loaded.ok()) {
      return UsageError(absl::StrCat("--codesets ", flags.codesets, ": ",
                                     loaded.status().message()));
    }
    code_sets = std::make_unique<question_bank::CodeSets>(*std::move(loaded));
  }
  const question_bank::LintResult result =
      question_bank::LintBankFiles(flags.files, code_sets.get());
  for (const question_bank::Diagnostic& diagnostic : result.diagnostics) {
    context.out() << diagnostic.ToString() << "\n";
  }
  context.out() << result.Summary() << "\n";
  if (result.errors == 0) return absl::OkStatus();
  return absl::FailedPreconditionError(
      absl::StrCat("bank lint found ", result.errors,
                   result.errors == 1 ? " error" : " errors"));
}

}  // namespace

void AddLintCommand(CLI::App& bank, GlobalFlags& flags, CommandList& commands) {
  auto lint_flags = std::make_shared<LintFlags>();
  CLI::App* lint = bank.add_subcommand(
      "lint", "Check bank files offline (structure, keys, code sets)");
  lint->add_option("files", lint_flags->files, "Bank YAML files")->required();
  lint->add_option("--codesets", lint_flags->codesets,
                   "Also check keyed ICD-10-CM and HCPCS codes against the "
                   "code-set files in DIR (e.g. ../shared/codesets)");
  lint->footer(
      "Prints file:line:col: error|warning: message per finding and a "
      "summary.\nExit status: 0 when there are no errors (warnings allowed), "
      "1 when there are, 2 for bad arguments.");
  commands.push_back(
      {lint,
       [lint_flags](Context& context) { return RunLint(context, *lint_flags); },
       /*offline=*/true});
}

}  // namespace client
