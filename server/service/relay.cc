#include "server/service/relay.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "absl/strings/str_cat.h"
#include "server/service/acceptor.h"

namespace service {
namespace {

// Bytes moved per read. While one end cannot take what the other sent, the
// relay stops reading the sender: at most this much waits per direction.
constexpr size_t kChunkBytes = 32 * 1024;

// Writes what it can of `data` to `fd`: the bytes written, or -1 on an
// error other than a full socket buffer.
ssize_t WriteSome(int fd, const char* data, size_t size) {
  size_t done = 0;
  while (done < size) {
    const ssize_t n = send(fd, data + done, size - done, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) break;
      return -1;
    }
    done += static_cast<size_t>(n);
  }
  return static_cast<ssize_t>(done);
}

}  // namespace

// One end of a relayed connection.
struct Relay::Side {
  Pair* pair = nullptr;
  int fd = -1;
  bool is_backend = false;
  std::string pending;      // read from the other end, not yet written here
  bool read_done = false;   // this end sent EOF
  bool write_shut = false;  // the other end's EOF was passed on here
};

struct Relay::Pair {
  Side client;
  Side backend;
  bool connecting = true;  // the backend's connect has not completed
  bool dead = false;       // closed; freed after the current batch
  std::string alias;       // gRPC's name for the backend end
};

absl::StatusOr<std::unique_ptr<Relay>> Relay::Start(int backend_port,
                                                    int64_t max_connections) {
  std::unique_ptr<Relay> relay(new Relay());
  relay->backend_port_ = backend_port;
  relay->max_connections_ = max_connections;
  relay->epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
  relay->wake_fd_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (relay->epoll_fd_ < 0 || relay->wake_fd_ < 0) {
    return absl::InternalError(
        absl::StrCat("cannot start the TLS relay: ", std::strerror(errno)));
  }
  epoll_event wake{};
  wake.events = EPOLLIN;
  wake.data.ptr = nullptr;
  epoll_ctl(relay->epoll_fd_, EPOLL_CTL_ADD, relay->wake_fd_, &wake);
  relay->thread_ = std::thread([raw = relay.get()] { raw->Run(); });
  return relay;
}

Relay::~Relay() {
  Stop();
  for (int fd : {epoll_fd_, wake_fd_}) {
    if (fd >= 0) close(fd);
  }
}

void Relay::Stop() {
  {
    absl::MutexLock lock(&mu_);
    if (stopped_) return;
    stopped_ = true;
  }
  const uint64_t one = 1;
  [[maybe_unused]] ssize_t n = write(wake_fd_, &one, sizeof one);
  if (thread_.joinable()) thread_.join();
  absl::MutexLock lock(&mu_);
  for (Pair* pair : std::vector<Pair*>(pairs_.begin(), pairs_.end())) {
    Close(pair);
    delete pair;
  }
}

int64_t Relay::connections() {
  absl::MutexLock lock(&mu_);
  return static_cast<int64_t>(pairs_.size());
}

bool Relay::Add(int client, const std::string& peer) {
  {
    absl::MutexLock lock(&mu_);
    if (stopped_ || static_cast<int64_t>(pairs_.size()) >= max_connections_) {
      close(client);
      return false;
    }
  }
  const int backend =
      socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (backend < 0) {
    close(client);
    return false;
  }
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(backend_port_);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(backend, reinterpret_cast<sockaddr*>(&address), sizeof address) !=
          0 &&
      errno != EINPROGRESS) {
    close(backend);
    close(client);
    return false;
  }
  const int one = 1;
  setsockopt(backend, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  // A client that vanishes while it owes acknowledgements is dropped after
  // this long instead of holding its descriptors for ever.
  const unsigned int user_timeout_ms = 60 * 1000;
  setsockopt(client, IPPROTO_TCP, TCP_USER_TIMEOUT, &user_timeout_ms,
             sizeof user_timeout_ms);
  auto* pair = new Pair();
  for (auto [side, fd] :
       {std::pair{&pair->client, client}, std::pair{&pair->backend, backend}}) {
    side->pair = pair;
    side->fd = fd;
  }
  pair->backend.is_backend = true;
  sockaddr_in local{};
  socklen_t size = sizeof local;
  if (getsockname(backend, reinterpret_cast<sockaddr*>(&local), &size) == 0) {
    // How gRPC names the peer of the connection it accepts from the relay.
    pair->alias = absl::StrCat("ipv4:127.0.0.1:", ntohs(local.sin_port));
    RecordPeerAlias(pair->alias, peer);
  }
  absl::MutexLock lock(&mu_);
  if (stopped_) {
    Close(pair);
    delete pair;
    return false;
  }
  pairs_.insert(pair);
  // Edge-triggered: every event moves all that can move (Serve), so no
  // end is ever left with readable data and nothing to wake it.
  for (Side* side : {&pair->client, &pair->backend}) {
    epoll_event event{};
    event.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
    event.data.ptr = side;
    epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, side->fd, &event);
  }
  return true;
}

void Relay::Close(Pair* pair) {
  if (pair->dead) return;
  pair->dead = true;
  for (Side* side : {&pair->client, &pair->backend}) {
    epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, side->fd, nullptr);
    close(side->fd);
  }
  if (!pair->alias.empty()) ForgetPeerAlias(pair->alias);
  pairs_.erase(pair);
}

bool Relay::Flush(Side& to, const Side& from) {
  if (!to.pending.empty()) {
    const ssize_t n = WriteSome(to.fd, to.pending.data(), to.pending.size());
    if (n < 0) return false;
    to.pending.erase(0, static_cast<size_t>(n));
    // An idle connection holds no buffer.
    if (to.pending.empty()) std::string().swap(to.pending);
  }
  if (to.pending.empty() && from.read_done && !to.write_shut) {
    shutdown(to.fd, SHUT_WR);
    to.write_shut = true;
  }
  return true;
}

bool Relay::Pump(Side& from, Side& to) {
  char chunk[kChunkBytes];
  while (to.pending.empty() && !from.read_done) {
    const ssize_t n = recv(from.fd, chunk, sizeof chunk, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) break;
      return false;
    }
    if (n == 0) {
      from.read_done = true;
      break;
    }
    // Straight through; only what `to` cannot take now is kept.
    const ssize_t sent = WriteSome(to.fd, chunk, static_cast<size_t>(n));
    if (sent < 0) return false;
    if (sent < n) to.pending.assign(chunk + sent, chunk + n);
  }
  return Flush(to, from);
}

bool Relay::Over(const Pair& pair) {
  return (pair.backend.read_done && pair.client.pending.empty()) ||
         (pair.client.read_done && pair.backend.read_done);
}

bool Relay::Serve(Side& side, uint32_t events) {
  Pair& pair = *side.pair;
  if (pair.connecting) {
    if (!side.is_backend) return true;  // the client waits for the connect
    int error = 0;
    socklen_t size = sizeof error;
    getsockopt(pair.backend.fd, SOL_SOCKET, SO_ERROR, &error, &size);
    if (error != 0 || (events & EPOLLERR) != 0) return false;
    if ((events & EPOLLOUT) == 0) return true;
    pair.connecting = false;
  }
  if ((events & EPOLLERR) != 0) return false;
  return Flush(pair.client, pair.backend) && Flush(pair.backend, pair.client) &&
         Pump(pair.client, pair.backend) && Pump(pair.backend, pair.client) &&
         !Over(pair);
}

void Relay::Run() {
  std::vector<epoll_event> events(256);
  std::vector<Pair*> finished;
  bool stopping = false;
  while (!stopping) {
    const int count = epoll_wait(epoll_fd_, events.data(),
                                 static_cast<int>(events.size()), -1);
    if (count < 0) {
      if (errno == EINTR) continue;
      return;
    }
    for (int i = 0; i < count; ++i) {
      if (events[i].data.ptr == nullptr) {  // Stop()
        stopping = true;
        continue;
      }
      auto* side = static_cast<Side*>(events[i].data.ptr);
      if (side->pair->dead) continue;
      if (!Serve(*side, events[i].events)) {
        absl::MutexLock lock(&mu_);
        Close(side->pair);
        finished.push_back(side->pair);
      }
    }
    // Freed once no event of this batch can name them.
    for (Pair* pair : finished) delete pair;
    finished.clear();
  }
}

}  // namespace service
