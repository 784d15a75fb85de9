#include "store/detail/unmask_repository.hpp"

#include <algorithm>
#include <optional>

#include "core/json.hpp"

namespace ordo::store::detail {
namespace {

using core::ErrorCode;

constexpr const char* kColumns =
    "id, requester_id, subjects, fields, purpose, status, requested_at, grant_millis, approver_id, decision_note, "
    "decided_at, expires_at";

std::string SubjectsJson(const std::vector<UnmaskSubjectRef>& subjects) {
  core::JsonBuffer buffer;
  core::JsonWriter writer(buffer);
  writer.StartArray();
  for (const UnmaskSubjectRef& subject : subjects) {
    writer.StartObject();
    core::WriteKey(writer, "kind");
    core::WriteString(writer, subject.kind);
    core::WriteKey(writer, "id");
    core::WriteString(writer, subject.id);
    writer.EndObject();
  }
  writer.EndArray();
  return {buffer.GetString(), buffer.GetSize()};
}

std::string FieldsJson(const std::vector<std::string>& fields) {
  core::JsonBuffer buffer;
  core::JsonWriter writer(buffer);
  writer.StartArray();
  for (const std::string& field : fields) core::WriteString(writer, field);
  writer.EndArray();
  return {buffer.GetString(), buffer.GetSize()};
}

// The JSON columns were written by SubjectsJson / FieldsJson; anything else is a broken row.
bool ReadSubjects(std::string_view json, std::vector<UnmaskSubjectRef>& out) {
  rapidjson::Document doc;
  if (!core::ParseJson(json, doc) || !doc.IsArray()) return false;
  for (const auto& item : doc.GetArray()) {
    if (!item.IsObject() || !item.HasMember("kind") || !item["kind"].IsString() || !item.HasMember("id") ||
        !item["id"].IsString()) {
      return false;
    }
    out.push_back({std::string(core::AsView(item["kind"])), std::string(core::AsView(item["id"]))});
  }
  return true;
}

bool ReadFields(std::string_view json, std::vector<std::string>& out) {
  rapidjson::Document doc;
  if (!core::ParseJson(json, doc) || !doc.IsArray()) return false;
  for (const auto& item : doc.GetArray()) {
    if (!item.IsString()) return false;
    out.emplace_back(core::AsView(item));
  }
  return true;
}

std::optional<core::UnixMillis> OptionalMillis(const Row& row, int column) {
  if (row.IsNull(column)) return std::nullopt;
  return row.Int(column);
}

Param OptionalParam(const std::optional<core::UnixMillis>& value) { return value ? Param(*value) : Param(nullptr); }

// Appends every row to `out`; sets `broken` when a JSON column is unreadable.
RowHandler Collect(std::vector<UnmaskRequestRecord>& out, bool& broken) {
  return [&out, &broken](const Row& row) {
    UnmaskRequestRecord record;
    record.id = row.Text(0);
    record.requester_id = row.Text(1);
    broken = broken || !ReadSubjects(row.Text(2), record.subjects) || !ReadFields(row.Text(3), record.fields);
    record.purpose = row.Text(4);
    record.status = row.Text(5);
    record.requested_at = row.Int(6);
    record.grant_millis = row.Int(7);
    record.approver_id = row.Text(8);
    record.decision_note = row.Text(9);
    record.decided_at = OptionalMillis(row, 10);
    record.expires_at = OptionalMillis(row, 11);
    out.push_back(std::move(record));
  };
}

core::Error BrokenRow() { return core::MakeError(ErrorCode::kInternal, "a stored unmask request is not valid"); }

// A WHERE clause built condition by condition, numbering the placeholders as it goes.
class Conditions {
 public:
  // `clause` uses "?" for each of `values`, in order.
  void Add(std::string_view clause, std::initializer_list<Param> values) {
    sql_ += sql_.empty() ? " WHERE " : " AND ";
    for (const char c : clause) {
      if (c != '?') {
        sql_ += c;
        continue;
      }
      params_.push_back(*(values.begin() + static_cast<std::ptrdiff_t>(used_++)));
      sql_ += "$" + std::to_string(params_.size());
    }
    used_ = 0;
  }
  const std::string& sql() const { return sql_; }
  const std::vector<Param>& params() const { return params_; }

 private:
  std::string sql_;
  std::vector<Param> params_;
  std::size_t used_ = 0;
};

// The SQL form of EffectiveUnmaskStatus (security/unmask.cpp) for one status, so that lists
// filter and page on what callers see, not on what the row last said.
core::Status AddEffectiveStatus(Conditions& where, const UnmaskRequestFilter& filter) {
  const core::UnixMillis pending_cutoff = filter.as_of - filter.pending_ttl_millis;
  if (filter.status == "pending") {
    where.Add("status = 'pending' AND requested_at > ?", {pending_cutoff});
  } else if (filter.status == "approved") {
    where.Add("status = 'approved' AND expires_at > ?", {filter.as_of});
  } else if (filter.status == "denied") {
    where.Add("status = 'denied'", {});
  } else if (filter.status == "expired") {
    where.Add("(status = 'expired' OR (status = 'pending' AND requested_at <= ?) OR "
              "(status = 'approved' AND (expires_at IS NULL OR expires_at <= ?)))",
              {pending_cutoff, filter.as_of});
  } else if (!filter.status.empty()) {
    return core::Error{ErrorCode::kInvalidArgument, "unknown unmask request status",
                       {{"status", "unknown_status", "must be pending, approved, denied or expired"}}};
  }
  return core::Ok();
}

}  // namespace

core::Status InsertUnmaskRequest(Connection& connection, const UnmaskRequestRecord& request) {
  const std::string subjects = SubjectsJson(request.subjects);
  const std::string fields = FieldsJson(request.fields);
  return connection.Exec(
      "INSERT INTO unmask_requests (id, requester_id, subjects, fields, purpose, status, requested_at, grant_millis, "
      "approver_id, decision_note, decided_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
      {std::string_view(request.id), std::string_view(request.requester_id), std::string_view(subjects),
       std::string_view(fields), std::string_view(request.purpose), std::string_view(request.status),
       request.requested_at, request.grant_millis, std::string_view(request.approver_id),
       std::string_view(request.decision_note), OptionalParam(request.decided_at), OptionalParam(request.expires_at)});
}

core::Result<UnmaskRequestRecord> LoadUnmaskRequest(Connection& connection, const std::string& id) {
  std::vector<UnmaskRequestRecord> found;
  bool broken = false;
  ORDO_TRY(connection.Query(std::string("SELECT ") + kColumns + " FROM unmask_requests WHERE id = $1",
                            {std::string_view(id)}, Collect(found, broken)));
  if (broken) return BrokenRow();
  if (found.empty()) return core::MakeError(ErrorCode::kNotFound, "no such unmask request");
  return std::move(found.front());
}

core::Result<UnmaskRequestPage> QueryUnmaskRequests(Connection& connection, const UnmaskRequestFilter& filter) {
  Conditions where;
  ORDO_TRY(AddEffectiveStatus(where, filter));
  if (!filter.requester_id.empty()) {
    if (filter.or_pending_of_others) {
      where.Add("(requester_id = ? OR (status = 'pending' AND requested_at > ?))",
                {std::string_view(filter.requester_id), filter.as_of - filter.pending_ttl_millis});
    } else {
      where.Add("requester_id = ?", {std::string_view(filter.requester_id)});
    }
  }
  if (filter.before) {
    where.Add("(requested_at < ? OR (requested_at = ? AND id < ?))",
              {filter.before->requested_at, filter.before->requested_at, std::string_view(filter.before->id)});
  }
  const int limit = std::clamp(filter.limit, 1, 500);
  // One row more than asked tells whether another page follows.
  const std::string sql = std::string("SELECT ") + kColumns + " FROM unmask_requests" + where.sql() +
                          " ORDER BY requested_at DESC, id DESC LIMIT " + std::to_string(limit + 1);
  UnmaskRequestPage page;
  bool broken = false;
  const RowHandler collect = Collect(page.items, broken);
  ORDO_TRY(connection.Run(sql, where.params(), &collect));
  if (broken) return BrokenRow();
  if (page.items.size() > static_cast<std::size_t>(limit)) {
    page.items.resize(static_cast<std::size_t>(limit));
    page.next_cursor = UnmaskCursor{page.items.back().requested_at, page.items.back().id};
  }
  return page;
}

core::Status WriteUnmaskDecision(Connection& connection, const UnmaskRequestRecord& decided,
                                 const std::string& expected_status) {
  ORDO_TRY(connection.Exec(
      "UPDATE unmask_requests SET status = $1, approver_id = $2, decision_note = $3, decided_at = $4, expires_at = $5 "
      "WHERE id = $6 AND status = $7",
      {std::string_view(decided.status), std::string_view(decided.approver_id),
       std::string_view(decided.decision_note), OptionalParam(decided.decided_at), OptionalParam(decided.expires_at),
       std::string_view(decided.id), std::string_view(expected_status)}));
  if (connection.ChangedRows() == 1) return core::Ok();
  // Nothing changed: tell a missing row from one decided by someone else in the meantime.
  auto current = LoadUnmaskRequest(connection, decided.id);
  if (!current) return std::move(current).error();
  return core::MakeError(ErrorCode::kConflict, "the unmask request is " + current->status + " now, not " +
                                                   expected_status + ": reload it");
}

core::Result<std::vector<UnmaskRequestRecord>> LoadActiveUnmaskGrants(Connection& connection,
                                                                     const std::string& requester_id,
                                                                     core::UnixMillis now) {
  std::vector<UnmaskRequestRecord> grants;
  bool broken = false;
  ORDO_TRY(connection.Query(std::string("SELECT ") + kColumns +
                                " FROM unmask_requests WHERE requester_id = $1 AND status = 'approved' AND "
                                "expires_at > $2 ORDER BY expires_at DESC, id LIMIT 1000",
                            {std::string_view(requester_id), now}, Collect(grants, broken)));
  if (broken) return BrokenRow();
  return grants;
}

}  // namespace ordo::store::detail
