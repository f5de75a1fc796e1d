// File: src/capi/state.cpp
//
// dw_state: the C handle over dw::State, its renderers and accessors.
#include "driftwise/c/state.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "capi_internal.hpp"
#include "driftwise/show.hpp"
#include "driftwise/state.hpp"
#include "handles.hpp"

namespace {

using dw::capi::Guard;

dw::Status Adopt(dw_state** out, dw::Result<dw::State> state) {
  if (!state.ok()) return state.status();
  auto handle = std::make_unique<dw_state>();
  handle->impl = std::move(*state);
  handle->ids.reserve(handle->impl.resources.size());
  for (const dw::StateResource& r : handle->impl.resources) {
    handle->ids.emplace_back(r.attributes.Get("id").as_string());
  }
  *out = handle.release();
  return dw::OkStatus();
}

// The C++ options of `opts` (NULL = defaults).
dw::Result<dw::ParseStateOptions> StateOptions(const dw_state_options* opts) {
  dw::ParseStateOptions options;
  if (opts == nullptr) return options;
  DW_RETURN_IF_ERROR(dw::capi::CheckOptionsVersion(
      opts->version, DW_STATE_OPTIONS_VERSION, "dw_state_options"));
  if (opts->threads < 0) {
    return dw::InvalidArgumentError("dw_state_options.threads must be >= 0");
  }
  options.threads = opts->threads;
  return options;
}

const dw::StateResource* Resource(const dw_state* state, size_t i) noexcept {
  if (state == nullptr || i >= state->impl.resources.size()) return nullptr;
  return &state->impl.resources[i];
}

}  // namespace

extern "C" {

DW_API dw_status dw_state_parse(dw_state** out, const char* data,
                                size_t len) noexcept {
  return dw_state_parse_with(out, data, len, nullptr);
}

DW_API dw_status dw_state_parse_file(dw_state** out,
                                     const char* path) noexcept {
  return dw_state_parse_file_with(out, path, nullptr);
}

DW_API dw_status dw_state_options_init(dw_state_options* opts,
                                       uint32_t version) noexcept {
  return Guard([&] {
    return dw::capi::InitOptions(opts, version, DW_STATE_OPTIONS_VERSION,
                                 "dw_state_options",
                                 dw_state_options DW_STATE_OPTIONS_INIT);
  });
}

DW_API dw_status dw_state_parse_with(dw_state** out, const char* data,
                                     size_t len,
                                     const dw_state_options* opts) noexcept {
  if (out != nullptr) *out = nullptr;
  return Guard([&]() -> dw::Status {
    DW_CAPI_REQUIRE(out);
    if (data == nullptr && len != 0) return dw::capi::NullArgument("data");
    DW_ASSIGN_OR_RETURN(dw::ParseStateOptions options, StateOptions(opts));
    return Adopt(
        out,
        dw::ParseState(std::string(data == nullptr ? "" : data, len), options));
  });
}

DW_API dw_status dw_state_parse_file_with(
    dw_state** out, const char* path, const dw_state_options* opts) noexcept {
  if (out != nullptr) *out = nullptr;
  return Guard([&]() -> dw::Status {
    DW_CAPI_REQUIRE(out);
    DW_CAPI_REQUIRE(path);
    DW_ASSIGN_OR_RETURN(dw::ParseStateOptions options, StateOptions(opts));
    return Adopt(out, dw::ParseStateFile(path, options));
  });
}

DW_API void dw_state_free(dw_state* state) noexcept { delete state; }

DW_API dw_status dw_state_to_json(dw_buf* out, const dw_state* state) noexcept {
  dw::capi::ClearBuf(out);
  return Guard([&]() -> dw::Status {
    DW_CAPI_REQUIRE(out);
    DW_CAPI_REQUIRE(state);
    dw::capi::FillBuf(out, dw::StateShowJson(state->impl));
    return dw::OkStatus();
  });
}

DW_API dw_status dw_state_to_text(dw_buf* out, const dw_state* state) noexcept {
  dw::capi::ClearBuf(out);
  return Guard([&]() -> dw::Status {
    DW_CAPI_REQUIRE(out);
    DW_CAPI_REQUIRE(state);
    dw::capi::FillBuf(out, dw::StateShowText(state->impl));
    return dw::OkStatus();
  });
}

DW_API int64_t dw_state_version(const dw_state* state) noexcept {
  return state == nullptr ? -1 : state->impl.version;
}

DW_API uint64_t dw_state_serial(const dw_state* state) noexcept {
  return state == nullptr ? 0 : state->impl.serial;
}

DW_API const char* dw_state_terraform_version(const dw_state* state) noexcept {
  return state == nullptr ? nullptr : state->impl.terraform_version.c_str();
}

DW_API const char* dw_state_lineage(const dw_state* state) noexcept {
  return state == nullptr ? nullptr : state->impl.lineage.c_str();
}

DW_API size_t dw_state_resource_count(const dw_state* state) noexcept {
  return state == nullptr ? 0 : state->impl.resources.size();
}

DW_API const char* dw_state_resource_address(const dw_state* state,
                                             size_t i) noexcept {
  const dw::StateResource* r = Resource(state, i);
  return r == nullptr ? nullptr : r->address.c_str();
}

DW_API const char* dw_state_resource_type(const dw_state* state,
                                          size_t i) noexcept {
  const dw::StateResource* r = Resource(state, i);
  return r == nullptr ? nullptr : r->type.c_str();
}

DW_API const char* dw_state_resource_provider(const dw_state* state,
                                              size_t i) noexcept {
  const dw::StateResource* r = Resource(state, i);
  return r == nullptr ? nullptr : r->provider_source.c_str();
}

DW_API const char* dw_state_resource_id(const dw_state* state,
                                        size_t i) noexcept {
  if (Resource(state, i) == nullptr) return nullptr;
  return state->ids[i].c_str();
}

}  // extern "C"
