#include "security/pii_fields.hpp"

#include <algorithm>
#include <array>

namespace ordo::security {
namespace {

constexpr std::array kAllFields = {PiiField::kName, PiiField::kPhone, PiiField::kStreet,
                                   PiiField::kEmail};

}  // namespace

std::string_view PiiFieldName(PiiField field) {
  switch (field) {
    case PiiField::kName: return "name";
    case PiiField::kPhone: return "phone";
    case PiiField::kStreet: return "street";
    case PiiField::kEmail: return "email";
  }
  return "name";
}

std::optional<PiiField> ParsePiiField(std::string_view name) {
  for (const PiiField field : kAllFields) {
    if (PiiFieldName(field) == name) return field;
  }
  return std::nullopt;
}

std::span<const PiiField> AllPiiFields() { return kAllFields; }

core::Result<std::vector<PiiField>> ParsePiiFields(std::span<const std::string> names) {
  const auto refuse = [](std::string code, std::string message) {
    return core::Error{core::ErrorCode::kInvalidArgument, "invalid fields",
                       {{"fields", std::move(code), std::move(message)}}};
  };
  if (names.empty()) return refuse("empty", "name at least one field");
  std::vector<PiiField> fields;
  for (const std::string& name : names) {
    const std::optional<PiiField> field = ParsePiiField(name);
    if (!field.has_value()) {
      return refuse("unknown_field", "fields are name, phone, street and email");
    }
    if (std::find(fields.begin(), fields.end(), *field) != fields.end()) {
      return refuse("duplicate_field", "each field at most once");
    }
    fields.push_back(*field);
  }
  std::sort(fields.begin(), fields.end());  // enum order is catalogue order
  return fields;
}

std::string_view SubjectKindName(SubjectKind kind) {
  switch (kind) {
    case SubjectKind::kOrder: return "order";
    case SubjectKind::kCustomer: return "customer";
  }
  return "order";
}

std::optional<SubjectKind> ParseSubjectKind(std::string_view name) {
  if (name == "order") return SubjectKind::kOrder;
  if (name == "customer") return SubjectKind::kCustomer;
  return std::nullopt;
}

std::string SubjectLabel(const Subject& subject) {
  return std::string(SubjectKindName(subject.kind)) + ":" + subject.id;
}

}  // namespace ordo::security
