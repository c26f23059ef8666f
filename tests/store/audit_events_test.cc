// The audit trail's rows: appended durably, listed newest first by filter
// and cursor, and kept by the purge of old replies and tokens.
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/store/store_test_util.h"

namespace store {
namespace {

using ::store::testing::Await;
using ::store::testing::AwaitStatus;
using ::store::testing::StoreTest;

class AuditEventsTest : public StoreTest {
 protected:
  void Append(const std::string& actor, const std::string& method,
              const std::string& resource, int64_t time_ms) {
    AuditEventRecord event;
    event.time_ms = time_ms;
    event.actor_user_id = actor == "system" ? 0 : 7;
    event.actor = actor;
    event.actor_role = quiz::v1::ROLE_INSTRUCTOR;
    event.api_key_id = 3;
    event.method = method;
    event.resource = resource;
    event.summary = "{\"request\":{}}";
    event.peer = "ipv4:127.0.0.1:1";
    event.user_agent = "test";
    event.status_code = 7;
    ASSERT_TRUE(AwaitStatus([&](DoneStatus done) {
                  store_->AppendAuditEvent(event, done);
                }).ok());
  }

  std::vector<std::string> Resources(const AuditFilter& filter,
                                     int64_t before_id = 0, int limit = 100) {
    absl::StatusOr<std::vector<AuditEventRecord>> events =
        store_->ListAuditEvents(filter, before_id, limit);
    EXPECT_TRUE(events.ok()) << events.status();
    std::vector<std::string> resources;
    if (!events.ok()) return resources;
    for (const AuditEventRecord& event : *events) {
      resources.push_back(event.resource);
    }
    return resources;
  }

  void AppendSome() {
    Append("users/carol", "BankService.CreateBankVersion", "banks/a", 1000);
    Append("users/carol", "BankService.Regrade", "quizzes/q", 2000);
    Append("users/dave", "UserService.CreateUser", "users/zed", 3000);
    Append("system", "quizd user add", "users/dave", 4000);
    Append("users/dave", "BankService.CreateBankVersion", "banks/a_b", 5000);
  }
};

TEST_F(AuditEventsTest, AppendedEventsReadBackWhole) {
  Append("users/carol", "BankService.Regrade", "quizzes/q", 1234);
  Reopen();
  absl::StatusOr<std::vector<AuditEventRecord>> events =
      store_->ListAuditEvents({}, 0, 10);
  ASSERT_TRUE(events.ok()) << events.status();
  ASSERT_EQ(events->size(), 1u);
  const AuditEventRecord& event = events->front();
  EXPECT_GT(event.id, 0);
  EXPECT_EQ(event.time_ms, 1234);
  EXPECT_EQ(event.actor_user_id, 7);
  EXPECT_EQ(event.actor, "users/carol");
  EXPECT_EQ(event.actor_role, quiz::v1::ROLE_INSTRUCTOR);
  EXPECT_EQ(event.api_key_id, 3);
  EXPECT_EQ(event.method, "BankService.Regrade");
  EXPECT_EQ(event.resource, "quizzes/q");
  EXPECT_EQ(event.summary, "{\"request\":{}}");
  EXPECT_EQ(event.peer, "ipv4:127.0.0.1:1");
  EXPECT_EQ(event.user_agent, "test");
  EXPECT_EQ(event.status_code, 7);
}

TEST_F(AuditEventsTest, FiltersCombineAndTheCursorPages) {
  AppendSome();
  using V = std::vector<std::string>;
  EXPECT_EQ(Resources({}), (V{"banks/a_b", "users/dave", "users/zed",
                              "quizzes/q", "banks/a"}));
  AuditFilter actor;
  actor.actor = "users/dave";
  EXPECT_EQ(Resources(actor), (V{"banks/a_b", "users/zed"}));
  actor.actor = "system";
  EXPECT_EQ(Resources(actor), (V{"users/dave"}));

  AuditFilter method;
  method.method = "CreateBankVersion";  // bare: any service
  EXPECT_EQ(Resources(method), (V{"banks/a_b", "banks/a"}));
  method.method = "BankService.Regrade";
  EXPECT_EQ(Resources(method), (V{"quizzes/q"}));
  method.method = "Service.Regrade";  // a full name matches exactly
  EXPECT_EQ(Resources(method), V{});

  AuditFilter prefix;
  prefix.resource_prefix = "banks/a";
  EXPECT_EQ(Resources(prefix), (V{"banks/a_b", "banks/a"}));
  prefix.resource_prefix = "banks/a%";  // not a wildcard
  EXPECT_EQ(Resources(prefix), V{});
  prefix.resource_prefix = "banks/a_";  // nor this
  EXPECT_EQ(Resources(prefix), (V{"banks/a_b"}));

  AuditFilter time;
  time.start_time_ms = 2000;
  time.end_time_ms = 4000;
  EXPECT_EQ(Resources(time), (V{"users/zed", "quizzes/q"}));

  AuditFilter both;
  both.actor = "users/carol";
  both.start_time_ms = 1500;
  EXPECT_EQ(Resources(both), (V{"quizzes/q"}));

  // Pages of two, each continuing below the last id seen.
  absl::StatusOr<std::vector<AuditEventRecord>> page =
      store_->ListAuditEvents({}, 0, 2);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->size(), 2u);
  EXPECT_EQ(Resources({}, page->back().id, 2), (V{"users/zed", "quizzes/q"}));
  EXPECT_EQ(store_->ListAuditEvents({}, 0, 0).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(AuditEventsTest, ThePurgeKeepsTheTrail) {
  AppendSome();
  // Far in the future: every reply and token would be past its time.
  const int64_t later = int64_t{4} << 40;
  ASSERT_TRUE(Await<PurgeCounts>([&](Done<PurgeCounts> done) {
                store_->PurgeExpired(later, done);
              }).ok());
  EXPECT_EQ(Resources({}).size(), 5u);
}

}  // namespace
}  // namespace store
