// Short names for the code systems the typed-answer tests read codes in.
#ifndef QUIZD_TESTS_TYPED_CODE_SYSTEMS_UTIL_H_
#define QUIZD_TESTS_TYPED_CODE_SYSTEMS_UTIL_H_

#include "quiz/v1/bank.pb.h"

namespace typed {

inline constexpr auto kIcd = quiz::v1::CODE_SYSTEM_ICD10CM;
inline constexpr auto kCpt = quiz::v1::CODE_SYSTEM_CPT;
inline constexpr auto kHcpcs = quiz::v1::CODE_SYSTEM_HCPCS;

}  // namespace typed

#endif  // QUIZD_TESTS_TYPED_CODE_SYSTEMS_UTIL_H_
