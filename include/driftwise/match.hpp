// File: driftwise/match.hpp
//
// Live ⇄ IaC matching and drift results (docs/design.md §3.4).
//
// ComputeDrift joins the managed resources of one or more Terraform states
// with the resources of one or more live inventories on normalized identity
// (a hash join, O(N+M)), then classifies:
//   matched   in both; `changed` when attributes differ after normalization
//   extra     live only (unmanaged), excluding provider-created defaults
//   missing   in state, not live (only for types the inventories cover, or
//             that Terraform's own refresh saw deleted)
//   defaults  live objects the provider made itself (default VPC, ...)
// Changed attributes come from two sources, merged per path: the engine's
// comparison of state attributes with inventory properties through the
// catalog's property mappings, and Terraform's own `resource_drift` from
// refresh-only plans. Every finding has a stable id and a reason.
//
// Normalization (no false alarms): JSON documents inside strings compared as
// JSON (IAM-style: key order, whitespace, single-element arrays), set-like
// lists order-free, null ≈ [] ≈ {} ≈ "" ≈ absent, effective tags
// (`tags_all`) vs provider default tags, AWS-reserved `aws:*` tags and GCP
// `goog-*` labels ignored, Azure IDs case-insensitive.
//
// Ownership: a DriftResult owns its strings; inputs are only borrowed for
// the call. Thread-safety: ComputeDrift is reentrant; inputs may be shared
// between concurrent calls. With MatchOptions::threads other than 1 a call
// starts its own threads and joins them before it returns.
#ifndef DRIFTWISE_MATCH_HPP
#define DRIFTWISE_MATCH_HPP

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "driftwise/inventory.hpp"
#include "driftwise/plan.hpp"
#include "driftwise/state.hpp"
#include "driftwise/status.hpp"

namespace dw {
inline namespace v1 {

// --- .driftignore --------------------------------------------------------

/// One line of a .driftignore file.
///   TYPE_GLOB.ID_GLOB[.ATTRIBUTE_PATH_GLOB]
/// `*` matches any run of characters (in the attribute part: within one
/// path segment; `**` crosses segments), `?` one character, `\.` a literal
/// dot inside an ID, `!` at the start negates (un-ignores). The ID part is
/// matched against the resource's identity, Terraform address, cloud ID and
/// name; the type part against the Terraform type and the cloud type. A line
/// without an attribute part ignores the whole resource; with one, only the
/// matching changed paths (and their descendants). `#` starts a comment
/// (at the start of a line, or after whitespace). The last matching line
/// wins, as in .gitignore.
struct DriftIgnoreRule {
  bool negate = false;
  std::string type_glob;
  std::string id_glob;
  std::string path_glob;  // "" = the whole resource
  int line = 0;           // 1-based line in the file
};

struct DriftIgnore {
  std::vector<DriftIgnoreRule> rules;
};

/// Parses a .driftignore file. Errors: kInvalidArgument naming the line
/// (and the byte offset of the line) for a line with no ID part.
Result<DriftIgnore> ParseDriftIgnore(std::string_view text);

// --- Results ---------------------------------------------------------------

enum class FindingKind : std::uint8_t { kChanged, kMissing, kExtra, kDefault };
/// "changed", "missing", "extra", "default".
std::string_view FindingKindName(FindingKind kind) noexcept;

/// Who saw a difference (bit set).
enum DriftSource : std::uint8_t {
  kSourceInventory = 1,  // the engine, comparing state with the inventory
  kSourceTerraform = 2,  // Terraform's refresh-only plan (resource_drift)
};
/// "inventory", "terraform" for each bit set, in that order.
std::vector<std::string> DriftSourceNames(std::uint8_t sources);

/// One attribute that differs, in the §3.1 path syntax.
struct ChangedPath {
  std::string path;
  std::uint8_t sources = 0;  // DriftSource bits
  bool sensitive = false;    // values are masked
  /// Compact JSON of the state value and the live value ("" when absent;
  /// "\"(sensitive)\"" when masked).
  std::string iac_value;
  std::string live_value;
};

struct DriftFinding {
  std::string id;  // "dw-" + 16 hex digits, stable across runs and orderings
  FindingKind kind = FindingKind::kExtra;
  std::string address;  // Terraform address (changed, missing)
  std::string type;     // Terraform type ("" when the catalog has none)
  std::string provider_type;
  std::string provider_resource_id;
  std::string name;
  std::string region;
  std::string account;
  std::string state_source;        // label of the state it came from
  std::uint8_t sources = 0;        // missing: who saw it gone
  std::vector<ChangedPath> paths;  // changed: sorted by path
  std::string reason;
};

/// Coverage of one group (a type, account or region).
struct CoverageBucket {
  std::string key;
  std::size_t live = 0;     // live resources considered
  std::size_t matched = 0;  // of which a state manages
  double coverage_pct = 100.0;
};

struct DriftSummary {
  std::size_t total_live = 0;  // every live resource read
  std::size_t total_iac = 0;   // every managed state resource instance
  std::size_t matched = 0;     // matched pairs (changed included)
  std::size_t changed = 0;
  std::size_t extra = 0;
  std::size_t missing = 0;
  std::size_t defaults = 0;
  /// 100 × matched live / live considered (matched + extra), after ignore
  /// rules; 100 when nothing is considered. Rounded to 2 decimals.
  double coverage_pct = 100.0;
  // Not part of the headline numbers:
  std::size_t ignored = 0;        // findings/resources dropped by rules
  std::size_t unmapped_live = 0;  // live types the catalog does not know
  std::size_t unmapped_iac = 0;   // state types the catalog does not know
  std::size_t unobserved_iac =
      0;  // state resources of types no inventory lists
  std::size_t duplicate_live = 0;   // the same live resource listed twice
  std::size_t skipped_records = 0;  // unreadable inventory records
};

struct DriftResult {
  DriftSummary summary;
  std::vector<CoverageBucket> by_type;  // sorted by key
  std::vector<CoverageBucket> by_account;
  std::vector<CoverageBucket> by_region;
  /// Sorted: changed, missing, extra, default; then by address / cloud id.
  std::vector<DriftFinding> findings;
  /// Things a person should know (unmapped types, skipped records, ...).
  std::vector<std::string> notes;
  std::string catalog_version;
  /// CPU seconds of this run's phases (the calling thread and the threads
  /// it started), for benchmarks: indexing the state side, probing with the
  /// live side, comparing attributes (and merging refresh plans), and
  /// findings (ignore rules, classification, coverage, sorting).
  struct PhaseSeconds {
    double index = 0, probe = 0, compare = 0, findings = 0;
  } phase_seconds;

  bool has_drift() const noexcept {
    return summary.changed + summary.missing + summary.extra > 0;
  }
};

// --- Inputs ----------------------------------------------------------------

struct StateSource {
  std::string label;  // e.g. the file name; shown in findings
  const State* state = nullptr;
};
struct InventorySource {
  std::string label;
  const Inventory* inventory = nullptr;
};
struct PlanSource {
  std::string label;
  const Plan* plan = nullptr;  // a refresh-only plan (its resource_drift)
};

struct MatchOptions {
  /// List provider defaults as findings of kind kDefault (they are always
  /// counted in summary.defaults and never count as extra).
  bool list_defaults = false;
  /// Compare attributes of matched resources (off = matching only).
  bool compare_attributes = true;
  /// Threads for the per-record work (identities, matching, comparison,
  /// findings): 0 = one per core. Results are the same for any count; 1
  /// (the default) runs everything on the calling thread.
  unsigned threads = 1;
  DriftIgnore ignore;
};

/// Matches the states against the inventories and merges the refresh
/// plans' resource_drift. When as many plans as states are given, plan i
/// belongs to state i; otherwise drift entries apply by address to every
/// state that has the address.
/// Errors: kInvalidArgument for a null state/inventory/plan pointer.
Result<DriftResult> ComputeDrift(std::span<const StateSource> states,
                                 std::span<const InventorySource> inventories,
                                 std::span<const PlanSource> refresh_plans,
                                 const MatchOptions& options = {});

/// The same, with the .driftignore rules given as text (empty: none), as
/// the CLI, the C ABI and Python take them; a rule that does not parse is
/// an error naming ".driftignore" and the line. `options.ignore` is
/// replaced by the parsed rules.
Result<DriftResult> ComputeDrift(std::span<const StateSource> states,
                                 std::span<const InventorySource> inventories,
                                 std::span<const PlanSource> refresh_plans,
                                 std::string_view driftignore,
                                 MatchOptions options);

}  // namespace v1
}  // namespace dw

#endif  // DRIFTWISE_MATCH_HPP
