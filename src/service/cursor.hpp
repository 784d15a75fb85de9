#pragma once
// The list cursor clients pass back as `cursor=`: opaque to them (base64url of a versioned
// token) so that the paging key can change without breaking clients.
//
//   EncodeCursor(1234) == "bzE6MTIzNA"   DecodeCursor("bzE6MTIzNA") == 1234
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ordo::service {

std::string EncodeCursor(std::int64_t before_id);
// nullopt for anything EncodeCursor did not produce.
std::optional<std::int64_t> DecodeCursor(std::string_view cursor);

}  // namespace ordo::service
