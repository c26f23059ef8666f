// Code entry: typed codes against the expected ones, with the partial credit
// an author sets for near misses (CodeCredit) and feedback naming each one.
#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "question_bank/typed/code_format.h"
#include "question_bank/typed/code_list.h"
#include "question_bank/typed/shown_text.h"
#include "server/grading/graders.h"
#include "server/grading/outcome.h"

namespace grading {
namespace {

using quiz::v1::CodeSystem;
using quiz::v1::ExpectedCode;
using typed::EnteredCode;

// Malformed entries named in feedback one by one; the rest are counted.
constexpr int kMaxMalformedReported = 5;

// How an entered code relates to an expected one, best first.
enum class Match { kExact, kSeventhCharacter, kCategory, kNone };

// How `entered` (canonical) misses `expected` (canonical) as a 7th-character
// slip, or "" when it is not one. ICD-10-CM only.
std::string SeventhCharacterSlip(const std::string& expected,
                                 const std::string& entered) {
  if (expected.size() != 7) return "";
  const std::string stem = expected.substr(0, 6);
  if (entered == stem) return "is missing its 7th character";
  if (entered.size() == 7 && entered.compare(0, 6, stem) == 0) {
    return "has the wrong 7th character";
  }
  // The placeholder X left out, so the 7th character landed too early.
  std::string without_placeholders = expected.substr(0, 3);
  for (size_t i = 3; i < 6; ++i) {
    if (expected[i] != 'X') without_placeholders += expected[i];
  }
  without_placeholders += expected[6];
  if (without_placeholders != expected && entered == without_placeholders) {
    return "is missing the placeholder X, so its 7th character is out of "
           "place";
  }
  return "";
}

Match Compare(CodeSystem system, const std::string& expected,
              const std::string& entered) {
  if (entered == expected) return Match::kExact;
  if (system == quiz::v1::CODE_SYSTEM_ICD10CM &&
      !SeventhCharacterSlip(expected, entered).empty()) {
    return Match::kSeventhCharacter;
  }
  if (entered.size() >= 3 && entered.compare(0, 3, expected, 0, 3) == 0) {
    return Match::kCategory;
  }
  return Match::kNone;
}

std::vector<std::string> SortedModifiers(std::vector<std::string> modifiers) {
  for (std::string& modifier : modifiers) {
    modifier = typed::CanonicalCode(modifier);
  }
  std::sort(modifiers.begin(), modifiers.end());
  return modifiers;
}

// Grades one code-entry response; one object per call keeps the shared state
// (entries, matches, feedback) out of every signature.
class CodeGrader {
 public:
  CodeGrader(const quiz::v1::Item& item, const std::string& answer)
      : item_(item),
        entry_(item.code_entry()),
        system_(entry_.system()),
        entered_(typed::ParseCodeList(system_, answer)),
        match_of_(entry_.expected_size(), -1),
        level_(entry_.expected_size(), Match::kNone),
        taken_(entered_.size(), false) {}

  quiz::v1::Outcome Grade() {
    const int unusable = SetAsideUnusable();
    for (Match level :
         {Match::kExact, Match::kSeventhCharacter, Match::kCategory}) {
      MatchAt(level);
    }
    double credit = 0;
    for (int e = 0; e < entry_.expected_size(); ++e) credit += Credit(e);
    const int n = std::max(entry_.expected_size(), 1);
    const double points = ItemPoints(item_);
    double score = points * credit / n;

    int extras = unusable;
    for (size_t i = 0; i < entered_.size(); ++i) {
      if (!taken_[i] && entered_[i].well_formed && !duplicate_[i]) {
        ++extras;
        feedback_.push_back(absl::StrCat(Shown(entered_[i].code),
                                         " should not be coded here."));
      }
    }
    const double per_extra = entry_.credit().extra_code_penalty() > 0
                                 ? entry_.credit().extra_code_penalty()
                                 : 1.0 / n;
    score -= points * per_extra * extras;
    if (OutOfSequence()) {
      const double penalty = entry_.credit().wrong_sequence_penalty() > 0
                                 ? entry_.credit().wrong_sequence_penalty()
                                 : 1.0;
      score -= points * penalty;
    }
    quiz::v1::Outcome outcome = MakeOutcome(std::max(0.0, score), points);
    // A response with any slip is never reported as correct, even when the
    // author's credits add up to full points.
    if (flawed_ || extras > 0) {
      if (outcome.correctness() == quiz::v1::CORRECT) {
        outcome.set_correctness(quiz::v1::PARTIALLY_CORRECT);
      }
    }
    for (std::string& line : feedback_) outcome.add_feedback(std::move(line));
    return outcome;
  }

 private:
  std::string Shown(const std::string& canonical) const {
    return typed::DisplayCode(system_, canonical);
  }

  // Marks malformed and repeated entries, with a message for each; returns how
  // many there are. They match nothing and count as extra codes.
  int SetAsideUnusable() {
    duplicate_.assign(entered_.size(), false);
    std::set<std::string> seen, reported;
    int malformed = 0, repeated = 0;
    for (size_t i = 0; i < entered_.size(); ++i) {
      const EnteredCode& code = entered_[i];
      if (!code.well_formed) {
        taken_[i] = true;
        if (++malformed <= kMaxMalformedReported) {
          feedback_.push_back(absl::StrCat(
              "\"", typed::ShownText(code.typed), "\" is not a well-formed ",
              typed::CodeSystemTitle(system_), " code."));
        }
      } else if (!seen.insert(code.code).second) {
        taken_[i] = true;
        duplicate_[i] = true;
        ++repeated;
        if (reported.insert(code.code).second) {
          feedback_.push_back(
              absl::StrCat(Shown(code.code), " is entered more than once."));
        }
      }
    }
    if (malformed > kMaxMalformedReported) {
      feedback_.push_back(
          absl::StrCat("... and ", malformed - kMaxMalformedReported,
                       " more entries that are not well-formed codes."));
    }
    return malformed + repeated;
  }

  // Pairs each still unmatched expected code with the first free entered code
  // that relates to it at `level`.
  void MatchAt(Match level) {
    for (int e = 0; e < entry_.expected_size(); ++e) {
      if (match_of_[e] >= 0) continue;
      const std::string expected =
          typed::CanonicalCode(entry_.expected(e).code());
      for (size_t i = 0; i < entered_.size(); ++i) {
        if (taken_[i] ||
            Compare(system_, expected, entered_[i].code) != level) {
          continue;
        }
        match_of_[e] = static_cast<int>(i);
        level_[e] = level;
        taken_[i] = true;
        break;
      }
    }
  }

  // The credit, from 0 to 1, that expected code `e` earns, with feedback on
  // anything short of 1.
  double Credit(int e) {
    const ExpectedCode& expected = entry_.expected(e);
    const std::string key = Shown(typed::CanonicalCode(expected.code()));
    const quiz::v1::CodeCredit& credit = entry_.credit();
    if (match_of_[e] < 0) {
      flawed_ = true;
      feedback_.push_back(absl::StrCat(key, " is missing."));
      return 0;
    }
    const EnteredCode& entered = entered_[match_of_[e]];
    const std::string typed = Shown(entered.code);
    switch (level_[e]) {
      case Match::kSeventhCharacter:
        flawed_ = true;
        feedback_.push_back(absl::StrCat(
            typed, " ",
            SeventhCharacterSlip(typed::CanonicalCode(expected.code()),
                                 entered.code),
            "; the code is ", key, "."));
        return credit.wrong_seventh_character();
      case Match::kCategory:
        flawed_ = true;
        feedback_.push_back(
            system_ == quiz::v1::CODE_SYSTEM_ICD10CM
                ? absl::StrCat(typed, " is the right category (",
                               entered.code.substr(0, 3),
                               ") but the wrong specificity; the code is ", key,
                               ".")
                : absl::StrCat(typed, " starts like the right code (",
                               entered.code.substr(0, 3), ") but the code is ",
                               key, "."));
        return credit.right_category();
      default:
        break;
    }
    double earned = 1;
    const std::vector<std::string> want = SortedModifiers(
        {expected.modifiers().begin(), expected.modifiers().end()});
    const std::vector<std::string> got = SortedModifiers(entered.modifiers);
    if (want != got) {
      flawed_ = true;
      earned = std::min(earned, credit.wrong_modifier());
      feedback_.push_back(ModifierFeedback(typed, want, got));
    }
    const int units = entered.units > 0 ? entered.units : 1;
    if (expected.units() > 0 && units != expected.units()) {
      flawed_ = true;
      earned = std::min(earned, credit.wrong_units());
      feedback_.push_back(
          absl::StrCat(typed, " is ", Plural(expected.units(), "unit", "units"),
                       ", not ", units, "."));
    }
    return earned;
  }

  static std::string ModifierFeedback(const std::string& code,
                                      const std::vector<std::string>& want,
                                      const std::vector<std::string>& got) {
    std::vector<std::string> missing, extra;
    std::set_difference(want.begin(), want.end(), got.begin(), got.end(),
                        std::back_inserter(missing));
    std::set_difference(got.begin(), got.end(), want.begin(), want.end(),
                        std::back_inserter(extra));
    std::vector<std::string> parts;
    if (!missing.empty()) {
      parts.push_back(absl::StrCat("needs modifier",
                                   missing.size() > 1 ? "s " : " ",
                                   absl::StrJoin(missing, ", ")));
    }
    if (!extra.empty()) {
      parts.push_back(absl::StrCat("should not carry modifier",
                                   extra.size() > 1 ? "s " : " ",
                                   absl::StrJoin(extra, ", ")));
    }
    return absl::StrCat(code, " is the right code but ",
                        absl::StrJoin(parts, " and "), ".");
  }

  // Whether sequence matters and the matched codes are not in key order, or
  // something else was listed before the first-listed code.
  bool OutOfSequence() {
    if (!entry_.sequence_matters() || entry_.expected_size() == 0) return false;
    int first_usable = -1;
    for (size_t i = 0; i < entered_.size() && first_usable < 0; ++i) {
      if (entered_[i].well_formed) first_usable = static_cast<int>(i);
    }
    const std::string first =
        Shown(typed::CanonicalCode(entry_.expected(0).code()));
    if (match_of_[0] >= 0 && match_of_[0] != first_usable) {
      feedback_.push_back(absl::StrCat(first, " must be listed first."));
      return true;
    }
    int last = -1;
    for (int e = 0; e < entry_.expected_size(); ++e) {
      if (match_of_[e] < 0) continue;
      if (match_of_[e] < last) {
        feedback_.push_back("The codes are not in the right sequence.");
        return true;
      }
      last = match_of_[e];
    }
    return false;
  }

  const quiz::v1::Item& item_;
  const quiz::v1::CodeEntry& entry_;
  const CodeSystem system_;
  const std::vector<EnteredCode> entered_;
  std::vector<int> match_of_;  // expected index -> entered index, or -1
  std::vector<Match> level_;   // expected index -> how it was matched
  std::vector<bool> taken_;
  std::vector<bool> duplicate_;
  bool flawed_ = false;
  std::vector<std::string> feedback_;
};

}  // namespace

quiz::v1::Outcome GradeCodeEntry(const quiz::v1::Item& item,
                                 const std::string& answer) {
  return CodeGrader(item, answer).Grade();
}

}  // namespace grading
