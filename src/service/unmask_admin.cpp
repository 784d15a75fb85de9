#include "service/unmask_admin.hpp"

#include <algorithm>
#include <charconv>

#include "core/json.hpp"
#include "security/permissions.hpp"
#include "security/token.hpp"
#include "service/identity.hpp"
#include "service/unmask_records.hpp"

namespace ordo::service {
namespace {

using core::ErrorCode;
using core::FieldError;

constexpr std::size_t kMaxSubjectIdBytes = 64;
constexpr std::size_t kMaxFieldNames = 16;
constexpr std::size_t kMaxPurposeBytes = 4 * security::kMaxPurposeChars;  // UTF-8: ≤ 4 bytes a character
constexpr std::size_t kMaxNoteBytes = 2000;
constexpr std::int64_t kMaxGrantMinutesToRead = 1'000'000;  // beyond: out of range without multiplying

core::Error Invalid(std::vector<FieldError> fields) {
  return core::Error{ErrorCode::kInvalidArgument, "the request breaks the rules listed in errors", std::move(fields)};
}

core::Error NoSuchRequest() { return core::MakeError(ErrorCode::kNotFound, "no such unmask request"); }

bool IsPositiveInteger(std::string_view text) {
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size() && value > 0;
}

// Ids are "umr_" + 16 base32 characters; anything else cannot exist, so it is not looked up.
bool LooksLikeUnmaskId(std::string_view id) {
  if (!id.starts_with(kUnmaskIdPrefix) || id.size() != kUnmaskIdPrefix.size() + 16) return false;
  for (const char c : id.substr(kUnmaskIdPrefix.size())) {
    if (!((c >= 'a' && c <= 'z') || (c >= '2' && c <= '7'))) return false;
  }
  return true;
}

void RejectUnknownMembers(const rapidjson::Value& object, std::initializer_list<std::string_view> known,
                          const std::string& prefix, std::vector<FieldError>& errors) {
  for (auto member = object.MemberBegin(); member != object.MemberEnd(); ++member) {
    const std::string_view name = core::AsView(member->name);
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      errors.push_back({prefix + std::string(name.substr(0, 64)), "unknown_field", "field is not part of the request schema"});
    }
  }
}

const rapidjson::Value* Member(const rapidjson::Value& object, const char* name) {
  const auto member = object.FindMember(name);
  return member == object.MemberEnd() || member->value.IsNull() ? nullptr : &member->value;
}

void ReadSubjects(const rapidjson::Value* value, security::UnmaskRequestInput& input, std::vector<FieldError>& errors) {
  if (value == nullptr) return errors.push_back({"subjects", "required", "name at least one order or customer"});
  if (!value->IsArray()) return errors.push_back({"subjects", "type", "must be an array of {kind, id}"});
  if (value->Size() > security::kMaxUnmaskSubjects) {
    return errors.push_back({"subjects", "too_many", "at most 100 subjects per request"});
  }
  for (rapidjson::SizeType subject_idx = 0; subject_idx < value->Size(); ++subject_idx) {
    const rapidjson::Value& item = (*value)[subject_idx];
    const std::string path = "subjects/" + std::to_string(subject_idx);
    security::Subject subject;  // kept even when invalid, so later errors keep their index
    if (!item.IsObject()) {
      errors.push_back({path, "type", "must be an object {kind, id}"});
      input.subjects.push_back(subject);
      continue;
    }
    RejectUnknownMembers(item, {"kind", "id"}, path + "/", errors);
    const rapidjson::Value* kind = Member(item, "kind");
    bool kind_known = false;
    if (kind != nullptr && kind->IsString()) {
      if (const std::optional<security::SubjectKind> parsed = security::ParseSubjectKind(core::AsView(*kind))) {
        subject.kind = *parsed;
        kind_known = true;
      }
    }
    if (!kind_known) errors.push_back({path + "/kind", "unknown_kind", "must be \"order\" or \"customer\""});
    const rapidjson::Value* id = Member(item, "id");
    if (id == nullptr || !id->IsString()) {
      errors.push_back({path + "/id", "type", "must be a string"});
    } else if (id->GetStringLength() > kMaxSubjectIdBytes) {
      errors.push_back({path + "/id", "too_long", "must be at most 64 bytes"});
    } else {
      subject.id = std::string(core::AsView(*id));
      if (kind_known && subject.kind == security::SubjectKind::kOrder && !subject.id.empty() && !IsPositiveInteger(subject.id)) {
        errors.push_back({path + "/id", "format", "an order id is a positive integer"});
      }
    }
    input.subjects.push_back(std::move(subject));
  }
}

void ReadFieldNames(const rapidjson::Value* value, security::UnmaskRequestInput& input, std::vector<FieldError>& errors) {
  if (value == nullptr) return errors.push_back({"fields", "required", "name the personal fields to see"});
  if (!value->IsArray() || value->Size() > kMaxFieldNames) {
    return errors.push_back({"fields", "type", "must be an array of field names"});
  }
  for (const auto& item : value->GetArray()) {
    if (!item.IsString() || item.GetStringLength() > 32) {
      return errors.push_back({"fields", "type", "must be an array of field names"});
    }
    input.fields.emplace_back(core::AsView(item));
  }
}

// The members of a new request, type-checked; the rules on their values are OpenUnmaskRequest's.
core::Result<security::UnmaskRequestInput> ParseRequestBody(std::string_view body, std::vector<FieldError>& errors) {
  rapidjson::Document doc;
  ORDO_TRY(core::ParseJson(body, doc));
  if (!doc.IsObject()) return Invalid({{"", "type", "must be a JSON object"}});
  RejectUnknownMembers(doc, {"subjects", "fields", "purpose", "grant_minutes"}, "", errors);
  security::UnmaskRequestInput input;
  ReadSubjects(Member(doc, "subjects"), input, errors);
  ReadFieldNames(Member(doc, "fields"), input, errors);
  const rapidjson::Value* purpose = Member(doc, "purpose");
  if (purpose == nullptr) {
    errors.push_back({"purpose", "required", "say why the data is needed (10 to 500 characters)"});
  } else if (!purpose->IsString()) {
    errors.push_back({"purpose", "type", "must be a string"});
  } else if (purpose->GetStringLength() > kMaxPurposeBytes) {
    errors.push_back({"purpose", "too_long", "purpose must be at most 500 characters"});
  } else {
    input.purpose = std::string(core::AsView(*purpose));
  }
  if (const rapidjson::Value* minutes = Member(doc, "grant_minutes"); minutes != nullptr) {
    if (!minutes->IsInt64()) {
      errors.push_back({"grant_minutes", "type", "must be an integer number of minutes"});
    } else if (minutes->GetInt64() < 0 || minutes->GetInt64() > kMaxGrantMinutesToRead) {
      errors.push_back({"grant_minutes", "out_of_range", "a grant lasts 5 to 480 minutes"});
    } else {
      input.grant_millis = minutes->GetInt64() * 60'000;
    }
  }
  return input;
}

// Field errors of the pure rules, except on members whose type was already refused (their
// parsed value is a placeholder, and one error per member is clearer).
void MergeRuleErrors(const core::Error& rules, std::vector<FieldError>& errors) {
  // "subjects/3" and "subjects/3/id" are about the same value; "subjects/0/kind" is not.
  const auto related = [](std::string_view a, std::string_view b) {
    if (a.size() > b.size()) std::swap(a, b);
    return b.starts_with(a) && (b.size() == a.size() || b[a.size()] == '/');
  };
  const std::size_t type_errors = errors.size();
  for (const FieldError& error : rules.fields) {
    bool reported = false;
    for (std::size_t error_idx = 0; error_idx < type_errors; ++error_idx) {
      reported = reported || related(errors[error_idx].field, error.field);
    }
    if (!reported) errors.push_back(error);
  }
}

// {"note"?: "…"}; an empty body is no note.
core::Result<std::string> ParseDecisionBody(std::string_view body) {
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) return std::string();
  rapidjson::Document doc;
  ORDO_TRY(core::ParseJson(body, doc));
  if (!doc.IsObject()) return Invalid({{"", "type", "must be a JSON object"}});
  std::vector<FieldError> errors;
  RejectUnknownMembers(doc, {"note"}, "", errors);
  std::string note;
  if (const rapidjson::Value* value = Member(doc, "note"); value != nullptr) {
    if (!value->IsString()) {
      errors.push_back({"note", "type", "must be a string"});
    } else if (value->GetStringLength() > kMaxNoteBytes) {
      errors.push_back({"note", "too_long", "note must be valid UTF-8, at most 500 characters"});
    } else {
      note = std::string(core::AsView(*value));
    }
  }
  if (!errors.empty()) return Invalid(std::move(errors));
  return note;
}

security::UnmaskRequest AsOf(security::UnmaskRequest request, core::UnixMillis now) {
  if (std::optional<security::UnmaskRequest> expired = security::ExpireIfDue(request, now)) return std::move(*expired);
  return request;
}

std::string RefusalMessage(std::string_view reason) {
  if (reason == "missing_permission") return "reading personal data in clear needs pii.read.clear";
  if (reason == "step_up_unavailable") return "API keys cannot step up, so they never read personal data in clear";
  if (reason == "step_up_required") {
    return "confirm a TOTP code first (POST /api/v1/auth/step-up); it counts for 5 minutes";
  }
  if (reason == "grant_expired") return "your grant for this field has expired: ask again";
  if (reason == "grant_not_approved") return "your unmask request for this field is not approved";
  if (reason == "no_grant") return "no approved unmask request of yours covers this order or its customer for this field";
  return "this field stays masked";
}

}  // namespace

core::Result<std::vector<security::UnmaskGrant>> LoadOwnUnmaskGrants(store::Store& store,
                                                                     const security::Principal& principal,
                                                                     core::UnixMillis expiring_after) {
  std::vector<security::UnmaskGrant> grants;
  if (principal.kind != security::PrincipalKind::kUser || !principal.HasPermission(security::perm::kPiiReadClear)) {
    return grants;
  }
  // Only the principal's own grants are loaded: grants are personal (DecideMasking ignores others').
  core::Result<std::vector<store::UnmaskRequestRecord>> records =
      store.ListActiveUnmaskGrants(principal.id, expiring_after);
  if (!records) return std::move(records).error();
  for (const store::UnmaskRequestRecord& record : *records) {
    core::Result<security::UnmaskRequest> request = FromRecord(record);
    if (!request) return std::move(request).error();
    grants.push_back(security::ToGrant(*request));
  }
  return grants;
}

core::Result<UnmaskListQuery> BuildUnmaskListQuery(const QueryParams& params) {
  UnmaskListQuery query;
  std::vector<FieldError> errors;
  std::vector<std::string> seen;
  bool malformed = false;
  for (const auto& [name, value] : params) {
    if (std::find(seen.begin(), seen.end(), name) != seen.end()) {
      malformed = true;
      errors.push_back({name.substr(0, 64), "repeated", "give this parameter once"});
    }
    seen.push_back(name);
    if (name == "status") {
      if (!security::ParseUnmaskStatus(value)) {
        errors.push_back({name, "unknown_status", "must be pending, approved, denied or expired"});
      }
      query.status = value;
    } else if (name == "cursor") {
      query.before = DecodeUnmaskCursor(value);
      if (!query.before) {
        malformed = true;
        errors.push_back({name, "format", "pass next_cursor of the previous page unchanged"});
      }
    } else if (name == "limit") {
      std::int64_t limit = 0;
      const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), limit);
      if (ec != std::errc() || end != value.data() + value.size() || limit < 1 || limit > kMaxUnmaskPage) {
        errors.push_back({name, "range", "must be an integer from 1 to " + std::to_string(kMaxUnmaskPage)});
      } else {
        query.limit = static_cast<int>(limit);
      }
    } else {
      malformed = true;
      errors.push_back({name.substr(0, 64), "unknown_parameter", "not a parameter of this list"});
    }
  }
  if (malformed) return core::Error{ErrorCode::kMalformed, "the query string cannot be used", std::move(errors)};
  if (!errors.empty()) {
    return core::Error{ErrorCode::kInvalidArgument, "query parameters break the rules listed in errors", std::move(errors)};
  }
  return query;
}

core::Result<std::vector<security::PiiField>> ParseClearFields(std::string_view list) {
  std::vector<std::string> names;
  for (std::size_t start = 0; start <= list.size() && names.size() <= kMaxFieldNames;) {
    const std::size_t comma = std::min(list.find(',', start), list.size());
    names.emplace_back(list.substr(start, comma - start));
    start = comma + 1;
  }
  if (list.empty()) names.clear();
  core::Result<std::vector<security::PiiField>> fields = security::ParsePiiFields(names);
  if (fields) return fields;
  // ParsePiiFields names the body member "fields"; here the same rules apply to the parameter.
  core::Error error = std::move(fields).error();
  for (FieldError& field : error.fields) field.field = "clear";
  return error;
}

void UnmaskAdmin::Create(std::string body, security::Principal requester, std::string ip,
                         Done<security::UnmaskRequest> done) {
  pool_.Post([this, body = std::move(body), requester = std::move(requester), ip = std::move(ip),
              done = std::move(done)] { done(CreateBlocking(body, requester, ip)); });
}

core::Result<security::UnmaskRequest> UnmaskAdmin::CreateBlocking(std::string_view body,
                                                                  const security::Principal& requester,
                                                                  const std::string& ip) {
  std::vector<FieldError> errors;
  core::Result<security::UnmaskRequestInput> input = ParseRequestBody(body, errors);
  if (!input) return std::move(input).error();
  core::Result<security::UnmaskRequest> request =
      security::OpenUnmaskRequest(requester, *input, security::NewRecordId(kUnmaskIdPrefix), clock_.Now());
  if (!request && request.error().code != ErrorCode::kInvalidArgument) return std::move(request).error();
  if (!request) MergeRuleErrors(request.error(), errors);
  if (!errors.empty()) return Invalid(std::move(errors));
  core::Result<store::UnmaskRequestRecord> stored = store_.CreateUnmaskRequest(
      ToRecord(*request), MakeAudit(requester.ToActor(), ip, "pii.unmask_request", "unmask_request:" + request->id,
                                    UnmaskAuditDetail(*request)));
  if (!stored) return std::move(stored).error();
  return request;
}

void UnmaskAdmin::Get(std::string id, security::Principal caller, Done<security::UnmaskRequest> done) {
  pool_.Post([this, id = std::move(id), caller = std::move(caller), done = std::move(done)] {
    if (!LooksLikeUnmaskId(id)) return done(NoSuchRequest());
    core::Result<store::UnmaskRequestRecord> record = store_.GetUnmaskRequest(id);
    if (!record) return done(std::move(record).error());
    core::Result<security::UnmaskRequest> request = FromRecord(*record);
    if (!request) return done(std::move(request).error());
    // Someone else's request is as invisible as a missing one, except to approvers.
    if (request->requester_id != caller.id && !caller.HasPermission(security::perm::kPiiUnmaskApprove)) {
      return done(NoSuchRequest());
    }
    done(AsOf(std::move(request).value(), clock_.Now()));
  });
}

void UnmaskAdmin::List(UnmaskListQuery query, security::Principal caller, Done<UnmaskPage> done) {
  pool_.Post([this, query = std::move(query), caller = std::move(caller), done = std::move(done)] {
    const core::UnixMillis now = clock_.Now();
    store::UnmaskRequestFilter filter;
    filter.status = query.status;
    filter.as_of = now;
    filter.pending_ttl_millis = security::kPendingUnmaskTtlMillis;
    filter.requester_id = caller.id;
    filter.or_pending_of_others = caller.HasPermission(security::perm::kPiiUnmaskApprove);
    filter.before = query.before;
    filter.limit = query.limit;
    core::Result<store::UnmaskRequestPage> page = store_.ListUnmaskRequests(std::move(filter));
    if (!page) return done(std::move(page).error());
    UnmaskPage out;
    for (const store::UnmaskRequestRecord& record : page->items) {
      core::Result<security::UnmaskRequest> request = FromRecord(record);
      if (!request) return done(std::move(request).error());
      out.items.push_back(AsOf(std::move(request).value(), now));
    }
    if (page->next_cursor) out.next_cursor = EncodeUnmaskCursor(*page->next_cursor);
    done(std::move(out));
  });
}

void UnmaskAdmin::Approve(std::string id, std::string body, security::Principal approver, std::string ip,
                          Done<security::UnmaskRequest> done) {
  pool_.Post([this, id = std::move(id), body = std::move(body), approver = std::move(approver), ip = std::move(ip),
              done = std::move(done)] { done(DecideBlocking(id, body, approver, ip, /*approve=*/true)); });
}

void UnmaskAdmin::Deny(std::string id, std::string body, security::Principal approver, std::string ip,
                       Done<security::UnmaskRequest> done) {
  pool_.Post([this, id = std::move(id), body = std::move(body), approver = std::move(approver), ip = std::move(ip),
              done = std::move(done)] { done(DecideBlocking(id, body, approver, ip, /*approve=*/false)); });
}

core::Result<security::UnmaskRequest> UnmaskAdmin::DecideBlocking(const std::string& id, std::string_view body,
                                                                  const security::Principal& approver,
                                                                  const std::string& ip, bool approve) {
  core::Result<std::string> note = ParseDecisionBody(body);
  if (!note) return std::move(note).error();
  if (!LooksLikeUnmaskId(id)) return NoSuchRequest();
  core::Result<store::UnmaskRequestRecord> record = store_.GetUnmaskRequest(id);
  if (!record) return std::move(record).error();
  core::Result<security::UnmaskRequest> request = FromRecord(*record);
  if (!request) return std::move(request).error();
  const core::UnixMillis now = clock_.Now();
  core::Result<security::UnmaskRequest> decided = approve ? security::ApproveUnmaskRequest(*request, approver, *note, now)
                                                          : security::DenyUnmaskRequest(*request, approver, *note, now);
  if (!decided) return decided;
  ORDO_TRY(CheckApproverScope(*request, approver));
  core::Result<store::UnmaskRequestRecord> stored = store_.DecideUnmaskRequest(
      ToRecord(*decided), std::string(security::UnmaskStatusName(security::UnmaskStatus::kPending)),
      MakeAudit(approver.ToActor(), ip, approve ? "pii.unmask_approve" : "pii.unmask_deny", "unmask_request:" + id,
                UnmaskAuditDetail(*decided)));
  if (!stored) return std::move(stored).error();
  return decided;
}

core::Status UnmaskAdmin::CheckApproverScope(const security::UnmaskRequest& request,
                                             const security::Principal& approver) {
  const store::OrderScope scope = OrderScopeOf(approver);
  if (scope.unrestricted()) return core::Ok();
  for (const security::Subject& subject : request.subjects) {
    if (subject.kind == security::SubjectKind::kCustomer) {
      return core::Error{ErrorCode::kForbidden, "customer_subject_needs_unrestricted_approver",
                         {{"subjects", "customer_subject_needs_unrestricted_approver",
                           "a customer's orders may lie outside your scopes: an approver without province or "
                           "channel scopes decides this request"}}};
    }
  }
  for (const security::Subject& subject : request.subjects) {
    std::int64_t order_id = 0;
    const auto [end, ec] = std::from_chars(subject.id.data(), subject.id.data() + subject.id.size(), order_id);
    // Missing and out-of-scope orders answer alike, so the answer does not tell which it was.
    const core::Error not_found = core::MakeError(ErrorCode::kNotFound, "an order of this request is not found");
    if (ec != std::errc() || end != subject.id.data() + subject.id.size()) return not_found;
    core::Result<order::Order> order = store_.GetOrderSync(order_id, scope);
    if (!order) return order.error().code == ErrorCode::kNotFound ? not_found : std::move(order).error();
  }
  return core::Ok();
}

void UnmaskAdmin::ReadOrderClear(std::int64_t order_id, std::vector<security::PiiField> fields,
                                 security::Principal reader, std::string ip, Done<ClearOrderView> done) {
  pool_.Post([this, order_id, fields = std::move(fields), reader = std::move(reader), ip = std::move(ip),
              done = std::move(done)] { done(ReadOrderClearBlocking(order_id, fields, reader, ip)); });
}

core::Result<ClearOrderView> UnmaskAdmin::ReadOrderClearBlocking(std::int64_t order_id,
                                                                 const std::vector<security::PiiField>& fields,
                                                                 const security::Principal& reader,
                                                                 const std::string& ip) {
  core::Result<order::Order> order = store_.GetOrderSync(order_id, OrderScopeOf(reader));
  if (!order) return std::move(order).error();
  const core::UnixMillis now = clock_.Now();
  // Live grants and those that ran out in the last day: an expired one turns the refusal's
  // "no_grant" into "grant_expired" (DecideMasking never clears with it).
  core::Result<std::vector<security::UnmaskGrant>> grants =
      LoadOwnUnmaskGrants(store_, reader, now - kExpiredGrantMemoryMillis);
  if (!grants) return std::move(grants).error();
  const std::vector<security::Subject> subjects = security::SubjectsOfOrder(*order);
  security::MaskingDecision decision = security::DecideMasking(reader, subjects, fields, *grants, now);
  std::vector<FieldError> refused;
  for (const security::PiiField field : fields) {
    const security::FieldVisibility& visibility = decision.For(field);
    if (!visibility.clear) {
      refused.push_back({"clear/" + std::string(security::PiiFieldName(field)), visibility.reason,
                         RefusalMessage(visibility.reason)});
    }
  }
  // All or nothing: a partial answer would look like the whole and hide why the rest is masked.
  if (!refused.empty()) {
    std::string reason = refused.front().code;
    core::Error refusal{ErrorCode::kForbidden, std::move(reason), std::move(refused)};
    // Refusals are audited as well: repeated attempts on data one has no grant for are what a
    // reviewer looks for. Without the entry, the store's error is the answer.
    core::Result<store::AuditRecord> audited = store_.AppendAudit(
        MakeAudit(reader.ToActor(), ip, "pii.view_clear_refused", "order:" + std::to_string(order->id),
                  ClearRefusedAuditDetail(refusal, fields)));
    if (!audited) return std::move(audited).error();
    return refusal;
  }
  // Audited before it is shown: if the entry cannot be written, the data does not leave.
  core::Result<store::AuditRecord> audited = store_.AppendAudit(
      MakeAudit(reader.ToActor(), ip, "pii.view_clear", "order:" + std::to_string(order->id),
                ViewClearAuditDetail(decision, subjects, *grants)));
  if (!audited) return std::move(audited).error();
  order->shipping_address = security::ApplyMasking(order->shipping_address, decision);
  // The values entry normalisation replaced are as personal as the fields themselves: clear
  // exactly when their field is.
  for (order::OriginalField& original : order->original_fields) {
    if (original.field == "shipping_address.name") {
      original.value = security::MaskedOrClear(security::PiiField::kName, original.value, decision);
    } else if (original.field == "shipping_address.phone") {
      original.value = security::MaskedOrClear(security::PiiField::kPhone, original.value, decision);
    } else if (original.field == "shipping_address.street") {
      original.value = security::MaskedOrClear(security::PiiField::kStreet, original.value, decision);
    }
  }
  return ClearOrderView{std::move(order).value(), std::move(decision)};
}

}  // namespace ordo::service
