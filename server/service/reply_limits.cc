#include "server/service/reply_limits.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>

#include "server/service/acceptor.h"

namespace service {
namespace {

using grpc::experimental::InterceptionHookPoints;

// One line per burst of cancelled replies, not one per reply.
void WarnCancelled(const char* why, const std::string& peer) {
  static std::atomic<int64_t> last_ms{0};
  const int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::steady_clock::now().time_since_epoch())
                          .count();
  int64_t last = last_ms.load();
  if (now - last < 10000 || !last_ms.compare_exchange_strong(last, now)) {
    return;
  }
  std::fprintf(stderr, "quizd: cancelling replies: %s (peer=%s, and others)\n",
               why, PeerName(peer).c_str());
}

// Counts one unary reply against the budget while it is sent, and cancels
// it at the deadline.
class ReplyLimitsInterceptor final : public grpc::experimental::Interceptor {
 public:
  ReplyLimitsInterceptor(grpc::experimental::ServerRpcInfo* info,
                         ReplyBudget& budget, int timeout_seconds)
      : info_(info), budget_(budget), timeout_seconds_(timeout_seconds) {}

  ~ReplyLimitsInterceptor() override {
    if (ticket_ == nullptr) return;
    budget_.Give(ticket_);
    ticket_->cancel->Disarm();
  }

  void Intercept(
      grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_MESSAGE)) {
      Count(methods);
    }
    methods->Proceed();
  }

 private:
  void Count(grpc::experimental::InterceptorBatchMethods* methods) {
    grpc::ServerContextBase* ctx = info_->server_context();
    const grpc::ByteBuffer* reply = methods->GetSerializedSendMessage();
    if (reply == nullptr) return;  // serializing failed; gRPC reports it
    auto ticket = std::make_shared<ReplyTicket>();
    ticket->connection = ctx->peer();
    ticket->bytes = static_cast<int64_t>(reply->Length());
    ticket->cancel = std::make_shared<CancelAfter>(ctx, timeout_seconds_);
    if (!budget_.Take(ticket)) {
      ticket->cancel->Disarm();
      WarnCancelled("unread replies past one connection's share",
                    ticket->connection);
      ctx->TryCancel();
      return;
    }
    ticket_ = std::move(ticket);
  }

  grpc::experimental::ServerRpcInfo* info_;
  ReplyBudget& budget_;
  const int timeout_seconds_;
  std::shared_ptr<ReplyTicket> ticket_;
};

class ReplyLimitsFactory final
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  ReplyLimitsFactory(int timeout_seconds, ReplyBudget& budget)
      : timeout_seconds_(timeout_seconds), budget_(budget) {}

  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    if (info->type() != grpc::experimental::ServerRpcInfo::Type::UNARY ||
        std::strcmp(info->method(), "/quiz.v1.BankService/GetBank") == 0 ||
        std::strcmp(info->method(), "/quiz.v1.BankService/ExportBank") == 0) {
      return nullptr;
    }
    return new ReplyLimitsInterceptor(info, budget_, timeout_seconds_);
  }

 private:
  const int timeout_seconds_;
  ReplyBudget& budget_;
};

}  // namespace

CancelAfter::CancelAfter(grpc::ServerContextBase* ctx, int seconds)
    : target_(std::make_shared<Target>()) {
  {
    absl::MutexLock lock(&target_->mu);
    target_->ctx = ctx;
  }
  if (seconds <= 0) return;
  alarm_.Set(std::chrono::system_clock::now() + std::chrono::seconds(seconds),
             [target = target_](bool fired) {
               absl::MutexLock lock(&target->mu);
               if (fired && target->ctx != nullptr) target->ctx->TryCancel();
             });
}

void CancelAfter::CancelNow() {
  absl::MutexLock lock(&target_->mu);
  if (target_->ctx != nullptr) target_->ctx->TryCancel();
}

void CancelAfter::Disarm() {
  absl::MutexLock lock(&target_->mu);
  target_->ctx = nullptr;
}

bool ReplyBudget::Take(const std::shared_ptr<ReplyTicket>& ticket) {
  std::vector<std::shared_ptr<ReplyTicket>> evicted;
  {
    absl::MutexLock lock(&mu_);
    Holder& mine = holders_[ticket->connection];
    if (mine.bytes > 0 && mine.bytes + ticket->bytes > per_connection_) {
      return false;
    }
    mine.bytes += ticket->bytes;
    mine.tickets.push_back(ticket);
    pending_ += ticket->bytes;
    while (pending_ > total_) {
      auto largest = holders_.end();
      for (auto it = holders_.begin(); it != holders_.end(); ++it) {
        if (it->first == ticket->connection) continue;
        if (largest == holders_.end() ||
            it->second.bytes > largest->second.bytes) {
          largest = it;
        }
      }
      if (largest == holders_.end()) break;  // only this connection holds any
      for (std::shared_ptr<ReplyTicket>& lost : largest->second.tickets) {
        lost->evicted = true;
        pending_ -= lost->bytes;
        evicted.push_back(std::move(lost));
      }
      holders_.erase(largest);
    }
  }
  // Cancelled outside the lock: cancelling may run gRPC callbacks.
  for (const std::shared_ptr<ReplyTicket>& lost : evicted) {
    lost->cancel->CancelNow();
  }
  if (!evicted.empty()) {
    WarnCancelled("unread replies past the total", evicted[0]->connection);
  }
  return true;
}

void ReplyBudget::Give(const std::shared_ptr<ReplyTicket>& ticket) {
  absl::MutexLock lock(&mu_);
  if (ticket->evicted) return;
  pending_ -= ticket->bytes;
  auto holder = holders_.find(ticket->connection);
  if (holder == holders_.end()) return;
  holder->second.bytes -= ticket->bytes;
  std::vector<std::shared_ptr<ReplyTicket>>& tickets = holder->second.tickets;
  tickets.erase(std::find(tickets.begin(), tickets.end(), ticket));
  if (tickets.empty()) holders_.erase(holder);
}

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
MakeReplyLimits(const WireLimits& limits, ReplyBudget& budget) {
  return std::make_unique<ReplyLimitsFactory>(limits.reply_timeout_seconds,
                                              budget);
}

}  // namespace service
