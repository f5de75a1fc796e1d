// File: tests/unit/audit/chain_gen.hpp
//
// Random but reproducible audit chains for the property tests: strings with
// escapes, control characters and non-ASCII text, and `detail` JSON with
// nesting, numbers and inner whitespace (hashed as exact bytes).
#ifndef DRIFTWISE_TESTS_UNIT_AUDIT_CHAIN_GEN_HPP
#define DRIFTWISE_TESTS_UNIT_AUDIT_CHAIN_GEN_HPP

#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "driftwise/audit.hpp"
#include "driftwise/json.hpp"

namespace dw::audit_test {

class ChainGen {
 public:
  explicit ChainGen(std::uint64_t seed) : rng_(seed) {}

  std::uint64_t Uniform(std::uint64_t lo, std::uint64_t hi) {
    return std::uniform_int_distribution<std::uint64_t>(lo, hi)(rng_);
  }
  bool Chance(int percent) {
    return Uniform(0, 99) < static_cast<unsigned>(percent);
  }

  std::string Text(std::size_t max_len) {
    static const char* kPieces[] = {"a",
                                    "b",
                                    "z",
                                    "0",
                                    "-",
                                    "_",
                                    ".",
                                    "/",
                                    " ",
                                    "\"",
                                    "\\",
                                    "\n",
                                    "\t",
                                    "\x01",
                                    "\xC3\xA9",
                                    "\xE2\x82\xAC",
                                    "\xF0\x9F\x98\x80",
                                    "user",
                                    "org",
                                    "aws_instance.web[0]"};
    std::string s;
    std::size_t n = Uniform(0, max_len);
    for (std::size_t i = 0; i < n; ++i) {
      s += kPieces[Uniform(0, std::size(kPieces) - 1)];
    }
    return s;
  }

  std::string ChainId() {
    return "org-" + std::to_string(Uniform(0, 999999)) +
           (Chance(20) ? "/\xC3\xA9t\xC3\xA9" : "");
  }

  std::string Time(std::uint64_t seq) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "2026-%02d-%02dT%02d:%02d:%02d",
                  static_cast<int>(1 + seq / 100000 % 12),
                  static_cast<int>(1 + seq / 3600 % 28),
                  static_cast<int>(seq / 60 % 24), static_cast<int>(seq % 60),
                  static_cast<int>(Uniform(0, 59)));
    std::string t = buf;
    if (Chance(50)) t += "." + std::to_string(Uniform(100000, 999999));
    t += Chance(90) ? "Z" : "+02:00";
    return t;
  }

  std::string Json(int depth = 0) {
    int kind = static_cast<int>(Uniform(0, depth > 2 ? 3 : 5));
    switch (kind) {
      case 0:
        return std::to_string(static_cast<std::int64_t>(Uniform(0, 1u << 31)) -
                              (1 << 30));
      case 1:
        return Chance(50) ? "true" : (Chance(50) ? "null" : "-1.5e-7");
      case 2:
      case 3: {
        std::string s;
        AppendJsonString(s, Text(12));
        return s;
      }
      case 4: {
        std::string s = "[";
        std::size_t n = Uniform(0, 4);
        for (std::size_t i = 0; i < n; ++i) {
          if (i) s += Chance(20) ? ", " : ",";
          s += Json(depth + 1);
        }
        return s + "]";
      }
      default: {
        std::string s = "{";
        std::size_t n = Uniform(0, 4);
        for (std::size_t i = 0; i < n; ++i) {
          if (i) s += ",";
          AppendJsonString(s, Text(6));
          s += Chance(20) ? ": " : ":";
          s += Json(depth + 1);
        }
        return s + "}";
      }
    }
  }

  AuditEventInput Input(const std::string& chain_id, std::uint64_t seq) {
    AuditEventInput in;
    in.chain_id = chain_id;
    in.time = Time(seq);
    in.actor = Text(6);
    in.action = Text(4);
    in.target = Text(8);
    in.detail = Chance(10) ? "{}" : Json();
    return in;
  }

  /// A valid chain of `n` events from genesis.
  std::vector<AuditEvent> Chain(std::size_t n, std::string chain_id = {}) {
    if (chain_id.empty()) chain_id = ChainId();
    std::vector<AuditEvent> chain;
    ChainHead head = EmptyChainHead(chain_id);
    for (std::size_t i = 0; i < n; ++i) {
      Result<AppendResult> r = AppendAuditEvent(head, Input(chain_id, i));
      if (!r.ok()) {
        std::fprintf(stderr, "generator bug: %s\n",
                     r.status().ToString().c_str());
        std::abort();
      }
      chain.push_back(r->event);
      head = r->head;
    }
    return chain;
  }

  /// Chain lengths as the property tests want them: mostly short, some long.
  std::size_t Length() {
    return Chance(5) ? Uniform(300, 2000) : Uniform(1, 120);
  }

 private:
  std::mt19937_64 rng_;
};

inline std::string ToJsonl(const std::vector<AuditEvent>& chain) {
  std::string out;
  for (const AuditEvent& e : chain) {
    out += AuditEventToJsonLine(e);
    out += '\n';
  }
  return out;
}

/// Recomputes prev_hash and hash of every event from `from` on (what an
/// attacker with write access does after editing).
inline void Rehash(std::vector<AuditEvent>& chain, std::size_t from) {
  for (std::size_t i = from; i < chain.size(); ++i) {
    chain[i].prev_hash =
        i == 0 ? GenesisPrevHash(chain[i].chain_id) : chain[i - 1].hash;
    chain[i].hash = ComputeAuditEventHash(chain[i]);
  }
}

}  // namespace dw::audit_test

#endif  // DRIFTWISE_TESTS_UNIT_AUDIT_CHAIN_GEN_HPP
