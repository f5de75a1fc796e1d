#include "api/principal.hpp"

#include <algorithm>

namespace dw::server {

bool Principal::HasScope(Scope scope) const {
  if (!api_key) return true;
  const auto& scopes = api_key->scopes;
  auto has = [&](std::string_view name) {
    return std::find(scopes.begin(), scopes.end(), name) != scopes.end();
  };
  // "write" includes reading: a key that may change things may see them.
  if (scope == Scope::kRead) return has("read") || has("write");
  return has("write");
}

std::string Principal::Actor() const {
  if (kind == Kind::kApiKey && api_key) return "api_key:" + api_key->id;
  return "user:" + user.id;
}

}  // namespace dw::server
