// File: server/http/signals.cpp
#include "http/signals.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <string>

namespace dw::server {
namespace {

// The pipe's write end, read by the handler; -1 when none is installed.
std::atomic<int> g_write_fd{-1};

// Byte the destructor writes to end the watcher (not a signal number).
constexpr unsigned char kQuit = 0;

extern "C" void OnShutdownSignal(int signo) {
  const int saved_errno = errno;  // write() may clobber it for the program
  const int fd = g_write_fd.load();
  if (fd >= 0) {
    const auto byte = static_cast<unsigned char>(signo);
    // A full pipe means a wake-up is pending already; dropping is fine.
    [[maybe_unused]] ssize_t n = write(fd, &byte, 1);
  }
  errno = saved_errno;
}

Status SysError(const std::string& what) {
  return InternalError(what + ": " + std::strerror(errno));
}

}  // namespace

Result<std::unique_ptr<ShutdownSignals>> ShutdownSignals::Install(
    std::function<void(int)> on_signal, std::function<void()> on_reload) {
  if (!on_signal) return InvalidArgumentError("ShutdownSignals: no callback");
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return SysError("pipe2");
  // The handler must never block on a full pipe.
  fcntl(fds[1], F_SETFL, fcntl(fds[1], F_GETFL) | O_NONBLOCK);
  int expected = -1;
  if (!g_write_fd.compare_exchange_strong(expected, fds[1])) {
    close(fds[0]);
    close(fds[1]);
    return Status(StatusCode::kFailedPrecondition,
                  "ShutdownSignals: handlers are installed already");
  }
  std::unique_ptr<ShutdownSignals> self(new ShutdownSignals());
  self->on_signal_ = std::move(on_signal);
  self->on_reload_ = std::move(on_reload);
  self->read_fd_ = fds[0];

  struct sigaction sa {};
  sa.sa_handler = OnShutdownSignal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  if (sigaction(SIGTERM, &sa, &self->old_term_) != 0 ||
      sigaction(SIGINT, &sa, &self->old_int_) != 0 ||
      (self->on_reload_ && sigaction(SIGHUP, &sa, &self->old_hup_) != 0)) {
    Status err = SysError("sigaction");
    sigaction(SIGTERM, &self->old_term_, nullptr);
    sigaction(SIGINT, &self->old_int_, nullptr);
    g_write_fd = -1;
    close(fds[0]);
    close(fds[1]);
    self->read_fd_ = -1;
    return err;
  }
  self->watcher_ = std::thread([p = self.get()] { p->Watch(); });
  return self;
}

void ShutdownSignals::Watch() {
  while (true) {
    unsigned char byte = 0;
    const ssize_t n = read(read_fd_, &byte, 1);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0 || byte == kQuit) return;
    if (byte == SIGHUP && on_reload_) {
      on_reload_();
    } else {
      on_signal_(static_cast<int>(byte));
    }
  }
}

ShutdownSignals::~ShutdownSignals() {
  sigaction(SIGTERM, &old_term_, nullptr);
  sigaction(SIGINT, &old_int_, nullptr);
  if (on_reload_) sigaction(SIGHUP, &old_hup_, nullptr);
  const int write_fd = g_write_fd.exchange(-1);
  if (write_fd >= 0) {
    const unsigned char quit = kQuit;
    // The pipe cannot be full in practice (signals are rare); if it were,
    // closing the write end below still ends the watcher with EOF.
    [[maybe_unused]] ssize_t n = write(write_fd, &quit, 1);
    close(write_fd);
  }
  if (watcher_.joinable()) watcher_.join();
  if (read_fd_ >= 0) close(read_fd_);
}

}  // namespace dw::server
