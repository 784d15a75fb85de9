#include "sourcing/carrier_switch.hpp"

#include <set>
#include <utility>

namespace ordo::sourcing {

SwitchedCarriers ApplyCarrierSwitches(const CarrierTable& table, const std::map<std::string, std::string>& from_to) {
  using LaneKey = std::pair<std::string, std::string>;
  std::vector<CarrierRate> rates = table.rates();
  std::vector<CarrierSwitchOutcome> outcomes;
  for (const auto& [from, to] : from_to) {
    CarrierSwitchOutcome outcome{from, to, 0, 0};
    if (from != to) {
      std::set<LaneKey> served_by_from;
      std::set<LaneKey> served_by_to;
      for (const CarrierRate& rate : rates) {
        if (rate.carrier == from) served_by_from.emplace(rate.origin_province, rate.destination_province);
        if (rate.carrier == to) served_by_to.emplace(rate.origin_province, rate.destination_province);
      }
      for (const LaneKey& lane : served_by_from) {
        if (served_by_to.contains(lane)) {
          ++outcome.lanes_switched;
        } else {
          ++outcome.lanes_kept;
        }
      }
      std::erase_if(rates, [&](const CarrierRate& rate) {
        return rate.carrier == from && served_by_to.contains({rate.origin_province, rate.destination_province});
      });
    }
    outcomes.push_back(std::move(outcome));
  }
  return SwitchedCarriers{CarrierTable(std::move(rates)), std::move(outcomes)};
}

}  // namespace ordo::sourcing
