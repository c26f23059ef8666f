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

// Checks that the row of `scenario` completed calls without errors and
// returns the report.
google::protobuf::Struct ExpectCallsComplete(const std::string& scenario) {
  google::protobuf::Struct report = RunBench(scenario);
  const google::protobuf::Struct* row = Row(report, scenario);
  EXPECT_NE(row, nullptr) << scenario;
  if (row == nullptr) return report;
  EXPECT_GT(row->fields().at("rps").number_value(), 0) << scenario;
  EXPECT_GT(row->fields().at("ratio_to_floor").number_value(), 0) << scenario;
  EXPECT_EQ(row->fields().at("errors").number_value(), 0) << scenario;
  // What each side spent per request, read from /proc: our own quizd is
  // measured too. A short run may read a side as 0 (10 ms clock ticks), not
  // both.
  for (const char* field :
       {"client_cpu_us", "server_cpu_us", "server_switches"}) {
    EXPECT_TRUE(row->fields().contains(field)) << scenario << " " << field;
    if (!row->fields().contains(field)) return report;
  }
  const double client = row->fields().at("client_cpu_us").number_value();
  const double server = row->fields().at("server_cpu_us").number_value();
  EXPECT_GE(client, 0) << scenario;
  EXPECT_GE(server, 0) << scenario;
  EXPECT_GT(client + server, 0) << scenario;
  EXPECT_GE(row->fields().at("server_switches").number_value(), 0) << scenario;
  return report;
}

TEST(BenchSmokeTest, HealthFloorCompletesCalls) {
  ExpectCallsComplete("health");
}

TEST(BenchSmokeTest, SubmitCompletesCallsAndComparesWithTheFloor) {
  ExpectCallsComplete("submit");
}

TEST(BenchSmokeTest, StartInTheBasicViewCompletesCalls) {
  google::protobuf::Struct report = ExpectCallsComplete("start-basic");
  EXPECT_EQ(Row(report, "start"), nullptr);  // only the scenario asked for
}

// kill -9 of the real quizd while submits are in flight, a restart, and every
// acknowledged answer read back (the bench exits 1 when one is missing).
TEST(BenchSmokeTest, KillCheckFindsEveryAcknowledgedAnswer) {
  CommandResult run = RunCommand({QUIZD_BINARY_DIR "/quiz-bench", "--duration",
                                  "0.3", "--concurrency", "4", "--scenario",
                                  "submit", "--kill-check", "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  google::protobuf::Struct report;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(run.out, &report).ok())
      << run.out;
  ASSERT_TRUE(report.fields().contains("kill_check")) << run.out;
  const auto& check = report.fields().at("kill_check").struct_value().fields();
  EXPECT_GT(check.at("acknowledged").number_value(), 0);
  EXPECT_EQ(check.at("found").number_value(),
            check.at("acknowledged").number_value());
}

TEST(BenchSmokeTest, FinishInTheBasicViewCompletesCalls) {
  ExpectCallsComplete("finish-basic");
}

}  // namespace
}  // namespace quizd_test
