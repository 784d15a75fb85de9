#include "synthetic_tables.hpp"

#include <array>
#include <cstdio>

namespace ordo::bench::customers {
namespace {

WordTable Zipf(std::vector<std::string> words, double exponent, double offset) {
  WordTable table;
  table.pick = WeightedPick::Zipf(words.size(), exponent, offset);
  table.words = std::move(words);
  return table;
}

std::vector<std::string> Characters(std::string_view text) {
  std::vector<std::string> result;
  for (std::size_t offset = 0; offset < text.size();) {
    const unsigned char lead = static_cast<unsigned char>(text[offset]);
    const std::size_t length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
    result.emplace_back(text.substr(offset, length));
    offset += length;
  }
  return result;
}

}  // namespace

const WordTable& HanSurnames() {
  // Per-mille shares, census 2020 ranking (rounded), then a few two-character surnames.
  static const WordTable table = [] {
    const std::vector<std::pair<std::string, double>> shares = {
        {"王", 71}, {"李", 70}, {"张", 67}, {"刘", 54}, {"陈", 45}, {"杨", 31}, {"黄", 23}, {"赵", 21}, {"吴", 20},
        {"周", 19}, {"徐", 16}, {"孙", 15}, {"马", 13}, {"朱", 12}, {"胡", 12}, {"郭", 11}, {"何", 11}, {"林", 10},
        {"高", 10}, {"罗", 9},  {"郑", 9},  {"梁", 9},  {"谢", 8},  {"宋", 7},  {"唐", 7},  {"许", 7},  {"韩", 7},
        {"冯", 7},  {"邓", 7},  {"曹", 6},  {"彭", 6},  {"曾", 6},  {"肖", 6},  {"田", 5},  {"董", 5},  {"袁", 5},
        {"潘", 5},  {"于", 5},  {"蒋", 5},  {"蔡", 5},  {"余", 5},  {"杜", 4},  {"叶", 4},  {"程", 4},  {"苏", 4},
        {"魏", 4},  {"吕", 4},  {"丁", 4},  {"任", 4},  {"沈", 3},  {"姚", 3},  {"卢", 3},  {"姜", 3},  {"崔", 3},
        {"钟", 3},  {"谭", 3},  {"陆", 3},  {"汪", 3},  {"范", 3},  {"金", 3},  {"石", 3},  {"廖", 3},  {"贾", 3},
        {"夏", 3},  {"韦", 3},  {"付", 3},  {"方", 3},  {"白", 2},  {"邹", 2},  {"孟", 2},  {"熊", 2},  {"秦", 2},
        {"邱", 2},  {"江", 2},  {"尹", 2},  {"薛", 2},  {"闫", 2},  {"段", 2},  {"雷", 2},  {"侯", 2},  {"龙", 2},
        {"史", 2},  {"陶", 2},  {"黎", 2},  {"贺", 2},  {"顾", 2},  {"毛", 2},  {"郝", 2},  {"龚", 2},  {"邵", 2},
        {"万", 2},  {"钱", 2},  {"严", 2},  {"覃", 2},  {"武", 2},  {"戴", 2},  {"莫", 2},  {"孔", 2},  {"欧阳", 0.5},
        {"司马", 0.2}, {"上官", 0.2}, {"诸葛", 0.1}, {"慕容", 0.1}};
    WordTable result;
    std::vector<double> weights;
    for (const auto& [surname, share] : shares) {
      result.words.push_back(surname);
      weights.push_back(share);
    }
    result.pick = WeightedPick(weights);
    return result;
  }();
  return table;
}

const WordTable& HanGivenCharacters() {
  static const WordTable table = Zipf(
      Characters("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红建文辉力鹏飞斌宇浩凯健俊帆帅旭宁龙林欢阳晨瑞"
                 "佳琳雪婷倩颖慧莉琴蕾晶燕玲梅兰凤洁琪欣怡悦思雨萌楠璐露蓉薇彤晓小子一家志国海春东金永成德荣新光福"
                 "生亮振波峰宏鑫鸿博然昊天泽轩睿豪航晗诗梓涵可馨语嘉雅婉若琦蓓逸哲铭亦辰皓煜晟"),
      0.9, 3.0);
  return table;
}

const std::vector<std::string>& CommonHanFullNames() {
  static const std::vector<std::string> names = {"张伟", "王伟", "王芳", "李伟", "李娜", "张敏", "李静", "王静", "刘伟", "王秀英",
                                                 "张丽", "李强", "王磊", "张静", "李敏", "王敏", "王丽", "刘洋", "张勇", "李杰"};
  return names;
}

const WordTable& LatinFirstNames() {
  static const WordTable table = Zipf(
      {"James",    "Mary",    "Robert",   "Patricia", "John",     "Jennifer", "Michael",     "Linda",   "William",
       "Elizabeth", "David",  "Barbara",  "Richard",  "Susan",    "Joseph",   "Jessica",     "Thomas",  "Sarah",
       "Charles",  "Karen",   "Christopher", "Nancy", "Daniel",   "Lisa",     "Matthew",     "Margaret", "Anthony",
       "Sandra",   "Steven",  "Ashley",   "Andrew",   "Emily",    "Joshua",   "Michelle",    "Kevin",   "Amanda",
       "Brian",    "Melissa", "George",   "Deborah",  "Timothy",  "Rebecca",  "Edward",      "Laura",   "Peter",
       "Katherine", "Gregory", "Cynthia", "Jeffrey",  "Amy",      "Nicholas", "Anna",        "Benjamin", "Rachel",
       "Samuel",   "Victoria", "Frederick", "Abigail", "Lawrence", "Olivia"},
      0.7, 2.0);
  return table;
}

const WordTable& LatinLastNames() {
  static const WordTable table = Zipf(
      {"Smith",    "Johnson", "Williams", "Brown",  "Jones",   "Garcia",  "Miller",   "Davis",  "Rodriguez", "Martinez",
       "Hernandez", "Lopez",  "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor",   "Moore",  "Jackson",   "Martin",
       "Lee",      "Perez",   "Thompson", "White",  "Harris",  "Sanchez", "Clark",    "Ramirez", "Lewis",    "Robinson",
       "Walker",   "Young",   "Allen",    "King",   "Wright",  "Scott",   "Torres",   "Nguyen", "Hill",      "Flores",
       "Green",    "Adams",   "Nelson",   "Baker",  "Hall",    "Rivera",  "Campbell", "Mitchell", "Carter",  "Roberts",
       "Chen",     "Wang",    "Kim",      "Patel",  "Murphy",  "Cook",    "Rogers",   "Morgan", "Cooper",    "Reed"},
      0.8, 2.0);
  return table;
}

std::vector<std::string_view> NicknamesOf(std::string_view first_name) {
  static const std::vector<std::pair<std::string_view, std::vector<std::string_view>>> kNicknames = {
      {"Robert", {"Bob", "Bobby", "Rob", "Robbie"}}, {"William", {"Bill", "Billy", "Will", "Liam"}},
      {"James", {"Jim", "Jimmy", "Jamie"}},          {"John", {"Johnny", "Jack"}},
      {"Michael", {"Mike", "Mikey", "Mick"}},        {"Richard", {"Rick", "Dick", "Rich"}},
      {"Thomas", {"Tom", "Tommy"}},                  {"Joseph", {"Joe", "Joey"}},
      {"Charles", {"Charlie", "Chuck"}},             {"Christopher", {"Chris"}},
      {"Daniel", {"Dan", "Danny"}},                  {"Matthew", {"Matt"}},
      {"Anthony", {"Tony"}},                         {"Steven", {"Steve"}},
      {"Andrew", {"Andy", "Drew"}},                  {"Edward", {"Eddie", "Ted", "Ed"}},
      {"Timothy", {"Tim"}},                          {"Gregory", {"Greg"}},
      {"Jeffrey", {"Jeff"}},                         {"Nicholas", {"Nick"}},
      {"Benjamin", {"Ben"}},                         {"Samuel", {"Sam"}},
      {"Frederick", {"Fred"}},                       {"Lawrence", {"Larry"}},
      {"David", {"Dave"}},                           {"Elizabeth", {"Liz", "Beth", "Betty", "Lizzie", "Eliza"}},
      {"Margaret", {"Peggy", "Maggie", "Meg"}},      {"Katherine", {"Kate", "Katie", "Kathy", "Kay"}},
      {"Patricia", {"Patty", "Pat"}},                {"Jennifer", {"Jen", "Jenny"}},
      {"Susan", {"Sue", "Susie"}},                   {"Jessica", {"Jess"}},
      {"Deborah", {"Debbie", "Deb"}},                {"Rebecca", {"Becky"}},
      {"Amanda", {"Mandy"}},                         {"Cynthia", {"Cindy"}},
      {"Abigail", {"Abby"}},                         {"Victoria", {"Vicky", "Tori"}},
  };
  for (const auto& [full, nicknames] : kNicknames) {
    if (full == first_name) return nicknames;
  }
  return {};
}

std::string HanRoadName(std::uint32_t district, std::uint32_t road) {
  static const std::vector<std::string> kStems = {
      "中山", "人民", "解放", "建设", "和平", "文化", "新华", "长江", "黄河", "东风", "胜利", "光明", "青年", "友谊",
      "幸福", "学院", "环城", "滨江", "江南", "湖滨", "文三", "文二", "天目山", "延安", "南京", "北京", "工业", "科技",
      "创新", "体育", "民主", "朝阳", "凤凰", "金沙", "银河", "府前", "园林", "沿江", "振兴", "迎宾", "站前", "育才",
      "青松", "翠柏", "丰收", "健康", "兴业", "明珠", "世纪", "星光"};
  static const std::vector<std::string> kSuffixes = {"路", "街", "大道", "东路", "西路", "北路", "南路", "中路"};
  // Each district has its own 40 roads out of the 400 combinations; many share names, as in life.
  const std::uint64_t mixed = (static_cast<std::uint64_t>(district) * 2654435761ULL + road * 40503ULL) % 400;
  return kStems[mixed % kStems.size()] + kSuffixes[(mixed / kStems.size()) % kSuffixes.size()];
}

std::string HanEstateName(std::uint32_t estate) {
  static const std::vector<std::string> kStems = {"华星", "万科", "绿城", "保利", "金地", "龙湖", "恒大", "世纪", "阳光", "紫金",
                                                  "翠苑", "金色", "东方", "锦绣", "怡景", "和谐", "春晓", "明珠", "香樟", "天阳"};
  static const std::vector<std::string> kSuffixes = {"小区", "花园", "家园", "公寓", "新村", "名苑", "华庭", "嘉园",
                                                     "雅苑", "公馆", "府", "城", "湾", "里", "苑", "庭", "居", "坊",
                                                     "大厦", "广场"};
  return kStems[estate % kStems.size()] + kSuffixes[(estate / kStems.size()) % kSuffixes.size()];
}

std::string LatinStreetName(std::uint32_t street) {
  static const std::vector<std::string> kNames = {
      "Main",    "Oak",     "Pine",    "Maple",    "Cedar",   "Elm",     "Washington", "Lake",    "Hill",     "Park",
      "Sunset",  "Highland", "Church", "River",    "Spring",  "Center",  "Forest",     "Jackson", "Lincoln",  "Madison",
      "Franklin", "Chestnut", "Walnut", "Willow",  "Meadow",  "Valley",  "Ridge",      "Mill",    "Union",    "Broad",
      "Market",  "Water",   "Bridge",  "Front",    "Grove",   "Prospect", "Academy",   "Adams",   "Jefferson", "Monroe",
      "Hickory", "Birch",   "Spruce",  "Dogwood",  "Magnolia", "Laurel", "Holly",      "Locust",  "Poplar",   "Sycamore",
      "Orchard", "Harbor",  "Summit",  "Fairview", "Greenwood", "Lakeview", "Westwood", "Riverside", "Hillcrest", "Woodland"};
  return kNames[street % kNames.size()];
}

std::string UsPostcode(std::uint32_t index) {
  char text[8];
  std::snprintf(text, sizeof text, "%05u", static_cast<unsigned>((index * 7919u + 10001u) % 90000u + 10000u));
  return text;
}

}  // namespace ordo::bench::customers
