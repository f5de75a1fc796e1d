// File: server/http/response_writer.hpp
//
// Turns an HttpResponse into HTTP/1.1 bytes for the event-loop transport.
// What every response carries (as the cpp-httplib transport did):
// X-Request-ID, X-Content-Type-Options: nosniff, Content-Type (default
// application/json), Content-Length, and under /api/ Cache-Control:
// no-store unless the handler set its own. Headers the transport owns
// (Content-Length, Transfer-Encoding, Connection, Content-Type,
// X-Request-ID) are taken from the response fields, never from a handler's
// header map; a header whose name is not a token or whose value holds CR, LF
// or NUL is dropped, so a handler can never split the response.
//
// Thread-safety: pure functions of their arguments.
#ifndef DRIFTWISE_SERVER_HTTP_RESPONSE_WRITER_HPP
#define DRIFTWISE_SERVER_HTTP_RESPONSE_WRITER_HPP

#include <string>
#include <string_view>

#include "http/http_types.hpp"

namespace dw::server {

/// The standard reason phrase ("Not Found"), "Unknown" for others.
std::string_view ReasonPhrase(int status);

/// The whole response. `close` adds "Connection: close". A HEAD request
/// gets the head (with the Content-Length the body would have) only; 1xx,
/// 204 and 304 never carry a body.
std::string SerializeResponse(const HttpRequest& req, const HttpResponse& res,
                              bool close);

}  // namespace dw::server

#endif  // DRIFTWISE_SERVER_HTTP_RESPONSE_WRITER_HPP
