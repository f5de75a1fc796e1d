// File: src/core/audit/base64.cpp
#include "audit/base64.hpp"

#include <sodium.h>

namespace dw::audit_internal {

std::string Base64Encode(std::string_view bytes) {
  constexpr int kVariant = sodium_base64_VARIANT_ORIGINAL;
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), kVariant), '\0');
  sodium_bin2base64(out.data(), out.size(),
                    reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), kVariant);
  out.resize(out.size() - 1);  // drop the terminating NUL
  return out;
}

Result<std::string> Base64Decode(std::string_view text) {
  if (text.empty() || text.size() % 4 != 0) {
    return InvalidArgumentError(
        "base64 length must be a non-zero multiple of 4");
  }
  std::string out(text.size() / 4 * 3, '\0');
  std::size_t len = 0;
  const char* end = nullptr;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()),
                        out.size(), text.data(), text.size(), nullptr, &len,
                        &end, sodium_base64_VARIANT_ORIGINAL) != 0 ||
      end != text.data() + text.size()) {
    return InvalidArgumentError("invalid base64");
  }
  out.resize(len);
  // Reject non-canonical encodings (stray low bits in the last character),
  // so one key or signature has exactly one text form.
  if (Base64Encode(out) != text) {
    return InvalidArgumentError("non-canonical base64");
  }
  return out;
}

}  // namespace dw::audit_internal
