// The quiz client over TLS (client/tls.h, client/tls_diagnosis.h): where its
// settings come from, and what it says when a connection fails for a TLS
// reason, against an in-process quizd.
#include <filesystem>
#include <map>

#include "client/errors.h"
#include "client/session.h"
#include "client/tls.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/service/harness.h"
#include "tests/tls/test_certs.h"

namespace quizd_test {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

client::ChannelSecurity Security(const std::string& ca,
                                 const std::string& cert = "",
                                 const std::string& key = "",
                                 const std::string& server_name = "") {
  client::TlsSettings settings;
  settings.enabled = true;
  settings.ca_file = ca;
  settings.ca_origin = "--ca";
  settings.cert_file = cert;
  settings.key_file = key;
  settings.server_name = server_name;
  absl::StatusOr<client::ChannelSecurity> security =
      client::LoadChannelSecurity(settings);
  EXPECT_TRUE(security.ok()) << security.status();
  return security.ok() ? *security : client::ChannelSecurity();
}

// What a Login through client::Session to `address` comes to.
absl::Status LoginWith(const std::string& address,
                       const client::ChannelSecurity& security) {
  client::Session session(address, "", security);
  quiz::v1::LoginRequest request;
  request.set_username("alice");
  request.set_password("password-1");
  return session.Login(request).status();
}

class ClientTlsTest : public ServerFixture {
 protected:
  bool OverTls() const override { return true; }
};

TEST_F(ClientTlsTest, TheRightCaLogsIn) {
  EXPECT_TRUE(LoginWith(address(), Security(pki_.ca)).ok());
  const std::string by_name = "localhost:" + std::to_string(server_->port());
  EXPECT_TRUE(LoginWith(by_name, Security(pki_.ca)).ok());
}

TEST_F(ClientTlsTest, AWrongCaSaysTheCertificateCouldNotBeVerifiedWithIt) {
  absl::Status status = LoginWith(address(), Security(pki_.other_ca));
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(status.message(),
              AllOf(HasSubstr("the server's certificate could not be "
                              "verified with the CA in " +
                              pki_.other_ca + " (--ca)"),
                    HasSubstr("unable to get local issuer certificate")));
  // The user is not sent to check whether quizd runs.
  EXPECT_THAT(client::FormatError(status), Not(HasSubstr("is quizd running")));
}

TEST_F(ClientTlsTest, ANameTheCertificateLacksIsAMismatch) {
  absl::Status status =
      LoginWith(address(), Security(pki_.ca, "", "", "quiz.example.org"));
  EXPECT_THAT(
      status.message(),
      AllOf(HasSubstr("could not be verified"), HasSubstr("hostname mismatch"),
            HasSubstr("it does not name quiz.example.org")));
}

TEST_F(ClientTlsTest, APlaintextClientIsToldTheServerSpeaksTls) {
  absl::Status status = LoginWith(address(), client::ChannelSecurity());
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(status.message(),
              AllOf(HasSubstr("speaks TLS"), HasSubstr("--ca FILE")));
}

TEST_F(ClientTlsTest, AStoppedServerIsNotATlsProblem) {
  const std::string gone = address();
  server_.reset();
  absl::Status status = LoginWith(gone, Security(pki_.ca));
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(status.message(), Not(HasSubstr("certificate")));
  EXPECT_THAT(client::FormatError(status), HasSubstr("is quizd running"));
}

class ExpiredCertificateTest : public ClientTlsTest {
 protected:
  void AdjustOptions(service::ServerOptions& options) const override {
    options.tls.cert_file = pki_.expired_cert;
    options.tls.key_file = pki_.expired_key;
  }
};

TEST_F(ExpiredCertificateTest, IsRefusedAsExpired) {
  absl::Status status = LoginWith(address(), Security(pki_.ca));
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(status.message(),
              AllOf(HasSubstr("the server's certificate could not be "
                              "verified with the CA in " +
                              pki_.ca),
                    HasSubstr("certificate has expired")));
}

class PlaintextServerTest : public ServerFixture {};

TEST_F(PlaintextServerTest, ATlsClientIsToldTheServerDoesNotSpeakTls) {
  TestPki pki = MakeTestPki(dir_);
  absl::Status status = LoginWith(address(), Security(pki.ca));
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(status.message(), HasSubstr("does not speak TLS"));
}

class ClientMutualTlsTest : public ClientTlsTest {
 protected:
  bool MutualTls() const override { return true; }
};

TEST_F(ClientMutualTlsTest, AClientCertificateFromTheClientCaLogsIn) {
  EXPECT_TRUE(
      LoginWith(address(), Security(pki_.ca, pki_.client_cert, pki_.client_key))
          .ok());
}

TEST_F(ClientMutualTlsTest, NoClientCertificateIsToldOneIsRequired) {
  absl::Status status = LoginWith(address(), Security(pki_.ca));
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(status.message(),
              AllOf(HasSubstr("requires a client certificate"),
                    HasSubstr("--cert FILE and --key FILE")));
}

TEST_F(ClientMutualTlsTest, ACertificateFromAnotherCaIsToldItWasRefused) {
  absl::Status status = LoginWith(
      address(),
      Security(pki_.ca, pki_.other_client_cert, pki_.other_client_key));
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(status.message(), HasSubstr("refused the client certificate in " +
                                          pki_.other_client_cert));
}

client::EnvLookup FakeEnv(std::map<std::string, std::string> values) {
  return [values](const char* name) {
    auto it = values.find(name);
    return it == values.end() ? std::string() : it->second;
  };
}

TEST(ResolveTlsTest, FlagThenTheServersConfigThenTheEnvironment) {
  client::ClientConfig config;
  config.server = "quiz.example:443";
  config.ca = "/config/ca.pem";
  const auto env = FakeEnv({{"QUIZ_CA", "/env/ca.pem"}});

  client::TlsFlags flags;
  flags.ca = "/flag/ca.pem";
  auto tls = client::ResolveTls(flags, "quiz.example:443", config, env);
  ASSERT_TRUE(tls.ok());
  EXPECT_TRUE(tls->enabled);
  EXPECT_EQ(tls->ca_file, "/flag/ca.pem");
  EXPECT_EQ(tls->ca_origin, "--ca");

  tls = client::ResolveTls({}, "quiz.example:443", config, env);
  EXPECT_EQ(tls->ca_file, "/config/ca.pem");
  EXPECT_EQ(tls->ca_origin, "the config file's \"ca\"");

  // The config's CA belongs to the config's server.
  tls = client::ResolveTls({}, "other.example:443", config, env);
  EXPECT_EQ(tls->ca_file, "/env/ca.pem");
  EXPECT_EQ(tls->ca_origin, "$QUIZ_CA");

  tls = client::ResolveTls({}, "other.example:443", config, FakeEnv({}));
  EXPECT_FALSE(tls->enabled);
}

TEST(ResolveTlsTest, TlsSchemeRelativePathsAndHalfAClientCertificate) {
  auto tls = client::ResolveTls({}, "tls://quiz.example:443", {}, FakeEnv({}));
  ASSERT_TRUE(tls.ok());
  EXPECT_TRUE(tls->enabled);
  EXPECT_EQ(tls->ca_file, "");
  EXPECT_EQ(client::ChannelTarget("tls://quiz.example:443"),
            "quiz.example:443");
  EXPECT_EQ(client::HostOf("tls://quiz.example:443"), "quiz.example");
  EXPECT_EQ(client::HostOf("[::1]:50051"), "::1");

  client::TlsFlags flags;
  flags.ca = "ca.pem";
  tls = client::ResolveTls(flags, "h:1", {}, FakeEnv({}));
  EXPECT_EQ(tls->ca_file,
            (std::filesystem::current_path() / "ca.pem").string());

  flags = {};
  flags.cert = "/c.pem";
  tls = client::ResolveTls(flags, "h:1", {}, FakeEnv({}));
  EXPECT_EQ(tls.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(tls.status().message(), HasSubstr("--cert and --key"));
}

TEST(ResolveTlsTest, AnUnreadableCaIsAUsageErrorNamingItsOrigin) {
  client::TlsSettings settings;
  settings.enabled = true;
  settings.ca_file = "/nonexistent/ca.pem";
  settings.ca_origin = "$QUIZ_CA";
  auto security = client::LoadChannelSecurity(settings);
  ASSERT_FALSE(security.ok());
  EXPECT_EQ(client::ExitCodeFor(security.status()), client::kExitUsage);
  EXPECT_THAT(security.status().message(),
              AllOf(HasSubstr("$QUIZ_CA"), HasSubstr("/nonexistent/ca.pem")));
}

}  // namespace
}  // namespace quizd_test
