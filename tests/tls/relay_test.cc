// The TLS relay (server/service/relay.h) on its own: bytes both ways with
// back-pressure, EOF passed on, the client's address for gRPC's name of the
// relayed connection, and the connection limit.
#include "server/service/relay.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>

#include "gtest/gtest.h"
#include "server/service/acceptor.h"

namespace quizd_test {
namespace {

void SetTimeout(int fd) {
  timeval wait{10, 0};  // a relay that loses bytes fails, not hangs
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &wait, sizeof wait);
}

// A listener on 127.0.0.1 standing in for gRPC's.
struct Backend {
  Backend() {
    fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    listen(fd, 16);
    socklen_t size = sizeof address;
    getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
    port = ntohs(address.sin_port);
  }
  ~Backend() { close(fd); }
  // Accepts one connection; `name` gets how gRPC would name its peer.
  int Accept(std::string* name) {
    sockaddr_in peer{};
    socklen_t size = sizeof peer;
    const int accepted = accept(fd, reinterpret_cast<sockaddr*>(&peer), &size);
    *name = "ipv4:127.0.0.1:" + std::to_string(ntohs(peer.sin_port));
    SetTimeout(accepted);
    return accepted;
  }
  int fd = -1;
  int port = 0;
};

std::string ReadExactly(int fd, size_t size) {
  std::string text;
  char buffer[65536];
  while (text.size() < size) {
    const ssize_t n =
        read(fd, buffer, std::min(sizeof buffer, size - text.size()));
    if (n <= 0) break;
    text.append(buffer, n);
  }
  return text;
}

void WriteAll(int fd, const std::string& text) {
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = write(fd, text.data() + done, text.size() - done);
    if (n <= 0) return;
    done += n;
  }
}

// A client connection: the test's end, and the end the relay takes.
struct ClientPair {
  ClientPair() {
    int ends[2];
    socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ends);
    test_end = ends[0];
    relay_end = ends[1];
    SetTimeout(test_end);
    fcntl(relay_end, F_SETFL, fcntl(relay_end, F_GETFL) | O_NONBLOCK);
  }
  int test_end = -1;
  int relay_end = -1;
};

TEST(RelayTest, RelaysBothWaysPassesEofOnAndNamesTheClient) {
  Backend backend;
  auto relay = service::Relay::Start(backend.port, 8);
  ASSERT_TRUE(relay.ok()) << relay.status();
  ClientPair client;
  ASSERT_TRUE((*relay)->Add(client.relay_end, "ipv4:203.0.113.7:4242"));
  std::string name;
  const int server = backend.Accept(&name);
  ASSERT_GE(server, 0);
  EXPECT_EQ(service::PeerName(name), "ipv4:203.0.113.7:4242");

  WriteAll(client.test_end, "hello");
  EXPECT_EQ(ReadExactly(server, 5), "hello");
  WriteAll(server, "world");
  EXPECT_EQ(ReadExactly(client.test_end, 5), "world");

  // Far more than any buffer, both ways at once: back-pressure, no loss.
  std::string up(8 << 20, '\0'), down(8 << 20, '\0');
  for (size_t i = 0; i < up.size(); ++i) {
    up[i] = static_cast<char>(i * 7);
    down[i] = static_cast<char>(i * 13);
  }
  std::thread writer_up([&] { WriteAll(client.test_end, up); });
  std::thread writer_down([&] { WriteAll(server, down); });
  std::string got_down;
  std::thread reader_down(
      [&] { got_down = ReadExactly(client.test_end, down.size()); });
  EXPECT_TRUE(ReadExactly(server, up.size()) == up);
  reader_down.join();
  writer_up.join();
  writer_down.join();
  EXPECT_TRUE(got_down == down);

  // The client's EOF reaches the backend; the backend's close ends it all.
  shutdown(client.test_end, SHUT_WR);
  char byte;
  EXPECT_EQ(read(server, &byte, 1), 0);
  close(server);
  EXPECT_EQ(read(client.test_end, &byte, 1), 0);
  const auto give_up =
      std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while ((*relay)->connections() > 0 &&
         std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ((*relay)->connections(), 0);
  EXPECT_EQ(service::PeerName(name), name);  // forgotten with the connection
  close(client.test_end);
}

TEST(RelayTest, ConnectionsPastTheLimitAreClosedAtOnce) {
  Backend backend;
  auto relay = service::Relay::Start(backend.port, 1);
  ASSERT_TRUE(relay.ok());
  ClientPair first, second;
  EXPECT_TRUE((*relay)->Add(first.relay_end, "ipv4:192.0.2.1:1"));
  EXPECT_FALSE((*relay)->Add(second.relay_end, "ipv4:192.0.2.2:2"));
  char byte;
  EXPECT_EQ(read(second.test_end, &byte, 1), 0);  // closed
  EXPECT_EQ((*relay)->connections(), 1);
  (*relay)->Stop();
  EXPECT_EQ(read(first.test_end, &byte, 1), 0);  // Stop closes the rest
  close(first.test_end);
  close(second.test_end);
}

}  // namespace
}  // namespace quizd_test
