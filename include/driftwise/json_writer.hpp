// File: driftwise/json_writer.hpp
//
// A small streaming JSON writer used by every JSON output of driftwise
// (CLI, reports, C ABI). It appends to a std::string, inserting commas and,
// when asked, two-space indentation; it escapes strings and never allocates
// per value beyond the output itself.
//
// Example:
//   std::string out;
//   dw::JsonWriter w(&out, /*indent=*/2);
//   w.BeginObject(); w.Key("n"); w.Int(1); w.EndObject();
//
// Ownership: the writer borrows `out`, which must outlive it.
// Thread-safety: one thread at a time per writer. Misuse (a value where a
// key is required) is a programming error and is not diagnosed.
#ifndef DRIFTWISE_JSON_WRITER_HPP
#define DRIFTWISE_JSON_WRITER_HPP

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "driftwise/json.hpp"

namespace dw {
inline namespace v1 {

class JsonWriter {
 public:
  /// `indent` = 0 writes compact JSON; > 0 pretty-prints with that many
  /// spaces per level.
  explicit JsonWriter(std::string* out, int indent = 0)
      : out_(out), indent_(indent) {}

  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }
  /// The next member's key (inside an object).
  void Key(std::string_view key);
  void String(std::string_view s);
  void Int(std::int64_t v);
  void Uint(std::uint64_t v);
  /// Finite doubles in shortest round-trip form; NaN/inf are written as null.
  void Double(double v);
  void Bool(bool v);
  void Null();
  /// A value that is already valid JSON text, written verbatim.
  void Raw(std::string_view json);
  /// A value from a parsed document (key order kept).
  void Value(const JsonValue& v);
  /// Shorthands for one member.
  void Member(std::string_view key, std::string_view s) {
    Key(key);
    String(s);
  }
  void StringArray(const std::vector<std::string>& items);

 private:
  void Open(char c);
  void Close(char c);
  void BeforeValue();
  void Newline();

  std::string* out_;
  int indent_;
  struct Level {
    bool has_items = false;
  };
  std::vector<Level> stack_;
  bool after_key_ = false;
};

}  // namespace v1
}  // namespace dw

#endif  // DRIFTWISE_JSON_WRITER_HPP
