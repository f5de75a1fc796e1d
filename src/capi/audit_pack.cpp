// File: src/capi/audit_pack.cpp
//
// Signed checkpoints and compliance packs through the C ABI.
#include "driftwise/audit_pack.hpp"

#include <optional>
#include <string>
#include <vector>

#include "capi_internal.hpp"
#include "driftwise/audit.hpp"
#include "driftwise/audit_checkpoint.hpp"
#include "driftwise/c/audit.h"
#include "driftwise/c/audit_pack.h"
#include "driftwise/json_writer.hpp"

namespace {

using dw::capi::Guard;

std::string_view Text(const char* data, size_t len) {
  return std::string_view(data == nullptr ? "" : data, len);
}

// Parses a chain that must verify intact from seq 0.
dw::Result<std::vector<dw::AuditEvent>> IntactChain(std::string_view jsonl) {
  DW_ASSIGN_OR_RETURN(std::vector<dw::AuditEvent> events,
                      dw::ParseAuditJsonl(jsonl));
  dw::VerifyReport report = dw::VerifyAuditEvents(events);
  if (report.status != dw::ChainStatus::kIntact) {
    return dw::Status(dw::StatusCode::kFailedPrecondition,
                      "the chain is " +
                          std::string(dw::ChainStatusName(report.status)) +
                          ": " + report.reason);
  }
  return events;
}

std::string CheckpointJson(const dw::AuditCheckpoint& cp) {
  std::string out;
  dw::JsonWriter w(&out);
  w.BeginObject();
  w.Member("chain_id", cp.chain_id);
  w.Key("head_seq");
  w.Uint(cp.head_seq);
  w.Member("head_hash", dw::HashToHex(cp.head_hash));
  w.Member("time", cp.time);
  w.EndObject();
  return out;
}

}  // namespace

extern "C" {

DW_API dw_status dw_audit_keygen(dw_buf* private_key, dw_buf* public_key,
                                 const char* name) noexcept {
  dw::capi::ClearBuf(private_key);
  dw::capi::ClearBuf(public_key);
  return Guard([&]() -> dw::Status {
    DW_CAPI_REQUIRE(private_key);
    DW_CAPI_REQUIRE(public_key);
    DW_CAPI_REQUIRE(name);
    DW_ASSIGN_OR_RETURN(dw::AuditSigningKey key,
                        dw::GenerateAuditSigningKey(name));
    dw::capi::FillBuf(private_key, dw::FormatAuditPrivateKey(key));
    try {
      dw::capi::FillBuf(public_key, dw::FormatAuditPublicKey(key.public_key));
    } catch (...) {
      dw_buf_dispose(private_key);
      throw;
    }
    return dw::OkStatus();
  });
}

DW_API dw_status dw_audit_checkpoint_sign(dw_buf* out_note, const char* jsonl,
                                          size_t len, const char* private_key,
                                          const char* time) noexcept {
  dw::capi::ClearBuf(out_note);
  return Guard([&]() -> dw::Status {
    DW_CAPI_REQUIRE(out_note);
    DW_CAPI_REQUIRE(private_key);
    if (jsonl == nullptr && len != 0) return dw::capi::NullArgument("jsonl");
    DW_ASSIGN_OR_RETURN(dw::AuditSigningKey key,
                        dw::ParseAuditPrivateKey(private_key));
    DW_ASSIGN_OR_RETURN(std::vector<dw::AuditEvent> events,
                        IntactChain(Text(jsonl, len)));
    if (events.empty()) {
      return dw::Status(dw::StatusCode::kFailedPrecondition,
                        "the chain is empty: nothing to checkpoint");
    }
    const dw::AuditEvent& last = events.back();
    dw::AuditCheckpoint cp{last.chain_id, last.seq, last.hash,
                           time != nullptr ? std::string(time) : last.time};
    DW_ASSIGN_OR_RETURN(std::string note, dw::SignAuditCheckpoint(cp, key));
    dw::capi::FillBuf(out_note, note);
    return dw::OkStatus();
  });
}

DW_API dw_status dw_audit_checkpoint_verify(dw_buf* out_json, const char* note,
                                            size_t len,
                                            const char* public_key) noexcept {
  dw::capi::ClearBuf(out_json);
  return Guard([&]() -> dw::Status {
    DW_CAPI_REQUIRE(public_key);
    if (note == nullptr && len != 0) return dw::capi::NullArgument("note");
    DW_ASSIGN_OR_RETURN(dw::AuditPublicKey key,
                        dw::ParseAuditPublicKey(public_key));
    DW_ASSIGN_OR_RETURN(dw::AuditCheckpoint cp,
                        dw::VerifyAuditCheckpoint(Text(note, len), key));
    if (out_json != nullptr) dw::capi::FillBuf(out_json, CheckpointJson(cp));
    return dw::OkStatus();
  });
}

DW_API dw_status dw_audit_pack_options_init(dw_audit_pack_options* opts,
                                            uint32_t version) noexcept {
  return Guard([&] {
    return dw::capi::InitOptions(
        opts, version, DW_AUDIT_PACK_OPTIONS_VERSION, "dw_audit_pack_options",
        dw_audit_pack_options DW_AUDIT_PACK_OPTIONS_INIT);
  });
}

DW_API dw_status dw_audit_pack_build(
    dw_buf* out_zip, const char* jsonl, size_t len, const char* private_key,
    const dw_audit_pack_options* opts) noexcept {
  dw::capi::ClearBuf(out_zip);
  return Guard([&]() -> dw::Status {
    DW_CAPI_REQUIRE(out_zip);
    DW_CAPI_REQUIRE(private_key);
    if (jsonl == nullptr && len != 0) return dw::capi::NullArgument("jsonl");
    dw::AuditPeriodSelection selection;
    dw::AuditPackRequest request;
    if (opts != nullptr) {
      DW_RETURN_IF_ERROR(dw::capi::CheckOptionsVersion(
          opts->version, DW_AUDIT_PACK_OPTIONS_VERSION,
          "dw_audit_pack_options"));
      if (opts->has_from_seq) selection.from_seq = opts->from_seq;
      if (opts->has_to_seq) selection.to_seq = opts->to_seq;
      if (opts->from_time != nullptr) selection.from_time = opts->from_time;
      if (opts->to_time != nullptr) selection.to_time = opts->to_time;
      if (opts->checkpoint_time != nullptr) {
        request.checkpoint_time = opts->checkpoint_time;
      }
    }
    DW_ASSIGN_OR_RETURN(request.key, dw::ParseAuditPrivateKey(private_key));
    DW_ASSIGN_OR_RETURN(std::vector<dw::AuditEvent> events,
                        IntactChain(Text(jsonl, len)));
    DW_ASSIGN_OR_RETURN(request.period,
                        dw::SelectAuditPeriod(events, selection));
    DW_ASSIGN_OR_RETURN(std::string zip, dw::BuildAuditPack(request));
    dw::capi::FillBuf(out_zip, zip);
    return dw::OkStatus();
  });
}

DW_API dw_status dw_audit_pack_verify(dw_buf* out_json, int32_t* out_status,
                                      const char* zip, size_t len,
                                      const char* trusted_public_key) noexcept {
  dw::capi::ClearBuf(out_json);
  if (out_status != nullptr) *out_status = DW_CHAIN_BROKEN;
  return Guard([&]() -> dw::Status {
    if (zip == nullptr && len != 0) return dw::capi::NullArgument("zip");
    dw::PackVerifyOptions options;
    if (trusted_public_key != nullptr) {
      DW_ASSIGN_OR_RETURN(options.trusted_key,
                          dw::ParseAuditPublicKey(trusted_public_key));
    }
    dw::PackVerifyReport report = dw::VerifyAuditPack(Text(zip, len), options);
    if (out_json != nullptr) {
      dw::capi::FillBuf(out_json, dw::PackVerifyReportToJson(report));
    }
    if (out_status != nullptr) {
      *out_status = static_cast<int32_t>(report.chain.status);
    }
    return dw::OkStatus();
  });
}

}  // extern "C"
