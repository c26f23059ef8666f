// Fuzz target for the GIFT importer (question_bank/src/gift_import.h), which
// reads files an instructor got from anywhere (`quiz bank import-gift`).
//
// Invariants: every diagnostic names the file and a line, in file order;
// CRLF line endings change nothing but byte offsets in messages;
// an import without errors exports back to GIFT (gift_export.h) and that
// export imports, without errors, to the same items (but those the export
// says it skips) and topic ids.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
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

// Topic id -> title, where the export keeps the title (gift_export.cc's
// CategoryName: no '/' and it slugs to the id), else empty.
std::map<std::string, std::string> TopicTitles(const quiz::v1::Bank& bank) {
  std::map<std::string, std::string> titles;
  for (const quiz::v1::Topic& topic : bank.topics()) {
    const bool kept = topic.title().find('/') == std::string::npos &&
                      question_bank::GiftSlug(topic.title()) == topic.id();
    titles[topic.id()] = kept ? topic.title() : "";
  }
  return titles;
}

// The same file saved with CRLF line endings imports to the same bank, with
// diagnostics at the same places (messages may differ: byte offsets).
void CheckSameWithCrlf(std::string_view text,
                       const question_bank::ParsedBank& imported) {
  const question_bank::ParsedBank crlf = question_bank::ImportGift(
      absl::StrReplaceAll(absl::string_view(text.data(), text.size()),
                          {{"\n", "\r\n"}}),
      kFile);
  FUZZ_CHECK(google::protobuf::util::MessageDifferencer::Equals(imported.bank,
                                                                crlf.bank),
             "CRLF line endings import differently");
  FUZZ_CHECK(crlf.diagnostics.size() == imported.diagnostics.size(),
             absl::StrCat("with LF:\n  ", Listed(imported.diagnostics),
                          "\nwith CRLF:\n  ", Listed(crlf.diagnostics)));
  for (size_t i = 0; i < crlf.diagnostics.size(); ++i) {
    const question_bank::Diagnostic& a = imported.diagnostics[i];
    const question_bank::Diagnostic& b = crlf.diagnostics[i];
    FUZZ_CHECK(
        a.severity == b.severity && a.line == b.line && a.column == b.column,
        absl::StrCat(a.ToString(), "\nwith CRLF: ", b.ToString()));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const question_bank::ParsedBank imported =
      question_bank::ImportGift(text, kFile);
  CheckDiagnostics(imported);
  if (text.find('\r') == std::string_view::npos) {
    CheckSameWithCrlf(text, imported);
  }
  if (!imported.ok() || imported.bank.items_size() == 0) return 0;

  // Some texts GIFT cannot write back (an accepted answer with "->", say);
  // the export skips those items with a warning each, and fails when it
  // skips them all. Every item it writes must import as it was.
  std::vector<question_bank::Diagnostic> lost;
  const absl::StatusOr<std::string> exported =
      question_bank::ExportGift(imported.bank, &lost);
  int skipped = 0;
  for (const question_bank::Diagnostic& diagnostic : lost) {
    if (absl::EndsWith(diagnostic.message, "; skipped")) ++skipped;
  }
  if (!exported.ok()) {
    FUZZ_CHECK(skipped == imported.bank.items_size(),
               exported.status().ToString());
    return 0;
  }
  const question_bank::ParsedBank again =
      question_bank::ImportGift(*exported, kFile);
  FUZZ_CHECK(again.ok(),
             absl::StrCat("the export does not import:\n  ",
                          Listed(again.diagnostics), "\n", *exported));
  FUZZ_CHECK(again.bank.items_size() + skipped == imported.bank.items_size(),
             absl::StrCat(imported.bank.items_size(), " items, ", skipped,
                          " skipped, ", again.bank.items_size(),
                          " imported back:\n", *exported));
  std::map<std::string, const quiz::v1::Item*> by_id;
  for (const quiz::v1::Item& item : imported.bank.items()) {
    by_id[item.id()] = &item;
  }
  google::protobuf::util::MessageDifferencer differ;
  std::string difference;
  differ.ReportDifferencesToString(&difference);
  for (const quiz::v1::Item& item : again.bank.items()) {
    auto found = by_id.find(item.id());
    FUZZ_CHECK(found != by_id.end(),
               absl::StrCat("item ", item.id(), " is new:\n", *exported));
    FUZZ_CHECK(differ.Compare(*found->second, item),
               absl::StrCat("item ", item.id(), " imports differently:\n",
                            difference, "export:\n", *exported));
  }
  // Topic order and the titles of topics whose title does not slug to their
  // id are not kept by design (gift_export.h): topics are compared by id.
  const auto titles = TopicTitles(imported.bank);
  const auto titles_again = TopicTitles(again.bank);
  bool same = titles.size() == titles_again.size();
  for (const auto& [id, title] : titles) {
    auto found = titles_again.find(id);
    same = same && found != titles_again.end() &&
           (title.empty() || found->second == title);
  }
  FUZZ_CHECK(same,
             absl::StrCat(
                 "topics import differently: ",
                 absl::StrJoin(titles, ", ", absl::PairFormatter("=")), " -> ",
                 absl::StrJoin(titles_again, ", ", absl::PairFormatter("=")),
                 "\n", *exported));
  return 0;
}
