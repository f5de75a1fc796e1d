// File: src/core/report/change_explanation.hpp
//
// Why Terraform plans what it plans, in words: a replacement names the
// attributes that forced it (change.replace_paths) and Terraform's reason
// (change.action_reason). Internal to `report`; every renderer of an
// assessment says it the same way.
#ifndef DRIFTWISE_SRC_CORE_REPORT_CHANGE_EXPLANATION_HPP
#define DRIFTWISE_SRC_CORE_REPORT_CHANGE_EXPLANATION_HPP

#include <string>
#include <string_view>

#include "driftwise/policy.hpp"

namespace dw {
inline namespace v1 {
namespace report_internal {

/// Terraform's action_reason as a phrase ("the resource is tainted"); the
/// raw value for one this driftwise does not know; "" for "".
std::string ActionReasonText(std::string_view action_reason);

/// "forced by engine_version, storage_type: an attribute cannot be updated
/// in place" for a replacement; the reason alone for other actions that
/// carry one; "" when Terraform gave neither.
std::string ExplainChange(const Finding& f);

}  // namespace report_internal
}  // namespace v1
}  // namespace dw

#endif  // DRIFTWISE_SRC_CORE_REPORT_CHANGE_EXPLANATION_HPP
