// Per-call protobuf Arenas for unary callback methods.
#ifndef QUIZD_SERVER_SERVICE_ARENA_MESSAGES_H_
#define QUIZD_SERVER_SERVICE_ARENA_MESSAGES_H_

#include <google/protobuf/arena.h>
#include <grpcpp/support/message_allocator.h>

namespace service {

// Allocates a call's request and response on one Arena that lives until gRPC
// releases the call: building a large reply (an attempt's 100 items, a
// progress history) costs bump allocations, and the whole call's messages are
// freed at once. Install with the generated SetMessageAllocatorFor_<Method>;
// it must outlive the server. Thread-safe (it holds no state).
//
// Assigning a heap-allocated message to such a response copies it (protobuf
// never shares objects across arenas), so handlers build replies in place.
template <typename Request, typename Response>
class ArenaMessages final : public grpc::MessageAllocator<Request, Response> {
 public:
  grpc::MessageHolder<Request, Response>* AllocateMessages() override {
    return new Holder;
  }

 private:
  class Holder final : public grpc::MessageHolder<Request, Response> {
   public:
    Holder() {
      this->set_request(
          google::protobuf::Arena::CreateMessage<Request>(&arena_));
      this->set_response(
          google::protobuf::Arena::CreateMessage<Response>(&arena_));
    }
    void Release() override { delete this; }

   private:
    google::protobuf::Arena arena_;
  };
};

}  // namespace service

#endif  // QUIZD_SERVER_SERVICE_ARENA_MESSAGES_H_
