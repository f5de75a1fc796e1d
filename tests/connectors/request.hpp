// Builds an HttpRequest in one expression for the connector tests.
#ifndef DRIFTWISE_TESTS_CONNECTORS_REQUEST_HPP
#define DRIFTWISE_TESTS_CONNECTORS_REQUEST_HPP

#include <string>
#include <utility>
#include <vector>

#include "driftwise/connectors/http_client.hpp"

namespace dw::connectors::testing {

inline HttpRequest Req(std::string method, std::string url,
                       std::vector<HttpHeader> headers = {},
                       std::string body = {}) {
  HttpRequest r;
  r.method = std::move(method);
  r.url = std::move(url);
  r.headers = std::move(headers);
  r.body = std::move(body);
  return r;
}

}  // namespace dw::connectors::testing

#endif  // DRIFTWISE_TESTS_CONNECTORS_REQUEST_HPP
