// Fuzz target for the typed code readers (question_bank/typed/code_list.h and
// code_format.h): how a student's "E11.9, I10" or "99213-25 J1885 x4" is read.
// The first byte picks the code system (unspecified, ICD-10-CM, CPT, HCPCS);
// the rest is the typed text.
//
// Invariants: entries are non-empty and hold no separator; a canonical code is
// its own canonical form; a well-formed entry has a well-formed code (also as
// displayed), well-formed modifiers and units in range, and none of either
// for ICD-10-CM; each entry typed alone reads the same; the well-formed
// entries written canonically ("E11.9", "99213-25 x2") read back the same.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "fuzz/fuzz_check.h"
#include "question_bank/typed/code_format.h"
#include "question_bank/typed/code_list.h"
#include "quiz/v1/bank.pb.h"

namespace {

constexpr quiz::v1::CodeSystem kSystems[] = {
    quiz::v1::CODE_SYSTEM_UNSPECIFIED, quiz::v1::CODE_SYSTEM_ICD10CM,
    quiz::v1::CODE_SYSTEM_CPT, quiz::v1::CODE_SYSTEM_HCPCS};

std::string Canonically(quiz::v1::CodeSystem system,
                        const typed::EnteredCode& entry) {
  std::string text = typed::DisplayCode(system, entry.code);
  for (const std::string& modifier : entry.modifiers) {
    absl::StrAppend(&text, "-", modifier);
  }
  if (entry.units > 0) absl::StrAppend(&text, " x", entry.units);
  return text;
}

bool SameEntry(const typed::EnteredCode& a, const typed::EnteredCode& b) {
  return a.code == b.code && a.modifiers == b.modifiers && a.units == b.units &&
         a.well_formed == b.well_formed;
}

std::string Describe(const typed::EnteredCode& entry) {
  return absl::StrCat("typed \"", entry.typed, "\" code \"", entry.code,
                      "\" modifiers [", absl::StrJoin(entry.modifiers, ","),
                      "] units ", entry.units,
                      entry.well_formed ? " well-formed" : " malformed");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const quiz::v1::CodeSystem system = kSystems[data[0] % std::size(kSystems)];
  const absl::string_view text(reinterpret_cast<const char*>(data) + 1,
                               size - 1);

  const std::string canonical = typed::CanonicalCode(text);
  FUZZ_CHECK(typed::CanonicalCode(canonical) == canonical,
             absl::StrCat("\"", canonical, "\" is not canonical"));
  if (typed::IsWellFormedCode(system, text)) {
    FUZZ_CHECK(
        typed::IsWellFormedCode(system, typed::DisplayCode(system, canonical)),
        absl::StrCat("\"", canonical, "\" lost its shape"));
  }

  const std::vector<typed::EnteredCode> entries =
      typed::ParseCodeList(system, text);
  std::vector<std::string> typed_entries;
  std::vector<std::string> canonical_entries;
  std::vector<const typed::EnteredCode*> well_formed;
  for (const typed::EnteredCode& entry : entries) {
    FUZZ_CHECK(!entry.typed.empty() &&
                   entry.typed.find_first_of(",; \t\r\n") == std::string::npos,
               Describe(entry));
    FUZZ_CHECK(typed::CanonicalCode(entry.code) == entry.code, Describe(entry));
    typed_entries.push_back(entry.typed);
    if (!entry.well_formed) continue;
    FUZZ_CHECK(typed::IsWellFormedCode(system, entry.code) &&
                   typed::IsWellFormedCode(
                       system, typed::DisplayCode(system, entry.code)),
               Describe(entry));
    for (const std::string& modifier : entry.modifiers) {
      FUZZ_CHECK(typed::IsWellFormedModifier(modifier), Describe(entry));
    }
    FUZZ_CHECK(entry.units >= 0 && entry.units <= 9999, Describe(entry));
    if (system == quiz::v1::CODE_SYSTEM_ICD10CM) {
      FUZZ_CHECK(entry.modifiers.empty() && entry.units == 0, Describe(entry));
    }
    well_formed.push_back(&entry);
    canonical_entries.push_back(Canonically(system, entry));
  }

  // Each entry on a line of its own reads as it did in the list.
  const std::vector<typed::EnteredCode> retyped =
      typed::ParseCodeList(system, absl::StrJoin(typed_entries, "\n"));
  FUZZ_CHECK(
      retyped.size() == entries.size(),
      absl::StrCat(entries.size(), " entries, retyped ", retyped.size()));
  for (size_t i = 0; i < entries.size(); ++i) {
    FUZZ_CHECK(SameEntry(entries[i], retyped[i]),
               absl::StrCat(Describe(entries[i]), " retyped as ",
                            Describe(retyped[i])));
  }

  // The canonical writing of the well-formed entries reads back the same.
  const std::vector<typed::EnteredCode> reread =
      typed::ParseCodeList(system, absl::StrJoin(canonical_entries, ", "));
  FUZZ_CHECK(reread.size() == well_formed.size(),
             absl::StrCat(absl::StrJoin(canonical_entries, ", "), " reads as ",
                          reread.size(), " entries"));
  for (size_t i = 0; i < reread.size(); ++i) {
    FUZZ_CHECK(SameEntry(*well_formed[i], reread[i]),
               absl::StrCat(Describe(*well_formed[i]), " reread as ",
                            Describe(reread[i])));
  }
  return 0;
}
