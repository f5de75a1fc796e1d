// /api/v2/orgs/{id}/state-source-globs: auto-discovery of state files in a
// bucket. A glob lists <bucket>/<prefix>, keeps keys ending in ".tfstate"
// and creates one child state source per key (alphabetical, at most 500 per
// call). Listing goes through the StateFetcher (api/state_fetcher.hpp).
#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <set>

#include "api/api_route.hpp"
#include "api/audit_trail.hpp"
#include "api/plan_limits.hpp"
#include "api/state_fetcher.hpp"
#include "api/state_ingest.hpp"
#include "api/state_schemas.hpp"
#include "api/state_views.hpp"
#include "store/ids.hpp"

namespace dw::server {
namespace {

constexpr std::size_t kMaxChildrenPerCall = 500;

bool HasFeature(const Org& org, std::string_view feature) {
  const PlanLimits* limits = FindPlanLimits(org.plan);
  if (limits == nullptr) return false;
  return std::find(limits->features.begin(), limits->features.end(), feature) !=
         limits->features.end();
}

void FailNoFeature(Call& call) {
  nlohmann::json body = {
      {"error", "the " + call.org->org.plan +
                    " plan does not include glob_state_sources (Team or "
                    "Enterprise)"},
      {"error_class", "plan_limit_exceeded"},
      {"request_id", call.req.request_id},
      {"limit", "glob_state_sources"},
      {"plan", call.org->org.plan},
      {"upgrade_url", "/settings/billing"}};
  call.PaymentRequired(body.dump());
}

// Rescans of one glob serialize (the reference's per-glob advisory lock).
std::mutex& GlobLock(const std::string& glob_id) {
  static std::mutex guard;
  static std::map<std::string, std::unique_ptr<std::mutex>> locks;
  std::lock_guard<std::mutex> lock(guard);
  auto& slot = locks[glob_id];
  if (!slot) slot = std::make_unique<std::mutex>();
  return *slot;
}

// The matching keys of a glob's bucket, sorted.
Result<std::vector<std::string>> ListMatches(ApiContext& ctx,
                                             const StateSourceGlob& g,
                                             const std::string& credentials) {
  nlohmann::json options = nlohmann::json::parse(g.options, nullptr, false);
  if (!options.is_object()) options = nlohmann::json::object();
  options["region"] = g.region;
  options["storage_account"] = g.storage_account;
  DW_ASSIGN_OR_RETURN(
      auto objects,
      ctx.fetcher->List(g.provider, g.bucket, g.prefix, options, credentials));
  std::vector<std::string> keys;
  const std::string_view suffix = ".tfstate";
  for (const StateObject& o : objects) {
    if (o.key.size() >= suffix.size() &&
        o.key.compare(o.key.size() - suffix.size(), suffix.size(), suffix) ==
            0) {
      keys.push_back(o.key);
    }
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

// A child source of `g` for `key`; its credentials are the glob's, sealed
// again for the child's own row.
StateSource ChildOf(ApiContext& ctx, const StateSourceGlob& g,
                    const std::string& key, const std::string& credentials) {
  nlohmann::json config;
  if (g.provider == "s3") {
    config = {{"bucket", g.bucket}, {"key", key}, {"region", g.region}};
  } else if (g.provider == "gcs") {
    config = {{"bucket", g.bucket}, {"object", key}};
  } else if (g.provider == "azure_blob") {
    config = {
        {"account", g.storage_account}, {"container", g.bucket}, {"blob", key}};
  } else {  // file
    config = {{"path", g.bucket + "/" + key}};
  }
  auto options = nlohmann::json::parse(g.options, nullptr, false);
  if (options.is_object() && g.provider != "file") {
    for (const auto& [k, v] : options.items()) config[k] = v;
  }
  StateSource s;
  s.id = NewUuidV4();
  if (!credentials.empty()) {
    s.sealed_credentials = ctx.secrets->Seal(
        credentials, {g.org_id, "state_sources", s.id, "credentials"});
  }
  s.org_id = g.org_id;
  s.name = g.display_name + ": " + key;
  s.kind = g.provider;
  s.config = config.dump();
  s.cloud_account_id = g.cloud_account_id;
  s.glob_id = g.id;
  s.glob_key = key;
  return s;
}

// Plan budget left for state sources (kUnlimited when uncapped).
std::int64_t Remaining(StoreReader& r, const Org& org) {
  const PlanLimits* limits = FindPlanLimits(org.plan);
  if (!Capped(limits, &PlanLimits::state_sources)) return kUnlimited;
  auto count = r.CountStateSources(org.id);
  const std::int64_t used = count.ok() ? count.value() : 0;
  return std::max<std::int64_t>(0, limits->state_sources - used);
}

struct GlobRequest {
  StateSourceGlob glob;
  std::string credentials;  ///< plaintext JSON, "" when none
};

std::optional<GlobRequest> GlobFromBody(Call& call) {
  auto body =
      call.StrictBody({{"bucket"},
                       {"endpoint", BodyField::Type::kString, false},
                       {"use_path_style", BodyField::Type::kBoolean, false},
                       {"credentials", BodyField::Type::kObject, false},
                       {"cloud_account_id"},
                       {"display_name"},
                       {"provider"},
                       {"prefix", BodyField::Type::kString, false},
                       {"region", BodyField::Type::kString, false},
                       {"storage_account", BodyField::Type::kString, false}});
  if (!body) return std::nullopt;
  StateSourceGlob g;
  g.org_id = call.org->org.id;
  g.bucket = (*body)["bucket"];
  g.cloud_account_id = (*body)["cloud_account_id"];
  g.display_name = (*body)["display_name"];
  g.provider = (*body)["provider"];
  g.prefix = body->value("prefix", "");
  g.region = body->value("region", "");
  g.storage_account = body->value("storage_account", "");
  nlohmann::json options = nlohmann::json::object();
  if (body->contains("endpoint")) options["endpoint"] = (*body)["endpoint"];
  if (body->contains("use_path_style")) {
    options["use_path_style"] = (*body)["use_path_style"];
  }
  g.options = options.dump();
  std::string credentials;
  if (body->contains("credentials") && !(*body)["credentials"].empty()) {
    credentials = (*body)["credentials"].dump();
  }
  if (g.provider != "s3" && g.provider != "gcs" && g.provider != "azure_blob" &&
      g.provider != "file") {
    call.Fail(400, kErrValidation,
              "field \"provider\" must be one of s3, gcs, azure_blob, file");
    return std::nullopt;
  }
  if (g.bucket.empty() || g.display_name.empty()) {
    call.Fail(400, kErrValidation,
              "fields \"bucket\" and \"display_name\" must not be empty");
    return std::nullopt;
  }
  if (g.provider == "azure_blob" && g.storage_account.empty()) {
    call.Fail(400, kErrValidation,
              "field \"storage_account\" is required for provider azure_blob");
    return std::nullopt;
  }
  return GlobRequest{std::move(g), std::move(credentials)};
}

// The glob's opened credentials ("" when none).
Result<std::string> OpenGlobCredentials(ApiContext& ctx,
                                        const StateSourceGlob& g) {
  if (!g.sealed_credentials) return std::string();
  return ctx.secrets->Open(
      *g.sealed_credentials,
      {g.org_id, "state_source_globs", g.id, "credentials"});
}

void ListGlobs(Call& call) {
  std::vector<StateSourceGlob> globs;
  Status status = call.ctx.store.Read([&](StoreReader& r) -> Status {
    DW_ASSIGN_OR_RETURN(globs, r.ListStateSourceGlobs(call.org->org.id));
    return OkStatus();
  });
  if (!status.ok()) return call.FailWith(status);
  nlohmann::json out = nlohmann::json::array();
  for (const auto& g : globs) out.push_back(StateSourceGlobJson(g));
  call.Json(200, out);
}

void PreviewGlob(Call& call) {
  auto request = GlobFromBody(call);
  if (!request) return;
  if (!HasFeature(call.org->org, "glob_state_sources"))
    return FailNoFeature(call);
  auto keys = ListMatches(call.ctx, request->glob, request->credentials);
  if (!keys.ok()) return FailStateError(call, keys.status());
  std::int64_t remaining = 0;
  Status status = call.ctx.store.Read([&](StoreReader& r) -> Status {
    remaining = Remaining(r, call.org->org);
    return OkStatus();
  });
  if (!status.ok()) return call.FailWith(status);
  const auto total = static_cast<std::int64_t>(keys->size());
  const std::int64_t would_add =
      std::min<std::int64_t>(total, kMaxChildrenPerCall);
  call.Json(200, {{"total_matches", total},
                  {"would_add", would_add},
                  {"would_truncate", total > would_add},
                  {"plan_remaining", remaining},
                  {"would_exceed_plan",
                   remaining != kUnlimited && would_add > remaining}});
}

void CreateGlob(Call& call) {
  auto request = GlobFromBody(call);
  if (!request) return;
  const Org& org = call.org->org;
  if (!HasFeature(org, "glob_state_sources")) return FailNoFeature(call);
  StateSourceGlob* glob = &request->glob;
  glob->id = NewUuidV4();
  if (!request->credentials.empty()) {
    glob->sealed_credentials = call.ctx.secrets->Seal(
        request->credentials,
        {org.id, "state_source_globs", glob->id, "credentials"});
  }
  auto keys = ListMatches(call.ctx, *glob, request->credentials);
  if (!keys.ok()) return FailStateError(call, keys.status());
  const std::size_t total = keys->size();
  const bool truncated = total > kMaxChildrenPerCall;
  if (truncated) keys->resize(kMaxChildrenPerCall);
  std::optional<std::string> over_limit;
  StateSourceGlob created;
  Status status = call.ctx.Write([&](StoreTx& tx) -> Status {
    const PlanLimits* limits = FindPlanLimits(org.plan);
    if (Capped(limits, &PlanLimits::state_sources)) {
      DW_ASSIGN_OR_RETURN(std::int64_t count, tx.CountStateSources(org.id));
      const auto adding = static_cast<std::int64_t>(keys->size());
      if (count + adding > limits->state_sources) {
        over_limit = PaymentRequiredBody(call.req.request_id, "state_sources",
                                         count + adding, limits->state_sources,
                                         org.plan);
        return OkStatus();
      }
    }
    DW_ASSIGN_OR_RETURN(created, tx.CreateStateSourceGlob(*glob));
    for (const std::string& key : *keys) {
      DW_RETURN_IF_ERROR(tx.CreateStateSource(ChildOf(call.ctx, created, key,
                                                      request->credentials))
                             .status());
    }
    created.child_count = static_cast<std::int64_t>(keys->size());
    return AuditOrg(tx, org.id, call.Actor(), "state_source_glob.created",
                    "state_source_glob:" + created.id,
                    {{"display_name", created.display_name},
                     {"provider", created.provider},
                     {"bucket", created.bucket},
                     {"prefix", created.prefix},
                     {"children", created.child_count},
                     {"truncated", truncated}});
  });
  if (over_limit) return call.PaymentRequired(std::move(*over_limit));
  if (!status.ok()) return call.FailWith(status);
  call.Json(201, {{"glob", StateSourceGlobJson(created)},
                  {"added", created.child_count},
                  {"total_matches", total},
                  {"truncated", truncated}});
}

std::optional<StateSourceGlob> FindGlob(Call& call) {
  const std::string glob_id(call.req.Param("glob_id"));
  StateSourceGlob glob;
  Status status = call.ctx.store.Read([&](StoreReader& r) -> Status {
    DW_ASSIGN_OR_RETURN(glob, r.GetStateSourceGlob(call.org->org.id, glob_id));
    return OkStatus();
  });
  if (status.code() == StatusCode::kNotFound) {
    call.Fail(404, kErrNotFound, "state-source glob not found");
    return std::nullopt;
  }
  if (!status.ok()) {
    call.FailWith(status);
    return std::nullopt;
  }
  return glob;
}

void DeleteGlob(Call& call) {
  const std::string glob_id(call.req.Param("glob_id"));
  const Org& org = call.org->org;
  Status status = call.ctx.Write([&](StoreTx& tx) -> Status {
    DW_ASSIGN_OR_RETURN(
        std::int64_t children,
        tx.SoftDeleteStateSourceGlob(org.id, glob_id, NowRfc3339()));
    return AuditOrg(tx, org.id, call.Actor(), "state_source_glob.deleted",
                    "state_source_glob:" + glob_id,
                    {{"children_deleted", children}});
  });
  if (status.code() == StatusCode::kNotFound) {
    return call.Fail(404, kErrNotFound, "state-source glob not found");
  }
  if (!status.ok()) return call.FailWith(status);
  call.NoContent();
}

void RefreshChildren(Call& call) {
  auto glob = FindGlob(call);
  if (!glob) return;
  const Org& org = call.org->org;
  std::int64_t queued = 0;
  Status status = call.ctx.Write([&](StoreTx& tx) -> Status {
    DW_ASSIGN_OR_RETURN(auto children, tx.ListGlobChildren(org.id, glob->id));
    for (const StateSource& child : children) {
      DW_RETURN_IF_ERROR(
          EnqueueRefresh(tx, org.id, child.id, call.Actor()).status());
      ++queued;
    }
    return AuditOrg(tx, org.id, call.Actor(),
                    "state_source_glob.refresh_queued",
                    "state_source_glob:" + glob->id, {{"queued", queued}});
  });
  if (!status.ok()) return call.FailWith(status);
  call.ctx.jobs->Wake();
  call.Json(202, {{"queued", queued}});
}

void RescanGlob(Call& call) {
  auto glob = FindGlob(call);
  if (!glob) return;
  const Org& org = call.org->org;
  std::lock_guard<std::mutex> serialized(GlobLock(glob->id));
  auto credentials = OpenGlobCredentials(call.ctx, *glob);
  if (!credentials.ok()) return call.FailWith(credentials.status());
  auto keys = ListMatches(call.ctx, *glob, *credentials);
  if (!keys.ok()) return FailStateError(call, keys.status());
  std::optional<std::string> over_limit;
  std::int64_t added = 0;
  bool truncated = false;
  Status status = call.ctx.Write([&](StoreTx& tx) -> Status {
    DW_ASSIGN_OR_RETURN(auto children, tx.ListGlobChildren(org.id, glob->id));
    std::set<std::string> known;
    for (const StateSource& c : children) known.insert(c.glob_key);
    std::vector<std::string> fresh;
    for (const std::string& k : *keys) {
      if (!known.count(k)) fresh.push_back(k);
    }
    truncated = fresh.size() > kMaxChildrenPerCall;
    if (truncated) fresh.resize(kMaxChildrenPerCall);
    const PlanLimits* limits = FindPlanLimits(org.plan);
    if (!fresh.empty() && Capped(limits, &PlanLimits::state_sources)) {
      DW_ASSIGN_OR_RETURN(std::int64_t count, tx.CountStateSources(org.id));
      const auto adding = static_cast<std::int64_t>(fresh.size());
      if (count + adding > limits->state_sources) {
        over_limit = PaymentRequiredBody(call.req.request_id, "state_sources",
                                         count + adding, limits->state_sources,
                                         org.plan);
        return OkStatus();
      }
    }
    for (const std::string& key : fresh) {
      DW_RETURN_IF_ERROR(
          tx.CreateStateSource(ChildOf(call.ctx, *glob, key, *credentials))
              .status());
    }
    added = static_cast<std::int64_t>(fresh.size());
    return AuditOrg(tx, org.id, call.Actor(), "state_source_glob.rescanned",
                    "state_source_glob:" + glob->id, {{"added", added}});
  });
  if (over_limit) return call.PaymentRequired(std::move(*over_limit));
  if (!status.ok()) return call.FailWith(status);
  call.Json(200, {{"added", added},
                  {"total", static_cast<std::int64_t>(keys->size())},
                  {"truncated", truncated}});
}

}  // namespace

std::vector<ApiRoute> StateGlobRoutes() {
  const RoutePolicy viewer{.access = Access::kOrg, .min_role = Role::kViewer};
  const RoutePolicy member{.access = Access::kOrg, .min_role = Role::kMember};
  const RoutePolicy admin{.access = Access::kOrg, .min_role = Role::kAdmin};
  return {
      {"GET", "/api/v2/orgs/{id}/state-source-globs", "List state-source globs",
       "Every live glob of the org with its current child count.", viewer,
       ListGlobs, "", "application/json", schemas::GlobList(), 200},
      {"POST", "/api/v2/orgs/{id}/state-source-globs",
       "Create a state-source glob (auto-discovery)",
       "Lists the bucket, keeps *.tfstate keys and creates the glob plus one "
       "child source per key in one transaction (at most 500, alphabetical; "
       "truncated: true beyond). 402 without glob_state_sources or beyond "
       "the plan's state-source limit.",
       admin, CreateGlob, schemas::kGlobRequest, "application/json",
       schemas::GlobCreated(), 201},
      {"POST", "/api/v2/orgs/{id}/state-source-globs/preview",
       "Preview a state-source glob",
       "What a glob would add and whether it fits the plan; no side effects.",
       member, PreviewGlob, schemas::kGlobRequest, "application/json",
       schemas::kGlobPreview, 200},
      {"DELETE", "/api/v2/orgs/{id}/state-source-globs/{glob_id}",
       "Delete a state-source glob (cascade)",
       "Soft-deletes the glob and its children (hand-added sources stay); "
       "the audit event records the child count.",
       admin, DeleteGlob},
      {"POST",
       "/api/v2/orgs/{id}/state-source-globs/{glob_id}/refresh-children",
       "Refresh every child of a state-source glob",
       "202 with the number of refresh jobs queued; results appear on the "
       "children (last_fetched_at, last_fetch_error).",
       member, RefreshChildren, "", "application/json", schemas::kQueued, 202},
      {"POST", "/api/v2/orgs/{id}/state-source-globs/{glob_id}/rescan",
       "Rescan a state-source glob",
       "Adds children for new keys; existing children are untouched. 402 "
       "beyond the plan's remaining budget.",
       member, RescanGlob, "", "application/json", schemas::kRescan, 200},
  };
}

}  // namespace dw::server
