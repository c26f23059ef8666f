#include "server/service/acceptor.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <grpcpp/server_posix.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/synchronization/mutex.h"

namespace service {
namespace {

// Connections the kernel queues before accept.
constexpr int kBacklog = 1024;

// "host:port", "[v6]:port" or ":port" split; the host may be empty.
absl::Status SplitHostPort(const std::string& listen, std::string* host,
                           int* port) {
  const size_t colon = listen.rfind(':');
  if (colon == std::string::npos ||
      !absl::SimpleAtoi(listen.substr(colon + 1), port) || *port < 0 ||
      *port > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat("listen address \"", listen, "\": expected HOST:PORT"));
  }
  *host = listen.substr(0, colon);
  if (host->size() >= 2 && host->front() == '[' && host->back() == ']') {
    *host = host->substr(1, host->size() - 2);
  }
  return absl::OkStatus();
}

int PortOf(int fd) {
  sockaddr_storage address{};
  socklen_t size = sizeof address;
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
    return 0;
  }
  if (address.ss_family == AF_INET6) {
    return ntohs(reinterpret_cast<sockaddr_in6*>(&address)->sin6_port);
  }
  return ntohs(reinterpret_cast<sockaddr_in*>(&address)->sin_port);
}

void SetPort(addrinfo* info, int port) {
  if (info->ai_family == AF_INET6) {
    reinterpret_cast<sockaddr_in6*>(info->ai_addr)->sin6_port = htons(port);
  } else {
    reinterpret_cast<sockaddr_in*>(info->ai_addr)->sin_port = htons(port);
  }
}

// A listening socket on `info`, or -1 with errno set. SO_REUSEADDR only
// lets a restarted server bind past connections in TIME_WAIT; it does not
// let two servers share the port (SO_REUSEPORT would, and is never set).
int BindAndListen(const addrinfo* info) {
  const int fd =
      socket(info->ai_family, info->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
             info->ai_protocol);
  if (fd < 0) return -1;
  const int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (bind(fd, info->ai_addr, info->ai_addrlen) != 0 ||
      listen(fd, kBacklog) != 0) {
    const int saved = errno;
    close(fd);
    errno = saved;
    return -1;
  }
  return fd;
}

// The peer address of each descriptor the acceptor handed over, by number.
// A number is reused only once gRPC has closed its connection, so the entry
// is that of the connection now on it.
class PeerTable {
 public:
  void Record(int fd, std::string address) {
    absl::MutexLock lock(&mu_);
    if (static_cast<size_t>(fd) >= names_.size()) names_.resize(fd + 1);
    names_[fd] = std::move(address);
  }
  std::string Find(int fd) {
    absl::MutexLock lock(&mu_);
    if (fd < 0 || static_cast<size_t>(fd) >= names_.size()) return "";
    return names_[fd];
  }
  void RecordAlias(const std::string& name, std::string address) {
    absl::MutexLock lock(&mu_);
    aliases_[name] = std::move(address);
  }
  void ForgetAlias(const std::string& name) {
    absl::MutexLock lock(&mu_);
    aliases_.erase(name);
  }
  std::string FindAlias(const std::string& name) {
    absl::MutexLock lock(&mu_);
    auto it = aliases_.find(name);
    return it == aliases_.end() ? "" : it->second;
  }

 private:
  absl::Mutex mu_;
  std::vector<std::string> names_;
  absl::flat_hash_map<std::string, std::string> aliases_;
};

PeerTable& Peers() {
  static PeerTable* const table = new PeerTable();
  return *table;
}

// "ipv4:1.2.3.4:5" or "ipv6:[::1]:5", as gRPC names peers.
std::string AddressName(const sockaddr_storage& address) {
  char text[INET6_ADDRSTRLEN] = "";
  if (address.ss_family == AF_INET6) {
    const auto& v6 = reinterpret_cast<const sockaddr_in6&>(address);
    inet_ntop(AF_INET6, &v6.sin6_addr, text, sizeof text);
    return absl::StrCat("ipv6:[", text, "]:", ntohs(v6.sin6_port));
  }
  const auto& v4 = reinterpret_cast<const sockaddr_in&>(address);
  inet_ntop(AF_INET, &v4.sin_addr, text, sizeof text);
  return absl::StrCat("ipv4:", text, ":", ntohs(v4.sin_port));
}

}  // namespace

void RecordPeerAlias(const std::string& grpc_peer, std::string address) {
  Peers().RecordAlias(grpc_peer, std::move(address));
}

void ForgetPeerAlias(const std::string& grpc_peer) {
  Peers().ForgetAlias(grpc_peer);
}

std::string PeerName(const std::string& grpc_peer) {
  absl::string_view rest = grpc_peer;
  int fd = -1;
  if (!absl::ConsumePrefix(&rest, "fd:") || !absl::SimpleAtoi(rest, &fd)) {
    std::string alias = Peers().FindAlias(grpc_peer);
    return alias.empty() ? grpc_peer : alias;
  }
  std::string name = Peers().Find(fd);
  return name.empty() ? grpc_peer : name;
}

absl::StatusOr<std::unique_ptr<Acceptor>> Acceptor::Listen(
    const std::string& listen) {
  std::string host;
  int port = 0;
  if (absl::Status split = SplitHostPort(listen, &host, &port); !split.ok()) {
    return split;
  }
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  if (const int error = getaddrinfo(host.empty() ? nullptr : host.c_str(),
                                    service.c_str(), &hints, &found);
      error != 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("listen address \"", listen, "\": ", gai_strerror(error)));
  }
  std::unique_ptr<Acceptor> acceptor(new Acceptor());
  absl::Status failed;
  for (addrinfo* info = found; info != nullptr; info = info->ai_next) {
    // Port 0: every address gets the port the first one was given.
    if (acceptor->port_ != 0) SetPort(info, acceptor->port_);
    const int fd = BindAndListen(info);
    if (fd < 0) {
      // An address family the host lacks (no IPv6) is skipped; anything
      // else, above all EADDRINUSE, stops the start.
      if (errno == EAFNOSUPPORT || errno == EADDRNOTAVAIL) continue;
      failed = absl::UnavailableError(absl::StrCat("cannot listen on ", listen,
                                                   ": ", std::strerror(errno)));
      break;
    }
    acceptor->listen_fds_.push_back(fd);
    if (acceptor->port_ == 0) acceptor->port_ = PortOf(fd);
  }
  freeaddrinfo(found);
  if (failed.ok() && acceptor->listen_fds_.empty()) {
    failed = absl::UnavailableError(
        absl::StrCat("cannot listen on ", listen, ": no usable address"));
  }
  if (!failed.ok()) return failed;  // the destructor closes what was bound
  acceptor->wake_fd_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  acceptor->spare_fd_ = open("/dev/null", O_RDONLY | O_CLOEXEC);
  return acceptor;
}

Acceptor::~Acceptor() {
  Stop();
  for (int fd : {wake_fd_, spare_fd_}) {
    if (fd >= 0) close(fd);
  }
}

void Acceptor::Start(grpc::Server* server, int descriptor_ceiling) {
  Start(
      [server](int fd, const std::string& peer) {
        Peers().Record(fd, peer);
        grpc::AddInsecureChannelFromFd(server, fd);
        return true;
      },
      descriptor_ceiling);
}

void Acceptor::Start(HandOver hand_over, int descriptor_ceiling) {
  thread_ =
      std::thread([this, hand_over = std::move(hand_over), descriptor_ceiling] {
        Run(hand_over, descriptor_ceiling);
      });
}

void Acceptor::Stop() {
  if (stopping_.exchange(true)) return;
  if (thread_.joinable()) {
    const uint64_t one = 1;
    [[maybe_unused]] ssize_t n = write(wake_fd_, &one, sizeof one);
    thread_.join();
  }
  for (int fd : listen_fds_) close(fd);
  listen_fds_.clear();
}

bool Acceptor::DropPendingConnection(int listen_fd) {
  if (spare_fd_ >= 0) close(spare_fd_);
  const int fd = accept4(listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
  if (fd >= 0) close(fd);
  spare_fd_ = open("/dev/null", O_RDONLY | O_CLOEXEC);
  return fd >= 0;
}

void Acceptor::Run(const HandOver& hand_over, int descriptor_ceiling) {
  std::vector<pollfd> fds;
  for (int fd : listen_fds_) fds.push_back({fd, POLLIN, 0});
  fds.push_back({wake_fd_, POLLIN, 0});
  // Logged once per burst, not per refused connection.
  auto last_warning = std::chrono::steady_clock::time_point();
  auto warn = [&](const char* why) {
    ++refused_;
    const auto now = std::chrono::steady_clock::now();
    if (now - last_warning < std::chrono::seconds(10)) return;
    last_warning = now;
    std::fprintf(stderr,
                 "quizd: refusing connections: %s (%lld refused so far)\n", why,
                 static_cast<long long>(refused_.load()));
  };
  while (!stopping_.load()) {
    if (poll(fds.data(), fds.size(), -1) < 0 && errno != EINTR) break;
    if (fds.back().revents != 0) break;  // Stop()
    for (size_t i = 0; i + 1 < fds.size(); ++i) {
      if ((fds[i].revents & POLLIN) == 0) continue;
      // Drain the queue: poll says readable once for several connections.
      while (!stopping_.load()) {
        sockaddr_storage peer{};
        socklen_t peer_size = sizeof peer;
        const int fd = accept4(fds[i].fd, reinterpret_cast<sockaddr*>(&peer),
                               &peer_size, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
          if (errno == EINTR || errno == ECONNABORTED) continue;
          if (errno == EMFILE || errno == ENFILE) {
            warn("out of file descriptors");
            if (DropPendingConnection(fds[i].fd)) continue;
            // Another thread took the spare's slot: wait for descriptors to
            // be freed rather than spin on a queue that cannot drain.
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            break;
          }
          if (errno == ENOBUFS || errno == ENOMEM) {
            // Out of kernel memory: give it a moment rather than spin.
            warn("out of kernel memory");
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
          }
          break;  // EAGAIN: the queue is empty
        }
        if (fd >= descriptor_ceiling) {
          close(fd);
          warn("connection limit reached (see --max-connections)");
          continue;
        }
        const int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        if (!hand_over(fd, AddressName(peer))) {
          warn("connection limit reached (see --max-connections)");
        }
      }
    }
  }
}

}  // namespace service
