// File: src/core/audit/sha256.hpp
//
// SHA-256 through OpenSSL's EVP interface, which uses the CPU's SHA
// instructions. A Sha256 object fetches the algorithm once and reuses its
// context, because per-call fetching costs more than hashing a short event.
// Not thread-safe: use one object per thread.
#ifndef DRIFTWISE_SRC_CORE_AUDIT_SHA256_HPP
#define DRIFTWISE_SRC_CORE_AUDIT_SHA256_HPP

#include <string_view>

#include "driftwise/audit.hpp"

namespace dw::audit_internal {

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  /// Digest of `data` in one call.
  Hash256 Digest(std::string_view data);

  // Incremental use: Begin, Update..., Finish.
  void Begin();
  void Update(std::string_view data);
  Hash256 Finish();

 private:
  void* md_ = nullptr;   // EVP_MD*
  void* ctx_ = nullptr;  // EVP_MD_CTX*
};

}  // namespace dw::audit_internal

#endif  // DRIFTWISE_SRC_CORE_AUDIT_SHA256_HPP
