// File: server/api/principal.hpp
//
// Who is calling: a signed-in user (OIDC bearer token) or an org API key.
#ifndef DRIFTWISE_SERVER_API_PRINCIPAL_HPP
#define DRIFTWISE_SERVER_API_PRINCIPAL_HPP

#include <optional>
#include <string>

#include "api/roles.hpp"
#include "store/store.hpp"

namespace dw::server {

struct Principal {
  enum class Kind { kUser, kApiKey };
  Kind kind = Kind::kUser;
  /// The signed-in user (kUser) or the key's creator (kApiKey; may be empty
  /// when the creator is unknown).
  User user;
  /// The key (kApiKey only).
  std::optional<ApiKey> api_key;

  bool is_api_key() const { return kind == Kind::kApiKey; }
  bool is_platform_admin() const {
    return kind == Kind::kUser && user.is_platform_admin;
  }
  bool HasScope(Scope scope) const;
  /// The audit-log actor: "user:<id>" or "api_key:<id>".
  std::string Actor() const;
};

/// The caller's standing in the org named by the route's {id}.
struct OrgAccess {
  Org org;
  Role role = Role::kViewer;
  /// The caller's membership (users only).
  std::optional<Membership> membership;
};

}  // namespace dw::server

#endif  // DRIFTWISE_SERVER_API_PRINCIPAL_HPP
