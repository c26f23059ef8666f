// Accepting TCP connections for the gRPC server ourselves and handing each
// to it (grpc::AddInsecureChannelFromFd), instead of gRPC's own listener.
//
// Why: gRPC 1.51 (Debian 12) binds with SO_REUSEPORT, so a second quizd on
// the same address silently shares the port, and its listener stops for good
// the first time accept4 fails with EMFILE (grpc/grpc#16058): after one burst
// of connections past the file limit, the server never accepts again. This
// acceptor binds without SO_REUSEPORT (a second server fails with "address
// already in use"), refuses connections that would leave too few descriptors
// for the server's own use, and survives EMFILE by closing a spare descriptor
// to take the pending connection off the queue and close it.
//
// TLS too: gRPC 1.51 takes a descriptor in plaintext only
// (grpc_server_add_channel_from_fd), so with --tls-cert the acceptor hands
// each connection to the relay (relay.h), which passes its bytes, still
// encrypted, to gRPC's TLS listener on 127.0.0.1. The guarantees above hold
// over TLS as well (the relay counts three descriptors per connection and
// bounds connections itself); gRPC's listener, reachable from this host
// only, is the one part that a local process could still flood.
#ifndef QUIZD_SERVER_SERVICE_ACCEPTOR_H_
#define QUIZD_SERVER_SERVICE_ACCEPTOR_H_

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"

namespace service {

// The address of a call's peer for logs: gRPC names a connection handed
// over by descriptor "fd:N"; this gives the address the acceptor took it
// from ("ipv4:127.0.0.1:53412"), or `grpc_peer` as it is otherwise.
// Thread-safe.
std::string PeerName(const std::string& grpc_peer);
// Makes PeerName(`grpc_peer`) give `address` until ForgetPeerAlias: the
// TLS relay (relay.h) names its connections to gRPC so. Thread-safe.
void RecordPeerAlias(const std::string& grpc_peer, std::string address);
void ForgetPeerAlias(const std::string& grpc_peer);

class Acceptor {
 public:
  // Binds every address `listen` ("host:port"; port 0 picks one) resolves
  // to and listens. UNAVAILABLE naming the address and the reason ("address
  // already in use") when a bind fails; INVALID_ARGUMENT for an address
  // that does not parse or resolve.
  static absl::StatusOr<std::unique_ptr<Acceptor>> Listen(
      const std::string& listen);
  ~Acceptor();

  // The port bound.
  int port() const { return port_; }

  // Starts the accepting thread, which hands every connection to `server`
  // until Stop(). A connection whose descriptor number would be
  // `descriptor_ceiling` or more (that is, at least that many descriptors are
  // open) is closed at once: the server keeps room for its database, logs and
  // gRPC's own descriptors, and keeps serving the connections it has.
  void Start(grpc::Server* server, int descriptor_ceiling);
  // The same, handing each connection (a non-blocking socket) and its peer
  // address ("ipv4:1.2.3.4:5") to `hand_over` instead, which owns it then
  // and returns false when it refused (closed) it: counted and logged as
  // the ceiling's refusals are.
  using HandOver = std::function<bool(int fd, const std::string& peer)>;
  void Start(HandOver hand_over, int descriptor_ceiling);
  // Stops accepting and closes the listening sockets; connections already
  // handed over are the server's. Idempotent.
  void Stop();

  // Connections refused at the ceiling or after EMFILE, since the start.
  int64_t refused() const { return refused_.load(); }

 private:
  Acceptor() = default;
  void Run(const HandOver& hand_over, int descriptor_ceiling);
  // Takes one pending connection off a full queue and closes it (the
  // descriptor table is full): without this the queue never drains and
  // poll reports the socket readable forever. False when even the spare's
  // slot was taken.
  bool DropPendingConnection(int listen_fd);

  std::vector<int> listen_fds_;
  int wake_fd_ = -1;   // eventfd: Stop() wakes the accepting thread
  int spare_fd_ = -1;  // /dev/null, held to be closed when EMFILE strikes
  int port_ = 0;
  std::atomic<int64_t> refused_{0};
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace service

#endif  // QUIZD_SERVER_SERVICE_ACCEPTOR_H_
