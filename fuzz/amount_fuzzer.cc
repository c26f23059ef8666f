// Fuzz target for typed::ParseAmount, the reader of numeric answers ("$64",
// "1,234.50 USD"). The first byte picks the item's unit (see kUnits); the
// rest is the typed text.
//
// Invariants: an amount that reads is finite; reading ignores surrounding
// whitespace; the value written back in plain digits ("%.17g" without an
// exponent), with or without the unit, reads back to the same double.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "fuzz/fuzz_check.h"
#include "question_bank/typed/amount.h"

namespace {

constexpr absl::string_view kUnits[] = {"", "USD", "$", "%", "days", "mg"};

bool SameResult(const absl::StatusOr<double>& a,
                const absl::StatusOr<double>& b) {
  if (a.ok() != b.ok()) return false;
  return !a.ok() || *a == *b;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const absl::string_view unit = kUnits[data[0] % std::size(kUnits)];
  const absl::string_view text(reinterpret_cast<const char*>(data) + 1,
                               size - 1);

  const absl::StatusOr<double> amount = typed::ParseAmount(text, unit);
  FUZZ_CHECK(SameResult(amount, typed::ParseAmount(
                                    absl::StrCat("  ", text, "\t "), unit)),
             "surrounding whitespace changed the reading");
  if (!amount.ok()) {
    FUZZ_CHECK(!amount.status().message().empty(), "an error says nothing");
    return 0;
  }
  FUZZ_CHECK(std::isfinite(*amount), absl::StrCat("read ", *amount));

  const std::string digits = absl::StrFormat("%.17g", *amount);
  if (absl::StrContains(digits, 'e')) return 0;  // exponents are not read
  const absl::StatusOr<double> again = typed::ParseAmount(digits, "");
  FUZZ_CHECK(again.ok() && *again == *amount,
             absl::StrCat(digits, " does not read back"));
  if (!unit.empty()) {
    const absl::StatusOr<double> with_unit =
        typed::ParseAmount(absl::StrCat(digits, " ", unit), unit);
    FUZZ_CHECK(with_unit.ok() && *with_unit == *amount,
               absl::StrCat(digits, " ", unit, " does not read back"));
  }
  return 0;
}
