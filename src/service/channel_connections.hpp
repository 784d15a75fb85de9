#pragma once
// Channel connections (issue 5, item 2): a merchant's shop on a channel (or a CSV source) with
// the secret its webhooks are signed with and, for pos_csv, its saved CSV profile.
//
//   {"channel": "shopify", "name": "main-shop", "secret": "…", "csv_profile": {…}}
//
// The secret is write-only: stored encrypted (store/channel_store.hpp), never put in a reply,
// an audit detail, an error or a log. `ParseChannelConnectionRequest` and
// `CheckChannelConnection` are the pure part; `CreateChannelConnection` is the blocking use case
// both the API and `ordo channel add` call. ChannelConnectionAdmin runs the blocking store calls
// on the BlockingPool; each `done` runs once on a pool thread. Thread-safe (references only).
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/actor.hpp"
#include "core/result.hpp"
#include "security/principal.hpp"
#include "service/blocking_pool.hpp"
#include "store/channel_store.hpp"

namespace ordo::service {

inline constexpr std::size_t kMinChannelSecretBytes = 8;
inline constexpr std::size_t kMaxChannelSecretBytes = 512;
inline constexpr std::size_t kMaxChannelConnectionName = 64;

struct NewChannelConnection {
  std::string channel;
  std::string name;
  std::string secret;
  std::string csv_profile;  // JSON text, "" for none
};

// The request body. kMalformed for bad JSON; kInvalidArgument naming each bad field
// (unknown fields too when `strict_json`).
core::Result<NewChannelConnection> ParseChannelConnectionRequest(std::string_view body, bool strict_json);

// The rules, with kInvalidArgument naming the field:
//   channel      "unknown_channel"   not one of channels::ChannelName's spellings
//   name         "format"            1..64 of [a-z0-9._-]
//   secret       "required"          Shopify and WooCommerce sign their webhooks: 8..512 bytes
//                "too_long"          any channel: at most 512 bytes
//   csv_profile  "not_for_channel"   only pos_csv has one
//   csv_profile/<pointer>            channels::ParseCsvProfile's rule
core::Status CheckChannelConnection(const NewChannelConnection& request);

// Checks and stores it with an audit row "channel_connection.create" (detail: channel and name,
// never the secret). Blocking. kConflict when the name is taken on that channel.
core::Result<store::ChannelConnectionRecord> CreateChannelConnection(store::ChannelStore& store,
                                                                     NewChannelConnection request,
                                                                     const core::Actor& actor, std::string_view ip);

class ChannelConnectionAdmin {
 public:
  template <class T>
  using Done = std::function<void(core::Result<T>)>;

  // `store` and `pool` outlive this.
  ChannelConnectionAdmin(store::Store& store, BlockingPool& pool, bool strict_json)
      : store_(store), pool_(pool), strict_json_(strict_json) {}

  void Create(std::string body, security::Principal actor, std::string ip,
              Done<store::ChannelConnectionRecord> done);
  void List(Done<std::vector<store::ChannelConnectionRecord>> done);
  void Get(std::int64_t id, Done<store::ChannelConnectionRecord> done);  // kNotFound
  // Disables it (its webhooks are refused from then on; the row and counters stay). Audited
  // "channel_connection.disable". kNotFound.
  void Disable(std::int64_t id, security::Principal actor, std::string ip, Done<store::ChannelConnectionRecord> done);

 private:
  store::Store& store_;
  BlockingPool& pool_;
  bool strict_json_;
};

}  // namespace ordo::service
