// File: src/core/state/provider_address.cpp
#include "provider_address.hpp"

namespace dw {
inline namespace v1 {
namespace internal {

ProviderRef ParseProviderRef(std::string_view text) {
  ProviderRef ref;
  std::size_t q = text.find("provider[\"");
  if (q != std::string_view::npos) {
    std::size_t start = q + 10;
    std::size_t end = text.find("\"]", start);
    if (end != std::string_view::npos) {
      ref.source = std::string(text.substr(start, end - start));
      std::string_view rest = text.substr(end + 2);
      if (!rest.empty() && rest[0] == '.')
        ref.alias = std::string(rest.substr(1));
      return ref;
    }
  }
  std::size_t legacy = text.find("provider.");
  if (legacy != std::string_view::npos &&
      (legacy == 0 || text[legacy - 1] == '.')) {
    std::string_view rest = text.substr(legacy + 9);
    std::size_t dot = rest.find('.');
    std::string_view type = rest.substr(0, dot);
    ref.source = "registry.terraform.io/hashicorp/" + std::string(type);
    if (dot != std::string_view::npos)
      ref.alias = std::string(rest.substr(dot + 1));
    return ref;
  }
  ref.source = std::string(text);
  return ref;
}

}  // namespace internal
}  // namespace v1
}  // namespace dw
