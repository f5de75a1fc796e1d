// File: src/capi/drift_result.cpp
//
// Typed access to drift results through the C ABI. The result owns the
// C++ DriftResult; every string handed out points into it.
#include "driftwise/c/drift_result.h"

#include <memory>

#include "capi_internal.hpp"
#include "handles.hpp"

struct dw_drift_result {
  dw::DriftResult impl;
};

namespace {

using dw::capi::Guard;

// The C constants mirror dw::FindingKind; a static_assert keeps them so.
static_assert(
    static_cast<int>(dw::FindingKind::kChanged) == DW_FINDING_CHANGED &&
    static_cast<int>(dw::FindingKind::kMissing) == DW_FINDING_MISSING &&
    static_cast<int>(dw::FindingKind::kExtra) == DW_FINDING_EXTRA &&
    static_cast<int>(dw::FindingKind::kDefault) == DW_FINDING_DEFAULT);

}  // namespace

extern "C" {

DW_API dw_status dw_drift_compute(dw_drift_result** out, const dw_drift* drift,
                                  const dw_drift_options* opts) noexcept {
  if (out != nullptr) *out = nullptr;
  return Guard([&]() -> dw::Status {
    DW_CAPI_REQUIRE(out);
    DW_CAPI_REQUIRE(drift);
    dw_drift_options o = DW_DRIFT_OPTIONS_INIT;
    if (opts != nullptr) {
      DW_RETURN_IF_ERROR(dw::capi::CheckOptionsVersion(
          opts->version, DW_DRIFT_OPTIONS_VERSION, "dw_drift_options"));
      o = *opts;
    }
    auto result = std::make_unique<dw_drift_result>();
    DW_ASSIGN_OR_RETURN(result->impl, dw::capi::ComputeDriftOf(*drift, o));
    *out = result.release();
    return dw::OkStatus();
  });
}

DW_API void dw_drift_result_free(dw_drift_result* result) noexcept {
  delete result;
}

DW_API dw_status dw_drift_result_summary(const dw_drift_result* result,
                                         dw_drift_summary* out) noexcept {
  return Guard([&]() -> dw::Status {
    DW_CAPI_REQUIRE(result);
    DW_CAPI_REQUIRE(out);
    DW_RETURN_IF_ERROR(dw::capi::CheckOptionsVersion(
        out->version, DW_DRIFT_SUMMARY_VERSION, "dw_drift_summary"));
    const dw::DriftSummary& s = result->impl.summary;
    out->total_live = s.total_live;
    out->total_iac = s.total_iac;
    out->matched = s.matched;
    out->changed = s.changed;
    out->extra = s.extra;
    out->missing = s.missing;
    out->defaults = s.defaults;
    out->coverage_pct = s.coverage_pct;
    return dw::OkStatus();
  });
}

DW_API size_t dw_drift_result_count(const dw_drift_result* result) noexcept {
  return result == nullptr ? 0 : result->impl.findings.size();
}

DW_API dw_status dw_drift_result_item(const dw_drift_result* result,
                                      size_t index,
                                      dw_drift_item* out) noexcept {
  return Guard([&]() -> dw::Status {
    DW_CAPI_REQUIRE(result);
    DW_CAPI_REQUIRE(out);
    DW_RETURN_IF_ERROR(dw::capi::CheckOptionsVersion(
        out->version, DW_DRIFT_ITEM_VERSION, "dw_drift_item"));
    if (index >= result->impl.findings.size()) {
      return dw::Status(dw::StatusCode::kOutOfRange,
                        "finding " + std::to_string(index) + " of " +
                            std::to_string(result->impl.findings.size()));
    }
    const dw::DriftFinding& f = result->impl.findings[index];
    out->kind = static_cast<dw_finding_kind_t>(f.kind);
    out->id = f.id.c_str();
    out->address = f.address.c_str();
    out->type = f.type.c_str();
    out->provider_type = f.provider_type.c_str();
    out->provider_resource_id = f.provider_resource_id.c_str();
    out->name = f.name.c_str();
    out->region = f.region.c_str();
    out->account = f.account.c_str();
    out->reason = f.reason.c_str();
    out->path_count = f.paths.size();
    return dw::OkStatus();
  });
}

DW_API const char* dw_drift_result_path(const dw_drift_result* result,
                                        size_t index, size_t path_index,
                                        uint32_t* out_sources) noexcept {
  if (out_sources != nullptr) *out_sources = 0;
  if (result == nullptr || index >= result->impl.findings.size()) {
    return nullptr;
  }
  const dw::DriftFinding& f = result->impl.findings[index];
  if (path_index >= f.paths.size()) return nullptr;
  if (out_sources != nullptr) *out_sources = f.paths[path_index].sources;
  return f.paths[path_index].path.c_str();
}

}  // extern "C"
