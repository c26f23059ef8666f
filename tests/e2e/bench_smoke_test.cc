// Keeps quiz-bench building and working: short runs against its own quizd
// whose JSON report must parse and show calls completing. No timing is
// asserted; the figures belong in bench/README.md, not in a test.
#include <string>
#include <vector>

#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "process_util.h"

namespace quizd_test {
namespace {

// The report row named `name`, or nullptr.
const google::protobuf::Struct* Row(const google::protobuf::Struct& report,
                                    const std::string& name) {
  for (const google::protobuf::Value& row :
       report.fields().at("scenarios").list_value().values()) {
    const auto& fields = row.struct_value().fields();
    if (fields.at("name").string_value() == name) return &row.struct_value();
  }
  return nullptr;
}

google::protobuf::Struct RunBench(const std::string& scenario) {
  CommandResult run =
      RunCommand({QUIZD_BINARY_DIR "/quiz-bench", "--duration", "0.2",
                  "--concurrency", "4", "--scenario", scenario, "--json"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  google::protobuf::Struct report;
  auto parsed = google::protobuf::util::JsonStringToMessage(run.out, &report);
  EXPECT_TRUE(parsed.ok()) << parsed.ToString() << "\n" << run.out;
  return report;
}

TEST(BenchSmokeTest, HealthFloorCompletesCalls) {
  google::protobuf::Struct report = RunBench("health");
  const google::protobuf::Struct* health = Row(report, "health");
  ASSERT_NE(health, nullptr);
  EXPECT_GT(health->fields().at("rps").number_value(), 0);
  EXPECT_EQ(health->fields().at("errors").number_value(), 0);
}

TEST(BenchSmokeTest, SubmitCompletesCallsAndComparesWithTheFloor) {
  google::protobuf::Struct report = RunBench("submit");
  const google::protobuf::Struct* submit = Row(report, "submit");
  ASSERT_NE(submit, nullptr);
  EXPECT_GT(submit->fields().at("rps").number_value(), 0);
  EXPECT_GT(submit->fields().at("ratio_to_floor").number_value(), 0);
  EXPECT_EQ(submit->fields().at("errors").number_value(), 0);
}

TEST(BenchSmokeTest, StartInTheBasicViewCompletesCalls) {
  google::protobuf::Struct report = RunBench("start-basic");
  const google::protobuf::Struct* start = Row(report, "start-basic");
  ASSERT_NE(start, nullptr);
  EXPECT_GT(start->fields().at("rps").number_value(), 0);
  EXPECT_EQ(start->fields().at("errors").number_value(), 0);
  EXPECT_EQ(Row(report, "start"), nullptr);  // only the scenario asked for
}

TEST(BenchSmokeTest, FinishInTheBasicViewCompletesCalls) {
  google::protobuf::Struct report = RunBench("finish-basic");
  const google::protobuf::Struct* finish = Row(report, "finish-basic");
  ASSERT_NE(finish, nullptr);
  EXPECT_GT(finish->fields().at("rps").number_value(), 0);
  EXPECT_EQ(finish->fields().at("errors").number_value(), 0);
}

}  // namespace
}  // namespace quizd_test
