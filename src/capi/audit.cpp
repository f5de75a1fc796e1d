// File: src/capi/audit.cpp
//
// Audit chains through the C ABI: verification and appending.
#include "driftwise/audit.hpp"

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "capi_internal.hpp"
#include "driftwise/c/audit.h"

struct dw_audit_chain {
  std::optional<dw::ChainHead> head;  // empty until the first event
  std::string head_hash;              // hex of the last event, "" if none
};

namespace {

using dw::capi::Guard;

}  // namespace

extern "C" {

DW_API dw_status dw_audit_verify_options_init(dw_audit_verify_options* opts,
                                              uint32_t version) noexcept {
  return Guard([&] {
    return dw::capi::InitOptions(
        opts, version, DW_AUDIT_VERIFY_OPTIONS_VERSION,
        "dw_audit_verify_options",
        dw_audit_verify_options DW_AUDIT_VERIFY_OPTIONS_INIT);
  });
}

DW_API dw_status dw_audit_verify(dw_buf* out, dw_chain_status_t* out_status,
                                 const char* jsonl, size_t len,
                                 const dw_audit_verify_options* opts) noexcept {
  dw::capi::ClearBuf(out);
  if (out_status != nullptr) *out_status = DW_CHAIN_BROKEN;
  return Guard([&]() -> dw::Status {
    if (jsonl == nullptr && len != 0) return dw::capi::NullArgument("jsonl");
    dw::VerifyOptions options;
    if (opts != nullptr) {
      DW_RETURN_IF_ERROR(dw::capi::CheckOptionsVersion(
          opts->version, DW_AUDIT_VERIFY_OPTIONS_VERSION,
          "dw_audit_verify_options"));
      options.threads = opts->threads;
      if (opts->chain_id != nullptr) options.chain_id = opts->chain_id;
      if (opts->has_expected_min_seq) {
        options.expected_min_seq = opts->expected_min_seq;
      }
    }
    dw::VerifyReport report = dw::VerifyAuditJsonl(
        std::string_view(jsonl == nullptr ? "" : jsonl, len), options);
    if (out != nullptr) dw::capi::FillBuf(out, dw::VerifyReportToJson(report));
    if (out_status != nullptr) {
      *out_status = static_cast<dw_chain_status_t>(report.status);
    }
    return dw::OkStatus();
  });
}

DW_API dw_status dw_audit_chain_open(dw_audit_chain** out, const char* jsonl,
                                     size_t len) noexcept {
  if (out != nullptr) *out = nullptr;
  return Guard([&]() -> dw::Status {
    DW_CAPI_REQUIRE(out);
    if (jsonl == nullptr && len != 0) return dw::capi::NullArgument("jsonl");
    std::string_view text(jsonl == nullptr ? "" : jsonl, len);
    auto chain = std::make_unique<dw_audit_chain>();
    if (!text.empty()) {
      DW_ASSIGN_OR_RETURN(std::vector<dw::AuditEvent> events,
                          dw::ParseIntactChain(text));
      if (!events.empty()) {
        chain->head = dw::HeadAfter(events.back());
        chain->head_hash = dw::HashToHex(events.back().hash);
      }
    }
    *out = chain.release();
    return dw::OkStatus();
  });
}

DW_API void dw_audit_chain_free(dw_audit_chain* chain) noexcept {
  delete chain;
}

DW_API dw_status dw_audit_chain_append(dw_buf* out, dw_audit_chain* chain,
                                       const char* input_json,
                                       size_t len) noexcept {
  dw::capi::ClearBuf(out);
  return Guard([&]() -> dw::Status {
    DW_CAPI_REQUIRE(out);
    DW_CAPI_REQUIRE(chain);
    if (input_json == nullptr && len != 0) {
      return dw::capi::NullArgument("input_json");
    }
    DW_ASSIGN_OR_RETURN(dw::AuditEventInput input,
                        dw::ParseAuditInputLine(std::string_view(
                            input_json == nullptr ? "" : input_json, len)));
    dw::ChainHead head =
        chain->head ? *chain->head : dw::EmptyChainHead(input.chain_id);
    DW_ASSIGN_OR_RETURN(dw::AppendResult appended,
                        dw::AppendAuditEvent(head, input));
    std::string line = dw::AuditEventToJsonLine(appended.event);
    std::string hash = dw::HashToHex(appended.event.hash);
    dw::capi::FillBuf(out, line);
    // Only now, when nothing can fail any more, move the head.
    chain->head = std::move(appended.head);
    chain->head_hash = std::move(hash);
    return dw::OkStatus();
  });
}

DW_API uint64_t dw_audit_chain_next_seq(const dw_audit_chain* chain) noexcept {
  return chain == nullptr || !chain->head ? 0 : chain->head->next_seq;
}

DW_API const char* dw_audit_chain_head_hash(
    const dw_audit_chain* chain) noexcept {
  return chain == nullptr ? nullptr : chain->head_hash.c_str();
}

}  // extern "C"
