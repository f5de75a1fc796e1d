// File: server/http/json_escape.cpp
//
// The core's JSON string writer is the one escaping in the project
// (driftwise/json.hpp): invalid UTF-8 becomes U+FFFD there too.
#include "http/json_escape.hpp"

#include "driftwise/json.hpp"

namespace dw::server {

void AppendJsonString(std::string& out, std::string_view s) {
  dw::AppendJsonString(out, s);
}

}  // namespace dw::server
