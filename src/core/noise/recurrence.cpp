// Recurrence: which diff fingerprints keep coming back across scans.
#include <algorithm>
#include <map>
#include <set>

#include "driftwise/noise.hpp"

namespace dw {
inline namespace v1 {
namespace {

constexpr std::int64_t kDay = 86400;

struct Accumulator {
  NoisePattern pattern;
  std::set<std::string> scans;       // distinct scans that contained it
  std::set<std::string> addresses;   // all addresses, sorted
  std::map<std::string, int> rules;  // noise rule id -> times matched
};

void AppendDiffs(const std::vector<ResourceChange>& changes,
                 std::vector<ObservedDiff>* out) {
  for (const ResourceChange& rc : changes) {
    for (const AttributeChange& c : rc.diff) {
      out->push_back({rc.address, rc.type, FingerprintPath(c.path),
                      std::string(ActionName(rc.action)), ""});
    }
  }
}

}  // namespace

ScanRecord ScanFromPlan(const Plan& plan, std::string scan_id,
                        std::int64_t time, std::string repo_owner,
                        std::string repo_name) {
  ScanRecord scan;
  scan.scan_id = std::move(scan_id);
  scan.time = time;
  scan.repo_owner = std::move(repo_owner);
  scan.repo_name = std::move(repo_name);
  AppendDiffs(plan.resource_changes, &scan.diffs);
  AppendDiffs(plan.resource_drift, &scan.diffs);
  return scan;
}

Result<std::vector<NoisePattern>> AggregateRecurrence(
    const std::vector<ScanRecord>& scans, const RecurrenceOptions& options) {
  if (options.window_days < 1 || options.window_days > 365) {
    return InvalidArgumentError("window_days must be between 1 and 365, not " +
                                std::to_string(options.window_days));
  }
  if (options.recurrence_threshold < 1 || options.recurrence_threshold > 1000) {
    return InvalidArgumentError(
        "recurrence_threshold must be between 1 and 1000, not " +
        std::to_string(options.recurrence_threshold));
  }
  const std::int64_t start = options.now - options.window_days * kDay;
  std::map<std::string, Accumulator> by_fp;
  for (std::size_t s = 0; s < scans.size(); ++s) {
    const ScanRecord& scan = scans[s];
    if (scan.time < start || scan.time > options.now) continue;
    if (!options.repo_owner.empty() && scan.repo_owner != options.repo_owner) {
      continue;
    }
    if (!options.repo_name.empty() && scan.repo_name != options.repo_name) {
      continue;
    }
    // Scans without an id are told apart by position.
    std::string scan_key =
        scan.scan_id.empty() ? "#" + std::to_string(s) : scan.scan_id;
    for (const ObservedDiff& d : scan.diffs) {
      std::string fp = Fingerprint(d.resource_type, d.attribute_path, d.action);
      Accumulator& acc = by_fp[fp];
      if (acc.scans.empty()) {
        acc.pattern.fingerprint = fp;
        acc.pattern.resource_type = d.resource_type;
        acc.pattern.attribute_path = d.attribute_path;
        acc.pattern.action = d.action;
        acc.pattern.first_seen = scan.time;
        acc.pattern.last_seen = scan.time;
      }
      acc.scans.insert(scan_key);
      acc.pattern.first_seen = std::min(acc.pattern.first_seen, scan.time);
      acc.pattern.last_seen = std::max(acc.pattern.last_seen, scan.time);
      acc.addresses.insert(d.address);
      if (!d.matched_rule.empty()) ++acc.rules[d.matched_rule];
    }
  }
  std::vector<NoisePattern> out;
  out.reserve(by_fp.size());
  for (auto& [fp, acc] : by_fp) {
    NoisePattern p = std::move(acc.pattern);
    p.occurrences = static_cast<int>(acc.scans.size());
    for (const std::string& a : acc.addresses) {
      if (p.example_addresses.size() >= options.max_examples) break;
      p.example_addresses.push_back(a);
    }
    // The rule that matched most often (ties: smallest id) explains it.
    int best = 0;
    for (const auto& [rule, n] : acc.rules) {
      if (n > best) {
        best = n;
        p.matched_rule = rule;
      }
    }
    p.is_noise = !p.matched_rule.empty() ||
                 p.occurrences >= options.recurrence_threshold;
    out.push_back(std::move(p));
  }
  std::sort(out.begin(), out.end(),
            [](const NoisePattern& a, const NoisePattern& b) {
              if (a.occurrences != b.occurrences)
                return a.occurrences > b.occurrences;
              if (a.last_seen != b.last_seen) return a.last_seen > b.last_seen;
              return a.fingerprint < b.fingerprint;
            });
  return out;
}

}  // namespace v1
}  // namespace dw
