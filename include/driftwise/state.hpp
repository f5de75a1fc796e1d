// File: driftwise/state.hpp
//
// Terraform state (docs/design.md §3.2): raw state files version 4
// (`resources[].instances[]`) and the `values.root_module` form printed by
// `terraform show -json` (format_version 0.1 through 1.x). Each resource
// instance becomes one StateResource with its full address, provider and
// attributes; sensitive attribute paths are listed so every output can mask
// them.
//
// Errors (all with the byte offset and JSON path when they apply):
//   - empty or non-JSON input, truncated input: kInvalidArgument;
//   - state versions 1 to 3: kUnimplemented, "unsupported state version N,
//     run terraform 0.12+ to upgrade";
//   - a field of the wrong type: kInvalidArgument naming the field.
// Ownership: a State owns its input; JsonValues inside it live as long as the
// State or a copy of it. Thread-safety: immutable after parsing; ParseState
// is reentrant (with ParseStateOptions::threads other than 1 it starts its
// own threads and joins them before it returns).
#ifndef DRIFTWISE_STATE_HPP
#define DRIFTWISE_STATE_HPP

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "driftwise/json.hpp"
#include "driftwise/status.hpp"

namespace dw {
inline namespace v1 {

/// One resource instance (a resource with count/for_each yields several).
struct StateResource {
  std::string address;     // module.m.aws_subnet.a[0], data.x.y, ...
  std::string module;      // "module.m" or "" for the root module
  std::string mode;        // "managed" or "data"
  std::string type;        // aws_subnet
  std::string name;        // a
  std::string index_json;  // JSON of the index key: 0, "k"; "" when none
  /// Provider as written: `provider["registry.terraform.io/hashicorp/aws"]`,
  /// `provider.aws` (0.12 legacy form) or, for show -json, the provider name.
  std::string provider;
  /// Normalized provider source address, e.g.
  /// "registry.terraform.io/hashicorp/aws"; alias is kept separately.
  std::string provider_source;
  std::string provider_alias;  // "" when not aliased
  std::string deposed;         // deposed object key, "" for current objects
  bool tainted = false;
  std::int64_t schema_version = 0;
  JsonValue attributes;  // object (null for an object with no attributes)
  /// Paths (§3.1 syntax) of sensitive attributes, sorted.
  std::vector<std::string> sensitive_paths;
  /// The instance object (v4) or resource object (show -json).
  JsonValue raw;
};

/// A parsed state. Cheap to copy (shared immutable storage).
struct State {
  /// Raw state file version (4), or 0 for the `terraform show -json` form.
  std::int64_t version = 0;
  std::string format_version;  // show -json form only
  std::string terraform_version;
  std::uint64_t serial = 0;
  std::string lineage;
  std::vector<StateResource> resources;
  JsonValue outputs;  // object; absent when the state has none
  /// The trees the JsonValues above point into: the whole input as one
  /// document, or, for a state file read in parts, one document per
  /// top-level field and per batch of resources. They share the input's
  /// bytes; every value keeps its byte offset in the whole input.
  std::vector<JsonDocument> documents;
};

struct ParseStateOptions {
  /// Threads that read the resources of a state file: 1 (the default)
  /// uses only the calling thread; 0 uses one per core (at most 8). The
  /// result does not depend on it. A state file (version 4) is read in
  /// parts whatever the count: a first pass finds each resource's bytes,
  /// then batches of resources are parsed and read; input that pass does
  /// not accept (the show -json form, malformed JSON) is read whole, so
  /// errors are the same either way.
  int threads = 1;
};

/// Parses a state, taking ownership of `input`.
Result<State> ParseState(std::string input,
                         const ParseStateOptions& options = {});
/// Parses the state file at `path` (memory-mapped when regular).
Result<State> ParseStateFile(const std::string& path,
                             const ParseStateOptions& options = {});
inline Result<State> ParseStateCopy(std::string_view input) {
  return ParseState(std::string(input));
}

/// Formats a resource address from its parts, as Terraform does:
/// module + "." + [data.] type.name + [index].
std::string FormatResourceAddress(std::string_view module,
                                  std::string_view mode, std::string_view type,
                                  std::string_view name,
                                  std::string_view index_json);

}  // namespace v1
}  // namespace dw

#endif  // DRIFTWISE_STATE_HPP
