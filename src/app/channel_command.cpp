#include "app/channel_command.hpp"

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <ostream>
#include <sstream>

#include "service/channel_connections.hpp"
#include "store/channel_store.hpp"

namespace ordo::app {
namespace {

// Names the problem and each bad field, never a value (the secret is one of them).
void PrintError(std::ostream& err, std::string_view command, const core::Error& error) {
  err << "ordo channel " << command << ": " << error.detail << "\n";
  for (const core::FieldError& field : error.fields) {
    err << "  " << field.field << ": " << field.code << " (" << field.message << ")\n";
  }
}

std::string CliActorId() {
  const char* user = std::getenv("USER");
  return user != nullptr && *user != '\0' ? user : "shell";
}

}  // namespace

int RunChannelAdd(const ChannelCommandOptions& options, std::ostream& out, std::ostream& err) {
  service::NewChannelConnection request{options.channel, options.name, options.secret, ""};
  if (!options.csv_profile_file.empty()) {
    std::ifstream file(options.csv_profile_file, std::ios::binary);
    if (!file) {
      err << "ordo channel add: cannot read " << options.csv_profile_file << "\n";
      return 2;
    }
    request.csv_profile.assign(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
  }
  if (core::Status checked = service::CheckChannelConnection(request); !checked) {
    PrintError(err, "add", checked.error());
    return 2;
  }
  const core::SystemClock clock;
  core::Result<OrderStore> opened = OpenOrderStore(options.db_url, clock, options.pii_key);
  if (!opened) {
    PrintError(err, "add", opened.error());
    return ExitCodeFor(opened.error());
  }
  core::Result<store::ChannelConnectionRecord> created = service::CreateChannelConnection(
      opened->store->Channels(), std::move(request), core::Actor{"cli", CliActorId()}, "");
  if (!created) {
    PrintError(err, "add", created.error());
    return created.error().code == core::ErrorCode::kInvalidArgument ? 2 : 1;
  }
  out << "ordo channel add: connection " << created->id << " (" << created->channel << "/" << created->name
      << ") created\n";
  return 0;
}

int RunChannelList(const ChannelCommandOptions& options, std::ostream& out, std::ostream& err) {
  const core::SystemClock clock;
  core::Result<OrderStore> opened = OpenOrderStore(options.db_url, clock, options.pii_key);
  if (!opened) {
    PrintError(err, "list", opened.error());
    return ExitCodeFor(opened.error());
  }
  core::Result<std::vector<store::ChannelConnectionRecord>> listed = opened->store->Channels().ListChannelConnections();
  if (!listed) {
    PrintError(err, "list", listed.error());
    return 1;
  }
  out << "id\tchannel\tname\tstate\torders_received\tstale_updates_ignored\tsignature_failures\tcsv_profile\n";
  for (const store::ChannelConnectionRecord& record : *listed) {
    out << record.id << '\t' << record.channel << '\t' << record.name << '\t'
        << (record.disabled ? "disabled" : "enabled") << '\t' << record.orders_received << '\t'
        << record.stale_updates_ignored << '\t' << record.signature_failures << '\t'
        << (record.csv_profile.empty() ? "-" : "yes") << '\n';
  }
  return 0;
}

}  // namespace ordo::app
