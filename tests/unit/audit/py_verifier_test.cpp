// File: tests/unit/audit/py_verifier_test.cpp
//
// The independent Python verifier (tests/audit/py_verify.py, stdlib only)
// must agree with the C++ library: on every known-answer vector, on
// hundreds of randomly tampered chains (same verdict, same first bad seq,
// same head), and on packs.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "chain_gen.hpp"
#include "driftwise/audit.hpp"
#include "driftwise/audit_checkpoint.hpp"
#include "driftwise/audit_pack.hpp"
#include "driftwise/json.hpp"

namespace dw::audit_test {
namespace {

namespace fs = std::filesystem;

const std::string kScript =
    std::string(DW_SOURCE_DIR) + "/tests/audit/py_verify.py";

struct PyRun {
  int exit_code = -1;
  std::string out;
};

PyRun RunPython(const std::string& args) {
  PyRun r;
  std::string cmd = "python3 " + kScript + " " + args + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return r;
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  int status = pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

fs::path TempDir(const std::string& name) {
  fs::path dir = fs::temp_directory_path() /
                 ("dw_audit_py_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void WriteFile(const fs::path& p, std::string_view data) {
  std::ofstream(p, std::ios::binary) << data;
}

TEST(AuditPythonVerifier, AgreesOnEveryKnownAnswerVector) {
  PyRun r = RunPython(std::string("vectors ") + DW_TEST_DATA_DIR +
                      "/audit/vectors.json");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find(" vectors, 0 mismatches"), std::string::npos) << r.out;
  int count =
      std::atoi(r.out.substr(r.out.rfind('\n', r.out.size() - 2) + 1).c_str());
  EXPECT_GE(count, 20) << r.out;
}

TEST(AuditPythonVerifier, DetectsACorruptedVector) {
  // Control: the Python check is able to fail.
  std::ifstream in(std::string(DW_TEST_DATA_DIR) + "/audit/vectors.json");
  std::string text((std::istreambuf_iterator<char>(in)), {});
  std::size_t at = text.find("\"encoded_hex\": \"") + 20;
  text[at] = text[at] == '0' ? '1' : '0';
  fs::path dir = TempDir("vec");
  WriteFile(dir / "vectors.json", text);
  PyRun r = RunPython("vectors " + (dir / "vectors.json").string());
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("MISMATCH"), std::string::npos) << r.out;
  fs::remove_all(dir);
}

TEST(AuditPythonVerifier, AgreesOnRandomTamperedChains) {
  ChainGen g(97);
  fs::path dir = TempDir("chains");
  std::vector<std::string> files;
  std::vector<VerifyReport> expected;
  for (int c = 0; c < 300; ++c) {
    std::vector<AuditEvent> chain = g.Chain(g.Uniform(1, 60));
    std::size_t k = g.Uniform(0, chain.size() - 1);
    switch (c % 8) {
      case 0:
        break;  // clean
      case 1:
        chain[k].detail = "[" + chain[k].detail + "]";
        break;
      case 2:
        chain[k].actor += "\xC3\xA9";
        break;
      case 3:
        if (chain.size() > 1)
          chain.erase(chain.begin() + static_cast<std::ptrdiff_t>(k));
        break;
      case 4:
        if (k + 1 < chain.size()) std::swap(chain[k], chain[k + 1]);
        break;
      case 5:
        chain[k].prev_hash[3] ^= 4;
        break;
      case 6:
        chain[k].seq += 1;
        break;
      case 7:
        chain.insert(chain.begin() + static_cast<std::ptrdiff_t>(k), chain[k]);
        break;
    }
    std::string text = ToJsonl(chain);
    if (c % 25 == 24)
      text.insert(text.size() / 2, "\n");  // a blank or cut line
    fs::path p = dir / ("c" + std::to_string(c) + ".jsonl");
    WriteFile(p, text);
    files.push_back(p.string());
    expected.push_back(VerifyAuditJsonl(text));
  }
  std::string args = "chains";
  for (const std::string& f : files) args += " " + f;
  PyRun r = RunPython(args);
  ASSERT_NE(r.exit_code, 2) << r.out.substr(0, 2000);
  std::size_t pos = 0;
  int broken = 0;
  for (std::size_t i = 0; i < files.size(); ++i) {
    std::size_t nl = r.out.find('\n', pos);
    ASSERT_NE(nl, std::string::npos) << "missing report " << i;
    Result<JsonDocument> rep = JsonDocument::Parse(r.out.substr(pos, nl - pos));
    ASSERT_TRUE(rep.ok()) << r.out.substr(pos, nl - pos);
    pos = nl + 1;
    JsonValue j = rep->root();
    const VerifyReport& want = expected[i];
    EXPECT_EQ(j.Get("status").as_string(), ChainStatusName(want.status))
        << files[i] << " C++: " << want.reason
        << " Python: " << j.Get("reason").as_string();
    EXPECT_EQ(j.Get("checked").as_uint64(), want.checked) << files[i];
    EXPECT_EQ(j.Get("first_bad_seq").is_null(), !want.first_bad_seq.has_value())
        << files[i];
    if (want.first_bad_seq) {
      EXPECT_EQ(j.Get("first_bad_seq").as_uint64(), *want.first_bad_seq)
          << files[i];
    }
    if (want.head_seq) {
      EXPECT_EQ(j.Get("head_seq").as_uint64(), *want.head_seq) << files[i];
      EXPECT_EQ(j.Get("head_hash").as_string(), want.head_hash) << files[i];
    }
    if (want.status == ChainStatus::kBroken) ++broken;
  }
  EXPECT_GT(broken, 150);  // the tampering classes above really tamper
  fs::remove_all(dir);
}

TEST(AuditPythonVerifier, VerifiesPacksOffline) {
  ChainGen g(101);
  std::vector<AuditEvent> chain = g.Chain(200);
  AuditPeriodSelection sel;
  sel.from_seq = 50;
  sel.to_seq = 149;
  AuditPackRequest req;
  req.period = *SelectAuditPeriod(chain, sel);
  std::array<std::uint8_t, 32> seed{};
  seed[5] = 9;
  req.key = *AuditSigningKeyFromSeed("py-pack", seed);
  std::string zip = *BuildAuditPack(req);
  fs::path dir = TempDir("pack");
  WriteFile(dir / "pack.zip", zip);
  WriteFile(dir / "key.pub", FormatAuditPublicKey(req.key.public_key) + "\n");
  PyRun ok = RunPython("pack " + (dir / "pack.zip").string() +
                       " --public-key " + (dir / "key.pub").string());
  EXPECT_EQ(ok.exit_code, 0) << ok.out;
  EXPECT_NE(ok.out.find("\"status\": \"intact\""), std::string::npos) << ok.out;
  EXPECT_NE(ok.out.find("\"head_seq\": 149"), std::string::npos) << ok.out;
  // A different pinned key, and damaged packs, fail in Python too.
  WriteFile(
      dir / "other.pub",
      FormatAuditPublicKey(GenerateAuditSigningKey("py-pack")->public_key) +
          "\n");
  EXPECT_EQ(RunPython("pack " + (dir / "pack.zip").string() + " --public-key " +
                      (dir / "other.pub").string())
                .exit_code,
            1);
  for (std::size_t pos : {zip.size() / 3, zip.size() / 2, zip.size() - 30}) {
    std::string bad = zip;
    bad[pos] = static_cast<char>(bad[pos] ^ 0x20);
    WriteFile(dir / "bad.zip", bad);
    PyRun r = RunPython("pack " + (dir / "bad.zip").string());
    EXPECT_EQ(r.exit_code, 1) << pos << ": " << r.out;
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace dw::audit_test
