// File: bench/join_floor.cpp
//
// py_join.py's hash join in plain C++ (see join_floor.hpp), on one thread
// and on several.
#include "join_floor.hpp"

#include <xxhash.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <deque>
#include <string_view>
#include <utility>

#include "match/parallel.hpp"

namespace dw_bench {
namespace {

// py_join.py's IDATTR: the attribute holding each type's cloud identity
// (the 8 types the generator writes and the rest of the table).
constexpr std::pair<std::string_view, std::string_view> kIdAttribute[] = {
    {"aws_instance", "id"},
    {"aws_s3_bucket", "bucket"},
    {"aws_security_group", "id"},
    {"aws_iam_role", "arn"},
    {"aws_iam_policy", "arn"},
    {"aws_lambda_function", "arn"},
    {"aws_db_instance", "arn"},
    {"aws_subnet", "id"},
    {"google_compute_instance", "id"},
    {"google_storage_bucket", "id"},
    {"google_project_iam_member", "id"},
    {"azurerm_storage_account", "id"},
    {"azurerm_network_security_group", "id"},
    {"azurerm_linux_virtual_machine", "id"},
    {"azurerm_resource_group", "id"},
};

// "" for a type py_join does not know.
std::string_view IdAttribute(std::string_view type) {
  for (const auto& [t, attribute] : kIdAttribute) {
    if (t == type) return attribute;
  }
  return {};
}

// py_join.py's PROV: the family of a Terraform provider name ("" when
// unknown). The family literals are what the TSV lines carry.
std::string_view Family(std::string_view provider) {
  if (provider == "aws") return "aws";
  if (provider == "google") return "gcp";
  if (provider == "azurerm") return "azure";
  return {};
}

// py_join.py's norm(): Azure ids compare case-insensitively, so they are
// lower-cased into `storage` (ASCII: ARM ids are ASCII); every other id is
// used as it is, a view of the input.
std::string_view NormalizedId(std::string_view family, std::string_view id,
                              std::string& storage) {
  if (family != "azure") return id;
  storage.assign(id);
  for (char& c : storage) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return storage;
}

struct JoinKey {
  std::string_view family;
  std::string_view id;  // normalized
  std::uint64_t hash = 0;
};

JoinKey MakeJoinKey(std::string_view family, std::string_view id) {
  return {family, id,
          XXH3_64bits_withSeed(id.data(), id.size(),
                               XXH3_64bits(family.data(), family.size()))};
}

bool SameKey(const JoinKey& a, const JoinKey& b) {
  return a.hash == b.hash && a.id == b.id && a.family == b.family;
}

// One key of py_join's `index` dict, in insertion order.
struct IndexEntry {
  JoinKey key;
  // The value; null when a later instance with the same key replaced it
  // (a dict keeps the first key's position and the last value).
  const dw::StateResource* resource = nullptr;
  bool seen = false;  // py_join's `seen` set
};

// Open addressing with linear probing; a slot holds a key's hash and the
// position of its IndexEntry.
class JoinTable {
 public:
  static constexpr std::uint32_t kEmpty = ~std::uint32_t{0};
  struct Slot {
    std::uint64_t hash = 0;
    std::uint32_t entry = kEmpty;
  };

  JoinTable() = default;
  explicit JoinTable(std::size_t keys) {
    std::size_t capacity = 16;
    while (capacity < keys * 2) capacity <<= 1;
    slots_.resize(capacity);
    mask_ = capacity - 1;
  }

  void Prefetch(std::uint64_t hash) const {
    __builtin_prefetch(&slots_[hash & mask_]);
  }

  // The slot holding `key`, or the empty slot where it would go.
  Slot& Find(const JoinKey& key, const std::vector<IndexEntry>& entries) {
    for (std::size_t i = key.hash & mask_;; i = (i + 1) & mask_) {
      Slot& slot = slots_[i];
      if (slot.entry == kEmpty) return slot;
      if (slot.hash == key.hash && SameKey(entries[slot.entry].key, key)) {
        return slot;
      }
    }
  }

 private:
  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
};

// How many records ahead the slot a record will probe is prefetched: far
// enough to hide a cache miss behind the work on the records in between.
constexpr std::size_t kPrefetchDistance = 8;

void AppendTsvLine(std::string& out, std::string_view kind,
                   std::string_view family, std::string_view id,
                   std::string_view address) {
  out.append(kind).append(1, '\t').append(family).append(1, '\t');
  out.append(id).append(1, '\t').append(address).append(1, '\n');
}

// py_join.py's key of a state resource, `(prov, norm(prov, attrs[ida]))`;
// false for a resource py_join does not index. A lower-cased Azure id is
// kept in `lowered` (a deque: its strings never move, so the key's view
// stays valid).
bool StateKey(const dw::StateResource& r, std::deque<std::string>& lowered,
              JoinKey* key) {
  if (r.mode != "managed") return false;
  std::string_view type = r.type;
  std::string_view family = Family(type.substr(0, type.find('_')));
  std::string_view attribute = IdAttribute(type);
  // (py_join stops with a KeyError there; the generator writes none.)
  if (family.empty() || attribute.empty()) return false;
  std::string_view id = r.attributes.Get(attribute).as_string();
  if (family == "azure") id = NormalizedId(family, id, lowered.emplace_back());
  *key = MakeJoinKey(family, id);
  return true;
}

// py_join.py's key of a live resource; `lowered` owns a lower-cased id.
JoinKey LiveKey(const dw::LiveResource& live, std::string& lowered) {
  std::string_view provider = live.provider;
  std::string_view family = Family(provider);
  if (family.empty()) family = provider;  // py_join uses it as it is
  return MakeJoinKey(family,
                     NormalizedId(family, live.provider_resource_id, lowered));
}

// py_join.py's `index[key] = (r, inst)` for every entry, in order: a
// repeated key keeps its first position and takes the last value.
JoinTable InsertEntries(std::vector<IndexEntry>& entries) {
  JoinTable table(entries.size());
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (i + kPrefetchDistance < entries.size()) {
      table.Prefetch(entries[i + kPrefetchDistance].key.hash);
    }
    JoinTable::Slot& slot = table.Find(entries[i].key, entries);
    if (slot.entry == JoinTable::kEmpty) {
      slot = {entries[i].key.hash, static_cast<std::uint32_t>(i)};
    } else {
      entries[slot.entry].resource = entries[i].resource;
      entries[i].resource = nullptr;
    }
  }
  return table;
}

// py_join.py's `attrs.get(k) != v`: an absent attribute equals only null
// (None == None).
bool SameAttribute(const dw::JsonValue& attributes, std::string_view key,
                   const dw::JsonValue& live_value) {
  dw::JsonValue iac_value = attributes.Get(key);
  return iac_value.valid() ? iac_value.Equals(live_value)
                           : live_value.is_null();
}

// py_join.py's probe of one live resource: unmanaged, or matched (and
// changed when a property differs).
void Probe(JoinTable& table, std::vector<IndexEntry>& entries,
           const dw::LiveResource& live, const JoinKey& key, std::string& tsv,
           JoinCounts& counts) {
  JoinTable::Slot& slot = table.Find(key, entries);
  if (slot.entry == JoinTable::kEmpty) {
    ++counts.unmanaged;
    AppendTsvLine(tsv, "unmanaged", key.family, live.provider_resource_id, "");
    return;
  }
  IndexEntry& hit = entries[slot.entry];
  hit.seen = true;
  ++counts.matched;
  for (dw::JsonMember m : live.properties.members()) {
    if (!SameAttribute(hit.resource->attributes, m.key, m.value)) {
      ++counts.changed;
      AppendTsvLine(tsv, "changed", key.family, live.provider_resource_id,
                    hit.resource->address);
      return;
    }
  }
}

// py_join.py's last loop: indexed resources no live resource matched.
void ListMissing(const std::vector<IndexEntry>& entries, std::string& tsv,
                 JoinCounts& counts) {
  for (const IndexEntry& e : entries) {
    if (e.resource == nullptr || e.seen) continue;
    ++counts.missing;
    AppendTsvLine(tsv, "missing", e.key.family, e.key.id, e.resource->address);
  }
}

// The thread whose table holds a key (ComputeDrift's rule: the high half of
// the hash picks the table, the low half the slot in it).
unsigned ShareOf(const JoinKey& key, unsigned parts) {
  return static_cast<unsigned>((key.hash >> 32) % parts);
}

}  // namespace

JoinOutput JoinFloor(const dw::State& state, const dw::Inventory& inventory) {
  JoinOutput out;
  std::string& tsv = out.tsv_parts.emplace_back();
  std::vector<IndexEntry> entries;
  entries.reserve(state.resources.size());
  std::deque<std::string> lowered_ids;
  for (const dw::StateResource& r : state.resources) {
    JoinKey key;
    if (StateKey(r, lowered_ids, &key)) entries.push_back({key, &r});
  }
  JoinTable table = InsertEntries(entries);

  // Probe. Each live record's key is made kPrefetchDistance records ahead
  // (its slot prefetched then) and waits in a ring until its turn; a ring
  // entry owns the lower-cased copy of an Azure id.
  struct PendingProbe {
    const dw::LiveResource* live = nullptr;
    JoinKey key;
    std::string lowered;
  };
  std::array<PendingProbe, kPrefetchDistance> ring;
  const std::vector<dw::LiveResource>& lives = inventory.resources;
  auto stage = [&](std::size_t i) {
    PendingProbe& p = ring[i % kPrefetchDistance];
    p.live = &lives[i];
    p.key = LiveKey(*p.live, p.lowered);
    table.Prefetch(p.key.hash);
  };
  for (std::size_t i = 0; i < lives.size() && i < kPrefetchDistance; ++i) {
    stage(i);
  }
  for (std::size_t i = 0; i < lives.size(); ++i) {
    PendingProbe& p = ring[i % kPrefetchDistance];
    Probe(table, entries, *p.live, p.key, tsv, out.counts);
    if (i + kPrefetchDistance < lives.size()) stage(i + kPrefetchDistance);
  }
  ListMissing(entries, tsv, out.counts);
  return out;
}

JoinOutput JoinFloorThreaded(const dw::State& state,
                             const dw::Inventory& inventory, unsigned threads) {
  // ComputeDrift's own thread fan-out and cutting of ranges.
  dw::match_internal::Workers workers(std::max(1u, threads));
  const unsigned parts = workers.count();
  // Keys of each range of resources (and the lower-cased ids they view).
  struct StateRange {
    std::vector<IndexEntry> entries;
    std::deque<std::string> lowered_ids;
  };
  struct LiveRange {
    std::vector<std::pair<const dw::LiveResource*, JoinKey>> keys;
    std::deque<std::string> lowered_ids;
  };
  std::vector<StateRange> state_ranges(parts);
  std::vector<LiveRange> live_ranges(parts);
  std::vector<JoinCounts> counts(parts);
  JoinOutput out;
  out.tsv_parts.resize(parts);
  const std::vector<dw::StateResource>& resources = state.resources;
  const std::vector<dw::LiveResource>& lives = inventory.resources;

  // Keys, each thread one range of each side.
  workers.ForParts([&](unsigned part) {
    StateRange& sr = state_ranges[part];
    std::size_t end = workers.RangeBegin(resources.size(), part + 1);
    sr.entries.reserve(end - workers.RangeBegin(resources.size(), part));
    for (std::size_t i = workers.RangeBegin(resources.size(), part); i < end;
         ++i) {
      JoinKey key;
      if (StateKey(resources[i], sr.lowered_ids, &key)) {
        sr.entries.push_back({key, &resources[i]});
      }
    }
    LiveRange& lr = live_ranges[part];
    end = workers.RangeBegin(lives.size(), part + 1);
    lr.keys.reserve(end - workers.RangeBegin(lives.size(), part));
    std::string lowered;  // reused; kept only when the key views it
    for (std::size_t i = workers.RangeBegin(lives.size(), part); i < end; ++i) {
      JoinKey key = LiveKey(lives[i], lowered);
      if (key.id.data() == lowered.data()) {
        key.id = lr.lowered_ids.emplace_back(lowered);
      }
      lr.keys.emplace_back(&lives[i], key);
    }
  });

  // Each thread: its share of the keys, its table, its probes, its missing.
  workers.ForParts([&](unsigned part) {
    std::vector<IndexEntry> entries;
    for (const StateRange& sr : state_ranges) {
      for (const IndexEntry& e : sr.entries) {
        if (ShareOf(e.key, parts) == part) entries.push_back(e);
      }
    }
    JoinTable table = InsertEntries(entries);
    std::vector<const std::pair<const dw::LiveResource*, JoinKey>*> probes;
    for (const LiveRange& lr : live_ranges) {
      for (const auto& k : lr.keys) {
        if (ShareOf(k.second, parts) == part) probes.push_back(&k);
      }
    }
    std::string& tsv = out.tsv_parts[part];
    for (std::size_t i = 0; i < probes.size(); ++i) {
      if (i + kPrefetchDistance < probes.size()) {
        table.Prefetch(probes[i + kPrefetchDistance]->second.hash);
      }
      Probe(table, entries, *probes[i]->first, probes[i]->second, tsv,
            counts[part]);
    }
    ListMissing(entries, tsv, counts[part]);
  });
  for (const JoinCounts& c : counts) {
    out.counts.matched += c.matched;
    out.counts.changed += c.changed;
    out.counts.unmanaged += c.unmanaged;
    out.counts.missing += c.missing;
  }
  return out;
}

}  // namespace dw_bench
