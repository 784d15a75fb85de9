#pragma once
// 64-bit hashing for fingerprints and blocking keys. MurmurHash64A (Austin Appleby, public
// domain): fast on short strings and well distributed, which is all the indexes need. It is not
// a keyed or cryptographic hash: keys that must resist guessing arrive already blind-indexed.
#include <cstdint>
#include <cstring>
#include <string_view>

namespace ordo::customers::detail {

inline std::uint64_t Hash64(std::string_view bytes, std::uint64_t seed = 0) {
  constexpr std::uint64_t kMul = 0xc6a4a7935bd1e995ULL;
  constexpr int kShift = 47;
  std::uint64_t hash = seed ^ (bytes.size() * kMul);
  std::size_t offset = 0;
  for (; offset + 8 <= bytes.size(); offset += 8) {
    std::uint64_t word = 0;
    std::memcpy(&word, bytes.data() + offset, 8);
    word *= kMul;
    word ^= word >> kShift;
    word *= kMul;
    hash ^= word;
    hash *= kMul;
  }
  if (offset < bytes.size()) {
    std::uint64_t tail = 0;
    for (std::size_t index = bytes.size(); index > offset; --index) {
      tail = (tail << 8) | static_cast<unsigned char>(bytes[index - 1]);
    }
    hash ^= tail;
    hash *= kMul;
  }
  hash ^= hash >> kShift;
  hash *= kMul;
  hash ^= hash >> kShift;
  return hash;
}

// Combines a hash with one more 64-bit value (order matters).
inline std::uint64_t HashCombine(std::uint64_t hash, std::uint64_t value) {
  hash ^= value + 0x9e3779b97f4a7c15ULL + (hash << 6) + (hash >> 2);
  hash ^= hash >> 33;
  hash *= 0xff51afd7ed558ccdULL;
  hash ^= hash >> 33;
  return hash;
}

// Index keys use 0 as "empty slot": never hand one out.
inline std::uint64_t NonZero(std::uint64_t hash) { return hash == 0 ? 1 : hash; }

}  // namespace ordo::customers::detail
