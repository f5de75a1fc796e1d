// File: src/capi/noise.cpp
//
// Noise recurrence through the C ABI.
#include "driftwise/c/noise.h"

#include <string>
#include <vector>

#include "capi_internal.hpp"
#include "driftwise/json_writer.hpp"
#include "driftwise/noise.hpp"
#include "handles.hpp"

struct dw_noise_tracker {
  std::vector<dw::ScanRecord> scans;
};

namespace {

using dw::capi::Guard;

std::string PatternsJson(const std::vector<dw::NoisePattern>& patterns) {
  std::string out;
  dw::JsonWriter w(&out);
  w.BeginArray();
  for (const dw::NoisePattern& p : patterns) {
    w.BeginObject();
    w.Member("fingerprint", p.fingerprint);
    w.Member("resource_type", p.resource_type);
    w.Member("attribute_path", p.attribute_path);
    w.Member("action", p.action);
    w.Key("occurrences");
    w.Int(p.occurrences);
    w.Key("first_seen");
    w.Int(p.first_seen);
    w.Key("last_seen");
    w.Int(p.last_seen);
    w.Key("example_addresses");
    w.StringArray(p.example_addresses);
    w.Key("is_noise");
    w.Bool(p.is_noise);
    w.Member("matched_rule", p.matched_rule);
    w.EndObject();
  }
  w.EndArray();
  return out;
}

}  // namespace

extern "C" {

DW_API dw_status dw_noise_tracker_new(dw_noise_tracker** out) noexcept {
  if (out != nullptr) *out = nullptr;
  return Guard([&]() -> dw::Status {
    DW_CAPI_REQUIRE(out);
    *out = new dw_noise_tracker();
    return dw::OkStatus();
  });
}

DW_API void dw_noise_tracker_free(dw_noise_tracker* tracker) noexcept {
  delete tracker;
}

DW_API dw_status dw_noise_tracker_add_plan(
    dw_noise_tracker* tracker, const dw_plan* plan, const char* scan_id,
    int64_t time_unix, const char* repo_owner, const char* repo_name) noexcept {
  return Guard([&]() -> dw::Status {
    DW_CAPI_REQUIRE(tracker);
    DW_CAPI_REQUIRE(plan);
    DW_CAPI_REQUIRE(scan_id);
    tracker->scans.push_back(dw::ScanFromPlan(plan->impl, scan_id, time_unix,
                                              repo_owner ? repo_owner : "",
                                              repo_name ? repo_name : ""));
    return dw::OkStatus();
  });
}

DW_API size_t
dw_noise_tracker_scan_count(const dw_noise_tracker* tracker) noexcept {
  return tracker == nullptr ? 0 : tracker->scans.size();
}

DW_API dw_status dw_recurrence_options_init(dw_recurrence_options* opts,
                                            uint32_t version) noexcept {
  return Guard([&] {
    return dw::capi::InitOptions(
        opts, version, DW_RECURRENCE_OPTIONS_VERSION, "dw_recurrence_options",
        dw_recurrence_options DW_RECURRENCE_OPTIONS_INIT);
  });
}

DW_API dw_status
dw_noise_tracker_patterns(dw_buf* out, const dw_noise_tracker* tracker,
                          const dw_recurrence_options* opts) noexcept {
  dw::capi::ClearBuf(out);
  return Guard([&]() -> dw::Status {
    DW_CAPI_REQUIRE(out);
    DW_CAPI_REQUIRE(tracker);
    DW_CAPI_REQUIRE(opts);
    DW_RETURN_IF_ERROR(dw::capi::CheckOptionsVersion(
        opts->version, DW_RECURRENCE_OPTIONS_VERSION, "dw_recurrence_options"));
    dw::RecurrenceOptions options;
    options.window_days = opts->window_days;
    options.recurrence_threshold = opts->recurrence_threshold;
    options.now = opts->now_unix;
    options.repo_owner = opts->repo_owner ? opts->repo_owner : "";
    options.repo_name = opts->repo_name ? opts->repo_name : "";
    options.max_examples = opts->max_examples;
    DW_ASSIGN_OR_RETURN(std::vector<dw::NoisePattern> patterns,
                        dw::AggregateRecurrence(tracker->scans, options));
    dw::capi::FillBuf(out, PatternsJson(patterns));
    return dw::OkStatus();
  });
}

}  // extern "C"
