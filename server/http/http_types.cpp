// File: server/http/http_types.cpp
#include "http/http_types.hpp"

#include <algorithm>
#include <cstddef>

namespace dw::server {
namespace {

unsigned char AsciiLower(unsigned char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<unsigned char>(c + ('a' - 'A'))
                                : c;
}

}  // namespace

bool CaseInsensitiveLess::operator()(std::string_view a,
                                     std::string_view b) const noexcept {
  const std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    const unsigned char ca = AsciiLower(static_cast<unsigned char>(a[i]));
    const unsigned char cb = AsciiLower(static_cast<unsigned char>(b[i]));
    if (ca != cb) return ca < cb;
  }
  return a.size() < b.size();
}

std::optional<std::string_view> HttpRequest::Header(
    std::string_view name) const {
  auto it = headers.find(name);
  if (it == headers.end()) return std::nullopt;
  return std::string_view(it->second);
}

std::optional<std::string_view> HttpRequest::Query(
    std::string_view name) const {
  // std::multimap<std::string, std::string> has no transparent comparator,
  // so look up by a temporary key (query maps are small).
  auto it = query.find(std::string(name));
  if (it == query.end()) return std::nullopt;
  return std::string_view(it->second);
}

std::string_view HttpRequest::Param(std::string_view name) const {
  auto it = path_params.find(name);
  if (it == path_params.end()) return {};
  return it->second;
}

void HttpResponse::SetHeader(std::string name, std::string value) {
  // "Set" replaces every earlier value of the header, like httplib's
  // set_header would not: callers expect one value afterwards.
  auto [first, last] = headers.equal_range(name);
  headers.erase(first, last);
  headers.emplace(std::move(name), std::move(value));
}

}  // namespace dw::server
