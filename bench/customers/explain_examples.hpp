#pragma once
// --examples N: prints generated orders behind the errors (the data is synthetic, so printing
// names and addresses is fine here): customers that hold several persons, and orders that did
// not join their person's main customer. For tuning the features, not for the report.
#include <cstdint>
#include <vector>

#include "synthetic_population.hpp"

namespace ordo::bench::customers {

struct ExampleInput {
  const Population* population = nullptr;
  const std::vector<std::uint32_t>* truth = nullptr;      // by order index
  const std::vector<std::uint32_t>* predicted = nullptr;
  const std::vector<std::uint8_t>* order_indexes = nullptr;  // the person's k for each order
  std::uint64_t seed = 0;
};

void PrintErrorExamples(const ExampleInput& input, std::size_t count);

}  // namespace ordo::bench::customers
