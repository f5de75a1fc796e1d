// File: server/jwt/jwt_claims.hpp
//
// The claims of a verified JWT that the server uses, plus the raw claims
// JSON for anything else.
//
// Thread-safety: a value type.
#ifndef DRIFTWISE_SERVER_JWT_JWT_CLAIMS_HPP
#define DRIFTWISE_SERVER_JWT_JWT_CLAIMS_HPP

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dw::server {

struct JwtClaims {
  std::string sub;                     ///< required, non-empty
  std::string email;                   ///< "" when absent
  std::optional<bool> email_verified;  ///< absent when the token has none
  std::string iss;
  std::vector<std::string> aud;  ///< every audience the token lists
  std::int64_t exp = 0;          ///< seconds since the epoch
  std::optional<std::int64_t> iat;
  std::optional<std::int64_t> nbf;
  std::string jti;       ///< "" when absent
  std::string kid;       ///< the key that signed it
  std::string alg;       ///< "RS256", "ES256" or "EdDSA"
  std::string raw_json;  ///< the decoded claims object, as sent
};

}  // namespace dw::server

#endif  // DRIFTWISE_SERVER_JWT_JWT_CLAIMS_HPP
