#include "synthetic_population.hpp"

#include <algorithm>

#include "customers/detail/hash.hpp"
#include "synthetic_random.hpp"
#include "synthetic_tables.hpp"

namespace ordo::bench::customers {
namespace {

// ---- rates (docs/customers.md, "Benchmark": every figure below is listed there) ----
constexpr double kLatinHouseholdShare = 0.15;
const std::vector<double> kHouseholdSizeWeights = {0, 50, 28, 15, 7};  // sizes 1–4
const std::vector<double> kOrderCountWeights = {0, 25, 20, 15, 12, 10, 6, 5, 3, 2, 2};  // 1–10 orders
constexpr double kOneCharacterGivenName = 0.15;
constexpr double kCommonFullName = 0.02;           // an adult named 张伟, 王芳 …
constexpr double kSiblingsShareACharacter = 0.5;   // two children: 王小明 / 王小红
constexpr double kSpouseTakesFamilyName = 0.7;     // Latin households
constexpr double kNewPhone = 0.12;                 // of persons with two or more orders
constexpr double kMove = 0.03;
constexpr double kMoveWithinDistrict = 0.5;
constexpr double kEstateHasEntrances = 0.7;
constexpr double kAbroadHasApartment = 0.5;

// The order in which districts are popular: a fixed shuffle, so that popularity does not follow
// the code order (all of Beijing first).
const std::vector<const quality::Division*>& DistrictsByPopularity() {
  static const std::vector<const quality::Division*> districts = [] {
    std::vector<const quality::Division*> result;
    for (const quality::Division& division : quality::AllDivisions()) {
      if (division.level == quality::DivisionLevel::kDistrict && division.named_in_text && !division.functional_zone &&
          division.parent != nullptr) {
        result.push_back(&division);
      }
    }
    std::sort(result.begin(), result.end(), [](const quality::Division* a, const quality::Division* b) {
      return ordo::customers::detail::HashCombine(7, a->code) < ordo::customers::detail::HashCombine(7, b->code);
    });
    return result;
  }();
  return districts;
}

class PopulationBuilder {
 public:
  PopulationBuilder(std::size_t person_count, std::uint64_t seed)
      : person_count_(person_count), rng_(seed, 0x706f70),
        household_size_(kHouseholdSizeWeights), order_count_(kOrderCountWeights),
        // About 1% of customers in the busiest district, a long tail across ~3,200 (a national
        // merchant's spread, tilted towards big cities).
        district_(WeightedPick::Zipf(Districts().size(), 0.8, 10)),
        postcode_(WeightedPick::Zipf(kUsPostcodes, 0.8, 10)),
        han_channel_({35, 25, 20, 10, 10}) {}

  Population Build() {
    Population population;
    population.persons.reserve(person_count_);
    while (population.persons.size() < person_count_) {
      const auto household = static_cast<std::uint32_t>(population.households++);
      const std::size_t size = std::min(household_size_(rng_), person_count_ - population.persons.size());
      if (rng_.Chance(kLatinHouseholdShare)) {
        AddLatinHousehold(population, household, size);
      } else {
        AddHanHousehold(population, household, size);
      }
    }
    return population;
  }

 private:
  void AddHanHousehold(Population& population, std::uint32_t household, std::size_t size) {
    const AddressSpec home = HanAddress();
    const std::string family = HanSurnames().Draw(rng_);
    const bool shared_character = size == 4 && rng_.Chance(kSiblingsShareACharacter);
    const std::string generation = HanGivenCharacters().Draw(rng_);
    for (std::size_t member = 0; member < size; ++member) {
      Person person = NewPerson(household, false, home);
      if (member == 0 || member == 1) {  // the adults: a couple or flatmates, each their own surname
        person.family_name = member == 0 ? family : OtherSurname(family);
        person.given_name = HanGivenName();
        if (rng_.Chance(kCommonFullName)) {
          const std::string& common = CommonHanFullNames()[rng_.Below(CommonHanFullNames().size())];
          person.family_name = common.substr(0, 3);
          person.given_name = common.substr(3);
          ++population.common_name_persons;
        }
      } else {
        person.family_name = family;
        do {
          person.given_name = shared_character ? generation + DistinctCharacter(population, member) : HanGivenName();
        } while (NameTaken(population, household, person));
      }
      population.persons.push_back(std::move(person));
    }
    if (shared_character) ++population.sibling_pairs_sharing_a_character;
  }

  void AddLatinHousehold(Population& population, std::uint32_t household, std::size_t size) {
    const AddressSpec home = AbroadAddress();
    const std::string family = LatinLastNames().Draw(rng_);
    for (std::size_t member = 0; member < size; ++member) {
      Person person = NewPerson(household, true, home);
      person.family_name = member == 1 && !rng_.Chance(kSpouseTakesFamilyName) ? LatinLastNames().Draw(rng_) : family;
      do {
        person.given_name = LatinFirstNames().Draw(rng_);
      } while (NameTaken(population, household, person));
      population.persons.push_back(std::move(person));
    }
  }

  // Members of one household never share a full name (no Jr./Sr. pairs): only a phone could
  // tell those apart, and the benchmark's hard negatives are "different names, different phones".
  static bool NameTaken(const Population& population, std::uint32_t household, const Person& person) {
    for (auto it = population.persons.rbegin(); it != population.persons.rend() && it->household == household; ++it) {
      if (it->given_name == person.given_name && (person.latin || it->family_name == person.family_name)) return true;
    }
    return false;
  }

  Person NewPerson(std::uint32_t household, bool latin, const AddressSpec& home) {
    Person person;
    person.household = household;
    person.latin = latin;
    person.home = home;
    person.order_count = static_cast<std::uint8_t>(order_count_(rng_));
    if (person.order_count >= 2 && rng_.Chance(kNewPhone)) {
      person.phone_switch_at = static_cast<std::uint8_t>(rng_.Between(1, person.order_count - 1));
    }
    if (person.order_count >= 2 && rng_.Chance(kMove)) {
      person.move_at = static_cast<std::uint8_t>(rng_.Between(1, person.order_count - 1));
      person.moved = latin ? AbroadAddress() : HanAddress();
      if (!latin && rng_.Chance(kMoveWithinDistrict)) person.moved.area = home.area;
    }
    person.primary_channel = latin ? (rng_.Chance(0.75) ? Channel::kShopify : Channel::kWooCommerce)
                                   : static_cast<Channel>(han_channel_(rng_));
    return person;
  }

  std::string HanGivenName() {
    std::string given = HanGivenCharacters().Draw(rng_);
    if (!rng_.Chance(kOneCharacterGivenName)) given += HanGivenCharacters().Draw(rng_);
    return given;
  }

  // The second child's own character differs from the first child's.
  std::string DistinctCharacter(const Population& population, std::size_t member) {
    std::string character = HanGivenCharacters().Draw(rng_);
    if (member == 3) {
      const std::string& sibling = population.persons.back().given_name;
      while (sibling.size() >= 6 && character == sibling.substr(3)) character = HanGivenCharacters().Draw(rng_);
    }
    return character;
  }

  std::string OtherSurname(const std::string& family) {
    std::string surname = HanSurnames().Draw(rng_);
    while (surname == family) surname = HanSurnames().Draw(rng_);
    return surname;
  }

  AddressSpec HanAddress() {
    AddressSpec address;
    address.area = static_cast<std::uint16_t>(district_(rng_));
    address.road = static_cast<std::uint16_t>(rng_.Below(kRoadsPerDistrict));
    const double skew = rng_.Unit();
    address.number = static_cast<std::uint16_t>(1 + skew * skew * 400);
    address.estate = static_cast<std::uint16_t>(rng_.Below(kEstates));
    address.building = static_cast<std::uint8_t>(rng_.Between(1, 30));
    address.entrance = rng_.Chance(kEstateHasEntrances) ? static_cast<std::uint8_t>(rng_.Between(1, 6)) : 0;
    address.flat = static_cast<std::uint16_t>(rng_.Between(1, 33) * 100 + rng_.Between(1, 4));
    return address;
  }

  AddressSpec AbroadAddress() {
    AddressSpec address;
    address.abroad = true;
    address.area = static_cast<std::uint16_t>(postcode_(rng_));
    address.road = static_cast<std::uint16_t>(rng_.Below(kLatinStreets));
    address.number = static_cast<std::uint16_t>(rng_.Between(1, 9999));
    address.building = static_cast<std::uint8_t>(rng_.Below(4));  // street type
    address.flat = rng_.Chance(kAbroadHasApartment) ? static_cast<std::uint16_t>(rng_.Between(1, 40)) : 0;
    return address;
  }

  std::size_t person_count_;
  Rng rng_;
  WeightedPick household_size_;
  WeightedPick order_count_;
  WeightedPick district_;
  WeightedPick postcode_;
  WeightedPick han_channel_;
};

}  // namespace

const char* ChannelName(Channel channel) {
  switch (channel) {
    case Channel::kTmall: return "tmall";
    case Channel::kJd: return "jd";
    case Channel::kDouyin: return "douyin";
    case Channel::kMiniApp: return "miniapp";
    case Channel::kPos: return "pos";
    case Channel::kShopify: return "shopify";
    case Channel::kWooCommerce: return "woocommerce";
  }
  return "unknown";
}

const std::vector<const quality::Division*>& Districts() { return DistrictsByPopularity(); }

Population MakePopulation(std::size_t person_count, std::uint64_t seed) {
  return PopulationBuilder(person_count, seed).Build();
}

}  // namespace ordo::bench::customers
