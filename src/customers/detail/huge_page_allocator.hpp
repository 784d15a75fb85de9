#pragma once
// An allocator for the engine's large arrays (components, orders, keys, index slots): blocks of
// 2 MiB or more are 2 MiB-aligned and marked MADV_HUGEPAGE. Why: at a million customers every
// resolve touches a few dozen random places in ~1 GB; with 4 KiB pages each is a TLB miss (a
// nested page walk under a hypervisor) and the growing arrays fault in a page every few orders.
// Measured on the 2-vCPU development VM at 300k customers: Resolve p99 24 µs → 10 µs of CPU
// with huge pages (docs/customers.md). Smaller blocks come from the ordinary heap. Where the
// kernel has transparent huge pages off, madvise fails harmlessly and 4 KiB pages are used.
#include <sys/mman.h>

#include <cstdlib>
#include <memory>
#include <new>
#include <vector>

namespace ordo::customers::detail {

inline constexpr std::size_t kHugePageBytes = std::size_t{2} << 20;

template <class T>
class HugePageAllocator {
 public:
  using value_type = T;

  HugePageAllocator() = default;
  template <class U>
  HugePageAllocator(const HugePageAllocator<U>&) noexcept {}  // NOLINT: converting, as allocators are

  T* allocate(std::size_t count) {
    const std::size_t bytes = count * sizeof(T);
    if (bytes < kHugePageBytes) return std::allocator<T>().allocate(count);
    const std::size_t rounded = (bytes + kHugePageBytes - 1) / kHugePageBytes * kHugePageBytes;
    void* block = std::aligned_alloc(kHugePageBytes, rounded);
    if (block == nullptr) throw std::bad_alloc();
    madvise(block, rounded, MADV_HUGEPAGE);
    return static_cast<T*>(block);
  }

  void deallocate(T* block, std::size_t count) noexcept {
    if (count * sizeof(T) < kHugePageBytes) {
      std::allocator<T>().deallocate(block, count);
    } else {
      std::free(block);
    }
  }

  template <class U>
  bool operator==(const HugePageAllocator<U>&) const noexcept { return true; }
};

template <class T>
using HugeVector = std::vector<T, HugePageAllocator<T>>;

}  // namespace ordo::customers::detail
