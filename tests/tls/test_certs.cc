#include "tests/tls/test_certs.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>

namespace quizd_test {
namespace {

constexpr long kDay = 24 * 60 * 60;

void Check(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "test_certs: %s failed\n", what);
  std::abort();
}

EVP_PKEY* NewKey() {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  Check(key != nullptr, "EVP_EC_gen");
  return key;
}

void AddExtension(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  Check(extension != nullptr, "X509V3_EXT_conf_nid");
  X509_add_ext(cert, extension, -1);
  X509_EXTENSION_free(extension);
}

struct Issued {
  X509* cert;
  EVP_PKEY* key;
};

// A certificate for `common_name` valid from now + `from` to now + `to`
// seconds, signed by `issuer` (itself when null: a CA).
Issued Issue(const char* common_name, const Issued* issuer, long from, long to,
             const char* usage) {
  Issued made{X509_new(), NewKey()};
  X509* cert = made.cert;
  X509_set_version(cert, 2);
  unsigned char serial[8];
  RAND_bytes(serial, sizeof serial);
  serial[0] &= 0x7f;
  BIGNUM* number = BN_bin2bn(serial, sizeof serial, nullptr);
  BN_to_ASN1_INTEGER(number, X509_get_serialNumber(cert));
  BN_free(number);
  X509_gmtime_adj(X509_getm_notBefore(cert), from);
  X509_gmtime_adj(X509_getm_notAfter(cert), to);
  X509_set_pubkey(cert, made.key);
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(
      name, "CN", MBSTRING_ASC,
      reinterpret_cast<const unsigned char*>(common_name), -1, -1, 0);
  X509* signer = issuer == nullptr ? cert : issuer->cert;
  X509_set_issuer_name(cert, X509_get_subject_name(signer));
  if (issuer == nullptr) {
    AddExtension(cert, cert, NID_basic_constraints, "critical,CA:TRUE");
    AddExtension(cert, cert, NID_key_usage, "critical,keyCertSign,cRLSign");
    AddExtension(cert, cert, NID_subject_key_identifier, "hash");
  } else {
    AddExtension(cert, signer, NID_basic_constraints, "CA:FALSE");
    AddExtension(cert, signer, NID_key_usage,
                 "critical,digitalSignature,keyEncipherment");
    AddExtension(cert, signer, NID_ext_key_usage, usage);
    AddExtension(cert, signer, NID_subject_alt_name,
                 "DNS:localhost,IP:127.0.0.1,IP:::1");
    AddExtension(cert, signer, NID_authority_key_identifier, "keyid");
  }
  Check(X509_sign(cert, issuer == nullptr ? made.key : issuer->key,
                  EVP_sha256()) > 0,
        "X509_sign");
  return made;
}

void Write(const std::string& path, X509* cert) {
  FILE* file = std::fopen(path.c_str(), "w");
  Check(file != nullptr && PEM_write_X509(file, cert) == 1, path.c_str());
  std::fclose(file);
}

void Write(const std::string& path, EVP_PKEY* key) {
  FILE* file = std::fopen(path.c_str(), "w");
  Check(file != nullptr && PEM_write_PrivateKey(file, key, nullptr, nullptr, 0,
                                                nullptr, nullptr) == 1,
        path.c_str());
  std::fclose(file);
}

void Free(Issued& issued) {
  X509_free(issued.cert);
  EVP_PKEY_free(issued.key);
}

}  // namespace

TestPki MakeTestPki(const std::string& dir) {
  TestPki pki;
  auto path = [&dir](const char* name) { return dir + "/" + name; };
  Issued ca = Issue("quizd test CA", nullptr, -kDay, 30 * kDay, nullptr);
  Issued other_ca = Issue("another CA", nullptr, -kDay, 30 * kDay, nullptr);
  Issued server = Issue("localhost", &ca, -kDay, 30 * kDay, "serverAuth");
  Issued expired = Issue("localhost", &ca, -30 * kDay, -kDay, "serverAuth");
  Issued other_server =
      Issue("localhost", &other_ca, -kDay, 30 * kDay, "serverAuth");
  Issued client = Issue("client-1", &ca, -kDay, 30 * kDay, "clientAuth");
  Issued other_client =
      Issue("client-2", &other_ca, -kDay, 30 * kDay, "clientAuth");
  struct Output {
    std::string* cert_path;
    std::string* key_path;
    const char* stem;
    Issued* issued;
  };
  for (Output output : {
           Output{&pki.ca, nullptr, "ca", &ca},
           Output{&pki.other_ca, nullptr, "other-ca", &other_ca},
           Output{&pki.server_cert, &pki.server_key, "server", &server},
           Output{&pki.expired_cert, &pki.expired_key, "expired", &expired},
           Output{&pki.other_server_cert, &pki.other_server_key, "other-server",
                  &other_server},
           Output{&pki.client_cert, &pki.client_key, "client", &client},
           Output{&pki.other_client_cert, &pki.other_client_key, "other-client",
                  &other_client},
       }) {
    *output.cert_path = path((std::string(output.stem) + ".pem").c_str());
    Write(*output.cert_path, output.issued->cert);
    if (output.key_path != nullptr) {
      *output.key_path = path((std::string(output.stem) + ".key").c_str());
      Write(*output.key_path, output.issued->key);
    }
  }
  for (Issued* issued : {&ca, &other_ca, &server, &expired, &other_server,
                         &client, &other_client}) {
    Free(*issued);
  }
  return pki;
}

}  // namespace quizd_test
