// File: src/core/audit/json_scan.hpp
//
// A strict, allocation-light JSON scanner for audit JSONL lines. It exists
// (instead of reusing dw::JsonDocument) because the chain hashes `detail` as
// the exact bytes written in the line, so the reader must know where every
// value starts and ends; and because verification parses millions of short
// lines, where a per-line DOM would dominate the cost.
//
// Strict means RFC 8259 exactly: no comments, no trailing commas, no NaN,
// strings valid UTF-8 with no raw control characters and no lone surrogates,
// nesting at most kMaxDepth levels.
#ifndef DRIFTWISE_SRC_CORE_AUDIT_JSON_SCAN_HPP
#define DRIFTWISE_SRC_CORE_AUDIT_JSON_SCAN_HPP

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "driftwise/status.hpp"

namespace dw::audit_internal {

inline constexpr int kMaxJsonDepth = 128;

enum class RawKind : std::uint8_t {
  kString,
  kNumber,
  kObject,
  kArray,
  kLiteral
};

/// One value as written: its bytes (strings include their quotes).
struct RawValue {
  std::string_view raw;
  std::size_t offset = 0;  // within the scanned text
  RawKind kind = RawKind::kLiteral;
};

class JsonScanner {
 public:
  /// `base_offset` is added to every offset reported in errors.
  JsonScanner(std::string_view text, std::uint64_t base_offset)
      : text_(text), base_(base_offset) {}

  /// Scans a text that must be exactly one JSON object (surrounding
  /// whitespace allowed). For each member calls
  /// `on_member(std::string_view key, const RawValue& value) -> Status`;
  /// the key is unescaped and valid only during the call.
  template <typename OnMember>
  Status ScanObject(OnMember&& on_member);

  /// Checks that the text is exactly one JSON value (whitespace around it
  /// allowed) and returns its bytes without the whitespace.
  Status ScanSingleValue(RawValue* value);

  /// True when `s` is valid UTF-8 (no overlongs, surrogates or > U+10FFFF).
  static bool IsValidUtf8(std::string_view s);

  /// Unescapes a string token (with quotes) that this scanner accepted.
  static void DecodeString(std::string_view token, std::string* out);
  /// The token's content without quotes when it has no escapes; otherwise
  /// decodes into *scratch and returns a view of it.
  static std::string_view StringValue(std::string_view token,
                                      std::string* scratch);

 private:
  Status Error(std::size_t pos, std::string message) const;
  void SkipWs() {
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
      ++pos_;
    }
  }
  Status ScanString(bool* has_escape);
  Status ScanNumber();
  Status ScanLiteral();
  Status ScanValue(int depth, RawValue* value);
  Status ScanContainer(int depth);

  std::string_view text_;
  std::uint64_t base_;
  std::size_t pos_ = 0;
  std::string key_scratch_;
};

template <typename OnMember>
Status JsonScanner::ScanObject(OnMember&& on_member) {
  SkipWs();
  if (pos_ >= text_.size() || text_[pos_] != '{') {
    return Error(pos_, "expected a JSON object ('{')");
  }
  ++pos_;
  SkipWs();
  if (pos_ < text_.size() && text_[pos_] == '}') {
    ++pos_;
  } else {
    while (true) {
      SkipWs();
      if (pos_ >= text_.size() || text_[pos_] != '"') {
        return Error(pos_, "expected a member name (a string)");
      }
      std::size_t key_start = pos_;
      bool key_escaped = false;
      DW_RETURN_IF_ERROR(ScanString(&key_escaped));
      std::string_view key_token = text_.substr(key_start, pos_ - key_start);
      std::string_view key = key_escaped
                                 ? StringValue(key_token, &key_scratch_)
                                 : key_token.substr(1, key_token.size() - 2);
      SkipWs();
      if (pos_ >= text_.size() || text_[pos_] != ':') {
        return Error(pos_, "expected ':' after member name");
      }
      ++pos_;
      SkipWs();
      RawValue value;
      DW_RETURN_IF_ERROR(ScanValue(1, &value));
      DW_RETURN_IF_ERROR(on_member(key, value));
      SkipWs();
      if (pos_ < text_.size() && text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < text_.size() && text_[pos_] == '}') {
        ++pos_;
        break;
      }
      return Error(pos_, "expected ',' or '}' in object");
    }
  }
  SkipWs();
  if (pos_ != text_.size()) return Error(pos_, "unexpected bytes after object");
  return OkStatus();
}

}  // namespace dw::audit_internal

#endif  // DRIFTWISE_SRC_CORE_AUDIT_JSON_SCAN_HPP
