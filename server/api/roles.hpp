// File: server/api/roles.hpp
//
// Org roles (owner > admin > member > viewer) and API key scopes.
//
// Thread-safety: pure functions.
#ifndef DRIFTWISE_SERVER_API_ROLES_HPP
#define DRIFTWISE_SERVER_API_ROLES_HPP

#include <optional>
#include <string_view>

namespace dw::server {

enum class Role { kViewer = 0, kMember = 1, kAdmin = 2, kOwner = 3 };

/// Exact, case-sensitive: "owner", "admin", "member", "viewer".
std::optional<Role> ParseRole(std::string_view name) noexcept;
std::string_view RoleName(Role role) noexcept;
inline bool RoleAtLeast(Role have, Role need) noexcept {
  return static_cast<int>(have) >= static_cast<int>(need);
}

/// API key scopes: "read" lets a key call reading routes, "write" also the
/// mutating ones. Nothing else is a scope (a typo fails at creation).
enum class Scope { kRead, kWrite };
std::optional<Scope> ParseScope(std::string_view name) noexcept;
std::string_view ScopeName(Scope scope) noexcept;

}  // namespace dw::server

#endif  // DRIFTWISE_SERVER_API_ROLES_HPP
