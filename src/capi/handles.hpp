// File: src/capi/handles.hpp
//
// The C handles that more than one source file of the C ABI needs to see
// inside. Each wraps the C++ object it stands for.
#ifndef DRIFTWISE_SRC_CAPI_HANDLES_HPP
#define DRIFTWISE_SRC_CAPI_HANDLES_HPP

#include <string>
#include <vector>

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

#endif  // DRIFTWISE_SRC_CAPI_HANDLES_HPP
