// File: server/http/metrics.hpp
//
// Prometheus metrics in the text exposition format (version 0.0.4):
//   driftwise_http_requests_total{route,method,status}   counter
//   driftwise_http_request_duration_seconds{route}       histogram
//   driftwise_http_requests_in_flight                    gauge
// plus families other parts of the server register by name with a callback
// that reads the current value(s) when /metrics is scraped.
//
// `route` is always a route template ("/api/v2/orgs/{id}") or one of the
// fixed labels kUnmatchedRoute / kRejectedRoute, never a raw path, so label
// cardinality stays bounded by the route table.
//
// Thread-safety: everything may be called from any thread. The per-request
// path (Observe with a RouteSlot) is lock-free: relaxed atomic increments on
// counters that belong to the slot. Creating slots, registering families and
// rendering take a mutex; registration callbacks run outside it.
#ifndef DRIFTWISE_SERVER_HTTP_METRICS_HPP
#define DRIFTWISE_SERVER_HTTP_METRICS_HPP

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "driftwise/status.hpp"

namespace dw::server {

/// Route label for requests that matched no route (404/405/400).
inline constexpr std::string_view kUnmatchedRoute = "unmatched";
/// Route label for requests the transport refused before routing (411/413).
inline constexpr std::string_view kRejectedRoute = "rejected";

/// Upper bounds (seconds) of the duration histogram buckets; +Inf is implied.
inline constexpr std::array<double, 13> kDurationBuckets = {
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
    0.1,    0.25,  0.5,    1.0,   2.5,  5.0};

/// Counters of one (route, method). Owned by Metrics; the pointer stays
/// valid for the Metrics object's lifetime.
struct RouteSlot;
namespace internal {
struct RouteHistogram;  // defined in metrics.cpp
}  // namespace internal

enum class MetricType { kCounter, kGauge };

/// One sample of a registered family: label pairs and the value.
struct MetricSample {
  std::vector<std::pair<std::string, std::string>> labels;
  double value = 0;
};

class Metrics {
 public:
  Metrics();
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  /// The slot for (route, method), created on first use. Take slots once
  /// (e.g. per route at start-up) and keep the pointers for the hot path.
  RouteSlot* Slot(std::string_view route, std::string_view method);

  /// Records one finished request. Lock-free. Statuses outside 100-599 are
  /// counted as 599.
  void Observe(RouteSlot* slot, int status, double seconds);
  /// Same, finding the slot by name (takes the mutex; for rare paths).
  void Observe(std::string_view route, std::string_view method, int status,
               double seconds);

  /// Requests currently being handled (the dispatcher adjusts it).
  void AddInFlight(std::int64_t delta) {
    in_flight_.fetch_add(delta, std::memory_order_relaxed);
  }

  /// Registers a single-value family, read by `read` at each scrape.
  /// Errors: INVALID_ARGUMENT for a name that is not
  /// [a-zA-Z_:][a-zA-Z0-9_:]* or no callback; ALREADY_EXISTS when taken.
  Status AddGauge(std::string name, std::string help,
                  std::function<double()> read);
  Status AddCounter(std::string name, std::string help,
                    std::function<double()> read);
  /// Registers a family with labelled samples (label names are checked at
  /// render time: a sample with an invalid label name is skipped).
  Status AddFamily(std::string name, std::string help, MetricType type,
                   std::function<std::vector<MetricSample>()> read);

  /// The whole exposition, "text/plain; version=0.0.4".
  std::string RenderPrometheus() const;

  /// Total requests counted for (route, method, status); for tests and
  /// health checks.
  std::uint64_t RequestCount(std::string_view route, std::string_view method,
                             int status) const;

 private:
  using RouteHistogram = internal::RouteHistogram;
  struct Family {
    std::string name;
    std::string help;
    MetricType type;
    std::function<std::vector<MetricSample>()> read;
  };

  RouteHistogram* HistogramLocked(std::string_view route);
  const RouteSlot* FindSlotLocked(std::string_view route,
                                  std::string_view method) const;

  mutable std::mutex mu_;
  // Owned through pointers so the ones handed out stay valid as more are
  // added.
  std::vector<std::unique_ptr<RouteSlot>> slots_;
  std::vector<std::unique_ptr<RouteHistogram>> histograms_;
  std::vector<std::shared_ptr<const Family>> families_;
  std::atomic<std::int64_t> in_flight_{0};
};

/// Content-Type of RenderPrometheus()'s output.
inline constexpr std::string_view kPrometheusContentType =
    "text/plain; version=0.0.4; charset=utf-8";

}  // namespace dw::server

#endif  // DRIFTWISE_SERVER_HTTP_METRICS_HPP
