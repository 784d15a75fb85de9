#pragma once
// Carrier switches (issue 7: "… switch to the backup carrier"): a carrier table without the
// `from` carrier wherever its `to` carrier can take the parcels. Pure: table and switches in, the
// switched table and what each switch did out.
//
// Per lane (origin province, destination province): where `to` has rates, `from`'s rates on that
// lane are dropped (switched); where `to` has none, `from` stays (kept) — a late parcel beats one
// that cannot ship. Switches apply one after another in `from` order, each to the table the
// earlier ones left, so "a→b, b→a" drops a where b serves and then keeps b (a no longer serves
// those lanes). A switch to itself, or of a carrier with no rates, does nothing.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "sourcing/carrier_table.hpp"

namespace ordo::sourcing {

struct CarrierSwitchOutcome {
  std::string from;
  std::string to;
  std::int64_t lanes_switched = 0;  // lanes where `from` was dropped for `to`
  std::int64_t lanes_kept = 0;      // lanes `from` still serves: `to` does not
};

struct SwitchedCarriers {
  CarrierTable table;
  std::vector<CarrierSwitchOutcome> switches;  // one per entry of from_to, in from order
};

SwitchedCarriers ApplyCarrierSwitches(const CarrierTable& table, const std::map<std::string, std::string>& from_to);

}  // namespace ordo::sourcing
