// File: bench/server_jwt_bench.cpp
//
// JWT verification throughput (server/jwt), the per-request cost of OIDC
// authentication:
//   BM_VerifyUncached/<alg>  full verification (split, base64url, header
//                            JSON, key lookup, signature, claims) with the
//                            verified-token cache disabled
//   BM_VerifyCached          a token already verified: SHA-256 of the token,
//                            one shard lookup, time checks, claims copy
// Run with --benchmark_filter and compare items/s; ->Threads(2) rows show
// scaling on this 2-core machine.
#include <benchmark/benchmark.h>

#include <chrono>

#include "jwt/jws.hpp"
#include "jwt/jwt_verifier.hpp"

namespace {

using namespace dw::server;

std::int64_t Now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

struct Fixture {
  std::unique_ptr<JwtVerifier> verifier;
  std::string token;
};

// A realistic ID-token-sized claims set signed with a fresh key for `alg`.
Fixture Make(JwtAlg alg, std::size_t cache_capacity) {
  auto key = GenerateSigningKey(alg).value();
  auto jwk = PublicJwk(key.get()).value();
  const std::string kid = jwk["kid"];
  auto jwks = Jwks::Parse(nlohmann::json{{"keys", {jwk}}}.dump()).value();
  JwtVerifierConfig cfg;
  cfg.issuer = "https://idp.example.com/";
  cfg.audience = "driftwise";
  cfg.cache_capacity = cache_capacity;
  Fixture f;
  f.verifier =
      JwtVerifier::Create(cfg, JwksSource::FromJwks(std::move(jwks))).value();
  const std::int64_t now = Now();
  const nlohmann::json header = {
      {"alg", JwtAlgName(alg)}, {"kid", kid}, {"typ", "JWT"}};
  const nlohmann::json claims = {
      {"iss", cfg.issuer},
      {"aud", cfg.audience},
      {"sub", "00u1abcdEFGHijklm4x7"},
      {"email", "ada.lovelace@example.com"},
      {"email_verified", true},
      {"name", "Ada Lovelace"},
      {"iat", now},
      {"nbf", now},
      {"exp", now + 3600},
      {"jti", "6f1c3a0e-3c1d-4b8a-9a5e-2f7d1c0b9e42"}};
  f.token = JwtSign(header.dump(), claims.dump(), key.get()).value();
  return f;
}

void Run(benchmark::State& state, const Fixture& f) {
  const std::int64_t now = Now();
  for (auto _ : state) {
    auto r = f.verifier->Verify(f.token, now);
    if (!r.ok()) {
      state.SkipWithError(r.status().message().c_str());
      break;
    }
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_VerifyUncached(benchmark::State& state, JwtAlg alg) {
  static const Fixture rs = Make(JwtAlg::kRS256, 0);
  static const Fixture es = Make(JwtAlg::kES256, 0);
  static const Fixture ed = Make(JwtAlg::kEdDSA, 0);
  Run(state, alg == JwtAlg::kRS256 ? rs : alg == JwtAlg::kES256 ? es : ed);
}
BENCHMARK_CAPTURE(BM_VerifyUncached, EdDSA, JwtAlg::kEdDSA)->UseRealTime();
BENCHMARK_CAPTURE(BM_VerifyUncached, ES256, JwtAlg::kES256)->UseRealTime();
BENCHMARK_CAPTURE(BM_VerifyUncached, RS256, JwtAlg::kRS256)->UseRealTime();
BENCHMARK_CAPTURE(BM_VerifyUncached, EdDSA, JwtAlg::kEdDSA)
    ->Threads(2)
    ->UseRealTime();

void BM_VerifyCached(benchmark::State& state) {
  static const Fixture f = [] {
    Fixture x = Make(JwtAlg::kES256, 65536);
    (void)x.verifier->Verify(x.token, Now());  // the first call fills it
    return x;
  }();
  Run(state, f);
}
BENCHMARK(BM_VerifyCached)->UseRealTime();
BENCHMARK(BM_VerifyCached)->Threads(2)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
