// Secret files beside the database: created once with mode 0600, never
// overwritten, refused when others may read them.
#include "secrets/private_file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

#include "secrets/keyring_source.hpp"

namespace dw::server {
namespace {

std::string TempDir() {
  std::string dir = (std::filesystem::temp_directory_path() /
                     ("dw_private_file_" + std::to_string(::getpid())))
                        .string();
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

TEST(PrivateFile, CreatedOnceWithOwnerOnlyMode) {
  const std::string path = TempDir() + "/k";
  std::atomic<int> made{0};
  auto make = [&]() -> Result<std::string> {
    return "secret-" + std::to_string(made.fetch_add(1));
  };
  // Eight servers start at once: one file, one content, all read it.
  std::vector<std::string> seen(8);
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      auto got = ReadOrCreatePrivateFile(path, "test file", 100, make);
      seen[static_cast<std::size_t>(i)] = got.ok() ? got.value() : "ERR";
    });
  }
  for (auto& t : threads) t.join();
  for (const std::string& s : seen) EXPECT_EQ(s, seen[0]);
  EXPECT_EQ(seen[0].rfind("secret-", 0), 0u);
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600);
}

TEST(PrivateFile, RefusesReadableByOthersAndOversized) {
  const std::string dir = TempDir();
  const std::string path = dir + "/open";
  std::ofstream(path) << "x";
  ::chmod(path.c_str(), 0644);
  auto never = []() -> Result<std::string> { return std::string("y"); };
  auto got = ReadOrCreatePrivateFile(path, "test file", 100, never);
  ASSERT_FALSE(got.ok());
  EXPECT_NE(got.status().message().find("chmod 600"), std::string::npos);
  ::chmod(path.c_str(), 0600);
  std::ofstream(path) << std::string(200, 'z');
  got = ReadOrCreatePrivateFile(path, "test file", 100, never);
  ASSERT_FALSE(got.ok());
  EXPECT_NE(got.status().message().find("larger than 100 bytes"),
            std::string::npos);
}

TEST(KeyringSource, EnvironmentWinsElseFileIsCreated) {
  const std::string dir = TempDir();
  auto from_file = LoadSecretKeyring("", dir + "/keys");
  ASSERT_TRUE(from_file.ok()) << from_file.status().message();
  const std::string sealed = from_file.value().Seal("x", {"o", "t", "r", "c"});
  // Reloading the same file opens what the first load sealed.
  auto again = LoadSecretKeyring("", dir + "/keys");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again.value().Open(sealed, {"o", "t", "r", "c"}).value(), "x");

  auto env =
      LoadSecretKeyring(SecretKeyring::GenerateText("env1"), "/nonexistent/x");
  ASSERT_TRUE(env.ok());
  EXPECT_EQ(env.value().current_key_id(), "env1");
  auto bad = LoadSecretKeyring("garbage", dir + "/keys");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("DRIFTWISE_SECRET_KEYS"),
            std::string::npos);
}

}  // namespace
}  // namespace dw::server
