// /api/v2/providers, /api/v2/llm-providers, /api/v2/builtin-rules: what this
// server build knows, from the core's compiled-in catalogs.
#include <map>

#include "api/api_route.hpp"
#include "driftwise/catalog.hpp"
#include "driftwise/policy.hpp"

namespace dw::server {
namespace {

struct ProviderInfo {
  std::string_view id;  // the API's provider id
  std::string_view display_name;
  std::string_view terraform;  // the Terraform provider name
};
constexpr ProviderInfo kProviders[] = {
    {"aws", "Amazon Web Services", "aws"},
    {"azure", "Microsoft Azure", "azurerm"},
    {"gcp", "Google Cloud", "google"},
    {"kubernetes", "Kubernetes", "kubernetes"},
};

void ListProviders(Call& call) {
  std::map<std::string_view, std::int64_t> types_per_provider;
  const Catalog& catalog = Catalog::Builtin();
  for (const CatalogEntry& entry : catalog.entries()) {
    ++types_per_provider[entry.provider];
  }
  nlohmann::json providers = nlohmann::json::array();
  for (const ProviderInfo& p : kProviders) {
    providers.push_back({{"id", p.id},
                         {"display_name", p.display_name},
                         {"terraform_provider", p.terraform},
                         {"resource_types", types_per_provider[p.terraform]}});
  }
  call.Json(200, {{"providers", std::move(providers)},
                  {"catalog_version", catalog.version()}});
}

void ListLlmProviders(Call& call) {
  call.Json(200,
            {{"providers",
              {"anthropic", "openai", "bedrock", "gemini", "azure_openai"}}});
}

void ListBuiltinRules(Call& call) {
  std::string provider(call.req.Query("provider").value_or(""));
  if (!provider.empty() && provider != "aws" && provider != "gcp" &&
      provider != "azure") {
    return call.Fail(400, kErrValidation,
                     "query parameter \"provider\" must be aws, gcp or azure");
  }
  auto rules = BuiltinRulesJson(provider, -1);
  if (!rules.ok()) return call.FailWith(rules.status());
  call.res.status = 200;
  call.res.content_type = "application/json";
  call.res.body = std::move(rules.value());
}

}  // namespace

std::vector<ApiRoute> CatalogRoutes() {
  const RoutePolicy any{.access = Access::kAuthenticated};
  return {
      {"GET", "/api/v2/providers", "List supported cloud providers",
       "Every cloud provider this build knows, with its resource type count.",
       any, ListProviders},
      {"GET", "/api/v2/llm-providers", "List supported LLM providers",
       "The compiled-in LLM provider names.", any, ListLlmProviders},
      {"GET", "/api/v2/builtin-rules", "List built-in rules",
       "The shipping noise and risk catalogs; provider=aws|gcp|azure narrows "
       "them.",
       any, ListBuiltinRules},
  };
}

}  // namespace dw::server
