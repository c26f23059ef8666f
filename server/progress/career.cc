#include "server/progress/career.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace progress {
namespace {

constexpr char kCoding[] = "coding";
constexpr char kBilling[] = "billing";

std::string FitOf(double lean) {
  if (lean > kBothBand) return kCoding;
  if (lean < -kBothBand) return kBilling;
  return "both";
}

std::string Describe(const std::string& fit) {
  if (fit == kCoding) return "coding-leaning";
  if (fit == kBilling) return "billing-leaning";
  return "balanced between coding and billing";
}

}  // namespace

quiz::v1::CareerResult ScoreInventory(
    const std::vector<const quiz::v1::Item*>& items,
    const std::map<std::string, quiz::v1::Outcome>& outcomes) {
  std::map<std::string, double> score, largest;
  for (const quiz::v1::Item* item : items) {
    if (!item->has_likert()) continue;
    const int size = item->likert().scale_size() > 0
                         ? item->likert().scale_size()
                         : 5;  // grading::kDefaultLikertScale
    for (const auto& weight : item->likert().weights()) {
      largest[weight.trait()] += std::fabs(weight.weight()) * (size - 1) / 2.0;
    }
    auto outcome = outcomes.find(item->id());
    if (outcome == outcomes.end()) continue;
    for (const auto& trait : outcome->second.traits()) {
      score[trait.trait()] += trait.weight();
    }
  }
  quiz::v1::CareerResult result;
  std::map<std::string, double> normalized;
  for (const char* trait : {kCoding, kBilling}) {
    quiz::v1::TraitScore* out = result.add_traits();
    out->set_trait(trait);
    out->set_score(score[trait]);
    normalized[trait] = largest[trait] > 0 ? score[trait] / largest[trait] : 0;
    out->set_normalized(normalized[trait]);
  }
  result.set_lean(normalized[kCoding] - normalized[kBilling]);
  result.set_fit(FitOf(result.lean()));
  return result;
}

quiz::v1::CareerProfile BuildCareerProfile(
    const std::vector<quiz::v1::CareerResult>& results) {
  quiz::v1::CareerProfile profile;
  if (results.empty()) return profile;
  const quiz::v1::CareerResult& latest = results.back();
  *profile.mutable_latest() = latest;
  if (results.size() > 1) {
    *profile.mutable_previous() = results[results.size() - 2];
  }
  const std::string& fit = latest.fit();
  if (fit == kCoding) {
    profile.set_summary(
        "You may prefer medical coding because you lean toward focused, "
        "independent work, following rules and guidelines closely, and "
        "finding the answer in the documentation before anything goes out.");
    profile.add_certifications("CPC (AAPC): outpatient and physician coding");
    profile.add_certifications("CCS (AHIMA): hospital inpatient coding");
    profile.add_first_roles("junior (entry-level) coder");
    profile.add_first_roles("coding assistant in a physician practice");
  } else if (fit == kBilling) {
    profile.set_summary(
        "You may prefer medical billing because you lean toward closing the "
        "loop on claims, following up by phone and email, advocating with "
        "payers and patients, and solving claim problems until they are paid.");
    profile.add_certifications("CPB (AAPC): medical billing");
    profile.add_certifications("CBCS (NHA): billing and coding");
    profile.add_first_roles("billing clerk");
    profile.add_first_roles("patient account or A/R representative");
  } else {
    profile.set_summary(
        "Both paths may suit you: your answers lean neither to coding's "
        "focused rule work nor to billing's follow-up and communication. A "
        "small practice, where one person often codes and bills, could use "
        "both sides.");
    profile.add_certifications("CBCS (NHA): billing and coding");
    profile.add_certifications("CPC (AAPC): outpatient and physician coding");
    profile.add_first_roles(
        "billing and coding specialist in a small practice");
  }
  if (profile.has_previous()) {
    const quiz::v1::CareerResult& before = profile.previous();
    profile.set_change(absl::StrFormat(
        "Last time you were %s (lean %+.2f); now you are %s (lean %+.2f).",
        Describe(before.fit()), before.lean(), Describe(fit), latest.lean()));
  }
  return profile;
}

}  // namespace progress
