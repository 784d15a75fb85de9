#include "service/unmask_records.hpp"

#include <algorithm>
#include <charconv>

#include "core/json.hpp"
#include "security/encoding.hpp"

namespace ordo::service {
namespace {

constexpr std::string_view kCursorPrefix = "u1:";

core::Error UnreadableRow() {
  return core::MakeError(core::ErrorCode::kInternal, "a stored unmask request names something this version does not know");
}

std::string Finish(const core::JsonBuffer& buffer) { return {buffer.GetString(), buffer.GetSize()}; }

void WriteStrings(core::JsonWriter& writer, std::string_view key, const std::vector<std::string>& values) {
  core::WriteKey(writer, key);
  writer.StartArray();
  for (const std::string& value : values) core::WriteString(writer, value);
  writer.EndArray();
}

std::vector<std::string> SubjectLabels(std::span<const security::Subject> subjects) {
  std::vector<std::string> labels;
  for (const security::Subject& subject : subjects) labels.push_back(security::SubjectLabel(subject));
  return labels;
}

std::vector<std::string> FieldNames(std::span<const security::PiiField> fields) {
  std::vector<std::string> names;
  for (const security::PiiField field : fields) names.emplace_back(security::PiiFieldName(field));
  return names;
}

}  // namespace

store::UnmaskRequestRecord ToRecord(const security::UnmaskRequest& request) {
  store::UnmaskRequestRecord record;
  record.id = request.id;
  record.requester_id = request.requester_id;
  for (const security::Subject& subject : request.subjects) {
    record.subjects.push_back({std::string(security::SubjectKindName(subject.kind)), subject.id});
  }
  record.fields = FieldNames(request.fields);
  record.purpose = request.purpose;
  record.status = std::string(security::UnmaskStatusName(request.status));
  record.requested_at = request.requested_at;
  record.grant_millis = request.grant_millis;
  record.approver_id = request.approver_id;
  record.decision_note = request.decision_note;
  record.decided_at = request.decided_at;
  record.expires_at = request.expires_at;
  return record;
}

core::Result<security::UnmaskRequest> FromRecord(const store::UnmaskRequestRecord& record) {
  security::UnmaskRequest request;
  request.id = record.id;
  request.requester_id = record.requester_id;
  for (const store::UnmaskSubjectRef& subject : record.subjects) {
    const std::optional<security::SubjectKind> kind = security::ParseSubjectKind(subject.kind);
    if (!kind) return UnreadableRow();
    request.subjects.push_back({*kind, subject.id});
  }
  for (const std::string& name : record.fields) {
    const std::optional<security::PiiField> field = security::ParsePiiField(name);
    if (!field) return UnreadableRow();
    request.fields.push_back(*field);
  }
  const std::optional<security::UnmaskStatus> status = security::ParseUnmaskStatus(record.status);
  if (!status) return UnreadableRow();
  request.purpose = record.purpose;
  request.status = *status;
  request.requested_at = record.requested_at;
  request.grant_millis = record.grant_millis;
  request.approver_id = record.approver_id;
  request.decision_note = record.decision_note;
  request.decided_at = record.decided_at;
  request.expires_at = record.expires_at;
  return request;
}

std::string EncodeUnmaskCursor(const store::UnmaskCursor& cursor) {
  return security::ToHex(std::string(kCursorPrefix) + std::to_string(cursor.requested_at) + ":" + cursor.id);
}

std::optional<store::UnmaskCursor> DecodeUnmaskCursor(std::string_view text) {
  if (text.empty() || text.size() > 256) return std::nullopt;
  const std::optional<std::string> token = security::FromHex(text);
  if (!token || !token->starts_with(kCursorPrefix)) return std::nullopt;
  const std::string_view rest = std::string_view(*token).substr(kCursorPrefix.size());
  const std::size_t colon = rest.find(':');
  if (colon == std::string_view::npos || colon + 1 >= rest.size()) return std::nullopt;
  store::UnmaskCursor cursor;
  const auto [end, ec] = std::from_chars(rest.data(), rest.data() + colon, cursor.requested_at);
  if (ec != std::errc() || end != rest.data() + colon || cursor.requested_at < 0) return std::nullopt;
  cursor.id = std::string(rest.substr(colon + 1));
  // Only canonical encodings (lower-case hex, no leading zeros) name a cursor.
  if (EncodeUnmaskCursor(cursor) != text) return std::nullopt;
  return cursor;
}

std::string UnmaskAuditDetail(const security::UnmaskRequest& request) {
  core::JsonBuffer buffer;
  core::JsonWriter writer(buffer);
  writer.StartObject();
  core::WriteKey(writer, "requester_id");
  core::WriteString(writer, request.requester_id);
  WriteStrings(writer, "subjects", SubjectLabels(request.subjects));
  WriteStrings(writer, "fields", FieldNames(request.fields));
  // The purpose is why the data is seen: the audit has to carry it. It is the requester's own
  // words about the task, shown to the approver too (the API docs say not to put personal data in it).
  core::WriteKey(writer, "purpose");
  core::WriteString(writer, request.purpose);
  core::WriteKey(writer, "grant_minutes");
  writer.Int64(request.grant_millis / 60'000);
  core::WriteKey(writer, "status");
  core::WriteString(writer, security::UnmaskStatusName(request.status));
  if (request.expires_at) {
    core::WriteKey(writer, "expires_at");
    core::WriteString(writer, core::FormatRfc3339(*request.expires_at));
  }
  writer.EndObject();
  return Finish(buffer);
}

std::string ViewClearAuditDetail(const security::MaskingDecision& decision,
                                 std::span<const security::Subject> subjects,
                                 std::span<const security::UnmaskGrant> grants) {
  std::vector<security::PiiField> cleared;
  std::vector<std::string> grant_ids;  // in order of first use
  for (const security::FieldVisibility& visibility : decision.fields) {
    if (!visibility.clear) continue;
    cleared.push_back(visibility.field);
    if (std::find(grant_ids.begin(), grant_ids.end(), visibility.grant_id) == grant_ids.end()) {
      grant_ids.push_back(visibility.grant_id);
    }
  }
  core::JsonBuffer buffer;
  core::JsonWriter writer(buffer);
  writer.StartObject();
  WriteStrings(writer, "fields", FieldNames(cleared));
  WriteStrings(writer, "subjects", SubjectLabels(subjects));
  core::WriteKey(writer, "grants");
  writer.StartArray();
  for (const std::string& grant_id : grant_ids) {
    writer.StartObject();
    core::WriteKey(writer, "request_id");
    core::WriteString(writer, grant_id);
    core::WriteKey(writer, "purpose");
    const auto grant = std::find_if(grants.begin(), grants.end(),
                                    [&](const security::UnmaskGrant& candidate) { return candidate.request_id == grant_id; });
    core::WriteString(writer, grant == grants.end() ? std::string_view() : std::string_view(grant->purpose));
    std::vector<security::PiiField> by_this_grant;
    for (const security::FieldVisibility& visibility : decision.fields) {
      if (visibility.clear && visibility.grant_id == grant_id) by_this_grant.push_back(visibility.field);
    }
    WriteStrings(writer, "fields", FieldNames(by_this_grant));
    writer.EndObject();
  }
  writer.EndArray();
  writer.EndObject();
  return Finish(buffer);
}

std::string ClearRefusedAuditDetail(const core::Error& refusal, std::span<const security::PiiField> requested) {
  core::JsonBuffer buffer;
  core::JsonWriter writer(buffer);
  writer.StartObject();
  core::WriteKey(writer, "reason");
  core::WriteString(writer, refusal.detail);
  WriteStrings(writer, "fields", FieldNames(requested));
  core::WriteKey(writer, "refused");
  writer.StartArray();
  for (const core::FieldError& field : refusal.fields) {
    writer.StartObject();
    core::WriteKey(writer, "field");
    core::WriteString(writer, field.field);
    core::WriteKey(writer, "code");
    core::WriteString(writer, field.code);
    writer.EndObject();
  }
  writer.EndArray();
  writer.EndObject();
  return Finish(buffer);
}

}  // namespace ordo::service
