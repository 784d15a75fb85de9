#pragma once
// The single customer view as the engine knows it: what GET /api/v1/customers/{id} will show,
// before the API layer adds masked names and contact details from the store.
#include <cstdint>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "customers/buyer_identity.hpp"

namespace ordo::customers {

// Customer and merge ids are 1-based; 0 never names one. A customer id is handed out once, to
// the order that created the customer, and stays valid: after a merge the absorbed id leads to
// the customer it joined (Get answers with that customer's id), after an unmerge it is its own
// customer again.
enum class CustomerId : std::uint32_t {};
enum class MergeId : std::uint32_t {};
inline constexpr std::uint32_t ToNumber(CustomerId id) { return static_cast<std::uint32_t>(id); }
inline constexpr std::uint32_t ToNumber(MergeId id) { return static_cast<std::uint32_t>(id); }

// A deterministic key of the customer, as the engine keeps it: its kind, the channel of the
// order that brought it, and the engine's 64-bit fingerprint of the blind index (16 hex
// characters) — the store row with the same blind index holds the encrypted value.
struct IdentityKeyRef {
  KeyKind kind = KeyKind::kPhone;
  std::string channel;
  std::string fingerprint;
};

struct ChannelActivity {
  std::string channel;
  std::vector<IdentityKeyRef> keys;  // the keys first seen on this channel
  std::size_t order_count = 0;
  std::int64_t amount = 0;
  core::UnixMillis first_order_at = 0;
  core::UnixMillis last_order_at = 0;
};

struct CustomerView {
  CustomerId id{};
  std::vector<CustomerId> merged_ids;  // every customer id that is now part of this one, itself included
  std::vector<ChannelActivity> channels;  // sorted by channel name
  std::vector<std::int64_t> order_ids;    // oldest order first
  std::int64_t lifetime_value = 0;        // Σ order amounts
  core::UnixMillis first_order_at = 0;
  core::UnixMillis last_order_at = 0;
  std::vector<MergeId> merges;  // the merges in effect inside this customer, oldest first
};

}  // namespace ordo::customers
