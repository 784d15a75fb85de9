#pragma once
// Three strengths (STYLE.md §3). Never assert on outside input: that is a Result.
//   ORDO_ASSERT(c) — debug-only invariant.
//   ORDO_CHECK(c)  — always fatal.
//   ORDO_BUG(msg)  — fatal in debug; in release logs and counts, then continues.
#include <atomic>
#include <cstdint>

namespace ordo::core {
[[noreturn]] void CheckFailed(const char* expr, const char* file, int line);
void BugReported(const char* what, const char* file, int line);
// How many ORDO_BUG were hit in this process (exported on /metrics).
std::uint64_t BugCount();
}  // namespace ordo::core

#define ORDO_CHECK(c) \
  ((c) ? static_cast<void>(0) : ::ordo::core::CheckFailed(#c, __FILE__, __LINE__))
#ifdef NDEBUG
#define ORDO_ASSERT(c) static_cast<void>(0)
#else
#define ORDO_ASSERT(c) ORDO_CHECK(c)
#endif
#define ORDO_BUG(what) ::ordo::core::BugReported(what, __FILE__, __LINE__)
