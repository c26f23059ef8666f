// Every RPC of every quiz.v1 service, read from the service descriptors of
// the proto files in proto/quiz/v1: tests that must cover every RPC walk
// this list, so a new RPC they do not handle fails them.
#ifndef QUIZD_TESTS_SERVICE_RPC_CATALOG_UTIL_H_
#define QUIZD_TESTS_SERVICE_RPC_CATALOG_UTIL_H_

#include <vector>

#include "google/protobuf/descriptor.h"

namespace quizd_test {

// Sorted by full name ("quiz.v1.AttemptService.GetAttempt"). Fails the
// current test for a proto file that is not linked into the test binary.
std::vector<const google::protobuf::MethodDescriptor*> EveryQuizRpc();

// "AttemptService.GetAttempt": the name the access policy and the logs use.
std::string PolicyName(const google::protobuf::MethodDescriptor& method);

}  // namespace quizd_test

#endif  // QUIZD_TESTS_SERVICE_RPC_CATALOG_UTIL_H_
