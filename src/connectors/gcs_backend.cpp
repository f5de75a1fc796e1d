// File: src/connectors/gcs_backend.cpp
//
// Google Cloud Storage JSON API: objects.get (alt=media) and objects.list
// (pageToken paging). Authorised with an OAuth2 access token obtained from
// a service-account key: an RS256-signed JWT assertion (iss = client_email,
// scope devstorage.read_only, aud = token_uri) exchanged at token_uri
// (RFC 7523 jwt-bearer grant), cached until shortly before it expires.
// Config: bucket, key (object), endpoint (default
// https://storage.googleapis.com). Credentials: the key file's JSON, or
// {"access_token": ...}.
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "backend_util.hpp"
#include "backends.hpp"
#include "crypto.hpp"

namespace dw::connectors {
namespace {

constexpr const char* kScope =
    "https://www.googleapis.com/auth/devstorage.read_only";

struct GcsConfig {
  std::string bucket;
  std::string object;
  Endpoint endpoint;
  std::string client_email;
  std::string private_key;
  std::string private_key_id;
  std::string token_uri;
  std::string access_token;  // given directly, or cached
};

class GcsBackend final : public StateBackend {
 public:
  GcsBackend(GcsConfig cfg, const BackendOptions& o)
      : cfg_(std::move(cfg)), http_(o.http) {}

  std::string_view kind() const noexcept override { return "gcs"; }
  std::string Describe() const override {
    return "gs://" + cfg_.bucket + "/" + cfg_.object;
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
    const std::string where = "gs://" + cfg_.bucket + "/" + std::string(prefix);
    std::vector<ObjectInfo> out;
    std::string page;
    while (true) {
      std::string url = Base() + "/storage/v1/b/" + PercentEncode(cfg_.bucket) +
                        "/o?maxResults=" + std::to_string(options.page_size) +
                        "&prefix=" + PercentEncode(prefix);
      if (!page.empty()) url += "&pageToken=" + PercentEncode(page);
      auto r = Call(url, "");
      if (!r.ok()) return r.status().WithContext(where);
      if (r->status != 200) return ErrorOf(where, *r);
      auto doc = nlohmann::json::parse(r->body, nullptr, false);
      if (doc.is_discarded() || !doc.is_object()) {
        return Status(StatusCode::kDataLoss,
                      where + ": objects.list answered non-JSON");
      }
      for (const auto& item : doc.value("items", nlohmann::json::array())) {
        if (!item.is_object()) continue;
        ObjectInfo info;
        info.key = ConfigString(item, {"name"});
        info.size = std::strtoull(ConfigString(item, {"size"}, "0").c_str(),
                                  nullptr, 10);
        info.etag = ConfigString(item, {"etag"});
        info.version = ConfigString(item, {"generation"});
        info.last_modified = ConfigString(item, {"updated"});
        out.push_back(std::move(info));
        if (options.max_keys && out.size() > options.max_keys) {
          return Status(StatusCode::kResourceExhausted,
                        where + ": more than " +
                            std::to_string(options.max_keys) + " objects");
        }
      }
      page = ConfigString(doc, {"nextPageToken"});
      if (page.empty()) break;
    }
    return out;
  }

 private:
  std::string Base() const {
    return cfg_.endpoint.scheme + "://" + cfg_.endpoint.host_port +
           cfg_.endpoint.base_path;
  }

  Result<ObjectInfo> Get(std::string_view key, const std::string& to_file,
                         std::string* bytes) {
    std::string object = key.empty() ? cfg_.object : std::string(key);
    const std::string where = "gs://" + cfg_.bucket + "/" + object;
    if (object.empty()) return InvalidArgumentError(where + ": no object name");
    // The object name is one path segment: '/' is encoded too.
    auto r = Call(Base() + "/storage/v1/b/" + PercentEncode(cfg_.bucket) +
                      "/o/" + PercentEncode(object) + "?alt=media",
                  to_file);
    if (!r.ok()) return r.status().WithContext(where);
    if (r->status != 200) return ErrorOf(where, *r);
    ObjectInfo info;
    info.key = object;
    info.size = r->body_size;
    FillFromHeaders(*r, &info.etag, &info.last_modified);
    if (auto g = r->Header("x-goog-generation")) info.version = *g;
    if (bytes) *bytes = std::move(r->body);
    return info;
  }

  static Status ErrorOf(const std::string& where, const HttpResponse& r) {
    std::string code, message;
    auto doc = nlohmann::json::parse(r.body, nullptr, false);
    if (doc.is_object() && doc.contains("error")) {
      const auto& e = doc["error"];
      if (e.is_object()) {
        message = ConfigString(e, {"message"});
        if (e.contains("errors") && e["errors"].is_array() &&
            !e["errors"].empty() && e["errors"][0].is_object()) {
          code = ConfigString(e["errors"][0], {"reason"});
        }
      } else if (e.is_string()) {
        code = e.get<std::string>();  // token endpoint: {"error": "..."}
        message = ConfigString(doc, {"error_description"});
      }
    }
    return HttpStatusError(where, r.status, code, message);
  }

  Status EnsureToken() {
    auto now = std::chrono::system_clock::now();
    if (!cfg_.access_token.empty() &&
        (expires_ == std::chrono::system_clock::time_point{} ||
         now + std::chrono::seconds(60) < expires_)) {
      return OkStatus();
    }
    if (cfg_.private_key.empty()) {
      return Status(StatusCode::kUnauthenticated,
                    "gcs: no service-account key or access token");
    }
    const long long iat =
        std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch())
            .count();
    nlohmann::json header = {{"alg", "RS256"}, {"typ", "JWT"}};
    if (!cfg_.private_key_id.empty()) header["kid"] = cfg_.private_key_id;
    nlohmann::json claims = {{"iss", cfg_.client_email},
                             {"scope", kScope},
                             {"aud", cfg_.token_uri},
                             {"iat", iat},
                             {"exp", iat + 3600}};
    std::string signing_input =
        Base64UrlEncode(header.dump()) + "." + Base64UrlEncode(claims.dump());
    auto sig = RsaSha256Sign(cfg_.private_key, signing_input);
    if (!sig.ok()) return sig.status().WithContext("gcs service account");
    HttpRequest req;
    req.method = "POST";
    req.url = cfg_.token_uri;
    req.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
    req.body = "grant_type=" +
               PercentEncode("urn:ietf:params:oauth:grant-type:jwt-bearer") +
               "&assertion=" + signing_input + "." + Base64UrlEncode(*sig);
    const std::string where = "gcs token endpoint " + cfg_.token_uri;
    auto r = http_.Send(req);
    if (!r.ok()) return r.status().WithContext(where);
    if (r->status != 200) return ErrorOf(where, *r);
    auto doc = nlohmann::json::parse(r->body, nullptr, false);
    if (!doc.is_object() || ConfigString(doc, {"access_token"}).empty()) {
      return Status(StatusCode::kDataLoss, where + ": no access_token");
    }
    cfg_.access_token = ConfigString(doc, {"access_token"});
    long long ttl =
        std::atoll(ConfigString(doc, {"expires_in"}, "3600").c_str());
    expires_ = now + std::chrono::seconds(ttl);
    return OkStatus();
  }

  Result<HttpResponse> Call(const std::string& url,
                            const std::string& to_file) {
    if (auto s = EnsureToken(); !s.ok()) return s;
    HttpRequest req;
    req.url = url;
    req.body_to_file = to_file;
    req.headers = {{"Authorization", "Bearer " + cfg_.access_token}};
    return http_.Send(req);
  }

  GcsConfig cfg_;
  HttpClient http_;
  std::chrono::system_clock::time_point expires_{};
};

}  // namespace

Result<std::unique_ptr<StateBackend>> OpenGcsBackend(
    const nlohmann::json& config, const nlohmann::json& credentials,
    const BackendOptions& options) {
  GcsConfig cfg;
  cfg.bucket = ConfigString(config, {"bucket"});
  if (cfg.bucket.empty())
    return InvalidArgumentError("gcs config needs 'bucket'");
  cfg.object = ConfigString(config, {"key", "object"});
  std::string endpoint =
      ConfigString(config, {"endpoint"}, "https://storage.googleapis.com");
  auto ep = ParseEndpoint(endpoint, "gcs endpoint");
  if (!ep.ok()) return ep.status();
  cfg.endpoint = *ep;
  cfg.access_token = ConfigString(credentials, {"access_token"});
  cfg.client_email = ConfigString(credentials, {"client_email"});
  cfg.private_key = ConfigString(credentials, {"private_key"});
  cfg.private_key_id = ConfigString(credentials, {"private_key_id"});
  cfg.token_uri = ConfigString(credentials, {"token_uri"},
                               "https://oauth2.googleapis.com/token");
  if (cfg.access_token.empty() &&
      (cfg.client_email.empty() || cfg.private_key.empty())) {
    return InvalidArgumentError(
        "gcs credentials need a service-account key (client_email, "
        "private_key) or an access_token");
  }
  return std::unique_ptr<StateBackend>(new GcsBackend(std::move(cfg), options));
}

}  // namespace dw::connectors
