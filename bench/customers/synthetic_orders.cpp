#include "synthetic_orders.hpp"

#include <array>
#include <cstdio>
#include <string>

#include "synthetic_random.hpp"
#include "synthetic_tables.hpp"

namespace ordo::bench::customers {
namespace {

// ---- rates (docs/customers.md, "Benchmark") ----
constexpr double kStayOnPrimaryChannel = 0.6;
constexpr std::array<double, kChannelCount> kRelayShare = {0.8, 0.3, 0.7, 0, 0, 0, 0};  // by Channel
constexpr std::array<double, kChannelCount> kPhoneShare = {1, 1, 1, 1, 1, 0.5, 0.7};
constexpr double kTypo = 0.03;
constexpr double kHanNameWithSpace = 0.10;
constexpr double kLatinNickname = 0.40;
constexpr double kLatinSwapped = 0.08;
constexpr double kEmailOtherCase = 0.30;
constexpr double kPosWithoutName = 0.5;
constexpr double kPosWithoutAddress = 0.7;
constexpr double kWooRegistered = 0.5;
const std::vector<double> kStreetFormWeights = {40, 25, 20, 15};
const std::vector<double> kDivisionFormWeights = {50, 30, 20};

const std::array<const char*, 26> kMobilePrefixes = {"138", "139", "150", "151", "186", "187", "135", "136", "137",
                                                     "158", "159", "188", "189", "131", "132", "155", "156", "185",
                                                     "180", "181", "133", "153", "177", "199", "198", "166"};
const std::array<const char*, 12> kUsAreaCodes = {"212", "415", "310", "312", "617", "206",
                                                  "303", "512", "404", "305", "702", "602"};

std::string Digits(std::uint64_t value, int width) {
  char text[24];
  std::snprintf(text, sizeof text, "%0*llu", width, static_cast<unsigned long long>(value));
  return text;
}

// Unique per (person, slot): the suffix is a bijection of the phone id.
std::string OwnPhone(const Person& person, std::uint32_t index, int slot, Rng& rng) {
  const std::uint64_t id = static_cast<std::uint64_t>(index) * 2 + static_cast<std::uint64_t>(slot);
  if (person.latin) {
    const std::string area = kUsAreaCodes[id % kUsAreaCodes.size()];
    const std::string subscriber = Digits((id * 48271 + 777) % 8'000'000 + 2'000'000, 7);
    if (rng.Chance(0.5)) return "+1" + area + subscriber;
    return "+1 " + area + "-" + subscriber.substr(0, 3) + "-" + subscriber.substr(3);
  }
  const std::string prefix = kMobilePrefixes[(id * 2654435761ULL >> 7) % kMobilePrefixes.size()];
  const std::string suffix = Digits((id * 48271 + 12345) % 100'000'000, 8);
  const double format = rng.Unit();
  if (format < 0.70) return prefix + suffix;
  if (format < 0.85) return "+86 " + prefix + " " + suffix.substr(0, 4) + " " + suffix.substr(4);
  return prefix + "-" + suffix.substr(0, 4) + "-" + suffix.substr(4);
}

std::string RelayPhone(Rng& rng) {
  const std::string number = "170" + Digits(rng.Below(100'000'000), 8);
  const std::string extension = Digits(rng.Below(10'000), 4);
  return rng.Chance(0.7) ? number + "-" + extension : number + "转" + extension;
}

std::string MistypeHan(const std::string& given, Rng& rng) {
  const std::size_t characters = given.size() / 3;  // the generator's characters are all 3 bytes
  const std::size_t position = rng.Below(characters) * 3;
  std::string replacement = given.substr(position, 3);
  while (replacement == given.substr(position, 3)) replacement = HanGivenCharacters().Draw(rng);
  return given.substr(0, position) + replacement + given.substr(position + 3);
}

std::string MistypeLatin(std::string word, Rng& rng) {
  if (word.size() < 3) return word;
  const std::size_t position = 1 + rng.Below(word.size() - 1);
  switch (rng.Below(4)) {
    case 0: {  // another letter
      char letter = static_cast<char>('a' + rng.Below(26));
      while (letter == word[position]) letter = static_cast<char>('a' + rng.Below(26));
      word[position] = letter;
      break;
    }
    case 1:  // neighbours swapped
      if (position + 1 < word.size()) {
        std::swap(word[position], word[position + 1]);
      } else {
        std::swap(word[position - 1], word[position]);
      }
      break;
    case 2:
      word.erase(position, 1);
      break;
    default:
      word.insert(position, 1, word[position]);
      break;
  }
  return word;
}

std::string WriteName(const Person& person, Channel channel, Rng& rng, std::uint16_t& tags) {
  if (channel == Channel::kPos && rng.Chance(kPosWithoutName)) {
    tags |= kTagNoName;
    return "";
  }
  if (!person.latin) {
    std::string given = person.given_name;
    if (rng.Chance(kTypo)) {
      given = MistypeHan(given, rng);
      tags |= kTagTypo;
    }
    if (rng.Chance(kHanNameWithSpace)) {
      tags |= kTagNameOrder;
      return person.family_name + " " + given;
    }
    return person.family_name + given;
  }
  std::string first = person.given_name;
  std::string last = person.family_name;
  const std::vector<std::string_view> nicknames = NicknamesOf(first);
  if (!nicknames.empty() && rng.Chance(kLatinNickname)) {
    first = std::string(nicknames[rng.Below(nicknames.size())]);
    tags |= kTagNickname;
  }
  if (rng.Chance(kTypo)) {
    std::string& word = rng.Chance(0.5) ? first : last;
    word = MistypeLatin(word, rng);
    tags |= kTagTypo;
  }
  std::string name = first + " " + last;
  if (rng.Chance(kLatinSwapped)) {
    name = rng.Chance(0.5) ? last + " " + first : last + ", " + first;
    tags |= kTagNameOrder;
  }
  const double letter_case = rng.Unit();
  for (char& c : name) {
    if (letter_case < 0.10 && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (letter_case > 0.95 && c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return name;
}

std::string Email(const Person& person, std::uint32_t index, Rng& rng, std::uint16_t& tags) {
  static const std::array<const char*, 4> kDomains = {"gmail.com", "yahoo.com", "outlook.com", "icloud.com"};
  std::string email = person.given_name + "." + person.family_name + std::to_string(index) + "@" +
                      kDomains[index % kDomains.size()];
  for (char& c : email) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  if (rng.Chance(kEmailOtherCase)) {
    tags |= kTagEmailCase;
    const bool all_upper = rng.Chance(0.3);
    for (std::size_t position = 0; position < email.size(); ++position) {
      char& c = email[position];
      const bool word_start = position == 0 || email[position - 1] == '.' || email[position - 1] == '@';
      if ((all_upper || word_start) && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
  }
  return email;
}

std::string BuyerId(std::uint32_t person, Channel channel) {
  char text[32];
  std::snprintf(text, sizeof text, "%s_%08x", ChannelName(channel),
                static_cast<unsigned>((person * 2654435761u) ^ (static_cast<unsigned>(channel) * 40503u)));
  return text;
}

std::string_view ShortOrFull(const quality::Division& division) {
  return division.short_name.empty() ? division.name : division.short_name;
}

void WriteHanAddress(const AddressSpec& spec, Rng& rng, ordo::order::Address& address) {
  const std::string road = HanRoadName(spec.area, spec.road);
  const std::string estate = HanEstateName(spec.estate);
  const std::string number = std::to_string(spec.number);
  const std::string building = std::to_string(spec.building);
  const std::string entrance = spec.entrance == 0 ? "" : std::to_string(spec.entrance);
  const std::string flat = std::to_string(spec.flat);
  static const WeightedPick street_form(kStreetFormWeights);
  static const WeightedPick division_form(kDivisionFormWeights);
  std::string street;
  switch (street_form(rng)) {
    case 0:
      street = road + number + "号" + estate + building + "幢" + (entrance.empty() ? "" : entrance + "单元") + flat + "室";
      break;
    case 1:
      street = road + number + "号" + building + "-" + (entrance.empty() ? "" : entrance + "-") + flat;
      break;
    case 2:
      street = road + number + "号" + estate + building + "栋" + flat;
      break;
    default:
      street = estate + building + "号楼" + (entrance.empty() ? "" : entrance + "单元") + flat;
      break;
  }
  const quality::Division& district = *Districts()[spec.area];
  const quality::Division& province = district.Province();
  const quality::Division* city = district.City();
  const bool city_in_text = city != nullptr && !city->placeholder && city->named_in_text && city != &province;
  switch (division_form(rng)) {
    case 0:
      address.province = std::string(province.name);
      address.city = city == nullptr ? "" : std::string(city->name);
      address.district = std::string(district.name);
      address.street = street;
      break;
    case 1:
      address.street = std::string(province.name) + (city_in_text ? std::string(city->name) : "") +
                       std::string(district.name) + street;
      break;
    default:
      address.street = std::string(ShortOrFull(province)) + (city_in_text ? std::string(ShortOrFull(*city)) : "") +
                       std::string(district.name) + street;
      break;
  }
  address.country = "CN";
}

void WriteAbroadAddress(const AddressSpec& spec, Rng& rng, ordo::order::Address& address) {
  static const std::array<const char*, 4> kTypes = {"St", "Ave", "Rd", "Blvd"};
  static const std::array<const char*, 4> kTypesFull = {"Street", "Avenue", "Road", "Boulevard"};
  const std::string number = std::to_string(spec.number);
  const std::string name = LatinStreetName(spec.road);
  std::string street;
  switch (rng.Below(3)) {
    case 0:
      street = number + " " + name + " " + kTypes[spec.building] + (spec.flat ? " Apt " + std::to_string(spec.flat) : "");
      break;
    case 1:
      street = number + " " + name + " " + kTypesFull[spec.building] + (spec.flat ? ", #" + std::to_string(spec.flat) : "");
      break;
    default:
      street = number + " " + name + " " + kTypes[spec.building] + "." + (spec.flat ? " apt " + std::to_string(spec.flat) : "");
      break;
  }
  address.street = street;
  address.postcode = UsPostcode(spec.area);
  address.country = "US";
}

Channel PickChannel(const Person& person, std::uint32_t order_index, Rng& rng) {
  if (order_index == 0 || rng.Chance(kStayOnPrimaryChannel)) return person.primary_channel;
  if (person.latin) return person.primary_channel == Channel::kShopify ? Channel::kWooCommerce : Channel::kShopify;
  static const WeightedPick others({35, 25, 20, 10, 10});
  return static_cast<Channel>(others(rng));
}

}  // namespace

const char* TagName(int bit) {
  static const std::array<const char*, kTagCount> kNames = {"typo", "nickname", "name_order", "new_phone", "moved",
                                                            "no_phone_key", "email_case", "no_name", "no_address"};
  return bit >= 0 && bit < kTagCount ? kNames[static_cast<std::size_t>(bit)] : "?";
}

GeneratedOrder MakeOrder(const Population& population, std::uint32_t person_index, std::uint32_t order_index,
                         std::int64_t order_id, std::uint64_t seed) {
  const Person& person = population.persons[person_index];
  Rng rng(seed, person_index + 1, order_index + 1);
  GeneratedOrder order;
  ordo::customers::BuyerFacts& facts = order.facts;
  const Channel channel = PickChannel(person, order_index, rng);
  const auto channel_index = static_cast<std::size_t>(channel);
  facts.order_id = order_id;
  facts.channel = ChannelName(channel);
  facts.name = WriteName(person, channel, rng, order.tags);
  facts.address.name = facts.name;

  const int phone_slot = person.phone_switch_at != kNever && order_index >= person.phone_switch_at ? 1 : 0;
  if (phone_slot == 1) order.tags |= kTagNewPhone;
  if (!rng.Chance(kPhoneShare[channel_index])) {
    order.tags |= kTagNoPhoneKey;
  } else if (rng.Chance(kRelayShare[channel_index])) {
    facts.phone = RelayPhone(rng);
    order.tags |= kTagNoPhoneKey;
  } else {
    facts.phone = OwnPhone(person, person_index, phone_slot, rng);
  }
  facts.address.phone = facts.phone;

  if (person.latin) facts.email = Email(person, person_index, rng, order.tags);
  const bool guest = channel == Channel::kPos ||
                     (channel == Channel::kWooCommerce && Rng(seed, person_index + 1, 0xfeed).Unit() >= kWooRegistered);
  if (!guest) facts.channel_buyer_id = BuyerId(person_index, channel);

  const bool moved = person.move_at != kNever && order_index >= person.move_at;
  if (moved) order.tags |= kTagMoved;
  const AddressSpec& spec = moved ? person.moved : person.home;
  if (channel == Channel::kPos && rng.Chance(kPosWithoutAddress)) {
    order.tags |= kTagNoAddress;
  } else if (spec.abroad) {
    WriteAbroadAddress(spec, rng, facts.address);
  } else {
    WriteHanAddress(spec, rng, facts.address);
  }
  facts.amount = rng.Between(990, 99'900);
  facts.ordered_at = 1'735'689'600'000 + order_id * 1000;  // 2025-01-01 plus a second per order
  return order;
}

}  // namespace ordo::bench::customers
