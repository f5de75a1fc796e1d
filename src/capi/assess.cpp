// File: src/capi/assess.cpp
//
// dw_engine: the C handle over dw::RiskEngine, plan assessment reports and
// fingerprints.
#include "driftwise/c/assess.h"

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "capi_internal.hpp"
#include "driftwise/noise.hpp"
#include "driftwise/policy.hpp"
#include "driftwise/report.hpp"
#include "driftwise/version.h"
#include "handles.hpp"

struct dw_engine {
  dw::RiskEngine impl;
};

namespace {

using dw::capi::Guard;

std::string_view Text(const char* data, size_t len) {
  return std::string_view(data == nullptr ? "" : data, len);
}

// Parses one optional configuration part; errors say which part it was.
template <typename T, typename Parse>
dw::Status ParsePart(const char* data, size_t len, const char* what,
                     Parse parse, T* out) {
  if (data == nullptr && len != 0) return dw::capi::NullArgument(what);
  if (len == 0) return dw::OkStatus();
  dw::Result<T> parsed = parse(Text(data, len));
  if (!parsed.ok()) return parsed.status().WithContext(what);
  *out = std::move(*parsed);
  return dw::OkStatus();
}

}  // namespace

extern "C" {

DW_API dw_status dw_engine_options_init(dw_engine_options* opts,
                                        uint32_t version) noexcept {
  return Guard([&] {
    return dw::capi::InitOptions(opts, version, DW_ENGINE_OPTIONS_VERSION,
                                 "dw_engine_options",
                                 dw_engine_options DW_ENGINE_OPTIONS_INIT);
  });
}

DW_API dw_status dw_engine_new(dw_engine** out,
                               const dw_engine_options* opts) noexcept {
  if (out != nullptr) *out = nullptr;
  return Guard([&]() -> dw::Status {
    DW_CAPI_REQUIRE(out);
    dw::EngineConfig config;
    if (opts != nullptr) {
      DW_RETURN_IF_ERROR(dw::capi::CheckOptionsVersion(
          opts->version, DW_ENGINE_OPTIONS_VERSION, "dw_engine_options"));
      config.builtin_risk = (opts->flags & DW_ENGINE_F_NO_BUILTIN_RISK) == 0;
      config.builtin_noise = (opts->flags & DW_ENGINE_F_NO_BUILTIN_NOISE) == 0;
      DW_RETURN_IF_ERROR(ParsePart<dw::Policy>(
          opts->policy_json, opts->policy_len, "policy",
          [](std::string_view t) { return dw::ParsePolicy(t); },
          &config.policy));
      DW_RETURN_IF_ERROR(ParsePart<std::vector<dw::NoiseRule>>(
          opts->noise_rules_json, opts->noise_rules_len, "noise rules",
          [](std::string_view t) { return dw::ParseNoiseRules(t); },
          &config.noise_rules));
      DW_RETURN_IF_ERROR(ParsePart<std::vector<dw::Suppression>>(
          opts->suppressions_json, opts->suppressions_len, "suppressions",
          [](std::string_view t) { return dw::ParseSuppressions(t); },
          &config.suppressions));
    }
    DW_ASSIGN_OR_RETURN(dw::RiskEngine engine,
                        dw::RiskEngine::Create(std::move(config)));
    *out = new dw_engine{std::move(engine)};
    return dw::OkStatus();
  });
}

DW_API void dw_engine_free(dw_engine* engine) noexcept { delete engine; }

DW_API dw_status dw_assess_options_init(dw_assess_options* opts,
                                        uint32_t version) noexcept {
  return Guard([&] {
    return dw::capi::InitOptions(opts, version, DW_ASSESS_OPTIONS_VERSION,
                                 "dw_assess_options",
                                 dw_assess_options DW_ASSESS_OPTIONS_INIT);
  });
}

DW_API dw_status dw_engine_assess(dw_buf* out, dw_severity_t* out_risk,
                                  const dw_engine* engine, const dw_plan* plan,
                                  const dw_assess_options* opts) noexcept {
  dw::capi::ClearBuf(out);
  if (out_risk != nullptr) *out_risk = DW_SEVERITY_NONE;
  return Guard([&]() -> dw::Status {
    DW_CAPI_REQUIRE(engine);
    DW_CAPI_REQUIRE(plan);
    dw_assess_options o = DW_ASSESS_OPTIONS_INIT;
    if (opts != nullptr) {
      DW_RETURN_IF_ERROR(dw::capi::CheckOptionsVersion(
          opts->version, DW_ASSESS_OPTIONS_VERSION, "dw_assess_options"));
      o = *opts;
    }
    if (o.format < DW_REPORT_TEXT || o.format > DW_REPORT_JUNIT) {
      return dw::InvalidArgumentError("unknown report format " +
                                      std::to_string(o.format));
    }
    if (o.fail_on < DW_SEVERITY_NONE || o.fail_on > DW_SEVERITY_CRITICAL) {
      return dw::InvalidArgumentError("unknown severity " +
                                      std::to_string(o.fail_on));
    }
    if (!plan->has_values) {
      return dw::Status(dw::StatusCode::kFailedPrecondition,
                        "assessment needs attribute values; parse the plan "
                        "without DW_PLAN_F_NO_VALUES");
    }
    std::int64_t now = o.now;
    if (now == 0) {
      now = std::chrono::duration_cast<std::chrono::seconds>(
                std::chrono::system_clock::now().time_since_epoch())
                .count();
    }
    DW_ASSIGN_OR_RETURN(dw::Assessment assessment,
                        engine->impl.Assess(plan->impl, now));
    if (out != nullptr) {
      dw::ReportOptions report;
      report.plan_uri = o.plan_uri == nullptr ? "" : o.plan_uri;
      report.tool_version = DW_VERSION_STRING;
      report.fail_on = static_cast<dw::Severity>(o.fail_on);
      dw::capi::FillBuf(
          out,
          dw::RenderAssessment(
              assessment, static_cast<dw::ReportFormat>(o.format), report));
    }
    if (out_risk != nullptr) {
      *out_risk = static_cast<dw_severity_t>(assessment.risk_level);
    }
    return dw::OkStatus();
  });
}

DW_API const char* dw_severity_name(dw_severity_t severity) noexcept {
  if (severity < DW_SEVERITY_NONE || severity > DW_SEVERITY_CRITICAL) {
    return "";
  }
  // SeverityName returns views of string literals.
  return dw::SeverityName(static_cast<dw::Severity>(severity)).data();
}

DW_API dw_status dw_fingerprint(dw_buf* out, const char* resource_type,
                                size_t resource_type_len,
                                const char* attribute_path, size_t path_len,
                                const char* action,
                                size_t action_len) noexcept {
  dw::capi::ClearBuf(out);
  return Guard([&]() -> dw::Status {
    DW_CAPI_REQUIRE(out);
    if ((resource_type == nullptr && resource_type_len != 0) ||
        (attribute_path == nullptr && path_len != 0) ||
        (action == nullptr && action_len != 0)) {
      return dw::capi::NullArgument("resource_type/attribute_path/action");
    }
    dw::capi::FillBuf(out,
                      dw::Fingerprint(Text(resource_type, resource_type_len),
                                      Text(attribute_path, path_len),
                                      Text(action, action_len)));
    return dw::OkStatus();
  });
}

}  // extern "C"
