// File: server/store/sqlite_scans.cpp
//
// Scan runs, their drift items and the per-scan summaries on SQLite (part
// of SqliteLiveSession). Posture, summary and history read scan_summaries
// and scan_buckets through their indexes; drift items are only read a page
// at a time.
#include "store/ids.hpp"
#include "store/sqlite_live.hpp"
#include "store/sqlite_rows.hpp"
#include "store/sqlite_session.hpp"

namespace dw::server::sqlite {
namespace {

#define DW_SCAN_COLS                                                   \
  "id, org_id, account_id, scan_type, status, error, job_id, detail, " \
  "created_by, created_at, started_at, finished_at"
#define DW_SUMMARY_COLS                                                   \
  "scan_id, org_id, account_id, provider, day, finished_at, live_count, " \
  "iac_count, matched_count, new_count, missing_count, changed_count, "   \
  "noise_count, coverage_bp, risk_level"

constexpr const char* kInsertScan =
    "INSERT INTO scan_runs (" DW_SCAN_COLS
    ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";
constexpr const char* kGetScan =
    "SELECT " DW_SCAN_COLS " FROM scan_runs WHERE org_id = ?1 AND id = ?2";
constexpr const char* kListScans =
    "SELECT " DW_SCAN_COLS
    " FROM scan_runs WHERE org_id = ?1 AND (?2 = '' OR account_id = ?2) AND "
    "(?3 = '' OR scan_type = ?3) AND created_at >= ?4 AND (?7 = '' OR "
    "account_id IN (SELECT id FROM cloud_accounts WHERE org_id = ?1 AND "
    "provider = ?7)) ORDER BY created_at DESC, id DESC LIMIT ?5 OFFSET ?6";
constexpr const char* kCountScans =
    "SELECT count(*) FROM scan_runs WHERE org_id = ?1 AND (?2 = '' OR "
    "account_id = ?2) AND (?3 = '' OR scan_type = ?3) AND created_at >= ?4 "
    "AND (?5 = '' OR account_id IN (SELECT id FROM cloud_accounts WHERE "
    "org_id = ?1 AND provider = ?5))";
constexpr const char* kCountActive =
    "SELECT count(*) FROM scan_runs WHERE org_id = ?1 AND status IN "
    "('pending', 'running')";
constexpr const char* kSetStatus =
    "UPDATE scan_runs SET status = ?2, error = ?3, detail = ?4, "
    "started_at = CASE WHEN ?2 = 'running' THEN ?5 ELSE started_at END, "
    "finished_at = CASE WHEN ?2 IN ('done', 'error') THEN ?5 ELSE NULL END "
    "WHERE id = ?1";

constexpr const char* kDeleteItems =
    "DELETE FROM drift_items WHERE scan_id = ?1";
constexpr const char* kDeleteSummary =
    "DELETE FROM scan_summaries WHERE scan_id = ?1";
constexpr const char* kDeleteBuckets =
    "DELETE FROM scan_buckets WHERE scan_id = ?1";
constexpr const char* kInsertItem =
    "INSERT INTO drift_items (scan_id, seq, kind, noise, item) VALUES (?1, "
    "?2, ?3, ?4, ?5)";
constexpr const char* kInsertSummary =
    "INSERT INTO scan_summaries (" DW_SUMMARY_COLS
    ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
    "?15)";
constexpr const char* kInsertBucket =
    "INSERT INTO scan_buckets (scan_id, dimension, key, live, matched, "
    "drifted) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

constexpr const char* kListItemsAll =
    "SELECT seq, kind, noise, item FROM drift_items WHERE scan_id = ?1 "
    "ORDER BY seq LIMIT ?2 OFFSET ?3";
constexpr const char* kCountItemsAll =
    "SELECT count(*) FROM drift_items WHERE scan_id = ?1";
constexpr const char* kListItemsSignal =
    "SELECT seq, kind, noise, item FROM drift_items WHERE scan_id = ?1 AND "
    "noise = 0 ORDER BY seq LIMIT ?2 OFFSET ?3";
constexpr const char* kCountItemsSignal =
    "SELECT count(*) FROM drift_items WHERE scan_id = ?1 AND noise = 0";

// The newest summary per account: one index probe per account of the org.
constexpr const char* kLatestSummaries =
    "SELECT " DW_SUMMARY_COLS
    " FROM scan_summaries s WHERE s.org_id = ?1 AND (?2 = '' OR s.provider "
    "= ?2) AND s.scan_id = (SELECT t.scan_id FROM scan_summaries t WHERE "
    "t.org_id = s.org_id AND t.account_id = s.account_id ORDER BY "
    "t.finished_at DESC, t.scan_id DESC LIMIT 1) ORDER BY s.account_id";
constexpr const char* kGetSummary =
    "SELECT " DW_SUMMARY_COLS
    " FROM scan_summaries WHERE org_id = ?1 AND scan_id = ?2";
constexpr const char* kBuckets =
    "SELECT dimension, key, live, matched, drifted FROM scan_buckets WHERE "
    "scan_id = ?1 ORDER BY dimension, key";
constexpr const char* kHistory =
    "SELECT day, count(*), sum(new_count), sum(missing_count), "
    "sum(changed_count), sum(live_count), sum(matched_count) FROM "
    "scan_summaries WHERE org_id = ?1 AND day >= ?4 AND (?2 = '' OR "
    "provider = ?2) AND (?3 = '' OR account_id = ?3) GROUP BY day ORDER BY "
    "day";

constexpr const char* kDeleteOldScans =
    "DELETE FROM scan_runs WHERE org_id = ?1 AND created_at < ?2 AND status "
    "IN ('done', 'error')";

ScanRun ReadScan(const Stmt& s) {
  ScanRun r;
  r.id = s.Text(0);
  r.org_id = s.Text(1);
  r.account_id = s.Text(2);
  r.scan_type = s.Text(3);
  r.status = s.Text(4);
  r.error = s.Text(5);
  r.job_id = s.Text(6);
  r.detail = s.Text(7);
  r.created_by = s.Text(8);
  r.created_at = s.Text(9);
  r.started_at = s.OptionalText(10);
  r.finished_at = s.OptionalText(11);
  return r;
}

ScanSummary ReadSummary(const Stmt& s) {
  ScanSummary r;
  r.scan_id = s.Text(0);
  r.org_id = s.Text(1);
  r.account_id = s.Text(2);
  r.provider = s.Text(3);
  r.day = s.Text(4);
  r.finished_at = s.Text(5);
  r.live_count = s.Int(6);
  r.iac_count = s.Int(7);
  r.matched_count = s.Int(8);
  r.new_count = s.Int(9);
  r.missing_count = s.Int(10);
  r.changed_count = s.Int(11);
  r.noise_count = s.Int(12);
  r.coverage_bp = s.Int(13);
  r.risk_level = s.Text(14);
  return r;
}

dw::Status RunWithId(SqliteConn& conn, const char* sql, std::string_view id) {
  DW_ASSIGN_OR_RETURN(Stmt s, conn.Prepare(sql));
  s.Bind(1, id);
  return s.Run();
}

}  // namespace

dw::Result<ScanRun> SqliteLiveSession::CreateScanRun(const ScanRun& scan) {
  ScanRun r = scan;
  if (r.org_id.empty() || r.account_id.empty()) {
    return dw::InvalidArgumentError("a scan needs org_id and account_id",
                                    dw::kNoOffset, "account_id");
  }
  if (r.id.empty()) r.id = NewUuidV4();
  if (r.created_at.empty()) r.created_at = NowRfc3339();
  DW_RETURN_IF_ERROR(CheckStoreTime("created_at", r.created_at));
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kInsertScan));
  s.Bind(1, r.id)
      .Bind(2, r.org_id)
      .Bind(3, r.account_id)
      .Bind(4, r.scan_type)
      .Bind(5, r.status)
      .Bind(6, r.error)
      .Bind(7, r.job_id)
      .Bind(8, r.detail)
      .Bind(9, r.created_by)
      .Bind(10, r.created_at)
      .BindOptional(11, r.started_at)
      .BindOptional(12, r.finished_at);
  DW_RETURN_IF_ERROR(s.Run());
  return r;
}

dw::Result<ScanRun> SqliteLiveSession::GetScanRun(std::string_view org_id,
                                                  std::string_view scan_id) {
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kGetScan));
  s.Bind(1, org_id).Bind(2, scan_id);
  DW_ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row) return NotFound("scan", scan_id);
  return ReadScan(s);
}

dw::Result<Page<ScanRun>> SqliteLiveSession::ListScanRuns(
    std::string_view org_id, const ScanFilter& filter,
    const PageRequest& page) {
  DW_RETURN_IF_ERROR(CheckPage(page));
  Page<ScanRun> out;
  {
    DW_ASSIGN_OR_RETURN(Stmt c, conn_.Prepare(kCountScans));
    c.Bind(1, org_id)
        .Bind(2, filter.account_id)
        .Bind(3, filter.scan_type)
        .Bind(4, filter.since)
        .Bind(5, filter.provider);
    DW_ASSIGN_OR_RETURN(out.total, Count(c));
  }
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kListScans));
  s.Bind(1, org_id)
      .Bind(2, filter.account_id)
      .Bind(3, filter.scan_type)
      .Bind(4, filter.since)
      .Bind(5, page.limit)
      .Bind(6, page.offset)
      .Bind(7, filter.provider);
  DW_ASSIGN_OR_RETURN(out.items, All(s, ReadScan));
  return out;
}

dw::Result<std::int64_t> SqliteLiveSession::CountActiveScans(
    std::string_view org_id) {
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kCountActive));
  s.Bind(1, org_id);
  return Count(s);
}

dw::Status SqliteLiveSession::SetScanStatus(std::string_view scan_id,
                                            std::string_view status,
                                            std::string_view error,
                                            std::string_view detail,
                                            std::string_view time) {
  if (status != "pending" && status != "running" && status != "done" &&
      status != "error") {
    return dw::InvalidArgumentError(
        "status '" + std::string(status) +
            "' is not one of pending, running, done, error",
        dw::kNoOffset, "status");
  }
  DW_RETURN_IF_ERROR(CheckStoreTime("time", time));
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kSetStatus));
  s.Bind(1, scan_id)
      .Bind(2, status)
      .Bind(3, error)
      .Bind(4, detail)
      .Bind(5, time);
  DW_RETURN_IF_ERROR(s.Run());
  return sqlite3_changes64(conn_.db()) == 0 ? NotFound("scan", scan_id)
                                            : dw::OkStatus();
}

dw::Status SqliteLiveSession::StoreScanResults(
    const ScanSummary& summary, const std::vector<DriftItemRow>& items,
    const std::vector<ScanBucketRow>& buckets) {
  const std::string& id = summary.scan_id;
  DW_RETURN_IF_ERROR(RunWithId(conn_, kDeleteItems, id));
  DW_RETURN_IF_ERROR(RunWithId(conn_, kDeleteSummary, id));
  DW_RETURN_IF_ERROR(RunWithId(conn_, kDeleteBuckets, id));
  for (const DriftItemRow& item : items) {
    DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kInsertItem));
    s.Bind(1, id)
        .Bind(2, item.seq)
        .Bind(3, item.kind)
        .Bind(4, std::int64_t{item.noise ? 1 : 0})
        .Bind(5, item.item);
    DW_RETURN_IF_ERROR(s.Run());
  }
  {
    DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kInsertSummary));
    s.Bind(1, id)
        .Bind(2, summary.org_id)
        .Bind(3, summary.account_id)
        .Bind(4, summary.provider)
        .Bind(5, summary.day)
        .Bind(6, summary.finished_at)
        .Bind(7, summary.live_count)
        .Bind(8, summary.iac_count)
        .Bind(9, summary.matched_count)
        .Bind(10, summary.new_count)
        .Bind(11, summary.missing_count)
        .Bind(12, summary.changed_count)
        .Bind(13, summary.noise_count)
        .Bind(14, summary.coverage_bp)
        .Bind(15, summary.risk_level);
    DW_RETURN_IF_ERROR(s.Run());
  }
  for (const ScanBucketRow& b : buckets) {
    DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kInsertBucket));
    s.Bind(1, id)
        .Bind(2, b.dimension)
        .Bind(3, b.key)
        .Bind(4, b.live)
        .Bind(5, b.matched)
        .Bind(6, b.drifted);
    DW_RETURN_IF_ERROR(s.Run());
  }
  return dw::OkStatus();
}

dw::Result<std::int64_t> SqliteLiveSession::DeleteScansBefore(
    std::string_view org_id, std::string_view cutoff) {
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kDeleteOldScans));
  s.Bind(1, org_id).Bind(2, cutoff);
  DW_RETURN_IF_ERROR(s.Run());
  return static_cast<std::int64_t>(sqlite3_changes64(conn_.db()));
}

dw::Result<Page<DriftItemRow>> SqliteLiveSession::ListDriftItems(
    std::string_view scan_id, bool include_noise, const PageRequest& page) {
  DW_RETURN_IF_ERROR(CheckPage(page));
  Page<DriftItemRow> out;
  {
    DW_ASSIGN_OR_RETURN(
        Stmt c,
        conn_.Prepare(include_noise ? kCountItemsAll : kCountItemsSignal));
    c.Bind(1, scan_id);
    DW_ASSIGN_OR_RETURN(out.total, Count(c));
  }
  DW_ASSIGN_OR_RETURN(
      Stmt s, conn_.Prepare(include_noise ? kListItemsAll : kListItemsSignal));
  s.Bind(1, scan_id).Bind(2, page.limit).Bind(3, page.offset);
  DW_ASSIGN_OR_RETURN(out.items, All(s, [](const Stmt& st) {
                        return DriftItemRow{.seq = st.Int(0),
                                            .kind = st.Text(1),
                                            .noise = st.Int(2) != 0,
                                            .item = st.Text(3)};
                      }));
  return out;
}

dw::Result<std::vector<ScanSummary>> SqliteLiveSession::LatestScanSummaries(
    std::string_view org_id, std::string_view provider) {
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kLatestSummaries));
  s.Bind(1, org_id).Bind(2, provider);
  return All(s, ReadSummary);
}

dw::Result<ScanSummary> SqliteLiveSession::GetScanSummary(
    std::string_view org_id, std::string_view scan_id) {
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kGetSummary));
  s.Bind(1, org_id).Bind(2, scan_id);
  DW_ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row) return NotFound("drift results of scan", scan_id);
  return ReadSummary(s);
}

dw::Result<std::vector<ScanBucketRow>> SqliteLiveSession::ScanBuckets(
    std::string_view scan_id) {
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kBuckets));
  s.Bind(1, scan_id);
  return All(s, [](const Stmt& st) {
    return ScanBucketRow{.dimension = st.Text(0),
                         .key = st.Text(1),
                         .live = st.Int(2),
                         .matched = st.Int(3),
                         .drifted = st.Int(4)};
  });
}

dw::Result<std::vector<DriftDay>> SqliteLiveSession::DriftHistory(
    std::string_view org_id, std::string_view provider,
    std::string_view account_id, std::string_view since_day) {
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kHistory));
  s.Bind(1, org_id).Bind(2, provider).Bind(3, account_id).Bind(4, since_day);
  return All(s, [](const Stmt& st) {
    return DriftDay{.day = st.Text(0),
                    .scans = st.Int(1),
                    .new_count = st.Int(2),
                    .missing_count = st.Int(3),
                    .changed_count = st.Int(4),
                    .live_count = st.Int(5),
                    .matched_count = st.Int(6)};
  });
}

}  // namespace dw::server::sqlite
