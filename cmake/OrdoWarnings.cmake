# Warnings for our own targets only; third-party headers are included as SYSTEM.
add_library(ordo_warnings INTERFACE)
target_compile_options(ordo_warnings INTERFACE -Wall -Wextra -Wpedantic
  -Wnon-virtual-dtor -Wcast-align -Woverloaded-virtual -Wimplicit-fallthrough
  # Designated initializers that leave members at their defaults are our idiom.
  -Wno-missing-field-initializers
  # g++ only: clang does not know -Wshadow=local; clang checks GUARDED_BY annotations.
  $<$<CXX_COMPILER_ID:GNU>:-Wshadow=local>
  $<$<CXX_COMPILER_ID:Clang>:-Wthread-safety>)
if(ORDO_WERROR)
  target_compile_options(ordo_warnings INTERFACE -Werror)
endif()
