// File: src/capi/drift.cpp
//
// dw_inventory and dw_drift: live inventories and drift runs through the C
// ABI, rendered by the same code as `driftwise drift`.
#include "driftwise/c/drift.h"

#include <cstddef>
#include <cstring>
#include <ctime>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "capi_internal.hpp"
#include "driftwise/drift_report.hpp"
#include "driftwise/drift_risk.hpp"
#include "driftwise/inventory.hpp"
#include "driftwise/match.hpp"
#include "driftwise/version.h"
#include "handles.hpp"

struct dw_inventory {
  dw::Inventory impl;
};

// Owns copies of everything added, so callers may free their handles.
namespace dw::capi {

Result<DriftResult> ComputeDriftOf(const dw_drift& drift,
                                   const dw_drift_options& o) {
  if (drift.states.empty() || drift.inventories.empty()) {
    return Status(StatusCode::kFailedPrecondition,
                  "drift needs at least one state and one inventory");
  }
  if (o.ignore_rules == nullptr && o.ignore_len != 0) {
    return NullArgument("ignore_rules");
  }
  MatchOptions options;
  options.list_defaults = (o.flags & DW_DRIFT_F_SHOW_DEFAULTS) != 0;
  options.threads = o.threads;
  std::vector<StateSource> states;
  for (const auto& [label, st] : drift.states) states.push_back({label, &st});
  std::vector<InventorySource> inventories;
  for (const auto& [label, i] : drift.inventories) {
    inventories.push_back({label, &i});
  }
  std::vector<PlanSource> plans;
  for (const auto& [label, p] : drift.plans) plans.push_back({label, &p});
  return ComputeDrift(states, inventories, plans,
                      o.ignore_len == 0
                          ? std::string_view()
                          : std::string_view(o.ignore_rules, o.ignore_len),
                      options);
}

}  // namespace dw::capi

namespace {

using dw::capi::Guard;

std::string Label(const char* label) {
  return label == nullptr ? std::string() : std::string(label);
}

// The bytes of a dw_inventory_options of `version` (see DriftOptionsSize).
std::size_t InventoryOptionsSize(std::uint32_t version) {
  return version >= 2 ? sizeof(dw_inventory_options)
                      : offsetof(dw_inventory_options, threads);
}

}  // namespace

extern "C" {

DW_API dw_status dw_inventory_options_init(dw_inventory_options* opts,
                                           uint32_t version) noexcept {
  return Guard([&] {
    return dw::capi::InitOptions(opts, version, DW_INVENTORY_OPTIONS_VERSION,
                                 "dw_inventory_options",
                                 dw_inventory_options DW_INVENTORY_OPTIONS_INIT,
                                 InventoryOptionsSize(version));
  });
}

DW_API dw_status dw_inventory_parse(dw_inventory** out, const char* data,
                                    size_t len,
                                    const dw_inventory_options* opts) noexcept {
  if (out != nullptr) *out = nullptr;
  return Guard([&]() -> dw::Status {
    DW_CAPI_REQUIRE(out);
    if (data == nullptr && len != 0) return dw::capi::NullArgument("data");
    dw::InventoryOptions options;
    if (opts != nullptr) {
      DW_RETURN_IF_ERROR(dw::capi::CheckOptionsVersion(
          opts->version, DW_INVENTORY_OPTIONS_VERSION, "dw_inventory_options"));
      if (opts->format < DW_INVENTORY_AUTO ||
          opts->format > DW_INVENTORY_DRIFTCTL) {
        return dw::InvalidArgumentError("unknown inventory format " +
                                        std::to_string(opts->format));
      }
      // Read only as far as the caller's version of the struct goes.
      dw_inventory_options o = DW_INVENTORY_OPTIONS_INIT;
      std::memcpy(&o, opts, InventoryOptionsSize(opts->version));
      if (o.threads < 0) {
        return dw::InvalidArgumentError(
            "dw_inventory_options.threads must be >= 0");
      }
      options.format = static_cast<dw::InventoryFormat>(o.format);
      options.terraform_type = Label(o.terraform_type);
      options.default_account = Label(o.default_account);
      options.default_region = Label(o.default_region);
      options.threads = o.threads;
    }
    DW_ASSIGN_OR_RETURN(
        dw::Inventory inventory,
        dw::ParseInventory(std::string(data == nullptr ? "" : data, len),
                           options));
    *out = new dw_inventory{std::move(inventory)};
    return dw::OkStatus();
  });
}

DW_API void dw_inventory_free(dw_inventory* inventory) noexcept {
  delete inventory;
}

DW_API dw_inventory_format_t
dw_inventory_format(const dw_inventory* inventory) noexcept {
  return inventory == nullptr
             ? -1
             : static_cast<dw_inventory_format_t>(inventory->impl.format);
}

DW_API size_t dw_inventory_count(const dw_inventory* inventory) noexcept {
  return inventory == nullptr ? 0 : inventory->impl.resources.size();
}

DW_API size_t dw_inventory_skipped(const dw_inventory* inventory) noexcept {
  return inventory == nullptr ? 0 : inventory->impl.skipped.size();
}

DW_API dw_status dw_drift_new(dw_drift** out) noexcept {
  if (out != nullptr) *out = nullptr;
  return Guard([&]() -> dw::Status {
    DW_CAPI_REQUIRE(out);
    *out = new dw_drift();
    return dw::OkStatus();
  });
}

DW_API void dw_drift_free(dw_drift* drift) noexcept { delete drift; }

DW_API dw_status dw_drift_add_state(dw_drift* drift, const dw_state* state,
                                    const char* label) noexcept {
  return Guard([&]() -> dw::Status {
    DW_CAPI_REQUIRE(drift);
    DW_CAPI_REQUIRE(state);
    drift->states.emplace_back(Label(label), state->impl);
    return dw::OkStatus();
  });
}

DW_API dw_status dw_drift_add_inventory(dw_drift* drift,
                                        const dw_inventory* inventory,
                                        const char* label) noexcept {
  return Guard([&]() -> dw::Status {
    DW_CAPI_REQUIRE(drift);
    DW_CAPI_REQUIRE(inventory);
    drift->inventories.emplace_back(Label(label), inventory->impl);
    return dw::OkStatus();
  });
}

DW_API dw_status dw_drift_add_plan(dw_drift* drift, const dw_plan* plan,
                                   const char* label) noexcept {
  return Guard([&]() -> dw::Status {
    DW_CAPI_REQUIRE(drift);
    DW_CAPI_REQUIRE(plan);
    if (!plan->has_values) {
      return dw::Status(dw::StatusCode::kFailedPrecondition,
                        "drift needs the plan's values; parse it without "
                        "DW_PLAN_F_NO_VALUES");
    }
    drift->plans.emplace_back(Label(label), plan->impl);
    return dw::OkStatus();
  });
}

namespace {

// The bytes of a dw_drift_options of `version`: a caller built against an
// older header has a shorter struct, so nothing past its end is touched.
std::size_t DriftOptionsSize(std::uint32_t version) {
  return version >= 2 ? sizeof(dw_drift_options)
                      : offsetof(dw_drift_options, threads);
}

}  // namespace

DW_API dw_status dw_drift_options_init(dw_drift_options* opts,
                                       uint32_t version) noexcept {
  return Guard([&] {
    return dw::capi::InitOptions(
        opts, version, DW_DRIFT_OPTIONS_VERSION, "dw_drift_options",
        dw_drift_options DW_DRIFT_OPTIONS_INIT, DriftOptionsSize(version));
  });
}

DW_API dw_status dw_drift_run(dw_buf* out, int* out_has_drift,
                              const dw_drift* drift,
                              const dw_drift_options* opts) noexcept {
  dw::capi::ClearBuf(out);
  if (out_has_drift != nullptr) *out_has_drift = 0;
  return Guard([&]() -> dw::Status {
    DW_CAPI_REQUIRE(drift);
    dw_drift_options o = DW_DRIFT_OPTIONS_INIT;
    if (opts != nullptr) {
      DW_RETURN_IF_ERROR(dw::capi::CheckOptionsVersion(
          opts->version, DW_DRIFT_OPTIONS_VERSION, "dw_drift_options"));
      std::memcpy(&o, opts, DriftOptionsSize(opts->version));
    }
    static constexpr const char* kFormats[] = {"text", "json", "sarif",
                                               "markdown"};
    if (o.format < DW_DRIFT_TEXT || o.format > DW_DRIFT_MARKDOWN) {
      return dw::InvalidArgumentError("unknown drift format " +
                                      std::to_string(o.format));
    }
    DW_ASSIGN_OR_RETURN(dw::DriftResult result,
                        dw::capi::ComputeDriftOf(*drift, o));
    if (out != nullptr) {
      dw::DriftRenderOptions render;
      render.tool_version = DW_VERSION_STRING;
      DW_ASSIGN_OR_RETURN(std::string text, dw::RenderDriftWithBuiltinRisk(
                                                result, kFormats[o.format],
                                                render, std::time(nullptr)));
      dw::capi::FillBuf(out, text);
    }
    if (out_has_drift != nullptr) *out_has_drift = result.has_drift() ? 1 : 0;
    return dw::OkStatus();
  });
}

}  // extern "C"
