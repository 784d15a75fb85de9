// Fuzzes the location bodies of the inventory API (service/inventory_json.hpp):
// ParseLocationJson (POST /locations, and PUT /locations/{id} with the path's id) and
// ParseLocationStatusJson, on the same input.
//
// A clean refusal is correct (inventory_fuzz_checks.hpp says what a refusal must look like). A
// finding is a crash, a sanitizer report or a broken invariant of an accepted location:
//   1. every rule holds: id format, name, kind, codes nested province ⊃ city ⊃ district, the
//      coordinates and capacity in range, backup ≠ id, at least one way of fulfilment, pickup
//      only at stores;
//   2. the writer's output parses back (strict) to a location the writer writes identically,
//      and to the same location with the path's id;
//   3. what strict mode accepts, lax mode accepts too; an accepted status has a known state and
//      a reason exactly when it is not open.
//
// Run: scripts/fuzz-smoke.sh, or by hand:
//   build-fuzz/fuzz/location_json_fuzz -dict=fuzz/location_json.dict build-fuzz/corpus/location_json fuzz/corpus/location_json
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "inventory_fuzz_checks.hpp"
#include "quality/divisions.hpp"
#include "service/inventory_json.hpp"

namespace {

constexpr const char* kTarget = "location_json_fuzz";

using namespace ordo;

const quality::Division* Division(const std::string& code) {
  return code.empty() ? nullptr : quality::FindDivision(static_cast<std::uint32_t>(std::stoul(code)));
}

void CheckLocation(const store::LocationRecord& location, std::string_view input) {
  INVENTORY_FUZZ_CHECK(service::IsLocationId(location.id), input);
  INVENTORY_FUZZ_CHECK(!location.name.empty(), input);
  INVENTORY_FUZZ_CHECK(location.kind == "warehouse" || location.kind == "store" || location.kind == "dark_store", input);
  const quality::Division* province = Division(location.province_code);
  const quality::Division* city = Division(location.city_code);
  INVENTORY_FUZZ_CHECK(province != nullptr && province->level == quality::DivisionLevel::kProvince, input);
  INVENTORY_FUZZ_CHECK(city != nullptr && city->level == quality::DivisionLevel::kCity && &city->Province() == province,
                       input);
  if (!location.district_code.empty()) {
    const quality::Division* district = Division(location.district_code);
    INVENTORY_FUZZ_CHECK(district != nullptr && district->City() == city, input);
  }
  INVENTORY_FUZZ_CHECK(location.latitude >= -90 && location.latitude <= 90, input);
  INVENTORY_FUZZ_CHECK(location.longitude >= -180 && location.longitude <= 180, input);
  INVENTORY_FUZZ_CHECK(location.daily_capacity >= 0 && location.daily_capacity <= service::kMaxDailyCapacity, input);
  INVENTORY_FUZZ_CHECK(location.cutoff_minute >= 0 && location.cutoff_minute < 24 * 60, input);
  INVENTORY_FUZZ_CHECK(location.backup_location_id != location.id, input);
  INVENTORY_FUZZ_CHECK(location.ships || location.pickup, input);
  INVENTORY_FUZZ_CHECK(!location.pickup || location.kind != "warehouse", input);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  const auto location = service::ParseLocationJson(body, true);
  const auto status = service::ParseLocationStatusJson(body, true);
  if (status) {
    INVENTORY_FUZZ_CHECK(status->status == "open" || status->status == "degraded" || status->status == "closed", body);
    INVENTORY_FUZZ_CHECK(status->reason.empty() == (status->status == "open"), body);
  }
  if (!location) {
    // valid-* seeds are locations; a status body is judged by the status parser above.
    if (!status) ordo::fuzz::CheckRefusal(kTarget, location.error(), body);
    return 0;
  }
  CheckLocation(*location, body);
  INVENTORY_FUZZ_CHECK(service::ParseLocationJson(body, false).has_value(), body);

  const std::string written = service::LocationToJson(*location);
  const auto again = service::ParseLocationJson(written, true);
  INVENTORY_FUZZ_CHECK(again.has_value(), body);
  INVENTORY_FUZZ_CHECK(service::LocationToJson(*again) == written, body);
  const auto by_path = service::ParseLocationJson(written, true, location->id);
  INVENTORY_FUZZ_CHECK(by_path.has_value() && service::LocationToJson(*by_path) == written, body);
  return 0;
}
