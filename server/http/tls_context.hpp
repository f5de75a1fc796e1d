// File: server/http/tls_context.hpp
//
// The server's TLS configuration on OpenSSL: a certificate chain and key
// loaded from PEM files, TLS 1.2 and 1.3 only, TLS 1.2 restricted to ECDHE
// with AES-GCM or ChaCha20-Poly1305 (Mozilla's "intermediate" profile),
// renegotiation and compression off. Reload() reads the files again (on
// SIGHUP): a certificate that is expired, not yet valid, unreadable or
// does not match its key is refused, the one in use stays, and the error
// says why. Connections already open keep the context they started with.
//
// Thread-safety: every method may be called from any thread; NewSession and
// Reload synchronise on an internal mutex. An SSL* from NewSession belongs
// to the caller (SSL_free), and is used by one thread at a time.
#ifndef DRIFTWISE_SERVER_HTTP_TLS_CONTEXT_HPP
#define DRIFTWISE_SERVER_HTTP_TLS_CONTEXT_HPP

#include <memory>
#include <mutex>
#include <string>

#include "driftwise/status.hpp"

typedef struct ssl_st SSL;
typedef struct ssl_ctx_st SSL_CTX;

namespace dw::server {

class TlsContext {
 public:
  /// Errors: INVALID_ARGUMENT naming the file and OpenSSL's reason.
  static Result<std::unique_ptr<TlsContext>> Load(std::string cert_file,
                                                  std::string key_file);
  ~TlsContext();
  TlsContext(const TlsContext&) = delete;
  TlsContext& operator=(const TlsContext&) = delete;

  /// Loads the files again; on error the current certificate stays.
  Status Reload();
  /// A server-side session on the non-blocking socket `fd`, or nullptr.
  SSL* NewSession(int fd);
  /// "CN=..., valid until ..." of the certificate in use.
  std::string Describe() const;

 private:
  TlsContext(std::string cert_file, std::string key_file)
      : cert_file_(std::move(cert_file)), key_file_(std::move(key_file)) {}
  static Result<SSL_CTX*> Build(const std::string& cert_file,
                                const std::string& key_file,
                                std::string* description);

  const std::string cert_file_, key_file_;
  mutable std::mutex mu_;
  SSL_CTX* ctx_ = nullptr;  // guarded by mu_
  std::string description_;
};

}  // namespace dw::server

#endif  // DRIFTWISE_SERVER_HTTP_TLS_CONTEXT_HPP
