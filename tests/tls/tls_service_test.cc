// quizd over TLS, in process: the service harness with TLS on (and mutual
// TLS), what a plaintext or wrongly trusting client gets, a second server
// on the address, and the checks on the certificate and key files and on
// plaintext beyond loopback.
#include <filesystem>
#include <fstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/service/tls.h"
#include "tests/service/harness.h"
#include "tests/tls/test_certs.h"

namespace quizd_test {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

// Logs in over `credentials` to `address`; the status of the call.
grpc::Status LoginOver(const std::string& address,
                       std::shared_ptr<grpc::ChannelCredentials> credentials) {
  auto channel = grpc::CreateChannel(address, credentials);
  auto auth = quiz::v1::AuthService::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(10));
  quiz::v1::LoginRequest request;
  request.set_username("alice");
  request.set_password("password-1");
  quiz::v1::LoginResponse reply;
  return auth->Login(&context, request, &reply);
}

std::shared_ptr<grpc::ChannelCredentials> Trusting(
    const std::string& ca, const std::string& cert = "",
    const std::string& key = "") {
  grpc::SslCredentialsOptions tls;
  tls.pem_root_certs = ReadText(ca);
  if (!cert.empty()) {
    tls.pem_cert_chain = ReadText(cert);
    tls.pem_private_key = ReadText(key);
  }
  return grpc::SslCredentials(tls);
}

class TlsServiceTest : public ServerFixture {
 protected:
  bool OverTls() const override { return true; }
};

TEST_F(TlsServiceTest, AStudentLogsInTakesAndFinishesAnAttemptOverTls) {
  LoginEveryone();
  ASSERT_FALSE(alice_.empty());
  quiz::v1::Attempt attempt = Start(alice_, "practice-all");
  ASSERT_FALSE(attempt.name().empty());
  quiz::v1::SubmitResponseResponse submitted;
  grpc::Status status = Submit(alice_, attempt, "claim-form",
                               "choice { option_ids: 'cms1500' }", &submitted);
  ASSERT_TRUE(status.ok()) << status.error_message();
  quiz::v1::Attempt finished;
  status = Finish(alice_, attempt, &finished);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(finished.state(), quiz::v1::FINISHED);
}

TEST_F(TlsServiceTest, APlaintextClientIsRefused) {
  grpc::Status status =
      LoginOver(address(), grpc::InsecureChannelCredentials());
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
}

TEST_F(TlsServiceTest, AClientTrustingAnotherCaIsRefused) {
  grpc::Status status = LoginOver(address(), Trusting(pki_.other_ca));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  // The right CA, by the name in the certificate, works.
  status = LoginOver("localhost:" + std::to_string(server_->port()),
                     Trusting(pki_.ca));
  EXPECT_TRUE(status.ok()) << status.error_message();
}

TEST_F(TlsServiceTest, ASecondServerOnTheAddressFailsBeforeItsDatabase) {
  service::ServerOptions second;
  second.listen = address();
  second.db_path = dir_ + "/second.db";
  second.tls = {pki_.server_cert, pki_.server_key, ""};
  auto started = service::QuizServer::Start(second);
  ASSERT_FALSE(started.ok());
  EXPECT_THAT(started.status().message(), HasSubstr("Address already in use"));
  EXPECT_FALSE(std::filesystem::exists(second.db_path));
  // The first keeps serving, new connections included.
  EXPECT_TRUE(LoginOver(address(), Trusting(pki_.ca)).ok());
}

class MutualTlsTest : public ServerFixture {
 protected:
  bool OverTls() const override { return true; }
  bool MutualTls() const override { return true; }
};

TEST_F(MutualTlsTest, AClientWithACertificateFromTheClientCaIsServed) {
  LoginEveryone();
  quiz::v1::Attempt attempt = Start(alice_, "practice-all");
  EXPECT_FALSE(attempt.name().empty());
}

TEST_F(MutualTlsTest, AClientWithoutACertificateIsRefused) {
  grpc::Status status = LoginOver(address(), Trusting(pki_.ca));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
}

TEST_F(MutualTlsTest, AClientCertificateFromAnotherCaIsRefused) {
  grpc::Status status = LoginOver(
      address(),
      Trusting(pki_.ca, pki_.other_client_cert, pki_.other_client_key));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
}

// The file checks of LoadServerTls, on certificates made for the test.
class ServerTlsFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir();
    pki_ = MakeTestPki(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& text) {
    const std::string path = dir_ + "/" + name;
    std::ofstream(path) << text;
    return path;
  }

  std::string dir_;
  TestPki pki_;
};

TEST_F(ServerTlsFilesTest, GoodFilesLoadAndSayWhatIsServed) {
  auto loaded =
      service::LoadServerTls({pki_.server_cert, pki_.server_key, pki_.ca});
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_NE(loaded->credentials, nullptr);
  EXPECT_THAT(loaded->summary,
              AllOf(HasSubstr(pki_.server_cert), HasSubstr("CN=localhost"),
                    HasSubstr("client certificates required")));
  EXPECT_EQ(loaded->warning, "");
}

TEST_F(ServerTlsFilesTest, AnExpiredCertificateLoadsWithAWarning) {
  auto loaded =
      service::LoadServerTls({pki_.expired_cert, pki_.expired_key, ""});
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_THAT(loaded->warning, HasSubstr("expired"));
}

TEST_F(ServerTlsFilesTest, ABadFileIsAnErrorNamingTheFlagAndTheFile) {
  const std::string missing = dir_ + "/missing.pem";
  const std::string garbage =
      Write("garbage.pem",
            "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n"
            "-----END CERTIFICATE-----\n");
  const std::string empty = Write("empty.pem", "");
  struct Case {
    service::TlsFiles files;
    std::vector<std::string> said;
  };
  for (const Case& c : std::vector<Case>{
           {{missing, pki_.server_key, ""},
            {"--tls-cert", missing, "No such file"}},
           {{pki_.server_cert, missing, ""}, {"--tls-key", missing}},
           {{garbage, pki_.server_key, ""},
            {"--tls-cert", garbage, "does not parse"}},
           {{empty, pki_.server_key, ""},
            {"--tls-cert", empty, "no PEM certificate"}},
           {{pki_.server_cert, pki_.server_cert, ""},
            {"--tls-key", pki_.server_cert, "no PEM private key"}},
           {{pki_.server_cert, pki_.client_key, ""},
            {"--tls-key", pki_.client_key, "not the private key", "--tls-cert",
             pki_.server_cert}},
           {{pki_.server_cert, pki_.server_key, garbage},
            {"--tls-client-ca", garbage}},
           {{pki_.server_cert, "", ""}, {"--tls-cert", "--tls-key"}},
           {{"", "", pki_.ca}, {"--tls-client-ca", "--tls-cert"}},
       }) {
    auto loaded = service::LoadServerTls(c.files);
    ASSERT_FALSE(loaded.ok()) << c.files.cert_file << " " << c.files.key_file;
    EXPECT_EQ(loaded.status().code(), absl::StatusCode::kInvalidArgument);
    for (const std::string& text : c.said) {
      EXPECT_THAT(loaded.status().message(), HasSubstr(text));
    }
  }
}

TEST(PlaintextRuleTest, PlaintextIsServedOnLoopbackOnlyUnlessInsecure) {
  for (const char* loopback :
       {"127.0.0.1:50051", "127.9.9.9:1", "localhost:50051", "[::1]:50051"}) {
    EXPECT_TRUE(service::ListensOnLoopbackOnly(loopback)) << loopback;
    EXPECT_TRUE(service::CheckPlaintextAllowed(loopback, false, false).ok());
  }
  for (const char* open : {"0.0.0.0:50051", "[::]:50051", ":50051"}) {
    EXPECT_FALSE(service::ListensOnLoopbackOnly(open)) << open;
    absl::Status refused = service::CheckPlaintextAllowed(open, false, false);
    EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_THAT(refused.message(),
                AllOf(HasSubstr(open), HasSubstr("--tls-cert"),
                      HasSubstr("--insecure")));
    EXPECT_TRUE(service::CheckPlaintextAllowed(open, true, false).ok());
    EXPECT_TRUE(service::CheckPlaintextAllowed(open, false, true).ok());
  }
}

}  // namespace
}  // namespace quizd_test
