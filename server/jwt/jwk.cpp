// File: server/jwt/jwk.cpp
#include "jwt/jwk.hpp"

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/rsa.h>
#include <openssl/sha.h>

#include <vector>

#include "jwt/base64url.hpp"

namespace dw::server {
namespace {

constexpr std::size_t kMaxKidBytes = 256;

Status KeyError(std::string msg) {
  return InvalidArgumentError(std::move(msg));
}

// The base64url member `name` of `jwk`, decoded.
Result<std::string> DecodeMember(const nlohmann::json& jwk, const char* name) {
  const auto it = jwk.find(name);
  if (it == jwk.end()) return KeyError(std::string("missing \"") + name + "\"");
  if (!it->is_string()) {
    return KeyError(std::string("\"") + name + "\" is not a string");
  }
  auto bytes = Base64UrlDecode(it->get_ref<const std::string&>());
  if (!bytes.ok()) {
    return KeyError(std::string("\"") + name +
                    "\": " + bytes.status().message());
  }
  return bytes;
}

Result<std::shared_ptr<EVP_PKEY>> FromData(const char* type,
                                           OSSL_PARAM* params) {
  EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  EVP_PKEY* raw = nullptr;
  if (!ctx || EVP_PKEY_fromdata_init(ctx.get()) <= 0 ||
      EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params) <= 0) {
    // With the coordinate lengths already checked, an EC import fails only
    // for a point off the curve.
    const std::string detail = OpenSslError();
    if (std::string_view(type) == "EC") {
      return KeyError("EC point is not on P-256");
    }
    return KeyError(std::string("OpenSSL rejected the ") + type +
                    " key: " + detail);
  }
  std::shared_ptr<EVP_PKEY> key(raw, EvpPkeyFree());
  // Checks the EC point is on the curve, and RSA n/e sanity.
  EvpPkeyCtxPtr check(EVP_PKEY_CTX_new_from_pkey(nullptr, raw, nullptr));
  if (!check || EVP_PKEY_public_check(check.get()) != 1) {
    OpenSslError();
    return KeyError(std::string(type) == "EC"
                        ? "EC point is not on P-256"
                        : std::string("invalid ") + type + " public key");
  }
  return key;
}

Result<std::shared_ptr<EVP_PKEY>> RsaKey(const nlohmann::json& jwk) {
  DW_ASSIGN_OR_RETURN(const std::string n, DecodeMember(jwk, "n"));
  DW_ASSIGN_OR_RETURN(const std::string e, DecodeMember(jwk, "e"));
  BignumPtr bn_n(BN_bin2bn(reinterpret_cast<const unsigned char*>(n.data()),
                           static_cast<int>(n.size()), nullptr));
  BignumPtr bn_e(BN_bin2bn(reinterpret_cast<const unsigned char*>(e.data()),
                           static_cast<int>(e.size()), nullptr));
  if (!bn_n || !bn_e) return InternalError("out of memory");
  const int bits = BN_num_bits(bn_n.get());
  if (bits < kMinRsaBits || bits > kMaxRsaBits) {
    return KeyError("RSA modulus has " + std::to_string(bits) + " bits, need " +
                    std::to_string(kMinRsaBits) + " to " +
                    std::to_string(kMaxRsaBits));
  }
  // Small odd exponents only: a huge e makes verification slow (DoS).
  if (BN_num_bits(bn_e.get()) > 32 || !BN_is_odd(bn_e.get()) ||
      BN_is_one(bn_e.get())) {
    return KeyError("RSA exponent must be odd, > 1 and at most 32 bits");
  }
  OsslParamBldPtr bld(OSSL_PARAM_BLD_new());
  if (!bld ||
      !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, bn_n.get()) ||
      !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, bn_e.get())) {
    return InternalError("OSSL_PARAM_BLD failed: " + OpenSslError());
  }
  OsslParamPtr params(OSSL_PARAM_BLD_to_param(bld.get()));
  if (!params) return InternalError("OSSL_PARAM_BLD failed: " + OpenSslError());
  return FromData("RSA", params.get());
}

Result<std::shared_ptr<EVP_PKEY>> EcKey(const nlohmann::json& jwk) {
  DW_ASSIGN_OR_RETURN(const std::string x, DecodeMember(jwk, "x"));
  DW_ASSIGN_OR_RETURN(const std::string y, DecodeMember(jwk, "y"));
  // RFC 7518 §6.2.1.2: coordinates are the full 32 bytes for P-256.
  if (x.size() != 32 || y.size() != 32) {
    return KeyError("EC P-256 coordinates must be 32 bytes each (x has " +
                    std::to_string(x.size()) + ", y has " +
                    std::to_string(y.size()) + ")");
  }
  std::string point = "\x04" + x + y;  // SEC1 uncompressed point
  char group[] = "prime256v1";
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, group, 0),
      OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                        point.size()),
      OSSL_PARAM_construct_end()};
  return FromData("EC", params);
}

Result<std::shared_ptr<EVP_PKEY>> Ed25519Key(const nlohmann::json& jwk) {
  DW_ASSIGN_OR_RETURN(const std::string x, DecodeMember(jwk, "x"));
  if (x.size() != 32) {
    return KeyError("Ed25519 \"x\" must be 32 bytes, has " +
                    std::to_string(x.size()));
  }
  EVP_PKEY* raw = EVP_PKEY_new_raw_public_key(
      EVP_PKEY_ED25519, nullptr,
      reinterpret_cast<const unsigned char*>(x.data()), x.size());
  if (raw == nullptr) {
    return KeyError("OpenSSL rejected the Ed25519 key: " + OpenSslError());
  }
  return std::shared_ptr<EVP_PKEY>(raw, EvpPkeyFree());
}

std::string StringMember(const nlohmann::json& jwk, const char* name) {
  const auto it = jwk.find(name);
  return it != jwk.end() && it->is_string() ? it->get<std::string>()
                                            : std::string();
}

// Fixed-width big-endian bytes of `bn` (EC coordinates keep leading zeros).
std::string BignumBytes(const BIGNUM* bn, int width) {
  std::string out(static_cast<std::size_t>(width), '\0');
  BN_bn2binpad(bn, reinterpret_cast<unsigned char*>(out.data()), width);
  return out;
}

std::string BignumBytes(const BIGNUM* bn) {
  return BignumBytes(bn, BN_num_bytes(bn));
}

}  // namespace

std::string OpenSslError() {
  std::string out;
  unsigned long code = 0;
  while ((code = ERR_get_error()) != 0) {
    char buf[256];
    ERR_error_string_n(code, buf, sizeof buf);
    if (!out.empty()) out += "; ";
    out += buf;
  }
  return out;
}

std::string_view JwtAlgName(JwtAlg alg) {
  switch (alg) {
    case JwtAlg::kRS256:
      return "RS256";
    case JwtAlg::kES256:
      return "ES256";
    case JwtAlg::kEdDSA:
      return "EdDSA";
  }
  return "?";
}

Result<Jwk> ParseJwk(const nlohmann::json& jwk) {
  if (!jwk.is_object()) return KeyError("a key is not a JSON object");
  const auto kty_it = jwk.find("kty");
  if (kty_it == jwk.end() || !kty_it->is_string()) {
    return KeyError("missing \"kty\"");
  }
  const std::string kty = kty_it->get<std::string>();
  Jwk out;
  // The kid selects the key; a key without one can never be chosen.
  const auto kid_it = jwk.find("kid");
  if (kid_it == jwk.end() || !kid_it->is_string() ||
      kid_it->get_ref<const std::string&>().empty()) {
    return KeyError("missing or empty \"kid\"");
  }
  out.kid = kid_it->get<std::string>();
  if (out.kid.size() > kMaxKidBytes) return KeyError("\"kid\" is too long");
  if (const auto use = jwk.find("use"); use != jwk.end()) {
    if (!use->is_string() || use->get_ref<const std::string&>() != "sig") {
      return KeyError("\"use\" " + use->dump() + " is not \"sig\"");
    }
  }
  if (const auto ops = jwk.find("key_ops"); ops != jwk.end()) {
    bool verify = false;
    if (ops->is_array()) {
      for (const auto& op : *ops) verify = verify || op == "verify";
    }
    if (!verify) return KeyError("\"key_ops\" does not include \"verify\"");
  }
  Result<std::shared_ptr<EVP_PKEY>> key = KeyError("unreachable");
  if (kty == "RSA") {
    out.alg = JwtAlg::kRS256;
    key = RsaKey(jwk);
  } else if (kty == "EC") {
    const std::string crv = StringMember(jwk, "crv");
    if (crv != "P-256")
      return KeyError("EC curve \"" + crv + "\" is not accepted");
    out.alg = JwtAlg::kES256;
    key = EcKey(jwk);
  } else if (kty == "OKP") {
    const std::string crv = StringMember(jwk, "crv");
    if (crv != "Ed25519") {
      return KeyError("OKP curve \"" + crv + "\" is not accepted");
    }
    out.alg = JwtAlg::kEdDSA;
    key = Ed25519Key(jwk);
  } else {
    return KeyError("kty \"" + kty + "\" is not accepted");
  }
  if (const auto alg = jwk.find("alg"); alg != jwk.end()) {
    if (!alg->is_string() ||
        alg->get_ref<const std::string&>() != JwtAlgName(out.alg)) {
      return KeyError("alg " + alg->dump() + " does not match kty " + kty +
                      " (" + std::string(JwtAlgName(out.alg)) + ")");
    }
  }
  if (!key.ok()) return key.status();
  out.key = std::move(key).value();
  return out;
}

Result<JwtAlg> AlgForKey(const EVP_PKEY* key) {
  if (key == nullptr) return KeyError("no key");
  switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_RSA:
      return JwtAlg::kRS256;
    case EVP_PKEY_ED25519:
      return JwtAlg::kEdDSA;
    case EVP_PKEY_EC: {
      char group[64] = {};
      std::size_t len = 0;
      if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group,
                                         sizeof group, &len) == 1 &&
          std::string_view(group, len) == "prime256v1") {
        return JwtAlg::kES256;
      }
      OpenSslError();
      return KeyError("EC key is not on P-256");
    }
    default:
      return KeyError("key type is not RSA, EC P-256 or Ed25519");
  }
}

Result<nlohmann::json> PublicJwk(const EVP_PKEY* key) {
  DW_ASSIGN_OR_RETURN(const JwtAlg alg, AlgForKey(key));
  nlohmann::json jwk;
  if (alg == JwtAlg::kRS256) {
    BIGNUM* n = nullptr;
    BIGNUM* e = nullptr;
    if (EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_N, &n) != 1 ||
        EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_E, &e) != 1) {
      BN_free(n);
      return InternalError("cannot read RSA key: " + OpenSslError());
    }
    BignumPtr own_n(n), own_e(e);
    jwk = {{"kty", "RSA"},
           {"n", Base64UrlEncode(BignumBytes(n))},
           {"e", Base64UrlEncode(BignumBytes(e))}};
  } else if (alg == JwtAlg::kES256) {
    BIGNUM* x = nullptr;
    BIGNUM* y = nullptr;
    if (EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_EC_PUB_X, &x) != 1 ||
        EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_EC_PUB_Y, &y) != 1) {
      BN_free(x);
      return InternalError("cannot read EC key: " + OpenSslError());
    }
    BignumPtr own_x(x), own_y(y);
    jwk = {{"kty", "EC"},
           {"crv", "P-256"},
           {"x", Base64UrlEncode(BignumBytes(x, 32))},
           {"y", Base64UrlEncode(BignumBytes(y, 32))}};
  } else {
    unsigned char raw[32];
    std::size_t len = sizeof raw;
    if (EVP_PKEY_get_raw_public_key(key, raw, &len) != 1 || len != 32) {
      return InternalError("cannot read Ed25519 key: " + OpenSslError());
    }
    jwk = {{"kty", "OKP"},
           {"crv", "Ed25519"},
           {"x", Base64UrlEncode(std::string_view(
                     reinterpret_cast<const char*>(raw), len))}};
  }
  DW_ASSIGN_OR_RETURN(std::string kid, JwkThumbprint(jwk));
  jwk["kid"] = std::move(kid);
  jwk["use"] = "sig";
  jwk["alg"] = std::string(JwtAlgName(alg));
  return jwk;
}

Result<std::string> JwkThumbprint(const nlohmann::json& jwk) {
  if (!jwk.is_object()) return KeyError("a JWK is not a JSON object");
  const std::string kty = StringMember(jwk, "kty");
  std::vector<const char*> members;
  if (kty == "RSA") {
    members = {"e", "kty", "n"};
  } else if (kty == "EC") {
    members = {"crv", "kty", "x", "y"};
  } else if (kty == "OKP") {
    members = {"crv", "kty", "x"};
  } else {
    return KeyError("no thumbprint for kty \"" + kty + "\"");
  }
  // RFC 7638 §3: required members only, sorted, no whitespace. nlohmann's
  // object is a sorted map and dump() adds no whitespace.
  nlohmann::json canonical = nlohmann::json::object();
  for (const char* m : members) {
    const auto it = jwk.find(m);
    if (it == jwk.end() || !it->is_string()) {
      return KeyError(std::string("JWK member \"") + m + "\" is missing");
    }
    canonical[m] = *it;
  }
  const std::string text = canonical.dump();
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(),
         digest);
  return Base64UrlEncode(
      std::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
}

Result<EvpPkeyPtr> GenerateSigningKey(JwtAlg alg) {
  EVP_PKEY* raw = nullptr;
  switch (alg) {
    case JwtAlg::kRS256:
      raw = EVP_RSA_gen(2048);
      break;
    case JwtAlg::kES256:
      raw = EVP_EC_gen("P-256");
      break;
    case JwtAlg::kEdDSA:
      raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
      break;
  }
  if (raw == nullptr) {
    return InternalError("key generation failed: " + OpenSslError());
  }
  return EvpPkeyPtr(raw);
}

}  // namespace dw::server
