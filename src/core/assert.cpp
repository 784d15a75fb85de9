#include "core/assert.hpp"

#include <cstdio>
#include <cstdlib>

namespace ordo::core {
namespace {
std::atomic<std::uint64_t> bug_count{0};
}

void CheckFailed(const char* expr, const char* file, int line) {
  std::fprintf(stderr, "ORDO_CHECK failed: %s at %s:%d\n", expr, file, line);
  std::abort();
}

void BugReported(const char* what, const char* file, int line) {
  bug_count.fetch_add(1, std::memory_order_relaxed);
  std::fprintf(stderr, "ORDO_BUG: %s at %s:%d\n", what, file, line);
#ifndef NDEBUG
  std::abort();
#endif
}

std::uint64_t BugCount() { return bug_count.load(std::memory_order_relaxed); }
}  // namespace ordo::core
