#include "service/channel_intake.hpp"

#include <memory>
#include <utility>

#include "channels/webhook_signature.hpp"
#include "channels/channel_payload.hpp"
#include "service/entry_review.hpp"

namespace ordo::service {
namespace {

using channels::Channel;

core::Error NotFound(std::string detail) { return core::MakeError(core::ErrorCode::kNotFound, std::move(detail)); }

// One message for every signature failure: which part was wrong is no business of a forger's.
core::Error BadSignature() {
  return core::MakeError(core::ErrorCode::kUnauthorized, "the webhook signature is missing or does not match");
}

core::Status VerifySignature(Channel channel, std::string_view body, std::string_view secret,
                             std::string_view header) {
  if (header.empty() || secret.empty()) return BadSignature();
  const core::Status verified = channel == Channel::kShopify ? channels::VerifyShopifyHmac(body, secret, header)
                                                             : channels::VerifyWooSignature(body, secret, header);
  if (!verified) return BadSignature();
  return core::Ok();
}

// The order as the channel intake stores it: the buyer id is the customer reference (identity
// resolution keys on it), and the entry rules' verdict.
core::Result<store::ChannelIngestItem> PrepareItem(channels::ChannelOrder mapped, const ActiveEntryRules& rules,
                                                   std::string_view field_prefix, std::int64_t connection_id,
                                                   const core::Actor& actor) {
  store::ChannelIngestItem item;
  item.ingest.order = std::move(mapped.order);
  if (item.ingest.order.customer_ref.empty()) item.ingest.order.customer_ref = mapped.buyer_id;
  core::Result<store::EntryReview> review = ReviewEntry(item.ingest.order, rules, field_prefix);
  if (!review) return std::move(review).error();
  item.ingest.review = std::move(review).value();
  item.ingest.actor = actor;
  item.connection_id = connection_id;
  item.channel_updated_at = mapped.channel_updated_at;
  item.channel_hold = std::move(mapped.hold_reason);
  return item;
}

}  // namespace

bool ChannelSignsWebhooks(std::string_view channel) { return channel == "shopify" || channel == "woocommerce"; }

void ChannelIntake::Push(ChannelPush push, std::function<void(core::Result<ChannelPushResult>)> done) {
  // The connection lookup blocks: off the I/O thread.
  pool_.Post([this, push = std::move(push), done = std::move(done)]() mutable { Run(std::move(push), std::move(done)); });
}

void ChannelIntake::Run(ChannelPush push, std::function<void(core::Result<ChannelPushResult>)> done) {
  const std::optional<Channel> channel = channels::ParseChannel(push.channel);
  if (!channel) return done(NotFound("unknown channel"));
  if (push.connection.empty()) {
    return done(core::Error{core::ErrorCode::kInvalidArgument, "the channel connection is required",
                            {{"connection", "required", "give ?connection=<name> of a channel connection"}}});
  }
  core::Result<store::ChannelConnectionRecord> connection =
      store_.Channels().FindChannelConnection(push.channel, push.connection);
  if (!connection) {
    if (connection.error().code == core::ErrorCode::kNotFound) return done(NotFound("unknown channel connection"));
    return done(std::move(connection).error());
  }
  if (connection->disabled) return done(NotFound("unknown channel connection"));

  core::Actor actor;
  if (ChannelSignsWebhooks(push.channel)) {
    if (core::Status verified = VerifySignature(*channel, push.body, connection->secret, push.signature); !verified) {
      (void)store_.Channels().CountChannelSignatureFailure(connection->id);
      return done(std::move(verified).error());
    }
    actor = core::Actor{"channel", push.channel + ":" + connection->name};
  } else {
    if (!push.caller) return done(core::MakeError(core::ErrorCode::kUnauthorized, "a bearer token is required"));
    actor = *push.caller;
  }

  channels::CsvProfile profile = channels::DefaultCsvProfile();
  if (!connection->csv_profile.empty()) {
    core::Result<channels::CsvProfile> saved = channels::ParseCsvProfile(connection->csv_profile);
    if (!saved) return done(core::MakeError(core::ErrorCode::kInternal, "the connection's saved CSV profile is not valid"));
    profile = std::move(saved).value();
  }
  core::Result<channels::MappedPayload> mapped = channels::MapChannelPayload(*channel, push.body, profile, clock_.Now());
  if (!mapped) return done(std::move(mapped).error());

  const EntryRulesPtr rules = rules_.Current();  // one set for the whole payload
  const std::size_t count = mapped->orders.size();
  auto result = std::make_shared<ChannelPushResult>();
  result->batch = mapped->batch;
  result->results.resize(count, core::MakeError(core::ErrorCode::kInternal, "the store lost this order's result"));
  auto store_indices = std::make_shared<std::vector<std::size_t>>();
  std::vector<store::ChannelIngestItem> items;
  for (std::size_t order_idx = 0; order_idx < count; ++order_idx) {
    core::Result<channels::ChannelOrder>& one = mapped->orders[order_idx];
    if (!one) {
      result->results[order_idx] = std::move(one).error();
      continue;
    }
    const std::string prefix = mapped->batch ? "orders/" + std::to_string(order_idx) + "/" : std::string();
    core::Result<store::ChannelIngestItem> item = PrepareItem(std::move(one).value(), *rules, prefix, connection->id, actor);
    if (!item) {
      result->results[order_idx] = std::move(item).error();
      continue;
    }
    if (!mapped->batch) item->ingest.idempotency_key = push.idempotency_key;
    items.push_back(std::move(item).value());
    store_indices->push_back(order_idx);
  }
  if (!mapped->batch && items.empty()) return done(std::move(result->results[0]).error());
  if (items.empty()) return done(std::move(*result));
  store_.Channels().IngestChannelOrders(
      std::move(items), [result, store_indices, done = std::move(done)](
                            std::vector<core::Result<store::ChannelIngestOutcome>> stored) mutable {
        for (std::size_t result_idx = 0; result_idx < stored.size() && result_idx < store_indices->size(); ++result_idx) {
          result->results[(*store_indices)[result_idx]] = std::move(stored[result_idx]);
        }
        done(std::move(*result));
      });
}

}  // namespace ordo::service
