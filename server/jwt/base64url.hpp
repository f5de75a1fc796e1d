// File: server/jwt/base64url.hpp
//
// base64url without padding (RFC 4648 §5, RFC 7515 §2), the encoding of every
// JWS part and every JWK number.
//
// Decoding is strict so that one token has exactly one spelling: padding
// ('='), whitespace, the standard alphabet's '+' and '/', an impossible
// length (4n+1) and non-zero unused trailing bits are all rejected. Without
// the last rule "...Q" and "...R" could decode to the same bytes, and a token
// cache keyed by the token text could be fed variants of one signature.
//
// Thread-safety: pure functions.
#ifndef DRIFTWISE_SERVER_JWT_BASE64URL_HPP
#define DRIFTWISE_SERVER_JWT_BASE64URL_HPP

#include <string>
#include <string_view>

#include "driftwise/status.hpp"

namespace dw::server {

/// Encodes `bytes` as base64url without padding.
std::string Base64UrlEncode(std::string_view bytes);

/// Decodes unpadded base64url. Errors (InvalidArgument) name the offending
/// character and its offset, e.g. "invalid base64url character '+' at 12".
Result<std::string> Base64UrlDecode(std::string_view text);

}  // namespace dw::server

#endif  // DRIFTWISE_SERVER_JWT_BASE64URL_HPP
