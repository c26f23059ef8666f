// Certificates made at run time for TLS tests (no key is committed): two
// CAs, server certificates for localhost, 127.0.0.1 and ::1 (a good one, an
// expired one, one from the other CA), and client certificates from each CA.
#ifndef QUIZD_TESTS_TLS_TEST_CERTS_H_
#define QUIZD_TESTS_TLS_TEST_CERTS_H_

#include <string>

namespace quizd_test {

// Paths of PEM files in one directory.
struct TestPki {
  std::string ca;        // the CA clients trust and quizd's --tls-client-ca
  std::string other_ca;  // an unrelated CA
  std::string server_cert, server_key;              // signed by `ca`
  std::string expired_cert, expired_key;            // by `ca`, expired
  std::string other_server_cert, other_server_key;  // by `other_ca`
  std::string client_cert, client_key;              // by `ca`
  std::string other_client_cert, other_client_key;  // by `other_ca`
};

// Makes every certificate and key of TestPki under `dir` (which must exist).
// Aborts the test process on an OpenSSL failure: no test can run without.
TestPki MakeTestPki(const std::string& dir);

}  // namespace quizd_test

#endif  // QUIZD_TESTS_TLS_TEST_CERTS_H_
