// Relays TLS connections from the acceptor to gRPC's own TLS listener on a
// loopback port, byte for byte (TLS stays end to end: the relay never sees
// plaintext).
//
// Why: gRPC 1.51 takes a connection by descriptor in plaintext only
// (grpc_server_add_channel_from_fd), and its own listener stops for good
// after one EMFILE (grpc/grpc#16058; over TLS a flood of 256 connections
// past a 256-descriptor limit left quizd accepting nothing, measured). So
// the acceptor (acceptor.h) keeps the public port, with its descriptor
// ceiling, EMFILE handling and no SO_REUSEPORT, and hands each TLS
// connection here; gRPC's listener is reachable only on 127.0.0.1, and the
// acceptor's ceiling keeps the process away from EMFILE. Each connection
// takes three descriptors (the client's, the relay's to gRPC, gRPC's end).
// PeerName() maps gRPC's name for the relay's end back to the client's
// address, so logs and per-address limits see the real peer.
#ifndef QUIZD_SERVER_SERVICE_RELAY_H_
#define QUIZD_SERVER_SERVICE_RELAY_H_

#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <unordered_set>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"

namespace service {

class Relay {
 public:
  // Descriptors one relayed connection takes.
  static constexpr int kDescriptorsPerConnection = 3;

  // Starts the relay thread; connections go to 127.0.0.1:`backend_port`,
  // at most `max_connections` at once. (The acceptor's descriptor ceiling
  // cannot bound them alone: gRPC takes its descriptor for a connection
  // only when it gets round to accepting it, and one EMFILE stops it.)
  static absl::StatusOr<std::unique_ptr<Relay>> Start(int backend_port,
                                                      int64_t max_connections);
  // Stops (see Stop).
  ~Relay();

  // Takes `client` (a connected, non-blocking socket the acceptor took from
  // `peer`, "ipv4:1.2.3.4:5") and relays it to the backend until either end
  // closes. Thread-safe. False when it closed `client` at once: at
  // max_connections, or out of descriptors.
  bool Add(int client, const std::string& peer);

  // Closes every relayed connection and stops the thread. Idempotent.
  void Stop();

  // Connections being relayed now.
  int64_t connections();

 private:
  struct Side;
  struct Pair;
  Relay() = default;
  void Run();
  // Moves what `from` sends to `to` until `from` has no more for now or
  // `to` cannot take more; false on an error.
  static bool Pump(Side& from, Side& to);
  // Writes what is pending for `to`, and passes `from`'s EOF on once all
  // is written; false on an error.
  static bool Flush(Side& to, const Side& from);
  // Whether the connection is over: gRPC has closed its end (it never
  // half-closes) and the client has what it sent, or both ends are closed.
  static bool Over(const Pair& pair);
  // Handles an event on `side`: false when the pair is to be closed.
  bool Serve(Side& side, uint32_t events);
  void Close(Pair* pair) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  int backend_port_ = 0;
  int64_t max_connections_ = 0;
  int epoll_fd_ = -1;
  int wake_fd_ = -1;
  bool stopped_ = false;
  std::thread thread_;
  absl::Mutex mu_;
  std::unordered_set<Pair*> pairs_ ABSL_GUARDED_BY(mu_);
};

}  // namespace service

#endif  // QUIZD_SERVER_SERVICE_RELAY_H_
