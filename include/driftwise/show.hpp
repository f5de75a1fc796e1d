// File: driftwise/show.hpp
//
// The `plan show` and `state show` renderings (text for people, JSON for
// programs), shared by the CLI, the C ABI and the Python package so that all
// three print exactly the same bytes.
//
// Sensitive values are never printed: plan renderings list changed paths
// only (text shows "(sensitive)" for a masked value), state renderings
// replace every value at a sensitive path by "(sensitive)".
//
// Example (memory stays near the plan's size, values are not kept):
//   dw::PlanShowJsonStream stream;
//   dw::ParsePlanOptions o;
//   o.retain_values = false;
//   o.on_change = [&](const dw::ResourceChange& rc, bool drift) {
//     return stream.OnChange(rc, drift);
//   };
//   auto plan = dw::ParsePlanFile(path, o);
//   if (plan.ok()) std::string json = stream.Finish(*plan);
//
// Errors: none; renderers are total functions of their input.
// Thread-safety: free functions are pure. A PlanShowJsonStream takes
// OnChangeAt calls from several threads at once; OnChange and Finish from
// one thread at a time.
#ifndef DRIFTWISE_SHOW_HPP
#define DRIFTWISE_SHOW_HPP

#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "driftwise/plan.hpp"
#include "driftwise/state.hpp"
#include "driftwise/status.hpp"

namespace dw {
inline namespace v1 {

/// Builds the `plan show --output json` document change by change, so a
/// caller can stream the parse (ParsePlanOptions::on_change) and keep no
/// values.
class PlanShowJsonStream {
 public:
  /// Renders one entry of resource_changes (`drift` false) or
  /// resource_drift (`drift` true). Always OK; returns Status to fit
  /// ParsePlanOptions::on_change.
  Status OnChange(const ResourceChange& change, bool drift);
  /// The same for ParsePlanOptions::on_change_unordered: renders the entry
  /// at position `index` of its list. Safe to call from several threads at
  /// once, in any order; Finish puts the entries in index order. Use either
  /// OnChange or OnChangeAt with one stream, not both.
  Status OnChangeAt(const ResourceChange& change, bool drift,
                    std::uint32_t index);
  /// The whole document (ends with a newline). Takes the header fields and
  /// output changes from `plan`; consumes the rendered changes.
  std::string Finish(const Plan& plan);
  /// The same document handed to `sink` in pieces (each valid only during
  /// the call), so that a large one never sits in memory twice; e.g. a
  /// sink that writes to a file or socket.
  void Finish(const Plan& plan,
              const std::function<void(std::string_view)>& sink);

 private:
  std::string changes_, drift_;
  std::size_t change_count_ = 0, drift_count_ = 0;
  // OnChangeAt's rendered entries, by index; guarded by slots_mu_.
  std::mutex slots_mu_;
  std::vector<std::string> change_slots_, drift_slots_;
};

/// `plan show --output json` of an already parsed plan.
std::string PlanShowJson(const Plan& plan);
/// `plan show` (text) of a parsed plan; needs the values retained.
std::string PlanShowText(const Plan& plan);

/// `state show --output json`: every resource with masked attributes.
std::string StateShowJson(const State& state);
/// `state show` (text): one line per resource instance.
std::string StateShowText(const State& state);

}  // namespace v1
}  // namespace dw

#endif  // DRIFTWISE_SHOW_HPP
