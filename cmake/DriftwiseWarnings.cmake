# Warnings and sanitizers applied to driftwise's own targets.
set(DW_WARNING_FLAGS -Wall -Wextra -Wshadow=local -Wnon-virtual-dtor -Wpedantic)
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
