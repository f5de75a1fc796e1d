// File: server/http/json_escape.hpp
//
// Appending a string as a JSON string literal, for the few bodies and log
// lines the HTTP layer writes by hand on hot paths (error bodies, access log
// lines) where building a nlohmann::json value would cost allocations.
//
// Thread-safety: pure functions.
#ifndef DRIFTWISE_SERVER_HTTP_JSON_ESCAPE_HPP
#define DRIFTWISE_SERVER_HTTP_JSON_ESCAPE_HPP

#include <string>
#include <string_view>

namespace dw::server {

/// Appends `"s"` to `out`: quotes, backslashes and control characters
/// escaped; invalid UTF-8 bytes replaced by U+FFFD so the output is always
/// valid JSON whatever bytes a client sent.
void AppendJsonString(std::string& out, std::string_view s);

}  // namespace dw::server

#endif  // DRIFTWISE_SERVER_HTTP_JSON_ESCAPE_HPP
