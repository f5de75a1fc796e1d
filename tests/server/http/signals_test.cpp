// SIGTERM/SIGINT drain: a real signal stops a serving server through the
// watcher thread; handlers are restored afterwards.
#include "http/signals.hpp"

#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "http_test_util.hpp"

namespace dw::server {
namespace {

void Ok(HttpRequest&, HttpResponse& res) { res.body = "{}"; }

TEST(ShutdownSignalsTest, SigtermStopsTheServer) {
  testing::TestServer ts;
  ts.Route("GET", "/healthz", Ok);
  ts.Start();
  std::atomic<int> got{0};
  auto signals = ShutdownSignals::Install([&](int signo) {
    got = signo;
    ts.server->Stop();
  });
  ASSERT_TRUE(signals.ok()) << signals.status().ToString();
  ASSERT_EQ(::kill(::getpid(), SIGTERM), 0);
  ts.thread.join();  // Serve() returned because of the signal
  EXPECT_EQ(got.load(), SIGTERM);
  EXPECT_LT(testing::Connect(ts.port()), 0);
}

TEST(ShutdownSignalsTest, EverySignalRunsTheCallbackAndHandlersAreRestored) {
  struct sigaction before {};
  sigaction(SIGINT, nullptr, &before);
  std::atomic<int> calls{0};
  {
    auto signals = ShutdownSignals::Install([&](int) { ++calls; });
    ASSERT_TRUE(signals.ok());
    // Only one may be installed at a time.
    auto second = ShutdownSignals::Install([](int) {});
    EXPECT_EQ(second.status().code(), StatusCode::kFailedPrecondition);
    ::kill(::getpid(), SIGINT);
    ::kill(::getpid(), SIGTERM);
    for (int i = 0; i < 500 && calls.load() < 2; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    EXPECT_EQ(calls.load(), 2);
  }
  struct sigaction after {};
  sigaction(SIGINT, nullptr, &after);
  EXPECT_EQ(after.sa_handler, before.sa_handler);
  // Installable again once the first is gone.
  auto again = ShutdownSignals::Install([](int) {});
  EXPECT_TRUE(again.ok());
}

}  // namespace
}  // namespace dw::server
