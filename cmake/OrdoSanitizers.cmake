# ASan + UBSan for the test configuration (make test-asan, build-asan/). Applied to every target.
# UBSan reports are fatal, except pointer-overflow, which is recoverable only so that
# cmake/ubsan.supp can silence RapidJSON 1.1.0's known one: run the tests with
#   UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1:suppressions=<repo>/cmake/ubsan.supp
# (the Makefile does) and every other report of those kinds is fatal as well.
if(ORDO_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=all -fsanitize-recover=pointer-overflow)
  add_link_options(-fsanitize=address,undefined)
endif()
