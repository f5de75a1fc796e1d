// File: src/core/json/json_builder.hpp
//
// Builds JsonDocImpl trees from simdjson On-Demand values. Parsers that
// stream a large input (the plan reader) use it to materialize just the
// sub-values they need, sharing the input bytes. Internal: not installed.
#ifndef DRIFTWISE_SRC_CORE_JSON_JSON_BUILDER_HPP
#define DRIFTWISE_SRC_CORE_JSON_JSON_BUILDER_HPP

#include <simdjson.h>

#include <memory>
#include <string>
#include <vector>

#include "driftwise/status.hpp"
#include "json_impl.hpp"
#include "json_span.hpp"

namespace dw {
inline namespace v1 {
namespace internal {

/// A padded view of the whole source for simdjson.
simdjson::padded_string_view PaddedView(const JsonSource& source);

/// Status for a simdjson error at `where` (a pointer into `source`, or null).
Status JsonSyntaxError(simdjson::error_code code, const JsonSource& source,
                       const char* where);

/// Appends On-Demand values as nodes of one document.
class JsonTreeBuilder {
 public:
  explicit JsonTreeBuilder(std::shared_ptr<const JsonSource> source);

  /// Appends `value` (and its descendants) as a new root. Call Finish()
  /// after each root to obtain its document.
  Status Append(simdjson::ondemand::value value);
  /// Appends the whole top-level document.
  Status AppendDocument(simdjson::ondemand::document& doc);

  /// Hands over the built tree and starts a new, empty one.
  std::shared_ptr<JsonDocImpl> Finish();

 private:
  template <typename V>
  Status AppendAny(V& v, int depth);
  template <typename V>
  Status AppendString(V& v, std::uint32_t node_index);
  Status AppendKey(simdjson::ondemand::field& field);
  Status Fail(simdjson::error_code code, const char* where) const;
  std::uint32_t OffsetOf(const char* p) const noexcept;

  std::shared_ptr<const JsonSource> source_;
  std::shared_ptr<JsonDocImpl> impl_;
};

/// The fast builder: simdjson's DOM parser plus one pass from its tape to
/// nodes (see json_dom_builder.cpp). Reusable; keeps its parser's buffers
/// between calls, so parsing many small spans allocates once.
class DomTreeBuilder {
 public:
  explicit DomTreeBuilder(std::shared_ptr<const JsonSource> source)
      : source_(std::move(source)) {}

  /// Appends the value in bytes [offset, offset + length) of the source to
  /// `out`. Any error (malformed JSON) is reported without detail: callers
  /// re-read the span with JsonTreeBuilder, which names the byte offset.
  Status Build(std::uint64_t offset, std::uint64_t length, JsonDocImpl& out);

 private:
  std::shared_ptr<const JsonSource> source_;
  simdjson::dom::parser parser_;
  // Per open container (Build): its node, how many children it has seen,
  // and whether it is an object.
  std::uint32_t open_[kMaxJsonDepth];
  std::uint32_t count_[kMaxJsonDepth];
  bool in_object_[kMaxJsonDepth];
};

}  // namespace internal
}  // namespace v1
}  // namespace dw

#endif  // DRIFTWISE_SRC_CORE_JSON_JSON_BUILDER_HPP
