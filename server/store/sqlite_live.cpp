// File: server/store/sqlite_live.cpp
//
// LiveTx on SQLite. Every query names the org, so an id of another org is
// "not found" exactly like an id that names nothing.
#include "store/sqlite_live.hpp"

#include <algorithm>

#include "store/ids.hpp"
#include "store/sqlite_rows.hpp"
#include "store/sqlite_session.hpp"

namespace dw::server {

bool IsValidCloudProvider(std::string_view provider) {
  return std::find(std::begin(kCloudProviders), std::end(kCloudProviders),
                   provider) != std::end(kCloudProviders);
}

namespace sqlite {
namespace {

#define DW_ACCOUNT_COLS                                                  \
  "id, org_id, provider, external_account_id, display_name, "            \
  "credential_type, credential_ref_sealed, default_region, created_at, " \
  "last_validated_at"
#define DW_LIVE_COLS                                                 \
  "id, org_id, account_id, scope_region, provider, provider_type, "  \
  "normalized_type, provider_resource_id, region, account, name, "   \
  "properties, terraform_shaped, tags, has_tags, identity_key, "     \
  "enrichment_status, enrichment_failure_reason, status, batch_id, " \
  "first_seen_at, last_seen_at"
#define DW_BATCH_COLS                                                      \
  "id, org_id, account_id, scope_region, format, source, resource_count, " \
  "skipped_count, covered_types, created_at"
#define DW_ANALYSIS_COLS \
  "id, org_id, risk_level, result, ci, created_by, created_at"

constexpr const char* kInsertAccount =
    "INSERT INTO cloud_accounts (" DW_ACCOUNT_COLS
    ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
constexpr const char* kGetAccount = "SELECT " DW_ACCOUNT_COLS
                                    " FROM cloud_accounts WHERE org_id = ?1 "
                                    "AND id = ?2";
constexpr const char* kFindAccount =
    "SELECT " DW_ACCOUNT_COLS
    " FROM cloud_accounts WHERE org_id = ?1 AND provider = ?2 AND "
    "external_account_id = ?3";
constexpr const char* kListAccounts =
    "SELECT " DW_ACCOUNT_COLS
    " FROM cloud_accounts WHERE org_id = ?1 ORDER BY created_at, id "
    "LIMIT ?2 OFFSET ?3";
constexpr const char* kCountAccounts =
    "SELECT count(*) FROM cloud_accounts WHERE org_id = ?1";

constexpr const char* kGetLive = "SELECT " DW_LIVE_COLS
                                 " FROM live_resources WHERE org_id = ?1 AND "
                                 "id = ?2";
// One statement per filter combination, each served by an index whose
// prefix is its WHERE clause and whose rest is its ORDER BY.
constexpr const char* kListLive =
    "SELECT " DW_LIVE_COLS
    " FROM live_resources WHERE org_id = ?1 ORDER BY account_id, "
    "provider_type, provider_resource_id LIMIT ?2 OFFSET ?3";
constexpr const char* kCountLive =
    "SELECT count(*) FROM live_resources WHERE org_id = ?1";
constexpr const char* kListLiveByAccount =
    "SELECT " DW_LIVE_COLS
    " FROM live_resources WHERE org_id = ?1 AND account_id = ?4 ORDER BY "
    "account_id, provider_type, provider_resource_id LIMIT ?2 OFFSET ?3";
constexpr const char* kCountLiveByAccount =
    "SELECT count(*) FROM live_resources WHERE org_id = ?1 AND account_id = "
    "?2";
constexpr const char* kListLiveByProvider =
    "SELECT " DW_LIVE_COLS
    " FROM live_resources WHERE org_id = ?1 AND provider = ?4 ORDER BY "
    "account_id, provider_type, provider_resource_id LIMIT ?2 OFFSET ?3";
constexpr const char* kCountLiveByProvider =
    "SELECT count(*) FROM live_resources WHERE org_id = ?1 AND provider = ?2";
constexpr const char* kListLiveByBoth =
    "SELECT " DW_LIVE_COLS
    " FROM live_resources WHERE org_id = ?1 AND account_id = ?4 AND "
    "provider = ?5 ORDER BY account_id, provider_type, provider_resource_id "
    "LIMIT ?2 OFFSET ?3";
constexpr const char* kCountLiveByBoth =
    "SELECT count(*) FROM live_resources WHERE org_id = ?1 AND account_id = "
    "?2 AND provider = ?3";
constexpr const char* kAccountLive =
    "SELECT " DW_LIVE_COLS
    " FROM live_resources WHERE org_id = ?1 AND account_id = ?2 ORDER BY "
    "account_id, provider_type, provider_resource_id";
constexpr const char* kLiveByIdentity =
    "SELECT id FROM live_resources WHERE org_id = ?1 AND identity_key = ?2 "
    "AND identity_key <> '' ORDER BY id";

// The newest batch of each scope of an account.
constexpr const char* kAccountBatches =
    "SELECT " DW_BATCH_COLS
    " FROM inventory_batches b WHERE org_id = ?1 AND account_id = ?2 AND "
    "created_at = (SELECT max(created_at) FROM inventory_batches c WHERE "
    "c.account_id = b.account_id AND c.scope_region = b.scope_region) "
    "ORDER BY scope_region";
constexpr const char* kInsertBatch =
    "INSERT INTO inventory_batches (" DW_BATCH_COLS
    ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
// An existing row (same account, scope, type and id) keeps its id,
// first_seen_at and enrichment.
constexpr const char* kUpsertLive =
    "INSERT INTO live_resources (" DW_LIVE_COLS
    ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
    "?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22) "
    "ON CONFLICT (account_id, scope_region, provider_type, "
    "provider_resource_id) DO UPDATE SET provider = excluded.provider, "
    "normalized_type = excluded.normalized_type, region = excluded.region, "
    "account = excluded.account, name = excluded.name, properties = "
    "excluded.properties, terraform_shaped = excluded.terraform_shaped, tags "
    "= excluded.tags, has_tags = excluded.has_tags, identity_key = "
    "excluded.identity_key, status = excluded.status, batch_id = "
    "excluded.batch_id, last_seen_at = excluded.last_seen_at "
    "RETURNING id, first_seen_at, enrichment_status, "
    "enrichment_failure_reason";
constexpr const char* kDeleteStale =
    "DELETE FROM live_resources WHERE account_id = ?1 AND scope_region = ?2 "
    "AND batch_id <> ?3";
constexpr const char* kSetEnrichment =
    "UPDATE live_resources SET enrichment_status = ?3, "
    "enrichment_failure_reason = ?4 WHERE org_id = ?1 AND id = ?2";

constexpr const char* kInsertAnalysis =
    "INSERT INTO plan_analyses (" DW_ANALYSIS_COLS
    ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
constexpr const char* kGetAnalysis = "SELECT " DW_ANALYSIS_COLS
                                     " FROM plan_analyses WHERE org_id = ?1 "
                                     "AND id = ?2";
constexpr const char* kInsertLink =
    "INSERT OR IGNORE INTO plan_links (analysis_id, org_id, "
    "live_resource_id, address, action, created_at) VALUES (?1, ?2, ?3, ?4, "
    "?5, ?6)";
constexpr const char* kListLinks =
    "SELECT l.analysis_id, l.org_id, l.live_resource_id, l.address, "
    "l.action, a.risk_level, a.ci, l.created_at FROM plan_links l JOIN "
    "plan_analyses a ON a.id = l.analysis_id WHERE l.org_id = ?1 AND "
    "l.live_resource_id = ?2 ORDER BY l.created_at DESC, l.analysis_id, "
    "l.address LIMIT ?3 OFFSET ?4";
constexpr const char* kCountLinks =
    "SELECT count(*) FROM plan_links WHERE org_id = ?1 AND live_resource_id = "
    "?2";

CloudAccount ReadAccount(const Stmt& s) {
  CloudAccount a;
  a.id = s.Text(0);
  a.org_id = s.Text(1);
  a.provider = s.Text(2);
  a.external_account_id = s.Text(3);
  a.display_name = s.Text(4);
  a.credential_type = s.Text(5);
  a.credential_ref_sealed = s.Text(6);
  a.default_region = s.Text(7);
  a.created_at = s.Text(8);
  a.last_validated_at = s.OptionalText(9);
  return a;
}

LiveResourceRow ReadLive(const Stmt& s) {
  LiveResourceRow r;
  r.id = s.Text(0);
  r.org_id = s.Text(1);
  r.account_id = s.Text(2);
  r.scope_region = s.Text(3);
  r.provider = s.Text(4);
  r.provider_type = s.Text(5);
  r.normalized_type = s.Text(6);
  r.provider_resource_id = s.Text(7);
  r.region = s.Text(8);
  r.account = s.Text(9);
  r.name = s.Text(10);
  r.properties = s.Text(11);
  r.terraform_shaped = s.Int(12) != 0;
  r.tags = s.Text(13);
  r.has_tags = s.Int(14) != 0;
  r.identity_key = s.Text(15);
  r.enrichment_status = s.Text(16);
  r.enrichment_failure_reason = s.OptionalText(17);
  r.status = s.Text(18);
  r.batch_id = s.Text(19);
  r.first_seen_at = s.Text(20);
  r.last_seen_at = s.Text(21);
  return r;
}

InventoryBatch ReadBatch(const Stmt& s) {
  InventoryBatch b;
  b.id = s.Text(0);
  b.org_id = s.Text(1);
  b.account_id = s.Text(2);
  b.scope_region = s.Text(3);
  b.format = s.Text(4);
  b.source = s.Text(5);
  b.resource_count = s.Int(6);
  b.skipped_count = s.Int(7);
  b.covered_types = s.Text(8);
  b.created_at = s.Text(9);
  return b;
}

PlanAnalysis ReadAnalysis(const Stmt& s) {
  PlanAnalysis a;
  a.id = s.Text(0);
  a.org_id = s.Text(1);
  a.risk_level = s.Text(2);
  a.result = s.Text(3);
  a.ci = s.Text(4);
  a.created_by = s.Text(5);
  a.created_at = s.Text(6);
  return a;
}

PlanLink ReadLink(const Stmt& s) {
  PlanLink l;
  l.analysis_id = s.Text(0);
  l.org_id = s.Text(1);
  l.live_resource_id = s.Text(2);
  l.address = s.Text(3);
  l.action = s.Text(4);
  l.risk_level = s.Text(5);
  l.ci = s.Text(6);
  l.created_at = s.Text(7);
  return l;
}

}  // namespace

// Accounts
// ---------------------------------------------------------------------------

dw::Result<CloudAccount> SqliteLiveSession::CreateCloudAccount(
    const CloudAccount& account) {
  CloudAccount a = account;
  if (!IsValidCloudProvider(a.provider)) {
    return dw::InvalidArgumentError("provider '" + a.provider +
                                        "' is not one of aws, gcp, azure, "
                                        "kubernetes",
                                    dw::kNoOffset, "provider");
  }
  DW_RETURN_IF_ERROR(Required("org_id", a.org_id));
  DW_RETURN_IF_ERROR(Required("external_account_id", a.external_account_id));
  DW_RETURN_IF_ERROR(Required("display_name", a.display_name));
  DW_RETURN_IF_ERROR(Required("credential_type", a.credential_type));
  if (a.id.empty()) a.id = NewUuidV4();
  if (a.created_at.empty()) a.created_at = NowRfc3339();
  DW_RETURN_IF_ERROR(CheckStoreTime("created_at", a.created_at));
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kInsertAccount));
  s.Bind(1, a.id)
      .Bind(2, a.org_id)
      .Bind(3, a.provider)
      .Bind(4, a.external_account_id)
      .Bind(5, a.display_name)
      .Bind(6, a.credential_type)
      .Bind(7, a.credential_ref_sealed)
      .Bind(8, a.default_region)
      .Bind(9, a.created_at)
      .BindOptional(10, a.last_validated_at);
  DW_RETURN_IF_ERROR(s.Run());
  return a;
}

dw::Result<CloudAccount> SqliteLiveSession::GetCloudAccount(
    std::string_view org_id, std::string_view account_id) {
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kGetAccount));
  s.Bind(1, org_id).Bind(2, account_id);
  return One(s, ReadAccount,
             [&] { return NotFound("cloud account", account_id); });
}

dw::Result<CloudAccount> SqliteLiveSession::FindCloudAccount(
    std::string_view org_id, std::string_view provider,
    std::string_view external_account_id) {
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kFindAccount));
  s.Bind(1, org_id).Bind(2, provider).Bind(3, external_account_id);
  return One(s, ReadAccount, [&] {
    return NotFound(std::string(provider) + " cloud account",
                    external_account_id);
  });
}

dw::Result<Page<CloudAccount>> SqliteLiveSession::ListCloudAccounts(
    std::string_view org_id, const PageRequest& page) {
  DW_RETURN_IF_ERROR(CheckPage(page));
  Page<CloudAccount> out;
  DW_ASSIGN_OR_RETURN(out.total, CountCloudAccounts(org_id));
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kListAccounts));
  s.Bind(1, org_id).Bind(2, page.limit).Bind(3, page.offset);
  DW_ASSIGN_OR_RETURN(out.items, All(s, ReadAccount));
  return out;
}

dw::Result<std::int64_t> SqliteLiveSession::CountCloudAccounts(
    std::string_view org_id) {
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kCountAccounts));
  s.Bind(1, org_id);
  return Count(s);
}

// Live resources
// ---------------------------------------------------------------------------

dw::Result<LiveResourceRow> SqliteLiveSession::GetLiveResource(
    std::string_view org_id, std::string_view resource_id) {
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kGetLive));
  s.Bind(1, org_id).Bind(2, resource_id);
  return One(s, ReadLive,
             [&] { return NotFound("live resource", resource_id); });
}

dw::Result<Page<LiveResourceRow>> SqliteLiveSession::ListLiveResources(
    std::string_view org_id, const LiveResourceFilter& filter,
    const PageRequest& page) {
  DW_RETURN_IF_ERROR(CheckPage(page));
  const bool by_account = !filter.account_id.empty();
  const bool by_provider = !filter.provider.empty();
  const char* list = by_account && by_provider ? kListLiveByBoth
                     : by_account              ? kListLiveByAccount
                     : by_provider             ? kListLiveByProvider
                                               : kListLive;
  const char* count = by_account && by_provider ? kCountLiveByBoth
                      : by_account              ? kCountLiveByAccount
                      : by_provider             ? kCountLiveByProvider
                                                : kCountLive;
  Page<LiveResourceRow> out;
  {
    DW_ASSIGN_OR_RETURN(Stmt c, conn_.Prepare(count));
    c.Bind(1, org_id);
    int next = 2;
    if (by_account) c.Bind(next++, filter.account_id);
    if (by_provider) c.Bind(next++, filter.provider);
    DW_ASSIGN_OR_RETURN(out.total, Count(c));
  }
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(list));
  s.Bind(1, org_id).Bind(2, page.limit).Bind(3, page.offset);
  int next = 4;
  if (by_account) s.Bind(next++, filter.account_id);
  if (by_provider) s.Bind(next++, filter.provider);
  DW_ASSIGN_OR_RETURN(out.items, All(s, ReadLive));
  return out;
}

dw::Result<std::vector<LiveResourceRow>>
SqliteLiveSession::AccountLiveResources(std::string_view org_id,
                                        std::string_view account_id) {
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kAccountLive));
  s.Bind(1, org_id).Bind(2, account_id);
  return All(s, ReadLive);
}

dw::Result<std::vector<InventoryBatch>> SqliteLiveSession::AccountBatches(
    std::string_view org_id, std::string_view account_id) {
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kAccountBatches));
  s.Bind(1, org_id).Bind(2, account_id);
  return All(s, ReadBatch);
}

dw::Result<std::vector<std::string>>
SqliteLiveSession::FindLiveResourcesByIdentity(std::string_view org_id,
                                               std::string_view identity_key) {
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kLiveByIdentity));
  s.Bind(1, org_id).Bind(2, identity_key);
  return All(s, [](const Stmt& st) { return st.Text(0); });
}

dw::Result<InventoryBatch> SqliteLiveSession::ReplaceLiveResources(
    const InventoryBatch& batch, std::vector<LiveResourceRow>& resources) {
  InventoryBatch b = batch;
  DW_RETURN_IF_ERROR(Required("org_id", b.org_id));
  DW_RETURN_IF_ERROR(Required("account_id", b.account_id));
  if (b.id.empty()) b.id = NewUuidV4();
  if (b.created_at.empty()) b.created_at = NowRfc3339();
  DW_RETURN_IF_ERROR(CheckStoreTime("created_at", b.created_at));
  {
    DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kInsertBatch));
    s.Bind(1, b.id)
        .Bind(2, b.org_id)
        .Bind(3, b.account_id)
        .Bind(4, b.scope_region)
        .Bind(5, b.format)
        .Bind(6, b.source)
        .Bind(7, b.resource_count)
        .Bind(8, b.skipped_count)
        .Bind(9, b.covered_types)
        .Bind(10, b.created_at);
    DW_RETURN_IF_ERROR(s.Run());
  }
  for (LiveResourceRow& r : resources) {
    DW_RETURN_IF_ERROR(Required("provider_type", r.provider_type));
    DW_RETURN_IF_ERROR(
        Required("provider_resource_id", r.provider_resource_id));
    r.id = NewUuidV4();
    r.org_id = b.org_id;
    r.account_id = b.account_id;
    r.scope_region = b.scope_region;
    r.batch_id = b.id;
    r.first_seen_at = b.created_at;
    r.last_seen_at = b.created_at;
    DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kUpsertLive));
    s.Bind(1, r.id)
        .Bind(2, r.org_id)
        .Bind(3, r.account_id)
        .Bind(4, r.scope_region)
        .Bind(5, r.provider)
        .Bind(6, r.provider_type)
        .Bind(7, r.normalized_type)
        .Bind(8, r.provider_resource_id)
        .Bind(9, r.region)
        .Bind(10, r.account)
        .Bind(11, r.name)
        .Bind(12, r.properties)
        .Bind(13, std::int64_t{r.terraform_shaped ? 1 : 0})
        .Bind(14, r.tags)
        .Bind(15, std::int64_t{r.has_tags ? 1 : 0})
        .Bind(16, r.identity_key)
        .Bind(17, r.enrichment_status)
        .BindOptional(18, r.enrichment_failure_reason)
        .Bind(19, r.status)
        .Bind(20, r.batch_id)
        .Bind(21, r.first_seen_at)
        .Bind(22, r.last_seen_at);
    DW_ASSIGN_OR_RETURN(bool row, s.Step());
    if (row) {
      r.id = s.Text(0);
      r.first_seen_at = s.Text(1);
      r.enrichment_status = s.Text(2);
      r.enrichment_failure_reason = s.OptionalText(3);
    }
    // Drain the statement so that the upsert is complete.
    while (row) {
      DW_ASSIGN_OR_RETURN(row, s.Step());
    }
  }
  DW_ASSIGN_OR_RETURN(Stmt d, conn_.Prepare(kDeleteStale));
  d.Bind(1, b.account_id).Bind(2, b.scope_region).Bind(3, b.id);
  DW_RETURN_IF_ERROR(d.Run());
  return b;
}

dw::Status SqliteLiveSession::SetEnrichment(
    std::string_view org_id, std::string_view resource_id,
    std::string_view status, const std::optional<std::string>& reason) {
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kSetEnrichment));
  s.Bind(1, org_id)
      .Bind(2, resource_id)
      .Bind(3, status)
      .BindOptional(4, reason);
  DW_RETURN_IF_ERROR(s.Run());
  return sqlite3_changes64(conn_.db()) == 0
             ? NotFound("live resource", resource_id)
             : dw::OkStatus();
}

// Plan analyses
// ---------------------------------------------------------------------------

dw::Result<PlanAnalysis> SqliteLiveSession::CreatePlanAnalysis(
    const PlanAnalysis& analysis) {
  PlanAnalysis a = analysis;
  DW_RETURN_IF_ERROR(Required("org_id", a.org_id));
  if (a.id.empty()) a.id = NewUuidV4();
  if (a.created_at.empty()) a.created_at = NowRfc3339();
  DW_RETURN_IF_ERROR(CheckStoreTime("created_at", a.created_at));
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kInsertAnalysis));
  s.Bind(1, a.id)
      .Bind(2, a.org_id)
      .Bind(3, a.risk_level)
      .Bind(4, a.result)
      .Bind(5, a.ci)
      .Bind(6, a.created_by)
      .Bind(7, a.created_at);
  DW_RETURN_IF_ERROR(s.Run());
  return a;
}

dw::Result<PlanAnalysis> SqliteLiveSession::GetPlanAnalysis(
    std::string_view org_id, std::string_view analysis_id) {
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kGetAnalysis));
  s.Bind(1, org_id).Bind(2, analysis_id);
  return One(s, ReadAnalysis,
             [&] { return NotFound("plan analysis", analysis_id); });
}

dw::Status SqliteLiveSession::AddPlanLink(const PlanLink& link) {
  PlanLink l = link;
  if (l.created_at.empty()) l.created_at = NowRfc3339();
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kInsertLink));
  s.Bind(1, l.analysis_id)
      .Bind(2, l.org_id)
      .Bind(3, l.live_resource_id)
      .Bind(4, l.address)
      .Bind(5, l.action)
      .Bind(6, l.created_at);
  return s.Run();
}

dw::Result<Page<PlanLink>> SqliteLiveSession::ListPlanLinks(
    std::string_view org_id, std::string_view resource_id,
    const PageRequest& page) {
  DW_RETURN_IF_ERROR(CheckPage(page));
  Page<PlanLink> out;
  {
    DW_ASSIGN_OR_RETURN(Stmt c, conn_.Prepare(kCountLinks));
    c.Bind(1, org_id).Bind(2, resource_id);
    DW_ASSIGN_OR_RETURN(out.total, Count(c));
  }
  DW_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kListLinks));
  s.Bind(1, org_id)
      .Bind(2, resource_id)
      .Bind(3, page.limit)
      .Bind(4, page.offset);
  DW_ASSIGN_OR_RETURN(out.items, All(s, ReadLink));
  return out;
}

}  // namespace sqlite
}  // namespace dw::server
