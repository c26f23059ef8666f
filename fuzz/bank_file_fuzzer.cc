// Fuzz target for the bank loader: ParseBank (question_bank/src/bank_file.h),
// what `quiz bank lint`, `quiz bank push` and quizd's start run on every bank
// file (YAML -> quiz.v1.Bank, then the checker).
//
// Invariants: every diagnostic names the file and a line of the text; an empty
// file is an error at 1:1; a bank without errors has an id (the checks ran) and
// writes back to YAML (BankToYaml) that loads, without errors, to an equal
// Bank.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "fuzz/fuzz_check.h"
#include "google/protobuf/util/message_differencer.h"
#include "question_bank/src/bank_file.h"

namespace {

constexpr char kFile[] = "fuzz.yaml";

std::string Listed(const std::vector<question_bank::Diagnostic>& diagnostics) {
  std::vector<std::string> lines;
  for (const auto& diagnostic : diagnostics) {
    lines.push_back(diagnostic.ToString());
  }
  return absl::StrJoin(lines, "\n  ");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const question_bank::ParsedBank parsed =
      question_bank::ParseBank(text, kFile);
  // Lines end at LF, as editors and every position quizd reports count them.
  const int lines =
      1 + static_cast<int>(std::count(text.begin(), text.end(), '\n'));
  for (const question_bank::Diagnostic& diagnostic : parsed.diagnostics) {
    FUZZ_CHECK(diagnostic.file == kFile && diagnostic.line >= 1 &&
                   diagnostic.line <= lines && !diagnostic.message.empty(),
               diagnostic.ToString());
  }
  if (size == 0) {
    FUZZ_CHECK(
        !parsed.ok() && parsed.diagnostics.front().line == 1 &&
            parsed.diagnostics.front().column == 1,
        "an empty file is not an error at 1:1: " + Listed(parsed.diagnostics));
  }
  if (!parsed.ok()) return 0;
  FUZZ_CHECK(!parsed.bank.id().empty(), "a bank without an id loads");

  const std::string yaml = question_bank::BankToYaml(parsed.bank);
  const question_bank::ParsedBank again = question_bank::ParseBank(yaml, kFile);
  FUZZ_CHECK(again.ok(), absl::StrCat("BankToYaml does not load:\n  ",
                                      Listed(again.diagnostics), "\n", yaml));
  google::protobuf::util::MessageDifferencer differ;
  std::string difference;
  differ.ReportDifferencesToString(&difference);
  FUZZ_CHECK(differ.Compare(parsed.bank, again.bank),
             absl::StrCat("BankToYaml loads differently:\n", difference,
                          "yaml:\n", yaml));
  return 0;
}
