// File: bench/join_floor.hpp
//
// The floor of match_bench: py_join.py's own work, and nothing more,
// written as plain C++ on driftwise's parsed model (the same dw::State and
// dw::Inventory BM_Match gets). No catalog, no normalization beyond Azure
// lower-casing, no finding objects, sorting or coverage: an open-addressing
// hash join over views of the inputs. It is a practical floor for any
// engine doing at least that work on this data model: what remains of its
// time is memory access to the parsed inputs (resource records, JSON nodes,
// strings). Beside BM_Match it says how close driftwise is to that floor,
// and whether a ratio to py_join is within reach at all.
//
// Thread-safety: the functions only read their inputs; concurrent calls on
// shared inputs are safe.
#ifndef DW_BENCH_JOIN_FLOOR_HPP
#define DW_BENCH_JOIN_FLOOR_HPP

#include <string>
#include <vector>

#include "driftwise/inventory.hpp"
#include "driftwise/state.hpp"

namespace dw_bench {

struct JoinCounts {
  long matched = 0, changed = 0, unmanaged = 0, missing = 0;
};

struct JoinOutput {
  JoinCounts counts;
  // py_join's `out` lines ("kind\tfamily\tid\taddress\n"), one string per
  // thread that wrote them.
  std::vector<std::string> tsv_parts;
};

/// py_join.py's index, probe, compare and missing scan on one thread; the
/// one part of `tsv_parts` is py_join's output, line for line.
JoinOutput JoinFloor(const dw::State& state, const dw::Inventory& inventory);

/// The same work on `threads` threads, split the way dw::ComputeDrift
/// splits its join: each thread makes the keys of one range of the state
/// resources, then inserts the keys of its share of the hashes (in input
/// order, so a repeated key keeps py_join's first position and last value)
/// into a table of its own; each makes the keys of one range of the live
/// resources, then probes its table with the live keys of its share, in
/// input order, and lists its table's missing entries. The counts are
/// py_join's; the lines are in another order (one part per thread).
JoinOutput JoinFloorThreaded(const dw::State& state,
                             const dw::Inventory& inventory, unsigned threads);

}  // namespace dw_bench

#endif  // DW_BENCH_JOIN_FLOOR_HPP
