// The nickname table behind NicknameFullForm: a small, unambiguous list of English short forms
// (and spelling variants folded to one form). Sorted by short form for binary search.
#include <algorithm>
#include <array>
#include <string_view>

#include "customers/name_features.hpp"

namespace ordo::customers {
namespace {

struct Nickname {
  std::string_view short_form;
  std::string_view full_form;
};

constexpr std::array<Nickname, 62> kNicknames = {{
    {"abby", "abigail"},      {"andy", "andrew"},       {"becky", "rebecca"},    {"ben", "benjamin"},
    {"beth", "elizabeth"},    {"betty", "elizabeth"},   {"bill", "william"},     {"billy", "william"},
    {"bob", "robert"},        {"bobby", "robert"},      {"catherine", "katherine"}, {"charlie", "charles"},
    {"chuck", "charles"},     {"cindy", "cynthia"},     {"dan", "daniel"},       {"danny", "daniel"},
    {"dave", "david"},        {"debbie", "deborah"},    {"dick", "richard"},     {"eddie", "edward"},
    {"fred", "frederick"},    {"greg", "gregory"},      {"jeff", "jeffrey"},     {"jen", "jennifer"},
    {"jenny", "jennifer"},    {"jess", "jessica"},      {"jim", "james"},        {"jimmy", "james"},
    {"joe", "joseph"},        {"joey", "joseph"},       {"johnny", "john"},      {"kate", "katherine"},
    {"kathryn", "katherine"}, {"kathy", "katherine"},   {"katie", "katherine"},  {"larry", "lawrence"},
    {"liz", "elizabeth"},     {"lizzie", "elizabeth"},  {"maggie", "margaret"},  {"mandy", "amanda"},
    {"matt", "matthew"},      {"meg", "margaret"},      {"mike", "michael"},     {"mikey", "michael"},
    {"nick", "nicholas"},     {"patty", "patricia"},    {"peggy", "margaret"},   {"pete", "peter"},
    {"rick", "richard"},      {"ricky", "richard"},     {"rob", "robert"},       {"robbie", "robert"},
    {"stephen", "steven"},    {"steve", "steven"},      {"sue", "susan"},        {"susie", "susan"},
    {"ted", "edward"},        {"tim", "timothy"},       {"tom", "thomas"},       {"tommy", "thomas"},
    {"tony", "anthony"},      {"will", "william"},
}};

constexpr bool SortedByShortForm() {
  for (std::size_t index = 1; index < kNicknames.size(); ++index) {
    if (!(kNicknames[index - 1].short_form < kNicknames[index].short_form)) return false;
  }
  return true;
}
static_assert(SortedByShortForm(), "kNicknames must stay sorted for binary search");

}  // namespace

std::string_view NicknameFullForm(std::string_view folded_token) {
  const auto found = std::lower_bound(kNicknames.begin(), kNicknames.end(), folded_token,
                                      [](const Nickname& entry, std::string_view token) { return entry.short_form < token; });
  if (found != kNicknames.end() && found->short_form == folded_token) return found->full_form;
  return folded_token;
}

}  // namespace ordo::customers
