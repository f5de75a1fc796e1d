// /api/v2/orgs/{id}/accounts and /cloud-onboarding-info: registering the
// cloud accounts whose live resources the org pushes and scans.
#include <cstdlib>
#include <regex>

#include "api/api_route.hpp"
#include "api/audit_trail.hpp"
#include "api/live_views.hpp"
#include "api/plan_limits.hpp"
#include "store/ids.hpp"
#include "store/live_store.hpp"

namespace dw::server {
namespace {

// What each provider's external id and credentials look like. The server
// holds no cloud credentials of its own, so "validating against the
// provider" is what can be checked offline: the id's form, a known
// credential type, and that a role ARN names the account being registered
// (the reference's account-ID spoofing defence).
struct ProviderRules {
  std::string_view provider;
  std::regex external_id;
  std::string_view external_id_form;
  std::vector<std::string_view> credential_types;
};

const std::vector<ProviderRules>& Rules() {
  static const std::vector<ProviderRules> rules = {
      {"aws",
       std::regex("^[0-9]{12}$"),
       "a 12-digit AWS account id",
       {"role_arn", "access_key", "inventory_push"}},
      {"gcp",
       std::regex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$"),
       "a GCP project id (6-30 lowercase letters, digits, hyphens)",
       {"workload_identity", "service_account_key", "inventory_push"}},
      {"azure",
       std::regex("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{"
                  "4}-[0-9a-fA-F]{12}$"),
       "an Azure subscription id (a GUID)",
       {"federated", "client_secret", "inventory_push"}},
      {"kubernetes",
       std::regex("^[A-Za-z0-9][A-Za-z0-9._:-]{0,252}$"),
       "a cluster name (letters, digits, . _ : -)",
       {"operator", "kubeconfig", "inventory_push"}},
  };
  return rules;
}

const ProviderRules* FindRules(std::string_view provider) {
  for (const ProviderRules& r : Rules()) {
    if (r.provider == provider) return &r;
  }
  return nullptr;
}

std::string Joined(const std::vector<std::string_view>& items) {
  std::string out;
  for (std::string_view i : items) {
    if (!out.empty()) out += ", ";
    out += i;
  }
  return out;
}

// "" when the credentials fit the account, else the 400 message.
std::string CheckCredentials(const ProviderRules& rules,
                             const std::string& type, const std::string& ref,
                             const std::string& external_id) {
  if (std::find(rules.credential_types.begin(), rules.credential_types.end(),
                type) == rules.credential_types.end()) {
    return "field \"credential_type\" must be one of " +
           Joined(rules.credential_types) + " for provider " +
           std::string(rules.provider);
  }
  if (type == "inventory_push") return "";  // nothing to hold
  if (ref.empty()) {
    return "field \"credential_ref\" must not be empty for credential_type " +
           type;
  }
  if (type == "role_arn") {
    static const std::regex arn(
        "^arn:aws[a-z-]*:iam::([0-9]{12}):role/[A-Za-z0-9+=,.@_/-]{1,512}$");
    std::smatch m;
    if (!std::regex_match(ref, m, arn)) {
      return "field \"credential_ref\" is not an IAM role ARN "
             "(arn:aws:iam::<account>:role/<name>)";
    }
    if (m[1].str() != external_id) {
      return "field \"credential_ref\" names account " + m[1].str() +
             ", not external_account_id " + external_id;
    }
  }
  return "";
}

void ListAccounts(Call& call) {
  auto paging = call.Paging(100, 500);
  if (!paging) return;
  Page<CloudAccount> page;
  Status status = call.ctx.store.Read([&](StoreReader& r) -> Status {
    auto list = r.Live().ListCloudAccounts(call.org->org.id, *paging);
    if (!list.ok()) return list.status();
    page = std::move(list.value());
    return OkStatus();
  });
  if (!status.ok()) return call.FailWith(status);
  call.ListPage("accounts", page, *paging, CloudAccountJson);
}

void CreateAccount(Call& call) {
  auto body =
      call.StrictBody({{"provider"},
                       {"external_account_id"},
                       {"display_name"},
                       {"credential_type"},
                       {"credential_ref"},
                       {"default_region", BodyField::Type::kString, false}});
  if (!body) return;
  CloudAccount account;
  account.org_id = call.org->org.id;
  account.provider = (*body)["provider"];
  account.external_account_id = (*body)["external_account_id"];
  account.display_name = (*body)["display_name"];
  account.credential_type = (*body)["credential_type"];
  account.default_region = body->value("default_region", "");
  const std::string credential_ref = (*body)["credential_ref"];
  const ProviderRules* rules = FindRules(account.provider);
  if (!rules) {
    return call.Fail(400, kErrValidation,
                     "field \"provider\" must be one of aws, gcp, azure, "
                     "kubernetes");
  }
  if (!std::regex_match(account.external_account_id, rules->external_id)) {
    return call.Fail(400, kErrValidation,
                     "field \"external_account_id\" must be " +
                         std::string(rules->external_id_form));
  }
  if (account.display_name.empty() || account.display_name.size() > 200) {
    return call.Fail(400, kErrValidation,
                     "field \"display_name\" must be 1-200 characters");
  }
  if (account.default_region.size() > 64) {
    return call.Fail(400, kErrValidation,
                     "field \"default_region\" must be at most 64 characters");
  }
  std::string bad =
      CheckCredentials(*rules, account.credential_type, credential_ref,
                       account.external_account_id);
  if (!bad.empty()) return call.Fail(400, kErrValidation, bad);
  if (!call.ctx.secrets) {
    return call.Fail(503, kErrUnavailable,
                     "no secret keyring is configured to seal credentials");
  }
  account.id = NewUuidV4();
  account.credential_ref_sealed =
      call.ctx.secrets->Seal(credential_ref, {.org_id = account.org_id,
                                              .table = "cloud_accounts",
                                              .row_id = account.id,
                                              .column = "credential_ref"});

  const Org& org = call.org->org;
  std::optional<std::string> over_limit;
  CloudAccount created;
  Status status = call.ctx.Write([&](StoreTx& tx) -> Status {
    const PlanLimits* limits = FindPlanLimits(org.plan);
    if (Capped(limits, &PlanLimits::cloud_accounts)) {
      auto count = tx.Live().CountCloudAccounts(org.id);
      if (!count.ok()) return count.status();
      if (!WithinLimit(limits->cloud_accounts, count.value())) {
        over_limit = PaymentRequiredBody(call.req.request_id, "cloud_accounts",
                                         count.value(), limits->cloud_accounts,
                                         org.plan);
        return OkStatus();
      }
    }
    auto stored = tx.LiveWrite().CreateCloudAccount(account);
    if (!stored.ok()) return stored.status();
    created = std::move(stored.value());
    return AuditOrg(tx, org.id, call.Actor(), "cloud_account.created",
                    created.id,
                    {{"provider", created.provider},
                     {"external_account_id", created.external_account_id},
                     {"credential_type", created.credential_type}});
  });
  if (!status.ok()) return call.FailWith(status);
  if (over_limit) return call.PaymentRequired(std::move(*over_limit));
  call.Json(201, CloudAccountJson(created));
}

std::string EnvOr(const char* name, std::string fallback) {
  const char* value = std::getenv(name);
  return value && *value ? std::string(value) : std::move(fallback);
}

void OnboardingInfo(Call& call) {
  const std::string provider(call.req.Query("provider").value_or(""));
  const std::string& org_id = call.org->org.id;
  // The deployment's own identities, from the environment (see
  // docs/server.md); the defaults say plainly what to replace.
  const std::string aws_principal =
      EnvOr("DRIFTWISE_AWS_PRINCIPAL_ARN",
            "arn:aws:iam::<driftwise-deployment-account>:root");
  const std::string oidc_issuer =
      EnvOr("DRIFTWISE_WORKLOAD_ISSUER", "https://<driftwise-host>");
  const std::string gcp_principal = EnvOr(
      "DRIFTWISE_GCP_WIF_PRINCIPAL",
      "principalSet://iam.googleapis.com/<pool>/attribute.org_id/" + org_id);
  nlohmann::json out = {
      {"org_id", org_id},        {"provider", provider},
      {"trust_policy", nullptr}, {"federated_credential", nullptr},
      {"iam_grant_command", ""}, {"oidc_provider_create_command", ""},
      {"az_cli_command", ""},    {"wif_principal", ""}};
  if (provider == "aws") {
    out["trust_policy"] = {
        {"Version", "2012-10-17"},
        {"Statement",
         {{{"Effect", "Allow"},
           {"Principal", {{"AWS", aws_principal}}},
           {"Action", "sts:AssumeRole"},
           {"Condition", {{"StringEquals", {{"sts:ExternalId", org_id}}}}}}}}};
  } else if (provider == "gcp") {
    out["wif_principal"] = gcp_principal;
    out["iam_grant_command"] =
        "gcloud projects add-iam-policy-binding <project-id> --role="
        "roles/viewer --member=\"" +
        gcp_principal + "\"";
    out["oidc_provider_create_command"] =
        "gcloud iam workload-identity-pools providers create-oidc driftwise "
        "--location=global --workload-identity-pool=<pool> --issuer-uri=\"" +
        oidc_issuer +
        "\" --attribute-mapping=\"google.subject=assertion.sub,"
        "attribute.org_id=assertion.org_id\"";
  } else if (provider == "azure") {
    out["federated_credential"] = {
        {"name", "driftwise-" + org_id},
        {"issuer", oidc_issuer},
        {"subject", "org:" + org_id},
        {"audiences", {"api://AzureADTokenExchange"}}};
    out["az_cli_command"] =
        "az ad app federated-credential create --id <app-id> --parameters "
        "'{\"name\":\"driftwise-" +
        org_id + "\",\"issuer\":\"" + oidc_issuer +
        "\",\"subject\":\"org:" + org_id +
        "\",\"audiences\":[\"api://AzureADTokenExchange\"]}'";
  } else {
    return call.Fail(400, kErrValidation,
                     "query parameter \"provider\" must be aws, gcp or azure");
  }
  call.Json(200, out);
}

}  // namespace

std::vector<ApiRoute> AccountRoutes() {
  return {
      {"GET",
       "/api/v2/orgs/{id}/accounts",
       "List cloud accounts",
       "Registered cloud accounts, oldest first (limit default 100, max "
       "500). Credentials are never returned.",
       {.access = Access::kOrg, .min_role = Role::kViewer},
       ListAccounts},
      {"POST",
       "/api/v2/orgs/{id}/accounts",
       "Register a cloud account",
       "Admin. Checks the external id's form and that the credentials name "
       "this account, seals credential_ref at rest; 409 when the org has "
       "the account already, 402 at the plan's cloud_accounts limit.",
       {.access = Access::kOrg, .min_role = Role::kAdmin},
       CreateAccount},
      {"GET",
       "/api/v2/orgs/{id}/cloud-onboarding-info",
       "Cloud-account onboarding templates",
       "Trust policy (aws), workload identity commands (gcp) or federated "
       "credential (azure) with the org id baked in; ?provider= required.",
       {.access = Access::kOrg, .min_role = Role::kViewer},
       OnboardingInfo},
  };
}

}  // namespace dw::server
