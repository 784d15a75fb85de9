#include "app/demo_data.hpp"

#include <algorithm>
#include <array>
#include <string_view>

#include "app/demo_dirt.hpp"
#include "core/json.hpp"

namespace ordo::app {
namespace {

using order::OrderStatus;

constexpr core::UnixMillis kSecond = 1000;
constexpr core::UnixMillis kMinute = 60 * kSecond;
constexpr core::UnixMillis kHour = 60 * kMinute;
constexpr core::UnixMillis kDay = 24 * kHour;
constexpr core::UnixMillis kBeijingOffset = 8 * kHour;

template <std::size_t N>
std::size_t PickWeighted(DemoRng& rng, const std::array<int, N>& weights) {
  return rng.Weighted(weights.data(), N);
}

template <class T, std::size_t N>
const T& PickUniform(DemoRng& rng, const std::array<T, N>& items) {
  return items[rng.Below(N)];
}

// ---- channels: name, weight (share of orders, roughly a mid-size Chinese D2C brand) ----

enum class ChannelKind { kTmall, kTaobao, kJd, kDouyin, kShopify, kWooCommerce, kPos, kApi };
constexpr std::array<std::string_view, 8> kChannelNames = {"tmall",   "taobao",      "jd",  "douyin",
                                                           "shopify", "woocommerce", "pos", "api"};
constexpr std::array<int, 8> kChannelWeights = {30, 14, 18, 20, 4, 3, 7, 4};

// ---- where orders ship to: 34 cities in 30 provinces, weighted by online-retail volume ----

struct District {
  std::string_view name;
  std::string_view postcode;
};

struct City {
  std::string_view province;
  std::string_view city;
  int weight;
  int zone;  // shipping zone: 0 near, 1 far, 2 remote
  std::array<District, 2> districts;
  std::array<std::string_view, 3> roads;
};

constexpr std::array<City, 34> kCities = {{
    {"北京市", "北京市", 70, 0, {{{"朝阳区", "100020"}, {"海淀区", "100080"}}}, {"建国路", "中关村大街", "望京街"}},
    {"上海市", "上海市", 75, 0, {{{"浦东新区", "200120"}, {"徐汇区", "200030"}}}, {"世纪大道", "漕溪北路", "张杨路"}},
    {"天津市", "天津市", 20, 0, {{{"和平区", "300041"}, {"南开区", "300100"}}}, {"南京路", "卫津路", "鞍山道"}},
    {"重庆市", "重庆市", 30, 1, {{{"渝中区", "400010"}, {"江北区", "400020"}}}, {"解放碑民族路", "建新北路", "观音桥步行街"}},
    {"广东省", "广州市", 65, 0, {{{"天河区", "510630"}, {"越秀区", "510030"}}}, {"天河路", "体育西路", "环市东路"}},
    {"广东省", "深圳市", 70, 0, {{{"南山区", "518052"}, {"福田区", "518048"}}}, {"科技园南路", "深南大道", "福华三路"}},
    {"广东省", "东莞市", 20, 0, {{{"南城街道", "523070"}, {"东城街道", "523125"}}}, {"鸿福路", "东城中路", "宏图路"}},
    {"浙江省", "杭州市", 60, 0, {{{"西湖区", "310012"}, {"余杭区", "311121"}}}, {"文三路", "文一西路", "古墩路"}},
    {"浙江省", "宁波市", 22, 0, {{{"鄞州区", "315100"}, {"海曙区", "315010"}}}, {"天童南路", "中山西路", "宁穿路"}},
    {"江苏省", "南京市", 35, 0, {{{"鼓楼区", "210009"}, {"建邺区", "210019"}}}, {"中山北路", "江东中路", "汉中路"}},
    {"江苏省", "苏州市", 38, 0, {{{"姑苏区", "215008"}, {"苏州工业园区", "215021"}}}, {"人民路", "星湖街", "现代大道"}},
    {"四川省", "成都市", 45, 1, {{{"武侯区", "610041"}, {"锦江区", "610021"}}}, {"人民南路", "天府大道", "春熙路"}},
    {"湖北省", "武汉市", 35, 1, {{{"洪山区", "430070"}, {"江汉区", "430015"}}}, {"珞喻路", "建设大道", "解放大道"}},
    {"湖南省", "长沙市", 28, 1, {{{"岳麓区", "410006"}, {"天心区", "410004"}}}, {"麓山南路", "芙蓉中路", "韶山北路"}},
    {"山东省", "济南市", 20, 0, {{{"历下区", "250011"}, {"市中区", "250001"}}}, {"泉城路", "经十路", "英雄山路"}},
    {"山东省", "青岛市", 22, 0, {{{"市南区", "266001"}, {"崂山区", "266061"}}}, {"香港中路", "东海西路", "海尔路"}},
    {"河南省", "郑州市", 25, 1, {{{"金水区", "450003"}, {"二七区", "450052"}}}, {"花园路", "农业路", "大学路"}},
    {"河北省", "石家庄市", 15, 0, {{{"长安区", "050011"}, {"裕华区", "050031"}}}, {"中山东路", "槐安东路", "建华南大街"}},
    {"福建省", "福州市", 16, 1, {{{"鼓楼区", "350001"}, {"台江区", "350004"}}}, {"五四路", "八一七中路", "工业路"}},
    {"福建省", "厦门市", 18, 1, {{{"思明区", "361001"}, {"湖里区", "361006"}}}, {"厦禾路", "湖滨南路", "嘉禾路"}},
    {"陕西省", "西安市", 25, 1, {{{"雁塔区", "710061"}, {"碑林区", "710001"}}}, {"长安南路", "小寨东路", "南二环西段"}},
    {"安徽省", "合肥市", 18, 1, {{{"蜀山区", "230031"}, {"包河区", "230041"}}}, {"长江西路", "徽州大道", "马鞍山路"}},
    {"江西省", "南昌市", 12, 1, {{{"东湖区", "330006"}, {"红谷滩区", "330038"}}}, {"八一大道", "红谷中大道", "阳明路"}},
    {"辽宁省", "沈阳市", 14, 1, {{{"和平区", "110001"}, {"沈河区", "110011"}}}, {"太原北街", "青年大街", "市府大路"}},
    {"辽宁省", "大连市", 12, 1, {{{"中山区", "116001"}, {"沙河口区", "116021"}}}, {"人民路", "中山路", "西安路"}},
    {"吉林省", "长春市", 9, 1, {{{"朝阳区", "130012"}, {"南关区", "130022"}}}, {"工农大路", "人民大街", "自由大路"}},
    {"黑龙江省", "哈尔滨市", 10, 1, {{{"南岗区", "150001"}, {"道里区", "150010"}}}, {"西大直街", "中央大街", "红旗大街"}},
    {"云南省", "昆明市", 12, 1, {{{"五华区", "650031"}, {"盘龙区", "650051"}}}, {"人民中路", "北京路", "青年路"}},
    {"贵州省", "贵阳市", 8, 1, {{{"南明区", "550001"}, {"云岩区", "550001"}}}, {"中华南路", "瑞金北路", "宝山北路"}},
    {"广西壮族自治区", "南宁市", 10, 1, {{{"青秀区", "530022"}, {"西乡塘区", "530001"}}}, {"民族大道", "金湖路", "大学东路"}},
    {"山西省", "太原市", 8, 1, {{{"小店区", "030032"}, {"迎泽区", "030001"}}}, {"长风街", "迎泽大街", "平阳路"}},
    {"海南省", "海口市", 6, 2, {{{"龙华区", "570105"}, {"美兰区", "570203"}}}, {"国贸大道", "海秀中路", "海府路"}},
    {"甘肃省", "兰州市", 5, 2, {{{"城关区", "730030"}, {"七里河区", "730050"}}}, {"东岗西路", "庆阳路", "西津西路"}},
    {"新疆维吾尔自治区", "乌鲁木齐市", 4, 2, {{{"天山区", "830002"}, {"沙依巴克区", "830000"}}}, {"解放北路", "友好北路", "新华北路"}},
}};

constexpr std::array<std::string_view, 16> kCommunities = {
    "阳光花园", "锦绣华庭", "翠苑小区", "金色家园", "滨江花园", "世纪新城", "和平里小区", "绿地新都会",
    "保利花园", "万科城市花园", "龙湖春江郦城", "丽都公寓", "书香名邸", "香樟园", "星河湾", "紫荆苑"};
constexpr std::array<std::string_view, 6> kOfficeBuildings = {"国际大厦", "科技大厦", "金融中心", "创业园",
                                                              "商务中心", "软件园"};

// Warehouses by shipping zone of the destination (the sourcing module will choose for real).
constexpr std::array<std::string_view, 5> kWarehouses = {"WH-SH01 上海嘉定仓", "WH-GZ01 广州白云仓",
                                                         "WH-BJ01 北京顺义仓", "WH-CD01 成都双流仓",
                                                         "WH-WH01 武汉东西湖仓"};
constexpr std::array<std::string_view, 6> kCarriers = {"SF", "ZTO", "YTO", "YUNDA", "JD", "EMS"};
constexpr std::array<int, 6> kCarrierWeights = {30, 22, 18, 12, 12, 6};

// ---- people (generated, fictional) ----

constexpr std::array<std::string_view, 50> kSurnames = {
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何",
    "林", "罗", "高", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田",
    "董", "潘", "袁", "蔡", "蒋", "余", "于", "杜", "叶", "程", "魏", "苏", "吕", "丁", "欧阳", "司马"};
constexpr std::array<int, 50> kSurnameWeights = {
    70, 70, 68, 52, 46, 32, 24, 21, 20, 19, 18, 17, 13, 12, 12, 12, 11, 11, 10, 10, 10, 9, 8, 8, 8,
    8,  7,  7,  7,  6,  6,  6,  6,  5,  5,  5,  5,  5,  5,  5,  5,  4,  4,  4,  4,  4, 4, 4, 1, 1};
constexpr std::array<std::string_view, 48> kGivenChars = {
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "霞", "平", "刚", "子", "梓", "浩", "宇", "欣", "怡", "雨", "涵", "俊", "晨", "思", "佳",
    "嘉", "文", "博", "诺", "婷", "然", "昊", "泽", "华", "志", "海", "晓", "鹏", "琳", "颖", "轩"};

// Mobile number blocks assigned to China Mobile, China Unicom and China Telecom for voice (not
// 149, Telecom's data-only block, which libphonenumber rightly calls unassigned for phones).
constexpr std::array<std::string_view, 46> kMobilePrefixes = {
    "134", "135", "136", "137", "138", "139", "147", "150", "151", "152", "157", "158", "159", "172", "178", "182",
    "183", "184", "187", "188", "195", "198", "130", "131", "132", "145", "155", "156", "166", "175", "176", "185",
    "186", "196", "133", "197", "153", "173", "177", "180", "181", "189", "190", "191", "193", "199"};

constexpr std::array<std::string_view, 10> kBuyerNotes = {
    "请尽快发货", "周末送货，谢谢", "不要放快递柜，谢谢", "送人的礼物，请不要放价格单", "请用顺丰",
    "包装结实一点", "工作日白天家里没人，放门卫", "麻烦多给几个小样", "需要开发票，抬头见留言", "到了请提前打电话"};

// ---- catalogue: 34 SKUs, prices in fen ----

struct Sku {
  std::string_view sku;
  std::string_view title;
  std::int64_t price;
  int weight;  // popularity
};

constexpr std::array<Sku, 34> kSkus = {{
    {"TEA-LJ-250", "西湖龙井 明前特级 250g", 12800, 60},
    {"TEA-TGY-250", "安溪铁观音 浓香型 250g", 9800, 45},
    {"TEA-PE-357", "云南普洱熟茶饼 357g", 16800, 30},
    {"TEA-DHP-200", "武夷山大红袍 200g", 15800, 28},
    {"TEA-BMD-150", "福鼎白茶 白牡丹 150g", 8800, 35},
    {"TEA-QM-200", "祁门红茶 200g", 6800, 30},
    {"TEA-ML-100", "茉莉花茶 100g", 3800, 50},
    {"TEA-BLC-125", "洞庭碧螺春 125g", 11800, 22},
    {"TEA-JJM-100", "金骏眉 100g", 19800, 15},
    {"TEA-LB-250", "梧州六堡茶 250g", 7800, 10},
    {"TEA-GIFT-01", "中秋茶礼盒 四味装", 29800, 12},
    {"CUP-GLS-350", "耐热玻璃公道杯 350ml", 3900, 40},
    {"CUP-RY-01", "汝窑开片品茗杯 单只", 5900, 35},
    {"CUP-TRV-SET", "便携旅行茶具套装", 12900, 20},
    {"CUP-ZS-200", "宜兴紫砂壶 西施 200ml", 39800, 8},
    {"CUP-THERM-500", "不锈钢保温杯 500ml", 8900, 38},
    {"CUP-MUG-01", "陶瓷马克杯 哑光白", 2900, 45},
    {"CUP-TRAY-01", "竹制茶盘 小号", 15900, 10},
    {"SNK-NUT-1200", "坚果礼盒 1.2kg", 16800, 25},
    {"SNK-MNG-200", "芒果干 200g", 2590, 55},
    {"SNK-BEEF-250", "手撕牛肉干 250g", 4990, 40},
    {"SNK-FLS-6", "台式凤梨酥 6枚", 3600, 35},
    {"SNK-LDG-12", "绿豆糕 12枚", 2800, 30},
    {"SNK-DJ-400", "手工蛋卷 400g", 3290, 28},
    {"SNK-DAILY-30", "每日坚果 30包", 9900, 42},
    {"APL-TEE-WL", "纯棉短袖T恤 白色 L", 7900, 30},
    {"APL-TEE-BM", "纯棉短袖T恤 黑色 M", 7900, 26},
    {"APL-HOOD-GXL", "连帽卫衣 灰色 XL", 15900, 18},
    {"APL-SCARF-01", "羊毛围巾 驼色", 19900, 10},
    {"APL-TOTE-01", "帆布托特包 米白", 4900, 24},
    {"APL-SOCK-5", "运动袜 5双装", 3900, 30},
    {"APL-CAP-01", "棒球帽 藏青", 5900, 16},
    {"HOM-CDL-01", "香薰蜡烛 白茶味", 6900, 18},
    {"HOM-PLW-01", "亚麻抱枕套 45cm", 4500, 14},
}};

// Beijing-time hour of day: quiet nights, a late-morning bump and the 20:00–23:00 peak.
constexpr std::array<int, 24> kHourWeights = {35, 18, 9,  5,  4,  5,  10, 22, 38, 55, 70, 72,
                                              62, 60, 63, 64, 62, 58, 60, 72, 90, 100, 92, 65};

constexpr std::array<int, 5> kLineCountWeights = {45, 28, 15, 8, 4};

struct Customer {
  std::string name;
  std::string phone;
  std::size_t city_idx = 0;
  std::size_t district_idx = 0;
  std::string street;
  std::uint64_t number = 0;  // stable buyer number; channel refs derive from it
};

std::string Digits(DemoRng& rng, int count) {
  std::string out;
  out.reserve(static_cast<std::size_t>(count));
  for (int digit_idx = 0; digit_idx < count; ++digit_idx) out.push_back(static_cast<char>('0' + rng.Below(10)));
  return out;
}

std::string ZeroPad(std::uint64_t value, std::size_t width) {
  std::string text = std::to_string(value);
  if (text.size() < width) text.insert(0, width - text.size(), '0');
  return text;
}

Customer MakeCustomer(DemoRng& rng, std::uint64_t number) {
  Customer customer;
  customer.number = number;
  customer.name = std::string(kSurnames[PickWeighted(rng, kSurnameWeights)]);
  const int given = rng.Percent(35) ? 1 : 2;
  for (int char_idx = 0; char_idx < given; ++char_idx) customer.name += PickUniform(rng, kGivenChars);
  customer.phone = std::string(PickUniform(rng, kMobilePrefixes)) + Digits(rng, 8);

  std::array<int, kCities.size()> city_weights{};
  for (std::size_t city_idx = 0; city_idx < kCities.size(); ++city_idx) city_weights[city_idx] = kCities[city_idx].weight;
  customer.city_idx = PickWeighted(rng, city_weights);
  customer.district_idx = rng.Below(2);
  const City& city = kCities[customer.city_idx];
  std::string street(PickUniform(rng, city.roads));
  street += std::to_string(rng.Between(1, 999)) + "号";
  if (rng.Percent(80)) {
    street += PickUniform(rng, kCommunities);
    street += std::to_string(rng.Between(1, 32)) + "栋" + std::to_string(rng.Between(1, 4)) + "单元" +
              std::to_string(rng.Between(1, 33)) + ZeroPad(static_cast<std::uint64_t>(rng.Between(1, 6)), 2) + "室";
  } else {
    street += PickUniform(rng, kOfficeBuildings);
    const std::int64_t floor = rng.Between(2, 28);
    street += std::to_string(floor) + "楼" + std::to_string(floor) + ZeroPad(static_cast<std::uint64_t>(rng.Between(1, 20)), 2) + "室";
  }
  customer.street = std::move(street);
  return customer;
}

// When the order was placed: recent days a little busier, two promotion days ×3, Beijing
// hour-of-day profile; always at least two minutes before `now`.
core::UnixMillis PickCreatedAt(DemoRng& rng, const DemoSpec& spec) {
  const core::UnixMillis local_now = spec.now + kBeijingOffset;
  const core::UnixMillis today_start = local_now - (local_now % kDay);
  std::vector<int> day_weights(static_cast<std::size_t>(spec.days));
  for (int days_ago = 0; days_ago < spec.days; ++days_ago) {
    int weight = 60 + 40 * (spec.days - 1 - days_ago) / std::max(1, spec.days - 1);
    if (days_ago == spec.days / 4 || days_ago == (spec.days * 2) / 3) weight *= 3;  // promotion days
    day_weights[static_cast<std::size_t>(days_ago)] = weight;
  }
  core::UnixMillis local = 0;
  for (int attempt = 0; attempt < 64; ++attempt) {
    const auto days_ago = static_cast<core::UnixMillis>(rng.Weighted(day_weights.data(), day_weights.size()));
    const auto hour = static_cast<core::UnixMillis>(PickWeighted(rng, kHourWeights));
    const core::UnixMillis within = rng.Between(0, kHour / kSecond - 1) * kSecond;
    local = today_start - days_ago * kDay + hour * kHour + within;
    if (local <= local_now - 2 * kMinute) break;
  }
  local = std::min(local, local_now - 2 * kMinute);
  return local - kBeijingOffset;
}

std::string BeijingDate(core::UnixMillis utc) {
  const std::string text = core::FormatRfc3339(utc + kBeijingOffset);  // "YYYY-MM-DDT…"
  return text.substr(0, 4) + text.substr(5, 2) + text.substr(8, 2);
}

// The channel's own order number: unique per `index` within a run, shaped like the channel's.
std::string ExternalId(DemoRng& rng, ChannelKind channel, std::uint64_t index, core::UnixMillis created_at) {
  switch (channel) {
    case ChannelKind::kTmall:
    case ChannelKind::kTaobao:
      return std::to_string(rng.Between(1, 3)) + Digits(rng, 9) + ZeroPad(index, 9);
    case ChannelKind::kJd:
      return std::to_string(rng.Between(2, 3)) + Digits(rng, 2) + ZeroPad(index, 9);
    case ChannelKind::kDouyin:
      return "69" + Digits(rng, 8) + ZeroPad(index, 9);
    case ChannelKind::kShopify:
      return "56" + Digits(rng, 2) + ZeroPad(index, 9);
    case ChannelKind::kWooCommerce:
      return std::to_string(rng.Between(1, 9)) + ZeroPad(index, 7);
    case ChannelKind::kPos:
      return "POS-" + BeijingDate(created_at) + "-" + ZeroPad(index, 7);
    case ChannelKind::kApi:
      return "API-" + Digits(rng, 4) + "-" + ZeroPad(index, 8);
  }
  return ZeroPad(index, 10);
}

std::string CustomerRef(ChannelKind channel, std::uint64_t number) {
  static constexpr std::array<std::string_view, 8> kRefPrefixes = {"tb_", "tb_", "jd_", "dy_",
                                                                   "shp_", "wc_", "vip_", "api_"};
  return std::string(kRefPrefixes[static_cast<std::size_t>(channel)]) + ZeroPad(number, 8);
}

void AddPayment(DemoRng& rng, ChannelKind channel, order::Order& order) {
  std::string method;
  std::string transaction;
  const std::string date = BeijingDate(*order.paid_at);
  switch (channel) {
    case ChannelKind::kTmall:
    case ChannelKind::kTaobao:
      method = "alipay";
      break;
    case ChannelKind::kJd:
      method = rng.Percent(60) ? "jd_pay" : "wechat_pay";
      break;
    case ChannelKind::kDouyin:
      method = rng.Percent(55) ? "douyin_pay" : (rng.Percent(50) ? "alipay" : "wechat_pay");
      break;
    case ChannelKind::kShopify:
      method = "card";
      break;
    case ChannelKind::kPos:
      method = rng.Percent(15) ? "cash" : (rng.Percent(60) ? "wechat_pay" : "alipay");
      break;
    case ChannelKind::kWooCommerce:
    case ChannelKind::kApi:
      method = rng.Percent(50) ? "wechat_pay" : "alipay";
      break;
  }
  if (method == "alipay") transaction = date + "22001" + Digits(rng, 15);
  else if (method == "wechat_pay") transaction = "4200" + Digits(rng, 6) + date + Digits(rng, 10);
  else if (method == "jd_pay") transaction = "JDP" + date + Digits(rng, 12);
  else if (method == "douyin_pay") transaction = "DY" + date + Digits(rng, 14);
  else if (method == "card") transaction = "ch_" + Digits(rng, 24);
  else transaction = "R" + date + Digits(rng, 6);  // cash: the till's receipt number
  order.payments.push_back(order::Payment{std::move(method), std::move(transaction), order.totals.grand_total,
                                          order.paid_at});
}

void AddLines(DemoRng& rng, const DemoSpec& spec, order::Order& order) {
  std::array<int, kSkus.size()> weights{};
  for (std::size_t sku_idx = 0; sku_idx < kSkus.size(); ++sku_idx) weights[sku_idx] = kSkus[sku_idx].weight;
  const std::size_t line_count =
      spec.fixed_lines >= 1 && spec.fixed_lines <= 5 ? static_cast<std::size_t>(spec.fixed_lines)
                                                      : PickWeighted(rng, kLineCountWeights) + 1;
  for (std::size_t line_idx = 0; line_idx < line_count; ++line_idx) {
    const std::size_t sku_idx = PickWeighted(rng, weights);
    weights[sku_idx] = 0;  // each SKU once per order
    const Sku& sku = kSkus[sku_idx];
    order::OrderLine line;
    line.sku = std::string(sku.sku);
    line.title = std::string(sku.title);
    line.qty = rng.Percent(70) ? 1 : (rng.Percent(75) ? 2 : rng.Between(3, 6));
    line.unit_price = sku.price;
    if (rng.Percent(15)) line.discount = (line.qty * line.unit_price / 10) / 100 * 100;  // 10% off, whole yuan
    line.line_total = line.qty * line.unit_price - line.discount;
    order.totals.items += line.line_total;
    order.lines.push_back(std::move(line));
  }
}

// Shipping fee and order coupon; totals add up by construction.
void Price(DemoRng& rng, ChannelKind channel, int zone, order::Order& order) {
  order::Totals& totals = order.totals;
  if (channel == ChannelKind::kPos) {
    totals.shipping = 0;
  } else if (totals.items >= 9900 && zone < 2) {
    totals.shipping = 0;  // free shipping over ¥99
  } else {
    static constexpr std::array<std::int64_t, 3> kFees = {800, 1200, 2000};
    totals.shipping = kFees[static_cast<std::size_t>(zone)];
    if (channel == ChannelKind::kShopify) totals.shipping += 500;
  }
  if (totals.items >= 29900 && rng.Percent(35)) totals.discount = 4000;       // 满299减40
  else if (totals.items >= 19900 && rng.Percent(35)) totals.discount = 2000;  // 满199减20
  else if (totals.items >= 9900 && rng.Percent(20)) totals.discount = 1000;   // 满99减10
  totals.tax = 0;  // domestic retail prices include VAT
  totals.grand_total = totals.items + totals.shipping + totals.tax - totals.discount;
}

// The order's life after ingest, cut at `now`.
class LifeBuilder {
 public:
  LifeBuilder(DemoRng& rng, std::string_view channel, core::UnixMillis start, core::UnixMillis now,
              std::vector<DemoStep>& steps)
      : rng_(rng), channel_(channel), at_(start), now_(now), steps_(steps) {}

  // Moves the clock on by a delay in [low, high] and records the step if it happened by now.
  bool Step(core::UnixMillis low, core::UnixMillis high, OrderStatus to, std::string reason) {
    at_ += rng_.Between(low, high);
    if (at_ > now_ - kSecond) return false;
    core::Actor actor = ActorFor(to, reason);
    steps_.push_back(DemoStep{at_, to, std::move(reason), std::move(actor)});
    return true;
  }

 private:
  // The buyer acts through the channel; reviewers and agents are people; the rest is automation.
  core::Actor ActorFor(OrderStatus to, std::string_view reason) const {
    const auto starts = [&](std::string_view prefix) { return reason.substr(0, prefix.size()) == prefix; };
    if (starts("risk_review: approved") || starts("risk_review: rejected")) return {"user", "risk.reviewer"};
    if (starts("address_check: confirmed") || starts("returned") || starts("refunded")) return {"user", "cs.agent"};
    if (starts("buyer_cancelled") || starts("payment_received") || starts("completed: confirmed") ||
        starts("return_requested")) {
      return {"channel", std::string(channel_)};
    }
    if (to == OrderStatus::kPicking || to == OrderStatus::kPacked || to == OrderStatus::kShipped) return {"system", "wms"};
    if (to == OrderStatus::kInTransit || to == OrderStatus::kOutForDelivery || to == OrderStatus::kDelivered) {
      return {"system", "carrier-tracking"};
    }
    return core::SystemActor();
  }

  DemoRng& rng_;
  std::string_view channel_;
  core::UnixMillis at_;
  core::UnixMillis now_;
  std::vector<DemoStep>& steps_;
};

void BuildLife(DemoRng& rng, const City& city, ChannelKind channel, core::UnixMillis received_at,
               core::UnixMillis now, DemoOrder& demo) {
  LifeBuilder life(rng, demo.order.channel, received_at, now, demo.steps);
  using S = OrderStatus;
  if (demo.order.status == S::kPendingPayment) {
    if (!rng.Percent(78)) {
      life.Step(30 * kMinute, 31 * kMinute, S::kCancelled, "payment_timeout: not paid within 30 minutes");
      return;
    }
    if (!life.Step(kMinute, 20 * kMinute, S::kPaid, "payment_received")) return;
  }
  if (rng.Permille(40)) {  // risk review hold
    if (!life.Step(10 * kSecond, 10 * kMinute, S::kOnHold, "risk_review: new account, high order value")) return;
    if (rng.Percent(25)) {
      life.Step(kHour, 6 * kHour, S::kCancelled, "risk_review: rejected by reviewer");
      return;
    }
    if (!life.Step(30 * kMinute, 8 * kHour, S::kPaid, "risk_review: approved")) return;
  }
  if (rng.Percent(4)) {
    life.Step(5 * kMinute, 3 * kHour, S::kCancelled, "buyer_cancelled: changed mind");
    return;
  }
  const bool fast = channel == ChannelKind::kPos;
  const std::string warehouse(kWarehouses[static_cast<std::size_t>(city.zone == 0 ? rng.Below(3) : 3 + rng.Below(2))]);
  // Pre-sale items and stock-outs wait days for allocation; the rest within minutes.
  const bool backorder = !fast && rng.Percent(6);
  if (!life.Step(backorder ? kDay : 2 * kMinute, backorder ? 10 * kDay : 30 * kMinute, S::kAllocated,
                 (backorder ? "allocated after restock: " : "allocated: ") + warehouse)) {
    return;
  }
  if (rng.Permille(25)) {  // address check hold
    if (!life.Step(kMinute, 10 * kMinute, S::kOnHold, "address_check: street number missing")) return;
    if (!life.Step(kHour, 24 * kHour, S::kAllocated, "address_check: confirmed by customer")) return;
  }
  if (!life.Step(10 * kMinute, 2 * kHour, S::kReleased, "released to WMS")) return;
  if (rng.Percent(1)) {
    life.Step(5 * kMinute, kHour, S::kCancelled, "buyer_cancelled: ordered by mistake");
    return;
  }
  if (!life.Step(30 * kMinute, fast ? kHour : 6 * kHour, S::kPicking, "picking")) return;
  if (!life.Step(10 * kMinute, 90 * kMinute, S::kPacked, "packed")) return;
  const std::string carrier(kCarriers[PickWeighted(rng, kCarrierWeights)]);
  if (!life.Step(kHour, 8 * kHour, S::kShipped, "shipped: " + carrier + " " + Digits(rng, 12))) return;
  if (rng.Percent(93) && !life.Step(kHour, 6 * kHour, S::kInTransit, "in_transit: left origin hub")) return;
  const core::UnixMillis transit_days = city.zone == 0 ? 1 : (city.zone == 1 ? 2 : 4);
  if (rng.Percent(97) &&
      !life.Step(transit_days * kDay - 12 * kHour, transit_days * kDay + 12 * kHour, S::kOutForDelivery,
                 "out_for_delivery: courier assigned")) {
    return;
  }
  if (!life.Step(kHour, 8 * kHour, S::kDelivered, "delivered: signed by recipient")) return;
  if (rng.Percent(6)) {
    if (!life.Step(kDay, 6 * kDay, S::kReturnRequested, "return_requested: not as described")) return;
    if (!life.Step(2 * kDay, 5 * kDay, S::kReturned, "returned: parcel received at warehouse")) return;
    life.Step(kHour, 2 * kDay, S::kRefunded, "refunded: to original payment method");
    return;
  }
  if (rng.Percent(40)) {
    life.Step(6 * kHour, 5 * kDay, S::kCompleted, "completed: confirmed by buyer");
  } else {
    life.Step(7 * kDay, 7 * kDay + 6 * kHour, S::kCompleted, "completed: auto-confirmed after 7 days");
  }
}

}  // namespace

std::vector<std::string> DemoSkus() {
  std::vector<const Sku*> by_popularity;
  for (const Sku& sku : kSkus) by_popularity.push_back(&sku);
  std::stable_sort(by_popularity.begin(), by_popularity.end(),
                   [](const Sku* a, const Sku* b) { return a->weight > b->weight; });
  std::vector<std::string> skus;
  for (const Sku* sku : by_popularity) skus.emplace_back(sku->sku);
  return skus;
}

std::uint64_t DemoRng::Next() {
  std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::uint64_t DemoRng::Below(std::uint64_t bound) {
  // Reject the low values that would make `% bound` uneven (Lemire's threshold).
  const std::uint64_t threshold = (0 - bound) % bound;
  for (;;) {
    const std::uint64_t value = Next();
    if (value >= threshold) return value % bound;
  }
}

std::int64_t DemoRng::Between(std::int64_t low, std::int64_t high) {
  return low + static_cast<std::int64_t>(Below(static_cast<std::uint64_t>(high - low) + 1));
}

std::size_t DemoRng::Weighted(const int* weights, std::size_t count) {
  std::uint64_t total = 0;
  for (std::size_t idx = 0; idx < count; ++idx) total += static_cast<std::uint64_t>(weights[idx]);
  std::uint64_t pick = Below(total);
  for (std::size_t idx = 0; idx < count; ++idx) {
    const auto weight = static_cast<std::uint64_t>(weights[idx]);
    if (pick < weight) return idx;
    pick -= weight;
  }
  return count - 1;
}

std::vector<DemoOrder> GenerateDemoOrders(const DemoSpec& spec) {
  std::vector<DemoOrder> out;
  if (spec.orders <= 0) return out;
  const auto count = static_cast<std::size_t>(spec.orders);
  // Separate streams, so that e.g. the customer pool does not shift every order's time.
  DemoRng time_rng(spec.seed * 0x2545F4914F6CDD1DULL + 1);
  DemoRng people_rng(spec.seed * 0x2545F4914F6CDD1DULL + 2);
  DemoRng order_rng(spec.seed * 0x2545F4914F6CDD1DULL + 3);

  std::vector<core::UnixMillis> created(count);
  for (auto& at : created) at = PickCreatedAt(time_rng, spec);
  std::sort(created.begin(), created.end());

  // Roughly 2.2 orders per customer (small runs: mostly different people); a tenth of them are
  // regulars with a third of the orders.
  const std::size_t pool_size = std::max(count * 45 / 100, std::min<std::size_t>(count, 50));
  const std::uint64_t first_number = 10'000'000 + people_rng.Below(80'000'000);
  std::vector<Customer> customers;
  customers.reserve(pool_size);
  for (std::size_t customer_idx = 0; customer_idx < pool_size; ++customer_idx) {
    customers.push_back(MakeCustomer(people_rng, (first_number + customer_idx) % 100'000'000));
  }
  const std::size_t regulars = std::max<std::size_t>(1, pool_size / 10);

  out.reserve(count);
  for (std::size_t order_idx = 0; order_idx < count; ++order_idx) {
    DemoRng& rng = order_rng;
    DemoOrder demo;
    order::Order& order = demo.order;
    const auto channel = static_cast<ChannelKind>(PickWeighted(rng, kChannelWeights));
    order.channel = std::string(kChannelNames[static_cast<std::size_t>(channel)]);
    order.created_at = created[order_idx];
    const std::uint64_t index = order_idx + 1;
    order.external_id = spec.external_id_prefix.empty() ? ExternalId(rng, channel, index, order.created_at)
                                                        : spec.external_id_prefix + ZeroPad(index, 10);
    const Customer& customer =
        customers[rng.Percent(33) ? rng.Below(regulars) : rng.Below(customers.size())];
    order.customer_ref = CustomerRef(channel, customer.number);
    order.currency = "CNY";
    if (rng.Percent(15)) order.buyer_note = std::string(PickUniform(rng, kBuyerNotes));

    const City& city = kCities[customer.city_idx];
    const District& district = city.districts[customer.district_idx];
    order.shipping_address = order::Address{customer.name,           customer.phone,
                                            std::string(city.province), std::string(city.city),
                                            std::string(district.name), customer.street,
                                            std::string(district.postcode), "CN"};
    AddLines(rng, spec, order);
    Price(rng, channel, city.zone, order);

    // Marketplaces hand over paid orders; web shops and the API also send unpaid ones.
    const bool web = channel == ChannelKind::kShopify || channel == ChannelKind::kWooCommerce ||
                     channel == ChannelKind::kApi;
    const bool unpaid = channel != ChannelKind::kPos && rng.Percent(web ? 15 : 3);
    core::UnixMillis handover = order.created_at;
    if (!unpaid) {
      order.status = OrderStatus::kPaid;
      order.paid_at = order.created_at + rng.Between(3, channel == ChannelKind::kPos ? 20 : 90) * kSecond;
      handover = *order.paid_at;
      AddPayment(rng, channel, order);
    } else {
      order.status = OrderStatus::kPendingPayment;
    }
    // Marketplace orders are pulled every few minutes; webhooks and the API push in seconds.
    const bool pulled = channel == ChannelKind::kTmall || channel == ChannelKind::kTaobao ||
                        channel == ChannelKind::kJd || channel == ChannelKind::kDouyin;
    demo.received_at = handover + (pulled ? rng.Between(20, 300) : rng.Between(1, 10)) * kSecond;
    demo.received_at = std::min(demo.received_at, spec.now - kSecond);
    demo.received_at = std::max(demo.received_at, handover);
    if (spec.with_timeline) BuildLife(rng, city, channel, demo.received_at, spec.now, demo);
    out.push_back(std::move(demo));
  }
  AddDemoDirt(out, spec);
  return out;
}

std::string DemoOrderJson(const order::Order& order) {
  core::JsonBuffer buffer;
  core::JsonWriter writer(buffer);
  const auto text = [&](std::string_view key, std::string_view value) {
    core::WriteKey(writer, key);
    core::WriteString(writer, value);
  };
  const auto integer = [&](std::string_view key, std::int64_t value) {
    core::WriteKey(writer, key);
    writer.Int64(value);
  };
  writer.StartObject();
  text("channel", order.channel);
  text("external_id", order.external_id);
  text("status", order::StatusName(order.status));
  text("currency", order.currency);
  if (!order.customer_ref.empty()) text("customer_ref", order.customer_ref);
  if (!order.buyer_note.empty()) text("buyer_note", order.buyer_note);
  text("created_at", core::FormatRfc3339(order.created_at));
  if (order.paid_at) text("paid_at", core::FormatRfc3339(*order.paid_at));
  core::WriteKey(writer, "lines");
  writer.StartArray();
  for (const order::OrderLine& line : order.lines) {
    writer.StartObject();
    text("sku", line.sku);
    text("title", line.title);
    integer("qty", line.qty);
    integer("unit_price", line.unit_price);
    if (line.discount != 0) integer("discount", line.discount);
    integer("line_total", line.line_total);
    writer.EndObject();
  }
  writer.EndArray();
  const order::Address& address = order.shipping_address;
  core::WriteKey(writer, "shipping_address");
  writer.StartObject();
  text("name", address.name);
  text("phone", address.phone);
  text("province", address.province);
  text("city", address.city);
  text("district", address.district);
  text("street", address.street);
  text("postcode", address.postcode);
  text("country", address.country);
  writer.EndObject();
  if (!order.payments.empty()) {
    core::WriteKey(writer, "payments");
    writer.StartArray();
    for (const order::Payment& payment : order.payments) {
      writer.StartObject();
      text("method", payment.method);
      if (!payment.transaction_id.empty()) text("transaction_id", payment.transaction_id);
      integer("amount", payment.amount);
      if (payment.paid_at) text("paid_at", core::FormatRfc3339(*payment.paid_at));
      writer.EndObject();
    }
    writer.EndArray();
  }
  core::WriteKey(writer, "totals");
  writer.StartObject();
  integer("items", order.totals.items);
  integer("shipping", order.totals.shipping);
  integer("discount", order.totals.discount);
  integer("tax", order.totals.tax);
  integer("grand_total", order.totals.grand_total);
  writer.EndObject();
  writer.EndObject();
  return {buffer.GetString(), buffer.GetSize()};
}

order::OrderStatus FinalStatus(const DemoOrder& demo) {
  return demo.steps.empty() ? demo.order.status : demo.steps.back().to;
}

}  // namespace ordo::app
