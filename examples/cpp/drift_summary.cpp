// File: examples/cpp/drift_summary.cpp
//
// Reads a Terraform state and a live inventory (both on every core), matches
// them, and prints the headline numbers and one line per finding. (The
// `driftwise drift` command also exits 1 when it finds drift; this example
// exits 0 unless an input cannot be read.)
// Usage: drift_summary STATE.tfstate INVENTORY.json
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "driftwise/inventory.hpp"
#include "driftwise/match.hpp"
#include "driftwise/state.hpp"

namespace {

bool ReadFile(const char* path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  *out = bytes.str();
  return static_cast<bool>(in);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s STATE.tfstate INVENTORY.json\n", argv[0]);
    return 2;
  }
  // Large files are read in parts, one thread per core (0); the result is
  // the same for any thread count.
  dw::Result<dw::State> state =
      dw::ParseStateFile(argv[1], dw::ParseStateOptions{.threads = 0});
  if (!state.ok()) {
    std::fprintf(stderr, "%s: %s\n", argv[1],
                 state.status().ToString().c_str());
    return 2;
  }
  std::string inventory_bytes;
  if (!ReadFile(argv[2], &inventory_bytes)) {
    std::fprintf(stderr, "%s: cannot read\n", argv[2]);
    return 2;
  }
  dw::InventoryOptions inventory_options;
  inventory_options.threads = 0;
  dw::Result<dw::Inventory> inventory =
      dw::ParseInventory(std::move(inventory_bytes), inventory_options);
  if (!inventory.ok()) {
    std::fprintf(stderr, "%s: %s\n", argv[2],
                 inventory.status().ToString().c_str());
    return 2;
  }
  dw::StateSource s{argv[1], &*state};
  dw::InventorySource i{argv[2], &*inventory};
  dw::MatchOptions options;
  options.threads = 0;
  dw::Result<dw::DriftResult> drift =
      dw::ComputeDrift({&s, 1}, {&i, 1}, {}, options);
  if (!drift.ok()) {
    std::fprintf(stderr, "%s\n", drift.status().ToString().c_str());
    return 2;
  }
  const dw::DriftSummary& sum = drift->summary;
  std::printf(
      "live %zu, in state %zu: matched %zu, changed %zu, extra %zu, "
      "missing %zu; coverage %.2f%%\n",
      sum.total_live, sum.total_iac, sum.matched, sum.changed, sum.extra,
      sum.missing, sum.coverage_pct);
  for (const dw::DriftFinding& f : drift->findings) {
    std::printf("%-8s %s\n", std::string(dw::FindingKindName(f.kind)).c_str(),
                f.reason.c_str());
  }
  return 0;
}
