// Fuzz target for the GIFT importer (question_bank/src/gift_import.h), which
// reads files an instructor got from anywhere (`quiz bank import-gift`).
//
// Invariants: every diagnostic names the file and a line, in file order;
// an import without errors exports back to GIFT (gift_export.h) and that
// export imports, without errors, to the same topics and items.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "fuzz/fuzz_check.h"
#include "google/protobuf/util/message_differencer.h"
#include "question_bank/src/bank_file.h"
#include "question_bank/src/gift_export.h"
#include "question_bank/src/gift_import.h"

namespace {

constexpr char kFile[] = "fuzz.gift";

std::string Listed(const std::vector<question_bank::Diagnostic>& diagnostics) {
  std::vector<std::string> lines;
  for (const auto& diagnostic : diagnostics) {
    lines.push_back(diagnostic.ToString());
  }
  return absl::StrJoin(lines, "\n  ");
}

void CheckDiagnostics(const question_bank::ParsedBank& parsed) {
  int line = 0;
  int column = 0;
  for (const question_bank::Diagnostic& diagnostic : parsed.diagnostics) {
    FUZZ_CHECK(diagnostic.file == kFile && diagnostic.line >= 1 &&
                   diagnostic.column >= 1 && !diagnostic.message.empty(),
               diagnostic.ToString());
    FUZZ_CHECK(
        diagnostic.line > line ||
            (diagnostic.line == line && diagnostic.column >= column),
        absl::StrCat("out of file order:\n  ", Listed(parsed.diagnostics)));
    line = diagnostic.line;
    column = diagnostic.column;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const question_bank::ParsedBank imported =
      question_bank::ImportGift(text, kFile);
  CheckDiagnostics(imported);
  if (!imported.ok() || imported.bank.items_size() == 0) return 0;

  std::vector<question_bank::Diagnostic> lost;
  const absl::StatusOr<std::string> exported =
      question_bank::ExportGift(imported.bank, &lost);
  FUZZ_CHECK(exported.ok(), exported.status().ToString());
  const question_bank::ParsedBank again =
      question_bank::ImportGift(*exported, kFile);
  FUZZ_CHECK(again.ok(),
             absl::StrCat("the export does not import:\n  ",
                          Listed(again.diagnostics), "\n", *exported));
  google::protobuf::util::MessageDifferencer differ;
  std::string difference;
  differ.ReportDifferencesToString(&difference);
  quiz::v1::Bank expected = imported.bank;
  quiz::v1::Bank actual = again.bank;
  FUZZ_CHECK(differ.Compare(expected, actual),
             absl::StrCat("the export imports differently:\n", difference,
                          "export:\n", *exported));
  return 0;
}
