// File: server/secrets/private_file.hpp
//
// Files that hold server secrets beside the database (the API key pepper,
// the secret keyring): created on first start with mode 0600 and O_EXCL, so
// two servers starting at once cannot overwrite each other's secret, and
// refused when group or others may read them.
#ifndef DRIFTWISE_SERVER_SECRETS_PRIVATE_FILE_HPP
#define DRIFTWISE_SERVER_SECRETS_PRIVATE_FILE_HPP

#include <functional>
#include <string>
#include <string_view>

#include "driftwise/status.hpp"

namespace dw::server {

/// Reads `path` (at most `max_bytes`), first creating it with `make()`'s
/// bytes when it does not exist. `what` names the file in errors ("API key
/// pepper file"). Errors: kInvalidArgument naming the file and the reason
/// (cannot create/read, readable by group or others, larger than max_bytes),
/// kInternal when `make` fails.
Result<std::string> ReadOrCreatePrivateFile(
    const std::string& path, std::string_view what, std::size_t max_bytes,
    const std::function<Result<std::string>()>& make);

}  // namespace dw::server

#endif  // DRIFTWISE_SERVER_SECRETS_PRIVATE_FILE_HPP
