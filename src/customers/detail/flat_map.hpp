#pragma once
// An open-addressing hash map from a non-zero 64-bit key to a 32-bit value, for the engine's
// indexes at millions of entries: 16 bytes a slot, no node per entry (std::unordered_map costs
// ~60 bytes and an allocation per entry). Insert and find only: the engine never forgets a key.
// Keys are already hashes, so the slot is taken from the key's bits directly.
#include <cstdint>
#include <utility>
#include <vector>

#include "core/assert.hpp"
#include "customers/detail/huge_page_allocator.hpp"

namespace ordo::customers::detail {

class FlatU64Map {
 public:
  const std::uint32_t* Find(std::uint64_t key) const {
    ORDO_ASSERT(key != 0);
    if (slots_.empty()) return nullptr;
    for (std::size_t index = SlotOf(key);; index = (index + 1) & mask_) {
      const Slot& slot = slots_[index];
      if (slot.key == key) return &slot.value;
      if (slot.key == 0) return nullptr;
    }
  }
  std::uint32_t* Find(std::uint64_t key) {
    return const_cast<std::uint32_t*>(std::as_const(*this).Find(key));
  }

  // Returns the value slot and whether it was inserted (false: the key was there; its value is
  // left as it was).
  std::pair<std::uint32_t*, bool> Insert(std::uint64_t key, std::uint32_t value) {
    ORDO_ASSERT(key != 0);
    if ((size_ + 1) * 10 > slots_.size() * 7) Grow();
    for (std::size_t index = SlotOf(key);; index = (index + 1) & mask_) {
      Slot& slot = slots_[index];
      if (slot.key == key) return {&slot.value, false};
      if (slot.key == 0) {
        slot = Slot{key, value};
        ++size_;
        return {&slot.value, true};
      }
    }
  }

  std::size_t size() const { return size_; }
  std::size_t MemoryBytes() const { return slots_.capacity() * sizeof(Slot); }

 private:
  struct Slot {
    std::uint64_t key = 0;
    std::uint32_t value = 0;
  };

  std::size_t SlotOf(std::uint64_t key) const { return static_cast<std::size_t>(key ^ (key >> 29)) & mask_; }

  void Grow() {
    HugeVector<Slot> old = std::move(slots_);
    const std::size_t capacity = old.empty() ? 1024 : old.size() * 2;
    slots_.assign(capacity, Slot{});
    mask_ = capacity - 1;
    size_ = 0;
    for (const Slot& slot : old) {
      if (slot.key != 0) Insert(slot.key, slot.value);
    }
  }

  HugeVector<Slot> slots_;
  std::size_t mask_ = 0;
  std::size_t size_ = 0;
};

}  // namespace ordo::customers::detail
