// File: server/jwt/strict_json.hpp
//
// JSON parsing for token headers and claims: the document must be an object,
// member names must not repeat at any level (RFC 7515 §5.2 lets a verifier
// reject them, and two components disagreeing on which duplicate wins is a
// classic bypass), and nesting is bounded.
//
// Thread-safety: pure function.
#ifndef DRIFTWISE_SERVER_JWT_STRICT_JSON_HPP
#define DRIFTWISE_SERVER_JWT_STRICT_JSON_HPP

#include <nlohmann/json.hpp>
#include <string_view>

#include "driftwise/status.hpp"

namespace dw::server {

/// Deepest nesting accepted in a token header or claims set.
inline constexpr int kMaxJwtJsonDepth = 16;

/// Parses `text` as a JSON object. InvalidArgument naming `what` ("header",
/// "claims") and the problem: not JSON (with byte offset), not an object,
/// duplicate member "x", nested too deeply.
Result<nlohmann::json> ParseStrictJsonObject(std::string_view text,
                                             std::string_view what);

}  // namespace dw::server

#endif  // DRIFTWISE_SERVER_JWT_STRICT_JSON_HPP
