// A valid bank of any size, for the tests of banks above gRPC's 4 MiB
// message limit: `items` single-choice items of about 200 + `stem_bytes`
// bytes each in one topic, and one practice quiz drawing `drawn` of them
// (ten by default).
#ifndef QUIZD_TESTS_COMMON_BIG_BANK_H_
#define QUIZD_TESTS_COMMON_BIG_BANK_H_

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace quizd_test {

inline std::string BigBankYaml(const std::string& id, int items,
                               int stem_bytes = 400, int drawn = 10) {
  std::string yaml = absl::StrCat("id: ", id, "\ntitle: Big bank ", id,
                                  "\ntopics:\n  - {id: claims, title: Claims}\n"
                                  "items:\n");
  const std::string filler(stem_bytes, 'x');
  for (int i = 0; i < items; ++i) {
    absl::StrAppendFormat(
        &yaml,
        "  - id: big-%06d\n"
        "    topic: claims\n"
        "    stem: Item %d asks which form carries a professional claim. %s\n"
        "    rationale: The CMS-1500 is the professional claim form.\n"
        "    references: [{citation: \"CMS Claims Processing Manual\"}]\n"
        "    single_choice:\n"
        "      options:\n"
        "        - {id: a, text: CMS-1500, correct: true}\n"
        "        - {id: b, text: UB-04}\n",
        i, i, filler);
  }
  absl::StrAppend(&yaml, "quizzes:\n  - id: ", id,
                  "-practice\n    title: Big practice\n"
                  "    mode: QUIZ_MODE_PRACTICE\n"
                  "    selections: [{topic: claims, count: ",
                  drawn, "}]\n");
  return yaml;
}

}  // namespace quizd_test

#endif  // QUIZD_TESTS_COMMON_BIG_BANK_H_
