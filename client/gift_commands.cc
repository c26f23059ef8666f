// import-gift: a GIFT (Moodle) file to a bank YAML file, offline.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "client/bank_commands.h"
#include "client/errors.h"
#include "question_bank/src/bank_file.h"
#include "question_bank/src/gift_import.h"

namespace client {

absl::Status WriteFileAtomically(const std::string& path,
                                 const std::string& text) {
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) {
      const int error = errno;
      std::remove(temporary.c_str());
      return absl::InternalError(
          absl::StrCat("cannot write ", path, ": ", std::strerror(error)));
    }
  }
  std::error_code error;
  std::filesystem::rename(temporary, path, error);
  if (error) {
    std::remove(temporary.c_str());
    return absl::InternalError(
        absl::StrCat("cannot write ", path, ": ", error.message()));
  }
  return absl::OkStatus();
}

namespace {

struct ImportGiftFlags {
  std::string input;
  std::string output;
  std::string bank_id;
  std::string title;
};

// Prints every diagnostic as "file:line:col: error|warning: message" on
// stderr; on any error writes nothing and fails with a usage error (exit 2).
absl::Status RunImportGift(Context& context, const ImportGiftFlags& flags) {
  question_bank::GiftImportOptions options;
  options.bank_id = flags.bank_id;
  options.bank_title = flags.title;
  // Bank files are named after their bank, so the output names the bank.
  if (options.bank_id.empty()) {
    options.bank_id = question_bank::GiftSlug(
        std::filesystem::path(flags.output).stem().string());
  }
  question_bank::ParsedBank parsed =
      question_bank::ImportGiftFile(flags.input, options);
  int errors = 0;
  int warnings = 0;
  for (const question_bank::Diagnostic& diagnostic : parsed.diagnostics) {
    *context.env().err << diagnostic.ToString() << "\n";
    if (diagnostic.severity == question_bank::Diagnostic::Severity::kError) {
      ++errors;
    } else {
      ++warnings;
    }
  }
  if (errors > 0) {
    return UsageError(
        absl::StrCat(flags.input, ": ", errors, " error(s); nothing written"));
  }
  absl::Status written =
      WriteFileAtomically(flags.output, question_bank::BankToYaml(parsed.bank));
  if (!written.ok()) return written;
  context.human() << "Wrote " << flags.output << ": bank \"" << parsed.bank.id()
                  << "\", " << parsed.bank.items_size() << " item(s) in "
                  << parsed.bank.topics_size() << " topic(s), " << warnings
                  << " warning(s)\n";
  return absl::OkStatus();
}

}  // namespace

void AddGiftCommands(CLI::App& bank, GlobalFlags& flags,
                     CommandList& commands) {
  auto import_flags = std::make_shared<ImportGiftFlags>();
  CLI::App* import = bank.add_subcommand(
      "import-gift",
      "Convert a GIFT (Moodle) file to a bank YAML file (offline)");
  import->add_option("file", import_flags->input, "The GIFT file")->required();
  import->add_option("-o,--output", import_flags->output, "The YAML to write")
      ->required();
  import->add_option("--id", import_flags->bank_id,
                     "Bank id (default: from the output file name)");
  import->add_option("--title", import_flags->title,
                     "Bank title (default: \"Imported from FILE\")");
  import->footer(
      "Questions become items: multiple choice (with '=' one answer, with "
      "~%weights% select-all), true/false, short answer, numerical and "
      "matching; $CATEGORY lines become topics. Descriptions and essays are "
      "skipped with a warning. Diagnostics are printed as "
      "FILE:LINE:COL: error|warning: message; on any error nothing is "
      "written and the exit code is 2.");
  commands.push_back({import,
                      [import_flags](Context& context) {
                        return RunImportGift(context, *import_flags);
                      },
                      /*offline=*/true});
}

}  // namespace client
