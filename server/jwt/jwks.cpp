// File: server/jwt/jwks.cpp
#include "jwt/jwks.hpp"

namespace dw::server {

Result<Jwks> Jwks::Parse(std::string_view document) {
  if (document.size() > kMaxJwksBytes) {
    return InvalidArgumentError("JWKS is " + std::to_string(document.size()) +
                                " bytes, more than the limit of " +
                                std::to_string(kMaxJwksBytes));
  }
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(document);
  } catch (const nlohmann::json::parse_error& e) {
    return InvalidArgumentError(std::string("JWKS is not JSON: ") + e.what(),
                                e.byte);
  }
  if (!doc.is_object())
    return InvalidArgumentError("JWKS is not a JSON object");
  const auto keys = doc.find("keys");
  if (keys == doc.end() || !keys->is_array()) {
    return InvalidArgumentError("JWKS has no \"keys\" array", kNoOffset,
                                "keys");
  }
  if (keys->size() > kMaxJwksKeys) {
    return InvalidArgumentError("JWKS lists " + std::to_string(keys->size()) +
                                    " keys, more than the limit of " +
                                    std::to_string(kMaxJwksKeys),
                                kNoOffset, "keys");
  }
  Jwks out;
  for (std::size_t i = 0; i < keys->size(); ++i) {
    const nlohmann::json& entry = (*keys)[i];
    std::string kid;
    if (entry.is_object()) {
      const auto k = entry.find("kid");
      if (k != entry.end() && k->is_string()) kid = k->get<std::string>();
    }
    Result<Jwk> key = ParseJwk(entry);
    if (!key.ok()) {
      out.skipped_.push_back({i, kid, key.status().message()});
      continue;
    }
    // A kid must name one key, or the key (and so the algorithm) used for a
    // token would depend on list order.
    if (out.Find(key->kid) != nullptr) {
      out.skipped_.push_back({i, kid, "duplicate kid"});
      continue;
    }
    out.keys_.push_back(std::move(key).value());
  }
  return out;
}

const Jwk* Jwks::Find(std::string_view kid) const {
  for (const Jwk& k : keys_) {
    if (k.kid == kid) return &k;
  }
  return nullptr;
}

}  // namespace dw::server
