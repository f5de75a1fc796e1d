// File: server/jwt/jwks.hpp
//
// A JSON Web Key Set (RFC 7517 §5) parsed into verification keys, each
// pinned to one algorithm (see jwk.hpp).
//
// A key that cannot be used (unknown kty, "use" other than "sig", weak RSA,
// point off the curve, disagreeing "alg", duplicate kid ...) is skipped, not
// fatal: identity providers publish keys for other purposes next to their
// signing keys. Each skip is kept with its reason so operators can see it.
// The document as a whole is an error when it is not JSON, has no "keys"
// array, or exceeds the bounds below.
//
// Thread-safety: immutable after Parse(); share it (JwksSource hands out
// std::shared_ptr<const Jwks>).
#ifndef DRIFTWISE_SERVER_JWT_JWKS_HPP
#define DRIFTWISE_SERVER_JWT_JWKS_HPP

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "driftwise/status.hpp"
#include "jwt/jwk.hpp"

namespace dw::server {

/// Largest JWKS document accepted.
inline constexpr std::size_t kMaxJwksBytes = 1 << 20;
/// Most keys a JWKS may list (usable or not).
inline constexpr std::size_t kMaxJwksKeys = 100;

class Jwks {
 public:
  /// A key left out, and why.
  struct SkippedKey {
    std::size_t index = 0;  ///< position in "keys"
    std::string kid;        ///< "" when it had none
    std::string reason;     ///< e.g. "use \"enc\" is not \"sig\""
  };

  /// Parses a JWKS document. InvalidArgument (with byte offset for JSON
  /// syntax errors) when the document is not a JSON object with a "keys"
  /// array, is larger than kMaxJwksBytes, or lists more than kMaxJwksKeys.
  /// A set where every key was skipped is valid (and empty).
  static Result<Jwks> Parse(std::string_view document);

  /// The key with this kid, or nullptr.
  const Jwk* Find(std::string_view kid) const;

  const std::vector<Jwk>& keys() const { return keys_; }
  const std::vector<SkippedKey>& skipped() const { return skipped_; }

 private:
  std::vector<Jwk> keys_;
  std::vector<SkippedKey> skipped_;
};

}  // namespace dw::server

#endif  // DRIFTWISE_SERVER_JWT_JWKS_HPP
