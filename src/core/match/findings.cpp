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

// The names DriftSourceNames gives, joined by '+' (no allocation).
std::string_view SourcesText(std::uint8_t sources) {
  switch (sources & (kSourceInventory | kSourceTerraform)) {
    case kSourceInventory:
      return "inventory";
    case kSourceTerraform:
      return "terraform";
    case kSourceInventory | kSourceTerraform:
      return "inventory+terraform";
    default:
      return "";
  }
}

// Counts per group, keyed by views into the inputs (no copies per record).
using Buckets =
    std::unordered_map<std::string_view, std::pair<std::size_t, std::size_t>>;

// Buckets with the last group remembered: records of one type, account or
// region usually come together, so most counts skip the hash lookup.
class BucketCounter {
 public:
  void Count(std::string_view key, bool matched) {
    if (last_ == nullptr || key != last_key_) {
      last_ = &buckets_[key];
      last_key_ = key;
    }
    ++last_->first;
    if (matched) ++last_->second;
  }
  const Buckets& buckets() const { return buckets_; }

 private:
  Buckets buckets_;
  std::string_view last_key_;
  std::pair<std::size_t, std::size_t>* last_ = nullptr;
};

// Catalog::Find by Terraform type, remembered per type for the run.
class FamilyCache {
 public:
  std::string_view FamilyOf(std::string_view type) {
    if (last_ != nullptr && type == last_key_) return last_family_;
    auto it = cache_.find(type);
    if (it == cache_.end()) {
      const CatalogEntry* e = Catalog::Builtin().Find(type);
      it = cache_.emplace(type, e ? std::string_view(e->family) : type).first;
    }
    last_ = &it->second;
    last_key_ = type;
    last_family_ = it->second;
    return last_family_;
  }

 private:
  std::unordered_map<std::string_view, std::string_view> cache_;
  std::string_view last_key_, last_family_;
  const std::string_view* last_ = nullptr;
};

struct FamilyName {
  std::string_view family, name;
  bool operator==(const FamilyName&) const = default;
};
struct FamilyNameHash {
  std::size_t operator()(const FamilyName& k) const noexcept {
    return static_cast<std::size_t>(
        XXH3_64bits_withSeed(k.name.data(), k.name.size(),
                             XXH3_64bits(k.family.data(), k.family.size())));
  }
};

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

void BuildFindings(JoinData& data, const MatchOptions& options,
                   DriftResult* result) {
  DriftSummary& sum = result->summary;
  std::vector<DriftFinding>& findings = result->findings;
  BucketCounter by_type, by_account, by_region;
  std::unordered_map<std::string_view, std::size_t> live_per_family;
  std::string_view last_family;
  std::size_t* last_family_count = nullptr;
  std::size_t multi_managed = 0;
  std::string scratch;   // reused by FindingId
  std::string identity;  // reused for IaC finding identities

  // Findings are large: reserve for the most there can be, so that none is
  // moved while the vector grows.
  findings.reserve(findings.size() + data.unmatched_live +
                   (data.iac.size() - data.matched_iac) + data.iac_with_paths);

  // Live side.
  for (const LiveRecord& rec : data.live) {
    if (rec.ignored || rec.duplicate) {
      if (rec.duplicate) ++sum.duplicate_live;
      continue;
    }
    if (last_family_count == nullptr || rec.entry->family != last_family) {
      last_family = rec.entry->family;
      last_family_count = &live_per_family[last_family];
    }
    ++*last_family_count;
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
        DriftFinding& f = findings.emplace_back();
        f.kind = FindingKind::kDefault;
        f.id = FindingId(f.kind, rec.entry->family, rec.id.key, &scratch);
        f.type = std::string(rec.entry->terraform_type);
        f.provider_type = r.provider_type;
        f.provider_resource_id = r.provider_resource_id;
        f.name = r.name;
        f.region = r.region;
        f.account = r.account;
        f.reason = "provider default: " + *why;
      }
      continue;
    } else {
      ++sum.extra;
      DriftFinding& f = findings.emplace_back();
      f.kind = FindingKind::kExtra;
      f.id = FindingId(f.kind, rec.entry->family, rec.id.key, &scratch);
      f.type = std::string(rec.entry->terraform_type);
      f.provider_type = r.provider_type;
      f.provider_resource_id = r.provider_resource_id;
      f.name = r.name;
      f.region = r.region;
      f.account = r.account;
      f.sources = kSourceInventory;
      std::string_view tf_type = rec.entry->terraform_type;
      f.reason.reserve(75 + r.provider_type.size() +
                       r.provider_resource_id.size() + tf_type.size());
      f.reason.append("unmanaged: live ")
          .append(r.provider_type)
          .append(" ")
          .append(r.provider_resource_id)
          .append(" is not in any given state (it would be a ")
          .append(tf_type)
          .append(")");
    }
    by_type.Count(rec.entry->family, matched);
    // Views, not temporaries: the buckets keep these keys until Finish.
    std::string_view account = r.account, region = r.region;
    by_account.Count(account.empty() ? "unknown" : account, matched);
    by_region.Count(region.empty() ? "unknown" : region, matched);
  }

  // IaC side: decide the kind first, build a finding only when there is one.
  for (IacRecord& rec : data.iac) {
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
    DriftFinding& f = findings.emplace_back();
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
    identity.assign(r.address);
    identity += '\x1f';
    identity += rec.id.key;
    f.id = FindingId(kind, rec.entry->family, identity, &scratch);
    if (kind == FindingKind::kMissing) {
      ++sum.missing;
      f.sources = (observed ? kSourceInventory : 0) |
                  (rec.tf_deleted ? kSourceTerraform : 0);
      if (observed) {
        std::size_t n = live_per_family[rec.entry->family];
        std::string_view family = rec.entry->family;
        f.reason.reserve(96 + r.address.size() + rec.id.raw.size() +
                         family.size());
        f.reason.append("missing: ")
            .append(r.address)
            .append(" (")
            .append(rec.id.raw)
            .append(") is in state but not among the ")
            .append(std::to_string(n))
            .append(" live ")
            .append(family)
            .append(" resource(s) listed");
        if (rec.tf_deleted) {
          f.reason += "; Terraform's refresh also found it gone";
        }
      } else {
        f.reason = "missing: Terraform's refresh found " + r.address + " (" +
                   std::string(rec.id.raw) + ") deleted";
      }
      continue;
    }
    ++sum.changed;
    // The record is not read again: its paths move into the finding.
    f.paths = std::move(rec.paths);
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
    f.reason.append("changed: ")
        .append(std::to_string(f.paths.size()))
        .append(" attribute(s) differ from state:");
    for (std::size_t i = 0; i < f.paths.size(); ++i) {
      f.reason.append(i ? ", " : " ")
          .append(f.paths[i].path)
          .append(" (")
          .append(SourcesText(f.paths[i].sources))
          .append(")");
    }
    if (!matched) f.reason += "; the inventory does not list this resource";
  }

  // Replacement hints: a missing and an extra resource of one family with
  // one name were most likely deleted and re-created by hand.
  // Extras are listed by a hash of (family, name), sorted by hash and then
  // finding order; a missing finding looks its hash up and checks the
  // names themselves (no hash-table nodes for a hundred thousand extras).
  FamilyCache families;
  struct NamedExtra {
    std::uint64_t hash;
    std::uint32_t index;
    std::string_view family;
  };
  std::vector<NamedExtra> extras;
  for (std::uint32_t i = 0; i < findings.size(); ++i) {
    const DriftFinding& f = findings[i];
    if (f.kind != FindingKind::kExtra || f.name.empty()) continue;
    std::string_view family = families.FamilyOf(f.type);
    extras.push_back({FamilyNameHash()(FamilyName{family, f.name}), i, family});
  }
  std::sort(extras.begin(), extras.end(),
            [](const NamedExtra& a, const NamedExtra& b) {
              return a.hash != b.hash ? a.hash < b.hash : a.index < b.index;
            });
  for (DriftFinding& f : findings) {
    if (extras.empty()) break;
    if (f.kind != FindingKind::kMissing || f.name.empty()) continue;
    FamilyName key{families.FamilyOf(f.type), f.name};
    std::uint64_t h = FamilyNameHash()(key);
    auto it = std::lower_bound(
        extras.begin(), extras.end(), h,
        [](const NamedExtra& e, std::uint64_t v) { return e.hash < v; });
    for (; it != extras.end() && it->hash == h; ++it) {
      DriftFinding& x = findings[it->index];
      if (it->family != key.family || x.name != key.name) continue;
      f.reason += "; looks replaced outside Terraform: live " +
                  x.provider_resource_id + " has the same name";
      x.reason += "; looks like the replacement of " + f.address +
                  " (same name, the state's object is gone)";
    }
  }

  // Sort compact keys (views into the findings, which stay put), then
  // permute the large findings once.
  // The few distinct provider types are replaced by their rank, so that
  // ties on the address (extras have none) cost no string comparison.
  struct SortKey {
    FindingKind kind;
    std::uint32_t provider_type_rank;
    std::uint32_t index;
    std::string_view address, provider_resource_id, id;
  };
  std::unordered_map<std::string_view, std::uint32_t> type_rank;
  {
    std::string_view last;
    for (const DriftFinding& f : findings) {
      if (!type_rank.empty() && f.provider_type == last) continue;
      last = f.provider_type;
      type_rank.emplace(last, 0);
    }
    std::vector<std::string_view> types;
    types.reserve(type_rank.size());
    for (const auto& entry : type_rank) types.push_back(entry.first);
    std::sort(types.begin(), types.end());
    for (std::uint32_t r = 0; r < types.size(); ++r) type_rank[types[r]] = r;
  }
  std::vector<SortKey> keys;
  keys.reserve(findings.size());
  {
    std::string_view last_type;
    std::uint32_t last_rank = 0;
    for (std::uint32_t i = 0; i < findings.size(); ++i) {
      const DriftFinding& f = findings[i];
      if (i == 0 || f.provider_type != last_type) {
        last_type = f.provider_type;
        last_rank = type_rank.at(last_type);
      }
      keys.push_back(
          {f.kind, last_rank, i, f.address, f.provider_resource_id, f.id});
    }
  }
  std::sort(keys.begin(), keys.end(), [](const SortKey& a, const SortKey& b) {
    if (a.kind != b.kind) return a.kind < b.kind;
    if (int c = a.address.compare(b.address); c != 0) return c < 0;
    if (a.provider_type_rank != b.provider_type_rank) {
      return a.provider_type_rank < b.provider_type_rank;
    }
    if (int c = a.provider_resource_id.compare(b.provider_resource_id);
        c != 0) {
      return c < 0;
    }
    return a.id < b.id;
  });
  // Permute in place, cycle by cycle: a sorted copy would be another
  // vector of large findings to fault in at a million resources.
  std::vector<std::uint32_t> source(keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i) source[i] = keys[i].index;
  std::vector<SortKey>().swap(keys);
  for (std::size_t start = 0; start < source.size(); ++start) {
    if (source[start] == start || source[start] == kNoRecord) continue;
    // Position start gets findings[source[start]], which gets its own
    // source, and so on until the cycle comes back to start.
    DriftFinding held = std::move(findings[start]);
    std::size_t to = start;
    while (source[to] != start) {
      std::size_t from = source[to];
      findings[to] = std::move(findings[from]);
      source[to] = kNoRecord;
      to = from;
    }
    findings[to] = std::move(held);
    source[to] = kNoRecord;
  }

  std::size_t considered = sum.matched + sum.extra;
  sum.coverage_pct = Pct(sum.matched, considered);
  result->by_type = Finish(by_type.buckets());
  result->by_account = Finish(by_account.buckets());
  result->by_region = Finish(by_region.buckets());

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
