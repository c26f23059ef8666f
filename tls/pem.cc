#include "tls/pem.h"

#include <fcntl.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <memory>

#include "absl/strings/str_cat.h"

namespace tls {
namespace {

struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct X509Free {
  void operator()(X509* cert) const { X509_free(cert); }
};
struct KeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
using Bio = std::unique_ptr<BIO, BioFree>;
using Cert = std::unique_ptr<X509, X509Free>;
using Key = std::unique_ptr<EVP_PKEY, KeyFree>;

absl::Status Invalid(const PemSource& source, const std::string& why) {
  return absl::InvalidArgumentError(
      absl::StrCat(source.what, " ", source.path, ": ", why));
}

// OpenSSL's reason for the last failure, and a clean error queue.
std::string OpenSslReason() {
  const unsigned long error = ERR_peek_last_error();
  const char* reason = ERR_reason_error_string(error);
  ERR_clear_error();
  return reason == nullptr ? "not valid PEM" : reason;
}

absl::StatusOr<std::string> ReadFile(const PemSource& source) {
  const int fd = open(source.path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Invalid(source, std::strerror(errno));
  struct stat info {};
  if (fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    close(fd);
    return Invalid(source, "not a regular file");
  }
  if (info.st_size > kMaxPemBytes) {
    close(fd);
    return Invalid(source, absl::StrCat("larger than ", kMaxPemBytes,
                                        " bytes: not a PEM file"));
  }
  std::string text(static_cast<size_t>(info.st_size), '\0');
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = read(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const std::string why = n < 0 ? std::strerror(errno) : "file shrank";
      close(fd);
      return Invalid(source, why);
    }
    done += static_cast<size_t>(n);
  }
  close(fd);
  return text;
}

Bio MemoryBio(const std::string& text) {
  return Bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
}

// Refuses to decrypt: a server or a command cannot stop for a passphrase.
int NoPassphrase(char*, int, int, void*) { return -1; }

absl::Time ToTime(const ASN1_TIME* time) {
  std::tm parts{};
  if (time == nullptr || ASN1_TIME_to_tm(time, &parts) != 1) {
    return absl::InfinitePast();
  }
  return absl::FromTimeT(timegm(&parts));
}

std::string SubjectOf(X509* cert) {
  Bio out(BIO_new(BIO_s_mem()));
  X509_NAME_print_ex(out.get(), X509_get_subject_name(cert), 0,
                     XN_FLAG_RFC2253);
  char* data = nullptr;
  const long size = BIO_get_mem_data(out.get(), &data);
  return std::string(data, size > 0 ? static_cast<size_t>(size) : 0);
}

}  // namespace

absl::StatusOr<Certificates> ReadCertificates(const PemSource& source) {
  absl::StatusOr<std::string> text = ReadFile(source);
  if (!text.ok()) return text.status();
  Bio bio = MemoryBio(*text);
  Certificates found;
  ERR_clear_error();
  while (true) {
    Cert cert(PEM_read_bio_X509(bio.get(), nullptr, NoPassphrase, nullptr));
    if (cert == nullptr) {
      const unsigned long error = ERR_peek_last_error();
      if (ERR_GET_LIB(error) == ERR_LIB_PEM &&
          ERR_GET_REASON(error) == PEM_R_NO_START_LINE) {
        ERR_clear_error();  // the end of the file
        break;
      }
      return Invalid(source,
                     absl::StrCat("certificate ", found.count + 1,
                                  " does not parse: ", OpenSslReason()));
    }
    if (found.count++ == 0) {
      found.subject = SubjectOf(cert.get());
      found.not_before = ToTime(X509_get0_notBefore(cert.get()));
      found.not_after = ToTime(X509_get0_notAfter(cert.get()));
    }
  }
  if (found.count == 0) {
    return Invalid(
        source, "holds no PEM certificate (\"-----BEGIN CERTIFICATE-----\")");
  }
  found.pem = *std::move(text);
  return found;
}

absl::StatusOr<std::string> ReadPrivateKey(const PemSource& source) {
  absl::StatusOr<std::string> text = ReadFile(source);
  if (!text.ok()) return text.status();
  Bio bio = MemoryBio(*text);
  ERR_clear_error();
  Key key(PEM_read_bio_PrivateKey(bio.get(), nullptr, NoPassphrase, nullptr));
  if (key == nullptr) {
    ERR_clear_error();
    return Invalid(source,
                   "holds no PEM private key (\"-----BEGIN PRIVATE KEY-----\"; "
                   "an encrypted key is not read)");
  }
  return *std::move(text);
}

absl::Status CheckKeyMatches(const std::string& cert_pem,
                             const PemSource& cert_source,
                             const std::string& key_pem,
                             const PemSource& key_source) {
  Bio cert_bio = MemoryBio(cert_pem);
  Bio key_bio = MemoryBio(key_pem);
  Cert cert(PEM_read_bio_X509(cert_bio.get(), nullptr, NoPassphrase, nullptr));
  Key key(
      PEM_read_bio_PrivateKey(key_bio.get(), nullptr, NoPassphrase, nullptr));
  const bool matches = cert != nullptr && key != nullptr &&
                       X509_check_private_key(cert.get(), key.get()) == 1;
  ERR_clear_error();
  if (matches) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat(key_source.what, " ", key_source.path,
                   ": not the private key of the certificate in ",
                   cert_source.what, " ", cert_source.path));
}

std::string FormatUtc(absl::Time time) {
  return absl::FormatTime("%Y-%m-%d %H:%M UTC", time, absl::UTCTimeZone());
}

}  // namespace tls
