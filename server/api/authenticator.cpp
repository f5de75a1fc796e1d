#include "api/authenticator.hpp"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "api/api_key_codec.hpp"
#include "store/ids.hpp"

namespace dw::server {
namespace {

AuthResult Deny(int status, std::string_view cls, std::string message) {
  AuthResult result;
  result.status = status;
  result.error_class = std::string(cls);
  result.message = std::move(message);
  return result;
}

AuthResult StoreFailure(const Status& status) {
  if (status.code() == StatusCode::kUnavailable) {
    return Deny(503, "unavailable", "the database is busy, retry shortly");
  }
  spdlog::error("authentication: store error: {}", status.ToString());
  return Deny(500, "internal", "internal error");
}

std::string_view BearerToken(std::string_view header) {
  constexpr std::string_view kScheme = "Bearer ";
  if (header.size() <= kScheme.size()) return {};
  // The scheme is case-insensitive (RFC 9110 §11.1).
  for (std::size_t i = 0; i < kScheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(header[i])) !=
        std::tolower(static_cast<unsigned char>(kScheme[i]))) {
      return {};
    }
  }
  return header.substr(kScheme.size());
}

// Finds or creates the user for verified claims. Runs on a cache miss only.
AuthResult ResolveUser(ApiContext& ctx, const JwtClaims& claims) {
  if (claims.email.empty()) {
    return Deny(401, "unauthenticated", "token carries no email claim");
  }
  if (claims.email_verified.has_value() && !*claims.email_verified) {
    return Deny(403, "forbidden", "email address is not verified");
  }
  const std::string domain = EmailDomain(claims.email);
  AuthResult result;
  bool domain_allowed = false;
  std::optional<User> existing;
  Status status = ctx.store.Read([&](StoreReader& r) -> Status {
    auto allowed = r.FindDomain(domain);
    if (!allowed.ok() && allowed.status().code() != StatusCode::kNotFound) {
      return allowed.status();
    }
    domain_allowed = allowed.ok();
    auto user = r.FindUserByEmail(claims.email);
    if (user.ok()) {
      existing = std::move(user.value());
    } else if (user.status().code() != StatusCode::kNotFound) {
      return user.status();
    }
    return OkStatus();
  });
  if (!status.ok()) return StoreFailure(status);
  if (!domain_allowed) {
    return Deny(403, "domain_not_allowed",
                "email domain \"" + domain + "\" is not allowed to sign in");
  }
  if (!existing) {
    // First sign-in: create the user and audit it, in one transaction. A
    // concurrent first request may win the race; then read theirs.
    status = ctx.Write([&](StoreTx& tx) -> Status {
      User user;
      user.email = claims.email;
      user.display_name = claims.email;
      user.created_at = NowRfc3339();
      user.last_login_at = user.created_at;
      auto created = tx.CreateUser(user);
      if (!created.ok()) return created.status();
      nlohmann::json detail = {{"email", created.value().email},
                               {"sub", claims.sub}};
      auto event = tx.AppendAudit({.chain_id = std::string(kPlatformChainId),
                                   .org_id = "",
                                   .time = created.value().created_at,
                                   .actor = "user:" + created.value().id,
                                   .action = "user.created",
                                   .target = "user:" + created.value().id,
                                   .detail = detail.dump()});
      if (!event.ok()) return event.status();
      existing = created.value();
      return OkStatus();
    });
    if (status.code() == StatusCode::kAlreadyExists) {
      status = ctx.store.Read([&](StoreReader& r) -> Status {
        auto user = r.FindUserByEmail(claims.email);
        if (!user.ok()) return user.status();
        existing = std::move(user.value());
        return OkStatus();
      });
    }
    if (!status.ok()) return StoreFailure(status);
  }
  if (existing->deleted_at) {
    return Deny(403, "user_disabled", "this user has been deleted");
  }
  result.principal.kind = Principal::Kind::kUser;
  result.principal.user = std::move(*existing);
  return result;
}

AuthResult AuthenticateBearer(ApiContext& ctx, std::string_view token) {
  if (!ctx.verifier) {
    return Deny(401, "unauthenticated",
                "bearer tokens are not accepted: no OIDC issuer configured");
  }
  const std::uint64_t epoch = ctx.CurrentEpoch();
  auto claims = ctx.verifier->Verify(token);
  if (!claims.ok()) {
    // The reason goes to the log only: telling a forger which check failed
    // helps them.
    spdlog::info("bearer token rejected: {}", claims.status().message());
    return Deny(401, "unauthenticated", "invalid or expired token");
  }
  const std::string cache_key =
      "j:" + claims.value().sub + "\n" + claims.value().email;
  if (auto cached = ctx.principals.Get(cache_key, epoch)) {
    AuthResult result;
    result.principal = std::move(*cached);
    return result;
  }
  AuthResult result = ResolveUser(ctx, claims.value());
  if (result.ok()) {
    // ResolveUser may have written (first sign-in), which bumps the epoch
    // and makes this entry stale at once; the next request caches it.
    ctx.principals.Put(cache_key, result.principal, epoch);
  }
  return result;
}

AuthResult AuthenticateApiKey(ApiContext& ctx, std::string_view raw_key) {
  auto prefix = ApiKeyPrefix(raw_key);
  if (!prefix) return Deny(401, "unauthenticated", "invalid API key");
  const std::uint64_t epoch = ctx.CurrentEpoch();
  const std::string hash = HashApiKey(ctx.api_key_pepper, raw_key);
  const std::string cache_key = "k:" + hash;
  std::optional<Principal> principal = ctx.principals.Get(cache_key, epoch);
  if (!principal) {
    std::optional<ApiKey> key;
    std::optional<User> creator;
    Status status = ctx.store.Read([&](StoreReader& r) -> Status {
      auto found = r.FindApiKeyByPrefix(*prefix);
      if (!found.ok()) return found.status();
      key = std::move(found.value());
      if (!key->created_by.empty()) {
        auto user = r.GetUser(key->created_by);
        if (user.ok()) creator = std::move(user.value());
      }
      return OkStatus();
    });
    if (status.code() == StatusCode::kNotFound) {
      return Deny(401, "unauthenticated", "invalid API key");
    }
    if (!status.ok()) return StoreFailure(status);
    if (!ApiKeyHashEquals(HashToHex(key->key_hash), hash) || key->revoked_at) {
      return Deny(401, "unauthenticated", "invalid API key");
    }
    if (creator && creator->deleted_at) {
      return Deny(403, "user_disabled",
                  "the user who created this key has been deleted");
    }
    principal.emplace();
    principal->kind = Principal::Kind::kApiKey;
    if (creator) principal->user = std::move(*creator);
    principal->api_key = std::move(*key);
    ctx.principals.Put(cache_key, *principal, epoch);
  }
  if (ctx.ShouldTouchKey(principal->api_key->id)) {
    const std::string key_id = principal->api_key->id;
    Status touched = ctx.Write([&](StoreTx& tx) {
      return tx.TouchApiKeyLastUsed(key_id, NowRfc3339());
    });
    if (!touched.ok()) {
      spdlog::warn("could not record API key use: {}", touched.ToString());
    }
  }
  AuthResult result;
  result.principal = std::move(*principal);
  return result;
}

}  // namespace

std::string EmailDomain(std::string_view email) {
  const auto at = email.rfind('@');
  if (at == std::string_view::npos) return {};
  std::string domain(email.substr(at + 1));
  for (char& c : domain) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return domain;
}

AuthResult Authenticate(ApiContext& ctx, const HttpRequest& req) {
  auto authorization = req.Header("Authorization");
  auto api_key = req.Header("X-API-Key");
  if (authorization && api_key) {
    return Deny(400, "bad_request",
                "send either Authorization or X-API-Key, not both");
  }
  if (api_key) return AuthenticateApiKey(ctx, *api_key);
  if (authorization) {
    std::string_view token = BearerToken(*authorization);
    if (token.empty()) {
      return Deny(401, "unauthenticated",
                  "Authorization must be \"Bearer <token>\"");
    }
    return AuthenticateBearer(ctx, token);
  }
  return Deny(401, "unauthenticated", "authentication required");
}

}  // namespace dw::server
