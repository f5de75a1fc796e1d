// File: src/connectors/tfc_backend.cpp
//
// Terraform Cloud / Enterprise: the workspace's current state version
// (GET /api/v2/organizations/:org/workspaces/:name for its id, then
// /api/v2/workspaces/:id/current-state-version), then the state from its
// hosted-state-download-url. Bearer token. List(prefix) lists the
// organization's workspaces whose name starts with the prefix (page[number]
// paging). Config: organization, workspace, hostname (default
// app.terraform.io) or endpoint (a full base URL, for TFE or a stand-in).
#include <memory>
#include <string>
#include <vector>

#include "backend_util.hpp"
#include "backends.hpp"

namespace dw::connectors {
namespace {

struct TfcConfig {
  std::string organization;
  std::string workspace;
  std::string base;  // scheme://host[:port][/path]
  std::string token;
};

class TfcBackend final : public StateBackend {
 public:
  TfcBackend(TfcConfig cfg, const BackendOptions& o)
      : cfg_(std::move(cfg)), http_(o.http) {}

  std::string_view kind() const noexcept override { return "tfc"; }
  std::string Describe() const override {
    return "tfc://" + cfg_.organization + "/" + cfg_.workspace;
  }

  Result<FetchedObject> Fetch(std::string_view key) override {
    FetchedObject out;
    auto info = Get(key, "", &out.bytes);
    if (!info.ok()) return info.status();
    out.info = *info;
    return out;
  }

  Result<ObjectInfo> FetchToFile(std::string_view key,
                                 const std::string& path) override {
    return Get(key, path, nullptr);
  }

  Result<std::vector<ObjectInfo>> List(std::string_view prefix,
                                       const ListOptions& options) override {
    const std::string where =
        "tfc://" + cfg_.organization + "/" + std::string(prefix);
    std::vector<ObjectInfo> out;
    for (int page = 1;; ++page) {
      std::string url = cfg_.base + "/api/v2/organizations/" +
                        PercentEncode(cfg_.organization) +
                        "/workspaces?page%5Bnumber%5D=" + std::to_string(page) +
                        "&page%5Bsize%5D=100";
      if (!prefix.empty()) url += "&search%5Bname%5D=" + PercentEncode(prefix);
      auto doc = GetJson(url, where);
      if (!doc.ok()) return doc.status();
      for (const auto& ws : doc->value("data", nlohmann::json::array())) {
        if (!ws.is_object() || !ws.contains("attributes")) continue;
        std::string name = ConfigString(ws["attributes"], {"name"});
        if (name.rfind(prefix, 0) != 0) continue;  // search is substring
        ObjectInfo info;
        info.key = name;
        info.last_modified = ConfigString(ws["attributes"], {"updated-at"});
        out.push_back(std::move(info));
        if (options.max_keys && out.size() > options.max_keys) {
          return Status(StatusCode::kResourceExhausted,
                        where + ": more than " +
                            std::to_string(options.max_keys) + " workspaces");
        }
      }
      nlohmann::json next = nlohmann::json::object();
      if (doc->contains("meta") && (*doc)["meta"].is_object() &&
          (*doc)["meta"].contains("pagination")) {
        next = (*doc)["meta"]["pagination"];
      }
      if (!next.is_object() || !next.contains("next-page") ||
          next["next-page"].is_null()) {
        break;
      }
    }
    return out;
  }

 private:
  Result<nlohmann::json> GetJson(const std::string& url,
                                 const std::string& where) {
    HttpRequest req;
    req.url = url;
    req.headers = {{"Authorization", "Bearer " + cfg_.token},
                   {"Content-Type", "application/vnd.api+json"}};
    auto r = http_.Send(req);
    if (!r.ok()) return r.status().WithContext(where);
    if (r->status != 200) return ErrorOf(where, *r);
    auto doc = nlohmann::json::parse(r->body, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
      return Status(StatusCode::kDataLoss, where + ": answer is not JSON");
    }
    return doc;
  }

  static Status ErrorOf(const std::string& where, const HttpResponse& r) {
    std::string code, message;
    auto doc = nlohmann::json::parse(r.body, nullptr, false);
    if (doc.is_object() && doc.contains("errors") && doc["errors"].is_array() &&
        !doc["errors"].empty()) {
      const auto& e = doc["errors"][0];
      if (e.is_object()) {
        code = ConfigString(e, {"title"});
        message = ConfigString(e, {"detail"});
      } else if (e.is_string()) {
        message = e.get<std::string>();
      }
    }
    return HttpStatusError(where, r.status, code, message);
  }

  Result<ObjectInfo> Get(std::string_view key, const std::string& to_file,
                         std::string* bytes) {
    std::string ws = key.empty() ? cfg_.workspace : std::string(key);
    const std::string where = "tfc://" + cfg_.organization + "/" + ws;
    if (ws.empty()) return InvalidArgumentError(where + ": no workspace");
    auto workspace = GetJson(cfg_.base + "/api/v2/organizations/" +
                                 PercentEncode(cfg_.organization) +
                                 "/workspaces/" + PercentEncode(ws),
                             where);
    if (!workspace.ok()) return workspace.status();
    std::string id;
    if (workspace->contains("data") && (*workspace)["data"].is_object()) {
      id = ConfigString((*workspace)["data"], {"id"});
    }
    if (id.empty()) {
      return Status(StatusCode::kDataLoss, where + ": workspace has no id");
    }
    auto sv = GetJson(cfg_.base + "/api/v2/workspaces/" + PercentEncode(id) +
                          "/current-state-version",
                      where + " current state version");
    if (!sv.ok()) return sv.status();
    nlohmann::json attrs = nlohmann::json::object();
    std::string sv_id;
    if (sv->contains("data") && (*sv)["data"].is_object()) {
      sv_id = ConfigString((*sv)["data"], {"id"});
      attrs = (*sv)["data"].value("attributes", nlohmann::json::object());
    }
    std::string url = ConfigString(attrs, {"hosted-state-download-url"});
    if (url.empty()) {
      return Status(StatusCode::kNotFound,
                    where + ": current state version has no download URL");
    }
    if (url.front() == '/') url = cfg_.base + url;
    HttpRequest req;
    req.url = url;
    req.body_to_file = to_file;
    // The token goes only to the API's own origin.
    if (url.rfind(cfg_.base + "/", 0) == 0) {
      req.headers = {{"Authorization", "Bearer " + cfg_.token}};
    }
    auto r = http_.Send(req);
    if (!r.ok()) return r.status().WithContext(where + " state download");
    if (r->status != 200) return ErrorOf(where + " state download", *r);
    ObjectInfo info;
    info.key = ws;
    info.size = r->body_size;
    info.etag = sv_id;
    info.version = ConfigString(attrs, {"serial"});
    info.last_modified = ConfigString(attrs, {"created-at"});
    if (bytes) *bytes = std::move(r->body);
    return info;
  }

  TfcConfig cfg_;
  HttpClient http_;
};

}  // namespace

Result<std::unique_ptr<StateBackend>> OpenTfcBackend(
    const nlohmann::json& config, const nlohmann::json& credentials,
    const BackendOptions& options) {
  TfcConfig cfg;
  cfg.organization = ConfigString(config, {"organization"});
  cfg.workspace = ConfigString(config, {"workspace", "name"});
  if (cfg.organization.empty()) {
    return InvalidArgumentError("tfc config needs 'organization'");
  }
  std::string endpoint = ConfigString(config, {"endpoint"});
  if (endpoint.empty()) {
    endpoint =
        "https://" + ConfigString(config, {"hostname"}, "app.terraform.io");
  }
  auto ep = ParseEndpoint(endpoint, "tfc endpoint");
  if (!ep.ok()) return ep.status();
  cfg.base = ep->scheme + "://" + ep->host_port + ep->base_path;
  cfg.token = ConfigString(credentials, {"token"});
  if (cfg.token.empty()) {
    return Status(StatusCode::kUnauthenticated,
                  "tfc needs an API token (TF_TOKEN_<host> or TFE_TOKEN)");
  }
  return std::unique_ptr<StateBackend>(new TfcBackend(std::move(cfg), options));
}

}  // namespace dw::connectors
