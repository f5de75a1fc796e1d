// File: src/core/json/json_span.hpp
//
// Parsing spans of a shared input into node trees, without simdjson types in
// the interface (so code built without simdjson's compile definitions, such
// as the unit tests, can include it). Internal: not installed.
#ifndef DRIFTWISE_SRC_CORE_JSON_JSON_SPAN_HPP
#define DRIFTWISE_SRC_CORE_JSON_JSON_SPAN_HPP

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "driftwise/status.hpp"
#include "json_impl.hpp"

namespace dw {
inline namespace v1 {
namespace internal {

/// Maximum nesting accepted. Terraform documents nest a few dozen levels;
/// the limit keeps every recursive walk over a tree (diff, equality,
/// serialization) far from the stack's end, sanitizer builds included.
inline constexpr int kMaxJsonDepth = 256;

/// Copies `input` into padded storage owned by a new JsonSource.
std::shared_ptr<JsonSource> MakeJsonSource(std::string_view input);
/// Takes `input`, growing its capacity for padding when needed.
std::shared_ptr<JsonSource> MakeJsonSource(std::string&& input);

/// How a mapped file's pages come in: all at once when mapped (one pass,
/// fewest page faults: best when one thread then reads it all), or as the
/// reader first touches them (when a first pass walks the file while other
/// threads already parse what it has passed, the page faults overlap that
/// work instead of coming before it).
enum class FilePaging { kPrefault, kOnTouch };

/// Reads a file into a JsonSource (memory-mapped when it is a regular
/// file). Errors name the path and the OS reason.
Result<std::shared_ptr<JsonSource>> ReadJsonFile(
    const std::string& path, FilePaging paging = FilePaging::kPrefault);

/// Parses bytes [offset, offset + length) of `source` as one JSON document
/// whose node offsets stay relative to the whole source.
Result<JsonDocument> ParseJsonSpan(std::shared_ptr<const JsonSource> source,
                                   std::uint64_t offset, std::uint64_t length);

/// Parses a span with the On-Demand reader: slower than the DOM path, but it
/// takes integers over 64 bits and names the byte offset of any error.
Result<std::shared_ptr<JsonDocImpl>> ParseJsonSpanSlow(
    std::shared_ptr<const JsonSource> source, std::uint64_t offset,
    std::uint64_t length);

/// The DOM path alone (what ParseJsonSpan tries first): appends the span's
/// nodes to `out`, or fails without detail on anything simdjson's DOM
/// refuses. For tests that check the two paths agree.
Status ParseJsonSpanFast(std::shared_ptr<const JsonSource> source,
                         std::uint64_t offset, std::uint64_t length,
                         JsonDocImpl& out);

}  // namespace internal
}  // namespace v1
}  // namespace dw

#endif  // DRIFTWISE_SRC_CORE_JSON_JSON_SPAN_HPP
