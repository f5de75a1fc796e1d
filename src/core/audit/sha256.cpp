// File: src/core/audit/sha256.cpp
#include "audit/sha256.hpp"

#include <openssl/evp.h>

#include <cstdio>
#include <cstdlib>

namespace dw::audit_internal {
namespace {
// OpenSSL only fails here on allocation failure or a broken install; there is
// no sensible way to continue hashing an audit chain without SHA-256.
void Require(int ok, const char* what) {
  if (ok != 1) {
    std::fprintf(stderr, "driftwise: OpenSSL SHA-256 %s failed\n", what);
    std::abort();
  }
}
}  // namespace

Sha256::Sha256() {
  EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  Require(md != nullptr && ctx != nullptr, "setup");
  md_ = md;
  ctx_ = ctx;
}

Sha256::~Sha256() {
  EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(ctx_));
  EVP_MD_free(static_cast<EVP_MD*>(md_));
}

void Sha256::Begin() {
  Require(EVP_DigestInit_ex2(static_cast<EVP_MD_CTX*>(ctx_),
                             static_cast<EVP_MD*>(md_), nullptr),
          "init");
}

void Sha256::Update(std::string_view data) {
  Require(EVP_DigestUpdate(static_cast<EVP_MD_CTX*>(ctx_), data.data(),
                           data.size()),
          "update");
}

Hash256 Sha256::Finish() {
  Hash256 out{};
  unsigned int len = 0;
  Require(EVP_DigestFinal_ex(static_cast<EVP_MD_CTX*>(ctx_), out.data(), &len),
          "final");
  return out;
}

Hash256 Sha256::Digest(std::string_view data) {
  Begin();
  Update(data);
  return Finish();
}

}  // namespace dw::audit_internal
