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

// Why replies were cancelled, logged once per burst (at most every ten
// seconds), not once per reply.
class CancelWarning {
 public:
  constexpr explicit CancelWarning(const char* why) : why_(why) {}
  void Say(const std::string& peer) {
    const int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::steady_clock::now().time_since_epoch())
                            .count();
    int64_t last = last_ms_.load();
    if ((last != 0 && now - last < 10000) ||
        !last_ms_.compare_exchange_strong(last, now)) {
      return;
    }
    std::fprintf(stderr,
                 "quizd: cancelling replies: %s (peer=%s, and others)\n", why_,
                 PeerName(peer).c_str());
  }

 private:
  const char* const why_;
  std::atomic<int64_t> last_ms_{0};
};

CancelWarning past_share_warning("unread replies past one connection's share");
CancelWarning past_total_warning("unread replies past the total");
CancelWarning too_late_warning(
    "replies not read within --reply-timeout-seconds");

// Counts one unary reply against the budget while it is sent, and cancels
// it at the deadline.
class ReplyLimitsInterceptor final : public grpc::experimental::Interceptor {
 public:
  ReplyLimitsInterceptor(grpc::experimental::ServerRpcInfo* info,
                         ReplyBudget& budget)
      : info_(info), budget_(budget) {}

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
    ticket->start = std::chrono::steady_clock::now();
    ticket->cancel = std::make_shared<CancelAfter>(ctx, 0);
    if (!budget_.Take(ticket)) {
      ticket->cancel->Disarm();
      past_share_warning.Say(ticket->connection);
      ctx->TryCancel();
      return;
    }
    ticket_ = std::move(ticket);
  }

  grpc::experimental::ServerRpcInfo* info_;
  ReplyBudget& budget_;
  std::shared_ptr<ReplyTicket> ticket_;
};

class ReplyLimitsFactory final
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit ReplyLimitsFactory(ReplyBudget& budget) : budget_(budget) {}

  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    if (info->type() != grpc::experimental::ServerRpcInfo::Type::UNARY ||
        std::strcmp(info->method(), "/quiz.v1.BankService/GetBank") == 0 ||
        std::strcmp(info->method(), "/quiz.v1.BankService/ExportBank") == 0) {
      return nullptr;
    }
    return new ReplyLimitsInterceptor(info, budget_);
  }

 private:
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

ReplyBudget::ReplyBudget(int64_t per_connection, int64_t total,
                         int timeout_seconds)
    : per_connection_(per_connection),
      total_(total),
      timeout_(timeout_seconds) {
  if (timeout_seconds > 0)
    sweeper_ = std::thread([this] { SweepUntilStopped(); });
}

ReplyBudget::~ReplyBudget() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (sweeper_.joinable()) sweeper_.join();
}

void ReplyBudget::Drop(std::vector<std::shared_ptr<ReplyTicket>>& tickets,
                       std::vector<std::shared_ptr<ReplyTicket>>* lost) {
  for (std::shared_ptr<ReplyTicket>& ticket : tickets) {
    ticket->evicted = true;
    pending_ -= ticket->bytes;
    lost->push_back(std::move(ticket));
  }
  tickets.clear();
}

void ReplyBudget::SweepUntilStopped() {
  auto stopping = [this]()
                      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return stopping_; };
  while (true) {
    std::vector<std::shared_ptr<ReplyTicket>> late;
    {
      absl::MutexLock lock(&mu_);
      if (mu_.AwaitWithTimeout(absl::Condition(&stopping), absl::Seconds(1))) {
        return;
      }
      const auto cutoff = std::chrono::steady_clock::now() - timeout_;
      for (auto it = holders_.begin(); it != holders_.end();) {
        std::vector<std::shared_ptr<ReplyTicket>> overdue;
        std::vector<std::shared_ptr<ReplyTicket>>& tickets = it->second.tickets;
        for (auto t = tickets.begin(); t != tickets.end();) {
          if ((*t)->start < cutoff) {
            it->second.bytes -= (*t)->bytes;
            overdue.push_back(std::move(*t));
            t = tickets.erase(t);
          } else {
            ++t;
          }
        }
        Drop(overdue, &late);
        it = tickets.empty() ? holders_.erase(it) : std::next(it);
      }
    }
    for (const std::shared_ptr<ReplyTicket>& ticket : late) {
      ticket->cancel->CancelNow();
    }
    if (!late.empty()) {
      too_late_warning.Say(late[0]->connection);
    }
  }
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
      Drop(largest->second.tickets, &evicted);
      holders_.erase(largest);
    }
  }
  // Cancelled outside the lock: cancelling may run gRPC callbacks.
  for (const std::shared_ptr<ReplyTicket>& lost : evicted) {
    lost->cancel->CancelNow();
  }
  if (!evicted.empty()) {
    past_total_warning.Say(evicted[0]->connection);
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
MakeReplyLimits(ReplyBudget& budget) {
  return std::make_unique<ReplyLimitsFactory>(budget);
}

}  // namespace service
