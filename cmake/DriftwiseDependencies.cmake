# Finds every dependency from Debian 12 packages (see docs/design.md §6).
# Nothing is downloaded: a missing package is a configure error naming it.
find_package(PkgConfig REQUIRED)
find_package(simdjson REQUIRED CONFIG)            # libsimdjson-dev
find_package(CLI11 REQUIRED CONFIG)               # libcli11-dev
find_package(absl REQUIRED CONFIG)                # libabsl-dev (time, time zones)
pkg_check_modules(XXHASH REQUIRED IMPORTED_TARGET libxxhash)   # libxxhash-dev
pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2)            # libre2-dev
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)   # libsodium-dev
find_package(OpenSSL REQUIRED)                    # libssl-dev
find_package(ZLIB REQUIRED)                       # zlib1g-dev
if(DW_DEVELOPER_MODE)
  find_package(GTest REQUIRED)                    # libgtest-dev
  if(DW_BUILD_BENCH)
    find_package(benchmark REQUIRED)              # libbenchmark-dev
  endif()
endif()
