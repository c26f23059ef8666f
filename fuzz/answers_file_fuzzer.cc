// Fuzz target for the client's answers-file reader (client/answers_file.h):
// `quiz take QUIZ --answers FILE`. The text is split into lines, then planned
// against a fixed attempt holding an item of every type, as the student sees
// it (no keys), so ResponseFromIds reads every kind of answer.
//
// Invariants: parsed lines have a non-empty item id without ":" and a
// non-empty one-line answer, in increasing line order; every error line says
// "FILE:LINE: ..." (or summarises the rest); a plan answers only top-level
// items of the attempt, once each, in file order.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "client/answers_file.h"
#include "fuzz/fuzz_check.h"
#include "google/protobuf/text_format.h"
#include "quiz/v1/attempt.pb.h"

namespace {

constexpr char kFile[] = "fuzz.answers";

// Every item type, the case item with a part of several types.
constexpr char kAttemptText[] = R"pb(
  name: "attempts/fuzz"
  items {
    item {
      id: "q-single"
      single_choice {
        options { id: "x" text: "X" }
        options { id: "y" text: "Y" }
      }
    }
  }
  items {
    item {
      id: "q-multi"
      multiple_choice {
        options { id: "a" text: "A" }
        options { id: "b" text: "B" }
        options { id: "c" text: "C" }
      }
    }
  }
  items {
    item {
      id: "q-tf"
      true_false {}
    }
  }
  items {
    item {
      id: "q-num"
      numeric { unit: "USD" }
    }
  }
  items {
    item {
      id: "q-pct"
      numeric { unit: "%" }
    }
  }
  items {
    item {
      id: "q-icd"
      code_entry { system: CODE_SYSTEM_ICD10CM }
    }
  }
  items {
    item {
      id: "q-cpt"
      code_entry { system: CODE_SYSTEM_CPT }
    }
  }
  items {
    item {
      id: "q-order"
      ordering {
        steps { id: "s1" text: "One" }
        steps { id: "s2" text: "Two" }
        steps { id: "s3" text: "Three" }
      }
    }
  }
  items {
    item {
      id: "q-match"
      matching {
        prompts { id: "p1" text: "CMS-1500" }
        prompts { id: "p2" text: "UB-04" }
        answers { id: "r1" text: "837I" }
        answers { id: "r2" text: "837P" }
        answers { id: "r3" text: "835" }
      }
    }
  }
  items {
    item {
      id: "q-text"
      short_text {}
    }
  }
  items {
    item {
      id: "q-likert"
      likert {}
    }
  }
  items {
    item {
      id: "q-scale"
      likert { scale: "Never" scale: "Sometimes" scale: "Often" }
    }
  }
  items {
    item {
      id: "q-case"
      case_item {
        scenario: "A follow-up visit."
        items {
          id: "c-dx"
          code_entry { system: CODE_SYSTEM_ICD10CM }
        }
        items {
          id: "c-hcpcs"
          code_entry { system: CODE_SYSTEM_HCPCS }
        }
        items {
          id: "c-tf"
          true_false {}
        }
        items {
          id: "c-amt"
          numeric { unit: "USD" }
        }
        items {
          id: "c-pick"
          single_choice {
            options { id: "m" text: "M" }
            options { id: "n" text: "N" }
          }
        }
      }
    }
  }
)pb";

const quiz::v1::Attempt& FuzzAttempt() {
  static const quiz::v1::Attempt* const attempt = [] {
    auto* parsed = new quiz::v1::Attempt;
    FUZZ_CHECK(
        google::protobuf::TextFormat::ParseFromString(kAttemptText, parsed),
        "kAttemptText does not parse");
    return parsed;
  }();
  return *attempt;
}

// Every line of an error names the file and line, or counts the rest.
void CheckErrorLines(const absl::Status& status) {
  FUZZ_CHECK(!status.message().empty(), "an error says nothing");
  for (absl::string_view line : absl::StrSplit(status.message(), '\n')) {
    FUZZ_CHECK(absl::StartsWith(line, absl::StrCat(kFile, ":")) ||
                   absl::StartsWith(line, "... and "),
               absl::StrCat("error line without a place: ", line));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view text(reinterpret_cast<const char*>(data), size);
  const absl::StatusOr<std::vector<client::AnswerLine>> lines =
      client::ParseAnswersText(text, kFile);
  if (!lines.ok()) {
    CheckErrorLines(lines.status());
    return 0;
  }
  int previous = 0;
  for (const client::AnswerLine& line : *lines) {
    FUZZ_CHECK(line.line > previous, absl::StrCat("line ", line.line));
    FUZZ_CHECK(!line.item_id.empty() && !line.answer.empty() &&
                   !absl::StrContains(line.item_id, ':') &&
                   !absl::StrContains(line.item_id, '\n') &&
                   !absl::StrContains(line.answer, '\n'),
               absl::StrCat("line ", line.line, ": \"", line.item_id, "\": \"",
                            line.answer, "\""));
    previous = line.line;
  }

  const quiz::v1::Attempt& attempt = FuzzAttempt();
  const absl::StatusOr<std::vector<client::PlannedResponse>> plan =
      client::PlanResponses(*lines, attempt, kFile);
  if (!plan.ok()) {
    CheckErrorLines(plan.status());
    return 0;
  }
  std::set<std::string> top_level;
  for (const quiz::v1::AttemptItem& item : attempt.items()) {
    top_level.insert(item.item().id());
  }
  std::set<std::string> planned;
  previous = 0;
  for (const client::PlannedResponse& response : *plan) {
    FUZZ_CHECK(top_level.count(response.item_id) == 1,
               absl::StrCat("planned an answer to ", response.item_id));
    FUZZ_CHECK(planned.insert(response.item_id).second,
               absl::StrCat("planned ", response.item_id, " twice"));
    FUZZ_CHECK(response.line > previous,
               absl::StrCat("out of file order: line ", response.line));
    previous = response.line;
  }
  return 0;
}
