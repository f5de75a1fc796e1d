// kill -9 during writes: a child process (three writer threads) appends
// (API key + its org-chain event + a platform event, one Write per key)
// and reports each
// acknowledged key id on a pipe; the parent kills it with SIGKILL at a
// random moment, reopens the database and checks that every acknowledged
// key is there, that no write is half-applied, that every chain verifies
// and that integrity_check is ok. Repeated on the same file, so later
// rounds also recover from the earlier crashes.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <random>
#include <sstream>
#include <thread>

#include "store_test_util.hpp"

namespace dw::server::testing {
namespace {

constexpr int kRounds = 20;
constexpr int kChildWriters = 3;

// One writer thread of the child: writes until killed (or for 20 s at
// most, in case the parent is gone).
void WriterLoop(Store& store, const std::string& org_id, int out_fd) {
  auto stop = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  for (std::uint8_t n = 0; std::chrono::steady_clock::now() < stop; ++n) {
    std::string id = NewUuidV4();
    dw::Status st = store.Write([&](StoreTx& tx) {
      ApiKey k{.id = id,
               .org_id = org_id,
               .name = "load",
               .key_prefix = "dw_" + id.substr(0, 8) + id.substr(24),
               .key_hash = HashOf(n),
               .last4 = "abcd"};
      DW_RETURN_IF_ERROR(tx.CreateApiKey(k).status());
      DW_RETURN_IF_ERROR(tx.AppendAudit({.chain_id = OrgChainId(org_id),
                                         .org_id = org_id,
                                         .time = NowRfc3339(),
                                         .actor = "child",
                                         .action = "api_key.created",
                                         .target = id})
                             .status());
      return tx
          .AppendAudit({.chain_id = std::string(kPlatformChainId),
                        .time = NowRfc3339(),
                        .actor = "child",
                        .action = "api_key.created",
                        .target = id})
          .status();
    });
    std::string line = st.ok() ? id + "\n" : "ERR " + st.ToString() + "\n";
    // One write(2) per line (< PIPE_BUF): the parent never sees half an id.
    if (write(out_fd, line.data(), line.size()) !=
        static_cast<ssize_t>(line.size())) {
      _exit(4);
    }
    if (!st.ok()) _exit(5);
  }
}

// The child: never returns. Several writer threads, so that kills also
// land while writes share a group commit.
[[noreturn]] void WriterChild(const std::string& path,
                              const std::string& org_id, int out_fd) {
  auto store = OpenSqliteStore({.path = path, .read_connections = 1});
  if (!store.ok()) {
    std::string msg = "ERR " + store.status().ToString() + "\n";
    (void)!write(out_fd, msg.data(), msg.size());
    _exit(3);
  }
  std::vector<std::thread> writers;
  for (int i = 0; i < kChildWriters; ++i) {
    writers.emplace_back(WriterLoop, std::ref(**store), std::cref(org_id),
                         out_fd);
  }
  for (auto& w : writers) w.join();
  _exit(0);
}

// Reads whatever the child has written so far into `buf`; returns false at
// EOF.
bool Drain(int fd, std::string& buf) {
  char chunk[4096];
  for (;;) {
    ssize_t n = read(fd, chunk, sizeof chunk);
    if (n > 0) {
      buf.append(chunk, static_cast<std::size_t>(n));
      continue;
    }
    if (n == 0) return false;
    return errno == EINTR || errno == EAGAIN;
  }
}

TEST(StoreDurability, KillNineLosesNoAcknowledgedWrite) {
  TempDir dir;
  std::string path = dir.File("crash.db");
  std::string org_id;
  {
    auto store = OpenStore(path, 1);
    ASSERT_NE(store, nullptr);
    MustWrite(*store, [&](StoreTx& tx) {
      DW_ASSIGN_OR_RETURN(Org org, tx.CreateOrg({.name = "C", .slug = "c"}));
      org_id = org.id;
      return dw::OkStatus();
    });
  }  // closed before forking: no connection may cross a fork

  std::mt19937 rng(std::random_device{}());
  std::uniform_int_distribution<int> delay_ms(5, 250);
  std::vector<std::string> acked;
  for (int round = 0; round < kRounds; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      close(fds[0]);
      WriterChild(path, org_id, fds[1]);
    }
    close(fds[1]);
    fcntl(fds[0], F_SETFL, O_NONBLOCK);
    std::string out;
    auto kill_at = std::chrono::steady_clock::now() +
                   std::chrono::milliseconds(delay_ms(rng));
    bool open = true;
    while (open && std::chrono::steady_clock::now() < kill_at) {
      pollfd p{fds[0], POLLIN, 0};
      poll(&p, 1, 5);
      open = Drain(fds[0], out);
    }
    kill(pid, SIGKILL);
    int wstatus = 0;
    ASSERT_EQ(waitpid(pid, &wstatus, 0), pid);
    while (Drain(fds[0], out)) {
      pollfd p{fds[0], POLLIN, 0};
      poll(&p, 1, 50);
    }
    close(fds[0]);
    ASSERT_TRUE(WIFSIGNALED(wstatus) && WTERMSIG(wstatus) == SIGKILL)
        << "child ended on its own: " << out;

    std::istringstream lines(out);
    std::string line;
    while (std::getline(lines, line)) {
      ASSERT_EQ(line.rfind("ERR", 0), std::string::npos) << line;
      acked.push_back(line);
    }

    auto store = OpenStore(path, 1);
    ASSERT_NE(store, nullptr);
    MustRead(*store, [&](StoreReader& r) {
      for (const std::string& id : acked) {
        auto key = r.GetApiKey(org_id, id);
        EXPECT_TRUE(key.ok()) << "acknowledged key lost: " << id;
      }
      DW_ASSIGN_OR_RETURN(std::int64_t keys, r.CountActiveApiKeys(org_id));
      // Writes may have committed without their acknowledgement getting
      // out (killed in between): at most one per writer thread per kill.
      EXPECT_GE(keys, static_cast<std::int64_t>(acked.size()));
      EXPECT_LE(keys, static_cast<std::int64_t>(acked.size()) +
                          kChildWriters * (round + 1));
      for (const std::string& chain :
           {OrgChainId(org_id), std::string(kPlatformChainId)}) {
        DW_ASSIGN_OR_RETURN(auto events, r.LoadChain(chain));
        dw::VerifyOptions opts;
        opts.chain_id = chain;
        dw::VerifyReport report = dw::VerifyAuditEvents(events, opts);
        EXPECT_EQ(report.status, dw::ChainStatus::kIntact)
            << chain << ": " << report.reason;
        // Each transaction wrote one key and one event per chain: none is
        // half-applied.
        EXPECT_EQ(static_cast<std::int64_t>(events.size()), keys) << chain;
      }
      return dw::OkStatus();
    });
    store.reset();
    EXPECT_EQ(RawQuery(path, "PRAGMA integrity_check"), "ok");
  }
  // The test only means something if the child got writes acknowledged.
  EXPECT_GT(acked.size(), static_cast<std::size_t>(kRounds));
  std::printf("durability: %zu acknowledged writes over %d kills\n",
              acked.size(), kRounds);
}

}  // namespace
}  // namespace dw::server::testing
