// File: server/http/metrics.cpp
#include "http/metrics.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <tuple>

namespace dw::server {

namespace internal {
struct RouteHistogram {
  std::string route;
  // Non-cumulative: buckets[i] counts durations in (bound[i-1], bound[i]];
  // the last element is the +Inf overflow. Rendering accumulates.
  std::array<std::atomic<std::uint64_t>, kDurationBuckets.size() + 1> buckets{};
  std::atomic<std::uint64_t> count{0};
  std::atomic<std::uint64_t> sum_ns{0};
};
}  // namespace internal

struct RouteSlot {
  static constexpr int kMinStatus = 100;
  static constexpr int kMaxStatus = 599;
  std::string route;
  std::string method;
  internal::RouteHistogram* histogram = nullptr;
  std::array<std::atomic<std::uint64_t>, kMaxStatus - kMinStatus + 1>
      by_status{};
};

namespace {

bool IsMetricName(std::string_view s) {
  if (s.empty()) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    c == '_' || c == ':' || (i > 0 && c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return true;
}

bool IsLabelName(std::string_view s) {
  if (s.empty()) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    c == '_' || (i > 0 && c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return true;
}

// Label values escape backslash, double quote and newline (exposition
// format 0.0.4); HELP text escapes backslash and newline.
void AppendEscaped(std::string& out, std::string_view s, bool quote) {
  for (char c : s) {
    if (c == '\\') {
      out.append("\\\\");
    } else if (c == '\n') {
      out.append("\\n");
    } else if (quote && c == '"') {
      out.append("\\\"");
    } else {
      out.push_back(c);
    }
  }
}

void AppendDouble(std::string& out, double v) {
  if (std::isnan(v)) {
    out.append("NaN");
    return;
  }
  if (std::isinf(v)) {
    out.append(v > 0 ? "+Inf" : "-Inf");
    return;
  }
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, ec == std::errc() ? end : buf);
}

void AppendHeader(std::string& out, std::string_view name,
                  std::string_view help, std::string_view type) {
  out.append("# HELP ").append(name).push_back(' ');
  AppendEscaped(out, help, false);
  out.append("\n# TYPE ").append(name).push_back(' ');
  out.append(type).push_back('\n');
}

std::size_t BucketIndex(double seconds) {
  for (std::size_t i = 0; i < kDurationBuckets.size(); ++i) {
    if (seconds <= kDurationBuckets[i]) return i;
  }
  return kDurationBuckets.size();
}

constexpr std::string_view kRequestsTotal = "driftwise_http_requests_total";
constexpr std::string_view kDuration =
    "driftwise_http_request_duration_seconds";
constexpr std::string_view kInFlight = "driftwise_http_requests_in_flight";

}  // namespace

Metrics::Metrics() = default;
Metrics::~Metrics() = default;

Metrics::RouteHistogram* Metrics::HistogramLocked(std::string_view route) {
  for (const auto& h : histograms_) {
    if (h->route == route) return h.get();
  }
  histograms_.push_back(std::make_unique<RouteHistogram>());
  histograms_.back()->route = std::string(route);
  return histograms_.back().get();
}

const RouteSlot* Metrics::FindSlotLocked(std::string_view route,
                                         std::string_view method) const {
  for (const auto& s : slots_) {
    if (s->route == route && s->method == method) return s.get();
  }
  return nullptr;
}

RouteSlot* Metrics::Slot(std::string_view route, std::string_view method) {
  std::lock_guard<std::mutex> lock(mu_);
  if (const RouteSlot* found = FindSlotLocked(route, method)) {
    return const_cast<RouteSlot*>(found);
  }
  auto slot = std::make_unique<RouteSlot>();
  slot->route = std::string(route);
  slot->method = std::string(method);
  slot->histogram = HistogramLocked(route);
  slots_.push_back(std::move(slot));
  return slots_.back().get();
}

void Metrics::Observe(RouteSlot* slot, int status, double seconds) {
  const int clamped =
      std::clamp(status, RouteSlot::kMinStatus, RouteSlot::kMaxStatus);
  slot->by_status[static_cast<std::size_t>(clamped - RouteSlot::kMinStatus)]
      .fetch_add(1, std::memory_order_relaxed);
  internal::RouteHistogram* hist = slot->histogram;
  if (!(seconds >= 0)) seconds = 0;  // also catches NaN
  hist->buckets[BucketIndex(seconds)].fetch_add(1, std::memory_order_relaxed);
  hist->count.fetch_add(1, std::memory_order_relaxed);
  hist->sum_ns.fetch_add(static_cast<std::uint64_t>(seconds * 1e9),
                         std::memory_order_relaxed);
}

void Metrics::Observe(std::string_view route, std::string_view method,
                      int status, double seconds) {
  Observe(Slot(route, method), status, seconds);
}

Status Metrics::AddFamily(std::string name, std::string help, MetricType type,
                          std::function<std::vector<MetricSample>()> read) {
  if (!IsMetricName(name)) {
    return InvalidArgumentError("metric name \"" + name +
                                "\" is not [a-zA-Z_:][a-zA-Z0-9_:]*");
  }
  if (!read) {
    return InvalidArgumentError("metric " + name + ": no read callback");
  }
  std::lock_guard<std::mutex> lock(mu_);
  const bool builtin = name == kRequestsTotal || name == kDuration ||
                       name == kInFlight ||
                       name.rfind(std::string(kDuration) + "_", 0) == 0;
  const bool taken =
      builtin || std::any_of(families_.begin(), families_.end(),
                             [&](const auto& f) { return f->name == name; });
  if (taken) {
    return Status(StatusCode::kAlreadyExists,
                  "metric " + name + " is already registered");
  }
  families_.push_back(std::make_shared<const Family>(
      Family{std::move(name), std::move(help), type, std::move(read)}));
  return OkStatus();
}

Status Metrics::AddGauge(std::string name, std::string help,
                         std::function<double()> read) {
  if (!read) return InvalidArgumentError("metric " + name + ": no callback");
  return AddFamily(std::move(name), std::move(help), MetricType::kGauge,
                   [read = std::move(read)] {
                     return std::vector<MetricSample>{{{}, read()}};
                   });
}

Status Metrics::AddCounter(std::string name, std::string help,
                           std::function<double()> read) {
  if (!read) return InvalidArgumentError("metric " + name + ": no callback");
  return AddFamily(std::move(name), std::move(help), MetricType::kCounter,
                   [read = std::move(read)] {
                     return std::vector<MetricSample>{{{}, read()}};
                   });
}

std::uint64_t Metrics::RequestCount(std::string_view route,
                                    std::string_view method, int status) const {
  std::lock_guard<std::mutex> lock(mu_);
  const RouteSlot* slot = FindSlotLocked(route, method);
  if (slot == nullptr || status < RouteSlot::kMinStatus ||
      status > RouteSlot::kMaxStatus)
    return 0;
  return slot
      ->by_status[static_cast<std::size_t>(status - RouteSlot::kMinStatus)]
      .load(std::memory_order_relaxed);
}

std::string Metrics::RenderPrometheus() const {
  std::string out;
  out.reserve(16384);
  std::vector<std::shared_ptr<const Family>> families;
  {
    std::lock_guard<std::mutex> lock(mu_);
    families = families_;

    AppendHeader(out, kRequestsTotal,
                 "HTTP requests answered, by route template, method and "
                 "status.",
                 "counter");
    // Sorted for a stable, diff-friendly exposition.
    std::vector<const RouteSlot*> slots;
    for (const auto& s : slots_) slots.push_back(s.get());
    std::sort(slots.begin(), slots.end(), [](const auto* a, const auto* b) {
      return std::tie(a->route, a->method) < std::tie(b->route, b->method);
    });
    for (const RouteSlot* s : slots) {
      for (std::size_t i = 0; i < s->by_status.size(); ++i) {
        const std::uint64_t n = s->by_status[i].load(std::memory_order_relaxed);
        if (n == 0) continue;
        out.append(kRequestsTotal).append("{route=\"");
        AppendEscaped(out, s->route, true);
        out.append("\",method=\"");
        AppendEscaped(out, s->method, true);
        out.append("\",status=\"")
            .append(std::to_string(i + RouteSlot::kMinStatus))
            .append("\"} ")
            .append(std::to_string(n))
            .push_back('\n');
      }
    }

    AppendHeader(out, kDuration,
                 "Time from routing to the handler's return, by route "
                 "template.",
                 "histogram");
    std::vector<const RouteHistogram*> hists;
    for (const auto& h : histograms_) hists.push_back(h.get());
    std::sort(hists.begin(), hists.end(),
              [](const auto* a, const auto* b) { return a->route < b->route; });
    for (const RouteHistogram* h : hists) {
      // Read the buckets first and derive the total from them, so the
      // +Inf bucket always equals _count even while requests land.
      std::uint64_t cumulative = 0;
      std::string label;
      AppendEscaped(label, h->route, true);
      std::array<std::uint64_t, kDurationBuckets.size() + 1> counts{};
      for (std::size_t i = 0; i < counts.size(); ++i) {
        counts[i] = h->buckets[i].load(std::memory_order_relaxed);
      }
      const std::uint64_t sum_ns = h->sum_ns.load(std::memory_order_relaxed);
      std::uint64_t total = 0;
      for (std::uint64_t c : counts) total += c;
      if (total == 0) continue;
      for (std::size_t i = 0; i < counts.size(); ++i) {
        cumulative += counts[i];
        out.append(kDuration).append("_bucket{route=\"").append(label);
        out.append("\",le=\"");
        if (i < kDurationBuckets.size()) {
          AppendDouble(out, kDurationBuckets[i]);
        } else {
          out.append("+Inf");
        }
        out.append("\"} ").append(std::to_string(cumulative)).push_back('\n');
      }
      out.append(kDuration).append("_sum{route=\"").append(label);
      out.append("\"} ");
      AppendDouble(out, static_cast<double>(sum_ns) / 1e9);
      out.push_back('\n');
      out.append(kDuration).append("_count{route=\"").append(label);
      out.append("\"} ").append(std::to_string(total)).push_back('\n');
    }

    AppendHeader(out, kInFlight, "HTTP requests being handled right now.",
                 "gauge");
    out.append(kInFlight).push_back(' ');
    out.append(std::to_string(in_flight_.load(std::memory_order_relaxed)))
        .push_back('\n');
  }

  // Callbacks run without the mutex: they may be slow or take their own
  // locks, and must not block request accounting.
  for (const auto& f : families) {
    std::vector<MetricSample> samples = f->read();
    AppendHeader(out, f->name, f->help,
                 f->type == MetricType::kCounter ? "counter" : "gauge");
    for (const MetricSample& s : samples) {
      const bool labels_ok =
          std::all_of(s.labels.begin(), s.labels.end(),
                      [](const auto& l) { return IsLabelName(l.first); });
      if (!labels_ok) continue;
      out.append(f->name);
      if (!s.labels.empty()) {
        out.push_back('{');
        for (std::size_t i = 0; i < s.labels.size(); ++i) {
          if (i > 0) out.push_back(',');
          out.append(s.labels[i].first).append("=\"");
          AppendEscaped(out, s.labels[i].second, true);
          out.push_back('"');
        }
        out.push_back('}');
      }
      out.push_back(' ');
      AppendDouble(out, s.value);
      out.push_back('\n');
    }
  }
  return out;
}

}  // namespace dw::server
