// The career-fit profile: likert responses summed onto the traits "coding"
// and "billing", scaled, and told in plain language. Pure.
#ifndef QUIZD_SERVER_PROGRESS_CAREER_H_
#define QUIZD_SERVER_PROGRESS_CAREER_H_

#include <map>
#include <string>
#include <vector>

#include "quiz/v1/attempt.pb.h"
#include "quiz/v1/bank.pb.h"
#include "quiz/v1/progress_service.pb.h"

namespace progress {

// |lean| at or below this reads as "both fit".
inline constexpr double kBothBand = 0.15;

// Scores one taking of the inventory: `items` are the attempt's items,
// `outcomes` their outcomes by item id (likert outcomes carry trait
// contributions). Each trait is normalised by its largest possible score
// over the attempt's likert items. attempt and finish_time are left to the
// caller.
quiz::v1::CareerResult ScoreInventory(
    const std::vector<const quiz::v1::Item*>& items,
    const std::map<std::string, quiz::v1::Outcome>& outcomes);

// The profile from every taking, oldest first (at least one): the latest,
// the previous, a summary, certifications and first roles that fit, and how
// the result changed.
quiz::v1::CareerProfile BuildCareerProfile(
    const std::vector<quiz::v1::CareerResult>& results);

}  // namespace progress

#endif  // QUIZD_SERVER_PROGRESS_CAREER_H_
