// File: server/api/api_context.hpp
//
// What every handler shares: the store, the token verifier, configuration,
// caches and rate limiters. One per server; lives as long as the server.
//
// Thread-safety: all members are safe for concurrent use; the config is
// read-only once serving.
#ifndef DRIFTWISE_SERVER_API_API_CONTEXT_HPP
#define DRIFTWISE_SERVER_API_API_CONTEXT_HPP

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "api/epoch_cache.hpp"
#include "api/principal.hpp"
#include "api/rate_limiter.hpp"
#include "api/server_config.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"
#include "jwt/jwt_verifier.hpp"
#include "secrets/secret_box.hpp"
#include "store/snapshot_files.hpp"
#include "store/store.hpp"

namespace dw::server {

class StateFetcher;
class WorkerPool;

struct ApiContext {
  ApiContext(Store& store_in, const ServerConfig& config_in)
      : store(store_in), config(config_in) {}

  Store& store;
  const ServerConfig& config;
  /// Null when no OIDC issuer is configured: every bearer token is refused.
  std::unique_ptr<JwtVerifier> verifier;
  /// HMAC key for API key hashes (never logged, never stored in the DB).
  std::string api_key_pepper;
  /// Seals and opens secrets at rest (never logged, never returned).
  std::optional<SecretKeyring> secrets;
  Metrics* metrics = nullptr;
  const Router* router = nullptr;
  /// Where snapshot bytes live ("<db>.snapshots"); set by ServerApp.
  std::optional<SnapshotFiles> snapshots;
  /// Gets state bytes from a source's backend (api/state_fetcher.hpp).
  StateFetcher* fetcher = nullptr;
  /// Runs durable jobs (jobs/worker_pool.hpp); null in unit tests.
  WorkerPool* jobs = nullptr;

  /// Bumped after every write transaction; see epoch_cache.hpp.
  std::atomic<std::uint64_t> epoch{1};
  EpochCache<Principal> principals;
  EpochCache<OrgAccess> org_access;

  /// GET /orgs/{id}/audit-log/verify: 10 per hour per org (the reference).
  RateLimiter org_verify_limiter{10, std::chrono::hours(1)};

  /// Runs a write transaction, then invalidates every cache (on success or
  /// failure: a commit whose outcome is unknown must not be served stale).
  Status Write(const std::function<Status(StoreTx&)>& fn) {
    Status status = store.Write(fn);
    epoch.fetch_add(1, std::memory_order_acq_rel);
    return status;
  }
  std::uint64_t CurrentEpoch() const {
    return epoch.load(std::memory_order_acquire);
  }

  /// True at most once a minute per key: when last_used_at is worth
  /// writing (a write per request would serialize every API-key call).
  bool ShouldTouchKey(const std::string& key_id);

 private:
  std::mutex touch_mu_;
  std::unordered_map<std::string, std::chrono::steady_clock::time_point>
      touched_;
};

}  // namespace dw::server

#endif  // DRIFTWISE_SERVER_API_API_CONTEXT_HPP
