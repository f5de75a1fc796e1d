// File: server/jwt/jwks_source.hpp
//
// Where verification keys come from: a JWKS file or an http(s) URL, cached.
//
// Refetch policy (RFC 8725 §3.10 treats the JWKS as a key store; see
// guides/reliability-study.md §2.3):
//   - A token naming an unknown kid triggers a refetch, at most once per
//     cool-down (default 60 s): a flood of made-up kids costs one fetch per
//     cool-down, not one per request.
//   - A set older than max_age is refreshed on the next lookup (same
//     cool-down), so keys the provider removed stop being trusted.
//   - A failed refetch keeps the cached keys; the last error is kept for
//     diagnostics.
// Token headers never name where keys come from (jku/x5u are ignored by the
// verifier); only the configured location is read.
//
// Thread-safety: all methods may be called concurrently. Lookups of known
// kids take a shared lock only; one thread at a time fetches, others asking
// for the same unknown kid wait for that fetch instead of starting their own.
#ifndef DRIFTWISE_SERVER_JWT_JWKS_SOURCE_HPP
#define DRIFTWISE_SERVER_JWT_JWKS_SOURCE_HPP

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>

#include "driftwise/status.hpp"
#include "jwt/jwks.hpp"

namespace dw::server {

struct JwksSourceOptions {
  /// A file path, or an "http://" / "https://" URL.
  std::string location;
  /// Least time between two fetches triggered by lookups.
  std::chrono::milliseconds refetch_cooldown{std::chrono::seconds(60)};
  /// A set older than this is refreshed on the next lookup.
  std::chrono::milliseconds max_age{std::chrono::hours(1)};
  std::chrono::milliseconds connect_timeout{std::chrono::seconds(5)};
  /// Whole-transfer timeout for one HTTP fetch.
  std::chrono::milliseconds fetch_timeout{std::chrono::seconds(10)};
  /// Documents larger than this are rejected (and the transfer aborted).
  std::size_t max_bytes = kMaxJwksBytes;
  /// Monotonic clock; tests inject one to step through cool-downs.
  std::function<std::chrono::steady_clock::time_point()> clock = [] {
    return std::chrono::steady_clock::now();
  };
};

class JwksSource {
 public:
  /// Loads the set once. Errors: InvalidArgument for bad options or an
  /// invalid document, Unavailable/NotFound when it cannot be read (the
  /// message names the location and the cause, e.g. an HTTP status).
  static Result<std::shared_ptr<JwksSource>> Create(JwksSourceOptions options);

  /// A fixed key set that never refetches (tests, benchmarks, embedding).
  static std::shared_ptr<JwksSource> FromJwks(Jwks keys);

  /// The key for `kid`, refetching first as described above. Unauthenticated
  /// "unknown kid \"x\"" when no cached or refetched key has that kid. The
  /// returned pointer keeps the key alive across later rotations.
  Result<std::shared_ptr<const Jwk>> Lookup(std::string_view kid);

  /// Fetches now, ignoring the cool-down (e.g. an operator's reload). On
  /// error the cached keys stay.
  Status Refresh();

  /// The cached set.
  std::shared_ptr<const Jwks> Current() const;

  /// Changes whenever a fetch brings a document different from the cached
  /// one; caches of verified tokens compare it to notice key rotation.
  std::uint64_t generation() const {
    return generation_.load(std::memory_order_acquire);
  }
  /// Fetch attempts so far (successful or not), the initial load included.
  std::uint64_t fetch_count() const {
    return fetch_count_.load(std::memory_order_relaxed);
  }
  /// The last fetch error ("" after a success).
  std::string last_error() const;

  JwksSource(const JwksSource&) = delete;
  JwksSource& operator=(const JwksSource&) = delete;

 private:
  explicit JwksSource(JwksSourceOptions options);
  Status FetchLocked();  // requires fetch_mu_
  bool DueForRefetch(std::int64_t now_ns, bool unknown_kid) const;

  JwksSourceOptions options_;
  bool fixed_ = false;

  mutable std::shared_mutex keys_mu_;
  std::shared_ptr<const Jwks> keys_;  // guarded by keys_mu_
  std::string document_;              // guarded by fetch_mu_
  std::string last_error_;            // guarded by keys_mu_

  std::mutex fetch_mu_;  // one fetch at a time
  // Clock readings in ns, atomics so lookups decide without locking.
  std::atomic<std::int64_t> last_attempt_ns_{0};
  std::atomic<std::int64_t> loaded_at_ns_{0};
  std::atomic<bool> fetching_{false};
  std::atomic<std::uint64_t> generation_{0};
  std::atomic<std::uint64_t> fetch_count_{0};
};

/// Reads a JWKS document from `location` (file or http(s) URL) with the
/// given limits, without parsing it. Exposed for tests and the CLI.
Result<std::string> FetchJwksDocument(const JwksSourceOptions& options);

}  // namespace dw::server

#endif  // DRIFTWISE_SERVER_JWT_JWKS_SOURCE_HPP
