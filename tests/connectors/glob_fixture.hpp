// The 1,000-object layout the S3 and Azure glob tests store, and the three
// glob patterns with their expected matches derived from how the keys were
// made (not from the matcher under test, which is libc's fnmatch here).
#ifndef DRIFTWISE_TESTS_CONNECTORS_GLOB_FIXTURE_HPP
#define DRIFTWISE_TESTS_CONNECTORS_GLOB_FIXTURE_HPP

#include <fnmatch.h>

#include <cstdio>
#include <set>
#include <string>
#include <vector>

namespace dw::connectors::testing {

struct GlobLayout {
  std::vector<std::string> keys;         // 1,000 keys
  std::set<std::string> prod_states;     // env/prod/*/terraform.tfstate
  std::set<std::string> network_states;  // env/*/network/terraform.tfstate
  std::set<std::string> dev_app1x;       // env/dev/app-1?/*.tfstate
};

inline GlobLayout MakeGlobLayout() {
  GlobLayout g;
  const char* envs[] = {"prod", "staging", "dev", "qa"};
  for (const char* env : envs) {
    for (int c = -1; c < 50; ++c) {
      char comp[16];
      if (c < 0) {
        std::snprintf(comp, sizeof comp, "network");
      } else {
        std::snprintf(comp, sizeof comp, "app-%02d", c);
      }
      std::string dir = std::string("env/") + env + "/" + comp + "/";
      g.keys.push_back(dir + "terraform.tfstate");
      if (std::string(env) == "prod")
        g.prod_states.insert(dir + "terraform.tfstate");
      if (c < 0) g.network_states.insert(dir + "terraform.tfstate");
      if (c >= 0) {
        g.keys.push_back(dir + "backup.tfstate");
        if (std::string(env) == "dev" && c >= 10 && c <= 19) {
          g.dev_app1x.insert(dir + "terraform.tfstate");
          g.dev_app1x.insert(dir + "backup.tfstate");
        }
      }
    }
  }
  for (int i = 0; g.keys.size() < 1000; ++i) {
    char k[32];
    std::snprintf(k, sizeof k, "misc/file-%03d.txt", i);
    g.keys.push_back(k);
  }
  return g;
}

inline std::set<std::string> Matching(const std::vector<std::string>& keys,
                                      const char* pattern) {
  std::set<std::string> out;
  for (const std::string& k : keys) {
    if (fnmatch(pattern, k.c_str(), FNM_PATHNAME) == 0) out.insert(k);
  }
  return out;
}

/// The bytes stored under key number `i`: a small state whose serial is i,
/// with bytes 0..255 in a sensitive-looking string to prove byte fidelity.
inline std::string ObjectBytes(std::size_t i) {
  return "{\"version\":4,\"terraform_version\":\"1.6.0\",\"serial\":" +
         std::to_string(i) +
         ",\"lineage\":\"glob-test\",\"outputs\":{},\"resources\":[]}";
}

}  // namespace dw::connectors::testing

#endif  // DRIFTWISE_TESTS_CONNECTORS_GLOB_FIXTURE_HPP
