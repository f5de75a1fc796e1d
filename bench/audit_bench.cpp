// File: bench/audit_bench.cpp
//
// Audit chain throughput on a generated 1M-event chain (events shaped like
// /work/shared/tools/baselines/gen_audit.py's: actor, action, resource
// address, a detail object with a scan id, counts and a severity):
//   BM_VerifyJsonl/threads:N  parse + encode + SHA-256 + link checks, the
//                             work of `driftwise audit verify FILE`
//   BM_VerifyEvents           the same on already-parsed events
//   BM_Append                 chaining new events (encode + SHA-256)
// The comparison with the independent Python verifier on the same JSONL
// file is bench/audit_compare.sh.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "driftwise/audit.hpp"

namespace {

constexpr int kEvents = 1000000;

const char* const kActions[] = {
    "drift.scan.started", "drift.scan.completed",  "drift.item.acknowledged",
    "policy.updated",     "remediation.pr.opened", "user.login",
    "apikey.created",     "state_source.added"};
const char* const kSeverity[] = {"low", "medium", "high", "critical"};

dw::AuditEventInput MakeInput(std::mt19937_64& rng, int i) {
  char buf[256];
  dw::AuditEventInput in;
  in.chain_id = "org-0042";
  std::snprintf(buf, sizeof buf, "2025-06-%02dT%02d:%02d:%02d.%06dZ",
                1 + i / 86400 % 28, i / 3600 % 24, i / 60 % 60, i % 60,
                static_cast<int>(rng() % 1000000));
  in.time = buf;
  in.actor = "user" + std::to_string(rng() % 500) + "@example.com";
  in.action = kActions[rng() % 8];
  std::snprintf(buf, sizeof buf, "module.app[\"prod\"].aws_instance.web_%d[%d]",
                static_cast<int>(rng() % 1000), static_cast<int>(rng() % 8));
  in.target = buf;
  std::snprintf(buf, sizeof buf,
                "{\"scan_id\":\"%016llx%016llx\",\"drift_items\":%d,"
                "\"severity\":\"%s\",\"note\":\"%s\"}",
                static_cast<unsigned long long>(rng()),
                static_cast<unsigned long long>(rng()),
                static_cast<int>(rng() % 200), kSeverity[rng() % 4],
                i % 1000 == 0 ? "\xC3\xBCn\xC3\xAF"
                                "code ok"
                              : "ok");
  in.detail = buf;
  return in;
}

struct Workload {
  std::vector<dw::AuditEvent> events;
  std::string jsonl;
};

const Workload& Chain() {
  static const Workload w = [] {
    Workload out;
    std::mt19937_64 rng(7);
    dw::ChainHead head = dw::EmptyChainHead("org-0042");
    out.events.reserve(kEvents);
    for (int i = 0; i < kEvents; ++i) {
      dw::Result<dw::AppendResult> r =
          dw::AppendAuditEvent(head, MakeInput(rng, i));
      if (!r.ok()) std::abort();
      out.jsonl += dw::AuditEventToJsonLine(r->event);
      out.jsonl += '\n';
      head = r->head;
      out.events.push_back(std::move(r->event));
    }
    return out;
  }();
  return w;
}

void BM_VerifyJsonl(benchmark::State& state) {
  const Workload& w = Chain();
  dw::VerifyOptions opts;
  opts.threads = static_cast<unsigned>(state.range(0));
  for (auto _ : state) {
    dw::VerifyReport r = dw::VerifyAuditJsonl(w.jsonl, opts);
    if (r.status != dw::ChainStatus::kIntact || r.checked != kEvents) {
      state.SkipWithError(r.reason.c_str());
      break;
    }
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations() * kEvents);
  state.SetBytesProcessed(state.iterations() *
                          static_cast<std::int64_t>(w.jsonl.size()));
}
BENCHMARK(BM_VerifyJsonl)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void BM_VerifyEvents(benchmark::State& state) {
  const Workload& w = Chain();
  for (auto _ : state) {
    dw::VerifyReport r = dw::VerifyAuditEvents(w.events);
    if (r.status != dw::ChainStatus::kIntact) {
      state.SkipWithError(r.reason.c_str());
      break;
    }
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations() * kEvents);
}
BENCHMARK(BM_VerifyEvents)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_Append(benchmark::State& state) {
  std::mt19937_64 rng(11);
  std::vector<dw::AuditEventInput> inputs;
  for (int i = 0; i < 10000; ++i) inputs.push_back(MakeInput(rng, i));
  for (auto _ : state) {
    dw::ChainHead head = dw::EmptyChainHead("org-0042");
    for (const dw::AuditEventInput& in : inputs) {
      dw::Result<dw::AppendResult> r = dw::AppendAuditEvent(head, in);
      head = std::move(r->head);
    }
    benchmark::DoNotOptimize(head);
  }
  state.SetItemsProcessed(state.iterations() *
                          static_cast<std::int64_t>(inputs.size()));
}
BENCHMARK(BM_Append)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
