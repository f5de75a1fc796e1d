// File: server/api/inventory_ingest.hpp
//
// Turning a pushed inventory (any format the engine's importers read) into
// the live-resource rows of one cloud account. The engine reads the
// records; what it cannot read, what belongs to another cloud account and
// what repeats an earlier record of the same push are reported per record
// (index, byte offset, field, reason) and the rest is kept.
//
// Thread-safety: reentrant.
#ifndef DRIFTWISE_SERVER_API_INVENTORY_INGEST_HPP
#define DRIFTWISE_SERVER_API_INVENTORY_INGEST_HPP

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "driftwise/inventory.hpp"
#include "store/live_store.hpp"

namespace dw::server {

struct IngestedInventory {
  std::string format;  ///< the engine's name of the format read
  std::vector<LiveResourceRow> rows;
  /// [{"index", "offset", "field", "reason"}], in input order.
  nlohmann::json rejected = nlohmann::json::array();
  std::vector<std::string> covered_types;
};

/// Reads `body` (taken) for `account`. `options.default_account` is set to
/// the account's external id here. Errors: kInvalidArgument (with the byte
/// offset) for input that is not JSON or that no importer recognises.
Result<IngestedInventory> IngestInventory(std::string body,
                                          InventoryOptions options,
                                          const CloudAccount& account);

/// The rows of an already parsed inventory (what IngestInventory does after
/// parsing).
IngestedInventory RowsOfInventory(const Inventory& inventory,
                                  const CloudAccount& account);

/// "<what>: <message> (byte offset N, at PATH)" for a parse error, naming
/// where the input went wrong when the status knows.
std::string DescribeParseError(std::string_view what, const Status& status);

/// The field a skipped record's reason is about ("provider_resource_id",
/// "metadata.name", ...; "record" when the whole record is unusable).
std::string FieldOfSkipReason(std::string_view reason);

}  // namespace dw::server

#endif  // DRIFTWISE_SERVER_API_INVENTORY_INGEST_HPP
