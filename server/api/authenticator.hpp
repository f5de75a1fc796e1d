// File: server/api/authenticator.hpp
//
// Turns a request's credentials into a Principal:
//   Authorization: Bearer <JWT>  verified against the OIDC issuer's JWKS;
//     the email's domain must be on the allowlist (else 403), the user is
//     created on first sign-in (audited), soft-deleted users get 403.
//   X-API-Key: dw_<prefix>_<secret>  looked up by prefix, HMAC compared in
//     constant time; revoked or unknown keys get 401, keys of a deleted
//     creator 403.
// Results are cached per epoch (epoch_cache.hpp), so revocations and
// deletions take effect on the next request.
//
// Thread-safety: Authenticate may be called concurrently.
#ifndef DRIFTWISE_SERVER_API_AUTHENTICATOR_HPP
#define DRIFTWISE_SERVER_API_AUTHENTICATOR_HPP

#include <string>

#include "api/api_context.hpp"
#include "api/principal.hpp"
#include "http/http_types.hpp"

namespace dw::server {

struct AuthResult {
  /// 0 when authenticated; else the HTTP status to answer (400, 401, 403,
  /// 500, 503) with `error_class` and `message`.
  int status = 0;
  std::string error_class;
  std::string message;
  Principal principal;

  bool ok() const { return status == 0; }
};

/// No credentials at all is a 401 "authentication required".
AuthResult Authenticate(ApiContext& ctx, const HttpRequest& req);

/// The lowercased domain of an email address ("" when it has none).
std::string EmailDomain(std::string_view email);

}  // namespace dw::server

#endif  // DRIFTWISE_SERVER_API_AUTHENTICATOR_HPP
