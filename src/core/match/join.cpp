// File: src/core/match/join.cpp
//
// ComputeDrift: the hash join of state resources and live resources on
// (family, normalized identity), then attribute comparison, refresh-plan
// merge, ignore rules, defaults, coverage and findings.
//
// Determinism: results never depend on input order. Chains of state
// records sharing an identity are kept sorted by (state, address); findings
// are sorted; ids hash stable facts (kind, family, identity or address).
#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "catalog/identity_view.hpp"
#include "common/populate_pages.hpp"
#include "driftwise/catalog.hpp"
#include "driftwise/match.hpp"
#include "match/compare.hpp"
#include "match/identity_index.hpp"
#include "match/ignore_match.hpp"
#include "match/join_internal.hpp"
#include "match/normalize.hpp"
#include "match/parallel.hpp"

namespace dw {
inline namespace v1 {

using namespace match_internal;
using catalog_internal::IdentityView;

namespace {

constexpr std::uint32_t kNone = kNoRecord;

// Accounts and regions are compared case-insensitively: Azure returns
// subscription GUIDs in either case.
// (ASCII folding inline: this runs for every probe.)
bool Compatible(std::string_view a, std::string_view b) {
  if (a.empty() || b.empty() || a == b) return true;
  auto lower = [](char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  };
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(),
                    [&](char x, char y) { return lower(x) == lower(y); });
}

// Orders chain members: state first, then address.
bool ChainLess(const IacRecord& a, const IacRecord& b) {
  if (a.state != b.state) return a.state < b.state;
  return a.res->address < b.res->address;
}

// A few type names with their entries, searched linearly: runs mix a
// handful of types, and comparing lengths and bytes of a few short keys
// beats hashing every name. Full (kSize keys) means "use the map".
class RecentTypes {
 public:
  static constexpr std::size_t kSize = 16;
  bool Find(std::string_view key, const CatalogEntry** out) const {
    for (std::size_t i = 0; i < n_; ++i) {
      if (keys_[i].size() == key.size() && keys_[i] == key) {
        *out = entries_[i];
        return true;
      }
    }
    return false;
  }
  void Add(std::string_view key, const CatalogEntry* e) {
    if (n_ < kSize) {
      keys_[n_] = key;
      entries_[n_++] = e;
    }
  }

 private:
  std::string_view keys_[kSize];
  const CatalogEntry* entries_[kSize] = {};
  std::size_t n_ = 0;
};

// Caches catalog lookups by type name for the run (the same few types
// repeat across thousands of resources).
class EntryCache {
 public:
  explicit EntryCache(const Catalog& catalog) : catalog_(catalog) {}
  const CatalogEntry* ByTerraformType(std::string_view type) {
    const CatalogEntry* e;
    if (recent_tf_.Find(type, &e)) return e;
    auto it = tf_.find(type);
    if (it != tf_.end()) return it->second;
    e = catalog_.Find(type);
    tf_.emplace(type, e);
    recent_tf_.Add(type, e);
    return e;
  }
  const CatalogEntry* ForLive(const LiveResource& r) {
    std::string_view k =
        r.normalized_type.empty() ? r.provider_type : r.normalized_type;
    const CatalogEntry* e;
    if (!k.empty() && recent_live_.Find(k, &e)) return e;
    auto it = live_.find(k);
    if (it != live_.end()) return it->second;
    e = catalog_.Resolve(r);
    live_.emplace(k, e);
    if (!k.empty()) recent_live_.Add(k, e);
    return e;
  }
  const EntryPlan& Plan(const CatalogEntry* e) {
    if (e == last_plan_entry_) return *last_plan_;
    auto it = plans_.find(e);
    if (it == plans_.end()) it = plans_.emplace(e, MakeEntryPlan(*e)).first;
    last_plan_entry_ = e;
    last_plan_ = &it->second;
    return it->second;
  }

 private:
  const Catalog& catalog_;
  std::unordered_map<std::string_view, const CatalogEntry*> tf_;
  std::unordered_map<std::string_view, const CatalogEntry*> live_;
  std::unordered_map<const CatalogEntry*, EntryPlan> plans_;
  RecentTypes recent_tf_, recent_live_;
  const CatalogEntry* last_plan_entry_ = nullptr;
  const EntryPlan* last_plan_ = nullptr;
};

bool UnderSensitive(std::string_view path,
                    const std::vector<std::string>& sensitive) {
  for (const std::string& s : sensitive) {
    if (path.substr(0, s.size()) == s &&
        (path.size() == s.size() || path[s.size()] == '.' ||
         path[s.size()] == '[')) {
      return true;
    }
  }
  return false;
}

void MergePath(std::vector<ChangedPath>* paths, std::string path,
               std::uint8_t source, std::string iac_value,
               std::string live_value) {
  for (ChangedPath& p : *paths) {
    if (p.path == path) {
      p.sources |= source;
      if (p.iac_value.empty()) p.iac_value = std::move(iac_value);
      if (p.live_value.empty()) p.live_value = std::move(live_value);
      return;
    }
  }
  ChangedPath p;
  p.path = std::move(path);
  p.sources = source;
  p.iac_value = std::move(iac_value);
  p.live_value = std::move(live_value);
  paths->push_back(std::move(p));
}

// Inserts the records `at(0..count)` names into `index`, in that order
// (chains keep (state, address) order whatever the insertion order). The
// table slot of a record a few places ahead is prefetched: at a million
// records the table is far larger than the caches, and waiting for each
// slot was most of the time.
template <typename At>
void InsertRecords(std::vector<IacRecord>& iac, IdentityIndex& index,
                   std::size_t count, At at) {
  constexpr std::size_t kAhead = 16;
  for (std::size_t k = 0; k < count; ++k) {
    if (k + kAhead < count) index.Prefetch(iac[at(k + kAhead)].hash);
    std::uint32_t idx = at(k);
    IacRecord& cur = iac[idx];
    auto* slot = index.Find(cur.hash, [&](std::uint32_t head) {
      return iac[head].id.key == cur.id.key &&
             iac[head].entry->family == cur.entry->family;
    });
    // Insert into the chain in (state, address) order.
    std::uint32_t* link = &slot->head;
    while (*link != kNone && ChainLess(iac[*link], cur)) {
      link = &iac[*link].next;
    }
    cur.next = *link;
    *link = idx;
  }
}

// What probing one live record's share found, summed over the shares.
struct ProbeCounts {
  std::size_t matched_iac = 0;
  std::size_t unmatched_live = 0;
};

// Probes with the live records `at(0..count)`, in that order, with the
// memory each probe will read requested ahead of time: the table slot,
// then the state record it names, then that record's key bytes.
template <typename At>
ProbeCounts ProbeRecords(std::vector<IacRecord>& iac,
                         std::vector<LiveRecord>& live, IdentityIndex& index,
                         std::size_t count, At at) {
  constexpr std::size_t kAhead = 16;
  ProbeCounts counts;
  for (std::size_t k = 0; k < count; ++k) {
    if (k + kAhead < count) index.Prefetch(live[at(k + kAhead)].hash);
    if (k + kAhead / 2 < count) {
      std::uint32_t head = index.PeekHead(live[at(k + kAhead / 2)].hash);
      if (head != kNone) __builtin_prefetch(&iac[head]);
    }
    if (k + kAhead / 4 < count) {
      std::uint32_t head = index.PeekHead(live[at(k + kAhead / 4)].hash);
      if (head != kNone) __builtin_prefetch(iac[head].id.key.data());
    }
    std::uint32_t li = at(k);
    LiveRecord& rec = live[li];
    auto* slot = index.Find(rec.hash, [&](std::uint32_t head) {
      return iac[head].id.key == rec.id.key &&
             iac[head].entry->family == rec.entry->family;
    });
    bool any_compatible = false;
    for (std::uint32_t c = slot->head; c != kNone; c = iac[c].next) {
      IacRecord& cand = iac[c];
      if (!Compatible(cand.id.account, rec.id.account) ||
          !Compatible(cand.id.region, rec.id.region)) {
        continue;
      }
      any_compatible = true;
      if (cand.live != kNone) continue;
      cand.live = li;
      ++counts.matched_iac;
      if (rec.iac == kNone) rec.iac = c;
    }
    if (rec.iac == kNone) {
      ++counts.unmatched_live;
      if (any_compatible) rec.duplicate = true;
    } else {
      // Decided here, while the chain is in the cache: the record after
      // the first one it matched is managed by this live resource too.
      std::uint32_t next = iac[rec.iac].next;
      rec.multi_managed = next != kNone && iac[next].live == li;
    }
  }
  return counts;
}

// Which table of the join owns an identity hash: each thread inserts and
// probes only its own table, and records of one identity share a hash, so
// the order of records within one identity is the same for any count.
// (The high half picks the table, the low half the slot within it.)
unsigned TableOf(std::uint64_t hash, unsigned tables) {
  return tables == 1 ? 0 : static_cast<unsigned>((hash >> 32) % tables);
}

// Moves the records ranges left at the start of their range (ranges hold
// `counts[p]` records from `workers.RangeBegin(n, p)`) together, in range
// order, and drops the rest.
template <typename Records>
void Compact(Records& records, const Workers& workers, std::size_t n,
             const std::vector<std::size_t>& counts) {
  std::size_t write = 0;
  for (unsigned p = 0; p < workers.count(); ++p) {
    std::size_t begin = workers.RangeBegin(n, p);
    for (std::size_t k = 0; k < counts[p]; ++k, ++write) {
      if (write != begin + k) records[write] = std::move(records[begin + k]);
    }
  }
  records.resize(write);
}

void AddCounts(std::map<std::string, std::size_t>& into,
               const std::map<std::string, std::size_t>& from) {
  for (const auto& [key, n] : from) into[key] += n;
}

// Start of each source's resources in the flat sequence of all of them.
template <typename Sources, typename Resources>
std::vector<std::size_t> FlatStarts(Sources sources, Resources resources) {
  std::vector<std::size_t> starts{0};
  for (const auto& s : sources) {
    starts.push_back(starts.back() + resources(s).size());
  }
  return starts;
}

// The source holding flat position `pos` (< starts.back()).
std::uint32_t SourceAt(const std::vector<std::size_t>& starts,
                       std::size_t pos) {
  auto it = std::upper_bound(starts.begin(), starts.end(), pos);
  return static_cast<std::uint32_t>(it - starts.begin() - 1);
}

}  // namespace

Result<DriftResult> ComputeDrift(std::span<const StateSource> states,
                                 std::span<const InventorySource> inventories,
                                 std::span<const PlanSource> refresh_plans,
                                 const MatchOptions& options) {
  constexpr std::size_t kAhead = 8;  // resources ahead for prefetching
  for (const StateSource& s : states) {
    if (s.state == nullptr) return InvalidArgumentError("drift: null state");
  }
  for (const InventorySource& i : inventories) {
    if (i.inventory == nullptr) {
      return InvalidArgumentError("drift: null inventory");
    }
  }
  for (const PlanSource& p : refresh_plans) {
    if (p.plan == nullptr) return InvalidArgumentError("drift: null plan");
  }
  Workers workers(options.threads);
  const unsigned parts = workers.count();
  // Phases count the CPU time of every thread of this run.
  double phase_start = ThreadCpuSeconds();
  auto end_phase = [&](double* seconds) {
    double now = ThreadCpuSeconds();
    *seconds = now - phase_start + workers.TakeHelperCpuSeconds();
    phase_start = now;
  };
  const Catalog& catalog = Catalog::Builtin();
  // Per thread: catalog lookups and rewritten identity keys (the arenas
  // live as long as the records that view them).
  std::vector<EntryCache> caches;
  caches.reserve(parts);
  for (unsigned p = 0; p < parts; ++p) caches.emplace_back(catalog);
  std::vector<catalog_internal::KeyArena> arenas(parts);
  DriftResult result;
  result.catalog_version = std::string(catalog.version());
  DriftSummary& sum = result.summary;
  JoinData data;
  data.states = states;
  data.inventories = inventories;
  std::vector<IacRecord>& iac = data.iac;
  std::vector<LiveRecord>& live = data.live;
  auto& unmapped_iac_types = data.unmapped_iac_types;
  auto& unmapped_live_types = data.unmapped_live_types;
  auto& observed_families = data.observed_families;

  // 1. Index the IaC side. Each thread reads a range of the state
  // resources and leaves its records at the start of that range.
  struct IacShare {
    std::size_t records = 0, total = 0, unmapped = 0;
    std::map<std::string, std::size_t> unmapped_types;
  };
  std::vector<std::size_t> state_starts = FlatStarts(
      states, [](const StateSource& s) -> const std::vector<StateResource>& {
        return s.state->resources;
      });
  const std::size_t n_iac = state_starts.back();
  std::vector<IacShare> iac_shares(parts);
  internal::ResizePopulated(iac, n_iac, static_cast<int>(parts));
  workers.ForRanges(
      n_iac, [&](unsigned part, std::size_t begin, std::size_t end) {
        IacShare& share = iac_shares[part];
        EntryCache& cache = caches[part];
        std::size_t write = begin;
        std::uint32_t si = begin < end ? SourceAt(state_starts, begin) : 0;
        for (std::size_t pos = begin; pos < end; ++pos) {
          while (pos >= state_starts[si + 1]) ++si;
          const std::vector<StateResource>& list = states[si].state->resources;
          const StateResource& r = list[pos - state_starts[si]];
          // The type name's bytes are elsewhere on the heap: requested a
          // few resources ahead, they are there for the catalog lookup.
          if (std::size_t ahead = pos - state_starts[si] + kAhead;
              ahead < list.size()) {
            __builtin_prefetch(list[ahead].type.data());
            __builtin_prefetch(&list[ahead].attributes);
          }
          // So are the attributes' first tree node and the text of their
          // keys, which the identity lookup compares: the node read for
          // real half as far ahead (its address is inside JsonValue), then
          // the text its first member starts.
          if (std::size_t ahead = pos - state_starts[si] + kAhead / 2;
              ahead < list.size()) {
            auto members = list[ahead].attributes.members();
            if (members.begin() != members.end()) {
              __builtin_prefetch((*members.begin()).key.data());
            }
          }
          if (r.mode != "managed" || !r.deposed.empty()) continue;
          ++share.total;
          const CatalogEntry* e = cache.ByTerraformType(r.type);
          if (e == nullptr) {
            ++share.unmapped;
            ++share.unmapped_types[r.type];
            continue;
          }
          IacRecord rec;
          rec.res = &r;
          rec.state = si;
          rec.entry = e;
          if (!catalog_internal::StateIdentityView(*e, r.attributes,
                                                   &arenas[part], &rec.id)) {
            ++share.unmapped;
            ++share.unmapped_types[r.type + " (no identity attribute)"];
            continue;
          }
          rec.hash = IdentityHash(e->family, rec.id.key);
          iac[write++] = std::move(rec);
        }
        share.records = write - begin;
      });
  {
    std::vector<std::size_t> counts;
    for (const IacShare& share : iac_shares) {
      sum.total_iac += share.total;
      sum.unmapped_iac += share.unmapped;
      AddCounts(unmapped_iac_types, share.unmapped_types);
      counts.push_back(share.records);
    }
    Compact(iac, workers, n_iac, counts);
  }
  // Inserted in a second pass (see InsertRecords), one table per thread.
  // (Each thread also makes its own table: that is tens of megabytes of
  // fresh memory to touch at a million records.)
  std::vector<std::optional<IdentityIndex>> tables(parts);
  workers.ForParts([&](unsigned part) {
    tables[part].emplace(n_iac / parts + 1);
    if (parts == 1) {
      InsertRecords(iac, *tables[0], iac.size(), [](std::size_t k) {
        return static_cast<std::uint32_t>(k);
      });
      return;
    }
    std::vector<std::uint32_t> mine;
    for (std::uint32_t i = 0; i < iac.size(); ++i) {
      if (TableOf(iac[i].hash, parts) == part) mine.push_back(i);
    }
    InsertRecords(iac, *tables[part], mine.size(),
                  [&](std::size_t k) { return mine[k]; });
  });

  end_phase(&result.phase_seconds.index);

  // 2. Probe with every live resource: records first, by range as above.
  for (const InventorySource& i : inventories) {
    sum.skipped_records += i.inventory->skipped.size();
    for (const std::string& t : i.inventory->covered_types) {
      const CatalogEntry* e = catalog.FindByCloudType(t);
      if (e == nullptr) e = catalog.Find(t);
      if (e != nullptr) observed_families.insert(e->family);
    }
  }
  struct LiveShare {
    std::size_t records = 0, defaults = 0, unmapped = 0;
    std::map<std::string, std::size_t> unmapped_types;
    std::unordered_set<std::string_view> families;
    std::vector<DriftFinding> default_findings;
  };
  std::vector<std::size_t> inventory_starts = FlatStarts(
      inventories,
      [](const InventorySource& s) -> const std::vector<LiveResource>& {
        return s.inventory->resources;
      });
  const std::size_t n_live = inventory_starts.back();
  sum.total_live = n_live;
  std::vector<LiveShare> live_shares(parts);
  internal::ResizePopulated(live, n_live, static_cast<int>(parts));
  workers.ForRanges(n_live, [&](unsigned part, std::size_t begin,
                                std::size_t end) {
    LiveShare& share = live_shares[part];
    EntryCache& cache = caches[part];
    const CatalogEntry* last_observed = nullptr;
    std::size_t write = begin;
    std::uint32_t ii = begin < end ? SourceAt(inventory_starts, begin) : 0;
    for (std::size_t pos = begin; pos < end; ++pos) {
      while (pos >= inventory_starts[ii + 1]) ++ii;
      const std::vector<LiveResource>& list =
          inventories[ii].inventory->resources;
      const LiveResource& r = list[pos - inventory_starts[ii]];
      // (As for state resources: the strings the lookups read, ahead.)
      if (std::size_t ahead = pos - inventory_starts[ii] + kAhead;
          ahead < list.size()) {
        __builtin_prefetch(list[ahead].provider_type.data());
        __builtin_prefetch(list[ahead].provider_resource_id.data());
      }
      LiveRecord rec;
      rec.res = &r;
      rec.inventory = ii;
      rec.entry = cache.ForLive(r);
      if (rec.entry == nullptr) {
        // Objects the provider makes (a ReplicaSet a Deployment owns) are
        // defaults even when no Terraform type exists for them.
        if (std::optional<std::string> why =
                ProviderDefaultReason(nullptr, r)) {
          ++share.defaults;
          if (options.list_defaults) {
            DriftFinding f;
            f.kind = FindingKind::kDefault;
            f.id = FindingId(f.kind, r.provider_type, r.provider_resource_id);
            f.provider_type = r.provider_type;
            f.provider_resource_id = r.provider_resource_id;
            f.name = r.name;
            f.region = r.region;
            f.account = r.account;
            f.reason = "provider default: " + *why;
            share.default_findings.push_back(std::move(f));
          }
          continue;
        }
        ++share.unmapped;
        ++share.unmapped_types[r.provider_type];
        continue;
      }
      if (rec.entry != last_observed) {
        last_observed = rec.entry;
        share.families.insert(rec.entry->family);
      }
      if (!catalog_internal::LiveIdentityView(*rec.entry, r, &arenas[part],
                                              &rec.id)) {
        ++share.unmapped;
        ++share.unmapped_types[r.provider_type + " (no identity)"];
        continue;
      }
      rec.hash = IdentityHash(rec.entry->family, rec.id.key);
      live[write++] = rec;
    }
    share.records = write - begin;
  });
  {
    std::vector<std::size_t> counts;
    for (LiveShare& share : live_shares) {
      sum.defaults += share.defaults;
      sum.unmapped_live += share.unmapped;
      AddCounts(unmapped_live_types, share.unmapped_types);
      observed_families.insert(share.families.begin(), share.families.end());
      for (DriftFinding& f : share.default_findings) {
        result.findings.push_back(std::move(f));
      }
      counts.push_back(share.records);
    }
    Compact(live, workers, n_live, counts);
  }
  // Probed in a second pass, in live order within each table.
  std::vector<ProbeCounts> probe_counts(parts);
  workers.ForParts([&](unsigned part) {
    if (parts == 1) {
      probe_counts[0] = ProbeRecords(
          iac, live, *tables[0], live.size(),
          [](std::size_t k) { return static_cast<std::uint32_t>(k); });
    } else {
      std::vector<std::uint32_t> mine;
      for (std::uint32_t i = 0; i < live.size(); ++i) {
        if (TableOf(live[i].hash, parts) == part) mine.push_back(i);
      }
      probe_counts[part] = ProbeRecords(iac, live, *tables[part], mine.size(),
                                        [&](std::size_t k) { return mine[k]; });
    }
    tables[part].reset();  // not needed any more
  });
  for (const ProbeCounts& c : probe_counts) {
    data.matched_iac += c.matched_iac;
    data.unmatched_live += c.unmatched_live;
  }

  end_phase(&result.phase_seconds.probe);

  // 3. Compare attributes of matched pairs, by range of state records.
  if (options.compare_attributes) {
    std::vector<std::size_t> with_paths(parts, 0);
    workers.ForRanges(iac.size(), [&](unsigned part, std::size_t begin,
                                      std::size_t end) {
      EntryCache& cache = caches[part];
      std::vector<PathDiff> diffs;
      // Each pair reads its state resource's attributes and its live
      // resource's properties: tree nodes, then key and value text,
      // cold at a million resources and in no order the hardware can
      // guess. Three steps ahead, in the order the reads depend on
      // each other: the live record; the two trees' first nodes (read
      // for real: a prefetch needs an address, and the node's is
      // inside JsonValue); the text their first members start.
      std::uint32_t touched = 0;  // keeps the reads of the nodes
      for (std::size_t idx = begin; idx < end; ++idx) {
        if (idx + 8 < end && iac[idx + 8].live != kNone) {
          __builtin_prefetch(&live[iac[idx + 8].live]);
        }
        if (idx + 4 < end && iac[idx + 4].live != kNone) {
          const IacRecord& ahead = iac[idx + 4];
          touched += static_cast<std::uint32_t>(ahead.res->attributes.type()) +
                     static_cast<std::uint32_t>(
                         live[ahead.live].res->properties.type());
        }
        if (idx + 2 < end && iac[idx + 2].live != kNone) {
          const IacRecord& ahead = iac[idx + 2];
          for (const JsonValue* v :
               {&ahead.res->attributes, &live[ahead.live].res->properties}) {
            auto members = v->members();
            if (members.begin() == members.end()) continue;
            const char* text = (*members.begin()).key.data();
            for (int line = 0; line < 4; ++line) {
              __builtin_prefetch(text + 64 * line);
            }
          }
        }
        IacRecord& rec = iac[idx];
        if (rec.live == kNone) continue;
        diffs.clear();
        CompareWithLive(*rec.entry, cache.Plan(rec.entry), rec.res->attributes,
                        *live[rec.live].res, &diffs);
        if (!diffs.empty()) ++with_paths[part];
        for (PathDiff& d : diffs) {
          MergePath(&rec.paths, std::move(d.path), kSourceInventory,
                    std::move(d.iac_value), std::move(d.live_value));
        }
      }
      volatile std::uint32_t sink = touched;
      (void)sink;
    });
    for (std::size_t n : with_paths) data.iac_with_paths += n;
  }

  // 4. Merge Terraform's own view: resource_drift of refresh-only plans.
  if (!refresh_plans.empty()) {
    std::unordered_multimap<std::string_view, std::uint32_t> by_address;
    for (std::uint32_t i = 0; i < iac.size(); ++i) {
      by_address.emplace(iac[i].res->address, i);
    }
    bool paired = refresh_plans.size() == states.size();
    for (std::uint32_t pi = 0; pi < refresh_plans.size(); ++pi) {
      for (const ResourceChange& rc : refresh_plans[pi].plan->resource_drift) {
        if (rc.mode != "managed") continue;
        auto [lo, hi] = by_address.equal_range(rc.address);
        for (auto it = lo; it != hi; ++it) {
          IacRecord& rec = iac[it->second];
          if (paired && rec.state != pi) continue;
          if (rc.action == Action::kDelete) {
            rec.tf_deleted = true;
            continue;
          }
          std::vector<std::string> paths;
          AttributePath prefix;
          JsonValue before = rc.before(), after = rc.after();
          if (rc.raw.valid()) {
            for (JsonMember m : before.members()) {
              prefix.assign(1, PathSegment::Key(m.key));
              DiffValues(m.value, after.Get(m.key), prefix,
                         rec.entry->set_attributes, &paths);
            }
            for (JsonMember m : after.members()) {
              if (before.Get(m.key).valid()) continue;
              prefix.assign(1, PathSegment::Key(m.key));
              DiffValues(JsonValue(), m.value, prefix,
                         rec.entry->set_attributes, &paths);
            }
          } else {
            for (const AttributeChange& c : rc.diff) {
              paths.push_back(c.path_text);
            }
          }
          bool had_paths = !rec.paths.empty();
          for (std::string& p : paths) {
            Result<AttributePath> parsed = ParsePath(p);
            JsonValue b, a;
            if (parsed.ok()) {
              b = ValueAt(before, *parsed);
              a = ValueAt(after, *parsed);
            }
            bool sensitive = UnderSensitive(p, rc.sensitive_paths);
            MergePath(&rec.paths, std::move(p), kSourceTerraform,
                      sensitive ? "" : ValueText(b),
                      sensitive ? "" : ValueText(a));
          }
          if (!had_paths && !rec.paths.empty()) ++data.iac_with_paths;
        }
      }
    }
  }

  end_phase(&result.phase_seconds.compare);

  // 5. Ignore rules, then classification.
  IgnoreMatcher ignore(options.ignore);
  auto iac_subject_ignored = [&](const IacRecord& rec, std::string_view path) {
    std::string_view types[] = {rec.entry->terraform_type};
    std::string_view ids[] = {rec.id.raw, rec.id.key, rec.res->address};
    return ignore.Ignored({types, ids}, path);
  };
  auto live_subject_ignored = [&](const LiveRecord& rec) {
    std::string_view types[] = {
        rec.entry ? rec.entry->terraform_type : std::string_view(),
        rec.res->provider_type};
    std::string_view ids[] = {rec.id.raw, rec.id.key,
                              rec.res->provider_resource_id, rec.res->name};
    return ignore.Ignored({types, ids});
  };
  if (!ignore.empty()) {
    for (IacRecord& rec : iac) {
      rec.ignored = iac_subject_ignored(rec, {});
      if (rec.ignored) {
        ++sum.ignored;
        continue;
      }
      auto keep = std::remove_if(rec.paths.begin(), rec.paths.end(),
                                 [&](const ChangedPath& p) {
                                   return iac_subject_ignored(rec, p.path);
                                 });
      sum.ignored += static_cast<std::size_t>(rec.paths.end() - keep);
      rec.paths.erase(keep, rec.paths.end());
    }
    for (LiveRecord& rec : live) {
      // A matched live resource is ignored with its state resource.
      rec.ignored =
          rec.iac != kNone ? iac[rec.iac].ignored : live_subject_ignored(rec);
      if (rec.ignored && rec.iac == kNone) ++sum.ignored;
    }
  }

  BuildFindings(data, options, workers, &result);
  end_phase(&result.phase_seconds.findings);
  return result;
}

}  // namespace v1
}  // namespace dw
