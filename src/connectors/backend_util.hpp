// File: src/connectors/backend_util.hpp
//
// Shared by the backends: JSON config access, URL pieces, and turning an
// HTTP error response into a dw::Status that names the backend, the object,
// the HTTP status and the service's error code — and nothing secret.
#ifndef DRIFTWISE_SRC_CONNECTORS_BACKEND_UTIL_HPP
#define DRIFTWISE_SRC_CONNECTORS_BACKEND_UTIL_HPP

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "driftwise/connectors/http_client.hpp"
#include "driftwise/status.hpp"

namespace dw::connectors {

/// Parses `text` as a JSON object ("" = {}); `what` names it in errors.
Result<nlohmann::json> ParseJsonObject(std::string_view text,
                                       std::string_view what);

/// The first of `keys` present as a string (or number/bool, stringified).
std::string ConfigString(const nlohmann::json& config,
                         std::initializer_list<const char*> keys,
                         std::string fallback = {});
bool ConfigBool(const nlohmann::json& config,
                std::initializer_list<const char*> keys, bool fallback);

/// "scheme://host[:port]" split from an endpoint URL; path is kept.
struct Endpoint {
  std::string scheme;
  std::string host_port;  // as for a Host header
  std::string base_path;  // "" or "/prefix" without trailing slash
};
Result<Endpoint> ParseEndpoint(std::string_view url, std::string_view what);

/// Status for a non-2xx response: code from the HTTP status, message
/// "<where>: HTTP <status> <service_code>: <service_message>".
Status HttpStatusError(const std::string& where, int http_status,
                       const std::string& service_code,
                       const std::string& service_message);

/// Percent-encoding for URL query values and form bodies (RFC 3986
/// unreserved kept).
std::string PercentEncode(std::string_view text);
/// Decodes %XX (and nothing else); malformed escapes stay as they are.
std::string PercentDecode(std::string_view text);

/// Strips one pair of surrounding double quotes (ETags).
std::string Unquote(std::string_view text);

/// Text of `info` fields from a response's standard headers.
void FillFromHeaders(const HttpResponse& response, std::string* etag,
                     std::string* last_modified);

}  // namespace dw::connectors

#endif  // DRIFTWISE_SRC_CONNECTORS_BACKEND_UTIL_HPP
