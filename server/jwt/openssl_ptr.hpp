// File: server/jwt/openssl_ptr.hpp
//
// Owning smart pointers for the OpenSSL objects the JWT code uses, and the
// text of OpenSSL's error queue for error messages.
//
// Thread-safety: OpenSSL's error queue is per thread; OpenSslError() reads and
// clears the calling thread's queue only.
#ifndef DRIFTWISE_SERVER_JWT_OPENSSL_PTR_HPP
#define DRIFTWISE_SERVER_JWT_OPENSSL_PTR_HPP

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <memory>
#include <string>

namespace dw::server {

struct EvpPkeyFree {
  void operator()(EVP_PKEY* p) const noexcept { EVP_PKEY_free(p); }
};
struct EvpPkeyCtxFree {
  void operator()(EVP_PKEY_CTX* p) const noexcept { EVP_PKEY_CTX_free(p); }
};
struct EvpMdCtxFree {
  void operator()(EVP_MD_CTX* p) const noexcept { EVP_MD_CTX_free(p); }
};
struct BignumFree {
  void operator()(BIGNUM* p) const noexcept { BN_free(p); }
};
struct EcdsaSigFree {
  void operator()(ECDSA_SIG* p) const noexcept { ECDSA_SIG_free(p); }
};
struct OsslParamBldFree {
  void operator()(OSSL_PARAM_BLD* p) const noexcept { OSSL_PARAM_BLD_free(p); }
};
struct OsslParamFree {
  void operator()(OSSL_PARAM* p) const noexcept { OSSL_PARAM_free(p); }
};

using EvpPkeyPtr = std::unique_ptr<EVP_PKEY, EvpPkeyFree>;
using EvpPkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, EvpPkeyCtxFree>;
using EvpMdCtxPtr = std::unique_ptr<EVP_MD_CTX, EvpMdCtxFree>;
using BignumPtr = std::unique_ptr<BIGNUM, BignumFree>;
using EcdsaSigPtr = std::unique_ptr<ECDSA_SIG, EcdsaSigFree>;
using OsslParamBldPtr = std::unique_ptr<OSSL_PARAM_BLD, OsslParamBldFree>;
using OsslParamPtr = std::unique_ptr<OSSL_PARAM, OsslParamFree>;

/// The calling thread's OpenSSL error queue as text ("" when empty); clears it.
std::string OpenSslError();

}  // namespace dw::server

#endif  // DRIFTWISE_SERVER_JWT_OPENSSL_PTR_HPP
