#include "bench/clients.h"

namespace bench {

Clients::Clients(const std::string& address, int channels) {
  for (int i = 0; i < std::max(channels, 1); ++i) {
    grpc::ChannelArguments args;
    // Channels with equal arguments would share one connection; a local
    // subchannel pool gives each its own, as separate students' clients have.
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    std::shared_ptr<grpc::Channel> channel = grpc::CreateCustomChannel(
        address, grpc::InsecureChannelCredentials(), args);
    Stubs stubs;
    stubs.health = grpc::health::v1::Health::NewStub(channel);
    stubs.auth = quiz::v1::AuthService::NewStub(channel);
    stubs.banks = quiz::v1::BankService::NewStub(channel);
    stubs.attempts = quiz::v1::AttemptService::NewStub(channel);
#ifdef QUIZ_BENCH_HAS_PROGRESS
    stubs.progress = quiz::v1::ProgressService::NewStub(channel);
#endif
    stubs_.push_back(std::move(stubs));
  }
}

}  // namespace bench
