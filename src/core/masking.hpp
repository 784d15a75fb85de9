#pragma once
// Masking of personal data for display: the default in every response and log.
// Pure string functions; who may see clear values is the security module's decision.
#include <string>
#include <string_view>

namespace ordo::core {

// "13812341234" → "138****1234"; "+8613812341234" → "+86138****1234"; short values → "****".
std::string MaskPhone(std::string_view phone);
// "张三" → "张*", "欧阳娜娜" → "欧***", "John Smith" → "J*** S****". UTF-8 aware.
std::string MaskName(std::string_view name);
// "alice@example.com" → "a***@example.com".
std::string MaskEmail(std::string_view email);
// Street lines are hidden entirely.
inline std::string MaskStreet(std::string_view street) { return street.empty() ? "" : "****"; }

}  // namespace ordo::core
