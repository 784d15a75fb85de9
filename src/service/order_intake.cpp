#include "service/order_intake.hpp"

#include <memory>
#include <optional>
#include <utility>

#include "core/json.hpp"
#include "order/order_json.hpp"
#include "service/entry_review.hpp"

namespace ordo::service {
namespace {

core::Error EnvelopeError(std::string field, std::string code, std::string message) {
  core::Error error{core::ErrorCode::kInvalidArgument, "the batch envelope is invalid", {}};
  error.fields.push_back({std::move(field), std::move(code), std::move(message)});
  return error;
}

}  // namespace

OrderIntake::OrderIntake(store::Store& store, const core::Clock& clock, QualityRules& rules, IntakeOptions options)
    : store_(store), clock_(clock), rules_(rules), options_(options) {}

core::Status OrderIntake::IngestOne(std::string_view body, std::string idempotency_key, const core::Actor& actor,
                                    store::Callback<store::IngestOutcome> done) {
  if (idempotency_key.size() > kMaxIdempotencyKeyBytes) {
    return core::Error{core::ErrorCode::kMalformed, "the Idempotency-Key header is too long",
                       {{"Idempotency-Key", "too_long", "must be at most 255 bytes"}}};
  }
  const order::ParseOptions parse_options{.strict = options_.strict_json, .from_storage = false,
                                          .address_required = false};
  core::Result<order::Order> parsed = order::ParseOrder(body, parse_options, clock_.Now());
  if (!parsed) return std::move(parsed).error();

  std::vector<store::IngestItem> items(1);
  items[0].order = std::move(parsed).value();
  core::Result<store::EntryReview> review = ApplyEntryRules(items[0].order, *rules_.Current(), {});
  if (!review) return std::move(review).error();
  items[0].review = std::move(review).value();
  items[0].idempotency_key = std::move(idempotency_key);
  items[0].actor = actor;
  store_.Ingest(std::move(items), [done = std::move(done)](std::vector<core::Result<store::IngestOutcome>> results) {
    if (results.size() != 1) {
      ORDO_BUG("store answered a one-order ingest with a different number of results");
      done(core::MakeError(core::ErrorCode::kInternal, "the store lost the order's result"));
      return;
    }
    done(std::move(results[0]));
  });
  return core::Ok();
}

core::Status OrderIntake::IngestBatch(std::string_view body, const core::Actor& actor,
                                      std::function<void(BatchResults)> done) {
  rapidjson::Document doc;
  ORDO_TRY(core::ParseJson(body, doc));
  if (!doc.IsObject()) return EnvelopeError("", "type", "a batch must be a JSON object {\"orders\": [...]}");
  if (options_.strict_json) {
    for (auto member = doc.MemberBegin(); member != doc.MemberEnd(); ++member) {
      if (core::AsView(member->name) != "orders") {
        return EnvelopeError(std::string(core::AsView(member->name).substr(0, 64)), "unknown_field",
                             "field is not part of the batch schema");
      }
    }
  }
  const auto orders = doc.FindMember("orders");
  if (orders == doc.MemberEnd()) return EnvelopeError("orders", "required", "field is required");
  if (!orders->value.IsArray()) return EnvelopeError("orders", "type", "must be an array");
  const rapidjson::SizeType count = orders->value.Size();
  if (count == 0) return EnvelopeError("orders", "required", "a batch needs at least one order");
  if (count > kMaxBatchOrders) {
    return EnvelopeError("orders", "too_many", "at most " + std::to_string(kMaxBatchOrders) + " orders per batch");
  }

  // Items that fail to parse get their error now; the rest go to the store in one call and
  // their results are slotted back by index.
  auto results = std::make_shared<std::vector<std::optional<core::Result<store::IngestOutcome>>>>(count);
  auto store_indices = std::make_shared<std::vector<std::size_t>>();
  std::vector<store::IngestItem> items;
  items.reserve(count);
  const order::ParseOptions parse_options{.strict = options_.strict_json, .from_storage = false,
                                          .address_required = false};
  const core::UnixMillis now = clock_.Now();
  const EntryRulesPtr rules = rules_.Current();  // one set for the whole batch
  std::string prefix;
  for (rapidjson::SizeType order_idx = 0; order_idx < count; ++order_idx) {
    prefix = "orders/" + std::to_string(order_idx) + "/";
    core::Result<order::Order> parsed = order::ParseOrderValue(orders->value[order_idx], parse_options, now, prefix);
    if (!parsed) {
      (*results)[order_idx].emplace(std::move(parsed).error());
      continue;
    }
    store::IngestItem item;
    item.order = std::move(parsed).value();
    core::Result<store::EntryReview> review = ApplyEntryRules(item.order, *rules, prefix);
    if (!review) {
      (*results)[order_idx].emplace(std::move(review).error());
      continue;
    }
    item.review = std::move(review).value();
    item.actor = actor;
    items.push_back(std::move(item));
    store_indices->push_back(order_idx);
  }

  auto finish = [results, done = std::move(done)]() {
    BatchResults flat;
    flat.reserve(results->size());
    for (auto& slot : *results) {
      if (slot) {
        flat.push_back(std::move(*slot));
      } else {
        flat.push_back(core::MakeError(core::ErrorCode::kInternal, "the store lost this order's result"));
      }
    }
    done(std::move(flat));
  };
  if (items.empty()) {
    finish();
    return core::Ok();
  }
  store_.Ingest(std::move(items), [results, store_indices, finish = std::move(finish)](
                                      std::vector<core::Result<store::IngestOutcome>> stored) {
    if (stored.size() != store_indices->size()) ORDO_BUG("store answered a batch with a different number of results");
    for (std::size_t result_idx = 0; result_idx < stored.size() && result_idx < store_indices->size(); ++result_idx) {
      (*results)[(*store_indices)[result_idx]].emplace(std::move(stored[result_idx]));
    }
    finish();
  });
  return core::Ok();
}

}  // namespace ordo::service
