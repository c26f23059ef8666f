// The `quiz` command-line client; everything but main() lives in the client
// library.
#include <grpc/support/log.h>

#include <cstdlib>

#include "client/commands.h"

namespace {

void Discard(gpr_log_func_args*) {}

}  // namespace

int main(int argc, char** argv) {
  // gRPC logs failed handshakes to stderr on its own ("E1206 ... Handshake
  // failed ..."); the client says what went wrong itself (tls_diagnosis.h).
  // GRPC_VERBOSITY set brings gRPC's log back, for debugging.
  if (std::getenv("GRPC_VERBOSITY") == nullptr) gpr_set_log_function(Discard);
  return client::RunQuiz(argc, argv, client::RealCommandEnv());
}
