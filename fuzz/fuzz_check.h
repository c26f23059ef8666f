// Invariant checks for fuzz targets. A failed check prints what broke and
// aborts, which libFuzzer (and the corpus replay under ctest) reports as a
// crash with the input that caused it. Unlike assert(), checks stay on in
// release builds.
#ifndef QUIZD_FUZZ_FUZZ_CHECK_H_
#define QUIZD_FUZZ_FUZZ_CHECK_H_

#include <cstdio>
#include <cstdlib>
#include <string>

#define FUZZ_CHECK(condition, detail)                                       \
  do {                                                                      \
    if (!(condition)) {                                                     \
      std::fprintf(stderr, "%s:%d: invariant broken: %s\n  %s\n", __FILE__, \
                   __LINE__, #condition, std::string(detail).c_str());      \
      std::abort();                                                         \
    }                                                                       \
  } while (0)

#endif  // QUIZD_FUZZ_FUZZ_CHECK_H_
