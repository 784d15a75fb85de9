#pragma once
// Soils a share of demo orders (DemoSpec::dirty_rate); used by GenerateDemoOrders only.
#include <vector>

#include "app/demo_data.hpp"

namespace ordo::app {

// Gives about spec.dirty_rate of `demos` one kind of dirt each (DemoOrder::dirt names it).
// Deterministic with spec.seed; nothing happens at rate 0.
void AddDemoDirt(std::vector<DemoOrder>& demos, const DemoSpec& spec);

}  // namespace ordo::app
