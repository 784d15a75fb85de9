#include "service/webhook_admin.hpp"

#include <array>
#include <utility>

#include "core/json.hpp"
#include "service/rule_runtime_json.hpp"

namespace ordo::service {
namespace {

constexpr std::size_t kMaxUrlBytes = 2048;
constexpr std::size_t kMaxSecretBytes = 256;
constexpr std::size_t kMaxEventTypes = 16;
constexpr std::array<std::string_view, 10> kEventTypes = {
    "*", store::kEventOrderCreated, store::kEventOrderUpdated, store::kEventOrderStatusChanged,
    store::kEventQualityThresholdBreached,
    // Sent by business rules' actions (service/rule_runtime_json.hpp).
    kEventRuleNotify, kEventSkuHidden, kEventSkuShown, kEventCarrierSwitched, kEventOrderingBlocked};

bool IsHttpUrl(std::string_view url) {
  std::string_view rest;
  if (url.starts_with("http://")) {
    rest = url.substr(7);
  } else if (url.starts_with("https://")) {
    rest = url.substr(8);
  } else {
    return false;
  }
  if (rest.empty() || rest.front() == '/') return false;
  for (unsigned char c : url) {
    if (c <= 0x20 || c >= 0x7F) return false;
  }
  return true;
}

}  // namespace

std::optional<store::DeliveryState> ParseDeliveryState(std::string_view name) {
  if (name == "dead") return store::DeliveryState::kDead;
  if (name == "pending") return store::DeliveryState::kPending;
  if (name == "delivered") return store::DeliveryState::kDelivered;
  return std::nullopt;
}

std::string_view DeliveryStateName(store::DeliveryState state) {
  switch (state) {
    case store::DeliveryState::kDead: return "dead";
    case store::DeliveryState::kPending: return "pending";
    case store::DeliveryState::kDelivered: return "delivered";
  }
  return "pending";
}

core::Result<store::WebhookSubscription> ParseWebhookRequest(std::string_view body, core::UnixMillis now,
                                                             bool strict_json) {
  rapidjson::Document doc;
  ORDO_TRY(core::ParseJson(body, doc));
  if (!doc.IsObject()) {
    return core::Error{core::ErrorCode::kInvalidArgument, "a subscription is a JSON object",
                       {{"", "type", "must be a JSON object"}}};
  }
  std::vector<core::FieldError> fields;
  if (strict_json) {
    for (auto member = doc.MemberBegin(); member != doc.MemberEnd(); ++member) {
      const std::string_view name = core::AsView(member->name);
      if (name != "url" && name != "event_types" && name != "secret") {
        fields.push_back({std::string(name.substr(0, 64)), "unknown_field", "field is not part of the subscription schema"});
      }
    }
  }
  store::WebhookSubscription subscription;
  subscription.created_at = now;
  subscription.active = true;

  const auto url = doc.FindMember("url");
  if (url == doc.MemberEnd() || !url->value.IsString()) {
    fields.push_back({"url", url == doc.MemberEnd() ? "required" : "type", "must be an http(s) URL"});
  } else if (url->value.GetStringLength() > kMaxUrlBytes || !IsHttpUrl(core::AsView(url->value))) {
    fields.push_back({"url", "format", "must be an absolute http:// or https:// URL of at most 2048 bytes"});
  } else {
    subscription.url = core::AsView(url->value);
  }

  const auto types = doc.FindMember("event_types");
  if (types == doc.MemberEnd() || !types->value.IsArray() || types->value.Empty()) {
    fields.push_back({"event_types", types == doc.MemberEnd() ? "required" : "type",
                      "must be a non-empty array of event types"});
  } else if (types->value.Size() > kMaxEventTypes) {
    fields.push_back({"event_types", "too_many", "at most 16 event types"});
  } else {
    for (rapidjson::SizeType type_idx = 0; type_idx < types->value.Size(); ++type_idx) {
      const rapidjson::Value& type = types->value[type_idx];
      bool known = false;
      if (type.IsString()) {
        for (std::string_view candidate : kEventTypes) known = known || candidate == core::AsView(type);
      }
      if (!known) {
        fields.push_back({"event_types/" + std::to_string(type_idx), "enum",
                          "must be one of *, order.created, order.updated, order.status_changed, quality.threshold_breached, "
                          "rule.notify, channel.sku_hidden, channel.sku_shown, carrier.switched, ordering.blocked"});
      } else {
        subscription.event_types.emplace_back(core::AsView(type));
      }
    }
  }

  const auto secret = doc.FindMember("secret");
  if (secret == doc.MemberEnd() || !secret->value.IsString()) {
    fields.push_back({"secret", secret == doc.MemberEnd() ? "required" : "type", "must be a string"});
  } else if (secret->value.GetStringLength() < kMinSecretBytes || secret->value.GetStringLength() > kMaxSecretBytes) {
    fields.push_back({"secret", "length", "must be 16 to 256 bytes"});
  } else {
    subscription.secret = core::AsView(secret->value);
  }
  if (!fields.empty()) {
    return core::Error{core::ErrorCode::kInvalidArgument, "the subscription breaks the rules listed in errors",
                       std::move(fields)};
  }
  return subscription;
}

core::Status WebhookAdmin::Create(std::string_view body, store::Callback<store::WebhookSubscription> done) {
  core::Result<store::WebhookSubscription> subscription = ParseWebhookRequest(body, clock_.Now(), strict_json_);
  if (!subscription) return std::move(subscription).error();
  store_.CreateWebhook(std::move(subscription).value(), std::move(done));
  return core::Ok();
}

void WebhookAdmin::ListDeliveries(store::DeliveryState state, int limit,
                                  store::Callback<std::vector<store::Delivery>> done) {
  pool_.Post([this, state, limit, done = std::move(done)] { done(store_.ListDeliveries(state, limit)); });
}

void WebhookAdmin::Replay(std::int64_t delivery_id, std::function<void(core::Status)> done) {
  pool_.Post([this, delivery_id, done = std::move(done)] { done(store_.ReplayDelivery(delivery_id)); });
}

}  // namespace ordo::service
