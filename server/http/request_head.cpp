// File: server/http/request_head.cpp
#include "http/request_head.hpp"

#include "http/errors.hpp"
#include "http/http_types.hpp"

namespace dw::server {
namespace {

constexpr std::string_view kErrUnsupportedEncoding = "unsupported_encoding";

bool IsTokenChar(unsigned char c) {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
      (c >= 'A' && c <= 'Z'))
    return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) !=
         std::string_view::npos;
}

bool IsToken(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!IsTokenChar(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

bool EqualsNoCase(std::string_view a, std::string_view b) {
  CaseInsensitiveLess less;
  return !less(a, b) && !less(b, a);
}

HeadParseResult Error(int status, std::string message) {
  HeadParseResult r;
  r.state = HeadState::kError;
  r.status = status;
  r.message = std::move(message);
  return r;
}

std::string Where(std::size_t line_no, std::size_t offset) {
  return (line_no == 0 ? std::string("request line")
                       : "header line " + std::to_string(line_no)) +
         " (byte " + std::to_string(offset) + ")";
}

// `line` is the request line without CRLF, starting at byte `at`.
std::optional<HeadParseResult> ParseRequestLine(std::string_view line,
                                                std::size_t at,
                                                RequestHead& out) {
  const std::size_t sp1 = line.find(' ');
  const std::size_t sp2 =
      sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos || line.find(' ', sp2 + 1) != line.npos) {
    return Error(400, Where(0, at) +
                          ": expected METHOD SP target SP HTTP-version with "
                          "single spaces");
  }
  const std::string_view method = line.substr(0, sp1);
  const std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  const std::string_view version = line.substr(sp2 + 1);
  if (!IsToken(method)) {
    return Error(400, Where(0, at) + ": the method is not a token");
  }
  if (target.empty() || (target[0] != '/' && target != "*")) {
    return Error(400, Where(0, at + sp1 + 1) +
                          ": the target must be an absolute path (origin "
                          "form) or *");
  }
  for (std::size_t i = 0; i < target.size(); ++i) {
    const auto c = static_cast<unsigned char>(target[i]);
    if (c <= 0x20 || c == 0x7f) {
      return Error(400, Where(0, at + sp1 + 1 + i) +
                            ": control character in the target");
    }
  }
  if (version.size() != 8 || version.substr(0, 7) != "HTTP/1.") {
    if (version.substr(0, 5) == "HTTP/") {
      return Error(505, Where(0, at + sp2 + 1) + ": HTTP version " +
                            std::string(version.substr(0, 16)) +
                            " is not supported; use HTTP/1.1");
    }
    return Error(400, Where(0, at + sp2 + 1) + ": malformed HTTP version");
  }
  if (version[7] != '0' && version[7] != '1') {
    return Error(505, Where(0, at + sp2 + 1) + ": HTTP version " +
                          std::string(version) +
                          " is not supported; use HTTP/1.1");
  }
  out.method = std::string(method);
  out.target = std::string(target);
  out.minor_version = version[7] - '0';
  return std::nullopt;
}

// `line` is a header line without CRLF, starting at byte `at`.
std::optional<HeadParseResult> ParseHeaderLine(std::string_view line,
                                               std::size_t line_no,
                                               std::size_t at,
                                               RequestHead& out) {
  if (line[0] == ' ' || line[0] == '\t') {
    return Error(
        400, Where(line_no, at) + ": obsolete line folding is not accepted");
  }
  const std::size_t colon = line.find(':');
  if (colon == std::string_view::npos) {
    return Error(400, Where(line_no, at) + ": no ':' in the header line");
  }
  const std::string_view name = line.substr(0, colon);
  if (!IsToken(name)) {
    return Error(400, Where(line_no, at) +
                          ": the header name is empty or has a character "
                          "that is not allowed (whitespace before ':'?)");
  }
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
    value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t'))
    value.remove_suffix(1);
  std::string v(value);
  const std::size_t value_at =
      at + static_cast<std::size_t>(value.data() - line.data());
  for (std::size_t i = 0; i < v.size(); ++i) {
    const auto c = static_cast<unsigned char>(v[i]);
    if (c == '\r') {
      v[i] = ' ';  // RFC 9110 §5.5: replace or refuse; never a line break
    } else if ((c < 0x20 && c != '\t') || c == 0x7f) {
      return Error(400, Where(line_no, value_at + i) + ": control character " +
                            std::to_string(c) + " in the value of " +
                            std::string(name.substr(0, 64)));
    }
  }
  out.headers.emplace_back(std::string(name), std::move(v));
  return std::nullopt;
}

}  // namespace

std::optional<std::string_view> RequestHead::Header(
    std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (EqualsNoCase(k, name)) return std::string_view(v);
  }
  return std::nullopt;
}

std::size_t RequestHead::HeaderCount(std::string_view name) const {
  std::size_t n = 0;
  for (const auto& h : headers) n += EqualsNoCase(h.first, name) ? 1 : 0;
  return n;
}

bool RequestHead::KeepAlive() const {
  bool close = false, keep = false;
  for (const auto& [k, v] : headers) {
    if (!EqualsNoCase(k, "Connection")) continue;
    std::string_view rest = v;
    while (!rest.empty()) {
      const std::size_t comma = rest.find(',');
      std::string_view tok = rest.substr(0, comma);
      rest = comma == std::string_view::npos ? std::string_view()
                                             : rest.substr(comma + 1);
      while (!tok.empty() && (tok.front() == ' ' || tok.front() == '\t'))
        tok.remove_prefix(1);
      while (!tok.empty() && (tok.back() == ' ' || tok.back() == '\t'))
        tok.remove_suffix(1);
      if (EqualsNoCase(tok, "close")) close = true;
      if (EqualsNoCase(tok, "keep-alive")) keep = true;
    }
  }
  if (close) return false;
  return minor_version >= 1 || keep;
}

HeadParseResult ParseRequestHead(std::string_view data,
                                 const HeadLimits& limits, RequestHead& out) {
  out = RequestHead{};
  std::size_t pos = 0;
  // RFC 9112 §2.2: ignore empty lines before the request line (some
  // clients send a CRLF after a POST body).
  while (data.substr(pos, 2) == "\r\n") pos += 2;
  std::size_t line_no = 0;
  while (true) {
    const std::size_t nl = data.find('\n', pos);
    const std::size_t line_end =
        nl == std::string_view::npos ? data.size() : nl;
    const std::size_t line_len = line_end - pos;
    const std::size_t max_line =
        line_no == 0 ? limits.max_request_line : limits.max_header_line;
    if (line_len > max_line + 1) {  // +1: the CR
      return line_no == 0 ? Error(414, Where(0, pos) + ": longer than " +
                                           std::to_string(max_line) + " bytes")
                          : Error(400, Where(line_no, pos) + ": longer than " +
                                           std::to_string(max_line) + " bytes");
    }
    if (line_end > limits.max_head_bytes) {
      return Error(431, "request head longer than " +
                            std::to_string(limits.max_head_bytes) + " bytes");
    }
    if (nl == std::string_view::npos) {
      HeadParseResult r;  // incomplete; checked as far as it goes
      if (data.find('\0', pos) != std::string_view::npos) {
        return Error(400, Where(line_no, data.find('\0', pos)) +
                              ": NUL byte in the request head");
      }
      return r;
    }
    std::string_view line = data.substr(pos, line_len);
    if (line.empty() || line.back() != '\r') {
      return Error(400, Where(line_no, nl) +
                            ": line ends with a bare LF; CRLF is required");
    }
    line.remove_suffix(1);
    if (const std::size_t nul = line.find('\0'); nul != line.npos) {
      return Error(
          400, Where(line_no, pos + nul) + ": NUL byte in the request head");
    }
    if (line_no == 0) {
      if (auto err = ParseRequestLine(line, pos, out)) return *err;
    } else if (line.empty()) {
      HeadParseResult r;
      r.state = HeadState::kComplete;
      r.consumed = nl + 1;
      return r;
    } else {
      if (out.headers.size() >= limits.max_headers) {
        return Error(431, "more than " + std::to_string(limits.max_headers) +
                              " header lines");
      }
      if (auto err = ParseHeaderLine(line, line_no, pos, out)) return *err;
    }
    ++line_no;
    pos = nl + 1;
  }
}

std::optional<BodyRejection> CheckBodyFraming(const RequestHead& head,
                                              std::size_t max_body,
                                              std::uint64_t& body_length) {
  body_length = 0;
  if (head.HeaderCount("Transfer-Encoding") > 0) {
    return BodyRejection{411, kErrLengthRequired,
                         "request bodies with Transfer-Encoding are not "
                         "accepted; send Content-Length",
                         true};
  }
  if (auto enc = head.Header("Content-Encoding"); enc && *enc != "identity") {
    return BodyRejection{415, kErrUnsupportedEncoding,
                         "Content-Encoding \"" +
                             std::string(enc->substr(0, 64)) +
                             "\" is not accepted; send the body uncompressed",
                         true};
  }
  const std::size_t lengths = head.HeaderCount("Content-Length");
  if (lengths > 1) {
    return BodyRejection{400, kErrBadRequest,
                         "more than one Content-Length header", true};
  }
  if (lengths == 1) {
    // Strict 1*DIGIT (RFC 9110 §8.6), at most 18 digits: cannot overflow.
    const std::string_view s = *head.Header("Content-Length");
    bool ok = !s.empty() && s.size() <= 18;
    std::uint64_t v = 0;
    for (char c : s) {
      if (c < '0' || c > '9') {
        ok = false;
        break;
      }
      v = v * 10 + static_cast<std::uint64_t>(c - '0');
    }
    if (!ok) {
      return BodyRejection{400, kErrBadRequest,
                           "Content-Length is not a decimal number", true};
    }
    body_length = v;
  }
  const std::string_view m = head.method;
  const bool body_method =
      m == "POST" || m == "PUT" || m == "PATCH" || m == "DELETE";
  if (body_length > 0 && !body_method) {
    return BodyRejection{400, kErrBadRequest,
                         "a " + head.method + " request cannot have a body",
                         true};
  }
  if (body_length > max_body) {
    // A modest excess is read and dropped, so the client reads the answer
    // on a connection that stays usable; a huge one is refused unread.
    const bool drain = body_length <= 8 * static_cast<std::uint64_t>(max_body);
    return BodyRejection{413, kErrPayloadTooLarge,
                         "request body is " + std::to_string(body_length) +
                             " bytes; the limit is " + std::to_string(max_body),
                         !drain};
  }
  return std::nullopt;
}

std::string PercentDecodeLenient(std::string_view in, bool plus_as_space) {
  const auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    if (c == '%' && i + 2 < in.size() && hex(in[i + 1]) >= 0 &&
        hex(in[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex(in[i + 1]) * 16 + hex(in[i + 2])));
      i += 2;
    } else if (c == '+' && plus_as_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::multimap<std::string, std::string> ParseQueryString(std::string_view q) {
  std::multimap<std::string, std::string> params;
  while (!q.empty()) {
    const std::size_t amp = q.find('&');
    const std::string_view pair = q.substr(0, amp);
    q = amp == std::string_view::npos ? std::string_view() : q.substr(amp + 1);
    if (pair.empty()) continue;
    const std::size_t eq = pair.find('=');
    const std::string_view key = pair.substr(0, eq);
    const std::string_view val =
        eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    if (key.empty()) continue;
    params.emplace(PercentDecodeLenient(key, true),
                   PercentDecodeLenient(val, true));
  }
  return params;
}

}  // namespace dw::server
