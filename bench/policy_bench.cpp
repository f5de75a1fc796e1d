// Classifying changed attribute paths against risk rules: 1,000 globs
// compiled into one RE2::Set (driftwise::GlobSet) vs the Python baseline
// (shared/tools/baselines/py_glob.py --mode combined).
//
// Input: DW_POLICY_BENCH_PATHS (one "type.dotted.path" per line, as written
// by bench/policy_py_baseline.py) and DW_POLICY_BENCH_RULES ("sev<TAB>glob"
// lines, py_glob's make_rules). bench/policy_compare.sh produces both and
// runs the two sides in one session. Without them the benchmark
// synthesizes a deterministic workload of the same shape.
//
// Translation of py_glob's fnmatch rules ("TYPE.REST", '*' crossing '.')
// into driftwise globs: TYPE becomes the resource-type glob; a leading
// "*." (any type, any depth) becomes type "*" with "**." before REST;
// numeric segments become [N]. driftwise's '*' stays inside a segment and
// an attribute glob covers its subtree, so the two severity histograms are
// printed side by side rather than assumed equal.
#include <benchmark/benchmark.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "driftwise/glob.hpp"
#include "driftwise/path.hpp"

namespace {

struct Workload {
  std::vector<std::string> types;
  std::vector<std::string> paths;  // §3.1 syntax
  std::vector<dw::GlobRule> rules;
  std::vector<int> severity;
};

bool IsNumber(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// "ingress.3.cidr_blocks.0" -> "ingress[3].cidr_blocks[0]".
std::string DottedToPath(const std::string& dotted, bool glob) {
  std::string out;
  std::size_t start = 0;
  while (start <= dotted.size()) {
    std::size_t dot = dotted.find('.', start);
    if (dot == std::string::npos) dot = dotted.size();
    std::string seg = dotted.substr(start, dot - start);
    if (IsNumber(seg)) {
      out += "[" + seg + "]";
    } else if (!glob && !dw::IsPlainIdentifier(seg)) {
      dw::AppendPathSegment(out, dw::PathSegment::Key(seg), out.empty());
    } else {
      if (!out.empty()) out += '.';
      out += seg;
    }
    start = dot + 1;
  }
  return out;
}

void AddRule(Workload& w, int sev, const std::string& pattern) {
  std::size_t dot = pattern.find('.');
  std::string type = pattern.substr(0, dot);
  std::string rest = dot == std::string::npos ? "" : pattern.substr(dot + 1);
  std::string attr = DottedToPath(rest, true);
  if (type == "*") attr = "**." + attr;
  w.rules.push_back({type, attr});
  w.severity.push_back(sev);
}

void AddPath(Workload& w, const std::string& line) {
  std::size_t dot = line.find('.');
  if (dot == std::string::npos) return;
  w.types.push_back(line.substr(0, dot));
  w.paths.push_back(DottedToPath(line.substr(dot + 1), false));
}

Workload Synthesize() {
  // Same shape as py_glob's inputs: realistic types and attributes.
  const char* types[] = {
      "aws_instance", "aws_s3_bucket",           "aws_security_group",
      "aws_iam_role", "google_compute_instance", "azurerm_storage_account"};
  const char* attrs[] = {"tags.Name",
                         "ingress.0.cidr_blocks.0",
                         "policy",
                         "arn",
                         "root_block_device.0.volume_size",
                         "network_interface.0.access_config.0.nat_ip"};
  Workload w;
  unsigned x = 12345;
  for (int i = 0; i < 1000; ++i) {
    x = x * 1103515245u + 12345u;
    std::string t = (x >> 8) % 7 == 0 ? "*" : types[(x >> 4) % 6];
    std::string a = attrs[(x >> 12) % 6];
    AddRule(w, static_cast<int>((x >> 16) % 5),
            t + "." + a.substr(0, a.find('.')) + ((x >> 20) % 2 ? "*" : ""));
  }
  for (int i = 0; i < 1000000; ++i) {
    AddPath(w, std::string(types[i % 6]) + "." + attrs[(i / 6) % 6]);
  }
  return w;
}

const Workload& Load() {
  static const Workload* const kWork = [] {
    const char* paths = std::getenv("DW_POLICY_BENCH_PATHS");
    const char* rules = std::getenv("DW_POLICY_BENCH_RULES");
    if (paths == nullptr || rules == nullptr) return new Workload(Synthesize());
    auto* w = new Workload;
    std::ifstream rin(rules);
    std::string line;
    while (std::getline(rin, line)) {
      std::size_t tab = line.find('\t');
      if (tab != std::string::npos) {
        AddRule(*w, std::atoi(line.substr(0, tab).c_str()),
                line.substr(tab + 1));
      }
    }
    std::ifstream pin(paths);
    while (std::getline(pin, line)) AddPath(*w, line);
    return w;
  }();
  return *kWork;
}

dw::GlobSet Compile(const Workload& w) {
  dw::Result<dw::GlobSet> set = dw::GlobSet::Compile(w.rules);
  if (!set.ok()) {
    std::fprintf(stderr, "compile: %s\n", set.status().ToString().c_str());
    std::abort();
  }
  return std::move(*set);
}

void BM_CompileRules(benchmark::State& state) {
  const Workload& w = Load();
  for (auto _ : state) benchmark::DoNotOptimize(Compile(w));
  state.counters["rules"] = static_cast<double>(w.rules.size());
}
BENCHMARK(BM_CompileRules)->Unit(benchmark::kMillisecond);

// Every path against every rule in one pass; the risk of a path is the
// highest severity among the rules that match it (py_glob's semantics).
void BM_ClassifyPaths(benchmark::State& state) {
  const Workload& w = Load();
  dw::GlobSet set = Compile(w);
  std::vector<int> hits;
  std::vector<std::int64_t> hist(6);
  // Warm the lazily built DFA once, as a long-running engine would be.
  for (std::size_t i = 0; i < w.paths.size() && i < 100000; ++i) {
    set.MatchPath(w.types[i], w.paths[i], &hits);
  }
  for (auto _ : state) {
    std::fill(hist.begin(), hist.end(), 0);
    for (std::size_t i = 0; i < w.paths.size(); ++i) {
      set.MatchPath(w.types[i], w.paths[i], &hits);
      int best = -1;
      for (int r : hits)
        best = std::max(best, w.severity[static_cast<std::size_t>(r)]);
      ++hist[static_cast<std::size_t>(best + 1)];
    }
    benchmark::DoNotOptimize(hist.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(w.paths.size()));
  state.counters["paths"] = static_cast<double>(w.paths.size());
  state.counters["rules"] = static_cast<double>(w.rules.size());
  const char* names[] = {"none", "sev0", "sev1", "sev2", "sev3", "sev4"};
  for (int i = 0; i < 6; ++i) {
    state.counters[names[i]] =
        static_cast<double>(hist[static_cast<std::size_t>(i)]);
  }
}
BENCHMARK(BM_ClassifyPaths)->Unit(benchmark::kMillisecond)->MinTime(2.0);

}  // namespace

BENCHMARK_MAIN();
