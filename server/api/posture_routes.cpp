// Aggregates over completed scans: GET /api/v2/orgs/{id}/posture,
// /infrastructure/summary, /infrastructure/{provider}/accounts and
// /infrastructure/drift-history. They read the per-scan summaries written
// when a scan completes (indexed by org, account and time, and by day),
// never the drift items.
#include <chrono>
#include <map>

#include "api/api_route.hpp"
#include "api/scan_views.hpp"
#include "driftwise/policy.hpp"
#include "store/ids.hpp"
#include "store/live_store.hpp"

namespace dw::server {
namespace {

struct Posture {
  std::vector<CloudAccount> accounts;
  std::map<std::string, ScanSummary> latest;  // by account id
};

// Accounts are few (plan limits) and each posture read is one index probe
// per account, so the whole posture is read at once.
Result<Posture> LoadPosture(Call& call, std::string_view provider) {
  Posture out;
  Status status = call.ctx.store.Read([&](StoreReader& r) -> Status {
    LiveReader& live = r.Live();
    auto accounts = live.ListCloudAccounts(call.org->org.id,
                                           {.limit = 100000, .offset = 0});
    if (!accounts.ok()) return accounts.status();
    for (CloudAccount& a : accounts->items) {
      if (provider.empty() || a.provider == provider) {
        out.accounts.push_back(std::move(a));
      }
    }
    auto latest = live.LatestScanSummaries(call.org->org.id, provider);
    if (!latest.ok()) return latest.status();
    for (ScanSummary& s : latest.value()) {
      std::string id = s.account_id;
      out.latest.emplace(std::move(id), std::move(s));
    }
    return OkStatus();
  });
  if (!status.ok()) return status;
  return out;
}

std::optional<ScanSummary> LatestOf(const Posture& p, const std::string& id) {
  auto it = p.latest.find(id);
  if (it == p.latest.end()) return std::nullopt;
  return it->second;
}

void GetPosture(Call& call) {
  auto posture = LoadPosture(call, "");
  if (!posture.ok()) return call.FailWith(posture.status());
  nlohmann::json accounts = nlohmann::json::array();
  for (const CloudAccount& a : posture->accounts) {
    accounts.push_back(AccountPostureJson(a, LatestOf(*posture, a.id)));
  }
  call.Json(200,
            {{"org_id", call.org->org.id}, {"accounts", std::move(accounts)}});
}

Severity SeverityOf(const std::string& name) {
  Severity s = Severity::kNone;
  ParseSeverity(name, &s);
  return s;
}

void GetSummary(Call& call) {
  auto posture = LoadPosture(call, "");
  if (!posture.ok()) return call.FailWith(posture.status());
  struct Rollup {
    std::int64_t accounts = 0, scanned = 0, resources = 0, matched = 0;
    std::int64_t new_count = 0, missing = 0, changed = 0;
    Severity risk = Severity::kNone;
  };
  std::map<std::string, Rollup> by_provider;
  for (const CloudAccount& a : posture->accounts) {
    Rollup& r = by_provider[a.provider];
    ++r.accounts;
    auto latest = LatestOf(*posture, a.id);
    if (!latest) continue;
    ++r.scanned;
    r.resources += latest->live_count;
    r.matched += latest->matched_count;
    r.new_count += latest->new_count;
    r.missing += latest->missing_count;
    r.changed += latest->changed_count;
    r.risk = std::max(r.risk, SeverityOf(latest->risk_level));
  }
  nlohmann::json providers = nlohmann::json::array();
  for (const auto& [provider, r] : by_provider) {
    // Coverage over the provider: matched live / live (what each scan's
    // coverage is, summed before dividing).
    const double coverage =
        r.resources == 0 ? 100.0
                         : std::round(10000.0 * static_cast<double>(r.matched) /
                                      static_cast<double>(r.resources)) /
                               100.0;
    providers.push_back({{"provider", provider},
                         {"accounts", r.accounts},
                         {"scanned_accounts", r.scanned},
                         {"resources", r.resources},
                         {"drifted", r.new_count + r.missing + r.changed},
                         {"new_count", r.new_count},
                         {"missing_count", r.missing},
                         {"changed_count", r.changed},
                         {"coverage_pct", coverage},
                         {"risk_level", std::string(SeverityName(r.risk))}});
  }
  call.Json(200, {{"providers", std::move(providers)}});
}

void ProviderAccounts(Call& call) {
  auto paging = call.Paging(100, 500);
  if (!paging) return;
  const std::string provider(call.req.Param("provider"));
  if (!IsValidCloudProvider(provider)) {
    return call.Fail(400, kErrValidation,
                     "path parameter \"provider\" must be aws, gcp, azure or "
                     "kubernetes");
  }
  auto posture = LoadPosture(call, provider);
  if (!posture.ok()) return call.FailWith(posture.status());
  nlohmann::json accounts = nlohmann::json::array();
  const auto total = static_cast<std::int64_t>(posture->accounts.size());
  for (std::int64_t i = paging->offset;
       i < total && i < paging->offset + paging->limit; ++i) {
    const CloudAccount& a = posture->accounts[static_cast<std::size_t>(i)];
    accounts.push_back(AccountPostureJson(a, LatestOf(*posture, a.id)));
  }
  call.Json(200, {{"accounts", std::move(accounts)},
                  {"limit", paging->limit},
                  {"offset", paging->offset},
                  {"total", total}});
}

void DriftHistory(Call& call) {
  std::optional<std::int64_t> days;
  if (!call.QueryInt("days", days)) return;
  const std::int64_t window = days.value_or(30);
  if (window < 1 || window > 90) {
    return call.Fail(400, kErrValidation,
                     "query parameter \"days\" must be 1-90");
  }
  const std::string provider(call.req.Query("provider").value_or(""));
  const std::string account_id(call.req.Query("account_id").value_or(""));
  const auto now = std::chrono::duration_cast<std::chrono::microseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  const std::string since =
      FormatRfc3339Micros(now - (window - 1) * 86400 * std::int64_t{1000000})
          .substr(0, 10);
  std::vector<DriftDay> history;
  Status status = call.ctx.store.Read([&](StoreReader& r) -> Status {
    auto got =
        r.Live().DriftHistory(call.org->org.id, provider, account_id, since);
    if (!got.ok()) return got.status();
    history = std::move(got.value());
    return OkStatus();
  });
  if (!status.ok()) return call.FailWith(status);
  nlohmann::json points = nlohmann::json::array();
  for (const DriftDay& d : history) {
    points.push_back(
        {{"date", d.day},
         {"scans", d.scans},
         {"new_count", d.new_count},
         {"missing_count", d.missing_count},
         {"changed_count", d.changed_count},
         {"drift_count", d.new_count + d.missing_count + d.changed_count},
         {"coverage_pct",
          d.live_count == 0
              ? 100.0
              : std::round(10000.0 * static_cast<double>(d.matched_count) /
                           static_cast<double>(d.live_count)) /
                    100.0}});
  }
  call.Json(
      200, {{"points", std::move(points)}, {"days", window}, {"since", since}});
}

}  // namespace

std::vector<ApiRoute> PostureRoutes() {
  return {
      {"GET",
       "/api/v2/orgs/{id}/posture",
       "Get posture summary",
       "Per account: coverage %, risk level, undeclared (unmanaged), missing "
       "and changed counts of its latest completed scan.",
       {.access = Access::kOrg, .min_role = Role::kViewer},
       GetPosture},
      {"GET",
       "/api/v2/orgs/{id}/infrastructure/summary",
       "Infrastructure summary",
       "Per provider: accounts, scanned accounts, resources, drift counts, "
       "coverage and the highest risk over each account's latest scan.",
       {.access = Access::kOrg, .min_role = Role::kViewer},
       GetSummary},
      {"GET",
       "/api/v2/orgs/{id}/infrastructure/{provider}/accounts",
       "Provider accounts",
       "The provider's accounts with their latest scan's counts and posture "
       "(limit default 100, max 500).",
       {.access = Access::kOrg, .min_role = Role::kViewer},
       ProviderAccounts},
      {"GET",
       "/api/v2/orgs/{id}/infrastructure/drift-history",
       "Drift history",
       "Daily sums over the scans completed each day (?days= default 30, "
       "max 90; ?provider=, ?account_id= narrow it).",
       {.access = Access::kOrg, .min_role = Role::kViewer},
       DriftHistory},
  };
}

}  // namespace dw::server
