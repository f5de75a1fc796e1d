// File: src/core/report/change_explanation.cpp
#include "report/change_explanation.hpp"

#include <utility>

namespace dw {
inline namespace v1 {
namespace report_internal {

std::string ActionReasonText(std::string_view reason) {
  // The values Terraform writes (internal/plans/changes.go, the JSON plan
  // format's "action_reason").
  static constexpr std::pair<std::string_view, std::string_view> kReasons[] = {
      {"replace_because_tainted", "the resource is tainted"},
      {"replace_because_cannot_update",
       "an attribute cannot be updated in place"},
      {"replace_by_request", "replacement was requested with -replace"},
      {"replace_by_triggers", "replace_triggered_by fired"},
      {"delete_because_no_resource_config",
       "its resource block was removed from the configuration"},
      {"delete_because_no_module", "its module was removed"},
      {"delete_because_wrong_repetition",
       "count/for_each was added or removed"},
      {"delete_because_count_index", "its count index is out of range"},
      {"delete_because_each_key", "its for_each key is gone"},
      {"delete_because_no_move_target", "the target of a moved block is gone"},
      {"read_because_config_unavailable",
       "the configuration is unknown until apply"},
      {"read_because_dependency_pending",
       "it depends on a change not applied yet"},
      {"read_because_check_nested", "a check block reads it"},
  };
  if (reason.empty()) return "";
  for (const auto& [key, text] : kReasons) {
    if (key == reason) return std::string(text);
  }
  return std::string(reason);
}

std::string ExplainChange(const Finding& f) {
  std::string why = ActionReasonText(f.action_reason);
  if (f.action != Action::kReplace || f.replace_paths.empty()) return why;
  std::string out = "forced by ";
  for (std::size_t i = 0; i < f.replace_paths.size(); ++i) {
    out += (i ? ", " : "") + f.replace_paths[i];
  }
  return why.empty() ? out : out + ": " + why;
}

}  // namespace report_internal
}  // namespace v1
}  // namespace dw
