// Pushing the live side: POST /api/v2/orgs/{id}/accounts/{account_id}/
// inventory (any format the engine's importers read) and POST
// /api/v2/operator/report (the in-cluster operator, API keys only). A push
// replaces what the account's previous push for the same region (namespace
// for the operator) stored; records that cannot be read are reported one by
// one and the rest is kept.
#include "api/api_route.hpp"
#include "api/audit_trail.hpp"
#include "api/inventory_ingest.hpp"
#include "store/live_store.hpp"

namespace dw::server {
namespace {

// Rejections listed in a response (all are counted).
constexpr std::size_t kMaxListedRejections = 1000;

struct PushTarget {
  std::string org_id;
  std::string account_id;  // in org_id
  std::string scope_region;
  std::string source;  // "inventory" or "operator"
};

Result<CloudAccount> LoadAccount(Call& call, const std::string& org_id,
                                 const std::string& account_id) {
  CloudAccount account;
  Status status = call.ctx.store.Read([&](StoreReader& r) -> Status {
    auto got = r.Live().GetCloudAccount(org_id, account_id);
    if (!got.ok()) return got.status();
    account = std::move(got.value());
    return OkStatus();
  });
  if (!status.ok()) return status;
  return account;
}

nlohmann::json ListedRejections(const nlohmann::json& rejected) {
  if (rejected.size() <= kMaxListedRejections) return rejected;
  nlohmann::json out = nlohmann::json::array();
  for (std::size_t i = 0; i < kMaxListedRejections; ++i) {
    out.push_back(rejected[i]);
  }
  return out;
}

// Stores `in` for the target and answers. Every record rejected: 422 and
// nothing replaced (an unusable push must not wipe the previous one).
void StorePush(
    Call& call, const PushTarget& target, IngestedInventory in, int ok_status,
    const std::function<nlohmann::json(const InventoryBatch&)>& answer) {
  const std::size_t rejected = in.rejected.size();
  if (in.rows.empty() && rejected > 0) {
    nlohmann::json body = {
        {"error", "every record of the inventory was rejected; nothing stored"},
        {"error_class", std::string(kErrValidation)},
        {"request_id", call.req.request_id},
        {"rejected_count", rejected},
        {"rejected", ListedRejections(in.rejected)}};
    return call.Json(422, body);
  }
  InventoryBatch batch;
  batch.org_id = target.org_id;
  batch.account_id = target.account_id;
  batch.scope_region = target.scope_region;
  batch.format = in.format;
  batch.source = target.source;
  batch.resource_count = static_cast<std::int64_t>(in.rows.size());
  batch.skipped_count = static_cast<std::int64_t>(rejected);
  batch.covered_types = nlohmann::json(in.covered_types).dump();
  InventoryBatch stored;
  Status status = call.ctx.Write([&](StoreTx& tx) -> Status {
    auto done = tx.LiveWrite().ReplaceLiveResources(batch, in.rows);
    if (!done.ok()) return done.status();
    stored = std::move(done.value());
    return AuditOrg(
        tx, target.org_id, call.Actor(),
        target.source == "operator" ? "operator.report" : "inventory.pushed",
        target.account_id,
        {{"batch_id", stored.id},
         {"region", stored.scope_region},
         {"format", stored.format},
         {"resources", stored.resource_count},
         {"rejected", stored.skipped_count}});
  });
  if (!status.ok()) return call.FailWith(status);
  nlohmann::json body = answer(stored);
  body["rejected_count"] = rejected;
  body["rejected"] = ListedRejections(in.rejected);
  call.Json(ok_status, body);
}

void PushInventory(Call& call) {
  const std::string org_id = call.org->org.id;
  const std::string account_id(call.req.Param("account_id"));
  auto account = LoadAccount(call, org_id, account_id);
  if (!account.ok()) return call.FailWith(account.status());
  InventoryOptions options;
  const std::string format(call.req.Query("format").value_or("auto"));
  if (!ParseInventoryFormatName(format, &options.format)) {
    return call.Fail(400, kErrValidation,
                     "query parameter \"format\" must be auto, driftwise, "
                     "kubectl, gcp-cai, azure-resource-graph, aws-config or "
                     "driftctl");
  }
  options.terraform_type =
      std::string(call.req.Query("terraform_type").value_or(""));
  if (options.format == InventoryFormat::kDriftctl &&
      options.terraform_type.empty()) {
    return call.Fail(400, kErrValidation,
                     "query parameter \"terraform_type\" is required for "
                     "format driftctl");
  }
  const std::string region(
      call.req.Query("region").value_or(account->default_region));
  options.default_region = region;
  auto in = IngestInventory(std::move(call.req.body), options, *account);
  if (!in.ok()) {
    if (in.status().code() != StatusCode::kInvalidArgument) {
      return call.FailWith(in.status());
    }
    return call.Fail(400, kErrValidation,
                     DescribeParseError("inventory", in.status()));
  }
  PushTarget target{org_id, account_id, region, "inventory"};
  StorePush(call, target, std::move(in.value()), 200,
            [&](const InventoryBatch& b) -> nlohmann::json {
              return {{"batch_id", b.id},
                      {"account_id", b.account_id},
                      {"region", b.scope_region},
                      {"format", b.format},
                      {"resource_count", b.resource_count},
                      {"covered_types", nlohmann::json::parse(b.covered_types)},
                      {"created_at", b.created_at}};
            });
}

// The operator's resources are Kubernetes objects (apiVersion/kind/
// metadata) or records in driftwise's own shape; either way the engine's
// importer reads them.
Result<IngestedInventory> ReadOperatorResources(nlohmann::json resources,
                                                const CloudAccount& account,
                                                const std::string& ns) {
  bool kubernetes_objects = false;
  for (const auto& r : resources) {
    if (r.is_object() && r.contains("kind") && r.contains("metadata")) {
      kubernetes_objects = true;
      break;
    }
  }
  nlohmann::json doc;
  InventoryOptions options;
  options.default_region = ns;
  if (kubernetes_objects) {
    doc = {{"apiVersion", "v1"}, {"kind", "List"}, {"items", resources}};
    options.format = InventoryFormat::kKubectl;
  } else {
    doc = {{"resources", std::move(resources)}};
    options.format = InventoryFormat::kDriftwise;
  }
  return IngestInventory(doc.dump(), options, account);
}

void OperatorReport(Call& call) {
  const std::string& org_id = call.principal->api_key->org_id;
  nlohmann::json body =
      nlohmann::json::parse(call.req.body, nullptr, /*allow_exceptions=*/false);
  if (!body.is_object()) {
    return call.Fail(400, kErrValidation, "body must be a JSON object");
  }
  for (std::string_view field : {"cluster_id", "namespace"}) {
    auto it = body.find(field);
    if (it == body.end() || !it->is_string() ||
        it->get<std::string>().empty()) {
      return call.Fail(400, kErrValidation,
                       "field \"" + std::string(field) +
                           "\" is required and must be a non-empty string");
    }
  }
  auto resources = body.find("resources");
  if (resources == body.end() || !resources->is_array()) {
    return call.Fail(400, kErrValidation,
                     "field \"resources\" is required and must be an array");
  }
  for (std::string_view field : {"custom_prompt", "iac_format"}) {
    if (body.contains(field) && !body[field].is_string()) {
      return call.Fail(400, kErrValidation,
                       "field \"" + std::string(field) + "\" must be a string");
    }
  }
  if (body.contains("generate_iac") && !body["generate_iac"].is_boolean()) {
    return call.Fail(400, kErrValidation,
                     "field \"generate_iac\" must be a boolean");
  }
  const std::string cluster = body["cluster_id"];
  const std::string ns = body["namespace"];
  CloudAccount account;
  Status status = call.ctx.store.Read([&](StoreReader& r) -> Status {
    auto got = r.Live().FindCloudAccount(org_id, "kubernetes", cluster);
    if (!got.ok()) return got.status();
    account = std::move(got.value());
    return OkStatus();
  });
  if (!status.ok()) return call.FailWith(status);
  auto in = ReadOperatorResources(std::move(*resources), account, ns);
  if (!in.ok()) {
    if (in.status().code() != StatusCode::kInvalidArgument) {
      return call.FailWith(in.status());
    }
    return call.Fail(400, kErrValidation,
                     DescribeParseError("resources", in.status()));
  }
  PushTarget target{org_id, account.id, ns, "operator"};
  StorePush(call, target, std::move(in.value()), 202,
            [](const InventoryBatch& b) -> nlohmann::json {
              return {{"report_id", b.id},
                      {"account_id", b.account_id},
                      {"resource_count", b.resource_count}};
            });
}

}  // namespace

std::vector<ApiRoute> InventoryRoutes() {
  return {
      {"POST",
       "/api/v2/orgs/{id}/accounts/{account_id}/inventory",
       "Push a live inventory for a cloud account",
       "Member. Body: an inventory in any format the engine reads "
       "(?format=auto|driftwise|kubectl|gcp-cai|azure-resource-graph|"
       "aws-config|driftctl, ?terraform_type= for driftctl, ?region=). "
       "Replaces the account's previous push for that region; unreadable "
       "records are reported by index, offset and field, the rest stored; "
       "422 when every record is rejected.",
       {.access = Access::kOrg, .min_role = Role::kMember},
       PushInventory},
      {"POST",
       "/api/v2/operator/report",
       "Ingest K8s operator resource report",
       "API keys only (OIDC callers get 403). Replaces the live resources "
       "of one namespace of the key's org's kubernetes cloud account whose "
       "external_account_id is cluster_id (404 when there is none).",
       {.access = Access::kAuthenticated, .api_key_only = true},
       OperatorReport},
  };
}

}  // namespace dw::server
