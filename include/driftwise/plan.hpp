// File: driftwise/plan.hpp
//
// Terraform plan JSON (`terraform show -json PLANFILE`), format_version 0.1
// through 1.x, and the attribute diff of every change (docs/design.md §3.1).
//
// Parsing streams the input once. For each resource change it computes the
// changed attribute paths (before vs after, plus unknown-after paths) and
// the sensitive paths, then, unless ParsePlanOptions::retain_values is off,
// keeps the change's full JSON reachable. Every other top-level section
// (prior_state, configuration, planned_values, checks, variables, and any
// field this version does not know) stays reachable through
// Plan::Section(), parsed on first use, so the reader is lossless.
//
// Example:
//   dw::Result<dw::Plan> plan = dw::ParsePlan(bytes);
//   for (const dw::ResourceChange& rc : plan->resource_changes)
//     for (const dw::AttributeChange& c : rc.diff) use(c.path_text);
//
// Errors: kInvalidArgument for malformed JSON or a field of the wrong type
// (offset and JSON path set), kUnimplemented for an unsupported major
// format_version.
// Ownership: a Plan owns its input bytes; JsonValues inside it live as long
// as the Plan (or a copy of it). Thread-safety: a parsed Plan is immutable
// and may be read from several threads; Section() caches nothing and is
// safe to call concurrently.
#ifndef DRIFTWISE_PLAN_HPP
#define DRIFTWISE_PLAN_HPP

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "driftwise/json.hpp"
#include "driftwise/path.hpp"
#include "driftwise/status.hpp"

namespace dw {
inline namespace v1 {

/// The single action a change folds to.
enum class Action : std::uint8_t {
  kNoOp,
  kCreate,
  kRead,
  kUpdate,
  kDelete,
  kReplace,  // delete+create in either order (see ReplaceOrder)
  kForget,   // removed from state without destroying (Terraform 1.7+)
};

/// For kReplace: which half happens first.
enum class ReplaceOrder : std::uint8_t {
  kNone,
  kDeleteBeforeCreate,  // ["delete","create"]: the default
  kCreateBeforeDelete,  // ["create","delete"]: create_before_destroy
};

/// "no-op", "create", "read", "update", "delete", "replace", "forget".
std::string_view ActionName(Action action) noexcept;
/// Inverse of ActionName; false when `name` is not one of them.
bool ParseActionName(std::string_view name, Action* out) noexcept;

/// Folds Terraform's action list to one action. Errors name the bad list.
Result<Action> FoldActions(const std::vector<std::string>& actions,
                           ReplaceOrder* order);

/// One attribute whose value differs between before and after.
struct AttributeChange {
  AttributePath path;
  std::string path_text;   // FormatPath(path)
  JsonValue before;        // absent when the path does not exist before
  JsonValue after;         // absent when missing after, or unknown
  bool sensitive = false;  // before or after value is sensitive: mask it
  bool unknown = false;    // after value is known only after apply
};

/// One entry of resource_changes or resource_drift.
struct ResourceChange {
  std::string address;
  std::string previous_address;  // set when moved
  std::string module_address;    // "" for the root module
  std::string mode;              // "managed" or "data"
  std::string type;
  std::string name;
  std::string index_json;  // JSON text of `index` ("" when absent): 0, "k"
  std::string provider_name;
  std::string deposed;
  std::vector<std::string> actions;  // as written by Terraform
  Action action = Action::kNoOp;
  ReplaceOrder replace_order = ReplaceOrder::kNone;
  std::string action_reason;  // "" when absent
  bool importing = false;     // change.importing present
  /// Changed attributes, sorted by PathLess; sensitive values are flagged,
  /// never copied. A create or delete lists every leaf of its one side.
  std::vector<AttributeChange> diff;
  /// Every path marked sensitive in before_sensitive or after_sensitive.
  std::vector<std::string> sensitive_paths;
  /// Every path marked true in after_unknown.
  std::vector<std::string> unknown_paths;
  /// change.replace_paths, formatted.
  std::vector<std::string> replace_paths;
  /// The whole resource change object (absent when values are not retained).
  JsonValue raw;
  /// Byte range of the object in the plan input.
  std::uint64_t offset = 0;
  std::uint64_t length = 0;

  JsonValue change() const { return raw.Get("change"); }
  JsonValue before() const { return change().Get("before"); }
  JsonValue after() const { return change().Get("after"); }
};

/// One output of output_changes.
struct OutputChange {
  std::string name;
  std::vector<std::string> actions;
  Action action = Action::kNoOp;
  bool sensitive = false;  // before or after sensitive
  bool unknown = false;    // after_unknown is true
  JsonValue before;        // absent when not retained
  JsonValue after;
};

/// A change Terraform could not plan yet (Terraform 1.8+ `deferred_changes`).
struct DeferredChange {
  std::string reason;  // e.g. "provider_config_unknown"
  ResourceChange change;
};

struct ParsePlanOptions {
  /// Keep each change's JSON reachable (ResourceChange::raw and the output
  /// values). Off halves peak memory for callers that only need the diff.
  bool retain_values = true;
  /// Compute ResourceChange::diff. Off when only addresses are wanted.
  bool compute_diff = true;
  /// Streaming: when set, each entry of resource_changes (`drift` false) and
  /// resource_drift (`drift` true) is handed to this callback as soon as it
  /// is read, and is not stored in the Plan (both lists stay empty). The
  /// reference is valid only during the call. A non-OK return stops parsing
  /// and ParsePlan returns that status. Memory then stays near the input
  /// size however many changes a plan has.
  std::function<Status(const ResourceChange& change, bool drift)> on_change;
  /// Streaming without order: like on_change, but each change is handed
  /// over on the thread that parsed it, right after parsing, so with
  /// `threads` other than 1 calls run concurrently and in no particular
  /// order; `index` is the change's position in its list (the index it
  /// would have in Plan::resource_changes or resource_drift). For work per
  /// change that needs no order, such as rendering each into its own slot
  /// (PlanShowJsonStream::OnChangeAt). Set at most one of on_change and
  /// on_change_unordered (kInvalidArgument otherwise). A non-OK return
  /// stops parsing; when several changes fail, the first in input order
  /// decides the status, and later changes may already have been handed
  /// over.
  std::function<Status(const ResourceChange& change, bool drift,
                       std::uint32_t index)>
      on_change_unordered;
  /// Threads that parse and diff changes: 1 (the default) uses only the
  /// calling thread; 0 uses one per core (at most 8). Results and the order
  /// of on_change calls (always on the calling thread) do not depend on it;
  /// on_change_unordered runs on each parsing thread.
  int threads = 1;
};

/// A parsed plan. Movable and cheap to copy (shared immutable storage).
class Plan {
 public:
  std::string format_version;
  std::string terraform_version;  // "" when absent (Terraform's test goldens)
  bool errored = false;
  bool applyable = false;
  bool complete = true;
  std::string timestamp;
  std::vector<ResourceChange> resource_changes;
  std::vector<ResourceChange> resource_drift;
  std::vector<OutputChange> output_changes;
  std::vector<DeferredChange> deferred_changes;

  /// Names of every top-level field, in input order (known or not).
  const std::vector<std::string>& field_names() const { return field_names_; }
  /// Parses top-level field `name` (e.g. "prior_state", "configuration",
  /// "relevant_attributes", "checks", or an unknown one). kNotFound when
  /// the plan has no such field.
  Result<JsonDocument> Section(std::string_view name) const;
  /// The input bytes.
  std::string_view source() const;

 private:
  friend struct PlanReaderAccess;
  struct Span {
    std::string name;
    std::uint64_t offset;
    std::uint64_t length;
  };
  std::shared_ptr<const void> keep_alive_;  // input + retained trees
  std::string_view source_;
  std::vector<std::string> field_names_;
  std::vector<Span> sections_;
};

/// Parses a plan, taking ownership of `input` (no copy).
Result<Plan> ParsePlan(std::string input, const ParsePlanOptions& options = {});
/// Parses the plan file at `path` (memory-mapped: the fastest way in).
/// Errors name the path when it cannot be read.
Result<Plan> ParsePlanFile(const std::string& path,
                           const ParsePlanOptions& options = {});
/// Parses a plan from borrowed bytes (copied once).
inline Result<Plan> ParsePlanCopy(std::string_view input,
                                  const ParsePlanOptions& options = {}) {
  return ParsePlan(std::string(input), options);
}

}  // namespace v1
}  // namespace dw

#endif  // DRIFTWISE_PLAN_HPP
