# Warnings and sanitizers applied to driftwise's own targets.
set(DW_WARNING_FLAGS -Wall -Wextra -Wnon-virtual-dtor -Wpedantic)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  list(APPEND DW_WARNING_FLAGS -Wshadow=local)
  # GCC 12 at -O3 reports -Wrestrict inside libstdc++'s char_traits for
  # plain std::string concatenation (GCC bug 105329, fixed in 13): a false
  # positive that would bury real warnings in Release builds.
  if(CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    list(APPEND DW_WARNING_FLAGS -Wno-restrict)
  endif()
endif()
if(DW_WERROR)
  list(APPEND DW_WARNING_FLAGS -Werror)
endif()

function(dw_target_defaults target)
  target_compile_options(${target} PRIVATE $<$<COMPILE_LANGUAGE:CXX>:${DW_WARNING_FLAGS}>)
endfunction()

if(DW_SANITIZE)
  add_compile_options(-fsanitize=${DW_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${DW_SANITIZE})
endif()

# Fuzzing builds instrument the library for coverage too, not only the
# fuzzer's own file; otherwise libFuzzer would be fuzzing blind.
if(DW_FUZZ)
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
