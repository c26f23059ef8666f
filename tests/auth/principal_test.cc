#include "server/auth/principal.h"

#include <string>

#include "absl/strings/match.h"
#include "gtest/gtest.h"

namespace auth {
namespace {

TEST(CheckUsernameTest, AcceptsTheDocumentedAlphabet) {
  EXPECT_TRUE(CheckUsername("demo").ok());
  EXPECT_TRUE(CheckUsername("a.b_c-9").ok());
  EXPECT_FALSE(CheckUsername("").ok());
  EXPECT_FALSE(CheckUsername(std::string(65, 'a')).ok());
  EXPECT_FALSE(CheckUsername("Alice").ok());
}

// `quizd user add` prints these messages on a terminal: what the operator
// typed comes back escaped, never as a control sequence or a second line.
TEST(CheckUsernameTest, EchoesARefusedNameEscaped) {
  absl::Status status = CheckUsername("eve\x1b[2J\nquizd: created admin root");
  ASSERT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  const std::string message(status.message());
  EXPECT_FALSE(absl::StrContains(message, "\x1b")) << message;
  EXPECT_FALSE(absl::StrContains(message, "\n")) << message;
  EXPECT_TRUE(absl::StrContains(message, "\"eve\\033[2J\\nquizd: created"))
      << message;
  // A huge name is not echoed whole.
  EXPECT_LT(CheckUsername(std::string(100000, 'x')).message().size(), 400u);
}

TEST(ParseRoleTest, EchoesARefusedRoleEscaped) {
  EXPECT_EQ(*ParseRole("Instructor"), quiz::v1::ROLE_INSTRUCTOR);
  absl::StatusOr<quiz::v1::Role> role = ParseRole("admin\x1b]0;x\x07");
  ASSERT_FALSE(role.ok());
  const std::string message(role.status().message());
  EXPECT_FALSE(absl::StrContains(message, "\x1b")) << message;
  EXPECT_TRUE(absl::StrContains(message, "\\033]0;x\\007")) << message;
}

}  // namespace
}  // namespace auth
