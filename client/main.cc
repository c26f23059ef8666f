// The `quiz` command-line client; everything but main() lives in the client
// library.
#include "client/commands.h"

int main(int argc, char** argv) {
  return client::RunQuiz(argc, argv, client::RealCommandEnv());
}
