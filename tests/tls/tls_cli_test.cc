// End to end over TLS: the real quizd and quiz binaries with certificates
// made for the test. A student logs in, lists and takes a quiz; a wrong CA,
// an expired certificate, a plaintext client and missing or foreign client
// certificates are refused with messages that say why; quizd refuses bad
// files, plaintext beyond loopback and an address already served, and
// survives a flood of connections past its file limit.
#include <arpa/inet.h>
#include <grpcpp/grpcpp.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "quiz/v1/attempt.pb.h"
#include "quiz/v1/auth_service.grpc.pb.h"
#include "tests/e2e/cli_fixture_util.h"
#include "tests/e2e/process_util.h"
#include "tests/service/harness.h"
#include "tests/tls/test_certs.h"

namespace quizd_test {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

class TlsCliTest : public CliFixture {
 protected:
  void SetUp() override {
    CliFixture::SetUp();
    pki_ = MakeTestPki(dir_);
    std::filesystem::create_directory(banks());
    std::ofstream(banks() + "/test.yaml") << kTestBank;
    AddUsers({{"alice", "student"}});
  }

  std::string banks() const { return dir_ + "/banks"; }

  // quizd serving TLS with `cert` and `key`, plus `more` flags.
  void StartTls(const std::string& cert, const std::string& key,
                std::vector<std::string> more = {}, int max_files = 0) {
    QuizdOptions options;
    options.max_files = max_files;
    options.args = {"--tls-cert", cert, "--tls-key", key};
    options.args.insert(options.args.end(), more.begin(), more.end());
    StartServer(banks(), options);
  }

  CommandResult LoginWith(std::vector<std::string> tls_args) {
    std::vector<std::string> args = {"login", "alice", "--password-stdin"};
    args.insert(args.end(), tls_args.begin(), tls_args.end());
    return Quiz("alice", args, std::string(kPassword) + "\n");
  }

  // Logs in with the CA until it works, for up to 15 s: after a flood or a
  // full connection limit, new clients must be served again once it ends.
  CommandResult LoginOnceServedAgain() {
    const auto give_up =
        std::chrono::steady_clock::now() + std::chrono::seconds(15);
    CommandResult after;
    do {
      after = LoginWith({"--ca", pki_.ca});
    } while (after.exit_code != 0 &&
             std::chrono::steady_clock::now() < give_up);
    return after;
  }

  TestPki pki_;
};

TEST_F(TlsCliTest, AStudentTakesAQuizOverTlsAndTheConfigKeepsTheCa) {
  StartTls(pki_.server_cert, pki_.server_key);
  EXPECT_THAT(server_->log(),
              AllOf(HasSubstr("with TLS"), HasSubstr(pki_.server_cert)));
  CommandResult login = LoginWith({"--ca", pki_.ca});
  ASSERT_EQ(login.exit_code, 0) << login.err;
  EXPECT_THAT(ReadFile(dir_ + "/alice.json"),
              HasSubstr("\"ca\": \"" + pki_.ca + "\""));

  // Later commands find the CA in the config.
  CommandResult quizzes = Quiz("alice", {"quizzes"});
  ASSERT_EQ(quizzes.exit_code, 0) << quizzes.err;
  EXPECT_THAT(quizzes.out, HasSubstr("practice-all"));
  CommandResult take =
      Quiz("alice", {"take", "practice-all", "--json", "--answers",
                     WriteFile("answers.txt",
                               "claim-form: cms1500\n"
                               "group-codes: pr\n"
                               "x-placeholder: true\n"
                               "seventh-a: a\n")});
  ASSERT_EQ(take.exit_code, 0) << take.err;
  quiz::v1::Attempt attempt = ParseAttempt(take.out);
  EXPECT_EQ(attempt.state(), quiz::v1::FINISHED);
  EXPECT_DOUBLE_EQ(attempt.result().percent(), 100);
}

TEST_F(TlsCliTest, AWrongCaAndAnExpiredCertificateAreRefusedClearly) {
  StartTls(pki_.server_cert, pki_.server_key);
  CommandResult wrong = LoginWith({"--ca", pki_.other_ca});
  EXPECT_EQ(wrong.exit_code, 1);
  EXPECT_THAT(wrong.err,
              HasSubstr("quiz: UNAVAILABLE: the server's certificate could "
                        "not be verified with the CA in " +
                        pki_.other_ca + " (--ca)"));
  // gRPC's own log lines stay out of the user's way.
  EXPECT_THAT(wrong.err, Not(HasSubstr("ssl_transport_security")));

  server_.reset();
  StartTls(pki_.expired_cert, pki_.expired_key);
  EXPECT_THAT(server_->log(), HasSubstr("warning: the certificate in "
                                        "--tls-cert " +
                                        pki_.expired_cert + " expired"));
  CommandResult expired = LoginWith({"--ca", pki_.ca});
  EXPECT_EQ(expired.exit_code, 1);
  EXPECT_THAT(expired.err,
              AllOf(HasSubstr("the server's certificate could not be "
                              "verified with the CA in " +
                              pki_.ca),
                    HasSubstr("certificate has expired")));
}

TEST_F(TlsCliTest, APlaintextClientIsRefusedAndToldToGiveTheCa) {
  StartTls(pki_.server_cert, pki_.server_key);
  CommandResult plain = LoginWith({});
  EXPECT_EQ(plain.exit_code, 1);
  EXPECT_THAT(plain.err, AllOf(HasSubstr("speaks TLS"), HasSubstr("--ca")));
}

TEST_F(TlsCliTest, MutualTlsServesOnlyClientCertificatesFromItsCa) {
  StartTls(pki_.server_cert, pki_.server_key, {"--tls-client-ca", pki_.ca});
  CommandResult none = LoginWith({"--ca", pki_.ca});
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_THAT(none.err, HasSubstr("requires a client certificate"));
  CommandResult foreign =
      LoginWith({"--ca", pki_.ca, "--cert", pki_.other_client_cert, "--key",
                 pki_.other_client_key});
  EXPECT_EQ(foreign.exit_code, 1);
  EXPECT_THAT(foreign.err, HasSubstr("refused the client certificate in " +
                                     pki_.other_client_cert));
  CommandResult good = LoginWith(
      {"--ca", pki_.ca, "--cert", pki_.client_cert, "--key", pki_.client_key});
  ASSERT_EQ(good.exit_code, 0) << good.err;
  CommandResult quizzes = Quiz("alice", {"quizzes"});
  EXPECT_EQ(quizzes.exit_code, 0) << quizzes.err;
}

TEST_F(TlsCliTest, PlaintextBeyondLoopbackNeedsInsecure) {
  const std::string db = dir_ + "/open.db";
  CommandResult refused =
      RunCommand({QuizdBinary(), "--listen", "0.0.0.0:0", "--db", db});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_THAT(refused.err,
              AllOf(HasSubstr("refusing to serve plaintext on 0.0.0.0:0"),
                    HasSubstr("--tls-cert"), HasSubstr("--insecure")));
  EXPECT_FALSE(std::filesystem::exists(db));

  // --insecure serves; so does TLS without it.
  {
    QuizdProcess insecure(db, banks(),
                          {{"--listen", "0.0.0.0:0", "--insecure"}});
    EXPECT_TRUE(insecure.started()) << insecure.log();
  }
  QuizdProcess tls(dir_ + "/tls.db", banks(),
                   {{"--listen", "0.0.0.0:0", "--tls-cert", pki_.server_cert,
                     "--tls-key", pki_.server_key}});
  EXPECT_TRUE(tls.started()) << tls.log();
}

TEST_F(TlsCliTest, BadTlsFilesStopQuizdNamingTheFlagAndTheFile) {
  const std::string db = dir_ + "/bad.db";
  const std::string missing = dir_ + "/missing.pem";
  struct Case {
    std::vector<std::string> flags;
    std::vector<std::string> said;
  };
  for (const Case& c : std::vector<Case>{
           {{"--tls-cert", missing, "--tls-key", pki_.server_key},
            {"--tls-cert " + missing, "No such file"}},
           {{"--tls-cert", pki_.server_cert, "--tls-key",
             pki_.other_server_key},
            {"--tls-key " + pki_.other_server_key,
             "not the private key of the certificate in --tls-cert " +
                 pki_.server_cert}},
           {{"--tls-cert", pki_.server_key, "--tls-key", pki_.server_key},
            {"--tls-cert " + pki_.server_key, "no PEM certificate"}},
           {{"--tls-cert", pki_.server_cert}, {"--tls-cert and --tls-key"}},
       }) {
    std::vector<std::string> argv = {QuizdBinary(), "--listen", "127.0.0.1:0",
                                     "--db", db};
    argv.insert(argv.end(), c.flags.begin(), c.flags.end());
    CommandResult result = RunCommand(argv);
    EXPECT_EQ(result.exit_code, 1) << result.err;
    for (const std::string& text : c.said) {
      EXPECT_THAT(result.err, HasSubstr(text));
    }
    EXPECT_FALSE(std::filesystem::exists(db));
  }
}

TEST_F(TlsCliTest, ASecondServerOnTheSameAddressFailsAndTheFirstKeepsServing) {
  StartTls(pki_.server_cert, pki_.server_key);
  ASSERT_EQ(LoginWith({"--ca", pki_.ca}).exit_code, 0);
  const std::string second_db = dir_ + "/second.db";
  CommandResult second = RunCommand(
      {QuizdBinary(), "--listen", server_->address(), "--db", second_db,
       "--tls-cert", pki_.server_cert, "--tls-key", pki_.server_key});
  EXPECT_NE(second.exit_code, 0);
  EXPECT_THAT(second.err, HasSubstr("Address already in use"));
  EXPECT_FALSE(std::filesystem::exists(second_db));
  // The first serves new connections (each quiz run makes one).
  CommandResult quizzes = Quiz("alice", {"quizzes"});
  EXPECT_EQ(quizzes.exit_code, 0) << quizzes.err;
  // A plaintext second server cannot share the port either.
  second = RunCommand(
      {QuizdBinary(), "--listen", server_->address(), "--db", second_db});
  EXPECT_THAT(second.err, HasSubstr("Address already in use"));
}

// What gRPC's own listener does not survive (it stops for good after one
// EMFILE): quizd's acceptor keeps the port and relays to it (relay.h).
TEST_F(TlsCliTest, AFloodOfConnectionsPastTheFileLimitIsSurvivedOverTls) {
  StartTls(pki_.server_cert, pki_.server_key, {}, /*max_files=*/256);
  grpc::SslCredentialsOptions tls;
  tls.pem_root_certs = ReadFile(pki_.ca);
  auto auth = quiz::v1::AuthService::NewStub(
      grpc::CreateChannel(server_->address(), grpc::SslCredentials(tls)));
  auto login = [&auth] {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(20));
    quiz::v1::LoginRequest request;
    request.set_username("alice");
    request.set_password(kPassword);
    quiz::v1::LoginResponse reply;
    return auth->Login(&context, request, &reply);
  };
  ASSERT_TRUE(login().ok());

  std::vector<int> flood;
  for (int i = 0; i < 400; ++i) {
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(server_->port());
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) ==
        0) {
      flood.push_back(fd);
    } else {
      close(fd);
    }
  }
  // The connected client keeps working.
  grpc::Status during = login();
  EXPECT_TRUE(during.ok()) << during.error_message();
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (server_->log().find("refusing connections") == std::string::npos &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_THAT(server_->log(), HasSubstr("refusing connections"));
  EXPECT_THAT(server_->log(), Not(HasSubstr("Too many open files")));
  for (int fd : flood) close(fd);

  // Once the flood has gone, new clients are served again.
  const CommandResult after = LoginOnceServedAgain();
  EXPECT_EQ(after.exit_code, 0) << after.err << server_->log();
}

TEST_F(TlsCliTest, MaxConnectionsCountsTlsConnections) {
  StartTls(pki_.server_cert, pki_.server_key, {"--max-connections", "4"});
  EXPECT_THAT(server_->log(), HasSubstr("(at most 4 connections)"));
  std::vector<int> held;
  for (int i = 0; i < 4; ++i) {
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(server_->port());
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(
        connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    held.push_back(fd);
  }
  // A fifth is closed during its handshake, and told so.
  CommandResult refused = LoginWith({"--ca", pki_.ca});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.err, HasSubstr("closed the connection during the TLS "
                                     "handshake: it may be at its "
                                     "connection limit"));
  EXPECT_THAT(server_->log(), HasSubstr("refusing connections"));
  for (int fd : held) close(fd);
  const CommandResult after = LoginOnceServedAgain();
  EXPECT_EQ(after.exit_code, 0) << after.err;
}

}  // namespace
}  // namespace quizd_test
