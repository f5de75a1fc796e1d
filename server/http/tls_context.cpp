// File: server/http/tls_context.cpp
#include "http/tls_context.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

namespace dw::server {
namespace {

// Mozilla "intermediate": forward secrecy and AEAD only for TLS 1.2; TLS
// 1.3 suites are all modern and stay OpenSSL's default.
constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

std::string OpenSslErrors() {
  std::string out;
  while (const unsigned long e = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(e, buf, sizeof buf);
    if (!out.empty()) out += "; ";
    out += buf;
  }
  return out.empty() ? "unknown OpenSSL error" : out;
}

std::string AsnTime(const ASN1_TIME* t) {
  BIO* bio = BIO_new(BIO_s_mem());
  std::string out;
  if (bio != nullptr && ASN1_TIME_print(bio, t) == 1) {
    char* data = nullptr;
    const long n = BIO_get_mem_data(bio, &data);
    out.assign(data, static_cast<std::size_t>(n));
  }
  BIO_free(bio);
  return out;
}

}  // namespace

Result<SSL_CTX*> TlsContext::Build(const std::string& cert_file,
                                   const std::string& key_file,
                                   std::string* description) {
  ERR_clear_error();
  SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
  if (ctx == nullptr) return InternalError("SSL_CTX_new: " + OpenSslErrors());
  const auto fail = [ctx](std::string what) -> Status {
    SSL_CTX_free(ctx);
    return InvalidArgumentError(std::move(what));
  };
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION);
  SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE |
                            SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER |
                            SSL_MODE_RELEASE_BUFFERS);
  if (SSL_CTX_set_cipher_list(ctx, kTls12Ciphers) != 1)
    return fail("TLS cipher list: " + OpenSslErrors());
  if (SSL_CTX_use_certificate_chain_file(ctx, cert_file.c_str()) != 1)
    return fail("--tls-cert " + cert_file + ": " + OpenSslErrors());
  if (SSL_CTX_use_PrivateKey_file(ctx, key_file.c_str(), SSL_FILETYPE_PEM) !=
      1) {
    // OpenSSL compares the key with the certificate as it loads it.
    const std::string why = OpenSslErrors();
    if (why.find("mismatch") != std::string::npos) {
      return fail("--tls-key " + key_file + " does not match --tls-cert " +
                  cert_file + ": " + why);
    }
    return fail("--tls-key " + key_file + ": " + why);
  }
  if (SSL_CTX_check_private_key(ctx) != 1)
    return fail("--tls-key " + key_file + " does not match --tls-cert " +
                cert_file + ": " + OpenSslErrors());
  X509* cert = SSL_CTX_get0_certificate(ctx);
  const ASN1_TIME* not_after = X509_get0_notAfter(cert);
  const ASN1_TIME* not_before = X509_get0_notBefore(cert);
  if (X509_cmp_current_time(not_after) <= 0)
    return fail("--tls-cert " + cert_file + " expired on " +
                AsnTime(not_after));
  if (X509_cmp_current_time(not_before) >= 0)
    return fail("--tls-cert " + cert_file + " is not valid before " +
                AsnTime(not_before));
  char subject[256] = "";
  X509_NAME_oneline(X509_get_subject_name(cert), subject, sizeof subject);
  *description = std::string(subject) + ", valid until " + AsnTime(not_after);
  return ctx;
}

Result<std::unique_ptr<TlsContext>> TlsContext::Load(std::string cert_file,
                                                     std::string key_file) {
  std::unique_ptr<TlsContext> tls(
      new TlsContext(std::move(cert_file), std::move(key_file)));
  auto ctx = Build(tls->cert_file_, tls->key_file_, &tls->description_);
  if (!ctx.ok()) return ctx.status();
  tls->ctx_ = *ctx;
  return tls;
}

TlsContext::~TlsContext() { SSL_CTX_free(ctx_); }

Status TlsContext::Reload() {
  std::string description;
  auto ctx = Build(cert_file_, key_file_, &description);
  if (!ctx.ok()) {
    return Status(ctx.status().code(), "TLS reload refused, still serving " +
                                           Describe() + ": " +
                                           ctx.status().message());
  }
  std::lock_guard<std::mutex> lock(mu_);
  SSL_CTX_free(ctx_);  // sessions hold their own reference
  ctx_ = *ctx;
  description_ = std::move(description);
  return OkStatus();
}

SSL* TlsContext::NewSession(int fd) {
  SSL* ssl = nullptr;
  {
    std::lock_guard<std::mutex> lock(mu_);
    ssl = SSL_new(ctx_);
  }
  if (ssl == nullptr) return nullptr;
  if (SSL_set_fd(ssl, fd) != 1) {
    SSL_free(ssl);
    return nullptr;
  }
  SSL_set_accept_state(ssl);
  return ssl;
}

std::string TlsContext::Describe() const {
  std::lock_guard<std::mutex> lock(mu_);
  return description_;
}

}  // namespace dw::server
