// The gRPC layer under attack, with the real quizd: a second server on the
// same address, a flood of connections past the file limit, readers that
// never read a big reply, and idle connections. Through each, a student who
// is connected keeps working, and new clients are served once it is over.
#include <arpa/inet.h>
#include <grpcpp/grpcpp.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "cli_fixture_util.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "process_util.h"
#include "quiz/v1/attempt_service.grpc.pb.h"
#include "quiz/v1/auth_service.grpc.pb.h"
#include "quiz/v1/bank_service.grpc.pb.h"
#include "tests/common/big_bank.h"

namespace quizd_test {
namespace {

using ::testing::HasSubstr;

// A TCP connection to 127.0.0.1:port that the test holds open; -1 when the
// connect failed.
int Connect(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

void CloseAll(std::vector<int>& fds) {
  for (int fd : fds) close(fd);
  fds.clear();
}

// Whether the server has closed `fd`: reads what it sent (a GOAWAY, say)
// until end of stream, waiting at most `wait`.
bool ClosedByServer(int fd, std::chrono::milliseconds wait) {
  const auto give_up = std::chrono::steady_clock::now() + wait;
  while (std::chrono::steady_clock::now() < give_up) {
    pollfd p = {fd, POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) continue;
    char buffer[4096];
    const ssize_t n = read(fd, buffer, sizeof buffer);
    if (n <= 0) return true;
  }
  return false;
}

// Just enough HTTP/2 (RFC 9113) to be a client that asks and never reads.
namespace h2 {

constexpr char kPreface[] = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

std::string Frame(uint8_t type, uint8_t flags, uint32_t stream,
                  const std::string& payload) {
  std::string frame;
  const uint32_t length = payload.size();
  frame += static_cast<char>(length >> 16);
  frame += static_cast<char>(length >> 8);
  frame += static_cast<char>(length);
  frame += static_cast<char>(type);
  frame += static_cast<char>(flags);
  for (int shift : {24, 16, 8, 0}) frame += static_cast<char>(stream >> shift);
  return frame + payload;
}

// SETTINGS with SETTINGS_INITIAL_WINDOW_SIZE 0: the server may send no
// DATA on any stream until a WINDOW_UPDATE that never comes.
std::string ZeroWindowSettings() {
  return Frame(0x4, 0, 0, std::string("\x00\x04\x00\x00\x00\x00", 6));
}

// HPACK literal header field without indexing, new name, no Huffman.
std::string Header(const std::string& name, const std::string& value) {
  EXPECT_LT(name.size(), 127u);
  EXPECT_LT(value.size(), 127u);
  return std::string(1, '\0') + static_cast<char>(name.size()) + name +
         static_cast<char>(value.size()) + value;
}

// A whole unary gRPC call on `stream`: HEADERS, then DATA with the
// length-prefixed message and END_STREAM.
std::string UnaryCall(uint32_t stream, const std::string& path, int port,
                      const std::string& token,
                      const google::protobuf::Message& request) {
  const std::string headers =
      Header(":method", "POST") + Header(":scheme", "http") +
      Header(":path", path) +
      Header(":authority", "127.0.0.1:" + std::to_string(port)) +
      Header("content-type", "application/grpc") + Header("te", "trailers") +
      Header("authorization", "Bearer " + token);
  const std::string body = request.SerializeAsString();
  std::string message(1, '\0');
  for (int shift : {24, 16, 8, 0}) {
    message += static_cast<char>(body.size() >> shift);
  }
  message += body;
  return Frame(0x1, 0x4 /* END_HEADERS */, stream, headers) +
         Frame(0x0, 0x1 /* END_STREAM */, stream, message);
}

bool SendAll(int fd, const std::string& bytes) {
  size_t sent = 0;
  while (sent < bytes.size()) {
    const ssize_t n = write(fd, bytes.data() + sent, bytes.size() - sent);
    if (n <= 0) return false;
    sent += n;
  }
  return true;
}

}  // namespace h2

// VmRSS of `pid` in MiB, from /proc/PID/status.
int64_t ResidentMiB(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) {
      return std::stoll(line.substr(6)) / 1024;  // the file says kB
    }
  }
  return -1;
}

// A student on one gRPC connection, opened before any attack.
class Student {
 public:
  explicit Student(const std::string& address)
      : channel_(
            grpc::CreateChannel(address, grpc::InsecureChannelCredentials())),
        auth_(quiz::v1::AuthService::NewStub(channel_)),
        attempts_(quiz::v1::AttemptService::NewStub(channel_)) {}

  // Logs in, starts (or resumes) the big bank's practice quiz and answers
  // its next unanswered item; the error of the first step that failed.
  grpc::Status LogInStartAndAnswer() {
    quiz::v1::LoginRequest login;
    login.set_username("alice");
    login.set_password(kPassword);
    quiz::v1::LoginResponse session;
    grpc::Status status = auth_->Login(Deadline().get(), login, &session);
    if (!status.ok()) return status;
    token_ = session.token();
    quiz::v1::StartAttemptRequest start;
    start.set_quiz("quizzes/big-practice");
    quiz::v1::Attempt attempt;
    status =
        attempts_->StartAttempt(As(session.token()).get(), start, &attempt);
    if (!status.ok()) return status;
    attempt_ = attempt.name();
    for (const quiz::v1::AttemptItem& item : attempt.items()) {
      if (item.has_response()) continue;
      quiz::v1::SubmitResponseRequest submit;
      submit.set_attempt(attempt.name());
      submit.set_item_id(item.item().id());
      submit.mutable_response()->mutable_choice()->add_option_ids("a");
      quiz::v1::SubmitResponseResponse graded;
      return attempts_->SubmitResponse(As(session.token()).get(), submit,
                                       &graded);
    }
    return grpc::Status(grpc::StatusCode::INTERNAL, "no item left to answer");
  }

  std::shared_ptr<grpc::Channel> channel() const { return channel_; }
  // After LogInStartAndAnswer: the student's token and attempt.
  const std::string& token() const { return token_; }
  const std::string& attempt() const { return attempt_; }

  static std::unique_ptr<grpc::ClientContext> Deadline() {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() +
                          std::chrono::seconds(10));
    return context;
  }
  static std::unique_ptr<grpc::ClientContext> As(const std::string& token) {
    auto context = Deadline();
    context->AddMetadata("authorization", "Bearer " + token);
    return context;
  }

 private:
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<quiz::v1::AuthService::Stub> auth_;
  std::unique_ptr<quiz::v1::AttemptService::Stub> attempts_;
  std::string token_;
  std::string attempt_;
};

class WireTest : public CliFixture {
 protected:
  // alice (student) and carol (instructor); the big bank alone, of `items`.
  // The quiz draws `drawn` items of `stem_bytes` each.
  void StartWith(int items, const QuizdOptions& options, int stem_bytes = 400,
                 int drawn = 10) {
    std::filesystem::create_directory(dir_ + "/banks");
    std::ofstream(dir_ + "/banks/big.yaml")
        << BigBankYaml("big", items, stem_bytes, drawn);
    AddUsers({{"alice", "student"}, {"carol", "instructor"}});
    StartServer(dir_ + "/banks", options);
  }

  // Runs `call` while reading quizd's log, so that a burst of log lines
  // (a failed request each) cannot fill the pipe and stall quizd.
  grpc::Status WhileReadingLog(const std::function<grpc::Status()>& call) {
    std::future<grpc::Status> done = std::async(std::launch::async, call);
    while (done.wait_for(std::chrono::milliseconds(20)) !=
           std::future_status::ready) {
      server_->log();
    }
    return done.get();
  }

  // Runs `quiz quizzes` as a new client until it works, for up to `wait`:
  // what a student who connects after an attack sees.
  bool NewClientServed(std::chrono::seconds wait) {
    const auto give_up = std::chrono::steady_clock::now() + wait;
    do {
      Login("alice");
      CommandResult listed = Quiz("alice", {"quizzes"});
      if (listed.exit_code == 0 &&
          listed.out.find("big-practice") != std::string::npos) {
        return true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    } while (std::chrono::steady_clock::now() < give_up);
    return false;
  }
};

TEST_F(WireTest, ASecondServerOnTheSameAddressFailsAndTheFirstKeepsServing) {
  StartWith(20, {});
  Student student(server_->address());
  ASSERT_TRUE(student.LogInStartAndAnswer().ok());

  const std::string second_db = dir_ + "/second.db";
  CommandResult second = RunCommand(
      {QuizdBinary(), "--listen", server_->address(), "--db", second_db});
  EXPECT_NE(second.exit_code, 0);
  EXPECT_THAT(second.err, HasSubstr("Address already in use"));
  // It stopped before touching a database.
  EXPECT_FALSE(std::filesystem::exists(second_db));

  grpc::Status still = student.LogInStartAndAnswer();
  EXPECT_TRUE(still.ok()) << still.error_message();
  EXPECT_TRUE(NewClientServed(std::chrono::seconds(10)));
}

TEST_F(WireTest, AFloodOfConnectionsPastTheFileLimitIsSurvived) {
  // 256 descriptors: quizd keeps 64 for itself and serves connections on
  // the rest.
  StartWith(20, {{}, /*max_files=*/256});
  Student student(server_->address());
  ASSERT_TRUE(student.LogInStartAndAnswer().ok());

  std::vector<int> flood;
  for (int i = 0; i < 400; ++i) {
    const int fd = Connect(server_->port());
    if (fd >= 0) flood.push_back(fd);
  }
  grpc::Status during = student.LogInStartAndAnswer();
  EXPECT_TRUE(during.ok()) << during.error_message();
  // The connections past the limit were closed by quizd, not queued; the
  // acceptor works through the backlog on its own thread.
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (server_->log().find("refusing connections") == std::string::npos &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_THAT(server_->log(), HasSubstr("refusing connections"));
  CloseAll(flood);

  // Once the attacker has gone, new clients are served again.
  EXPECT_TRUE(NewClientServed(std::chrono::seconds(15))) << server_->log();
  grpc::Status after = student.LogInStartAndAnswer();
  EXPECT_TRUE(after.ok()) << after.error_message();
}

TEST_F(WireTest, AFloodOfBigRequestsIsBoundedByTheMemoryQuota) {
  // 200 logins with 3.9 MB passwords took quizd from 28 to 837 MB. gRPC
  // takes in each whole message before quizd sees it, so the transport's
  // memory quota (64 MiB by default) is what bounds them.
  StartWith(50, {});
  const int64_t before = ResidentMiB(server_->pid());
  ASSERT_GT(before, 0);
  std::atomic<int64_t> peak{before};
  std::atomic<bool> flooding{true};
  std::thread sampler([&] {
    while (flooding.load()) {
      const int64_t now = ResidentMiB(server_->pid());
      if (now > peak.load()) peak = now;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  });
  const std::string big(3900 * 1000, 'x');
  std::mutex mu;
  std::map<grpc::StatusCode, int> outcomes;
  std::vector<std::thread> callers;
  for (int i = 0; i < 200; ++i) {
    callers.emplace_back([&] {
      grpc::ChannelArguments args;
      args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);  // a connection each
      args.SetMaxSendMessageSize(8 << 20);
      auto auth = quiz::v1::AuthService::NewStub(grpc::CreateCustomChannel(
          server_->address(), grpc::InsecureChannelCredentials(), args));
      quiz::v1::LoginRequest login;
      login.set_username("alice");
      login.set_password(big);
      quiz::v1::LoginResponse session;
      const grpc::Status status =
          auth->Login(Student::Deadline().get(), login, &session);
      std::lock_guard<std::mutex> lock(mu);
      ++outcomes[status.error_code()];
    });
  }
  for (std::thread& caller : callers) caller.join();
  flooding = false;
  sampler.join();

  // Refused as oversize, or shed: never checked, never a token.
  int refused = 0;
  for (const auto& [code, n] : outcomes) {
    EXPECT_THAT(code, testing::AnyOf(grpc::StatusCode::INVALID_ARGUMENT,
                                     grpc::StatusCode::RESOURCE_EXHAUSTED,
                                     grpc::StatusCode::UNAVAILABLE))
        << n << " calls";
    refused += n;
  }
  EXPECT_EQ(refused, 200);
  if (kMemoryBoundsHold)
    EXPECT_LT(peak - before, 200)
        << "before " << before << " MiB, peak " << peak << " MiB";
  RecordProperty("rss_before_mib", static_cast<int>(before));
  RecordProperty("rss_peak_mib", static_cast<int>(peak));
  // The student is served once the flood has passed.
  Student student(server_->address());
  grpc::Status after = student.LogInStartAndAnswer();
  EXPECT_TRUE(after.ok()) << after.error_message();
}

TEST_F(WireTest, ReadersThatNeverReadABigReplyDoNotPinMemory) {
  // About 3.5 MB per bank reply; 200 such readers held 700 MB before.
  StartWith(
      6000,
      {{"--max-bank-replies", "2", "--bank-transfer-timeout-seconds", "3"}, 0});
  Student student(server_->address());
  ASSERT_TRUE(student.LogInStartAndAnswer().ok());
  const int64_t before = ResidentMiB(server_->pid());
  ASSERT_GT(before, 0);

  quiz::v1::LoginRequest login;
  login.set_username("carol");
  login.set_password(kPassword);
  quiz::v1::LoginResponse carol;
  ASSERT_TRUE(quiz::v1::AuthService::NewStub(student.channel())
                  ->Login(Student::Deadline().get(), login, &carol)
                  .ok());
  quiz::v1::GetBankRequest get;
  get.set_name("banks/big");
  // 20 connections of 10 calls each, every stream with a window of 0.
  std::vector<int> readers;
  for (int c = 0; c < 20; ++c) {
    const int fd = Connect(server_->port());
    ASSERT_GE(fd, 0);
    std::string calls = std::string(h2::kPreface) + h2::ZeroWindowSettings();
    for (uint32_t stream = 1; stream < 20; stream += 2) {
      calls += h2::UnaryCall(stream, "/quiz.v1.BankService/GetBank",
                             server_->port(), carol.token(), get);
    }
    ASSERT_TRUE(h2::SendAll(fd, calls));
    readers.push_back(fd);
  }
  grpc::Status during = student.LogInStartAndAnswer();
  EXPECT_TRUE(during.ok()) << during.error_message();
  const int64_t held = ResidentMiB(server_->pid());
  // Two replies at most are held (7 MB); 200 would be 700 MB.
  if (kMemoryBoundsHold)
    EXPECT_LT(held - before, 150) << "before " << before << " MiB, with 200 "
                                  << "stalled GetBank calls " << held << " MiB";
  RecordProperty("rss_before_mib", static_cast<int>(before));
  RecordProperty("rss_with_slow_readers_mib", static_cast<int>(held));

  // The stalled replies are cancelled at their deadline, so a bank can be
  // read again while the readers are still connected.
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(64 << 20);
  auto banks = quiz::v1::BankService::NewStub(grpc::CreateCustomChannel(
      server_->address(), grpc::InsecureChannelCredentials(), args));
  grpc::Status read;
  const auto give_up =
      std::chrono::steady_clock::now() + std::chrono::seconds(20);
  do {
    quiz::v1::Bank bank;
    read = banks->GetBank(Student::As(carol.token()).get(), get, &bank);
    if (read.ok()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  } while (std::chrono::steady_clock::now() < give_up);
  EXPECT_TRUE(read.ok()) << read.error_message();
  CloseAll(readers);
  grpc::Status after = student.LogInStartAndAnswer();
  EXPECT_TRUE(after.ok()) << after.error_message();
}

TEST_F(WireTest, ReadersThatNeverReadAttemptsDoNotPinMemory) {
  // A 100-item attempt of about 270 KB in full; 1,000 stalled readers of it
  // held 620 MB before. Unread replies are capped at 32 MiB here.
  StartWith(200,
            {{"--max-pending-reply-bytes", std::to_string(32 << 20),
              "--reply-timeout-seconds", "1"},
             0},
            /*stem_bytes=*/2500, /*drawn=*/100);
  Student student(server_->address());
  ASSERT_TRUE(student.LogInStartAndAnswer().ok());
  const int64_t before = ResidentMiB(server_->pid());
  quiz::v1::GetAttemptRequest get;
  get.set_name(student.attempt());
  // 40 connections of 25 calls each, every stream with a window of 0.
  std::vector<int> readers;
  for (int c = 0; c < 40; ++c) {
    const int fd = Connect(server_->port());
    ASSERT_GE(fd, 0);
    std::string calls = std::string(h2::kPreface) + h2::ZeroWindowSettings();
    for (uint32_t stream = 1; stream < 50; stream += 2) {
      calls += h2::UnaryCall(stream, "/quiz.v1.AttemptService/GetAttempt",
                             server_->port(), student.token(), get);
    }
    ASSERT_TRUE(h2::SendAll(fd, calls));
    readers.push_back(fd);
  }
  grpc::Status during =
      WhileReadingLog([&] { return student.LogInStartAndAnswer(); });
  EXPECT_TRUE(during.ok()) << during.error_message();
  const int64_t held = ResidentMiB(server_->pid());
  // 32 MiB of serialized replies hold a few times that; 1,000 held 620 MB.
  if (kMemoryBoundsHold)
    EXPECT_LT(held - before, 300)
        << "before " << before << " MiB, with 1,000 "
        << "stalled GetAttempt calls " << held << " MiB";
  EXPECT_THAT(server_->log(), HasSubstr("cancelling replies: unread replies "
                                        "past the total"));
  RecordProperty("rss_before_mib", static_cast<int>(before));
  RecordProperty("rss_with_slow_readers_mib", static_cast<int>(held));
  // The replies still counted are cancelled at their deadline.
  const auto give_up =
      std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (server_->log().find("not read within") == std::string::npos &&
         std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_THAT(server_->log(), HasSubstr("not read within"));
  CloseAll(readers);
  grpc::Status after =
      WhileReadingLog([&] { return student.LogInStartAndAnswer(); });
  EXPECT_TRUE(after.ok()) << after.error_message();
}

TEST_F(WireTest, IdleConnectionsAreClosed) {
  StartWith(20, {{"--idle-seconds", "1"}, 0});
  Student student(server_->address());
  ASSERT_TRUE(student.LogInStartAndAnswer().ok());
  // Half speak HTTP/2 and then nothing; half never say a word.
  std::vector<int> idle;
  for (int i = 0; i < 100; ++i) {
    const int fd = Connect(server_->port());
    ASSERT_GE(fd, 0);
    if (i % 2 == 0) {
      ASSERT_TRUE(h2::SendAll(
          fd, std::string(h2::kPreface) + h2::Frame(0x4, 0, 0, "")));
    }
    idle.push_back(fd);
  }
  grpc::Status during = student.LogInStartAndAnswer();
  EXPECT_TRUE(during.ok()) << during.error_message();
  int closed = 0;
  for (int fd : idle) {
    closed += ClosedByServer(fd, std::chrono::seconds(10)) ? 1 : 0;
  }
  EXPECT_EQ(closed, 100);
  CloseAll(idle);
  EXPECT_TRUE(NewClientServed(std::chrono::seconds(10)));
}

}  // namespace
}  // namespace quizd_test
