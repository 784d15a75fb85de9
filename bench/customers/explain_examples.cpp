#include "explain_examples.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "synthetic_orders.hpp"

namespace ordo::bench::customers {
namespace {

void PrintOrder(const ExampleInput& input, std::size_t index, const char* prefix) {
  const GeneratedOrder order = MakeOrder(*input.population, (*input.truth)[index], (*input.order_indexes)[index],
                                         static_cast<std::int64_t>(index + 1), input.seed);
  const auto& facts = order.facts;
  std::printf("%s order %zu person %u k=%u customer %u [%s] name=\"%s\" phone=\"%s\" buyer=\"%s\" addr=\"%s|%s|%s|%s\" tags=",
              prefix, index + 1, (*input.truth)[index], (*input.order_indexes)[index], (*input.predicted)[index],
              facts.channel.c_str(), facts.name.c_str(), facts.phone.c_str(), facts.channel_buyer_id.c_str(),
              facts.address.province.c_str(), facts.address.city.c_str(), facts.address.district.c_str(),
              facts.address.street.c_str());
  for (int bit = 0; bit < kTagCount; ++bit) {
    if (order.tags & (1u << bit)) std::printf("%s,", TagName(bit));
  }
  std::printf("\n");
}

}  // namespace

void PrintErrorExamples(const ExampleInput& input, std::size_t count) {
  const auto& truth = *input.truth;
  const auto& predicted = *input.predicted;
  std::map<std::uint32_t, std::vector<std::size_t>> by_customer;
  std::map<std::uint32_t, std::vector<std::size_t>> by_person;
  for (std::size_t index = 0; index < truth.size(); ++index) {
    by_customer[predicted[index]].push_back(index);
    by_person[truth[index]].push_back(index);
  }
  std::printf("\n### Customers holding several persons\n");
  std::size_t shown = 0;
  for (const auto& [customer, orders] : by_customer) {
    std::set<std::uint32_t> persons;
    for (const std::size_t index : orders) persons.insert(truth[index]);
    if (persons.size() < 2) continue;
    std::printf("customer %u:\n", customer);
    for (const std::size_t index : orders) PrintOrder(input, index, "  ");
    if (++shown == count) break;
  }
  std::printf("\n### Persons split over several customers\n");
  shown = 0;
  for (const auto& [person, orders] : by_person) {
    std::set<std::uint32_t> customers;
    for (const std::size_t index : orders) customers.insert(predicted[index]);
    if (customers.size() < 2) continue;
    std::printf("person %u:\n", person);
    for (const std::size_t index : orders) PrintOrder(input, index, "  ");
    if (++shown == count) break;
  }
}

}  // namespace ordo::bench::customers
