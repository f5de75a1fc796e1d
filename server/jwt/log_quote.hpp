// File: server/jwt/log_quote.hpp
//
// Quoting of attacker-controlled text (kid, alg, claim values) for error
// messages that end up in logs: bounded length, control characters escaped,
// so a token cannot forge log lines or flood them.
//
// Thread-safety: pure function.
#ifndef DRIFTWISE_SERVER_JWT_LOG_QUOTE_HPP
#define DRIFTWISE_SERVER_JWT_LOG_QUOTE_HPP

#include <string>
#include <string_view>

namespace dw::server {

/// `text` in double quotes, at most 64 bytes of it, with '"', '\\' and
/// bytes outside printable ASCII escaped as \xNN; "..." marks a cut.
std::string QuoteForLog(std::string_view text);

}  // namespace dw::server

#endif  // DRIFTWISE_SERVER_JWT_LOG_QUOTE_HPP
