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
#include <cstring>
#include <map>
#include <string>
#include <tuple>
#include <unordered_map>

#include "common/populate_pages.hpp"
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
  /// The counts of `key` (live, matched), to count into directly; the
  /// pointer stays valid as long as the counter.
  std::pair<std::size_t, std::size_t>* Slot(std::string_view key) {
    return &buckets_[key];
  }
  /// Adds another counter's counts (keys are compared by content).
  void Add(const BucketCounter& other) {
    for (const auto& [key, counts] : other.buckets_) {
      auto& mine = buckets_[key];
      mine.first += counts.first;
      mine.second += counts.second;
    }
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

namespace {

constexpr std::size_t kIdSize = 19;  // "dw-" + 16 hex digits
// How many records ahead the decision loops request what they will read.
constexpr std::size_t kDecideAhead = 8;

void WriteFindingId(FindingKind kind, std::string_view family,
                    std::string_view identity, std::string* scratch,
                    char* out) {
  scratch->assign("drift/v1\x1f");
  scratch->append(FindingKindName(kind));
  scratch->push_back('\x1f');
  scratch->append(family);
  scratch->push_back('\x1f');
  scratch->append(identity);
  std::uint64_t h = XXH3_64bits(scratch->data(), scratch->size());
  out[0] = 'd';
  out[1] = 'w';
  out[2] = '-';
  for (int i = 18; i >= 3; --i, h >>= 4) out[i] = "0123456789abcdef"[h & 15];
}

}  // namespace

std::string FindingId(FindingKind kind, std::string_view family,
                      std::string_view identity, std::string* scratch) {
  std::string id(kIdSize, '0');
  WriteFindingId(kind, family, identity, scratch, id.data());
  return id;
}

void BuildFindings(JoinData& data, const MatchOptions& options,
                   Workers& workers, DriftResult* result) {
  DriftSummary& sum = result->summary;
  std::vector<DriftFinding>& findings = result->findings;
  const unsigned parts = workers.count();

  // Findings are large (a dozen strings each): they are first decided as
  // small pending entries holding only what orders them, sorted, and then
  // built once, in their final order. (Building first and sorting after
  // moved every finding across a vector of hundreds of megabytes.)
  enum class Origin : std::uint8_t { kEarlier, kLive, kIac };
  struct Pending {
    FindingKind kind;
    Origin origin;
    bool observed = false;   // IaC missing: an inventory lists the family
    std::uint32_t rank = 0;  // of provider_type among all provider types
    std::uint32_t ref;       // index into `earlier`, data.live or data.iac
    std::uint32_t seq;       // order of decision (what hints follow)
    std::string_view address, provider_type, provider_resource_id;
    char id[kIdSize];
    std::string_view Id() const { return {id, kIdSize}; }
  };
  auto add = [](auto& to, FindingKind kind, Origin origin, std::uint32_t ref) {
    Pending& p = to.emplace_back();
    p.kind = kind;
    p.origin = origin;
    p.ref = ref;
    return &p;
  };

  // Each thread decides the findings of one range of the live records and
  // one range of the IaC records; the decisions are joined in range order,
  // which is the order one thread would have made them in.
  struct Share {
    BucketCounter by_type, by_account, by_region;
    std::unordered_map<std::string_view, std::size_t> live_per_family;
    std::size_t matched = 0, defaults = 0, extra = 0, duplicate_live = 0,
                multi_managed = 0, missing = 0, changed = 0, unobserved_iac = 0;
    std::vector<Pending> live_pending, iac_pending;
    // The sort reads keys in an order unrelated to the records': it reads
    // copies made here, while each record is at hand, packed together.
    catalog_internal::KeyArena keys;
    // Provider types by first appearance; pending ranks hold these ids
    // until the types of every share are ranked together.
    std::unordered_map<std::string_view, std::uint32_t> type_ids;
    std::vector<std::string_view> types;
  };
  std::vector<Share> shares(parts);
  workers.ForParts([&](unsigned part) {
    Share& share = shares[part];
    std::string scratch;   // reused by FindingId
    std::string identity;  // reused for IaC finding identities
    // A catalog entry's family counters, looked up by entry: live records
    // of a few types come interleaved, and hashing the family name twice
    // for each of a million records showed in profiles.
    struct FamilyCounts {
      std::size_t* live;                             // in live_per_family
      std::pair<std::size_t, std::size_t>* by_type;  // in share.by_type
    };
    std::unordered_map<const CatalogEntry*, FamilyCounts> counts_by_entry;
    const CatalogEntry* last_entry = nullptr;
    const FamilyCounts* last_counts = nullptr;
    auto family_counts = [&](const CatalogEntry* e) -> const FamilyCounts& {
      if (e != last_entry) {
        auto [it, added] = counts_by_entry.try_emplace(e);
        if (added) {
          it->second = {&share.live_per_family[e->family],
                        share.by_type.Slot(e->family)};
        }
        last_entry = e;
        last_counts = &it->second;
      }
      return *last_counts;
    };
    auto copy = [&](std::string_view v) -> std::string_view {
      if (v.empty()) return {};
      char* bytes = share.keys.Allocate(v.size());
      std::memcpy(bytes, v.data(), v.size());
      return {bytes, v.size()};
    };
    std::string_view last_type;
    std::uint32_t last_type_id = 0;
    auto set_type = [&](Pending* p, std::string_view type) {
      p->provider_type = type;
      if (share.types.empty() || type != last_type) {
        auto [it, added] = share.type_ids.emplace(
            type, static_cast<std::uint32_t>(share.types.size()));
        if (added) share.types.push_back(type);
        last_type = type;
        last_type_id = it->second;
      }
      p->rank = last_type_id;
    };

    // Live side.
    const std::size_t n_live = data.live.size();
    share.live_pending.reserve(data.unmatched_live / parts + 16);
    for (std::size_t pos = workers.RangeBegin(n_live, part),
                     end = workers.RangeBegin(n_live, part + 1);
         pos < end; ++pos) {
      // Coverage reads each live resource's account and region: a million
      // structs no cache holds, requested a few records ahead.
      if (pos + kDecideAhead < end) {
        __builtin_prefetch(&data.live[pos + kDecideAhead].res->region);
      }
      auto li = static_cast<std::uint32_t>(pos);
      const LiveRecord& rec = data.live[li];
      if (rec.ignored || rec.duplicate) {
        if (rec.duplicate) ++share.duplicate_live;
        continue;
      }
      const FamilyCounts& counts = family_counts(rec.entry);
      ++*counts.live;
      const LiveResource& r = *rec.res;
      bool matched = rec.iac != kNoRecord;
      if (matched) {
        ++share.matched;
        if (rec.multi_managed) ++share.multi_managed;
      } else if (ProviderDefaultReason(rec.entry, r)) {
        ++share.defaults;
        if (options.list_defaults) {
          Pending* p =
              add(share.live_pending, FindingKind::kDefault, Origin::kLive, li);
          set_type(p, r.provider_type);
          p->provider_resource_id = copy(r.provider_resource_id);
          WriteFindingId(p->kind, rec.entry->family, rec.id.key, &scratch,
                         p->id);
        }
        continue;
      } else {
        ++share.extra;
        Pending* p =
            add(share.live_pending, FindingKind::kExtra, Origin::kLive, li);
        set_type(p, r.provider_type);
        p->provider_resource_id = copy(r.provider_resource_id);
        WriteFindingId(p->kind, rec.entry->family, rec.id.key, &scratch, p->id);
      }
      ++counts.by_type->first;
      if (matched) ++counts.by_type->second;
      // Views, not temporaries: the buckets keep these keys until Finish.
      std::string_view account = r.account, region = r.region;
      share.by_account.Count(account.empty() ? "unknown" : account, matched);
      share.by_region.Count(region.empty() ? "unknown" : region, matched);
    }

    // IaC side: decide the kind first; a finding only when there is one.
    const CatalogEntry* observed_entry = nullptr;  // the last one looked up
    bool entry_observed = false;
    const std::size_t n_iac = data.iac.size();
    share.iac_pending.reserve(
        (n_iac - data.matched_iac + data.iac_with_paths) / parts + 16);
    for (std::size_t pos = workers.RangeBegin(n_iac, part),
                     end = workers.RangeBegin(n_iac, part + 1);
         pos < end; ++pos) {
      // A finding copies its state resource's address and, when matched,
      // its live resource's type and id: the resource structs first, then
      // the text they point to, for records that will have findings.
      if (pos + 2 * kDecideAhead < end) {
        const IacRecord& ahead = data.iac[pos + 2 * kDecideAhead];
        if (ahead.live == kNoRecord || !ahead.paths.empty()) {
          __builtin_prefetch(ahead.res);
          if (ahead.live != kNoRecord) {
            __builtin_prefetch(data.live[ahead.live].res);
          }
        }
      }
      if (pos + kDecideAhead < end) {
        const IacRecord& ahead = data.iac[pos + kDecideAhead];
        if (ahead.live == kNoRecord || !ahead.paths.empty()) {
          __builtin_prefetch(ahead.res->address.data());
          if (ahead.live != kNoRecord) {
            const LiveResource* lr = data.live[ahead.live].res;
            __builtin_prefetch(lr->provider_type.data());
            __builtin_prefetch(lr->provider_resource_id.data());
          }
        }
      }
      auto ii = static_cast<std::uint32_t>(pos);
      const IacRecord& rec = data.iac[ii];
      if (rec.ignored) continue;
      bool matched = rec.live != kNoRecord;
      if (!matched && rec.entry != observed_entry) {
        observed_entry = rec.entry;
        entry_observed = data.observed_families.count(rec.entry->family) > 0;
      }
      bool observed = !matched && entry_observed;
      FindingKind kind;
      if (!matched && (rec.tf_deleted || observed)) {
        kind = FindingKind::kMissing;
        ++share.missing;
      } else if (!rec.paths.empty()) {
        kind = FindingKind::kChanged;
        ++share.changed;
      } else {
        if (!matched) ++share.unobserved_iac;
        continue;
      }
      const StateResource& r = *rec.res;
      Pending* p = add(share.iac_pending, kind, Origin::kIac, ii);
      p->observed = observed;
      p->address = copy(r.address);
      if (matched) {
        const LiveResource& lr = *data.live[rec.live].res;
        set_type(p, lr.provider_type);
        p->provider_resource_id = copy(lr.provider_resource_id);
      } else {
        p->provider_resource_id = copy(rec.id.raw);
        set_type(p, rec.entry->cloud_types.empty()
                        ? std::string_view()
                        : std::string_view(rec.entry->cloud_types.front()));
      }
      identity.assign(r.address);
      identity += '\x1f';
      identity += rec.id.key;
      WriteFindingId(kind, rec.entry->family, identity, &scratch, p->id);
    }
  });

  // Join the shares: earlier findings, live decisions, IaC decisions.
  std::vector<DriftFinding> earlier = std::move(findings);
  findings.clear();
  std::vector<Pending> pending;
  {
    std::size_t total = earlier.size();
    for (const Share& share : shares) {
      total += share.live_pending.size() + share.iac_pending.size();
    }
    pending.reserve(total);
  }
  for (std::uint32_t i = 0; i < earlier.size(); ++i) {
    const DriftFinding& f = earlier[i];
    Pending* p = add(pending, f.kind, Origin::kEarlier, i);
    p->address = f.address;
    p->provider_type = f.provider_type;
    p->provider_resource_id = f.provider_resource_id;
    std::memset(p->id, 0, kIdSize);
    f.id.copy(p->id, std::min(f.id.size(), kIdSize));
  }
  // Provider types are ordered by their rank among all of them, so that
  // ties on the address (extras have none) cost no string comparison.
  std::vector<std::string_view> all_types;
  for (const Pending& p : pending) all_types.push_back(p.provider_type);
  for (const Share& share : shares) {
    all_types.insert(all_types.end(), share.types.begin(), share.types.end());
  }
  std::sort(all_types.begin(), all_types.end());
  all_types.erase(std::unique(all_types.begin(), all_types.end()),
                  all_types.end());
  auto rank_of = [&](std::string_view type) {
    return static_cast<std::uint32_t>(
        std::lower_bound(all_types.begin(), all_types.end(), type) -
        all_types.begin());
  };
  for (Pending& p : pending) p.rank = rank_of(p.provider_type);
  auto append = [&](std::vector<Pending>& from, const Share& share) {
    std::vector<std::uint32_t> rank_by_id;
    for (std::string_view type : share.types) {
      rank_by_id.push_back(rank_of(type));
    }
    for (Pending& p : from) {
      p.rank = rank_by_id[p.rank];
      pending.push_back(p);
    }
    std::vector<Pending>().swap(from);
  };
  for (Share& share : shares) append(share.live_pending, share);
  for (Share& share : shares) append(share.iac_pending, share);
  for (std::uint32_t i = 0; i < pending.size(); ++i) pending[i].seq = i;
  BucketCounter& by_type = shares[0].by_type;
  BucketCounter& by_account = shares[0].by_account;
  BucketCounter& by_region = shares[0].by_region;
  std::unordered_map<std::string_view, std::size_t>& live_per_family =
      shares[0].live_per_family;
  std::size_t multi_managed = 0;
  for (unsigned part = 0; part < parts; ++part) {
    Share& share = shares[part];
    sum.matched += share.matched;
    sum.defaults += share.defaults;
    sum.extra += share.extra;
    sum.duplicate_live += share.duplicate_live;
    sum.missing += share.missing;
    sum.changed += share.changed;
    sum.unobserved_iac += share.unobserved_iac;
    multi_managed += share.multi_managed;
    if (part == 0) continue;
    by_type.Add(share.by_type);
    by_account.Add(share.by_account);
    by_region.Add(share.by_region);
    for (const auto& [family, n] : share.live_per_family) {
      live_per_family[family] += n;
    }
  }

  // Order: kind, address, provider type, cloud id, id (and the decision
  // order, which only matters for findings equal in all of those, and
  // makes the order one that any thread count reaches).
  ParallelSort(
      pending,
      [](const Pending& a, const Pending& b) {
        if (a.kind != b.kind) return a.kind < b.kind;
        if (int c = a.address.compare(b.address); c != 0) return c < 0;
        if (a.rank != b.rank) return a.rank < b.rank;
        if (int c = a.provider_resource_id.compare(b.provider_resource_id);
            c != 0) {
          return c < 0;
        }
        if (int c = a.Id().compare(b.Id()); c != 0) return c < 0;
        return a.seq < b.seq;
      },
      workers);

  // Build the findings in that order, each thread one range of positions.
  internal::ResizePopulated(findings, pending.size(), static_cast<int>(parts));
  std::vector<std::uint32_t> seq_at(pending.size());
  // Records are read in finding order, which is not theirs: each finding
  // follows a chain of pointers (record, resource, strings) that would
  // miss the caches one after the other at a million resources. The links
  // of findings a few places ahead are requested early, one per distance.
  auto record_of = [&](const Pending& p) -> const void* {
    return p.origin == Origin::kIac ? static_cast<const void*>(&data.iac[p.ref])
           : p.origin == Origin::kLive
               ? static_cast<const void*>(&data.live[p.ref])
               : nullptr;
  };
  auto prefetch_resources = [&](const Pending& p) {
    if (p.origin == Origin::kIac) {
      const IacRecord& rec = data.iac[p.ref];
      __builtin_prefetch(rec.res);
      __builtin_prefetch(&rec.res->type);
      __builtin_prefetch(&rec.res->sensitive_paths);
      if (rec.live != kNoRecord) __builtin_prefetch(&data.live[rec.live]);
    } else if (p.origin == Origin::kLive) {
      const LiveResource* r = data.live[p.ref].res;
      __builtin_prefetch(r);
      __builtin_prefetch(&r->provider_resource_id);
      __builtin_prefetch(&r->region);
    }
  };
  auto prefetch_strings = [&](const Pending& p) {
    if (p.origin == Origin::kIac) {
      const IacRecord& rec = data.iac[p.ref];
      __builtin_prefetch(rec.res->address.data());
      if (rec.live != kNoRecord) {
        const LiveResource* lr = data.live[rec.live].res;
        __builtin_prefetch(lr);
        __builtin_prefetch(&lr->provider_resource_id);
        __builtin_prefetch(&lr->region);
      }
    } else if (p.origin == Origin::kLive) {
      const LiveResource* r = data.live[p.ref].res;
      __builtin_prefetch(r->provider_type.data());
      __builtin_prefetch(r->provider_resource_id.data());
    }
  };
  // (Changed and missing findings: the strings of the live resource and the
  // state resource's type, one step later.)
  auto prefetch_more_strings = [&](const Pending& p) {
    if (p.origin != Origin::kIac) return;
    const IacRecord& rec = data.iac[p.ref];
    __builtin_prefetch(rec.res->type.data());
    if (rec.live != kNoRecord) {
      const LiveResource* lr = data.live[rec.live].res;
      __builtin_prefetch(lr->provider_type.data());
      __builtin_prefetch(lr->provider_resource_id.data());
    }
  };
  workers.ForRanges(
      pending.size(), [&](unsigned, std::size_t begin, std::size_t end) {
        constexpr std::size_t kAhead = 12;
        for (std::size_t pos = begin; pos < end; ++pos) {
          if (pos + kAhead < end) {
            if (const void* rec = record_of(pending[pos + kAhead])) {
              __builtin_prefetch(rec);
            }
          }
          if (pos + kAhead * 2 / 3 < end) {
            prefetch_resources(pending[pos + kAhead * 2 / 3]);
          }
          if (pos + kAhead / 3 < end) {
            prefetch_strings(pending[pos + kAhead / 3]);
          }
          if (pos + kAhead / 6 < end) {
            prefetch_more_strings(pending[pos + kAhead / 6]);
          }
          const Pending& p = pending[pos];
          seq_at[pos] = p.seq;
          DriftFinding& f = findings[pos];
          if (p.origin == Origin::kEarlier) {
            f = std::move(earlier[p.ref]);
            continue;
          }
          f.kind = p.kind;
          f.id.assign(p.id, kIdSize);
          if (p.origin == Origin::kLive) {
            const LiveRecord& rec = data.live[p.ref];
            const LiveResource& r = *rec.res;
            f.type = std::string(rec.entry->terraform_type);
            f.provider_type = r.provider_type;
            f.provider_resource_id = r.provider_resource_id;
            f.name = r.name;
            f.region = r.region;
            f.account = r.account;
            if (p.kind == FindingKind::kDefault) {
              f.reason =
                  "provider default: " + *ProviderDefaultReason(rec.entry, r);
              continue;
            }
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
            continue;
          }
          IacRecord& rec = data.iac[p.ref];
          const StateResource& r = *rec.res;
          bool matched = rec.live != kNoRecord;
          const LiveResource* lr = matched ? data.live[rec.live].res : nullptr;
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
            f.provider_type = std::string(p.provider_type);
          }
          if (p.kind == FindingKind::kMissing) {
            f.sources = (p.observed ? kSourceInventory : 0) |
                        (rec.tf_deleted ? kSourceTerraform : 0);
            if (p.observed) {
              auto counted = live_per_family.find(rec.entry->family);
              std::size_t n =
                  counted == live_per_family.end() ? 0 : counted->second;
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
              f.reason = "missing: Terraform's refresh found " + r.address +
                         " (" + std::string(rec.id.raw) + ") deleted";
            }
            continue;
          }
          // The record is not read again: its paths move into the finding.
          f.paths = std::move(rec.paths);
          std::sort(f.paths.begin(), f.paths.end(),
                    [](const ChangedPath& a, const ChangedPath& b) {
                      return a.path < b.path;
                    });
          for (ChangedPath& cp : f.paths) {
            f.sources |= cp.sources;
            if (cp.sensitive ||
                std::find(r.sensitive_paths.begin(), r.sensitive_paths.end(),
                          cp.path) != r.sensitive_paths.end()) {
              cp.sensitive = true;
              cp.iac_value = cp.live_value = "\"(sensitive)\"";
            }
          }
          // (Sized once: growing it path by path reallocated it twice or
          // more per finding.)
          std::size_t reason_size = 96;
          for (const ChangedPath& cp : f.paths) {
            reason_size += cp.path.size() + 24;
          }
          f.reason.reserve(reason_size);
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
          if (!matched)
            f.reason += "; the inventory does not list this resource";
        }
      });
  std::vector<Pending>().swap(pending);

  // Replacement hints: a missing and an extra resource of one family with
  // one name were most likely deleted and re-created by hand. Extras are
  // listed by a hash of (family, name), sorted by hash and then decision
  // order; missing findings are visited in decision order and check the
  // names themselves (the hints read as they did when findings were built
  // in that order).
  FamilyCache families;
  struct NamedExtra {
    std::uint64_t hash;
    std::uint32_t seq;
    std::uint32_t pos;
    std::string_view family;
  };
  std::vector<NamedExtra> extras;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> named_missing;
  for (std::uint32_t pos = 0; pos < findings.size(); ++pos) {
    const DriftFinding& f = findings[pos];
    if (f.name.empty()) continue;
    if (f.kind == FindingKind::kExtra) {
      std::string_view family = families.FamilyOf(f.type);
      extras.push_back({FamilyNameHash()(FamilyName{family, f.name}),
                        seq_at[pos], pos, family});
    } else if (f.kind == FindingKind::kMissing) {
      named_missing.emplace_back(seq_at[pos], pos);
    }
  }
  if (!extras.empty() && !named_missing.empty()) {
    std::sort(extras.begin(), extras.end(),
              [](const NamedExtra& a, const NamedExtra& b) {
                return a.hash != b.hash ? a.hash < b.hash : a.seq < b.seq;
              });
    std::sort(named_missing.begin(), named_missing.end());
    for (const auto& [seq, pos] : named_missing) {
      DriftFinding& f = findings[pos];
      FamilyName key{families.FamilyOf(f.type), f.name};
      std::uint64_t h = FamilyNameHash()(key);
      auto it = std::lower_bound(
          extras.begin(), extras.end(), h,
          [](const NamedExtra& e, std::uint64_t v) { return e.hash < v; });
      for (; it != extras.end() && it->hash == h; ++it) {
        DriftFinding& x = findings[it->pos];
        if (it->family != key.family || x.name != key.name) continue;
        f.reason += "; looks replaced outside Terraform: live " +
                    x.provider_resource_id + " has the same name";
        x.reason += "; looks like the replacement of " + f.address +
                    " (same name, the state's object is gone)";
      }
    }
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
