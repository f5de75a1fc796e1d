// File: server/jwt/jws.cpp
#include "jwt/jws.hpp"

#include <openssl/ecdsa.h>

#include "jwt/base64url.hpp"

namespace dw::server {
namespace {

constexpr std::size_t kEs256CoordBytes = 32;

const unsigned char* Bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

Status BadSignature(std::string msg) {
  return Status(StatusCode::kUnauthenticated, std::move(msg));
}

// RFC 7518 §3.4: JWS carries R||S; OpenSSL wants DER.
Result<std::string> RawEcdsaToDer(std::string_view raw) {
  EcdsaSigPtr sig(ECDSA_SIG_new());
  BIGNUM* r = BN_bin2bn(Bytes(raw), kEs256CoordBytes, nullptr);
  BIGNUM* s =
      BN_bin2bn(Bytes(raw) + kEs256CoordBytes, kEs256CoordBytes, nullptr);
  if (!sig || r == nullptr || s == nullptr ||
      ECDSA_SIG_set0(sig.get(), r, s) != 1) {
    BN_free(r);
    BN_free(s);
    return InternalError("ECDSA_SIG: " + OpenSslError());
  }
  unsigned char* der = nullptr;
  const int len = i2d_ECDSA_SIG(sig.get(), &der);
  if (len <= 0) return InternalError("i2d_ECDSA_SIG: " + OpenSslError());
  std::string out(reinterpret_cast<char*>(der), static_cast<std::size_t>(len));
  OPENSSL_free(der);
  return out;
}

Result<std::string> DerEcdsaToRaw(std::string_view der) {
  const unsigned char* p = Bytes(der);
  EcdsaSigPtr sig(d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size())));
  if (!sig) return InternalError("d2i_ECDSA_SIG: " + OpenSslError());
  std::string out(2 * kEs256CoordBytes, '\0');
  auto* o = reinterpret_cast<unsigned char*>(out.data());
  if (BN_bn2binpad(ECDSA_SIG_get0_r(sig.get()), o, kEs256CoordBytes) < 0 ||
      BN_bn2binpad(ECDSA_SIG_get0_s(sig.get()), o + kEs256CoordBytes,
                   kEs256CoordBytes) < 0) {
    return InternalError("ECDSA signature does not fit P-256");
  }
  return out;
}

}  // namespace

Status VerifyJwsSignature(const Jwk& key, std::string_view signing_input,
                          std::string_view signature) {
  std::string der;
  std::string_view to_check = signature;
  const EVP_MD* md = EVP_sha256();
  switch (key.alg) {
    case JwtAlg::kRS256: {
      const auto expected =
          static_cast<std::size_t>(EVP_PKEY_get_size(key.key.get()));
      if (signature.size() != expected) {
        return BadSignature("RS256 signature is " +
                            std::to_string(signature.size()) +
                            " bytes, expected " + std::to_string(expected));
      }
      break;
    }
    case JwtAlg::kES256: {
      if (signature.size() != 2 * kEs256CoordBytes) {
        return BadSignature("ES256 signature is " +
                            std::to_string(signature.size()) +
                            " bytes, expected 64 (raw R||S)");
      }
      DW_ASSIGN_OR_RETURN(der, RawEcdsaToDer(signature));
      to_check = der;
      break;
    }
    case JwtAlg::kEdDSA:
      if (signature.size() != 64) {
        return BadSignature("EdDSA signature is " +
                            std::to_string(signature.size()) +
                            " bytes, expected 64");
      }
      md = nullptr;  // Ed25519 hashes internally
      break;
  }
  EvpMdCtxPtr ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, md, nullptr,
                                   key.key.get()) != 1) {
    return InternalError("EVP_DigestVerifyInit: " + OpenSslError());
  }
  const int rc = EVP_DigestVerify(ctx.get(), Bytes(to_check), to_check.size(),
                                  Bytes(signing_input), signing_input.size());
  if (rc != 1) {
    OpenSslError();  // leave the thread's error queue clean
    return BadSignature("bad signature");
  }
  return OkStatus();
}

Result<std::string> SignJws(EVP_PKEY* key, std::string_view signing_input) {
  DW_ASSIGN_OR_RETURN(const JwtAlg alg, AlgForKey(key));
  EvpMdCtxPtr ctx(EVP_MD_CTX_new());
  const EVP_MD* md = alg == JwtAlg::kEdDSA ? nullptr : EVP_sha256();
  std::size_t len = 0;
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, md, nullptr, key) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &len, Bytes(signing_input),
                     signing_input.size()) != 1) {
    return InternalError("EVP_DigestSign: " + OpenSslError());
  }
  std::string sig(len, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()),
                     &len, Bytes(signing_input), signing_input.size()) != 1) {
    return InternalError("EVP_DigestSign: " + OpenSslError());
  }
  sig.resize(len);
  if (alg == JwtAlg::kES256) return DerEcdsaToRaw(sig);
  return sig;
}

Result<std::string> JwtSign(std::string_view header_json,
                            std::string_view claims_json, EVP_PKEY* key) {
  std::string input = Base64UrlEncode(header_json);
  input += '.';
  input += Base64UrlEncode(claims_json);
  DW_ASSIGN_OR_RETURN(const std::string sig, SignJws(key, input));
  input += '.';
  input += Base64UrlEncode(sig);
  return input;
}

}  // namespace dw::server
