// File: src/core/match/findings.cpp
//
// Turns joined records into the drift result: classification (changed,
// missing, extra, default), coverage per type/account/region, findings with
// stable ids and reasons (including "looks replaced" hints when a missing
// and an extra resource share a family and a name), and notes.
#include <xxhash.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <string>
#include <tuple>
#include <unordered_map>

#include "match/join_internal.hpp"

namespace dw {
inline namespace v1 {
namespace match_internal {

namespace {

double Pct(std::size_t matched, std::size_t live) {
  if (live == 0) return 100.0;
  return std::round(10000.0 * static_cast<double>(matched) /
                    static_cast<double>(live)) /
         100.0;
}

std::string_view StateName(const JsonValue& attrs) {
  for (std::string_view k : {"name", "bucket", "function_name", "identifier",
                             "cluster_identifier", "key_name"}) {
    std::string_view v = attrs.Get(k).as_string();
    if (!v.empty()) return v;
  }
  return {};
}

std::string SourcesText(std::uint8_t sources) {
  std::string out;
  for (const std::string& s : DriftSourceNames(sources)) {
    if (!out.empty()) out += "+";
    out += s;
  }
  return out;
}

// Counts per group, keyed by views into the inputs (no copies per record).
using Buckets =
    std::unordered_map<std::string_view, std::pair<std::size_t, std::size_t>>;

void Count(Buckets* buckets, std::string_view key, bool matched) {
  auto& [live, hit] = (*buckets)[key];
  ++live;
  if (matched) ++hit;
}

std::vector<CoverageBucket> Finish(const Buckets& m) {
  std::vector<CoverageBucket> out;
  out.reserve(m.size());
  for (const auto& [key, counts] : m) {
    CoverageBucket b;
    b.key = std::string(key);
    b.live = counts.first;
    b.matched = counts.second;
    b.coverage_pct = Pct(b.matched, b.live);
    out.push_back(std::move(b));
  }
  std::sort(out.begin(), out.end(),
            [](const CoverageBucket& a, const CoverageBucket& b) {
              return a.key < b.key;
            });
  return out;
}

}  // namespace

std::string FindingId(FindingKind kind, std::string_view family,
                      std::string_view identity) {
  std::string bytes;
  return FindingId(kind, family, identity, &bytes);
}

std::string FindingId(FindingKind kind, std::string_view family,
                      std::string_view identity, std::string* scratch) {
  scratch->assign("drift/v1\x1f");
  scratch->append(FindingKindName(kind));
  scratch->push_back('\x1f');
  scratch->append(family);
  scratch->push_back('\x1f');
  scratch->append(identity);
  std::uint64_t h = XXH3_64bits(scratch->data(), scratch->size());
  std::string id = "dw-0000000000000000";
  for (int i = 18; i >= 3; --i, h >>= 4) id[i] = "0123456789abcdef"[h & 15];
  return id;
}

void BuildFindings(const JoinData& data, const MatchOptions& options,
                   DriftResult* result) {
  DriftSummary& sum = result->summary;
  std::vector<DriftFinding>& findings = result->findings;
  Buckets by_type, by_account, by_region;
  std::unordered_map<std::string_view, std::size_t> live_per_family;
  std::size_t multi_managed = 0;
  std::string scratch;  // reused by FindingId

  // Live side.
  for (const LiveRecord& rec : data.live) {
    if (rec.ignored || rec.duplicate) {
      if (rec.duplicate) ++sum.duplicate_live;
      continue;
    }
    ++live_per_family[rec.entry->family];
    const LiveResource& r = *rec.res;
    bool matched = rec.iac != kNoRecord;
    if (matched) {
      ++sum.matched;
      if (data.iac[rec.iac].next != kNoRecord &&
          data.iac[data.iac[rec.iac].next].live ==
              static_cast<std::uint32_t>(&rec - data.live.data())) {
        ++multi_managed;
      }
    } else if (std::optional<std::string> why =
                   ProviderDefaultReason(rec.entry, r)) {
      ++sum.defaults;
      if (options.list_defaults) {
        DriftFinding f;
        f.kind = FindingKind::kDefault;
        f.id = FindingId(f.kind, rec.entry->family, rec.id.key, &scratch);
        f.type = std::string(rec.entry->terraform_type);
        f.provider_type = r.provider_type;
        f.provider_resource_id = r.provider_resource_id;
        f.name = r.name;
        f.region = r.region;
        f.account = r.account;
        f.reason = "provider default: " + *why;
        findings.push_back(std::move(f));
      }
      continue;
    } else {
      ++sum.extra;
      DriftFinding f;
      f.kind = FindingKind::kExtra;
      f.id = FindingId(f.kind, rec.entry->family, rec.id.key, &scratch);
      f.type = std::string(rec.entry->terraform_type);
      f.provider_type = r.provider_type;
      f.provider_resource_id = r.provider_resource_id;
      f.name = r.name;
      f.region = r.region;
      f.account = r.account;
      f.sources = kSourceInventory;
      f.reason = "unmanaged: live " + r.provider_type + " " +
                 r.provider_resource_id +
                 " is not in any given state (it would be a " +
                 std::string(rec.entry->terraform_type) + ")";
      findings.push_back(std::move(f));
    }
    Count(&by_type, rec.entry->family, matched);
    // Views, not temporaries: the buckets keep these keys until Finish.
    std::string_view account = r.account, region = r.region;
    Count(&by_account, account.empty() ? "unknown" : account, matched);
    Count(&by_region, region.empty() ? "unknown" : region, matched);
  }

  // IaC side: decide the kind first, build a finding only when there is one.
  for (const IacRecord& rec : data.iac) {
    if (rec.ignored) continue;
    bool matched = rec.live != kNoRecord;
    bool observed =
        !matched && data.observed_families.count(rec.entry->family) > 0;
    FindingKind kind;
    if (!matched && (rec.tf_deleted || observed)) {
      kind = FindingKind::kMissing;
    } else if (!rec.paths.empty()) {
      kind = FindingKind::kChanged;
    } else {
      if (!matched) ++sum.unobserved_iac;
      continue;
    }
    const StateResource& r = *rec.res;
    const LiveResource* lr = matched ? data.live[rec.live].res : nullptr;
    DriftFinding f;
    f.kind = kind;
    f.address = r.address;
    f.type = r.type;
    f.state_source = data.states[rec.state].label;
    if (lr != nullptr) {
      f.provider_type = lr->provider_type;
      f.provider_resource_id = lr->provider_resource_id;
      f.name = lr->name;
      f.region = lr->region;
      f.account = lr->account;
    } else {
      f.provider_resource_id = std::string(rec.id.raw);
      f.name = std::string(StateName(r.attributes));
      f.region = std::string(rec.id.region);
      f.account = std::string(rec.id.account);
      if (!rec.entry->cloud_types.empty()) {
        f.provider_type = std::string(rec.entry->cloud_types.front());
      }
    }
    std::string identity = r.address;
    identity += '\x1f';
    identity += rec.id.key;
    f.id = FindingId(kind, rec.entry->family, identity, &scratch);
    if (kind == FindingKind::kMissing) {
      ++sum.missing;
      f.sources = (observed ? kSourceInventory : 0) |
                  (rec.tf_deleted ? kSourceTerraform : 0);
      if (observed) {
        std::size_t n = live_per_family[rec.entry->family];
        f.reason = "missing: " + r.address + " (" + std::string(rec.id.raw) +
                   ") is in state but not among the " + std::to_string(n) +
                   " live " + std::string(rec.entry->family) +
                   " resource(s) listed";
        if (rec.tf_deleted) {
          f.reason += "; Terraform's refresh also found it gone";
        }
      } else {
        f.reason = "missing: Terraform's refresh found " + r.address + " (" +
                   std::string(rec.id.raw) + ") deleted";
      }
      findings.push_back(std::move(f));
      continue;
    }
    ++sum.changed;
    f.paths = rec.paths;
    std::sort(f.paths.begin(), f.paths.end(),
              [](const ChangedPath& a, const ChangedPath& b) {
                return a.path < b.path;
              });
    for (ChangedPath& p : f.paths) {
      f.sources |= p.sources;
      if (p.sensitive ||
          std::find(r.sensitive_paths.begin(), r.sensitive_paths.end(),
                    p.path) != r.sensitive_paths.end()) {
        p.sensitive = true;
        p.iac_value = p.live_value = "\"(sensitive)\"";
      }
    }
    f.reason = "changed: " + std::to_string(f.paths.size()) +
               " attribute(s) differ from state:";
    for (std::size_t i = 0; i < f.paths.size(); ++i) {
      f.reason += (i ? ", " : " ") + f.paths[i].path + " (" +
                  SourcesText(f.paths[i].sources) + ")";
    }
    if (!matched) f.reason += "; the inventory does not list this resource";
    findings.push_back(std::move(f));
  }

  // Replacement hints: a missing and an extra resource of one family with
  // one name were most likely deleted and re-created by hand.
  std::map<std::pair<std::string, std::string>, std::vector<std::size_t>>
      extras_by_name;
  for (std::size_t i = 0; i < findings.size(); ++i) {
    const DriftFinding& f = findings[i];
    if (f.kind != FindingKind::kExtra || f.name.empty()) continue;
    const CatalogEntry* e = Catalog::Builtin().Find(f.type);
    extras_by_name[{std::string(e ? e->family : f.type), f.name}].push_back(i);
  }
  for (DriftFinding& f : findings) {
    if (f.kind != FindingKind::kMissing || f.name.empty()) continue;
    const CatalogEntry* e = Catalog::Builtin().Find(f.type);
    auto it =
        extras_by_name.find({std::string(e ? e->family : f.type), f.name});
    if (it == extras_by_name.end()) continue;
    for (std::size_t i : it->second) {
      DriftFinding& x = findings[i];
      f.reason += "; looks replaced outside Terraform: live " +
                  x.provider_resource_id + " has the same name";
      x.reason += "; looks like the replacement of " + f.address +
                  " (same name, the state's object is gone)";
    }
  }

  // Sort an index (findings are large to move), then permute once.
  std::vector<std::uint32_t> order(findings.size());
  for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::uint32_t x, std::uint32_t y) {
    const DriftFinding& a = findings[x];
    const DriftFinding& b = findings[y];
    return std::tie(a.kind, a.address, a.provider_type, a.provider_resource_id,
                    a.id) < std::tie(b.kind, b.address, b.provider_type,
                                     b.provider_resource_id, b.id);
  });
  std::vector<DriftFinding> sorted;
  sorted.reserve(findings.size());
  for (std::uint32_t i : order) sorted.push_back(std::move(findings[i]));
  findings = std::move(sorted);

  std::size_t considered = sum.matched + sum.extra;
  sum.coverage_pct = Pct(sum.matched, considered);
  result->by_type = Finish(by_type);
  result->by_account = Finish(by_account);
  result->by_region = Finish(by_region);

  // Notes a reader should see.
  auto list = [](const std::map<std::string, std::size_t>& m) {
    std::string s;
    std::size_t shown = 0;
    for (const auto& [type, n] : m) {
      if (shown++ == 8) {
        s += ", ...";
        break;
      }
      s += (s.empty() ? "" : ", ") + type + " (" + std::to_string(n) + ")";
    }
    return s;
  };
  if (sum.unmapped_live > 0) {
    result->notes.push_back(std::to_string(sum.unmapped_live) +
                            " live resource(s) of types the catalog does not "
                            "map were not classified: " +
                            list(data.unmapped_live_types));
  }
  if (sum.unmapped_iac > 0) {
    result->notes.push_back(std::to_string(sum.unmapped_iac) +
                            " state resource(s) could not be matched (type "
                            "not in the catalog or no identity): " +
                            list(data.unmapped_iac_types));
  }
  if (sum.unobserved_iac > 0) {
    result->notes.push_back(
        std::to_string(sum.unobserved_iac) +
        " state resource(s) are of types no inventory lists, so whether they "
        "still exist is unknown (pass a refresh-only plan, or an inventory "
        "that declares covered_types)");
  }
  for (const InventorySource& inv : data.inventories) {
    if (!inv.inventory->skipped.empty()) {
      const SkippedRecord& s = inv.inventory->skipped.front();
      result->notes.push_back(inv.label + ": " +
                              std::to_string(inv.inventory->skipped.size()) +
                              " unreadable record(s) skipped (first: record " +
                              std::to_string(s.index) + " at byte " +
                              std::to_string(s.offset) + ": " + s.reason + ")");
    }
  }
  if (sum.duplicate_live > 0) {
    result->notes.push_back(std::to_string(sum.duplicate_live) +
                            " live resource(s) were listed more than once "
                            "and counted once");
  }
  if (multi_managed > 0) {
    result->notes.push_back(std::to_string(multi_managed) +
                            " live resource(s) are managed by more than one "
                            "state resource");
  }
}

}  // namespace match_internal

std::string_view FindingKindName(FindingKind kind) noexcept {
  switch (kind) {
    case FindingKind::kChanged:
      return "changed";
    case FindingKind::kMissing:
      return "missing";
    case FindingKind::kExtra:
      return "extra";
    case FindingKind::kDefault:
      return "default";
  }
  return "unknown";
}

std::vector<std::string> DriftSourceNames(std::uint8_t sources) {
  std::vector<std::string> out;
  if (sources & kSourceInventory) out.emplace_back("inventory");
  if (sources & kSourceTerraform) out.emplace_back("terraform");
  return out;
}

}  // namespace v1
}  // namespace dw
