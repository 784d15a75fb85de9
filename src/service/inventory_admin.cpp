#include "service/inventory_admin.hpp"

#include <charconv>
#include <set>

#include "core/json.hpp"
#include "order/order_json.hpp"
#include "service/identity.hpp"

namespace ordo::service {
namespace {

constexpr std::size_t kMaxCancelReasonChars = 200;
constexpr std::size_t kMaxIdempotencyKeyBytes = 200;

core::Error Invalid(std::vector<core::FieldError> fields) {
  return core::Error{core::ErrorCode::kInvalidArgument, "the request breaks the rules listed in errors",
                     std::move(fields)};
}

core::Error BadParameter(const std::string& name, std::string code, std::string message) {
  return Invalid({core::FieldError{name, std::move(code), std::move(message), {}, {}}});
}

std::optional<std::int64_t> ParseInt(std::string_view text) {
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

core::Result<int> ParseLimit(const std::string& value) {
  const auto limit = ParseInt(value);
  if (!limit || *limit < 1 || *limit > 1000) return BadParameter("limit", "out_of_range", "limit is 1..1000");
  return static_cast<int>(*limit);
}

core::Status RequireKey(std::string_view idempotency_key) {
  if (idempotency_key.empty() || idempotency_key.size() > kMaxIdempotencyKeyBytes) {
    core::Error error = core::MakeError(core::ErrorCode::kMalformed,
                                        "stock changes need an Idempotency-Key header (1..200 bytes)");
    error.fields.push_back(core::FieldError{"Idempotency-Key", "required", "an Idempotency-Key header is required", {}, {}});
    return error;
  }
  return core::Ok();
}

// The store names a body field it could not resolve (an unknown backup or stock location) as
// kNotFound "/pointer: no location 'X'": for the caller that is a rule of the body (422), not a
// missing resource.
template <class T>
core::Result<T> AsBodyError(core::Result<T> result) {
  if (result || result.error().code != core::ErrorCode::kNotFound || result.error().detail.empty() ||
      result.error().detail[0] != '/') {
    return result;
  }
  const std::string& detail = result.error().detail;
  const std::size_t colon = detail.find(": ");
  const std::string pointer = detail.substr(0, colon);
  const std::string message = colon == std::string::npos ? "no such location" : detail.substr(colon + 2);
  return Invalid({core::FieldError{pointer, "unknown_location", message, {}, {}}});
}

std::string CountDetail(const char* name, std::size_t count) {
  return std::string("{\"") + name + "\":" + std::to_string(count) + "}";
}

void WriteSummary(core::JsonWriter& writer, const sourcing::RebalanceSummary& summary) {
  writer.StartObject();
  core::WriteKey(writer, "orders_filled");
  writer.Int64(summary.orders_filled);
  core::WriteKey(writer, "weighted_value");
  writer.Int64(summary.weighted_value);
  core::WriteKey(writer, "units");
  writer.Int64(summary.units);
  writer.EndObject();
}

}  // namespace

void WriteRebalanceReport(core::JsonWriter& writer, const RebalanceReport& report) {
  writer.StartObject();
  core::WriteKey(writer, "waiting_orders");
  writer.Int64(report.waiting_orders);
  core::WriteKey(writer, "skus");
  writer.Int64(report.skus);
  core::WriteKey(writer, "first_come_first_served");
  WriteSummary(writer, report.comparison.first_come_first_served);
  core::WriteKey(writer, "mip");
  WriteSummary(writer, report.comparison.mip);
  core::WriteKey(writer, "mip_optimal");
  writer.Bool(report.comparison.mip_optimal);
  core::WriteKey(writer, "mip_hit_limit");
  writer.Bool(report.mip_hit_limit);
  core::WriteKey(writer, "applied");
  writer.Bool(report.applied);
  core::WriteKey(writer, "allocated");
  writer.Int64(report.allocated);
  core::WriteKey(writer, "not_allocated");
  writer.Int64(report.not_allocated);
  core::WriteKey(writer, "solve_ms");
  writer.Double(report.solve_ms);
  core::WriteKey(writer, "elapsed_ms");
  writer.Double(report.elapsed_ms);
  writer.EndObject();
}

core::Result<CancelLinesRequest> ParseCancelLinesRequest(std::string_view body, bool strict_json) {
  rapidjson::Document doc;
  ORDO_TRY(core::ParseJson(body, doc));
  if (!doc.IsObject()) return Invalid({core::FieldError{"", "type", "the body must be a JSON object", {}, {}}});
  std::vector<core::FieldError> fields;
  CancelLinesRequest request;
  for (const auto& member : doc.GetObject()) {
    const std::string_view name = core::AsView(member.name);
    if (name == "lines") {
      if (!member.value.IsArray()) {
        fields.push_back({"/lines", "type", "lines is an array of line indexes", {}, {}});
        continue;
      }
      std::set<int> seen;
      for (rapidjson::SizeType i = 0; i < member.value.Size(); ++i) {
        const rapidjson::Value& line = member.value[i];
        const std::string pointer = "/lines/" + std::to_string(i);
        if (!line.IsInt() || line.GetInt() < 0 || line.GetInt() >= static_cast<int>(order::kMaxLinesPerOrder)) {
          fields.push_back({pointer, "type", "a line index is an integer 0..499", {}, {}});
        } else if (!seen.insert(line.GetInt()).second) {
          fields.push_back({pointer, "duplicate", "each line once", {}, {}});
        } else {
          request.lines.push_back(line.GetInt());
        }
      }
      if (member.value.Empty()) fields.push_back({"/lines", "empty", "name at least one line", {}, {}});
    } else if (name == "reason") {
      if (!member.value.IsString()) {
        fields.push_back({"/reason", "type", "reason is a string", {}, {}});
      } else if (core::AsView(member.value).size() > kMaxCancelReasonChars * 4) {
        fields.push_back({"/reason", "too_long", "at most 200 characters", {}, {}});
      } else {
        request.reason = std::string(core::AsView(member.value));
      }
    } else if (strict_json) {
      fields.push_back({"/" + std::string(name), "unknown_field", "not a member of this request", {}, {}});
    }
  }
  if (!doc.HasMember("lines")) fields.push_back({"/lines", "required", "lines is required", {}, {}});
  if (!fields.empty()) return Invalid(std::move(fields));
  return request;
}

core::Result<store::StockFilter> BuildStockFilter(const QueryParams& params) {
  store::StockFilter filter;
  for (const auto& [name, value] : params) {
    if (name == "sku") {
      filter.sku = value;
    } else if (name == "location_id") {
      filter.location_id = value;
    } else if (name == "after") {
      const std::size_t bar = value.find('|');
      if (bar == std::string::npos) return BadParameter("after", "format", "after is <sku>|<location_id>");
      filter.after = std::make_pair(value.substr(0, bar), value.substr(bar + 1));
    } else if (name == "limit") {
      auto limit = ParseLimit(value);
      if (!limit) return std::move(limit).error();
      filter.limit = *limit;
    } else {
      return core::MakeError(core::ErrorCode::kMalformed, "unknown query parameter " + name);
    }
  }
  return filter;
}

core::Result<store::StockLedgerFilter> BuildStockLedgerFilter(const QueryParams& params) {
  store::StockLedgerFilter filter;
  for (const auto& [name, value] : params) {
    if (name == "sku") {
      filter.sku = value;
    } else if (name == "location_id") {
      filter.location_id = value;
    } else if (name == "order_id") {
      const auto id = ParseInt(value);
      if (!id || *id < 1) return BadParameter("order_id", "format", "order_id is a positive integer");
      filter.order_id = *id;
    } else if (name == "after") {
      const auto seq = ParseInt(value);
      if (!seq || *seq < 0) return BadParameter("after", "format", "after is a ledger seq");
      filter.after_seq = *seq;
    } else if (name == "limit") {
      auto limit = ParseLimit(value);
      if (!limit) return std::move(limit).error();
      filter.limit = *limit;
    } else {
      return core::MakeError(core::ErrorCode::kMalformed, "unknown query parameter " + name);
    }
  }
  return filter;
}

core::Status InventoryAdmin::CreateLocation(std::string_view body, const security::Principal& actor, std::string ip,
                                            Done<store::LocationRecord> done) {
  auto location = ParseLocationJson(body, strict_json_);
  if (!location) return std::move(location).error();
  pool_.Post([this, location = std::move(location).value(), who = actor.ToActor(), ip = std::move(ip),
              done = std::move(done)]() mutable {
    const std::string subject = "location:" + location.id;
    store::AuditRecord audit = MakeAudit(who, ip, "location.create", subject, LocationToJson(location));
    done(AsBodyError(store_.Inventory().CreateLocation(std::move(location), std::move(audit))));
  });
  return core::Ok();
}

core::Status InventoryAdmin::UpdateLocation(std::string id, std::string_view body,
                                            std::optional<std::int64_t> expected_version,
                                            const security::Principal& actor, std::string ip,
                                            Done<store::LocationRecord> done) {
  auto location = ParseLocationJson(body, strict_json_, std::string_view(id));
  if (!location) return std::move(location).error();
  pool_.Post([this, location = std::move(location).value(), expected_version, who = actor.ToActor(),
              ip = std::move(ip), done = std::move(done)]() mutable {
    store::AuditRecord audit = MakeAudit(who, ip, "location.update", "location:" + location.id, LocationToJson(location));
    auto updated = store_.Inventory().UpdateLocation(std::move(location), expected_version, std::move(audit));
    // The location in the path is missing: a plain 404; an unknown backup: the body's 422.
    done(updated || updated.error().detail.rfind("/backup", 0) != 0 ? std::move(updated) : AsBodyError(std::move(updated)));
  });
  return core::Ok();
}

void InventoryAdmin::ListLocations(Done<std::vector<store::LocationRecord>> done) {
  pool_.Post([this, done = std::move(done)] { done(store_.Inventory().ListLocations()); });
}

void InventoryAdmin::GetLocation(std::string id, Done<store::LocationRecord> done) {
  pool_.Post([this, id = std::move(id), done = std::move(done)] { done(store_.Inventory().GetLocation(id)); });
}

core::Status InventoryAdmin::SetLocationStatus(std::string id, std::string_view body, const security::Principal& actor,
                                               std::string ip, Done<FailoverReport> done) {
  auto change = ParseLocationStatusJson(body, strict_json_);
  if (!change) return std::move(change).error();
  pool_.Post([this, id = std::move(id), change = std::move(change).value(), who = actor.ToActor(), ip = std::move(ip),
              done = std::move(done)] {
    done(sourcing_.SetLocationStatus(id, change.status, change.reason, who, ip));
  });
  return core::Ok();
}

core::Status InventoryAdmin::ReplaceCarrierRates(std::string_view body, const security::Principal& actor,
                                                 std::string ip, Done<store::CarrierTableRecord> done) {
  auto rates = ParseCarrierRatesJson(body, strict_json_);
  if (!rates) return std::move(rates).error();
  pool_.Post([this, rates = std::move(rates).value(), who = actor.ToActor(), ip = std::move(ip),
              done = std::move(done)]() mutable {
    store::AuditRecord audit = MakeAudit(who, ip, "carrier_rates.replace", "carrier_rates", CountDetail("rates", rates.size()));
    done(store_.Inventory().ReplaceCarrierRates(std::move(rates), std::move(audit)));
  });
  return core::Ok();
}

void InventoryAdmin::GetCarrierRates(Done<store::CarrierTableRecord> done) {
  pool_.Post([this, done = std::move(done)] { done(store_.Inventory().GetCarrierRates()); });
}

core::Status InventoryAdmin::Apply(std::vector<store::StockChange> changes, std::string_view idempotency_key,
                                   const security::Principal& actor, Done<store::StockChangeOutcome> done) {
  ORDO_TRY(RequireKey(idempotency_key));
  store::StockChangeRequest request;
  request.idempotency_key = std::string(idempotency_key);
  request.changes = std::move(changes);
  request.actor = actor.ToActor();
  pool_.Post([this, request = std::move(request), done = std::move(done)]() mutable {
    auto outcome = AsBodyError(store_.Inventory().ApplyStockChanges(std::move(request)));
    if (outcome && !outcome->replayed && stock_changed_) stock_changed_();
    done(std::move(outcome));
  });
  return core::Ok();
}

core::Status InventoryAdmin::ChangeStock(std::string_view body, StockChangeMode mode, std::string_view idempotency_key,
                                         const security::Principal& actor, Done<store::StockChangeOutcome> done) {
  ORDO_TRY(RequireKey(idempotency_key));
  auto changes = ParseStockChangesJson(body, mode, strict_json_);
  if (!changes) return std::move(changes).error();
  return Apply(std::move(changes).value(), idempotency_key, actor, std::move(done));
}

core::Status InventoryAdmin::UploadStockCsv(std::string_view bytes, std::string_view idempotency_key,
                                            const security::Principal& actor, Done<store::StockChangeOutcome> done) {
  ORDO_TRY(RequireKey(idempotency_key));
  auto changes = ParseStockCsv(bytes);
  if (!changes) return std::move(changes).error();
  return Apply(std::move(changes).value(), idempotency_key, actor, std::move(done));
}

void InventoryAdmin::ListStock(store::StockFilter filter, Done<std::vector<store::StockRecord>> done) {
  pool_.Post([this, filter = std::move(filter), done = std::move(done)] { done(store_.Inventory().ListStock(filter)); });
}

void InventoryAdmin::ListLedger(store::StockLedgerFilter filter, Done<std::vector<store::StockLedgerRow>> done) {
  pool_.Post([this, filter = std::move(filter), done = std::move(done)] {
    done(store_.Inventory().ListStockLedger(filter));
  });
}

void InventoryAdmin::CheckLedger(Done<store::LedgerCheck> done) {
  pool_.Post([this, done = std::move(done)] { done(store_.Inventory().CheckStockLedger()); });
}

void InventoryAdmin::Explain(std::int64_t order_id, store::OrderScope scope, Done<store::SourcingRecord> done) {
  pool_.Post([this, order_id, scope = std::move(scope), done = std::move(done)] {
    done(sourcing_.Explain(order_id, scope));
  });
}

core::Status InventoryAdmin::Preview(std::string_view body, store::OrderScope scope, Done<std::string> done) {
  rapidjson::Document doc;
  ORDO_TRY(core::ParseJson(body, doc));
  if (!doc.IsObject()) return Invalid({core::FieldError{"", "type", "the body must be a JSON object", {}, {}}});
  std::string pickup;
  std::optional<order::Order> order;
  std::optional<std::int64_t> order_id;
  std::vector<core::FieldError> fields;
  for (const auto& member : doc.GetObject()) {
    const std::string_view name = core::AsView(member.name);
    if (name == "order") {
      order::ParseOptions options;
      options.strict = strict_json_;
      options.address_required = false;
      auto parsed = order::ParseOrderValue(member.value, options, clock_.Now(), "order/");
      if (!parsed) return std::move(parsed).error();
      order = std::move(parsed).value();
    } else if (name == "order_id") {
      if (!member.value.IsInt64() || member.value.GetInt64() < 1) {
        fields.push_back({"/order_id", "type", "order_id is a positive integer", {}, {}});
      } else {
        order_id = member.value.GetInt64();
      }
    } else if (name == "pickup_location_id") {
      if (!member.value.IsString() || !IsLocationId(core::AsView(member.value))) {
        fields.push_back({"/pickup_location_id", "format", "a location id", {}, {}});
      } else {
        pickup = std::string(core::AsView(member.value));
      }
    } else if (strict_json_) {
      fields.push_back({"/" + std::string(name), "unknown_field", "not a member of this request", {}, {}});
    }
  }
  if (order.has_value() == order_id.has_value()) {
    fields.push_back({"/order", "one_of", "give either order or order_id", {}, {}});
  }
  if (!fields.empty()) return Invalid(std::move(fields));
  pool_.Post([this, order = std::move(order), order_id, pickup = std::move(pickup), scope = std::move(scope),
              done = std::move(done)]() mutable {
    if (order_id) {
      auto stored = store_.GetOrderSync(*order_id, scope);
      if (!stored) return done(std::move(stored).error());
      order = std::move(stored).value();
    }
    done(sourcing_.Preview(*order, pickup));
  });
  return core::Ok();
}

core::Status InventoryAdmin::Rebalance(std::string_view body, const security::Principal& actor, std::string ip,
                                       Done<RebalanceReport> done) {
  rapidjson::Document doc;
  ORDO_TRY(core::ParseJson(body.empty() ? std::string_view("{}") : body, doc));
  if (!doc.IsObject()) return Invalid({core::FieldError{"", "type", "the body must be a JSON object", {}, {}}});
  bool apply = false;
  int time_limit_ms = 2000;
  std::vector<core::FieldError> fields;
  for (const auto& member : doc.GetObject()) {
    const std::string_view name = core::AsView(member.name);
    if (name == "apply") {
      if (!member.value.IsBool()) fields.push_back({"/apply", "type", "apply is true or false", {}, {}});
      else apply = member.value.GetBool();
    } else if (name == "time_limit_ms") {
      if (!member.value.IsInt() || member.value.GetInt() < 100 || member.value.GetInt() > 60'000) {
        fields.push_back({"/time_limit_ms", "out_of_range", "time_limit_ms is 100..60000", {}, {}});
      } else {
        time_limit_ms = member.value.GetInt();
      }
    } else if (strict_json_) {
      fields.push_back({"/" + std::string(name), "unknown_field", "not a member of this request", {}, {}});
    }
  }
  if (!fields.empty()) return Invalid(std::move(fields));
  pool_.Post([this, apply, time_limit_ms, who = actor.ToActor(), ip = std::move(ip), done = std::move(done)] {
    auto report = sourcing_.Rebalance(apply, time_limit_ms);
    if (report && apply) {
      const std::string detail = "{\"allocated\":" + std::to_string(report->allocated) +
                                 ",\"waiting_orders\":" + std::to_string(report->waiting_orders) + "}";
      auto audited = store_.AppendAudit(MakeAudit(who, ip, "sourcing.rebalance", "sourcing", detail));
      if (!audited) return done(std::move(audited).error());
    }
    done(std::move(report));
  });
  return core::Ok();
}

core::Status InventoryAdmin::CancelLines(std::int64_t order_id, std::string_view body, const core::Actor& actor,
                                         store::OrderScope scope, Done<store::AllocateOutcome> done) {
  auto request = ParseCancelLinesRequest(body, strict_json_);
  if (!request) return std::move(request).error();
  pool_.Post([this, order_id, request = std::move(request).value(), actor, scope = std::move(scope),
              done = std::move(done)] {
    auto visible = store_.GetOrderSync(order_id, scope);
    if (!visible) return done(std::move(visible).error());
    auto outcome = store_.Inventory().CancelOrderLines(order_id, request.lines, request.reason, actor);
    if (outcome && stock_changed_) stock_changed_();
    done(std::move(outcome));
  });
  return core::Ok();
}

}  // namespace ordo::service
