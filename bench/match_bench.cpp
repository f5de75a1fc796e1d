// File: bench/match_bench.cpp
//
// Live ⇄ IaC matching at scale: a generated state of N resource instances
// and an inventory of live resources (90% of the state, 15% of those with
// a changed tag, plus N/9 unmanaged extras; 8 types over aws, google and
// azurerm; Azure IDs partly lower-cased), written as a state v4 file and a
// driftwise inventory. In the same run it times Python's hash join of the
// same files (shared/tools/baselines/py_join.py: dicts keyed by identity)
// and reports the ratios and both peak memories.
//
//   match_bench [--n=1000000] [--data-dir=DIR] [--threads=N]
//               [benchmark flags]
//
// The data is chosen so that both sides must find the same things: every
// identity the generator writes is one py_join's dict lookup can match
// (GCE instances use the state's own ID form), and the run checks that
// both report the same matched/changed/extra/missing counts.
//
// Benchmarks:
//   BM_ParseState, BM_ParseInventory  reading each file as drift does
//     (memory-mapped, in parts; MB/s), one thread; compare with Python's
//     json.load of both files (py_json_load_s_both_files).
//   BM_Match  dw::ComputeDrift alone on one thread: index the state side,
//     probe with every live resource, compare attributes of matched pairs,
//     build sorted findings with ids, reasons and coverage (dw_*_s: its
//     phases in CPU seconds of every thread, per run). Compared with
//     Python's index + probe + emit phases (py_match_s; json.load excluded
//     on both sides). py_join.py reports wall-clock phases, so the ratio is
//     taken wall to wall: speedup = py_match_s / dw_wall_s (dw_cpu_s: CPU
//     time of a run).
//   BM_JoinFloor  py_join.py's own work and nothing more (index, probe,
//     compare, missing, TSV lines) in plain C++ on the same parsed State
//     and Inventory, one thread (floor_s, wall per run; speedup_vs_py =
//     py_match_s / floor_s). A practical floor for any engine doing at
//     least that work on this data model; the summary says how far
//     driftwise is from it.
//   BM_Match/threads:N  the same with MatchOptions::threads = N (--threads,
//     default one per core but at least 2); same_as_one_thread checks that
//     its findings are those of the one-thread run.
//   BM_JoinFloor/threads:N  the floor split over N threads the way
//     ComputeDrift splits its join (bench/join_floor.hpp): whether even
//     the bare join reaches a ratio on this machine's cores.
//   BM_EndToEnd/threads:N  what `driftwise drift` does: read and parse both
//     files (in parts) and match, every step on N threads (1, and the
//     threaded runs' count), wall time per step; compared with py_join's
//     json.load + matching (speedup = py_total_s / e2e_wall_s).
//   The ratios and the end-to-end ratios (load + match on both sides) are
//     printed at the end.
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xxhash.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <random>
#include <regex>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "driftwise/inventory.hpp"
#include "driftwise/match.hpp"
#include "driftwise/state.hpp"
#include "join_floor.hpp"

extern char** environ;

namespace {

std::size_t g_n = 1000000;
std::string g_dir;
std::string g_state_path, g_inventory_path;

struct PyResult {
  double load_s = 0, index_s = 0, probe_s = 0, emit_s = 0;
  long peak_rss_kb = 0;
  bool ok = false;
  std::string counts;
  long matched = -1, changed = -1, unmanaged = -1, missing = -1;
};
PyResult g_py;

// Per-run figures of the driftwise side, for the closing summary.
struct MatchRun {
  double cpu_s = 0, wall_s = 0;
  // The fastest and slowest run: on this project's VM the first run in a
  // process pays for the memory it touches for the first time, by an
  // amount that varies from run to run.
  double min_wall_s = 0, max_wall_s = 0;
  bool counts_agree = false;
  std::uint64_t findings_digest = 0;
};
// One end-to-end run: wall seconds of each step, per run.
struct EndToEndRun {
  double wall_s = 0, state_s = 0, inventory_s = 0, match_s = 0;
};
struct DwResult {
  std::map<unsigned, MatchRun> match;          // by thread count
  std::map<unsigned, EndToEndRun> end_to_end;  // by thread count
};
DwResult g_dw;
unsigned g_threads = 0;  // for BM_Match/threads:N (0 = one per core, >= 2)

// A digest of the findings' ids and reasons in order: equal digests mean
// the threaded run produced the one-thread run's findings.
std::uint64_t FindingsDigest(const dw::DriftResult& r) {
  std::uint64_t h = 1469598103934665603ull;
  auto mix = [&](std::string_view s) {
    for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    h = (h ^ 0x1f) * 1099511628211ull;
  };
  for (const dw::DriftFinding& f : r.findings) {
    mix(f.id);
    mix(f.reason);
  }
  return h;
}

long MinorFaults() {
  struct rusage ru {};
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_minflt;
}

double ProcessCpuSeconds() {
  struct rusage ru {};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

std::string Hex(std::mt19937_64& rng, int n) {
  static const char* kDigits = "0123456789abcdef";
  std::string s(static_cast<std::size_t>(n), '0');
  for (char& c : s) c = kDigits[rng() & 15];
  return s;
}

struct TypeSpec {
  const char* type;
  const char* provider;            // Terraform provider name
  const char* inventory_provider;  // what py_join expects
  const char* cloud_type;
  const char* prop;  // one compared attribute
};
constexpr TypeSpec kTypes[] = {
    {"aws_instance", "aws", "aws", "AWS::EC2::Instance", "instance_type"},
    {"aws_s3_bucket", "aws", "aws", "AWS::S3::Bucket", "acceleration_status"},
    {"aws_security_group", "aws", "aws", "AWS::EC2::SecurityGroup", "name"},
    {"aws_iam_role", "aws", "aws", "AWS::IAM::Role", "path"},
    {"aws_lambda_function", "aws", "aws", "AWS::Lambda::Function", "runtime"},
    {"google_storage_bucket", "google", "gcp", "storage.googleapis.com/Bucket",
     "storage_class"},
    {"google_compute_instance", "google", "gcp",
     "compute.googleapis.com/Instance", "machine_type"},
    {"azurerm_resource_group", "azurerm", "azure",
     "Microsoft.Resources/resourceGroups", "location"},
};

// Writes the state and the inventory for size n (deterministic).
void Generate(std::size_t n) {
  std::mt19937_64 rng(42);
  std::ofstream st(g_state_path), inv(g_inventory_path);
  st << R"({"version":4,"terraform_version":"1.9.5","serial":1,"lineage":"bench","outputs":{},"resources":[)";
  inv << "[";
  bool first_inv = true;
  auto live = [&](const TypeSpec& t, const std::string& id,
                  const std::string& name, const std::string& prop_value,
                  const std::string& tags_key, const std::string& tags) {
    if (!first_inv) inv << ",";
    first_inv = false;
    inv << R"({"provider":")" << t.inventory_provider
        << R"(","provider_type":")" << t.cloud_type
        << R"(","provider_resource_id":")" << id
        << R"(","region":"us-east-1","name":")" << name
        << R"(","properties_shape":"terraform","properties":{")" << t.prop
        << R"(":")" << prop_value << R"(",")" << tags_key << R"(":)" << tags
        << "}}";
  };
  for (std::size_t i = 0; i < n; ++i) {
    const TypeSpec& t = kTypes[rng() % 8];
    std::string name = "r" + std::to_string(i);
    std::string id, attrs_id, prop_value = "v" + std::to_string(rng() % 7);
    std::string h = Hex(rng, 17);
    std::string type(t.type);
    if (type == "aws_instance") {
      id = "i-" + h;
      attrs_id = R"("id":")" + id +
                 R"(","arn":"arn:aws:ec2:us-east-1:123456789012:instance/)" +
                 id + "\"";
    } else if (type == "aws_s3_bucket") {
      id = "bucket-" + h;
      attrs_id = R"("id":")" + id + R"(","bucket":")" + id +
                 R"(","arn":"arn:aws:s3:::)" + id + "\"";
    } else if (type == "aws_security_group") {
      id = "sg-" + h;
      attrs_id = R"("id":")" + id + "\"";
    } else if (type == "aws_iam_role") {
      id = "arn:aws:iam::123456789012:role/role-" + h;
      attrs_id = R"("id":"role-)" + h + R"(","arn":")" + id + "\"";
    } else if (type == "aws_lambda_function") {
      id = "arn:aws:lambda:us-east-1:123456789012:function:fn-" + h;
      attrs_id = R"("id":"fn-)" + h + R"(","arn":")" + id + "\"";
    } else if (type == "google_storage_bucket") {
      id = "gcs-" + h;
      attrs_id = R"("id":")" + id + R"(","name":")" + id + "\"";
    } else if (type == "google_compute_instance") {
      id = "projects/p-" + std::to_string(i % 97) +
           "/zones/us-central1-a/instances/vm-" + h;
      attrs_id = R"("id":")" + id + "\"";
    } else {
      id = "/subscriptions/8f6c1e2a-3b4d-4e5f-9a0b-1c2d3e4f5a6b/resourceGroups/"
           "rg-" +
           h;
      attrs_id = R"("id":")" + id + "\"";
    }
    bool google = type.rfind("google", 0) == 0;
    const char* tags_key = google ? "labels" : "tags";
    std::string tags = R"({"Team":"t)" + std::to_string(i % 6) +
                       R"(","Env":"prod","Name":")" + name + "\"}";
    std::string provider_addr =
        std::string("provider[\\\"registry.terraform.io/hashicorp/") +
        t.provider + "\\\"]";
    st << (i ? "," : "") << R"({"mode":"managed","type":")" << t.type
       << R"(","name":")" << name << R"(","provider":")" << provider_addr
       << R"(","instances":[{"schema_version":0,"attributes":{)" << attrs_id
       << R"(,")" << t.prop << R"(":")" << prop_value << R"(",")" << tags_key
       << R"(":)" << tags << "}}]}";
    if (rng() % 100 < 10) continue;  // deleted out of band: missing
    std::string live_id = id;
    if (type == "azurerm_resource_group" && rng() % 5 == 0) {
      live_id = std::regex_replace(id, std::regex("resourceGroups"),
                                   "resourcegroups");
    }
    // (GCE instances keep the state's ID form: py_join compares IDs as
    // they are, and both sides must find the same matches.)
    std::string live_tags = tags;
    if (rng() % 100 < 15) {  // changed by hand
      live_tags.insert(live_tags.size() - 1, R"(,"LastTouchedBy":"console")");
    }
    live(t, live_id, name, prop_value, tags_key, live_tags);
  }
  for (std::size_t i = 0; i < n / 9; ++i) {  // unmanaged extras (~10%)
    const TypeSpec& t = kTypes[0];
    std::string id = "i-x" + Hex(rng, 16);
    live(t, id, "extra" + std::to_string(i), "t3.micro", "tags",
         R"({"Team":"x"})");
  }
  st << "]}\n";
  inv << "]\n";
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs py_join.py on the same files; parses its phase timings and takes
// its peak RSS from wait4().
void RunPython() {
  // The shared folder sits beside the repository (DW_SHARED_DIR overrides).
  const char* env = std::getenv("DW_SHARED_DIR");
  std::string shared = env ? env
                           : (std::filesystem::path(__FILE__)
                                  .parent_path()
                                  .parent_path()
                                  .parent_path() /
                              "shared")
                                 .string();
  std::string script = shared + "/tools/baselines/py_join.py";
  std::string err = g_dir + "/py_join.stderr";
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 2, err.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::string py = "python3";
  char* argv[] = {py.data(), script.data(), g_state_path.data(),
                  g_inventory_path.data(), nullptr};
  pid_t pid;
  if (posix_spawnp(&pid, "python3", &fa, nullptr, argv, environ) != 0) return;
  int status = 0;
  struct rusage ru {};
  wait4(pid, &status, 0, &ru);
  posix_spawn_file_actions_destroy(&fa);
  g_py.peak_rss_kb = ru.ru_maxrss;
  std::string text = ReadAll(err);
  std::smatch m;
  std::regex re(
      R"(load=([0-9.]+)s index=([0-9.]+)s probe=([0-9.]+)s emit=([0-9.]+)s)");
  if (std::regex_search(text, m, re)) {
    g_py.load_s = std::stod(m[1]);
    g_py.index_s = std::stod(m[2]);
    g_py.probe_s = std::stod(m[3]);
    g_py.emit_s = std::stod(m[4]);
    g_py.ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  }
  g_py.counts = text.substr(0, text.find(" |"));
  std::regex counts_re(
      R"(matched=([0-9]+) changed=([0-9]+) unmanaged=([0-9]+) missing=([0-9]+))");
  if (std::regex_search(text, m, counts_re)) {
    g_py.matched = std::stol(m[1]);
    g_py.changed = std::stol(m[2]);
    g_py.unmanaged = std::stol(m[3]);
    g_py.missing = std::stol(m[4]);
  }
}

long PeakRssKb() {
  struct rusage ru {};
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

// Reading one file as `driftwise drift` does (memory-mapped, in parts), on
// one thread: MB/s of the file.
void BM_ParseState(benchmark::State& state) {
  for (auto _ : state) {
    auto s = dw::ParseStateFile(g_state_path);
    if (!s.ok()) state.SkipWithError(s.status().ToString().c_str());
    benchmark::DoNotOptimize(s);
  }
  state.SetBytesProcessed(static_cast<int64_t>(
      state.iterations() * std::filesystem::file_size(g_state_path)));
  state.counters["py_json_load_s_both_files"] = g_py.load_s;
}

void BM_ParseInventory(benchmark::State& state) {
  for (auto _ : state) {
    auto inv = dw::ParseInventoryFile(g_inventory_path);
    if (!inv.ok()) state.SkipWithError(inv.status().ToString().c_str());
    benchmark::DoNotOptimize(inv);
  }
  state.SetBytesProcessed(static_cast<int64_t>(
      state.iterations() * std::filesystem::file_size(g_inventory_path)));
}

// The parsed inputs BM_Match and BM_JoinFloor share: parsed once, whole,
// outside every timed region. BM_EndToEnd frees them before it parses for
// itself, so that the peak RSS it ends with counts one parsed copy.
struct ParsedInputs {
  dw::Result<dw::State> state;
  dw::Result<dw::Inventory> inventory;
};
std::optional<ParsedInputs> g_inputs;
const ParsedInputs& Inputs() {
  if (!g_inputs) {
    g_inputs.emplace(
        ParsedInputs{dw::ParseState(ReadAll(g_state_path)),
                     dw::ParseInventory(ReadAll(g_inventory_path))});
  }
  return *g_inputs;
}

void BM_Match(benchmark::State& state, unsigned threads) {
  const auto& st = Inputs().state;
  const auto& inv = Inputs().inventory;
  if (!st.ok() || !inv.ok()) {
    state.SkipWithError("input did not parse");
    return;
  }
  dw::StateSource s{"state", &*st};
  dw::InventorySource i{"inventory", &*inv};
  dw::MatchOptions options;
  options.threads = threads;
  MatchRun& run = g_dw.match[threads];
  std::size_t findings = 0;
  dw::DriftSummary summary;
  dw::DriftResult::PhaseSeconds phases;
  double cpu_s = 0, wall_s = 0, free_s = 0;
  double digest_cpu_s = 0, digest_wall_s = 0;
  long faults = MinorFaults();
  bool first = true;
  run.min_wall_s = run.max_wall_s = 0;
  for (auto _ : state) {
    double c0 = ProcessCpuSeconds();
    auto w0 = std::chrono::steady_clock::now();
    {
      auto r = dw::ComputeDrift({&s, 1}, {&i, 1}, {}, options);
      findings = r->findings.size();
      summary = r->summary;
      phases.index += r->phase_seconds.index;
      phases.probe += r->phase_seconds.probe;
      phases.compare += r->phase_seconds.compare;
      phases.findings += r->phase_seconds.findings;
      benchmark::DoNotOptimize(r);
      if (run.findings_digest == 0) {
        // Once, and outside every clock.
        state.PauseTiming();
        double d0 = ProcessCpuSeconds();
        auto dw0 = std::chrono::steady_clock::now();
        run.findings_digest = FindingsDigest(*r);
        digest_cpu_s = ProcessCpuSeconds() - d0;
        digest_wall_s = std::chrono::duration<double>(
                            std::chrono::steady_clock::now() - dw0)
                            .count();
        state.ResumeTiming();
      }
      // The result is freed inside the timed region (it is part of a run),
      // and its share is reported on its own.
      double f0 = ProcessCpuSeconds();
      r = dw::InvalidArgumentError("freed");
      free_s += ProcessCpuSeconds() - f0;
    }
    double this_wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - w0)
            .count();
    if (first) this_wall -= digest_wall_s;  // the first run made the digest
    run.min_wall_s = first ? this_wall : std::min(run.min_wall_s, this_wall);
    first = false;
    run.max_wall_s = std::max(run.max_wall_s, this_wall);
    wall_s += this_wall;
    cpu_s += ProcessCpuSeconds() - c0;
  }
  cpu_s -= digest_cpu_s;
  double runs = static_cast<double>(state.iterations());
  // Fresh memory costs a fault per 4 KiB page on this kind of machine.
  state.counters["page_faults"] =
      static_cast<double>(MinorFaults() - faults) / runs;
  run.cpu_s = cpu_s / runs;
  run.wall_s = wall_s / runs;
  run.counts_agree = g_py.matched == static_cast<long>(summary.matched) &&
                     g_py.changed == static_cast<long>(summary.changed) &&
                     g_py.unmanaged == static_cast<long>(summary.extra) &&
                     g_py.missing == static_cast<long>(summary.missing);
  state.SetItemsProcessed(static_cast<int64_t>(
      state.iterations() * (st->resources.size() + inv->resources.size())));
  state.counters["state"] = static_cast<double>(st->resources.size());
  state.counters["live"] = static_cast<double>(inv->resources.size());
  state.counters["matched"] = static_cast<double>(summary.matched);
  state.counters["changed"] = static_cast<double>(summary.changed);
  state.counters["extra"] = static_cast<double>(summary.extra);
  state.counters["missing"] = static_cast<double>(summary.missing);
  state.counters["findings"] = static_cast<double>(findings);
  state.counters["dw_index_s"] = phases.index / runs;
  state.counters["dw_probe_s"] = phases.probe / runs;
  state.counters["dw_compare_s"] = phases.compare / runs;
  state.counters["dw_findings_s"] = phases.findings / runs;
  state.counters["dw_free_result_s"] = free_s / runs;
  state.counters["threads"] = threads;
  state.counters["dw_cpu_s"] = run.cpu_s;
  double py_match_s = g_py.index_s + g_py.probe_s + g_py.emit_s;
  state.counters["py_match_s"] = py_match_s;
  state.counters["dw_wall_s"] = run.wall_s;
  state.counters["dw_wall_min_s"] = run.min_wall_s;
  state.counters["dw_wall_max_s"] = run.max_wall_s;
  state.counters["speedup"] = py_match_s / run.wall_s;
  state.counters["counts_agree"] = run.counts_agree ? 1 : 0;
  if (threads != 1 && g_dw.match.count(1) != 0) {
    state.counters["same_as_one_thread"] =
        g_dw.match[1].findings_digest == run.findings_digest ? 1 : 0;
  }
  state.counters["peak_rss_MB"] = static_cast<double>(PeakRssKb()) / 1024.0;
  state.counters["py_peak_rss_MB"] =
      static_cast<double>(g_py.peak_rss_kb) / 1024.0;
}

// Per-run figures of the floor, for the closing summary.
struct FloorRun {
  double wall_s = 0;
  bool counts_agree = false;
};
std::map<unsigned, FloorRun> g_floor;  // by thread count

// What `driftwise drift` does, from files to findings: read and parse the
// state and the inventory (memory-mapped, in parts), match, free
// everything; every step on `threads` threads. Compared with py_join's
// json.load + matching.
void BM_EndToEnd(benchmark::State& state, unsigned threads) {
  using Clock = std::chrono::steady_clock;
  auto since = [](Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
  };
  EndToEndRun& run = g_dw.end_to_end[threads];
  run = EndToEndRun();
  g_inputs.reset();
  dw::DriftSummary summary;
  for (auto _ : state) {
    Clock::time_point t0 = Clock::now();
    {
      auto st = dw::ParseStateFile(
          g_state_path,
          dw::ParseStateOptions{.threads = static_cast<int>(threads)});
      double state_s = since(t0);
      Clock::time_point t1 = Clock::now();
      dw::InventoryOptions inventory_options;
      inventory_options.threads = static_cast<int>(threads);
      auto inv = dw::ParseInventoryFile(g_inventory_path, inventory_options);
      double inventory_s = since(t1);
      if (!st.ok() || !inv.ok()) {
        state.SkipWithError("input did not parse");
        return;
      }
      Clock::time_point t2 = Clock::now();
      dw::StateSource s{"state", &*st};
      dw::InventorySource i{"inventory", &*inv};
      dw::MatchOptions options;
      options.threads = threads;
      auto r = dw::ComputeDrift({&s, 1}, {&i, 1}, {}, options);
      summary = r->summary;
      run.match_s += since(t2);
      run.state_s += state_s;
      run.inventory_s += inventory_s;
    }
    run.wall_s += since(t0);
  }
  double runs = static_cast<double>(state.iterations());
  run.wall_s /= runs;
  run.state_s /= runs;
  run.inventory_s /= runs;
  run.match_s /= runs;
  double py_total = g_py.load_s + g_py.index_s + g_py.probe_s + g_py.emit_s;
  state.counters["threads"] = threads;
  state.counters["e2e_wall_s"] = run.wall_s;
  state.counters["read_state_s"] = run.state_s;
  state.counters["read_inventory_s"] = run.inventory_s;
  state.counters["match_s"] = run.match_s;
  state.counters["py_total_s"] = py_total;
  state.counters["speedup"] = py_total / run.wall_s;
  state.counters["counts_agree"] =
      g_py.matched == static_cast<long>(summary.matched) &&
              g_py.changed == static_cast<long>(summary.changed) &&
              g_py.unmanaged == static_cast<long>(summary.extra) &&
              g_py.missing == static_cast<long>(summary.missing)
          ? 1
          : 0;
}

void BM_JoinFloor(benchmark::State& state, unsigned threads) {
  const auto& st = Inputs().state;
  const auto& inv = Inputs().inventory;
  if (!st.ok() || !inv.ok()) {
    state.SkipWithError("input did not parse");
    return;
  }
  dw_bench::JoinCounts counts;
  double wall_s = 0;
  for (auto _ : state) {
    auto w0 = std::chrono::steady_clock::now();
    {
      // The output is freed inside the timed region, as BM_Match's is.
      dw_bench::JoinOutput out =
          threads == 1 ? dw_bench::JoinFloor(*st, *inv)
                       : dw_bench::JoinFloorThreaded(*st, *inv, threads);
      counts = out.counts;
      benchmark::DoNotOptimize(out);
    }
    wall_s +=
        std::chrono::duration<double>(std::chrono::steady_clock::now() - w0)
            .count();
  }
  FloorRun run;
  run.wall_s = wall_s / static_cast<double>(state.iterations());
  run.counts_agree =
      g_py.matched == counts.matched && g_py.changed == counts.changed &&
      g_py.unmanaged == counts.unmanaged && g_py.missing == counts.missing;
  g_floor[threads] = run;
  double py_match_s = g_py.index_s + g_py.probe_s + g_py.emit_s;
  state.counters["threads"] = threads;
  state.counters["floor_s"] = run.wall_s;
  state.counters["py_match_s"] = py_match_s;
  state.counters["speedup_vs_py"] = py_match_s / run.wall_s;
  state.counters["matched"] = static_cast<double>(counts.matched);
  state.counters["changed"] = static_cast<double>(counts.changed);
  state.counters["unmanaged"] = static_cast<double>(counts.unmanaged);
  state.counters["missing"] = static_cast<double>(counts.missing);
  state.counters["counts_agree"] = run.counts_agree ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<char*> rest;
  for (int i = 0; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--n=", 0) == 0) {
      g_n = std::stoull(a.substr(4));
    } else if (a.rfind("--threads=", 0) == 0) {
      g_threads = static_cast<unsigned>(std::stoul(a.substr(10)));
    } else if (a.rfind("--data-dir=", 0) == 0) {
      g_dir = a.substr(11);
    } else {
      rest.push_back(argv[i]);
    }
  }
  if (g_dir.empty()) {
    g_dir = (std::filesystem::temp_directory_path() /
             ("dw_match_bench_v2_" + std::to_string(g_n)))
                .string();
  }
  std::filesystem::create_directories(g_dir);
  g_state_path = g_dir + "/state.json";
  g_inventory_path = g_dir + "/inventory.json";
  if (!std::filesystem::exists(g_inventory_path)) Generate(g_n);
  std::fprintf(stderr, "data: %s (state %.1f MB, inventory %.1f MB)\n",
               g_dir.c_str(), std::filesystem::file_size(g_state_path) / 1e6,
               std::filesystem::file_size(g_inventory_path) / 1e6);
  RunPython();
  std::fprintf(
      stderr,
      "py_join.py: %s | load %.3fs index %.3fs probe %.3fs emit %.3fs, "
      "peak RSS %.0f MB%s\n",
      g_py.counts.c_str(), g_py.load_s, g_py.index_s, g_py.probe_s, g_py.emit_s,
      g_py.peak_rss_kb / 1024.0, g_py.ok ? "" : " (FAILED)");
  int n = static_cast<int>(rest.size());
  benchmark::Initialize(&n, rest.data());
  benchmark::RegisterBenchmark("BM_ParseState", BM_ParseState)
      ->Unit(benchmark::kMillisecond)
      ->Iterations(1);
  benchmark::RegisterBenchmark("BM_ParseInventory", BM_ParseInventory)
      ->Unit(benchmark::kMillisecond)
      ->Iterations(1);
  benchmark::RegisterBenchmark("BM_Match", BM_Match, 1u)
      ->Unit(benchmark::kMillisecond)
      ->Iterations(3);
  benchmark::RegisterBenchmark("BM_JoinFloor", BM_JoinFloor, 1u)
      ->Unit(benchmark::kMillisecond)
      ->Iterations(3);
  unsigned threads = g_threads != 0
                         ? g_threads
                         : std::max(2u, std::thread::hardware_concurrency());
  std::string threaded = "BM_Match/threads:" + std::to_string(threads);
  benchmark::RegisterBenchmark(threaded.c_str(), BM_Match, threads)
      ->Unit(benchmark::kMillisecond)
      ->Iterations(3);
  std::string threaded_floor =
      "BM_JoinFloor/threads:" + std::to_string(threads);
  benchmark::RegisterBenchmark(threaded_floor.c_str(), BM_JoinFloor, threads)
      ->Unit(benchmark::kMillisecond)
      ->Iterations(3);
  for (unsigned t : {1u, threads}) {
    std::string name = "BM_EndToEnd/threads:" + std::to_string(t);
    benchmark::RegisterBenchmark(name.c_str(), BM_EndToEnd, t)
        ->Unit(benchmark::kMillisecond)
        ->Iterations(2);
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  double py_match = g_py.index_s + g_py.probe_s + g_py.emit_s;
  for (const auto& [thread_count, run] : g_dw.match) {
    std::fprintf(
        stderr,
        "matching (index+probe+compare/emit, no parsing), %u "
        "thread(s): driftwise %.3fs wall (%.3fs CPU; runs %.3f-%.3fs), "
        "py_join %.3fs wall: %.1fx; counts %s\n",
        thread_count, run.wall_s, run.cpu_s, run.min_wall_s, run.max_wall_s,
        py_match, py_match / run.wall_s, run.counts_agree ? "agree" : "DIFFER");
  }
  for (const auto& [thread_count, floor] : g_floor) {
    std::fprintf(stderr,
                 "floor (py_join's own work in C++ on the parsed model), %u "
                 "thread(s): %.3fs = %.1fx py_join",
                 thread_count, floor.wall_s, py_match / floor.wall_s);
    auto same = g_dw.match.find(thread_count);
    if (same != g_dw.match.end()) {
      std::fprintf(stderr, "; driftwise matching takes %.1fx the floor",
                   same->second.wall_s / floor.wall_s);
    }
    std::fprintf(stderr, "; counts %s\n",
                 floor.counts_agree ? "agree" : "DIFFER");
  }
  // What a ratio of 20 to py_join would take, for reading the lines above.
  std::fprintf(stderr, "20x py_join's matching would be %.3fs wall\n",
               py_match / 20);
  for (const auto& [thread_count, run] : g_dw.end_to_end) {
    double py_total = g_py.load_s + py_match;
    std::fprintf(stderr,
                 "end to end (read + parse both files, match), %u thread(s): "
                 "driftwise %.3fs wall (state %.3fs, inventory %.3fs, match "
                 "%.3fs), py_join %.3fs wall: %.1fx\n",
                 thread_count, run.wall_s, run.state_s, run.inventory_s,
                 run.match_s, py_total, py_total / run.wall_s);
  }
  std::fprintf(stderr, "peak RSS %.0f MB (py_join %.0f MB)\n",
               static_cast<double>(PeakRssKb()) / 1024.0,
               static_cast<double>(g_py.peak_rss_kb) / 1024.0);
  return 0;
}
