// Reading a number as a student types it.
#ifndef QUIZD_QUESTION_BANK_TYPED_AMOUNT_H_
#define QUIZD_QUESTION_BANK_TYPED_AMOUNT_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace typed {

// Reads "64", "64.00", "$64", "-$5", "1,234.5" or ".5", optionally followed by
// `unit` (any case, with or without a space: "64 USD"). A "$" is accepted when
// `unit` is empty, "USD" or "$". Commas must group thousands. INVALID_ARGUMENT
// saying why for anything else, e.g. "12,34", "64 apples", "1e5", "".
absl::StatusOr<double> ParseAmount(absl::string_view text,
                                   absl::string_view unit);

}  // namespace typed

#endif  // QUIZD_QUESTION_BANK_TYPED_AMOUNT_H_
