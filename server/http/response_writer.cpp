// File: server/http/response_writer.cpp
#include "http/response_writer.hpp"

namespace dw::server {
namespace {

bool EqualsNoCase(std::string_view a, std::string_view b) {
  CaseInsensitiveLess less;
  return !less(a, b) && !less(b, a);
}

bool IsTransportHeader(std::string_view name) {
  return EqualsNoCase(name, "Content-Type") ||
         EqualsNoCase(name, "Content-Length") ||
         EqualsNoCase(name, "Transfer-Encoding") ||
         EqualsNoCase(name, "Connection") || EqualsNoCase(name, "X-Request-ID");
}

bool IsSafeName(std::string_view name) {
  if (name.empty()) return false;
  for (char ch : name) {
    const auto c = static_cast<unsigned char>(ch);
    const bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
                       (c >= 'A' && c <= 'Z');
    if (!alnum &&
        std::string_view("!#$%&'*+-.^_`|~").find(ch) == std::string_view::npos)
      return false;
  }
  return true;
}

bool IsSafeValue(std::string_view value) {
  return value.find_first_of(std::string_view("\r\n\0", 3)) ==
         std::string_view::npos;
}

void AddHeader(std::string& out, std::string_view name,
               std::string_view value) {
  out.append(name);
  out.append(": ");
  out.append(value);
  out.append("\r\n");
}

}  // namespace

std::string_view ReasonPhrase(int status) {
  switch (status) {
    case 100:
      return "Continue";
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 202:
      return "Accepted";
    case 204:
      return "No Content";
    case 301:
      return "Moved Permanently";
    case 302:
      return "Found";
    case 304:
      return "Not Modified";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 402:
      return "Payment Required";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 409:
      return "Conflict";
    case 410:
      return "Gone";
    case 411:
      return "Length Required";
    case 412:
      return "Precondition Failed";
    case 413:
      return "Payload Too Large";
    case 414:
      return "URI Too Long";
    case 415:
      return "Unsupported Media Type";
    case 422:
      return "Unprocessable Content";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    case 505:
      return "HTTP Version Not Supported";
    default:
      return "Unknown";
  }
}

std::string SerializeResponse(const HttpRequest& req, const HttpResponse& res,
                              bool close) {
  const int status =
      (res.status >= 100 && res.status <= 599) ? res.status : 500;
  const bool no_body = status < 200 || status == 204 || status == 304;
  std::string out;
  out.reserve(256 + res.body.size());
  out.append("HTTP/1.1 ");
  out.append(std::to_string(status));
  out.push_back(' ');
  out.append(ReasonPhrase(status));
  out.append("\r\n");
  bool has_cache_control = false;
  for (const auto& [k, v] : res.headers) {
    if (IsTransportHeader(k) || !IsSafeName(k) || !IsSafeValue(v)) continue;
    if (EqualsNoCase(k, "Cache-Control")) has_cache_control = true;
    AddHeader(out, k, v);
  }
  if (IsSafeValue(req.request_id)) {
    AddHeader(out, "X-Request-ID", req.request_id);
  }
  AddHeader(out, "X-Content-Type-Options", "nosniff");
  if (!has_cache_control && std::string_view(req.path).substr(0, 5) == "/api/")
    AddHeader(out, "Cache-Control", "no-store");
  const std::string_view type =
      res.content_type.empty() || !IsSafeValue(res.content_type)
          ? std::string_view("application/json")
          : std::string_view(res.content_type);
  if (!no_body) {
    AddHeader(out, "Content-Type", type);
    AddHeader(out, "Content-Length", std::to_string(res.body.size()));
  }
  if (close) AddHeader(out, "Connection", "close");
  out.append("\r\n");
  if (!no_body && req.method != "HEAD") out.append(res.body);
  return out;
}

}  // namespace dw::server
