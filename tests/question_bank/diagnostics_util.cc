#include "tests/question_bank/diagnostics_util.h"

namespace question_bank {

std::string AllDiagnostics(const ParsedBank& parsed) {
  std::string text;
  for (const Diagnostic& d : parsed.diagnostics) text += d.ToString() + "\n";
  return text;
}

}  // namespace question_bank
