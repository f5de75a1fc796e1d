# Tests of the C ABI (included into the top-level directory from
# src/capi/CMakeLists.txt, after enable_testing()):
#   capi_<name>        tests/capi/<name>_test.c, C99, linked to libdriftwise.so
#   capi_static_plan   plan_test.c against the merged static archive
#   capi_symbols       only dw_* exported, SONAME from DW_ABI_VERSION
#   abi_check          abidiff against the baseline src/capi/libdriftwise.abi
#   capi_ctypes        the raw ABI from Python ctypes, same bytes as the CLI
#   headertest         every public C header alone as C99 and C++20
#   install            cmake --install, then examples/c and examples/cpp built
#                      against it with CMake, pkg-config and meson
find_package(Python3 REQUIRED COMPONENTS Interpreter)
find_package(Threads REQUIRED)
set(_dw_capi_dir "${PROJECT_SOURCE_DIR}/tests/capi")
file(GLOB _dw_capi_tests CONFIGURE_DEPENDS "${_dw_capi_dir}/*_test.c")
foreach(t ${_dw_capi_tests})
  get_filename_component(name ${t} NAME_WE)
  add_executable(dw_capi_${name} ${t})
  target_link_libraries(dw_capi_${name} PRIVATE driftwise_c Threads::Threads)
  target_compile_definitions(dw_capi_${name} PRIVATE DW_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  set_target_properties(dw_capi_${name} PROPERTIES C_STANDARD 99 C_EXTENSIONS OFF)
  target_compile_options(dw_capi_${name} PRIVATE -Wall -Wextra -pedantic -Werror)
  add_test(NAME capi_${name} COMMAND dw_capi_${name})
endforeach()

# The static archive works on its own (with the system libraries of
# driftwise.pc): the same plan test, linked to libdriftwise.a.
add_executable(dw_capi_static_plan_test "${_dw_capi_dir}/plan_test.c")
add_dependencies(dw_capi_static_plan_test driftwise_c_static)
set_target_properties(dw_capi_static_plan_test PROPERTIES C_STANDARD 99 C_EXTENSIONS OFF)
target_include_directories(dw_capi_static_plan_test PRIVATE
  "${PROJECT_SOURCE_DIR}/include" "${PROJECT_BINARY_DIR}/generated")
target_compile_definitions(dw_capi_static_plan_test PRIVATE
  DW_STATIC DW_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
target_link_libraries(dw_capi_static_plan_test PRIVATE "${DW_CAPI_STATIC}"
  simdjson::simdjson PkgConfig::RE2 PkgConfig::XXHASH PkgConfig::SODIUM
  OpenSSL::Crypto ZLIB::ZLIB absl::time stdc++ m pthread)
add_test(NAME capi_static_plan_test COMMAND dw_capi_static_plan_test)

add_test(NAME capi_symbols COMMAND bash "${_dw_capi_dir}/exported_symbols.sh"
  $<TARGET_FILE:driftwise_c> ${DW_ABI_VERSION})

# The C ABI against the committed baseline (abidiff, abigail-tools).
add_test(NAME abi_check COMMAND bash "${_dw_capi_dir}/abi_check.sh"
  $<TARGET_FILE:driftwise_c> "${PROJECT_SOURCE_DIR}")
if(DW_SANITIZE)
  # Instrumented code changes no ABI, but adds sanitizer symbols and types
  # abidiff would list; the normal build's run is the proof.
  set_tests_properties(abi_check PROPERTIES DISABLED TRUE)
endif()

# Python loading a sanitized library needs the ASan runtime first in the
# process (LD_PRELOAD), and libstdc++ loaded with it, or ASan cannot
# intercept C++ throws; CPython's own allocations are not leak-checked.
set(DW_PY_SANITIZER_ENV "" CACHE INTERNAL "")
if(DW_SANITIZE MATCHES "address")
  execute_process(COMMAND ${CMAKE_CXX_COMPILER} -print-file-name=libasan.so
    OUTPUT_VARIABLE _dw_asan_rt OUTPUT_STRIP_TRAILING_WHITESPACE)
  execute_process(COMMAND ${CMAKE_CXX_COMPILER} -print-file-name=libstdc++.so
    OUTPUT_VARIABLE _dw_stdcxx OUTPUT_STRIP_TRAILING_WHITESPACE)
  set(DW_PY_SANITIZER_ENV "LD_PRELOAD=${_dw_asan_rt}:${_dw_stdcxx};ASAN_OPTIONS=detect_leaks=0"
    CACHE INTERNAL "")
endif()

add_test(NAME capi_ctypes COMMAND ${Python3_EXECUTABLE} "${_dw_capi_dir}/ctypes_smoke.py"
  $<TARGET_FILE:driftwise_c> $<TARGET_FILE:driftwise_cli> "${PROJECT_SOURCE_DIR}")

set_tests_properties(capi_ctypes PROPERTIES ENVIRONMENT "${DW_PY_SANITIZER_ENV}")

add_test(NAME headertest COMMAND bash "${PROJECT_SOURCE_DIR}/tests/headertest/check_headers.sh"
  "${PROJECT_SOURCE_DIR}/include" "${PROJECT_BINARY_DIR}/generated"
  "${CMAKE_C_COMPILER}" "${CMAKE_CXX_COMPILER}")

add_test(NAME install COMMAND bash "${PROJECT_SOURCE_DIR}/tests/install/install_test.sh"
  "${PROJECT_BINARY_DIR}" "${PROJECT_SOURCE_DIR}")
set_tests_properties(install PROPERTIES TIMEOUT 600)
if(DW_SANITIZE)
  # The installed library is instrumented but the consumer built against it
  # is a plain program, which the sanitizer runtime refuses; the packaging
  # is proven by the normal build's run of this test.
  set_tests_properties(install PROPERTIES DISABLED TRUE)
endif()
