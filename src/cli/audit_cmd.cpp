// File: src/cli/audit_cmd.cpp
//
// `driftwise audit verify|keygen|append|checkpoint|pack`: the tamper-evident
// audit chain from the command line (see docs/audit.md).
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "command_help.hpp"
#include "commands.hpp"
#include "driftwise/audit.hpp"
#include "driftwise/audit_checkpoint.hpp"
#include "driftwise/audit_pack.hpp"
#include "driftwise/time.hpp"

namespace dw::cli {
namespace {

Result<std::string> ReadInput(const std::string& path) {
  if (path == "-") {
    std::string data((std::istreambuf_iterator<char>(std::cin)), {});
    return data;
  }
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) return NotFoundError("cannot open " + path);
  std::streamoff size = in.tellg();
  if (size < 0) return Status(StatusCode::kUnavailable, "cannot read " + path);
  std::string data(static_cast<std::size_t>(size), '\0');
  in.seekg(0);
  if (!in.read(data.data(), size)) {
    return Status(StatusCode::kUnavailable, "cannot read " + path);
  }
  return data;
}

// A chain or pack to verify: memory-mapped when it is a regular file, since
// chains can be hundreds of MB and copying them costs more than checking.
class InputBytes {
 public:
  InputBytes() = default;
  InputBytes(const InputBytes&) = delete;
  InputBytes& operator=(const InputBytes&) = delete;
  ~InputBytes() {
    if (map_ != nullptr) ::munmap(map_, map_size_);
  }

  Status Open(const std::string& path) {
    if (path != "-") {
      int fd = ::open(path.c_str(), O_RDONLY);
      if (fd < 0) return NotFoundError("cannot open " + path);
      struct stat st {};
      if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
        void* m = ::mmap(nullptr, static_cast<std::size_t>(st.st_size),
                         PROT_READ, MAP_PRIVATE, fd, 0);
        if (m != MAP_FAILED) {
          map_ = m;
          map_size_ = static_cast<std::size_t>(st.st_size);
          ::close(fd);
          return OkStatus();
        }
      }
      ::close(fd);
    }
    Result<std::string> data = ReadInput(path);
    if (!data.ok()) return data.status();
    copy_ = std::move(*data);
    return OkStatus();
  }

  std::string_view view() const {
    return map_ != nullptr
               ? std::string_view(static_cast<const char*>(map_), map_size_)
               : std::string_view(copy_);
  }

 private:
  void* map_ = nullptr;
  std::size_t map_size_ = 0;
  std::string copy_;
};

Status WriteFile(const std::string& path, std::string_view data, bool secret,
                 bool force) {
  int flags = O_WRONLY | O_CREAT | O_TRUNC | (force ? 0 : O_EXCL);
  int fd = ::open(path.c_str(), flags, secret ? 0600 : 0644);
  if (fd < 0) {
    return Status(StatusCode::kAlreadyExists,
                  "cannot create " + path +
                      (force ? "" : " (it may exist; use --force)"));
  }
  std::size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n <= 0) {
      ::close(fd);
      return Status(StatusCode::kUnavailable, "cannot write " + path);
    }
    done += static_cast<std::size_t>(n);
  }
  if (::close(fd) != 0) {
    return Status(StatusCode::kUnavailable, "cannot write " + path);
  }
  return OkStatus();
}

int Fail(const Status& s) {
  std::fprintf(stderr, "driftwise audit: %s\n", s.ToString().c_str());
  return kExitError;
}

std::string NowRfc3339() {
  return FormatRfc3339Seconds(NowUnixMicros() / 1000000);
}

Result<std::vector<AuditEvent>> ReadIntactChain(const std::string& path) {
  DW_ASSIGN_OR_RETURN(std::string text, ReadInput(path));
  Result<std::vector<AuditEvent>> events = ParseIntactChain(text);
  if (!events.ok()) return events.status().WithContext(path);
  return events;
}

// ---- verify -----------------------------------------------------------------

struct VerifyArgs {
  std::string file;
  std::optional<std::uint64_t> expected_min_seq;
  std::string checkpoint;
  std::string public_key;
  std::string output = "text";
  unsigned threads = 0;
};

void PrintText(const VerifyReport& r, const PackVerifyReport* pack) {
  if (pack != nullptr && !pack->chain_id.empty()) {
    std::printf(
        "pack: chain %s, period from seq %s, %llu checkpoint(s) "
        "verified, key %s%s\n",
        pack->chain_id.c_str(),
        pack->from_seq ? std::to_string(*pack->from_seq).c_str() : "?",
        static_cast<unsigned long long>(pack->checkpoints_verified),
        pack->key.c_str(), pack->key_pinned ? " (pinned)" : "");
  }
  std::string head = r.head_seq ? "head seq " + std::to_string(*r.head_seq) +
                                      " hash " + r.head_hash
                                : std::string("no events");
  switch (r.status) {
    case ChainStatus::kIntact:
      std::printf("intact: %llu events checked, %s\n",
                  static_cast<unsigned long long>(r.checked), head.c_str());
      break;
    case ChainStatus::kBroken:
      std::printf("broken%s: %s (%llu events verified before it)\n",
                  r.first_bad_seq
                      ? (" at seq " + std::to_string(*r.first_bad_seq)).c_str()
                      : "",
                  r.reason.c_str(), static_cast<unsigned long long>(r.checked));
      break;
    case ChainStatus::kTruncated:
      std::printf("truncated: %s (%s)\n", r.reason.c_str(), head.c_str());
      break;
  }
}

int RunVerify(const VerifyArgs& a) {
  if (a.output != "text" && a.output != "json") {
    return Fail(InvalidArgumentError("--output must be text or json"));
  }
  InputBytes input;
  Status opened = input.Open(a.file);
  if (!opened.ok()) return Fail(opened);
  std::string_view data = input.view();
  std::optional<AuditPublicKey> key;
  if (!a.public_key.empty()) {
    Result<std::string> text = ReadInput(a.public_key);
    if (!text.ok()) return Fail(text.status());
    Result<AuditPublicKey> k = ParseAuditPublicKey(*text);
    if (!k.ok()) return Fail(k.status().WithContext(a.public_key));
    key = *k;
  }
  std::optional<ChainAnchor> anchor;
  if (!a.checkpoint.empty()) {
    if (!key) {
      return Fail(InvalidArgumentError(
          "--checkpoint needs --public-key to check its signature"));
    }
    Result<std::string> note = ReadInput(a.checkpoint);
    if (!note.ok()) return Fail(note.status());
    Result<AuditCheckpoint> cp = VerifyAuditCheckpoint(*note, *key);
    if (!cp.ok()) return Fail(cp.status().WithContext(a.checkpoint));
    anchor = CheckpointAnchor(*cp);
  }
  VerifyReport chain;
  std::string json;
  std::optional<PackVerifyReport> pack;
  if (LooksLikeZip(data)) {
    PackVerifyOptions opts;
    opts.trusted_key = key;
    opts.checkpoint = anchor;
    opts.expected_min_seq = a.expected_min_seq;
    opts.threads = a.threads;
    pack = VerifyAuditPack(data, opts);
    chain = pack->chain;
    json = PackVerifyReportToJson(*pack);
    if (anchor && pack->from_seq && anchor->seq + 1 < *pack->from_seq) {
      std::fprintf(stderr,
                   "driftwise audit: warning: the checkpoint (seq %llu) is "
                   "older than the pack's period; it could not be checked\n",
                   static_cast<unsigned long long>(anchor->seq));
    }
    if (!pack->key_pinned && chain.status == ChainStatus::kIntact) {
      std::fprintf(stderr,
                   "driftwise audit: warning: the pack's own key was used; "
                   "pass --public-key to pin the key you trust\n");
    }
  } else {
    VerifyOptions opts;
    opts.expected_min_seq = a.expected_min_seq;
    opts.checkpoint = anchor;
    opts.threads = a.threads;
    chain = VerifyAuditJsonl(data, opts);
    json = VerifyReportToJson(chain);
  }
  if (a.output == "json") {
    std::printf("%s\n", json.c_str());
  } else {
    PrintText(chain, pack ? &*pack : nullptr);
  }
  return chain.status == ChainStatus::kIntact ? kExitOk : kExitFinding;
}

// ---- keygen -----------------------------------------------------------------

int RunKeygen(const std::string& name, const std::string& private_path,
              const std::string& public_path, bool force) {
  Result<AuditSigningKey> key = GenerateAuditSigningKey(name);
  if (!key.ok()) return Fail(key.status());
  Status s = WriteFile(private_path, FormatAuditPrivateKey(*key) + "\n",
                       /*secret=*/true, force);
  if (!s.ok()) return Fail(s);
  std::string pub = FormatAuditPublicKey(key->public_key) + "\n";
  s = WriteFile(public_path, pub, /*secret=*/false, force);
  if (!s.ok()) return Fail(s);
  std::printf("%s", pub.c_str());
  return kExitOk;
}

Result<AuditSigningKey> LoadPrivateKey(const std::string& path) {
  DW_ASSIGN_OR_RETURN(std::string text, ReadInput(path));
  Result<AuditSigningKey> key = ParseAuditPrivateKey(text);
  if (!key.ok()) return key.status().WithContext(path);
  return key;
}

// ---- append -----------------------------------------------------------------

int RunAppend(const std::string& input_path, const std::string& chain_path) {
  std::optional<ChainHead> head;
  if (!chain_path.empty()) {
    Result<std::vector<AuditEvent>> chain = ReadIntactChain(chain_path);
    if (!chain.ok()) return Fail(chain.status());
    if (!chain->empty()) head = HeadAfter(chain->back());
  }
  Result<std::string> input = ReadInput(input_path);
  if (!input.ok()) return Fail(input.status());
  std::string_view text = *input;
  std::string out;
  std::size_t pos = 0;
  std::uint64_t line_no = 1;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    std::size_t end = nl == std::string_view::npos ? text.size() : nl;
    std::string_view line = text.substr(pos, end - pos);
    Result<AuditEventInput> in = ParseAuditInputLine(line, pos);
    if (!in.ok()) {
      return Fail(in.status().WithContext(input_path + " line " +
                                          std::to_string(line_no)));
    }
    if (!head) head = EmptyChainHead(in->chain_id);
    Result<AppendResult> appended = AppendAuditEvent(*head, *in);
    if (!appended.ok()) {
      return Fail(appended.status().WithContext(
          input_path + " line " + std::to_string(line_no) +
          " (starting at byte " + std::to_string(pos) + ")"));
    }
    out += AuditEventToJsonLine(appended->event);
    out += '\n';
    head = appended->head;
    pos = end + 1;
    ++line_no;
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return std::fflush(stdout) == 0 ? kExitOk : kExitError;
}

// ---- checkpoint
// ---------------------------------------------------------------

int RunCheckpoint(const std::string& chain_path, const std::string& key_path,
                  const std::string& time) {
  Result<std::vector<AuditEvent>> chain = ReadIntactChain(chain_path);
  if (!chain.ok()) return Fail(chain.status());
  if (chain->empty()) {
    return Fail(InvalidArgumentError(chain_path + " has no events"));
  }
  Result<AuditSigningKey> key = LoadPrivateKey(key_path);
  if (!key.ok()) return Fail(key.status());
  const AuditEvent& head = chain->back();
  Result<std::string> note =
      SignAuditCheckpoint(AuditCheckpoint{head.chain_id, head.seq, head.hash,
                                          time.empty() ? NowRfc3339() : time},
                          *key);
  if (!note.ok()) return Fail(note.status());
  std::printf("%s", note->c_str());
  return kExitOk;
}

// ---- pack
// ---------------------------------------------------------------------

struct PackArgs {
  std::string chain;
  std::string private_key;
  std::string out;
  std::optional<std::uint64_t> from_seq, to_seq;
  std::string from_time, to_time, checkpoint_time;
  std::vector<std::string> checkpoints;
  bool force = false;
};

int RunPack(const PackArgs& a) {
  Result<std::vector<AuditEvent>> chain = ReadIntactChain(a.chain);
  if (!chain.ok()) return Fail(chain.status());
  Result<AuditSigningKey> key = LoadPrivateKey(a.private_key);
  if (!key.ok()) return Fail(key.status());
  AuditPeriodSelection sel;
  sel.from_seq = a.from_seq;
  sel.to_seq = a.to_seq;
  if (!a.from_time.empty()) sel.from_time = a.from_time;
  if (!a.to_time.empty()) sel.to_time = a.to_time;
  Result<AuditPeriod> period = SelectAuditPeriod(*chain, sel);
  if (!period.ok()) return Fail(period.status());
  AuditPackRequest req;
  req.period = std::move(*period);
  req.key = *key;
  req.checkpoint_time = a.checkpoint_time;
  for (const std::string& path : a.checkpoints) {
    Result<std::string> note = ReadInput(path);
    if (!note.ok()) return Fail(note.status());
    req.extra_checkpoints.push_back(std::move(*note));
  }
  Result<std::string> zip = BuildAuditPack(req);
  if (!zip.ok()) return Fail(zip.status());
  if (a.out == "-") {
    std::fwrite(zip->data(), 1, zip->size(), stdout);
    return std::fflush(stdout) == 0 ? kExitOk : kExitError;
  }
  Status s = WriteFile(a.out, *zip, /*secret=*/false, a.force);
  if (!s.ok()) return Fail(s);
  std::fprintf(stderr, "wrote %s: %zu events, %zu bytes\n", a.out.c_str(),
               req.period.events.size(), zip->size());
  return kExitOk;
}

}  // namespace

void RegisterAuditCommands(CLI::App& app, int* exit_code) {
  CLI::App* audit = app.add_subcommand(
      "audit", "Tamper-evident audit chain: verify, keys, append, packs");
  audit->require_subcommand(1);

  auto verify = std::make_shared<VerifyArgs>();
  CLI::App* v = audit->add_subcommand(
      "verify",
      "Verify a JSONL chain or a compliance pack (exit 0 intact, "
      "1 broken/truncated, 2 error)");
  v->add_option("FILE", verify->file, "chain JSONL or pack ZIP ('-' = stdin)")
      ->required();
  v->add_option("--expected-min-seq", verify->expected_min_seq,
                "the chain must reach at least this seq");
  v->add_option("--checkpoint", verify->checkpoint,
                "an earlier signed checkpoint the chain must pass through");
  v->add_option("--public-key", verify->public_key,
                "the trusted public key (checks --checkpoint; pins a pack's "
                "key)");
  v->add_option("--output", verify->output, "text or json");
  v->add_option("--threads", verify->threads,
                "threads for parsing and hashing (0 = all cores)");
  DescribeCommand(
      v,
      "status (intact, broken, truncated), events checked, head seq "
      "and hash, first bad seq, as text or json",
      "intact", "broken or truncated");
  v->callback([verify, exit_code] { *exit_code = RunVerify(*verify); });

  auto kg = std::make_shared<std::vector<std::string>>(3);
  auto kg_force = std::make_shared<bool>(false);
  (*kg)[0] = "driftwise-audit";
  CLI::App* k = audit->add_subcommand(
      "keygen", "Create an Ed25519 checkpoint signing key");
  k->add_option("--name", (*kg)[0], "key name (no '+' or spaces)");
  k->add_option("--private-key", (*kg)[1], "file for the private key (0600)")
      ->required();
  k->add_option("--public-key", (*kg)[2], "file for the public key")
      ->required();
  k->add_flag("--force", *kg_force, "overwrite existing files");
  DescribeCommand(k, "the two key files; the public key on stdout", "written");
  k->callback([kg, kg_force, exit_code] {
    *exit_code = RunKeygen((*kg)[0], (*kg)[1], (*kg)[2], *kg_force);
  });

  auto ap = std::make_shared<std::vector<std::string>>(2);
  (*ap)[0] = "-";
  CLI::App* a = audit->add_subcommand(
      "append", "Chain input events (JSONL) and print the chained lines");
  a->add_option("INPUT", (*ap)[0],
                "input events, one JSON object per line ('-' = stdin)");
  a->add_option("--chain", (*ap)[1],
                "existing chain to continue (must verify intact)");
  DescribeCommand(a, "the chained JSONL lines on stdout", "appended");
  a->callback([ap, exit_code] { *exit_code = RunAppend((*ap)[0], (*ap)[1]); });

  auto cpa = std::make_shared<std::vector<std::string>>(3);
  CLI::App* c = audit->add_subcommand("checkpoint",
                                      "Sign a checkpoint of a chain's head");
  c->add_option("--chain", (*cpa)[0], "the chain JSONL")->required();
  c->add_option("--private-key", (*cpa)[1], "the signing key")->required();
  c->add_option("--time", (*cpa)[2], "checkpoint time (default: now)");
  DescribeCommand(c, "the signed checkpoint note on stdout", "signed");
  c->callback([cpa, exit_code] {
    *exit_code = RunCheckpoint((*cpa)[0], (*cpa)[1], (*cpa)[2]);
  });

  auto pk = std::make_shared<PackArgs>();
  CLI::App* p = audit->add_subcommand(
      "pack", "Write a deterministic compliance pack (ZIP) for a period");
  p->add_option("--chain", pk->chain, "the chain JSONL")->required();
  p->add_option("--private-key", pk->private_key,
                "key that signs the period's head checkpoint")
      ->required();
  p->add_option("-o,--out", pk->out, "output ZIP ('-' = stdout)")->required();
  p->add_option("--from-seq", pk->from_seq, "first seq of the period");
  p->add_option("--to-seq", pk->to_seq, "last seq of the period");
  p->add_option("--from-time", pk->from_time, "period start (RFC 3339, incl.)");
  p->add_option("--to-time", pk->to_time, "period end (RFC 3339, excl.)");
  p->add_option("--checkpoint-time", pk->checkpoint_time,
                "time in the head checkpoint (default: the last event's)");
  p->add_option("--checkpoint", pk->checkpoints,
                "earlier signed checkpoints inside the period to include");
  p->add_flag("--force", pk->force, "overwrite the output file");
  DescribeCommand(p, "the ZIP at --out (stdout for -)", "written");
  p->callback([pk, exit_code] { *exit_code = RunPack(*pk); });
}

}  // namespace dw::cli
