// File: server/store/sqlite_audit.cpp
//
// AppendAudit on SQLite. The head is read and advanced inside the caller's
// write transaction (BEGIN IMMEDIATE holds the only write lock), so seqs are
// gapless and unforked, and the event commits or vanishes together with the
// mutation it records.
#include "store/sqlite_session.hpp"

namespace dw::server::sqlite {
namespace {

constexpr const char* kInsertEvent =
    "INSERT INTO audit_events (chain_id, seq, org_id, time, time_us, actor, "
    "action, target, detail, prev_hash, hash) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
constexpr const char* kUpsertHead =
    "INSERT INTO chain_heads (chain_id, next_seq, prev_hash) "
    "VALUES (?1, ?2, ?3) ON CONFLICT (chain_id) DO UPDATE SET "
    "next_seq = excluded.next_seq, prev_hash = excluded.prev_hash";

// An org event must go to that org's chain and a platform event to the
// platform chain; anything else would file events where no verifier of
// the org (or of the platform) looks.
dw::Status CheckChainMatchesOrg(const AuditAppend& a) {
  std::string expected =
      a.org_id.empty() ? std::string(kPlatformChainId) : OrgChainId(a.org_id);
  if (a.chain_id == expected) return dw::OkStatus();
  return dw::InvalidArgumentError("chain_id '" + a.chain_id +
                                      "' does not match org_id '" + a.org_id +
                                      "' (expected '" + expected + "')",
                                  dw::kNoOffset, "chain_id");
}

}  // namespace

dw::Result<dw::AuditEvent> SqliteSession::AppendAudit(const AuditAppend& a) {
  DW_RETURN_IF_ERROR(CheckChainMatchesOrg(a));
  if (!a.org_id.empty()) {
    DW_ASSIGN_OR_RETURN(Org org, GetOrg(a.org_id));  // kNotFound naming it
    (void)org;
  }
  DW_ASSIGN_OR_RETURN(dw::ChainHead head, ChainHead(a.chain_id));
  dw::AuditEventInput input{a.chain_id, a.time,   a.actor,
                            a.action,   a.target, a.detail};
  DW_ASSIGN_OR_RETURN(dw::AppendResult appended,
                      dw::AppendAuditEvent(head, input));
  const dw::AuditEvent& e = appended.event;
  // AppendAuditEvent has validated the time; the micros order the
  // platform-wide listing even when callers use different UTC offsets.
  DW_ASSIGN_OR_RETURN(std::int64_t time_us, dw::ParseRfc3339Micros(e.time));
  {
    DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kInsertEvent));
    s.Bind(1, e.chain_id)
        .Bind(2, static_cast<std::int64_t>(e.seq))
        .BindOrNull(3, a.org_id)
        .Bind(4, e.time)
        .Bind(5, time_us)
        .Bind(6, e.actor)
        .Bind(7, e.action)
        .Bind(8, e.target)
        .Bind(9, e.detail)
        .BindBlob(10, e.prev_hash)
        .BindBlob(11, e.hash);
    DW_RETURN_IF_ERROR(s.Run());
  }
  {
    DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kUpsertHead));
    s.Bind(1, appended.head.chain_id)
        .Bind(2, static_cast<std::int64_t>(appended.head.next_seq))
        .BindBlob(3, appended.head.prev_hash);
    DW_RETURN_IF_ERROR(s.Run());
  }
  return e;
}

}  // namespace dw::server::sqlite
