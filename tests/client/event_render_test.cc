// RenderEventLine: one line per event, led by its cursor, within 80
// columns, with server text made printable.
#include "client/event_render.h"

#include "gtest/gtest.h"

namespace client {
namespace {

quiz::v1::Event Finished() {
  quiz::v1::Event event;
  event.set_cursor(1044);
  event.set_type(quiz::v1::ATTEMPT_FINISHED);
  event.mutable_time()->set_seconds(1796565909);  // 2026-12-06 14:05:09 UTC
  event.set_actor("system");
  event.set_user("users/alice");
  event.set_attempt("attempts/7f3c");
  event.set_finish_reason(quiz::v1::FINISH_TIMED_OUT);
  event.set_percent(62.5);
  return event;
}

TEST(EventRenderTest, AFinishSaysWhyAndWhoLedByItsCursor) {
  EXPECT_EQ(RenderEventLine(Finished(), absl::UTCTimeZone()),
            "1044 12-06 14:05:09 finished  alice  timed out  62.5%  "
            "7f3c  by system");
}

TEST(EventRenderTest, ARegradeShowsBothPercentsAndVersions) {
  quiz::v1::Event event = Finished();
  event.set_type(quiz::v1::ATTEMPT_REGRADED);
  event.set_actor("users/carol");
  event.set_old_percent(50);
  event.set_percent(75);
  event.set_old_bank_version(1);
  event.set_bank_version(2);
  EXPECT_EQ(RenderEventLine(event, absl::UTCTimeZone()),
            "1044 12-06 14:05:09 regraded  alice  50% -> 75%  v1->v2  7f3c  "
            "by carol");
}

TEST(EventRenderTest, LongLinesAreCutAndControlCharactersShown) {
  quiz::v1::Event event = Finished();
  event.set_attempt("attempts/" + std::string(100, 'x'));
  std::string line = RenderEventLine(event, absl::UTCTimeZone());
  EXPECT_EQ(line.substr(0, 5), "1044 ");
  EXPECT_EQ(line.substr(line.size() - 3), "\u2026");
  EXPECT_EQ(line.size(), 79u + 3u);  // 79 ASCII columns and the ellipsis
  event = Finished();
  event.set_user("users/a\x1b[2Jb");
  line = RenderEventLine(event, absl::UTCTimeZone());
  EXPECT_EQ(line.find('\x1b'), std::string::npos) << line;
}

}  // namespace
}  // namespace client
