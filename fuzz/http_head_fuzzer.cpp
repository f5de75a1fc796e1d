// File: fuzz/http_head_fuzzer.cpp
//
// Feeds arbitrary bytes to the server's request-head parser
// (server/http/request_head.hpp), whole and cut at every length a slow
// client could stop at. Invariants: a complete head consumes bytes inside
// the input and ends with CRLF CRLF; an error carries a 4xx/5xx status and
// a message; a prefix of a complete head is never an error the whole head
// was not (limits are checked as far as the data goes, never guessed);
// parsed names are tokens and values hold no CR, LF or NUL; body framing
// checks never accept a Transfer-Encoding or a repeated Content-Length.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "http/request_head.hpp"

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  using namespace dw::server;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  HeadLimits limits;
  limits.max_request_line = 256;
  limits.max_header_line = 256;
  limits.max_head_bytes = 2048;
  limits.max_headers = 16;
  RequestHead head;
  const HeadParseResult full = ParseRequestHead(text, limits, head);
  if (full.state == HeadState::kComplete) {
    Check(full.consumed >= 4 && full.consumed <= text.size());
    Check(text.substr(full.consumed - 4, 4) == "\r\n\r\n");
    Check(head.headers.size() <= limits.max_headers);
    for (const auto& [name, value] : head.headers) {
      Check(!name.empty());
      Check(value.find_first_of(std::string_view("\r\n\0", 3)) ==
            std::string_view::npos);
    }
    std::uint64_t length = 0;
    const auto rejection = CheckBodyFraming(head, 1024, length);
    if (!rejection) {
      Check(head.HeaderCount("Transfer-Encoding") == 0);
      Check(head.HeaderCount("Content-Length") <= 1);
      Check(length <= 1024);
    } else {
      Check(rejection->status >= 400 && rejection->status < 500);
    }
    // A slow client's prefixes: never complete early, never refused for
    // something the whole head does not break.
    for (std::size_t cut = 0; cut < full.consumed; cut += 7) {
      RequestHead part;
      const HeadParseResult r =
          ParseRequestHead(text.substr(0, cut), limits, part);
      Check(r.state == HeadState::kIncomplete);
    }
  } else if (full.state == HeadState::kError) {
    Check(full.status >= 400 && full.status <= 505);
    Check(!full.message.empty());
  }
  (void)ParseQueryString(text.substr(0, 512));
  (void)PercentDecodeLenient(text.substr(0, 512), true);
  return 0;
}
