#include "api/roles.hpp"

namespace dw::server {

std::optional<Role> ParseRole(std::string_view name) noexcept {
  if (name == "owner") return Role::kOwner;
  if (name == "admin") return Role::kAdmin;
  if (name == "member") return Role::kMember;
  if (name == "viewer") return Role::kViewer;
  return std::nullopt;
}

std::string_view RoleName(Role role) noexcept {
  switch (role) {
    case Role::kOwner:
      return "owner";
    case Role::kAdmin:
      return "admin";
    case Role::kMember:
      return "member";
    case Role::kViewer:
      return "viewer";
  }
  return "viewer";
}

std::optional<Scope> ParseScope(std::string_view name) noexcept {
  if (name == "read") return Scope::kRead;
  if (name == "write") return Scope::kWrite;
  return std::nullopt;
}

std::string_view ScopeName(Scope scope) noexcept {
  return scope == Scope::kWrite ? "write" : "read";
}

}  // namespace dw::server
