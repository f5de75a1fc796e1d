// File: src/connectors/azure_blob_backend.cpp
//
// Azure Blob Storage: Get Blob and List Blobs (marker paging), authorised
// by Shared Key (HMAC-SHA256 over the documented string-to-sign) or a SAS
// token appended to the query. Config: account (storage_account_name),
// container (container_name), key (blob), endpoint — for Azurite
// "http://127.0.0.1:10000/devstoreaccount1" (the account then appears in
// the path, and twice in the canonicalized resource, as the emulator
// expects). Credentials: account_key | sas_token | connection_string.
#include <ctime>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "azure_shared_key.hpp"
#include "backend_util.hpp"
#include "backends.hpp"
#include "crypto.hpp"
#include "sigv4.hpp"
#include "xml_reader.hpp"

namespace dw::connectors {
namespace {

using Query = std::vector<std::pair<std::string, std::string>>;
constexpr const char* kApiVersion = "2020-10-02";

std::string HttpDate() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buf;
}

struct AzureConfig {
  std::string account;
  std::string container;
  std::string blob;
  Endpoint endpoint;
  std::string account_key;  // decoded bytes
  std::string sas;          // without leading '?'
};

class AzureBlobBackend final : public StateBackend {
 public:
  AzureBlobBackend(AzureConfig cfg, const BackendOptions& o)
      : cfg_(std::move(cfg)), http_(o.http) {}

  std::string_view kind() const noexcept override { return "azure_blob"; }
  std::string Describe() const override {
    return "azblob://" + cfg_.account + "/" + cfg_.container + "/" + cfg_.blob;
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
    const std::string where = "azblob://" + cfg_.account + "/" +
                              cfg_.container + "/" + std::string(prefix);
    std::vector<ObjectInfo> out;
    std::string marker;
    while (true) {
      Query q = {{"restype", "container"},
                 {"comp", "list"},
                 {"maxresults", std::to_string(options.page_size)}};
      if (!prefix.empty()) q.emplace_back("prefix", std::string(prefix));
      if (!marker.empty()) q.emplace_back("marker", marker);
      auto r = Call("/" + cfg_.container, q, "");
      if (!r.ok()) return r.status().WithContext(where);
      if (r->status != 200) return ErrorOf(where, *r);
      auto doc = ParseXml(r->body);
      if (!doc.ok()) {
        return Status(StatusCode::kDataLoss,
                      where + ": unreadable List Blobs response: " +
                          doc.status().message(),
                      doc.status().offset());
      }
      if (const XmlElement* blobs = doc->Child("Blobs")) {
        for (const XmlElement& b : blobs->children) {
          if (b.name != "Blob") continue;
          ObjectInfo info;
          info.key = b.ChildText("Name");
          if (const XmlElement* p = b.Child("Properties")) {
            info.size = std::strtoull(p->ChildText("Content-Length").c_str(),
                                      nullptr, 10);
            info.etag = Unquote(p->ChildText("Etag"));
            info.last_modified = p->ChildText("Last-Modified");
          }
          info.version = b.ChildText("VersionId");
          out.push_back(std::move(info));
          if (options.max_keys && out.size() > options.max_keys) {
            return Status(StatusCode::kResourceExhausted,
                          where + ": more than " +
                              std::to_string(options.max_keys) + " blobs");
          }
        }
      }
      marker = doc->ChildText("NextMarker");
      if (marker.empty()) break;
    }
    return out;
  }

 private:
  Result<ObjectInfo> Get(std::string_view key, const std::string& to_file,
                         std::string* bytes) {
    std::string blob = key.empty() ? cfg_.blob : std::string(key);
    const std::string where =
        "azblob://" + cfg_.account + "/" + cfg_.container + "/" + blob;
    if (blob.empty()) return InvalidArgumentError(where + ": no blob name");
    auto r = Call("/" + cfg_.container + "/" + blob, {}, to_file);
    if (!r.ok()) return r.status().WithContext(where);
    if (r->status != 200) return ErrorOf(where, *r);
    ObjectInfo info;
    info.key = blob;
    info.size = r->body_size;
    FillFromHeaders(*r, &info.etag, &info.last_modified);
    if (auto v = r->Header("x-ms-version-id")) info.version = *v;
    if (bytes) *bytes = std::move(r->body);
    return info;
  }

  static Status ErrorOf(const std::string& where, const HttpResponse& r) {
    std::string code = r.Header("x-ms-error-code").value_or("");
    std::string message;
    if (auto doc = ParseXml(r.body); doc.ok() && doc->name == "Error") {
      if (code.empty()) code = doc->ChildText("Code");
      message = doc->ChildText("Message");
      message = message.substr(0, message.find('\n'));
    }
    return HttpStatusError(where, r.status, code, message);
  }

  Result<HttpResponse> Call(const std::string& path, const Query& query,
                            const std::string& to_file) {
    const std::string encoded_path =
        AwsUriEncode(cfg_.endpoint.base_path + path, false);
    std::vector<std::pair<std::string, std::string>> ms = {
        {"x-ms-date", HttpDate()}, {"x-ms-version", kApiVersion}};
    HttpRequest req;
    req.url =
        cfg_.endpoint.scheme + "://" + cfg_.endpoint.host_port + encoded_path;
    std::string qs;
    for (const auto& [k, v] : query) {
      qs += (qs.empty() ? "" : "&") + PercentEncode(k) + "=" + PercentEncode(v);
    }
    if (!cfg_.sas.empty()) qs += (qs.empty() ? "" : "&") + cfg_.sas;
    if (!qs.empty()) req.url += "?" + qs;
    req.body_to_file = to_file;
    for (const auto& [n, v] : ms) req.headers.push_back({n, v});
    if (!cfg_.account_key.empty()) {
      AzureSignInput in;
      in.ms_headers = ms;
      in.encoded_path = encoded_path;
      in.query = query;
      req.headers.push_back(
          {"Authorization",
           AzureSharedKeyAuthorization(cfg_.account, cfg_.account_key, in)});
    }
    return http_.Send(req);
  }

  AzureConfig cfg_;
  HttpClient http_;
};

std::map<std::string, std::string> ParseConnectionString(const std::string& s) {
  std::map<std::string, std::string> out;
  std::size_t start = 0;
  while (start < s.size()) {
    std::size_t semi = s.find(';', start);
    std::string part = s.substr(start, semi - start);
    std::size_t eq = part.find('=');
    if (eq != std::string::npos) out[part.substr(0, eq)] = part.substr(eq + 1);
    if (semi == std::string::npos) break;
    start = semi + 1;
  }
  return out;
}

}  // namespace

Result<std::unique_ptr<StateBackend>> OpenAzureBlobBackend(
    const nlohmann::json& config, const nlohmann::json& credentials,
    const BackendOptions& options) {
  AzureConfig cfg;
  cfg.account = ConfigString(config, {"account", "storage_account_name"});
  cfg.container = ConfigString(config, {"container", "container_name"});
  cfg.blob = ConfigString(config, {"key", "blob"});
  std::string endpoint = ConfigString(config, {"endpoint"});
  std::string key = ConfigString(credentials, {"account_key", "access_key"});
  cfg.sas = ConfigString(credentials, {"sas_token"});
  std::string conn = ConfigString(credentials, {"connection_string"});
  if (!conn.empty()) {
    auto kv = ParseConnectionString(conn);
    if (cfg.account.empty()) cfg.account = kv["AccountName"];
    if (key.empty()) key = kv["AccountKey"];
    if (cfg.sas.empty()) cfg.sas = kv["SharedAccessSignature"];
    if (endpoint.empty()) endpoint = kv["BlobEndpoint"];
    if (endpoint.empty() && !kv["AccountName"].empty()) {
      std::string proto = kv.count("DefaultEndpointsProtocol")
                              ? kv["DefaultEndpointsProtocol"]
                              : "https";
      std::string suffix = kv.count("EndpointSuffix") ? kv["EndpointSuffix"]
                                                      : "core.windows.net";
      endpoint = proto + "://" + kv["AccountName"] + ".blob." + suffix;
    }
  }
  if (cfg.account.empty()) {
    return InvalidArgumentError("azure_blob config needs 'account'");
  }
  if (cfg.container.empty()) {
    return InvalidArgumentError("azure_blob config needs 'container'");
  }
  if (endpoint.empty()) {
    endpoint = "https://" + cfg.account + ".blob.core.windows.net";
  }
  auto ep = ParseEndpoint(endpoint, "azure_blob endpoint");
  if (!ep.ok()) return ep.status();
  cfg.endpoint = *ep;
  if (!cfg.sas.empty() && cfg.sas.front() == '?') cfg.sas.erase(0, 1);
  if (!key.empty()) {
    auto decoded = Base64Decode(key);
    if (!decoded.ok() || decoded->empty()) {
      return InvalidArgumentError("azure_blob account_key is not base64");
    }
    cfg.account_key = *decoded;
  }
  return std::unique_ptr<StateBackend>(
      new AzureBlobBackend(std::move(cfg), options));
}

}  // namespace dw::connectors
