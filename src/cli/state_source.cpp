// File: src/cli/state_source.cpp
#include "state_source.hpp"

#include <utility>

#include "cli_io.hpp"
#include "driftwise/connectors/state_backend.hpp"

namespace dw::cli {

Result<State> ReadStateLocation(const std::string& location,
                                const ParseStateOptions& options) {
  if (location == "-") {
    DW_ASSIGN_OR_RETURN(std::string bytes, ReadInput(location));
    return ParseState(std::move(bytes), options);
  }
  if (!connectors::IsRemoteStateUrl(location)) {
    std::string path = location;
    if (location.rfind("file://", 0) == 0) {
      auto backend = connectors::OpenStateUrlFromEnvironment(location);
      if (!backend.ok()) return backend.status();
      path = (*backend)->Describe().substr(7);  // "file://" + path
    }
    return ParseStateFile(path, options);  // memory-mapped, no copy
  }
  auto backend = connectors::OpenStateUrlFromEnvironment(location);
  if (!backend.ok()) return backend.status();
  auto fetched = (*backend)->Fetch();
  if (!fetched.ok()) return fetched.status();
  return ParseState(std::move(fetched->bytes), options);
}

}  // namespace dw::cli
