// File: src/connectors/backend_util.cpp
#include "backend_util.hpp"

#include <cctype>

namespace dw::connectors {

Result<nlohmann::json> ParseJsonObject(std::string_view text,
                                       std::string_view what) {
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return nlohmann::json::object();
  }
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded()) {
    // Never echo the text: credentials JSON holds secrets.
    return InvalidArgumentError(std::string(what) + " is not valid JSON");
  }
  if (!j.is_object()) {
    return InvalidArgumentError(std::string(what) + " must be a JSON object");
  }
  return j;
}

std::string ConfigString(const nlohmann::json& config,
                         std::initializer_list<const char*> keys,
                         std::string fallback) {
  for (const char* k : keys) {
    auto it = config.find(k);
    if (it == config.end() || it->is_null()) continue;
    if (it->is_string()) return it->get<std::string>();
    if (it->is_number() || it->is_boolean()) return it->dump();
  }
  return fallback;
}

bool ConfigBool(const nlohmann::json& config,
                std::initializer_list<const char*> keys, bool fallback) {
  for (const char* k : keys) {
    auto it = config.find(k);
    if (it == config.end() || it->is_null()) continue;
    if (it->is_boolean()) return it->get<bool>();
    if (it->is_string()) {
      const std::string v = it->get<std::string>();
      return v == "true" || v == "1" || v == "yes";
    }
  }
  return fallback;
}

Result<Endpoint> ParseEndpoint(std::string_view url, std::string_view what) {
  std::size_t sep = url.find("://");
  if (sep == std::string_view::npos || sep == 0) {
    return InvalidArgumentError(std::string(what) + " '" + std::string(url) +
                                "' is not an http(s) URL");
  }
  Endpoint e;
  e.scheme = std::string(url.substr(0, sep));
  for (char& c : e.scheme) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (e.scheme != "http" && e.scheme != "https") {
    return InvalidArgumentError(std::string(what) + " must be http(s)://");
  }
  std::string_view rest = url.substr(sep + 3);
  std::size_t slash = rest.find('/');
  e.host_port = std::string(rest.substr(0, slash));
  if (e.host_port.empty()) {
    return InvalidArgumentError(std::string(what) + " has no host");
  }
  if (slash != std::string_view::npos) {
    e.base_path = std::string(rest.substr(slash));
    while (!e.base_path.empty() && e.base_path.back() == '/') {
      e.base_path.pop_back();
    }
  }
  return e;
}

Status HttpStatusError(const std::string& where, int http_status,
                       const std::string& service_code,
                       const std::string& service_message) {
  StatusCode code = StatusCode::kUnavailable;
  if (http_status == 404) code = StatusCode::kNotFound;
  if (http_status == 401) code = StatusCode::kUnauthenticated;
  if (http_status == 403) code = StatusCode::kPermissionDenied;
  if (http_status == 400 || http_status == 405 || http_status == 409 ||
      http_status == 412 || http_status == 416) {
    code = StatusCode::kFailedPrecondition;
  }
  if (http_status == 429) code = StatusCode::kResourceExhausted;
  std::string msg = where + ": HTTP " + std::to_string(http_status);
  if (!service_code.empty()) msg += " " + service_code;
  if (!service_message.empty()) {
    msg += ": " + service_message.substr(0, 300);
  }
  return Status(code, msg);
}

std::string PercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

std::string PercentDecode(std::string_view text) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() + 0 && i + 2 <= text.size() - 1 &&
        hex(text[i + 1]) >= 0 && hex(text[i + 2]) >= 0) {
      out.push_back(
          static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2])));
      i += 2;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

std::string Unquote(std::string_view text) {
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"') {
    text = text.substr(1, text.size() - 2);
  }
  return std::string(text);
}

void FillFromHeaders(const HttpResponse& response, std::string* etag,
                     std::string* last_modified) {
  if (auto e = response.Header("etag")) *etag = Unquote(*e);
  if (auto m = response.Header("last-modified")) *last_modified = *m;
}

}  // namespace dw::connectors
