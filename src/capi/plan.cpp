// File: src/capi/plan.cpp
//
// dw_plan: the C handle over dw::Plan, its renderers and accessors.
#include "driftwise/c/plan.h"

#include <memory>
#include <string>
#include <utility>

#include "capi_internal.hpp"
#include "driftwise/plan.hpp"
#include "driftwise/show.hpp"
#include "handles.hpp"

namespace {

using dw::capi::Guard;

dw::Status ToCppOptions(const dw_plan_options* opts, dw::ParsePlanOptions* out,
                        bool* has_values) {
  *has_values = true;
  if (opts == nullptr) return dw::OkStatus();
  DW_RETURN_IF_ERROR(dw::capi::CheckOptionsVersion(
      opts->version, DW_PLAN_OPTIONS_VERSION, "dw_plan_options"));
  out->retain_values = (opts->flags & DW_PLAN_F_NO_VALUES) == 0;
  out->compute_diff = (opts->flags & DW_PLAN_F_NO_DIFF) == 0;
  if (opts->threads < 0) {
    return dw::InvalidArgumentError("dw_plan_options.threads must be >= 0");
  }
  out->threads = opts->threads;
  *has_values = out->retain_values;
  return dw::OkStatus();
}

dw::Status Adopt(dw_plan** out, dw::Result<dw::Plan> plan, bool has_values) {
  if (!plan.ok()) return plan.status();
  *out = new dw_plan{std::move(*plan), has_values};
  return dw::OkStatus();
}

// The entry of `list`, or nullptr when out of range.
const dw::ResourceChange* Entry(const dw_plan* plan, dw_plan_list_t list,
                                size_t i) noexcept {
  if (plan == nullptr) return nullptr;
  const std::vector<dw::ResourceChange>* v = nullptr;
  if (list == DW_PLAN_LIST_CHANGES) v = &plan->impl.resource_changes;
  if (list == DW_PLAN_LIST_DRIFT) v = &plan->impl.resource_drift;
  if (v == nullptr || i >= v->size()) return nullptr;
  return &(*v)[i];
}

}  // namespace

extern "C" {

DW_API dw_status dw_plan_options_init(dw_plan_options* opts,
                                      uint32_t version) noexcept {
  return Guard([&] {
    return dw::capi::InitOptions(opts, version, DW_PLAN_OPTIONS_VERSION,
                                 "dw_plan_options",
                                 dw_plan_options DW_PLAN_OPTIONS_INIT);
  });
}

DW_API dw_status dw_plan_parse(dw_plan** out, const char* data, size_t len,
                               const dw_plan_options* opts) noexcept {
  if (out != nullptr) *out = nullptr;
  return Guard([&]() -> dw::Status {
    DW_CAPI_REQUIRE(out);
    if (data == nullptr && len != 0) return dw::capi::NullArgument("data");
    dw::ParsePlanOptions options;
    bool has_values = true;
    DW_RETURN_IF_ERROR(ToCppOptions(opts, &options, &has_values));
    return Adopt(
        out,
        dw::ParsePlan(std::string(data == nullptr ? "" : data, len), options),
        has_values);
  });
}

DW_API dw_status dw_plan_parse_file(dw_plan** out, const char* path,
                                    const dw_plan_options* opts) noexcept {
  if (out != nullptr) *out = nullptr;
  return Guard([&]() -> dw::Status {
    DW_CAPI_REQUIRE(out);
    DW_CAPI_REQUIRE(path);
    dw::ParsePlanOptions options;
    bool has_values = true;
    DW_RETURN_IF_ERROR(ToCppOptions(opts, &options, &has_values));
    return Adopt(out, dw::ParsePlanFile(path, options), has_values);
  });
}

DW_API void dw_plan_free(dw_plan* plan) noexcept { delete plan; }

DW_API dw_status dw_plan_to_json(dw_buf* out, const dw_plan* plan) noexcept {
  dw::capi::ClearBuf(out);
  return Guard([&]() -> dw::Status {
    DW_CAPI_REQUIRE(out);
    DW_CAPI_REQUIRE(plan);
    dw::capi::FillBuf(out, dw::PlanShowJson(plan->impl));
    return dw::OkStatus();
  });
}

DW_API dw_status dw_plan_to_text(dw_buf* out, const dw_plan* plan) noexcept {
  dw::capi::ClearBuf(out);
  return Guard([&]() -> dw::Status {
    DW_CAPI_REQUIRE(out);
    DW_CAPI_REQUIRE(plan);
    if (!plan->has_values) {
      return dw::Status(dw::StatusCode::kFailedPrecondition,
                        "the text rendering needs attribute values; parse "
                        "without DW_PLAN_F_NO_VALUES");
    }
    dw::capi::FillBuf(out, dw::PlanShowText(plan->impl));
    return dw::OkStatus();
  });
}

DW_API dw_status dw_plan_show_json(dw_buf* out, const char* data,
                                   size_t len) noexcept {
  dw::capi::ClearBuf(out);
  return Guard([&]() -> dw::Status {
    DW_CAPI_REQUIRE(out);
    if (data == nullptr && len != 0) return dw::capi::NullArgument("data");
    dw::PlanShowJsonStream stream;
    dw::ParsePlanOptions options;
    options.retain_values = false;
    options.on_change = [&stream](const dw::ResourceChange& rc, bool drift) {
      return stream.OnChange(rc, drift);
    };
    DW_ASSIGN_OR_RETURN(
        dw::Plan plan,
        dw::ParsePlan(std::string(data == nullptr ? "" : data, len), options));
    dw::capi::FillBuf(out, stream.Finish(plan));
    return dw::OkStatus();
  });
}

DW_API const char* dw_plan_format_version(const dw_plan* plan) noexcept {
  return plan == nullptr ? nullptr : plan->impl.format_version.c_str();
}

DW_API const char* dw_plan_terraform_version(const dw_plan* plan) noexcept {
  return plan == nullptr ? nullptr : plan->impl.terraform_version.c_str();
}

DW_API int dw_plan_errored(const dw_plan* plan) noexcept {
  return plan != nullptr && plan->impl.errored ? 1 : 0;
}

DW_API size_t dw_plan_count(const dw_plan* plan, dw_plan_list_t list) noexcept {
  if (plan == nullptr) return 0;
  if (list == DW_PLAN_LIST_CHANGES) return plan->impl.resource_changes.size();
  if (list == DW_PLAN_LIST_DRIFT) return plan->impl.resource_drift.size();
  return 0;
}

DW_API const char* dw_plan_change_address(const dw_plan* plan,
                                          dw_plan_list_t list,
                                          size_t i) noexcept {
  const dw::ResourceChange* rc = Entry(plan, list, i);
  return rc == nullptr ? nullptr : rc->address.c_str();
}

DW_API const char* dw_plan_change_type(const dw_plan* plan, dw_plan_list_t list,
                                       size_t i) noexcept {
  const dw::ResourceChange* rc = Entry(plan, list, i);
  return rc == nullptr ? nullptr : rc->type.c_str();
}

DW_API dw_action_t dw_plan_change_action(const dw_plan* plan,
                                         dw_plan_list_t list,
                                         size_t i) noexcept {
  const dw::ResourceChange* rc = Entry(plan, list, i);
  return rc == nullptr ? -1 : static_cast<dw_action_t>(rc->action);
}

DW_API size_t dw_plan_change_path_count(const dw_plan* plan,
                                        dw_plan_list_t list,
                                        size_t i) noexcept {
  const dw::ResourceChange* rc = Entry(plan, list, i);
  return rc == nullptr ? 0 : rc->diff.size();
}

DW_API const char* dw_plan_change_path(const dw_plan* plan, dw_plan_list_t list,
                                       size_t i, size_t j) noexcept {
  const dw::ResourceChange* rc = Entry(plan, list, i);
  if (rc == nullptr || j >= rc->diff.size()) return nullptr;
  return rc->diff[j].path_text.c_str();
}

DW_API dw_status dw_plan_change_json(dw_buf* out, const dw_plan* plan,
                                     dw_plan_list_t list, size_t i) noexcept {
  dw::capi::ClearBuf(out);
  return Guard([&]() -> dw::Status {
    DW_CAPI_REQUIRE(out);
    DW_CAPI_REQUIRE(plan);
    const dw::ResourceChange* rc = Entry(plan, list, i);
    if (rc == nullptr) {
      return dw::Status(
          dw::StatusCode::kOutOfRange,
          "no entry " + std::to_string(i) + " in list " + std::to_string(list));
    }
    if (!rc->raw.valid()) {
      return dw::Status(dw::StatusCode::kFailedPrecondition,
                        "values were not retained (DW_PLAN_F_NO_VALUES)");
    }
    dw::capi::FillBuf(out, rc->raw.ToJson());
    return dw::OkStatus();
  });
}

DW_API const char* dw_action_name(dw_action_t action) noexcept {
  if (action < DW_ACTION_NO_OP || action > DW_ACTION_FORGET) return "";
  // ActionName returns views of string literals, so .data() is terminated.
  return dw::ActionName(static_cast<dw::Action>(action)).data();
}

}  // extern "C"
