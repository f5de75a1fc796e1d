// File: src/cli/inventory_cmd.cpp
//
// `driftwise inventory aws [--regions r1,r2] [--types GLOB[,GLOB]]`: lists
// live AWS resources straight from the AWS APIs (read-only) and writes the
// engine's inventory JSON to stdout (docs/connectors.md "Listing AWS").
// Services that could not be listed are named on stderr and in the JSON's
// "notes"; exit 0 unless nothing at all could be listed (2).
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>

#include "aws_listing.hpp"
#include "cli_io.hpp"
#include "command_help.hpp"
#include "commands.hpp"
#include "driftwise/connectors/aws_inventory.hpp"

namespace dw::cli {

Result<std::string> ListAwsForCli(const std::string& regions,
                                  const std::string& types) {
  connectors::AwsInventoryOptions options;
  std::size_t start = 0;
  while (start < regions.size()) {
    std::size_t comma = regions.find(',', start);
    std::string r = regions.substr(start, comma - start);
    if (!r.empty()) options.regions.push_back(r);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  options.types = types;
  const char* loopback = std::getenv("DRIFTWISE_ALLOW_LOOPBACK");
  if (loopback && std::string(loopback) == "1") {
    options.http.policy.allow_loopback = true;
    options.http.policy.allow_http = true;
  }
  DW_ASSIGN_OR_RETURN(connectors::AwsInventoryResult listed,
                      connectors::ListAwsInventory(options));
  for (const std::string& note : listed.notes) {
    std::cerr << "driftwise: not listed: " << note << "\n";
  }
  return std::move(listed.json);
}

namespace {

struct InventoryAwsArgs {
  std::string regions;
  std::string types;
};

}  // namespace

void RegisterInventoryCommands(CLI::App& app, int* exit_code) {
  CLI::App* group = app.add_subcommand(
      "inventory", "List live cloud resources as a driftwise inventory");
  group->require_subcommand(1);
  auto args = std::make_shared<InventoryAwsArgs>();
  CLI::App* aws = group->add_subcommand(
      "aws",
      "List live AWS resources (read-only) and write the inventory JSON to "
      "stdout");
  aws->add_option("--regions", args->regions,
                  "Comma-separated regions (default: AWS_REGION, "
                  "AWS_DEFAULT_REGION or us-east-1)");
  aws->add_option("--types", args->types,
                  "Comma-separated globs over AWS types, e.g. 'AWS::EC2::*' "
                  "(default: every supported type)");
  DescribeCommand(aws,
                  "the inventory JSON ({resources, covered_types, notes}) "
                  "on stdout (docs/connectors.md)",
                  "listed (services not listed are named on stderr)", "");
  aws->callback([args, exit_code] {
    Result<std::string> json = ListAwsForCli(args->regions, args->types);
    if (!json.ok()) {
      *exit_code = ReportError("inventory aws", json.status());
      return;
    }
    WriteStdout(*json + "\n");
    *exit_code = kExitOk;
  });
}

}  // namespace dw::cli
