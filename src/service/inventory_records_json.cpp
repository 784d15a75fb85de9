// What the stock, ledger and sourcing reads answer (inventory_json.hpp has the shapes).
#include "core/time.hpp"
#include "service/inventory_json.hpp"

namespace ordo::service {
namespace {

void WriteTime(core::JsonWriter& writer, std::string_view key, core::UnixMillis at) {
  core::WriteKey(writer, key);
  if (at == 0) {
    writer.Null();
  } else {
    core::WriteString(writer, core::FormatRfc3339(at));
  }
}

void WriteText(core::JsonWriter& writer, std::string_view key, std::string_view value) {
  core::WriteKey(writer, key);
  core::WriteString(writer, value);
}

void WriteTextOrNull(core::JsonWriter& writer, std::string_view key, std::string_view value) {
  core::WriteKey(writer, key);
  if (value.empty()) {
    writer.Null();
  } else {
    core::WriteString(writer, value);
  }
}

void WriteInt(core::JsonWriter& writer, std::string_view key, std::int64_t value) {
  core::WriteKey(writer, key);
  writer.Int64(value);
}

// The stored decision as a JSON value. The store only holds what the sourcing service wrote,
// but a reply must stay valid JSON whatever the column holds: unreadable text becomes null.
void WriteDecision(core::JsonWriter& writer, std::string_view decision_json) {
  core::WriteKey(writer, "decision");
  if (decision_json.empty()) {
    writer.Null();
    return;
  }
  rapidjson::Document doc;
  if (!core::ParseJson(decision_json, doc).has_value()) {
    writer.Null();
    return;
  }
  doc.Accept(writer);
}

void WriteAllocation(core::JsonWriter& writer, const store::AllocationRow& row) {
  writer.StartObject();
  WriteInt(writer, "line_index", row.line_index);
  WriteText(writer, "sku", row.sku);
  WriteInt(writer, "qty", row.qty);
  WriteText(writer, "location_id", row.location_id);
  WriteTextOrNull(writer, "carrier", row.carrier);
  WriteTextOrNull(writer, "service_level", row.service_level);
  WriteText(writer, "promised_date", FormatLocalDay(row.promised_day));
  WriteText(writer, "state", row.state);
  WriteTime(writer, "created_at", row.created_at);
  WriteTime(writer, "closed_at", row.closed_at);
  writer.EndObject();
}

template <class Record, class Write>
std::string ToJson(const Record& record, Write write) {
  core::JsonBuffer buffer;
  core::JsonWriter writer(buffer);
  write(writer, record);
  return {buffer.GetString(), buffer.GetSize()};
}

}  // namespace

void WriteStockRecord(core::JsonWriter& writer, const store::StockRecord& stock) {
  writer.StartObject();
  WriteText(writer, "sku", stock.sku);
  WriteText(writer, "location_id", stock.location_id);
  WriteInt(writer, "on_hand", stock.on_hand);
  WriteInt(writer, "reserved", stock.reserved);
  WriteInt(writer, "safety_stock", stock.safety_stock);
  WriteInt(writer, "available", stock.available());
  WriteTime(writer, "updated_at", stock.updated_at);
  writer.EndObject();
}

std::string StockRecordToJson(const store::StockRecord& stock) { return ToJson(stock, WriteStockRecord); }

void WriteStockLedgerRow(core::JsonWriter& writer, const store::StockLedgerRow& row) {
  writer.StartObject();
  WriteInt(writer, "seq", row.seq);
  WriteTime(writer, "at", row.at);
  WriteText(writer, "sku", row.sku);
  WriteText(writer, "location_id", row.location_id);
  WriteInt(writer, "on_hand_delta", row.on_hand_delta);
  WriteInt(writer, "reserved_delta", row.reserved_delta);
  WriteInt(writer, "on_hand_after", row.on_hand_after);
  WriteInt(writer, "reserved_after", row.reserved_after);
  WriteInt(writer, "safety_after", row.safety_after);
  WriteText(writer, "cause", row.cause);
  core::WriteKey(writer, "order_id");
  if (row.order_id == 0) {
    writer.Null();
  } else {
    writer.Int64(row.order_id);
  }
  WriteText(writer, "reference", row.reference);
  WriteText(writer, "actor", row.actor);
  writer.EndObject();
}

std::string StockLedgerRowToJson(const store::StockLedgerRow& row) { return ToJson(row, WriteStockLedgerRow); }

void WriteSourcingRecord(core::JsonWriter& writer, const store::SourcingRecord& record) {
  writer.StartObject();
  WriteInt(writer, "order_id", record.order_id);
  WriteText(writer, "state", record.state);
  WriteInt(writer, "priority", record.priority);
  WriteText(writer, "cause", record.cause);
  WriteTime(writer, "decided_at", record.decided_at);
  WriteInt(writer, "attempts", record.attempts);
  WriteDecision(writer, record.decision_json);
  core::WriteKey(writer, "allocations");
  writer.StartArray();
  for (const store::AllocationRow& row : record.allocations) WriteAllocation(writer, row);
  writer.EndArray();
  writer.EndObject();
}

std::string SourcingRecordToJson(const store::SourcingRecord& record) { return ToJson(record, WriteSourcingRecord); }

}  // namespace ordo::service
