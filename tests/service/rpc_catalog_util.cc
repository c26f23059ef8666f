#include "rpc_catalog_util.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>

namespace quizd_test {

std::vector<const google::protobuf::MethodDescriptor*> EveryQuizRpc() {
  std::vector<const google::protobuf::MethodDescriptor*> rpcs;
  const auto* pool = google::protobuf::DescriptorPool::generated_pool();
  for (const auto& entry : std::filesystem::directory_iterator(
           std::string(QUIZD_SOURCE_DIR) + "/proto/quiz/v1")) {
    if (entry.path().extension() != ".proto") continue;
    const std::string name = "quiz/v1/" + entry.path().filename().string();
    const google::protobuf::FileDescriptor* file = pool->FindFileByName(name);
    EXPECT_NE(file, nullptr) << name << " is not linked into the test";
    if (file == nullptr) continue;
    for (int s = 0; s < file->service_count(); ++s) {
      const google::protobuf::ServiceDescriptor* service = file->service(s);
      for (int m = 0; m < service->method_count(); ++m) {
        rpcs.push_back(service->method(m));
      }
    }
  }
  std::sort(rpcs.begin(), rpcs.end(), [](const auto* a, const auto* b) {
    return a->full_name() < b->full_name();
  });
  return rpcs;
}

std::string PolicyName(const google::protobuf::MethodDescriptor& method) {
  return method.service()->name() + "." + method.name();
}

}  // namespace quizd_test
