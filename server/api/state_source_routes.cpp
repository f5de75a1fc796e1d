// /api/v2/orgs/{id}/state-sources: list, register, delete, refresh, upload.
// Refreshes run as durable jobs in the worker pool (the route waits for the
// job, as the reference's synchronous answer requires); uploads are spooled
// to disk and ingested on the request thread (api/state_ingest.hpp).
#include <spdlog/spdlog.h>

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

// How long POST .../refresh waits for its job before answering 202.
constexpr std::chrono::seconds kRefreshWait{120};

void ListSources(Call& call) {
  auto paging = call.Paging(100, 500);
  if (!paging) return;
  Page<StateSource> page;
  Status status = call.ctx.store.Read([&](StoreReader& r) -> Status {
    DW_ASSIGN_OR_RETURN(page, r.ListStateSources(call.org->org.id, *paging));
    return OkStatus();
  });
  if (!status.ok()) return call.FailWith(status);
  call.ListPage("state_sources", page, *paging, StateSourceJson);
}

void CreateSource(Call& call) {
  using T = BodyField::Type;
  auto body = call.StrictBody({{"display_name"},
                               {"kind"},
                               {"config", T::kObject},
                               {"cloud_account_id", T::kString, false},
                               {"credentials", T::kObject, false}});
  if (!body) return;
  const std::string name = (*body)["display_name"];
  const std::string kind = (*body)["kind"];
  if (name.empty() || name.size() > 200) {
    return call.Fail(400, kErrValidation,
                     "field \"display_name\" must be 1-200 characters");
  }
  if (!IsValidStateSourceKind(kind)) {
    return call.Fail(400, kErrValidation,
                     "field \"kind\" must be one of upload, s3, gcs, "
                     "azure_blob, tfc, file");
  }
  nlohmann::json config = (*body)["config"];
  nlohmann::json secrets = body->value("credentials", nlohmann::json::object());
  SplitSecrets(config, secrets);
  Status valid = call.ctx.fetcher->ValidateConfig(
      kind, config, secrets.empty() ? std::string() : secrets.dump());
  if (!valid.ok()) return call.Fail(400, kErrValidation, valid.message());

  const Org& org = call.org->org;
  StateSource source;
  source.id = NewUuidV4();
  source.org_id = org.id;
  source.name = name;
  source.kind = kind;
  source.config = config.dump();
  source.cloud_account_id = body->value("cloud_account_id", "");
  if (!secrets.empty()) {
    // Sealed for exactly this row and column before it reaches the store.
    source.sealed_credentials = call.ctx.secrets->Seal(
        secrets.dump(), {org.id, "state_sources", source.id, "credentials"});
  }
  std::optional<std::string> over_limit;
  StateSource created;
  Status status = call.ctx.Write([&](StoreTx& tx) -> Status {
    const PlanLimits* limits = FindPlanLimits(org.plan);
    if (Capped(limits, &PlanLimits::state_sources)) {
      DW_ASSIGN_OR_RETURN(std::int64_t count, tx.CountStateSources(org.id));
      if (!WithinLimit(limits->state_sources, count)) {
        over_limit =
            PaymentRequiredBody(call.req.request_id, "state_sources", count,
                                limits->state_sources, org.plan);
        return OkStatus();
      }
    }
    DW_ASSIGN_OR_RETURN(created, tx.CreateStateSource(source));
    return AuditOrg(
        tx, org.id, call.Actor(), "state_source.created",
        "state_source:" + created.id,
        {{"display_name", created.name},
         {"kind", created.kind},
         {"has_credentials", created.sealed_credentials.has_value()}});
  });
  if (over_limit) return call.PaymentRequired(std::move(*over_limit));
  if (!status.ok()) return call.FailWith(status);
  call.Json(201, StateSourceJson(created));
}

void DeleteSource(Call& call) {
  const std::string src_id(call.req.Param("src_id"));
  const Org& org = call.org->org;
  Status status = call.ctx.Write([&](StoreTx& tx) -> Status {
    DW_RETURN_IF_ERROR(tx.SoftDeleteStateSource(org.id, src_id, NowRfc3339()));
    return AuditOrg(tx, org.id, call.Actor(), "state_source.deleted",
                    "state_source:" + src_id, nlohmann::json::object());
  });
  if (status.code() == StatusCode::kNotFound) {
    return call.Fail(404, kErrNotFound, "state source not found");
  }
  if (!status.ok()) return call.FailWith(status);
  call.NoContent();
}

// The source, or a 404 written (cross-org and unknown ids alike).
std::optional<StateSource> FindSource(Call& call, const std::string& src_id) {
  StateSource source;
  Status status = call.ctx.store.Read([&](StoreReader& r) -> Status {
    DW_ASSIGN_OR_RETURN(source, r.GetStateSource(call.org->org.id, src_id));
    return OkStatus();
  });
  if (status.code() == StatusCode::kNotFound) {
    call.Fail(404, kErrNotFound, "state source not found");
    return std::nullopt;
  }
  if (!status.ok()) {
    call.FailWith(status);
    return std::nullopt;
  }
  return source;
}

// An upload source has no backend: "refresh" answers its current snapshot.
void AnswerCurrent(Call& call, const StateSource& source) {
  if (!source.current_snapshot_id) {
    return call.Fail(409, kErrConflict,
                     "no state uploaded yet; POST the state to "
                     ".../state-sources/" +
                         source.id + "/upload");
  }
  StateSnapshot snap;
  Status status = call.ctx.store.Read([&](StoreReader& r) -> Status {
    DW_ASSIGN_OR_RETURN(
        snap, r.GetStateSnapshot(source.org_id, *source.current_snapshot_id));
    return OkStatus();
  });
  if (!status.ok()) return call.FailWith(status);
  call.Json(200,
            IngestResultJson({.snapshot_id = snap.id,
                              .sha256 = snap.sha256,
                              .fetched_at = source.last_refreshed_at.value_or(
                                  snap.created_at),
                              .resource_count = snap.resource_count,
                              .refreshed = false}));
}

void RefreshSourceRoute(Call& call) {
  const std::string src_id(call.req.Param("src_id"));
  auto source = FindSource(call, src_id);
  if (!source) return;
  if (source->kind == "upload") return AnswerCurrent(call, *source);
  std::string job_id;
  Status status = call.ctx.Write([&](StoreTx& tx) -> Status {
    DW_ASSIGN_OR_RETURN(
        job_id, EnqueueRefresh(tx, call.org->org.id, src_id, call.Actor()));
    return OkStatus();
  });
  if (!status.ok()) return call.FailWith(status);
  call.ctx.jobs->Wake();
  auto job = call.ctx.jobs->WaitFor(
      job_id,
      std::chrono::duration_cast<std::chrono::milliseconds>(kRefreshWait));
  if (!job.ok()) return call.FailWith(job.status());
  if (job->state == "done") {
    auto result = nlohmann::json::parse(job->result, nullptr, false);
    return call.Json(200, result);
  }
  if (job->state == "error") return FailJobError(call, job->error);
  // Still queued or running (a slow backend): the job finishes on its own.
  call.Json(202, {{"job_id", job_id}, {"status", job->state}});
}

void UploadState(Call& call) {
  const std::string src_id(call.req.Param("src_id"));
  auto source = FindSource(call, src_id);
  if (!source) return;
  if (source->kind != "upload") {
    return call.Fail(409, kErrConflict,
                     "state source is of kind \"" + source->kind +
                         "\"; only kind \"upload\" takes uploaded state (use "
                         ".../refresh)");
  }
  if (call.req.body.empty() && call.req.body_path.empty()) {
    return call.Fail(400, kErrValidation,
                     "request body must be the state file's bytes (JSON, "
                     "or gzip-compressed JSON)");
  }
  // Large bodies arrive spooled to a file by the transport (never whole in
  // memory); small ones in memory.
  auto spooled =
      call.req.body_path.empty()
          ? SpoolBody(call.req.body, call.ctx.snapshots->NewTempPath(),
                      call.ctx.config.max_state_bytes)
          : SpoolFile(call.req.body_path, call.ctx.snapshots->NewTempPath(),
                      call.ctx.config.max_state_bytes);
  // The bytes are on disk now; don't hold them in memory while parsing.
  std::string().swap(call.req.body);
  if (!spooled.ok()) return FailStateError(call, spooled.status());
  auto ingested =
      IngestSpooled(call.ctx, call.org->org.id, src_id, *spooled, call.Actor(),
                    "state_source.uploaded", DirectCommit(call.ctx));
  if (!ingested.ok()) return FailStateError(call, ingested.status());
  call.Json(ingested->refreshed ? 201 : 200, IngestResultJson(*ingested));
}

}  // namespace

std::vector<ApiRoute> StateSourceRoutes() {
  const RoutePolicy viewer{.access = Access::kOrg, .min_role = Role::kViewer};
  const RoutePolicy member{.access = Access::kOrg, .min_role = Role::kMember};
  const RoutePolicy admin{.access = Access::kOrg, .min_role = Role::kAdmin};
  return {
      {"GET", "/api/v2/orgs/{id}/state-sources", "List Terraform state sources",
       "Paginated (limit default 100, max 500). Config is returned without "
       "its secret members; credentials are sealed at rest and never "
       "returned.",
       viewer, ListSources, "", "application/json", schemas::StateSourceList(),
       200},
      {"POST", "/api/v2/orgs/{id}/state-sources",
       "Register a Terraform state source",
       "Kinds: upload, s3 (bucket, key, region), gcs (bucket, object), "
       "azure_blob (account, container, blob), tfc (workspace, token), file "
       "(path, when the operator enabled it). Secret config members and "
       "`credentials` are sealed. 402 at the plan's state-source limit.",
       admin, CreateSource, schemas::kCreateStateSource, "application/json",
       schemas::StateSourceSchema(), 201},
      {"DELETE", "/api/v2/orgs/{id}/state-sources/{src_id}",
       "Delete a Terraform state source",
       "Soft delete; snapshots stay for audit. 404 when not in this org.",
       admin, DeleteSource},
      {"POST", "/api/v2/orgs/{id}/state-sources/{src_id}/refresh",
       "Refresh a Terraform state source",
       "Fetches the state now (a job in the worker pool; the answer waits "
       "for it), parses it and stores a snapshot unless the bytes are "
       "unchanged. 422 for a file that is not a usable state (the source "
       "keeps its last good snapshot), 502 for backend errors.",
       member, RefreshSourceRoute, "", "application/json",
       schemas::kRefreshResult, 200},
      {"POST", "/api/v2/orgs/{id}/state-sources/{src_id}/upload",
       "Upload Terraform state bytes",
       "Body: the raw .tfstate (JSON, or gzip). 201 with a new snapshot, 200 "
       "when the bytes equal the current snapshot, 413 above the size cap "
       "(after inflation), 422 when not a usable state.",
       member, UploadState, schemas::kStateUpload, "application/octet-stream",
       schemas::kRefreshResult, 201},
  };
}

}  // namespace dw::server
