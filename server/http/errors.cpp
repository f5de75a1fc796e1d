// File: server/http/errors.cpp
#include "http/errors.hpp"

#include "http/json_escape.hpp"

namespace dw::server {

std::string ErrorBody(std::string_view message, std::string_view error_class,
                      std::string_view request_id) {
  std::string body;
  body.reserve(64 + message.size() + error_class.size() + request_id.size());
  body.append("{\"error\":");
  AppendJsonString(body, message);
  body.append(",\"error_class\":");
  AppendJsonString(body, error_class);
  body.append(",\"request_id\":");
  AppendJsonString(body, request_id);
  body.push_back('}');
  return body;
}

void WriteError(const HttpRequest& req, HttpResponse& res, int status,
                std::string_view error_class, std::string_view message) {
  res.status = status;
  res.content_type = "application/json";
  res.body = ErrorBody(message, error_class, req.request_id);
}

}  // namespace dw::server
