// Using an API key instead of a login: QUIZ_API_KEY or --api-key-file FILE
// makes the client send the key as its bearer token.
#ifndef QUIZD_CLIENT_API_KEY_H_
#define QUIZD_CLIENT_API_KEY_H_

#include <string>

#include "absl/status/statusor.h"
#include "client/config.h"

namespace client {

// The API key to authenticate with: the one in `file` when given (the file
// holds the key, surrounding whitespace ignored), else $QUIZ_API_KEY, else
// "" (use the login token). INVALID_ARGUMENT naming the file or variable
// when what it holds is not a key ("qzk_" and printable ASCII, at most 200
// characters); the key itself is never echoed.
absl::StatusOr<std::string> ResolveApiKey(const std::string& file,
                                          const EnvLookup& env);

}  // namespace client

#endif  // QUIZD_CLIENT_API_KEY_H_
