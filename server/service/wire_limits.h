// The limits of the gRPC layer: what one client may hold of the server, and
// all of them together, and the slots bank transfers take.
#ifndef QUIZD_SERVER_SERVICE_WIRE_LIMITS_H_
#define QUIZD_SERVER_SERVICE_WIRE_LIMITS_H_

#include <atomic>
#include <cstdint>

namespace service {

// What one client may hold of the server, and all of them together. Every
// field is a quizd flag; README.md lists them with their defaults.
struct WireLimits {
  // Connections served at once; 0: the file limit less kReservedDescriptors.
  // Beyond it a new connection is closed at once (the client retries).
  int max_connections = 0;
  // gRPC's memory quota for the transport's buffers, in all. gRPC takes in
  // a whole request message before anything of quizd sees it, whatever its
  // size limit; this quota is what bounds a flood of big requests (200
  // logins with 3.9 MB passwords). Near it, gRPC shrinks the receive windows,
  // cancels streams with RESOURCE_EXHAUSTED (HTTP/2 ENHANCE_YOUR_CALM) and
  // closes connections without calls (UNAVAILABLE; small calls are retried
  // transparently by gRPC clients). Ordinary calls need a few KiB each.
  int64_t memory_quota_bytes = int64_t{64} << 20;
  // Threads gRPC may start for its own work.
  int max_threads = 64;
  // Calls open at once on one connection (HTTP/2 MAX_CONCURRENT_STREAMS).
  int max_streams_per_connection = 32;
  // Receive window per stream (HTTP/2 flow control): what a peer may send
  // ahead of the server reading it.
  int stream_window_bytes = 1 << 20;
  // A ping after this long without traffic; a peer that does not answer
  // within keepalive_timeout is disconnected (dead peers free their share).
  int keepalive_seconds = 60;
  int keepalive_timeout_seconds = 20;
  // A connection without calls for this long is closed.
  int max_connection_idle_seconds = 300;
  // Every connection is closed after this long (calls in flight get
  // max_connection_age_grace more); clients reconnect by themselves.
  int max_connection_age_seconds = 3600;
  int max_connection_age_grace_seconds = 60;
  // The largest message a bank RPC carries (a serialized Bank; see
  // bank_service.proto): GetBank and ExportBank replies, and the sum of the
  // chunks of one UploadBankVersion. Every other message is capped at
  // kMaxMessageBytes.
  int64_t max_bank_bytes = int64_t{256} << 20;
  // Whole banks being sent at once (GetBank, ExportBank); more get
  // RESOURCE_EXHAUSTED, so slow readers cannot pin a bank each.
  int max_bank_replies = 4;
  // Bank uploads being received at once.
  int max_bank_uploads = 2;
  // A bank reply or upload not done by then is cancelled, so a reader that
  // never reads frees its bank.
  int bank_transfer_timeout_seconds = 300;
  // Every other reply (unary calls) is counted, serialized, while it is
  // being sent (see reply_limits.h): a connection holding its share gets no
  // more; past the total, the connection holding the most loses its
  // replies; a reply not read within reply_timeout is cancelled. A stalled
  // reply holds a few times its serialized bytes in memory.
  int64_t max_pending_reply_bytes_per_connection = int64_t{8} << 20;
  int64_t max_pending_reply_bytes = int64_t{128} << 20;
  int reply_timeout_seconds = 60;
};

// Descriptors kept free for the database, logs and gRPC's own use when
// max_connections is derived from the file limit.
inline constexpr int kReservedDescriptors = 64;
// Every message but a bank (see WireLimits::max_bank_bytes); gRPC's default.
inline constexpr int kMaxMessageBytes = 4 << 20;

// A fixed number of slots, taken without blocking: bank transfers in
// flight. Thread-safe.
class Slots {
 public:
  explicit Slots(int capacity) : free_(capacity) {}
  // False when none is free.
  bool TryTake() {
    int free = free_.load();
    while (free > 0) {
      if (free_.compare_exchange_weak(free, free - 1)) return true;
    }
    return false;
  }
  void Give() { free_.fetch_add(1); }

 private:
  std::atomic<int> free_;
};

}  // namespace service

#endif  // QUIZD_SERVER_SERVICE_WIRE_LIMITS_H_
