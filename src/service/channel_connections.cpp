#include "service/channel_connections.hpp"

#include <algorithm>

#include "channels/channel_order.hpp"
#include "channels/csv_profile.hpp"
#include "core/json.hpp"
#include "service/identity.hpp"

namespace ordo::service {
namespace {

core::Error Invalid(std::vector<core::FieldError> fields) {
  return core::Error{core::ErrorCode::kInvalidArgument, "the request breaks the rules listed in errors",
                     std::move(fields)};
}

bool IsNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

bool IsSignedChannel(std::string_view channel) { return channel == "shopify" || channel == "woocommerce"; }

// Channel and name identify the connection; the secret never appears here.
std::string ConnectionDetail(const store::ChannelConnectionRecord& record) {
  core::JsonBuffer buffer;
  core::JsonWriter writer(buffer);
  writer.StartObject();
  core::WriteKey(writer, "channel");
  core::WriteString(writer, record.channel);
  core::WriteKey(writer, "name");
  core::WriteString(writer, record.name);
  core::WriteKey(writer, "csv_profile");
  writer.Bool(!record.csv_profile.empty());
  writer.EndObject();
  return {buffer.GetString(), buffer.GetSize()};
}

std::string JsonText(const rapidjson::Value& value) {
  core::JsonBuffer buffer;
  core::JsonWriter writer(buffer);
  value.Accept(writer);
  return {buffer.GetString(), buffer.GetSize()};
}

}  // namespace

core::Result<NewChannelConnection> ParseChannelConnectionRequest(std::string_view body, bool strict_json) {
  rapidjson::Document doc;
  ORDO_TRY(core::ParseJson(body, doc));
  if (!doc.IsObject()) return Invalid({{"", "type", "must be a JSON object"}});
  NewChannelConnection request;
  std::vector<core::FieldError> fields;
  for (auto member = doc.MemberBegin(); member != doc.MemberEnd(); ++member) {
    const std::string_view key = core::AsView(member->name);
    const rapidjson::Value& value = member->value;
    if (key == "channel" || key == "name" || key == "secret") {
      if (!value.IsString()) {
        fields.push_back({std::string(key), "type", "must be a string"});
        continue;
      }
      std::string& target = key == "channel" ? request.channel : key == "name" ? request.name : request.secret;
      target = core::AsView(value);
    } else if (key == "csv_profile") {
      if (value.IsNull()) continue;
      if (!value.IsObject()) {
        fields.push_back({"csv_profile", "type", "must be a CSV profile object"});
        continue;
      }
      request.csv_profile = JsonText(value);
    } else if (strict_json) {
      fields.push_back({std::string(key.substr(0, 64)), "unknown_field", "field is not part of the request schema"});
    }
  }
  if (!fields.empty()) return Invalid(std::move(fields));
  return request;
}

core::Status CheckChannelConnection(const NewChannelConnection& request) {
  std::vector<core::FieldError> fields;
  const bool known = channels::ParseChannel(request.channel).has_value();
  if (!known) {
    fields.push_back({"channel", "unknown_channel",
                      "must be one of shopify, woocommerce, taobao, jd, douyin, pos_csv"});
  }
  const bool name_ok = !request.name.empty() && request.name.size() <= kMaxChannelConnectionName &&
                       std::all_of(request.name.begin(), request.name.end(), IsNameChar);
  if (!name_ok) fields.push_back({"name", "format", "1 to 64 of a-z, 0-9, '.', '_', '-'"});
  if (request.secret.size() > kMaxChannelSecretBytes) {
    fields.push_back({"secret", "too_long", "must be at most 512 bytes"});
  } else if (IsSignedChannel(request.channel) && request.secret.size() < kMinChannelSecretBytes) {
    fields.push_back({"secret", "required", "this channel signs its webhooks: give the secret (at least 8 bytes)"});
  }
  if (!request.csv_profile.empty()) {
    if (request.channel != "pos_csv") {
      fields.push_back({"csv_profile", "not_for_channel", "only pos_csv connections have a CSV profile"});
    } else if (core::Result<channels::CsvProfile> profile = channels::ParseCsvProfile(request.csv_profile); !profile) {
      if (profile.error().fields.empty()) {
        fields.push_back({"csv_profile", "invalid", profile.error().detail});
      }
      for (const core::FieldError& field : profile.error().fields) {
        std::string pointer = field.field.empty() || field.field.front() == '/' ? field.field : "/" + field.field;
        fields.push_back({"csv_profile" + pointer, field.code, field.message});
      }
    }
  }
  if (!fields.empty()) return Invalid(std::move(fields));
  return core::Ok();
}

core::Result<store::ChannelConnectionRecord> CreateChannelConnection(store::ChannelStore& store,
                                                                     NewChannelConnection request,
                                                                     const core::Actor& actor, std::string_view ip) {
  ORDO_TRY(CheckChannelConnection(request));
  store::ChannelConnectionRecord record;
  record.channel = std::move(request.channel);
  record.name = std::move(request.name);
  record.secret = std::move(request.secret);
  record.csv_profile = std::move(request.csv_profile);
  record.created_by = actor.kind + ":" + actor.id;
  const std::string subject = "channel_connection:" + record.channel + ":" + record.name;
  return store.CreateChannelConnection(record,
                                       MakeAudit(actor, ip, "channel_connection.create", subject, ConnectionDetail(record)));
}

void ChannelConnectionAdmin::Create(std::string body, security::Principal actor, std::string ip,
                                    Done<store::ChannelConnectionRecord> done) {
  pool_.Post([this, body = std::move(body), actor = std::move(actor), ip = std::move(ip), done = std::move(done)] {
    core::Result<NewChannelConnection> request = ParseChannelConnectionRequest(body, strict_json_);
    if (!request) return done(std::move(request).error());
    done(CreateChannelConnection(store_.Channels(), std::move(request).value(), actor.ToActor(), ip));
  });
}

void ChannelConnectionAdmin::List(Done<std::vector<store::ChannelConnectionRecord>> done) {
  pool_.Post([this, done = std::move(done)] { done(store_.Channels().ListChannelConnections()); });
}

void ChannelConnectionAdmin::Get(std::int64_t id, Done<store::ChannelConnectionRecord> done) {
  pool_.Post([this, id, done = std::move(done)] { done(store_.Channels().GetChannelConnection(id)); });
}

void ChannelConnectionAdmin::Disable(std::int64_t id, security::Principal actor, std::string ip,
                                     Done<store::ChannelConnectionRecord> done) {
  pool_.Post([this, id, actor = std::move(actor), ip = std::move(ip), done = std::move(done)] {
    done(store_.Channels().DisableChannelConnection(
        id, MakeAudit(actor.ToActor(), ip, "channel_connection.disable", "channel_connection:" + std::to_string(id))));
  });
}

}  // namespace ordo::service
