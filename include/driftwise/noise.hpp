// File: driftwise/noise.hpp
//
// Plan and drift noise (docs/design.md §3.5): fingerprints of attribute diffs,
// recurrence aggregation over scans, suppressions with expiry, and noise
// rules (a built-in catalog compiled into the library, plus custom rules).
//
// Fingerprint = lowercase hex (16 digits) of XXH3-64 (seed 0) over the bytes
//   resource_type 0x1F attribute_path 0x1F action
// using the resource TYPE, not the address, so a pattern recurs across
// instances. ChangeFingerprint() first replaces every list index of the
// path by `[*]` (`ingress[3].cidr_blocks[0]` -> `ingress[*].cidr_blocks[*]`)
// so reordered lists keep their fingerprint. AddressFingerprint() scopes a
// fingerprint to one resource address (XXH3-64 over
//   fingerprint 0x1F address)
// for suppressions. Known-answer tests freeze both encodings.
//
// Thread-safety: free functions are pure; NoiseMatcher and SuppressionSet
// are immutable after construction and may be shared between threads.
// Ownership: everything here is a value type; nothing borrows its inputs
// beyond the call, except where a comment says so.
#ifndef DRIFTWISE_NOISE_HPP
#define DRIFTWISE_NOISE_HPP

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "driftwise/path.hpp"
#include "driftwise/plan.hpp"
#include "driftwise/status.hpp"
#include "driftwise/validation.hpp"

namespace dw {
inline namespace v1 {

// ---- Fingerprints ---------------------------------------------------------

/// XXH3-64 of `resource_type \x1f attribute_path \x1f action`, as 16
/// lowercase hex digits. The strings are hashed exactly as given.
std::string Fingerprint(std::string_view resource_type,
                        std::string_view attribute_path,
                        std::string_view action);

/// The same hash as a number.
std::uint64_t FingerprintValue(std::string_view resource_type,
                               std::string_view attribute_path,
                               std::string_view action);

/// `path` formatted in the §3.1 syntax with every list index replaced by
/// `[*]`: the attribute_path used by ChangeFingerprint.
std::string FingerprintPath(std::span<const PathSegment> path);

/// Fingerprint(resource_type, FingerprintPath(path), ActionName(action)).
std::string ChangeFingerprint(std::string_view resource_type,
                              std::span<const PathSegment> path, Action action);

/// XXH3-64 of `fingerprint \x1f address`, 16 lowercase hex digits: one
/// pattern on one resource.
std::string AddressFingerprint(std::string_view fingerprint,
                               std::string_view address);

/// True for 16 lowercase hex digits.
bool IsFingerprint(std::string_view text) noexcept;

// ---- Time -----------------------------------------------------------------

/// Parses an RFC 3339 timestamp ("2026-01-02T03:04:05Z", fractional
/// seconds and numeric offsets allowed) into Unix seconds.
Result<std::int64_t> ParseTimestamp(std::string_view text);
/// Formats Unix seconds as "YYYY-MM-DDTHH:MM:SSZ".
std::string FormatTimestamp(std::int64_t unix_seconds);

// ---- Noise rules ----------------------------------------------------------

/// When a matching rule really marks a diff as noise. Rules whose cause is
/// a representation difference only apply when the two values are
/// equivalent under that representation, so a real change is never hidden.
enum class NoiseCondition : std::uint8_t {
  kAlways,               // the attribute is noise whatever its values
  kNullVsEmpty,          // null / absent / "" / [] / {} on both sides
  kNullVsZero,           // kNullVsEmpty, also false and 0
  kJsonEquivalent,       // equal as JSON (strings holding JSON are parsed):
                         // key order ignored, arrays as multisets, ["x"] == "x"
  kJsonDefaultsAdded,    // kJsonEquivalent once object members present on
                         // only one side (server defaults) are ignored
  kSetEquivalent,        // lists equal as multisets
  kCaseInsensitive,      // strings equal ignoring ASCII case (lists as sets)
  kUnknownAfterApply,    // after is unknown and before was null or empty
  kDnsEquivalent,        // equal after lowercasing, dropping a trailing '.'
                         // and a "dualstack." prefix
  kCidrEquivalent,       // "10.0.0.1" == "10.0.0.1/32" (lists as sets)
  kReferenceEquivalent,  // equal last path segment (self_link vs name)
  kVersionPrefix,        // one version is a dotted prefix of the other
                         // ("14" vs "14.7")
  kNewlineEquivalent,    // equal after dropping '\r' and trailing whitespace
  kQuoteEquivalent,      // equal after removing '"' (DNS TXT chunks)
};

/// "always", "null_vs_empty", ...: the names used in custom rule JSON.
std::string_view NoiseConditionName(NoiseCondition c) noexcept;
bool ParseNoiseConditionName(std::string_view name, NoiseCondition* out);
/// The condition implied by a catalog `cause` (e.g. json_reorder ->
/// kJsonEquivalent); kAlways for causes that are noise by nature.
NoiseCondition ConditionForCause(std::string_view cause) noexcept;

/// A noise rule. Built-in ids look like `aws.tags_all.default_tags`;
/// custom ids are the caller's.
struct NoiseRule {
  std::string id;
  std::string provider;       // aws | google | azurerm | kubernetes | *
  std::string resource_type;  // resource-type glob
  std::string attribute;      // attribute glob ("" = the whole resource)
  /// Where it applies: update, replace, drift (resource_drift entries),
  /// create, delete. Empty = update and drift.
  std::vector<std::string> actions;
  std::string cause;
  NoiseCondition condition = NoiseCondition::kAlways;
  std::string reason;
  std::vector<std::string> sources;  // citations (owner/repo#N or URLs)
  std::string confidence;            // high | medium | low
  std::string note;
  bool enabled = true;
  bool builtin = false;
};

/// The built-in catalog, ordered by id. `provider` filters it: "" = all;
/// "aws", "gcp"/"google", "azure"/"azurerm", "kubernetes"; generic rules
/// (provider "*") are always included. Unknown providers give none but the
/// generic rules.
std::vector<NoiseRule> BuiltinNoiseRules(std::string_view provider = "");

/// Canonical provider name for a filter: gcp -> google, azure -> azurerm;
/// "" for an unknown name.
std::string CanonicalProvider(std::string_view name);

/// Parses custom noise rules: `{"rules": [rule, ...]}` or a bare array.
/// Rule fields: id (required), resource_type (required glob), attribute
/// (glob, optional), actions (subset of update|replace|drift|create|delete),
/// condition (NoiseConditionName), provider, reason, sources, enabled.
/// Every problem is reported (IssuesToStatus); unknown fields are errors so
/// a typo does not silently widen a rule.
Result<std::vector<NoiseRule>> ParseNoiseRules(std::string_view json);
/// The same checks, returning every issue (empty = valid).
std::vector<ValidationIssue> ValidateNoiseRules(std::string_view json);

/// Why a diff is noise.
struct NoiseHit {
  const NoiseRule* rule = nullptr;  // borrowed from the NoiseMatcher
  int prefix_length = 0;  // segments of the path the rule's glob selected
};

/// Noise rules compiled into one GlobSet.
class NoiseMatcher {
 public:
  NoiseMatcher();
  ~NoiseMatcher();
  NoiseMatcher(NoiseMatcher&&) noexcept;
  NoiseMatcher& operator=(NoiseMatcher&&) noexcept;

  /// Compiles the enabled rules (disabled ones are kept but never match).
  /// Errors name the rule index and field.
  static Result<NoiseMatcher> Create(std::vector<NoiseRule> rules);

  const std::vector<NoiseRule>& rules() const;

  /// The first rule (in rule order) that makes `diff` of `change` noise,
  /// or nullopt. `is_drift` says `change` comes from resource_drift.
  /// `protected_change` is true for a delete or replace of a stateful
  /// resource: such a change is never noise, whatever the rules say.
  std::optional<NoiseHit> Match(const ResourceChange& change,
                                const AttributeChange& diff, bool is_drift,
                                bool protected_change) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// ---- Suppressions ---------------------------------------------------------

enum class SuppressionDuration : std::uint8_t { k7d, k30d, k90d, kForever };
std::string_view SuppressionDurationName(SuppressionDuration d) noexcept;
bool ParseSuppressionDuration(std::string_view name, SuppressionDuration* out);

/// One fingerprint silenced on one resource address.
struct Suppression {
  std::string fingerprint;       // ChangeFingerprint of the pattern
  std::string resource_address;  // e.g. aws_s3_bucket.logs
  std::string reason;
  std::string created_by;
  std::int64_t created_at = 0;  // Unix seconds
  SuppressionDuration duration = SuppressionDuration::k7d;
  bool is_false_positive = false;

  /// created_at + duration, or nullopt for kForever.
  std::optional<std::int64_t> expires_at() const;
  /// Not yet expired at `now` (expiry is exclusive).
  bool Active(std::int64_t now) const;
  /// AddressFingerprint(fingerprint, resource_address).
  std::string ScopedFingerprint() const;
};

/// Parses suppressions: `{"suppressions": [{fingerprint, resource_address,
/// reason, created_by, duration, created_at (RFC 3339), is_false_positive?}]}`
/// or the API's bulk form `{fingerprints[], resource_addresses[], duration,
/// reason, created_by, created_at}` (arrays of equal length, 1..100).
/// Every problem is reported.
Result<std::vector<Suppression>> ParseSuppressions(std::string_view json);

/// Suppressions indexed by (fingerprint, address).
class SuppressionSet {
 public:
  SuppressionSet() = default;
  explicit SuppressionSet(std::vector<Suppression> suppressions);

  /// The active suppression for this diff at `now`, or nullptr. Borrowed
  /// from the set.
  const Suppression* Find(std::string_view fingerprint,
                          std::string_view address, std::int64_t now) const;
  /// Active ones, or all (expired too) when `include_expired`; sorted by
  /// created_at then fingerprint then address.
  std::vector<Suppression> List(std::int64_t now, bool include_expired) const;

 private:
  std::vector<Suppression> items_;  // sorted by (scoped fingerprint)
  std::vector<std::string> keys_;   // ScopedFingerprint of items_
};

// ---- Recurrence -----------------------------------------------------------

/// One attribute diff seen in a scan.
struct ObservedDiff {
  std::string address;
  std::string resource_type;
  std::string attribute_path;  // FingerprintPath form
  std::string action;          // ActionName
  std::string matched_rule;    // noise rule id that matched, if any
};

/// A plan or drift result at a point in time.
struct ScanRecord {
  std::string scan_id;
  std::int64_t time = 0;  // Unix seconds
  std::string repo_owner;
  std::string repo_name;
  std::vector<ObservedDiff> diffs;
};

/// The observed diffs of a plan (resource_changes and resource_drift),
/// without rule matches. Use AssessmentToScan (policy.hpp) to keep them.
ScanRecord ScanFromPlan(const Plan& plan, std::string scan_id,
                        std::int64_t time, std::string repo_owner,
                        std::string repo_name);

struct RecurrenceOptions {
  int window_days = 14;          // 1..365
  int recurrence_threshold = 3;  // 1..1000 scans
  std::int64_t now = 0;          // window end (Unix seconds), inclusive
  std::string repo_owner;        // "" = any
  std::string repo_name;         // "" = any
  std::size_t max_examples = 5;  // example_addresses per pattern
};

/// A fingerprint seen across scans.
struct NoisePattern {
  std::string fingerprint;
  std::string resource_type;
  std::string attribute_path;
  std::string action;
  int occurrences = 0;  // scans in the window that contained it
  std::int64_t first_seen = 0;
  std::int64_t last_seen = 0;
  std::vector<std::string> example_addresses;  // sorted, distinct
  bool is_noise = false;
  std::string matched_rule;  // noise rule id, "" when noise by recurrence
};

/// Aggregates the scans inside [now - window_days, now] of the selected
/// repo. Ordering: occurrences desc, last_seen desc, fingerprint asc.
/// Errors: options out of range.
Result<std::vector<NoisePattern>> AggregateRecurrence(
    const std::vector<ScanRecord>& scans, const RecurrenceOptions& options);

}  // namespace v1
}  // namespace dw

#endif  // DRIFTWISE_NOISE_HPP
