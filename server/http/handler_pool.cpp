// File: server/http/handler_pool.cpp
#include "http/handler_pool.hpp"

namespace dw::server {

void HandlerPool::Start(int threads, std::function<void()> on_thread_start) {
  on_thread_start_ = std::move(on_thread_start);
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = false;
  }
  for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { Run(); });
}

void HandlerPool::Submit(Job job) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    jobs_.push_back(std::move(job));
  }
  cv_.notify_one();
}

void HandlerPool::StopAndJoin() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  for (std::thread& t : threads_) t.join();
  threads_.clear();
}

std::size_t HandlerPool::queued() const {
  std::lock_guard<std::mutex> lock(mu_);
  return jobs_.size();
}

void HandlerPool::Run() {
  if (on_thread_start_) on_thread_start_();
  while (true) {
    Job job;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      if (jobs_.empty()) return;  // stopping and nothing left
      job = std::move(jobs_.front());
      jobs_.pop_front();
      busy_.fetch_add(1, std::memory_order_relaxed);
    }
    job();
    busy_.fetch_sub(1, std::memory_order_relaxed);
  }
}

}  // namespace dw::server
