// Suppressions: a fingerprint silenced on one address until it expires.
#include <algorithm>

#include "driftwise/json.hpp"
#include "driftwise/noise.hpp"
#include "noise/config_fields.hpp"

namespace dw {
inline namespace v1 {
namespace {

constexpr std::int64_t kDay = 86400;
constexpr std::size_t kMaxBulk = 100;  // API limit per request

Suppression ReadOne(config::FieldReader& f, JsonValue obj,
                    std::string fingerprint, std::string address) {
  Suppression s;
  s.fingerprint = std::move(fingerprint);
  s.resource_address = std::move(address);
  s.reason = f.String("reason", true);
  s.created_by = f.String("created_by", true);
  std::string duration = f.Enum("duration", true);
  if (!duration.empty() && !ParseSuppressionDuration(duration, &s.duration)) {
    f.Issue("duration",
            "unknown duration \"" + duration +
                "\" (expected 7d, 30d, 90d or forever)",
            obj.Get("duration"));
  }
  std::string created = f.String("created_at", true);
  if (!created.empty()) {
    Result<std::int64_t> t = ParseTimestamp(created);
    if (!t.ok()) {
      f.Issue("created_at", t.status().message(), obj.Get("created_at"));
    } else {
      s.created_at = *t;
    }
  }
  s.is_false_positive = f.Bool("is_false_positive", false);
  return s;
}

void CheckPair(config::FieldReader& f, std::string_view fp_field,
               const std::string& fp, std::string_view addr_field,
               const std::string& addr) {
  if (!fp.empty() && !IsFingerprint(fp)) {
    f.Issue(fp_field, "\"" + fp +
                          "\" is not a fingerprint (16 lowercase "
                          "hex digits)");
  }
  if (addr.empty()) f.Issue(addr_field, "must not be empty");
}

}  // namespace

std::string_view SuppressionDurationName(SuppressionDuration d) noexcept {
  switch (d) {
    case SuppressionDuration::k7d:
      return "7d";
    case SuppressionDuration::k30d:
      return "30d";
    case SuppressionDuration::k90d:
      return "90d";
    case SuppressionDuration::kForever:
      return "forever";
  }
  return "7d";
}

bool ParseSuppressionDuration(std::string_view name, SuppressionDuration* out) {
  for (SuppressionDuration d :
       {SuppressionDuration::k7d, SuppressionDuration::k30d,
        SuppressionDuration::k90d, SuppressionDuration::kForever}) {
    if (SuppressionDurationName(d) == name) {
      *out = d;
      return true;
    }
  }
  return false;
}

std::optional<std::int64_t> Suppression::expires_at() const {
  switch (duration) {
    case SuppressionDuration::k7d:
      return created_at + 7 * kDay;
    case SuppressionDuration::k30d:
      return created_at + 30 * kDay;
    case SuppressionDuration::k90d:
      return created_at + 90 * kDay;
    case SuppressionDuration::kForever:
      return std::nullopt;
  }
  return std::nullopt;
}

bool Suppression::Active(std::int64_t now) const {
  std::optional<std::int64_t> end = expires_at();
  return !end || now < *end;
}

std::string Suppression::ScopedFingerprint() const {
  return AddressFingerprint(fingerprint, resource_address);
}

Result<std::vector<Suppression>> ParseSuppressions(std::string_view json) {
  std::vector<ValidationIssue> issues;
  std::vector<Suppression> out;
  Result<JsonDocument> doc = JsonDocument::Parse(json);
  if (!doc.ok()) {
    return InvalidArgumentError(
        "suppressions: not valid JSON: " + doc.status().message(),
        doc.status().offset());
  }
  JsonValue root = doc->root();
  if (root.is_object() && root.Get("fingerprints").valid()) {
    // The API's bulk form: parallel arrays, one suppression per index.
    config::FieldReader f(root, -1, &issues);
    f.RejectUnknown({"fingerprints", "resource_addresses", "duration", "reason",
                     "created_by", "created_at", "is_false_positive"});
    std::vector<std::string> fps = f.Strings("fingerprints", true);
    std::vector<std::string> addrs = f.Strings("resource_addresses", false);
    if (!root.Get("resource_addresses").valid()) {
      f.Issue("resource_addresses", "required field is missing");
    }
    if (fps.empty() || fps.size() > kMaxBulk) {
      f.Issue("fingerprints", "must hold 1 to 100 fingerprints");
    }
    if (fps.size() != addrs.size()) {
      f.Issue("resource_addresses",
              "must have as many entries as fingerprints (" +
                  std::to_string(addrs.size()) + " vs " +
                  std::to_string(fps.size()) + ")");
    }
    for (std::size_t i = 0; i < fps.size() && i < addrs.size(); ++i) {
      CheckPair(f, "fingerprints[" + std::to_string(i) + "]", fps[i],
                "resource_addresses[" + std::to_string(i) + "]", addrs[i]);
      out.push_back(ReadOne(f, root, fps[i], addrs[i]));
      if (!issues.empty()) break;  // the shared fields fail the same way
    }
  } else {
    JsonValue arr = config::RuleArray(root, "suppressions", &issues);
    int index = 0;
    for (JsonValue v : arr.elements()) {
      config::FieldReader f(v, index++, &issues);
      if (!v.is_object()) {
        f.Issue("", "each suppression must be a JSON object", v);
        continue;
      }
      f.RejectUnknown({"id", "fingerprint", "resource_address", "reason",
                       "created_by", "created_at", "duration", "expires_at",
                       "is_false_positive"});
      std::string fp = f.String("fingerprint", true);
      std::string addr = f.String("resource_address", true);
      CheckPair(f, "fingerprint", fp, "resource_address", addr);
      out.push_back(ReadOne(f, v, fp, addr));
    }
  }
  DW_RETURN_IF_ERROR(
      IssuesToStatus(issues, "invalid suppressions", "suppressions"));
  return out;
}

SuppressionSet::SuppressionSet(std::vector<Suppression> suppressions) {
  std::vector<std::pair<std::string, Suppression>> keyed;
  keyed.reserve(suppressions.size());
  for (Suppression& s : suppressions) {
    std::string key = s.ScopedFingerprint();
    keyed.emplace_back(std::move(key), std::move(s));
  }
  std::stable_sort(
      keyed.begin(), keyed.end(),
      [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [k, s] : keyed) {
    keys_.push_back(std::move(k));
    items_.push_back(std::move(s));
  }
}

const Suppression* SuppressionSet::Find(std::string_view fingerprint,
                                        std::string_view address,
                                        std::int64_t now) const {
  std::string key = AddressFingerprint(fingerprint, address);
  auto it = std::lower_bound(keys_.begin(), keys_.end(), key);
  for (; it != keys_.end() && *it == key; ++it) {
    const Suppression& s = items_[static_cast<std::size_t>(it - keys_.begin())];
    // The scoped hash could collide; compare the real pair too.
    if (s.fingerprint == fingerprint && s.resource_address == address &&
        s.Active(now)) {
      return &s;
    }
  }
  return nullptr;
}

std::vector<Suppression> SuppressionSet::List(std::int64_t now,
                                              bool include_expired) const {
  std::vector<Suppression> out;
  for (const Suppression& s : items_) {
    if (include_expired || s.Active(now)) out.push_back(s);
  }
  std::sort(out.begin(), out.end(),
            [](const Suppression& a, const Suppression& b) {
              return std::tie(a.created_at, a.fingerprint, a.resource_address) <
                     std::tie(b.created_at, b.fingerprint, b.resource_address);
            });
  return out;
}

}  // namespace v1
}  // namespace dw
