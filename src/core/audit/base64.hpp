// File: src/core/audit/base64.hpp
//
// Standard (RFC 4648 §4, padded) base64 through libsodium, strict on input:
// no whitespace, no missing padding, no trailing garbage.
#ifndef DRIFTWISE_SRC_CORE_AUDIT_BASE64_HPP
#define DRIFTWISE_SRC_CORE_AUDIT_BASE64_HPP

#include <string>
#include <string_view>

#include "driftwise/status.hpp"

namespace dw::audit_internal {

std::string Base64Encode(std::string_view bytes);
Result<std::string> Base64Decode(std::string_view text);

}  // namespace dw::audit_internal

#endif  // DRIFTWISE_SRC_CORE_AUDIT_BASE64_HPP
