// File: server/http/handler_pool.hpp
//
// The fixed pool of threads that run request handlers for the event-loop
// transport. Only complete requests are submitted, so a thread is never held
// by a client that is slow to send; what a thread waits on is the handler's
// own work (SQLite, an fsync, an outbound call).
//
// Thread-safety: Submit, busy, queued may be called from any thread; Start
// and StopAndJoin from the owner only. StopAndJoin runs every job already
// submitted before the threads exit.
#ifndef DRIFTWISE_SERVER_HTTP_HANDLER_POOL_HPP
#define DRIFTWISE_SERVER_HTTP_HANDLER_POOL_HPP

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace dw::server {

class HandlerPool {
 public:
  using Job = std::function<void()>;

  HandlerPool() = default;
  ~HandlerPool() { StopAndJoin(); }
  HandlerPool(const HandlerPool&) = delete;
  HandlerPool& operator=(const HandlerPool&) = delete;

  /// Starts `threads` threads; `on_thread_start` runs first on each.
  void Start(int threads, std::function<void()> on_thread_start);
  void Submit(Job job);
  /// Runs what is queued, then joins the threads.
  void StopAndJoin();

  int threads() const { return static_cast<int>(threads_.size()); }
  /// Threads running a job now.
  int busy() const { return busy_.load(std::memory_order_relaxed); }
  /// Jobs waiting for a thread.
  std::size_t queued() const;

 private:
  void Run();

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Job> jobs_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
  std::function<void()> on_thread_start_;
  std::atomic<int> busy_{0};
};

}  // namespace dw::server

#endif  // DRIFTWISE_SERVER_HTTP_HANDLER_POOL_HPP
