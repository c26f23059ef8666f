// Reading a list of codes as a person types it: "E11.9, I10", "99213-25",
// "J1885 x4; 20610-RT". Used by the grader on responses and by anything that
// wants to echo a typed list back in canonical form.
#ifndef QUIZD_QUESTION_BANK_TYPED_CODE_LIST_H_
#define QUIZD_QUESTION_BANK_TYPED_CODE_LIST_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "quiz/v1/bank.pb.h"

namespace typed {

// One code of a typed list.
struct EnteredCode {
  // The entry as typed, trimmed, for messages ("e11.65").
  std::string typed;
  // Canonical form: upper-cased, dots removed ("E1165"). Empty when the entry
  // has no code part.
  std::string code;
  // Modifiers, upper-cased, in the order typed ("25", "RT").
  std::vector<std::string> modifiers;
  // Units typed after the code ("x4", "x 4"); 0 when none were given.
  int units = 0;
  // Whether `code` has the shape of a code of the list's system and every
  // modifier is two letters or digits. False also when modifiers or units are
  // given for ICD-10-CM, which takes neither.
  bool well_formed = false;
};

// Splits `text` into codes. Entries are separated by commas, semicolons,
// newlines or spaces; a modifier follows its code after "-" ("99213-25-59",
// "99213 -25") and units after "x" ("J1885x4", "J1885 x 4"). Never fails:
// anything that does not read as a code is an entry with well_formed = false.
std::vector<EnteredCode> ParseCodeList(quiz::v1::CodeSystem system,
                                       absl::string_view text);

// A canonical code as people read it: ICD-10-CM gets its dot back after the
// third character ("E1165" -> "E11.65"); other systems are unchanged.
std::string DisplayCode(quiz::v1::CodeSystem system, const std::string& code);

// "ICD-10-CM", "CPT", "HCPCS Level II".
std::string CodeSystemTitle(quiz::v1::CodeSystem system);

}  // namespace typed

#endif  // QUIZD_QUESTION_BANK_TYPED_CODE_LIST_H_
