// Starts an emulator (moto_server, azurite, a Python stand-in) on a free
// loopback port for one test, waits until it answers HTTP, and stops it —
// by its own process id — when the test ends.
#ifndef DRIFTWISE_TESTS_CONNECTORS_EMULATOR_PROCESS_HPP
#define DRIFTWISE_TESTS_CONNECTORS_EMULATOR_PROCESS_HPP

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "driftwise/connectors/http_client.hpp"
#include "request.hpp"

extern char** environ;

namespace dw::connectors::testing {

/// The full path of `name` on PATH, or "".
inline std::string FindOnPath(const std::string& name) {
  const char* path = std::getenv("PATH");
  if (path == nullptr) return {};
  std::string p = path;
  std::size_t start = 0;
  while (start <= p.size()) {
    std::size_t colon = p.find(':', start);
    std::string dir = p.substr(start, colon - start);
    std::string full = (dir.empty() ? "." : dir) + "/" + name;
    if (access(full.c_str(), X_OK) == 0) return full;
    if (colon == std::string::npos) break;
    start = colon + 1;
  }
  return {};
}

/// A port nothing listens on right now (bound then released).
inline int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  int port = ntohs(a.sin_port);
  close(fd);
  return port;
}

/// A client allowed to talk to emulators on loopback over plain http.
inline HttpClientOptions LoopbackOptions() {
  HttpClientOptions o;
  o.policy.allow_http = true;
  o.policy.allow_loopback = true;
  o.max_attempts = 2;
  o.backoff_base = std::chrono::milliseconds(50);
  return o;
}

class EmulatorProcess {
 public:
  /// Spawns argv (argv[0] a full path); `ready_url` is polled until it
  /// answers anything within `timeout`.
  EmulatorProcess(std::vector<std::string> argv, const std::string& ready_url,
                  std::chrono::seconds timeout,
                  const std::string& log_path = "/dev/null") {
    std::vector<char*> args;
    for (std::string& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, log_path.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&fa, 1, 2);
    if (posix_spawn(&pid_, args[0], &fa, nullptr, args.data(), environ) != 0) {
      pid_ = -1;
    }
    posix_spawn_file_actions_destroy(&fa);
    if (pid_ <= 0) return;
    HttpClientOptions o = LoopbackOptions();
    o.max_attempts = 1;
    o.connect_timeout = std::chrono::milliseconds(500);
    HttpClient client(o);
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;  // exited early
        return;
      }
      if (client.Send(Req("GET", ready_url)).ok()) {
        ready_ = true;
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
  }
  ~EmulatorProcess() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    for (int i = 0; i < 50; ++i) {
      if (waitpid(pid_, nullptr, WNOHANG) == pid_) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  EmulatorProcess(const EmulatorProcess&) = delete;
  EmulatorProcess& operator=(const EmulatorProcess&) = delete;

  bool ready() const { return ready_; }

 private:
  pid_t pid_ = -1;
  bool ready_ = false;
};

}  // namespace dw::connectors::testing

#endif  // DRIFTWISE_TESTS_CONNECTORS_EMULATOR_PROCESS_HPP
