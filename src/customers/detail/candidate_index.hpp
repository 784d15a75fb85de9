#pragma once
// The blocking index behind fuzzy matching: blocking key → the customers (components) whose
// profile produced it, newest first. A key is the area (district code or postcode hash) plus the
// whole canonical name (the *exact* key, always first) or a piece of it (the *near* keys), so
// candidates are the people of that name (piece) in that district:
//
//   Han name 王小明 (surname length 1) in 330106 → {E 王小明 | S 王小, S 王明, G 小明}
//     one typo anywhere in the name keeps at least one near key (汪小明 → G 小明, 王晓明 → S 王明)
//   Han name 张伟                                 → {E 张伟 | G 伟}
//   Latin "robert smith" in area A               → {E robert smith | T robert, T smith}
//
// An order that can only merge on an exact name (match_policy.hpp) looks up the exact key alone:
// a near key of a common character in a big district holds hundreds of customers.
//
// Nothing without an area or a name is indexed: such buyers are matched by keys only.
#include <array>
#include <cstdint>
#include <vector>

#include "customers/address_features.hpp"
#include "customers/detail/flat_map.hpp"
#include "customers/name_features.hpp"

namespace ordo::customers::detail {

inline constexpr std::uint32_t kNoIndex = UINT32_MAX;
inline constexpr std::size_t kMaxBlockingKeys = 5;

struct BlockingKeys {
  std::array<std::uint64_t, kMaxBlockingKeys> keys{};  // keys[0]: the exact key
  std::size_t count = 0;                               // 0: nothing to block on
};
BlockingKeys MakeBlockingKeys(const NameFeatures& name, const AddressFeatures& address);

class CandidateIndex {
 public:
  void Add(std::uint64_t block, std::uint32_t component) {
    const auto entry = static_cast<std::uint32_t>(entries_.size());
    entries_.push_back(Entry{component, kNoIndex});
    auto [head, inserted] = heads_.Insert(block, entry);
    if (!inserted) {
      entries_.back().next = *head;
      *head = entry;
    }
  }

  // Calls visit(component) for at most `limit` entries of `block`, newest first. Returns false
  // when the block had more entries than that (the oldest were not visited).
  template <class Visit>
  bool ForEach(std::uint64_t block, std::size_t limit, Visit&& visit) const {
    const std::uint32_t* head = heads_.Find(block);
    if (head == nullptr) return true;
    std::size_t visited = 0;
    std::uint32_t entry = *head;
    for (; entry != kNoIndex && visited < limit; entry = entries_[entry].next, ++visited) {
      visit(entries_[entry].component);
    }
    return entry == kNoIndex;
  }

  std::size_t MemoryBytes() const { return heads_.MemoryBytes() + entries_.capacity() * sizeof(Entry); }

 private:
  struct Entry {
    std::uint32_t component;
    std::uint32_t next;
  };
  FlatU64Map heads_;
  HugeVector<Entry> entries_;
};

}  // namespace ordo::customers::detail
