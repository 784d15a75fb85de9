#pragma once
// `ordo channel add --db <url> --channel <c> --name <n> [--secret <s>] [--csv-profile FILE]
//  [--pii-key-file …|--dev-insecure-key]`: connects a shop or CSV source (issue 5, item 2) with
// the same checks and audit row as POST /api/v1/channel-connections (actor cli:<login user>).
// `ordo channel list --db <url> …`: the connections with their counters, one a line. The
// secret is encrypted with the store's PII key and never printed.
#include <iosfwd>
#include <string>

#include "app/pii_key.hpp"

namespace ordo::app {

struct ChannelCommandOptions {
  std::string db_url = "sqlite:var/ordo.db";
  PiiKeyOptions pii_key;
  std::string channel;
  std::string name;
  std::string secret;
  std::string csv_profile_file;  // "" = none
};

// Exit code: 0; 1 when the store fails or the name is taken; 2 for bad arguments or no key.
int RunChannelAdd(const ChannelCommandOptions& options, std::ostream& out, std::ostream& err);
int RunChannelList(const ChannelCommandOptions& options, std::ostream& out, std::ostream& err);

}  // namespace ordo::app
