// File: fuzz/policy_glob_fuzzer.cpp
//
// Feeds arbitrary bytes to the glob compiler as a resource-type glob and
// as an attribute glob. A pattern that validates must compile into a
// GlobSet and match without crashing; an error must name an offset inside
// the pattern.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "driftwise/glob.hpp"
#include "driftwise/path.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  std::string pattern(reinterpret_cast<const char*>(data), size);
  for (dw::GlobKind kind :
       {dw::GlobKind::kResourceType, dw::GlobKind::kAttributePath}) {
    dw::Status st = dw::ValidateGlob(pattern, kind);
    if (!st.ok()) {
      if (st.has_offset() && st.offset() > size) std::abort();
      continue;
    }
    dw::GlobRule rule = kind == dw::GlobKind::kResourceType
                            ? dw::GlobRule{pattern, ""}
                            : dw::GlobRule{"*", pattern};
    auto set = dw::GlobSet::Compile({rule});
    if (!set.ok()) {
      // Only the RE2 memory budget may refuse a valid glob.
      if (set.status().code() != dw::StatusCode::kResourceExhausted) {
        std::abort();
      }
      continue;
    }
    std::vector<int> hits;
    set->MatchType(pattern, &hits);
    for (const char* path : {"tags.owner", "ingress[0].cidr_blocks[1]",
                             "tags[\"kubernetes.io/name\"]", ""}) {
      set->MatchPath("aws_s3_bucket", path, &hits);
      auto parsed = dw::ParsePath(path);
      if (parsed.ok() && !hits.empty() &&
          kind == dw::GlobKind::kAttributePath &&
          set->MatchedPrefixLength(0, *parsed) < 0) {
        std::abort();  // a matching glob must select some ancestor
      }
    }
  }
  return 0;
}
