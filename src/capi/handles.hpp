// File: src/capi/handles.hpp
//
// The C handles that more than one source file of the C ABI needs to see
// inside. Each wraps the C++ object it stands for.
#ifndef DRIFTWISE_SRC_CAPI_HANDLES_HPP
#define DRIFTWISE_SRC_CAPI_HANDLES_HPP

#include <string>
#include <vector>

#include "driftwise/c/drift.h"
#include "driftwise/inventory.hpp"
#include "driftwise/match.hpp"
#include "driftwise/plan.hpp"
#include "driftwise/state.hpp"

struct dw_plan {
  dw::Plan impl;
  bool has_values = true;  // false when parsed with DW_PLAN_F_NO_VALUES
};

struct dw_state {
  dw::State impl;
  // NUL-terminated copies of each resource's "id" attribute: the parsed
  // strings are views into the input and need not be terminated.
  std::vector<std::string> ids;
};

struct dw_drift {
  std::vector<std::pair<std::string, dw::State>> states;
  std::vector<std::pair<std::string, dw::Inventory>> inventories;
  std::vector<std::pair<std::string, dw::Plan>> plans;
};

namespace dw::capi {

/// Runs the matcher over everything added to `drift` with the options'
/// flags and ignore rules (the format is not looked at).
Result<DriftResult> ComputeDriftOf(const dw_drift& drift,
                                   const dw_drift_options& options);

}  // namespace dw::capi

#endif  // DRIFTWISE_SRC_CAPI_HANDLES_HPP
