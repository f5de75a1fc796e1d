// File: tests/server/jwt/jwt_test_keys.hpp
//
// Test support (header-only): a fresh set of signing keys for JWT tests, the
// trusted ones published as a JWKS, plus "attacker" keys that are not.
//
// Thread-safety: build once per test or fixture; the keys may then be used
// from several threads.
#ifndef DRIFTWISE_TESTS_SERVER_JWT_JWT_TEST_KEYS_HPP
#define DRIFTWISE_TESTS_SERVER_JWT_JWT_TEST_KEYS_HPP

#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "jwt/jwk.hpp"

namespace dw::server::testing {

struct TestKey {
  std::string kid;
  EvpPkeyPtr key;        // private key
  bool trusted = false;  // published in JwksJson()
};

struct TestKeys {
  /// "rsa", "ec", "ed" (trusted, kids "rsa-1", "ec-1", "ed-1") and
  /// "attacker_rsa", "attacker_ec", "attacker_ed" (kids "attacker-*").
  std::map<std::string, TestKey> keys;

  const TestKey& at(const std::string& name) const {
    const auto it = keys.find(name);
    if (it == keys.end()) throw std::runtime_error("no test key " + name);
    return it->second;
  }

  /// The trusted keys' public JWKS document.
  std::string JwksJson() const {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& [name, k] : keys) {
      if (!k.trusted) continue;
      auto jwk = PublicJwk(k.key.get());
      if (!jwk.ok()) throw std::runtime_error(jwk.status().message());
      (*jwk)["kid"] = k.kid;
      list.push_back(*jwk);
    }
    return nlohmann::json{{"keys", list}}.dump();
  }
};

inline EvpPkeyPtr MustGenerate(JwtAlg alg) {
  auto key = GenerateSigningKey(alg);
  if (!key.ok()) throw std::runtime_error(key.status().message());
  return std::move(key).value();
}

/// Generates all six keys (two RSA keys: ~0.1 s).
inline TestKeys MakeTestKeys() {
  TestKeys t;
  t.keys["rsa"] = {"rsa-1", MustGenerate(JwtAlg::kRS256), true};
  t.keys["ec"] = {"ec-1", MustGenerate(JwtAlg::kES256), true};
  t.keys["ed"] = {"ed-1", MustGenerate(JwtAlg::kEdDSA), true};
  t.keys["attacker_rsa"] = {"attacker-rsa", MustGenerate(JwtAlg::kRS256),
                            false};
  t.keys["attacker_ec"] = {"attacker-ec", MustGenerate(JwtAlg::kES256), false};
  t.keys["attacker_ed"] = {"attacker-ed", MustGenerate(JwtAlg::kEdDSA), false};
  return t;
}

}  // namespace dw::server::testing

#endif  // DRIFTWISE_TESTS_SERVER_JWT_JWT_TEST_KEYS_HPP
