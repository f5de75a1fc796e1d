// File: src/core/json/top_level_locator.hpp
//
// The fast first pass over a large JSON file whose bulk is one or two lists
// (a plan's resource_changes, a state's resources, an inventory's records):
// one walk over the top level records where each top-level field lies and
// where each entry of the named lists lies, stepping over their contents
// with the block bracket scanner (bracket_scanner.hpp). Nothing is parsed
// and nothing is indexed: it allocates only its result, and the entries
// can then be parsed one by one, on several threads.
//
// It reads well-formed files only. Anything unusual (an escaped top-level
// key, a named list that is not an array or appears twice, an entry that is
// not an object, unbalanced brackets, bytes that are not UTF-8 outside the
// lists, trailing content) makes it return false, and the caller reads the
// file with a full parser instead, which names every problem exactly. It
// does not check the grammar inside the entries and sections it steps
// over: each entry's parse does, and each section's when it is read.
#ifndef DRIFTWISE_SRC_CORE_JSON_TOP_LEVEL_LOCATOR_HPP
#define DRIFTWISE_SRC_CORE_JSON_TOP_LEVEL_LOCATOR_HPP

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "json/json_impl.hpp"

namespace dw {
inline namespace v1 {
namespace internal {

/// One top-level member: its (unescaped) name and the bytes of its value.
struct LocatedField {
  std::string name;
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
};

/// One entry of a located list: the bytes of the object.
struct LocatedEntry {
  static constexpr std::uint32_t kRootList = ~std::uint32_t{0};
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
  /// Which list: a position in the names given, or kRootList for the
  /// elements of a top-level array.
  std::uint32_t list = 0;
  std::uint32_t index = 0;  // position in its list
};

struct LocatedTopLevel {
  bool root_is_array = false;
  std::vector<LocatedField> fields;   // in input order (object root)
  std::vector<LocatedEntry> entries;  // in input order
};

/// Locates the top level of `source`. An object root: its fields, and the
/// entries of the members named in `lists`. An array root (accepted only
/// when `array_root` is true): its elements, as entries of kRootList.
/// Returns false (with `out` in an unspecified state) when the caller must
/// use a full parser instead. When `on_entry` is set, each entry goes to it
/// as soon as it is found (so parsing can start while the walk goes on), in
/// input order, instead of into out.entries; a false return can then come
/// after some entries were passed on. Thread-safe.
bool LocateTopLevel(
    const JsonSource& source, std::span<const std::string_view> lists,
    bool array_root, LocatedTopLevel& out,
    const std::function<void(const LocatedEntry&)>& on_entry = nullptr);

}  // namespace internal
}  // namespace v1
}  // namespace dw

#endif  // DRIFTWISE_SRC_CORE_JSON_TOP_LEVEL_LOCATOR_HPP
