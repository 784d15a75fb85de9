#pragma once
// The personal-data fields of an order or customer, and the subjects unmask requests name.
// Constant data and pure functions; thread-safe.
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace ordo::security {

// Masked by default in every response; encrypted at rest. Province, city and district are not
// personal on their own and stay clear.
enum class PiiField { kName, kPhone, kStreet, kEmail };

std::string_view PiiFieldName(PiiField field);             // "name", "phone", "street", "email"
std::optional<PiiField> ParsePiiField(std::string_view name);
std::span<const PiiField> AllPiiFields();                   // in the order above

// Parses a list of field names (from an unmask request): non-empty, known names, no duplicates.
// kInvalidArgument with field "fields" and code "empty" / "unknown_field" / "duplicate_field".
// Returns the fields in catalogue order.
core::Result<std::vector<PiiField>> ParsePiiFields(std::span<const std::string> names);

enum class SubjectKind { kOrder, kCustomer };
std::string_view SubjectKindName(SubjectKind kind);         // "order", "customer"
std::optional<SubjectKind> ParseSubjectKind(std::string_view name);

// Whose personal data: an order (by id) or a customer (by customer_ref, covering their orders).
struct Subject {
  SubjectKind kind = SubjectKind::kOrder;
  std::string id;
  bool operator==(const Subject&) const = default;
};
// "order:123" / "customer:C-9" — the form used in audit entries.
std::string SubjectLabel(const Subject& subject);

}  // namespace ordo::security
