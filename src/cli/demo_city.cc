#include "cli/demo_city.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <numeric>
#include <optional>
#include <random>
#include <span>
#include <unordered_set>
#include <vector>

#include "core/name.h"
#include "core/person.h"
#include "store/nodes.h"
#include "store/persons.h"

namespace cordon::cli {

namespace {

// Bumped whenever the generator changes what a given seed produces, so that a database
// built by an older cordon is not mistaken for the city this one would build.
constexpr int kGeneratorVersion = 1;

// ---------------------------------------------------------------------------------------
// Random draws. std::mt19937_64's output is fixed by the standard; everything on top of it
// is integer arithmetic written here, so a seed means the same city everywhere.

uint64_t splitmix64(uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

class Rng {
 public:
  // Stream `stream` of seed `seed`: independent sequences for the tree and each grid.
  Rng(uint64_t seed, uint64_t stream) : engine_(splitmix64(seed ^ splitmix64(stream + 1))) {}

  // Uniform in [0, n), n > 0. The modulo bias (below n / 2^64) does not matter here.
  uint64_t below(uint64_t n) { return engine_() % n; }
  int between(int lo, int hi) { return lo + static_cast<int>(below(hi - lo + 1)); }
  bool permille(int p) { return static_cast<int>(below(1000)) < p; }
  // An index drawn with probability weights[i] / sum(weights).
  template <typename Table, typename Weight>
  size_t pick(const Table& table, Weight weight) {
    uint64_t total = 0;
    for (const auto& e : table) total += weight(e);
    uint64_t r = below(total);
    for (size_t i = 0;; ++i) {
      uint64_t w = weight(table[i]);
      if (r < w) return i;
      r -= w;
    }
  }
  template <typename T, size_t N>
  const T& any(const std::array<T, N>& items) {
    return items[below(N)];
  }

 private:
  std::mt19937_64 engine_;
};

// ---------------------------------------------------------------------------------------
// Data.

struct Weighted {
  std::string_view value;
  int weight;
};

// The commonest surnames with their approximate share of the 2020 household register, in
// hundredths of a percent (王 7.1%, 李 7.0%, ...), and a few compound surnames.
constexpr Weighted kSurnames[] = {
    {"王", 712}, {"李", 700}, {"张", 674}, {"刘", 510}, {"陈", 461}, {"杨", 322}, {"黄", 245},
    {"赵", 219}, {"吴", 200}, {"周", 195}, {"徐", 145}, {"孙", 138}, {"马", 129}, {"朱", 128},
    {"胡", 116}, {"郭", 113}, {"何", 106}, {"林", 102}, {"高", 100}, {"罗", 95},  {"郑", 82},
    {"梁", 81},  {"谢", 75},  {"宋", 70},  {"唐", 69},  {"许", 66},  {"韩", 65},  {"冯", 63},
    {"邓", 62},  {"曹", 61},  {"彭", 59},  {"曾", 58},  {"肖", 57},  {"田", 56},  {"董", 55},
    {"袁", 54},  {"潘", 52},  {"于", 51},  {"蒋", 50},  {"蔡", 49},  {"余", 48},  {"杜", 47},
    {"叶", 46},  {"程", 45},  {"苏", 44},  {"魏", 43},  {"吕", 42},  {"丁", 41},  {"任", 40},
    {"沈", 39},  {"姚", 38},  {"卢", 37},  {"姜", 36},  {"崔", 35},  {"钟", 34},  {"谭", 33},
    {"陆", 32},  {"汪", 31},  {"范", 30},  {"金", 29},  {"石", 28},  {"廖", 27},  {"贾", 26},
    {"夏", 25},  {"韦", 24},  {"付", 23},  {"方", 22},  {"白", 21},  {"邹", 20},  {"孟", 19},
    {"熊", 18},  {"秦", 17},  {"邱", 16},  {"江", 15},  {"尹", 14},  {"薛", 13},  {"闫", 12},
    {"段", 11},  {"雷", 10},  {"侯", 10},  {"龙", 10},  {"史", 10},  {"陶", 9},   {"黎", 9},
    {"贺", 9},   {"顾", 8},   {"毛", 8},   {"郝", 8},   {"龚", 8},   {"邵", 8},   {"万", 7},
    {"钱", 7},   {"严", 7},   {"武", 7},   {"戴", 7},   {"孔", 6},   {"汤", 6},   {"关", 6},
    {"单", 3},   {"欧阳", 3}, {"司马", 1}, {"诸葛", 1}, {"上官", 1}, {"司徒", 1}, {"皇甫", 1},
    {"慕容", 1},
};

// Given-name characters by the era a person was born in, since names follow fashion
// (建国 and 秀英 in the 1950s, 子轩 and 梓涵 after 2000).
enum class Era { kBefore1975, kBefore2000, kSince2000 };

constexpr std::array<std::string_view, 30> kMaleChars[] = {
    {"国", "建", "华", "军", "明", "志", "德", "福", "海", "山", "林", "成", "文", "刚", "忠",
     "祥", "庆", "春", "生", "永", "民", "荣", "贵", "宝", "金", "树", "玉", "利", "长", "胜"},
    {"伟", "强", "磊", "军", "勇", "杰", "涛", "斌", "超", "明", "刚", "平", "辉", "鹏", "华",
     "飞", "鑫", "波", "宇", "浩", "凯", "健", "俊", "帅", "旭", "宁", "龙", "阳", "峰", "东"},
    {"子", "轩", "浩", "宇", "梓", "睿", "泽", "俊", "博", "文", "豪", "然", "航", "铭", "辰",
     "晨", "奕", "瑞", "宸", "锦", "煜", "皓", "逸", "一", "诺", "嘉", "天", "明", "杰", "阳"},
};
constexpr std::array<std::string_view, 30> kFemaleChars[] = {
    {"秀", "英", "兰", "桂", "芳", "淑", "珍", "凤", "玉", "华", "丽", "红", "霞", "梅", "琴",
     "云", "莲", "荣", "芝", "翠", "春", "菊", "香", "素", "彩", "爱", "敏", "洁", "娟", "萍"},
    {"丽", "静", "敏", "燕", "艳", "娟", "霞", "婷", "雪", "慧", "颖", "琳", "洁", "晶", "倩",
     "莉", "璐", "娜", "芳", "萍", "玲", "佳", "欣", "蕾", "丹", "红", "梅", "宁", "晓", "月"},
    {"梓", "涵", "欣", "怡", "雨", "萱", "诗", "琪", "思", "悦", "可", "馨", "若", "语", "梦",
     "佳", "艺", "然", "一", "诺", "子", "彤", "晴", "妍", "紫", "嘉", "琳", "雅", "静", "心"},
};

// Mongolian names have no surname; Uyghur names are the own name, a middle dot, and the
// father's name.
constexpr std::array<std::string_view, 16> kMongolMale = {
    "巴特尔", "朝鲁", "苏和",   "额尔敦", "宝音",   "孟和",   "巴图", "那顺",
    "阿拉坦", "布和", "特木尔", "毕力格", "巴雅尔", "乌力吉", "达来", "吉日嘎拉"};
constexpr std::array<std::string_view, 14> kMongolFemale = {
    "其其格", "乌云", "萨仁",   "图雅", "斯琴", "娜仁",   "高娃",
    "塔娜",   "乌兰", "格日勒", "托娅", "阿荣", "萨日娜", "乌日娜"};
constexpr std::array<std::string_view, 12> kUyghurMale = {
    "买买提", "艾力",     "阿不都",   "吐尔逊", "艾山",   "热合曼",
    "努尔",   "伊力哈木", "阿布来提", "亚森",   "麦麦提", "艾尔肯"};
constexpr std::array<std::string_view, 10> kUyghurFemale = {
    "古丽",     "阿依古丽", "帕提古丽", "热依拉", "迪丽娜尔",
    "米日古丽", "努尔古丽", "阿依努尔", "再努尔", "布合力其"};

// Traditional forms of the surnames and name characters above that have one (names
// registered long ago, or by a clerk who writes traditional, keep them). Each pair must
// simplify back through core/name's table; to_traditional() checks that.
constexpr std::string_view kTraditional[][2] = {
    {"张", "張"}, {"刘", "劉"}, {"陈", "陳"}, {"杨", "楊"}, {"黄", "黃"}, {"赵", "趙"},
    {"吴", "吳"}, {"孙", "孫"}, {"马", "馬"}, {"罗", "羅"}, {"郑", "鄭"}, {"谢", "謝"},
    {"许", "許"}, {"韩", "韓"}, {"冯", "馮"}, {"邓", "鄧"}, {"蒋", "蔣"}, {"叶", "葉"},
    {"苏", "蘇"}, {"吕", "呂"}, {"卢", "盧"}, {"钟", "鍾"}, {"谭", "譚"}, {"陆", "陸"},
    {"贾", "賈"}, {"韦", "韋"}, {"邹", "鄒"}, {"闫", "閆"}, {"龙", "龍"}, {"贺", "賀"},
    {"顾", "顧"}, {"龚", "龔"}, {"万", "萬"}, {"钱", "錢"}, {"严", "嚴"}, {"汤", "湯"},
    {"关", "關"}, {"单", "單"}, {"欧", "歐"}, {"阳", "陽"}, {"诸", "諸"}, {"国", "國"},
    {"华", "華"}, {"军", "軍"}, {"刚", "剛"}, {"庆", "慶"}, {"荣", "榮"}, {"贵", "貴"},
    {"宝", "寶"}, {"树", "樹"}, {"长", "長"}, {"胜", "勝"}, {"伟", "偉"}, {"强", "強"},
    {"杰", "傑"}, {"涛", "濤"}, {"辉", "輝"}, {"鹏", "鵬"}, {"飞", "飛"}, {"凯", "凱"},
    {"帅", "帥"}, {"宁", "寧"}, {"东", "東"}, {"轩", "軒"}, {"泽", "澤"}, {"铭", "銘"},
    {"锦", "錦"}, {"诺", "諾"}, {"兰", "蘭"}, {"凤", "鳳"}, {"丽", "麗"}, {"红", "紅"},
    {"云", "雲"}, {"莲", "蓮"}, {"爱", "愛"}, {"洁", "潔"}, {"静", "靜"}, {"艳", "艷"},
    {"颖", "穎"}, {"晓", "曉"}, {"诗", "詩"}, {"悦", "悅"}, {"语", "語"}, {"梦", "夢"},
    {"艺", "藝"}, {"萨", "薩"}, {"乌", "烏"}, {"图", "圖"}, {"娅", "婭"},
};

// Region codes (the first six digits of an ID) of where residents were registered, with
// weights in hundredths of a percent.
// clang-format off
constexpr Weighted kRegionsHan[] = {
    // 呼伦贝尔: 牙克石 itself, then the other counties and banners.
    {"150782", 5600}, {"150702", 300}, {"150703", 60}, {"150721", 120}, {"150722", 90},
    {"150723", 90},   {"150724", 80},  {"150725", 40}, {"150781", 150}, {"150783", 250},
    {"150784", 90},   {"150785", 130},
    // Elsewhere in Inner Mongolia.
    {"150102", 200}, {"150203", 150}, {"150402", 120}, {"150502", 120}, {"152201", 110},
    // The north-east: 齐齐哈尔 (the seed's returnee), 哈尔滨, 长春, 沈阳, 大连, 鞍山, 抚顺.
    {"230202", 400}, {"230102", 250}, {"220102", 180}, {"210102", 160}, {"210202", 110},
    {"210302", 100}, {"210402", 100},
    // Other provinces, 武汉 and 南宁 among them.
    {"110105", 60}, {"120101", 30}, {"130102", 60}, {"140105", 40}, {"310115", 40},
    {"320102", 30}, {"330102", 30}, {"340102", 20}, {"350102", 20}, {"360102", 20},
    {"370102", 90}, {"410102", 70}, {"420102", 40}, {"420106", 30}, {"430102", 20},
    {"440103", 20}, {"450102", 20}, {"460105", 10}, {"500103", 20}, {"510104", 30},
    {"520102", 10}, {"530102", 10}, {"610102", 20}, {"620102", 20}, {"640104", 10},
    // Residence permits of Hong Kong, Macao and Taiwan residents.
    {"810000", 4}, {"820000", 2}, {"830000", 4},
};
// clang-format on
constexpr Weighted kRegionsMongol[] = {
    {"150782", 400}, {"150724", 200}, {"150725", 150}, {"150726", 150},
    {"150727", 150}, {"150702", 100}, {"152201", 100}, {"150502", 50},
};
constexpr Weighted kRegionsUyghur[] = {{"650102", 40}, {"650104", 30}, {"653101", 30}};
constexpr std::string_view kLocalRegion = "150782";

// Mainland mobile prefixes in use (China Mobile, Unicom, Telecom, and the 19x series).
constexpr std::array<std::string_view, 42> kPhonePrefixes = {
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "145",
    "147", "150", "151", "152", "153", "155", "156", "157", "158", "159", "166",
    "173", "175", "176", "177", "178", "180", "181", "182", "183", "184", "185",
    "186", "187", "188", "189", "191", "193", "195", "198", "199"};

// China's 2020 census by five-year age group (0-4, 5-9, ... 85-89, then 90-95), in tenths
// of a percent of the population.
constexpr std::array<int, 19> kAgePyramid = {54, 63, 61, 52, 54, 66, 88, 70, 66, 81,
                                             87, 72, 52, 56, 39, 24, 16, 8,  3};
constexpr int kMaxAge = 95;

// Household sizes 1..6 in a north-eastern city (2020: 2.5 persons on average), percent.
constexpr std::array<int, 6> kHouseholdSizes = {25, 33, 24, 10, 5, 3};

constexpr std::string_view kDistrictNames[] = {"城关区", "河东区", "河西区", "新城区",
                                               "林海区", "铁北区", "站前区", "兴安区",
                                               "北山区", "南湖区", "东城区", "西城区"};
constexpr std::string_view kStreetWords[] = {
    "胜利", "新工", "永兴", "暖泉", "建设", "绿林", "跃进", "红旗", "光明", "和平", "团结",
    "友谊", "民主", "人民", "解放", "新华", "文化", "幸福", "康乐", "长安", "东风", "朝阳",
    "向阳", "青年", "育才", "兴隆", "富民", "安居", "振兴", "繁荣", "前进", "先锋", "工农",
    "铁东", "铁西", "河畔", "林业", "中央", "南山", "北岭", "东兴", "西岭"};
constexpr std::string_view kPlaceWords[] = {
    "滨河",   "碧水",   "兴安",   "林海",   "松林", "桦林", "白桦",   "雪原", "草原", "铁北",
    "铁南",   "机务",   "站前",   "新村",   "北苑", "南苑", "东苑",   "西苑", "锦绣", "金桥",
    "银河",   "春晖",   "秋实",   "清泉",   "明珠", "翠园", "丽景",   "阳光", "园林", "花园",
    "东山",   "西山",   "南山",   "北山",   "河畔", "湖滨", "玉泉",   "龙泉", "凤凰", "吉祥",
    "祥和",   "和谐",   "富康",   "安泰",   "福苑", "嘉禾", "瑞祥",   "怡和", "紫荆", "枫林",
    "青松",   "绿洲",   "晨光",   "曙光",   "星河", "天骄", "蒙源",   "雅鲁", "免渡", "博克图",
    "乌奴耳", "塔尔气", "图里河", "伊图里", "绰源", "巴林", "库都尔", "牙林", "煤田", "热电",
    "制药",   "林机",   "木材",   "农垦"};
constexpr std::string_view kCompoundSuffixes[] = {"小区", "家园", "花园", "苑", "新村", "公寓"};

// ---------------------------------------------------------------------------------------
// Small helpers.

// Chinese numeral for 2..99 (overflow names: 滨河二社区); decimal beyond.
std::string cn_number(int64_t n) {
  static constexpr std::string_view kDigits[] = {"",   "一", "二", "三", "四",
                                                 "五", "六", "七", "八", "九"};
  if (n < 1 || n > 99) return std::to_string(n);
  if (n < 10) return std::string(kDigits[n]);
  std::string out = n >= 20 ? std::string(kDigits[n / 10]) : "";
  out += "十";
  out += kDigits[n % 10];
  return out;
}

// The k-th name made from a word list: each word once, then each again with 二, 三...
template <size_t N>
std::string nth_name(const std::string_view (&words)[N], int64_t k, std::string_view suffix) {
  std::string out(words[k % N]);
  if (k >= static_cast<int64_t>(N)) out += cn_number(k / N + 1);
  out += suffix;
  return out;
}

std::string padded(std::string_view prefix, int64_t n, int width) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%0*lld", width, static_cast<long long>(n));
  return std::string(prefix) + buf;
}

// Splits `n` items into `k` >= 1 groups of at least one each (n >= k), sized in proportion
// to random weights between 1 - spread/1000 and 1 + spread/1000.
std::vector<int64_t> partition(int64_t n, int64_t k, int spread, Rng& rng) {
  std::vector<int64_t> weights(k), sizes(k, 1);
  int64_t total = 0;
  for (auto& w : weights)
    total += (w = 1000 - spread + static_cast<int64_t>(rng.below(2 * spread + 1)));
  int64_t rest = n - k, given = 0;
  for (int64_t i = 0; i < k; ++i) {
    int64_t share = rest * weights[i] / total;  // rest <= 2e7, weights <= 2000: no overflow
    sizes[i] += share;
    given += share;
  }
  for (int64_t i = 0; given < rest; i = (i + 1) % k, ++given) ++sizes[i];
  return sizes;
}

// Splits UTF-8 text into its code points (names are short, valid UTF-8).
std::vector<std::string_view> code_points(std::string_view s) {
  std::vector<std::string_view> out;
  for (size_t i = 0; i < s.size();) {
    auto b = static_cast<unsigned char>(s[i]);
    size_t len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    out.push_back(s.substr(i, len));
    i += len;
  }
  return out;
}

// The name written in traditional characters, or nullopt when it has none or a form that
// would not simplify back to `name` (so a search by the simplified name always finds it).
std::optional<std::string> to_traditional(std::string_view name) {
  std::string out;
  for (std::string_view cp : code_points(name)) {
    auto it = std::find_if(std::begin(kTraditional), std::end(kTraditional),
                           [&](const auto& pair) { return pair[0] == cp; });
    out += it == std::end(kTraditional) ? cp : (*it)[1];
  }
  if (out == name || to_simplified(out) != name) return std::nullopt;
  return out;
}

// An age drawn from the census pyramid, restricted to [lo, hi].
int draw_age(Rng& rng, int lo, int hi) {
  // cumulative[a]: the weight of all ages below a.
  static const std::array<int, kMaxAge + 2> cumulative = [] {
    std::array<int, kMaxAge + 2> c{};
    for (int age = 0; age <= kMaxAge; ++age)
      c[age + 1] = c[age] + kAgePyramid[std::min(age / 5, 18)];
    return c;
  }();
  int r = cumulative[lo] + static_cast<int>(rng.below(cumulative[hi + 1] - cumulative[lo]));
  return static_cast<int>(std::upper_bound(cumulative.begin(), cumulative.end(), r) -
                          cumulative.begin()) -
         1;
}

// A birth date on which a person is `age` (completed years) on `as_of`.
LocalDate birth_date_for_age(Rng& rng, int age, LocalDate as_of) {
  auto anniversary = LocalDate::from_ymd(as_of.year() - age - 1, as_of.month(), as_of.day());
  if (!anniversary) anniversary = LocalDate::from_ymd(as_of.year() - age - 1, as_of.month(), 28);
  return anniversary->plus_days(1 + rng.between(0, 364));
}

// ---------------------------------------------------------------------------------------
// Plans: what the generator decided before anything is stored.

struct CompoundPlan {
  std::string name;
  int buildings = 1;
  int units_per_building = 1;
  int floors = 6;
  int rooms_per_floor = 2;
  int rooms_per_unit() const { return floors * rooms_per_floor; }
};

struct GridPlan {
  int64_t index = 0;  // 0-based across the city
  Node node;
  int64_t residents = 0;
  Rng rng;
  std::vector<int> household_sizes;
  std::vector<CompoundPlan> compounds;
  std::vector<int64_t> unit_ids;  // compound by compound, building by building
};

enum class Ethnicity { kHan, kMongol, kUyghur };
enum class Role { kHead, kSpouse, kChild, kGrandparent };

struct Member {
  Role role = Role::kHead;
  Sex sex = Sex::kMale;
  int age = 0;
  std::string surname;  // Han only
};

// The members of one household of `size`: a head (with a spouse, mostly), their children
// and perhaps the head's parents, aged so that the generations fit.
std::vector<Member> plan_household(Rng& rng, int size) {
  std::vector<Member> m;
  if (size == 1) {
    // Many who live alone are widowed elders.
    int age = rng.permille(450) ? draw_age(rng, 60, kMaxAge) : draw_age(rng, 18, 59);
    m.push_back({Role::kHead, rng.permille(480) ? Sex::kMale : Sex::kFemale, age, ""});
    return m;
  }
  bool couple = rng.permille(size >= 3 ? 880 : 650);
  int extra = size - (couple ? 2 : 1);
  int grandparents = extra >= 3   ? rng.between(1, 2)
                     : extra == 2 ? rng.permille(300)
                                  : rng.permille(120);
  grandparents = std::min(grandparents, extra);
  int children = extra - grandparents;
  int lo = children > 0 ? 24 : 20;
  int hi = grandparents > 0 ? 58 : children > 0 ? (rng.permille(700) ? 50 : 68) : kMaxAge;
  // A couple alone is mostly one whose children have left (空巢).
  if (children == 0 && grandparents == 0 && rng.permille(600)) lo = 50;
  int head_age = draw_age(rng, lo, hi);
  Sex head_sex = couple || rng.permille(350) ? Sex::kMale : Sex::kFemale;
  m.push_back({Role::kHead, head_sex, head_age, ""});
  int mother_age = head_age;
  if (couple) {
    mother_age = std::clamp(head_age - rng.between(-2, 5), 20, kMaxAge);
    m.push_back({Role::kSpouse, Sex::kFemale, mother_age, ""});
  }
  for (int i = 0; i < children; ++i) {
    int age = std::max(0, mother_age - rng.between(20, std::min(38, std::max(20, mother_age))));
    m.push_back({Role::kChild, rng.permille(515) ? Sex::kMale : Sex::kFemale, age, ""});
  }
  for (int i = 0; i < grandparents; ++i) {
    int age = std::min(kMaxAge, std::max(head_age, mother_age) + rng.between(22, 32));
    Sex sex = grandparents == 2 ? (i == 0 ? Sex::kMale : Sex::kFemale)
                                : (rng.permille(400) ? Sex::kMale : Sex::kFemale);
    m.push_back({Role::kGrandparent, sex, age, ""});
  }
  return m;
}

// Draws the grid's households and the compounds that house them with some rooms vacant.
void plan_grid(GridPlan& g, int64_t& compound_counter) {
  Rng& rng = g.rng;
  int64_t placed = 0;
  while (placed < g.residents) {
    int size = static_cast<int>(rng.pick(kHouseholdSizes, [](int w) { return w; })) + 1;
    size = static_cast<int>(std::min<int64_t>(size, g.residents - placed));
    g.household_sizes.push_back(size);
    placed += size;
  }
  int64_t households = static_cast<int64_t>(g.household_sizes.size());
  int64_t rooms_needed = households * 1000 / rng.between(850, 950) + 1;
  while (rooms_needed > 0) {
    CompoundPlan c;
    int kind = static_cast<int>(rng.below(100));
    int max_buildings;
    if (kind < 55) {  // the walk-ups of the 1980s and 1990s
      c.floors = rng.between(5, 7);
      c.units_per_building = rng.between(2, 4);
      max_buildings = rng.between(2, 8);
    } else if (kind < 80) {
      c.floors = rng.between(9, 11);
      c.units_per_building = rng.between(2, 3);
      max_buildings = rng.between(2, 5);
    } else {  // towers
      c.floors = rng.between(15, 26);
      c.rooms_per_floor = rng.between(2, 4);
      c.units_per_building = rng.between(1, 2);
      max_buildings = rng.between(1, 4);
    }
    int64_t per_building = int64_t{c.units_per_building} * c.rooms_per_unit();
    int64_t wanted = (rooms_needed + per_building - 1) / per_building;
    c.buildings = static_cast<int>(std::min<int64_t>(max_buildings, wanted));
    int64_t k = compound_counter++;
    // Walk the word list with a stride so that neighbouring compounds differ in word and
    // suffix; past all pairs, later phases (二期, 三期) follow.
    constexpr int64_t words = std::size(kPlaceWords), suffixes = std::size(kCompoundSuffixes);
    static_assert(std::gcd(7, words * suffixes) == 1, "the stride must visit every pair");
    int64_t pair = (k * 7) % (words * suffixes);
    c.name = std::string(kPlaceWords[pair % words]) + std::string(kCompoundSuffixes[pair / words]);
    if (k >= words * suffixes) c.name += cn_number(k / (words * suffixes) + 1) + "期";
    rooms_needed -= c.buildings * per_building;
    g.compounds.push_back(std::move(c));
  }
}

// ---------------------------------------------------------------------------------------
// Persons.

// State shared by every grid: documents and phones already handed out.
struct Registry {
  std::unordered_set<uint64_t> id_prefixes;  // the first 17 digits as a number
  std::unordered_set<uint64_t> phones;
};

Result<std::string> draw_id_number(Rng& rng, Registry& reg, std::string_view region,
                                   LocalDate birth, Sex sex) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%.6s%04d%02d%02d", region.data(), birth.year(), birth.month(),
                birth.day());
  std::string first14 = buf;
  // 1000 tries: a region and day shared by more than 500 persons of one sex would be full.
  for (int attempt = 0; attempt < 1000; ++attempt) {
    int seq = sex == Sex::kMale ? 2 * static_cast<int>(rng.below(500)) + 1
                                : 2 * (1 + static_cast<int>(rng.below(499)));
    std::snprintf(buf, sizeof buf, "%03d", seq);
    std::string number = first14 + buf;
    if (!reg.id_prefixes.insert(std::stoull(number)).second) continue;
    number += resident_id_check_char(number);
    return number;
  }
  return Status::internal("demo_id_exhausted", "no free resident ID left for " + first14);
}

std::string draw_phone(Rng& rng, Registry& reg) {
  for (;;) {
    std::string_view prefix = rng.any(kPhonePrefixes);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.3s%08llu", prefix.data(),
                  static_cast<unsigned long long>(rng.below(100000000)));
    if (reg.phones.insert(std::stoull(buf)).second) return buf;
  }
}

bool has_phone(Rng& rng, int age) {
  if (age < 12) return false;
  if (age < 18) return rng.permille(600);
  if (age < 75) return rng.permille(970);
  if (age < 85) return rng.permille(750);
  return rng.permille(450);
}

std::vector<std::string> draw_tags(Rng& rng, Sex sex, int age, int household_size) {
  std::vector<std::string> tags;
  if (age >= 65) tags.push_back("elderly");
  if (sex == Sex::kFemale && age >= 20 && age <= 40 && rng.permille(40)) tags.push_back("pregnant");
  if (rng.permille(age >= 60 ? 350 : age >= 40 ? 120 : 20)) tags.push_back("chronic_illness");
  if (rng.permille(15)) tags.push_back("disabled");
  if (age < 14) tags.push_back("child");
  if (household_size == 1 && age >= 60) tags.push_back("lives_alone");
  return tags;
}

Era era_of(LocalDate birth) {
  return birth.year() < 1975   ? Era::kBefore1975
         : birth.year() < 2000 ? Era::kBefore2000
                               : Era::kSince2000;
}

std::string draw_given_name(Rng& rng, Sex sex, Era era) {
  const auto& chars = (sex == Sex::kMale ? kMaleChars : kFemaleChars)[static_cast<int>(era)];
  std::string out(rng.any(chars));
  if (rng.permille(era == Era::kSince2000 ? 850 : 750)) {
    std::string_view second;
    do second = rng.any(chars);
    while (second == out);
    out += second;
  }
  return out;
}

std::string_view draw_surname(Rng& rng) {
  return kSurnames[rng.pick(kSurnames, [](const Weighted& w) { return w.weight; })].value;
}

std::string_view draw_region(Rng& rng, const auto& table) {
  return table[rng.pick(table, [](const Weighted& w) { return w.weight; })].value;
}

// One household's rows. `address_id` and `address` are the household's room.
Status add_household(Rng& rng, Registry& reg, const DemoOptions& options, const GridPlan& g,
                     int size, int64_t address_id, const std::string& address,
                     std::vector<PersonInput>& rows) {
  std::vector<Member> members = plan_household(rng, size);
  int roll = static_cast<int>(rng.below(1000));
  Ethnicity ethnicity = roll < 30   ? Ethnicity::kMongol
                        : roll < 35 ? Ethnicity::kUyghur
                                    : Ethnicity::kHan;
  std::string_view base_region = ethnicity == Ethnicity::kMongol ? draw_region(rng, kRegionsMongol)
                                 : ethnicity == Ethnicity::kUyghur
                                     ? draw_region(rng, kRegionsUyghur)
                                     : draw_region(rng, kRegionsHan);
  if (ethnicity == Ethnicity::kHan) {
    // Surnames go down the male line: the head's (or the husband's) to the children,
    // mostly, and to the head's father.
    std::string family(draw_surname(rng));
    for (Member& m : members) {
      bool same_line = m.role == Role::kHead || m.role == Role::kChild ||
                       (m.role == Role::kGrandparent && m.sex == Sex::kMale);
      if (m.role == Role::kChild && members.front().sex == Sex::kFemale && !rng.permille(700))
        same_line = false;
      m.surname = same_line ? family : std::string(draw_surname(rng));
    }
  }
  // A Uyghur name is the own name, a middle dot and the father's name.
  std::string head_own, children_father;
  if (ethnicity == Ethnicity::kUyghur) {
    bool father = members.front().sex == Sex::kMale;
    head_own = father ? rng.any(kUyghurMale) : rng.any(kUyghurFemale);
    children_father = father ? head_own : std::string(rng.any(kUyghurMale));
  }

  for (const Member& m : members) {
    LocalDate birth = birth_date_for_age(rng, m.age, options.as_of);
    std::string name;
    if (ethnicity == Ethnicity::kMongol) {
      name = m.sex == Sex::kMale ? rng.any(kMongolMale) : rng.any(kMongolFemale);
    } else if (ethnicity == Ethnicity::kUyghur) {
      name = m.role == Role::kHead ? head_own
             : m.sex == Sex::kMale ? std::string(rng.any(kUyghurMale))
                                   : std::string(rng.any(kUyghurFemale));
      name += "·";
      name += m.role == Role::kChild ? children_father : std::string(rng.any(kUyghurMale));
    } else {
      name = m.surname + draw_given_name(rng, m.sex, era_of(birth));
    }
    if (rng.permille(70))
      if (auto traditional = to_traditional(name)) name = std::move(*traditional);

    // Children were mostly registered here; adults mostly where the household came from.
    std::string_view region = base_region;
    if (m.age < 18 && ethnicity != Ethnicity::kUyghur && rng.permille(850))
      region = kLocalRegion;
    else if (ethnicity == Ethnicity::kHan && !rng.permille(700))
      region = draw_region(rng, kRegionsHan);
    CORDON_ASSIGN_OR_RETURN(std::string id_number, draw_id_number(rng, reg, region, birth, m.sex));

    PersonInput row;
    row.name = std::move(name);
    row.id_number = std::move(id_number);
    // The age drawn and the completed age on as_of may differ by a day's worth at the
    // edges of leap years; tags follow the birth date, as a reader of the record would.
    int age = birth.years_until(options.as_of);
    if (has_phone(rng, age)) row.phone = draw_phone(rng, reg);
    row.grid_id = g.node.id;
    row.address_id = address_id;
    row.address = address;
    row.tags = draw_tags(rng, m.sex, age, size);
    rows.push_back(std::move(row));
  }
  return Status();
}

// ---------------------------------------------------------------------------------------
// Storing.

Result<Node> insert_place(store::SqlConnection& conn, NodeKind kind, std::string name,
                          std::string code, const std::optional<Node>& parent, Instant now) {
  Node n;
  n.kind = kind;
  n.name = std::move(name);
  n.code = std::move(code);
  n.created_at = n.updated_at = now;
  return store::insert_node(conn, std::move(n), parent);
}

// What the city's code records: a rerun with the same options finds it and reuses it.
std::string demo_marker(const DemoOptions& o) {
  return "demo" + std::to_string(kGeneratorVersion) + ":" + std::to_string(o.seed) + ":" +
         std::to_string(o.residents) + ":" + std::to_string(o.grid_count()) + ":" +
         o.as_of.to_string();
}

// The city's jurisdictions, stored in one write; returns the grids to fill.
Result<std::vector<GridPlan>> store_jurisdictions(Runtime& rt, const DemoOptions& o,
                                                  DemoSummary& summary) {
  Rng rng(o.seed, 0);
  // About six grids per community, six communities per street and five streets per
  // district, as in a mid-sized Chinese city.
  int64_t grids = o.grid_count();
  int64_t communities = std::clamp<int64_t>((grids + 3) / 6, 1, grids);
  int64_t streets = std::clamp<int64_t>((communities + 3) / 6, 1, communities);
  int64_t districts = std::clamp<int64_t>((streets + 2) / 5, 1,
                                          std::min<int64_t>(streets, std::size(kDistrictNames)));
  std::vector<int64_t> grids_per_community = partition(grids, communities, 300, rng);
  std::vector<int64_t> communities_per_street = partition(communities, streets, 300, rng);
  std::vector<int64_t> streets_per_district = partition(streets, districts, 300, rng);
  std::vector<int64_t> residents_per_grid = partition(o.residents, grids, 400, rng);

  std::vector<GridPlan> plans;
  Instant now = rt.context().clock.now();
  CORDON_RETURN_IF_ERROR(rt.store().write([&](store::SqlConnection& conn) -> Status {
    plans.clear();
    auto add = [&](NodeKind kind, std::string name, std::string code,
                   const std::optional<Node>& parent) {
      return insert_place(conn, kind, std::move(name), std::move(code), parent, now);
    };
    CORDON_ASSIGN_OR_RETURN(
        Node city, add(NodeKind::kCity, std::string(kDemoCityName), demo_marker(o), std::nullopt));
    summary.city_id = city.id;
    int64_t street = 0, community = 0, grid = 0;
    for (int64_t d = 0; d < districts; ++d) {
      CORDON_ASSIGN_OR_RETURN(Node dn, add(NodeKind::kDistrict, std::string(kDistrictNames[d]),
                                           padded("D", d + 1, 2), city));
      for (int64_t s = 0; s < streets_per_district[d]; ++s, ++street) {
        CORDON_ASSIGN_OR_RETURN(Node sn,
                                add(NodeKind::kStreet, nth_name(kStreetWords, street, "街道"),
                                    padded("S", street + 1, 3), dn));
        for (int64_t c = 0; c < communities_per_street[street]; ++c, ++community) {
          CORDON_ASSIGN_OR_RETURN(
              Node cn, add(NodeKind::kCommunity, nth_name(kPlaceWords, community, "社区"),
                           padded("C", community + 1, 4), sn));
          for (int64_t g = 0; g < grids_per_community[community]; ++g, ++grid) {
            CORDON_ASSIGN_OR_RETURN(Node gn,
                                    add(NodeKind::kGrid, "第" + std::to_string(g + 1) + "网格",
                                        padded("G", grid + 1, 4), cn));
            plans.push_back(GridPlan{grid,
                                     std::move(gn),
                                     residents_per_grid[grid],
                                     Rng(o.seed, 1 + static_cast<uint64_t>(grid)),
                                     {},
                                     {},
                                     {}});
          }
        }
      }
    }
    return Status();
  }));
  summary.districts = districts;
  summary.streets = streets;
  summary.communities = communities;
  summary.grids = grids;
  return plans;
}

// Stores the compounds, buildings and units of `grids` in one write and records the
// units' ids in each plan.
Status store_addresses(Runtime& rt, std::span<GridPlan> grids, DemoSummary& summary) {
  Instant now = rt.context().clock.now();
  CORDON_RETURN_IF_ERROR(rt.store().write([&](store::SqlConnection& conn) -> Status {
    for (GridPlan& g : grids) {
      g.unit_ids.clear();
      const std::string& grid_code = *g.node.code;
      for (size_t ci = 0; ci < g.compounds.size(); ++ci) {
        const CompoundPlan& c = g.compounds[ci];
        auto add = [&](NodeKind kind, std::string name, std::string code, const Node& parent) {
          return insert_place(conn, kind, std::move(name), std::move(code), parent, now);
        };
        std::string compound_code = grid_code + "-" + std::to_string(ci + 1);
        CORDON_ASSIGN_OR_RETURN(Node cn, add(NodeKind::kCompound, c.name, compound_code, g.node));
        for (int b = 1; b <= c.buildings; ++b) {
          std::string building_code = compound_code + "-" + std::to_string(b);
          CORDON_ASSIGN_OR_RETURN(
              Node bn, add(NodeKind::kBuilding, std::to_string(b) + "栋", building_code, cn));
          for (int u = 1; u <= c.units_per_building; ++u) {
            CORDON_ASSIGN_OR_RETURN(Node un, add(NodeKind::kUnit, std::to_string(u) + "单元",
                                                 building_code + "-" + std::to_string(u), bn));
            g.unit_ids.push_back(un.id);
          }
        }
      }
    }
    return Status();
  }));
  for (const GridPlan& g : grids) {
    summary.compounds += static_cast<int64_t>(g.compounds.size());
    for (const CompoundPlan& c : g.compounds) {
      summary.buildings += c.buildings;
      summary.units += int64_t{c.buildings} * c.units_per_building;
    }
  }
  return Status();
}

// The grid's persons, household by household, each household in a room drawn at random
// among the grid's rooms (the rest stand empty), in address order.
Status generate_grid_persons(GridPlan& g, Registry& reg, const DemoOptions& o,
                             std::vector<PersonInput>& rows) {
  Rng& rng = g.rng;
  int64_t total_rooms = 0;
  for (const CompoundPlan& c : g.compounds)
    total_rooms += int64_t{c.buildings} * c.units_per_building * c.rooms_per_unit();
  int64_t households = static_cast<int64_t>(g.household_sizes.size());
  std::vector<int64_t> rooms(total_rooms);
  std::iota(rooms.begin(), rooms.end(), 0);
  for (int64_t i = 0; i < households; ++i)
    std::swap(rooms[i], rooms[i + static_cast<int64_t>(rng.below(total_rooms - i))]);
  std::sort(rooms.begin(), rooms.begin() + households);

  for (int64_t h = 0; h < households; ++h) {
    int64_t r = rooms[h], unit_index = 0;
    for (const CompoundPlan& c : g.compounds) {
      int64_t per_building = int64_t{c.units_per_building} * c.rooms_per_unit();
      if (r >= c.buildings * per_building) {
        r -= c.buildings * per_building;
        unit_index += int64_t{c.buildings} * c.units_per_building;
        continue;
      }
      int64_t building = r / per_building, unit = r % per_building / c.rooms_per_unit();
      int64_t in_unit = r % c.rooms_per_unit();
      int64_t room = (in_unit / c.rooms_per_floor + 1) * 100 + in_unit % c.rooms_per_floor + 1;
      std::string address = c.name + std::to_string(building + 1) + "栋" +
                            std::to_string(unit + 1) + "单元" + std::to_string(room) + "室";
      unit_index += building * c.units_per_building + unit;
      CORDON_RETURN_IF_ERROR(add_household(rng, reg, o, g, g.household_sizes[h],
                                           g.unit_ids[unit_index], address, rows));
      break;
    }
  }
  return Status();
}

// Stores rows through the import use case; any row it does not create is a generator bug.
Status import_chunk(Runtime& rt, const std::vector<PersonInput>& rows) {
  CORDON_ASSIGN_OR_RETURN(auto results, rt.persons().import_rows(service::Actor::system(), rows));
  for (size_t i = 0; i < results.size(); ++i) {
    if (results[i].outcome == service::ImportRowResult::Outcome::kCreated) continue;
    std::string why = results[i].outcome == service::ImportRowResult::Outcome::kExisting
                          ? std::string("its document is already registered")
                          : results[i].status.to_string();
    return Status::internal("demo_row_rejected", "demo person " + rows[i].name.value_or("") + " (" +
                                                     rows[i].id_number.value_or("") +
                                                     ") was not stored: " + why);
  }
  return Status();
}

// Whether the store already holds this city (a summary), nothing (nullopt), or something
// else (a conflict).
Result<std::optional<DemoSummary>> find_existing(Runtime& rt, const DemoOptions& o) {
  int64_t persons = 0;
  std::vector<Node> roots;
  CORDON_RETURN_IF_ERROR(rt.store().read([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(persons, store::count_persons(conn));
    CORDON_ASSIGN_OR_RETURN(roots, store::list_children(conn, std::nullopt, 0, 2));
    return Status();
  }));
  if (persons == 0 && roots.empty()) return std::optional<DemoSummary>();
  std::optional<std::string> code = roots.size() == 1 ? roots[0].code : std::nullopt;
  if (code == demo_marker(o)) {
    if (persons != o.residents)
      return Status::conflict("demo_city_incomplete", "the database holds this demo city with " +
                                                          std::to_string(persons) + " of its " +
                                                          std::to_string(o.residents) +
                                                          " residents: its build was interrupted");
    DemoSummary s;
    s.city_name = roots[0].name;
    s.city_id = roots[0].id;
    s.residents = persons;
    s.grids = o.grid_count();
    s.reused = true;
    return std::optional<DemoSummary>(std::move(s));
  }
  if (code && code->starts_with("demo"))
    return Status::conflict("database_not_empty",
                            "the database holds a demo city built with other options (" + *code +
                                ": version:seed:residents:grids:as-of)");
  return Status::conflict("database_not_empty", "the database is not empty: it holds " +
                                                    std::to_string(persons) + " persons and " +
                                                    std::to_string(roots.size()) +
                                                    (roots.size() > 1 ? "+" : "") + " root places");
}

}  // namespace

int64_t DemoOptions::grid_count() const {
  return grids > 0 ? grids : std::max<int64_t>(1, residents / 400);
}

int64_t DemoOptions::rows_per_chunk() const {
  return chunk_size > 0 ? chunk_size : std::clamp<int64_t>(residents / 10, 5000, 50000);
}

Result<DemoSummary> build_demo_city(Runtime& rt, const DemoOptions& o,
                                    const DemoProgress& progress) {
  if (o.residents < 1 || o.grid_count() > o.residents || o.grids < 0 || o.chunk_size < 0)
    return Status::invalid("demo_options",
                           "a demo city needs at least one resident per grid (residents " +
                               std::to_string(o.residents) + ", grids " +
                               std::to_string(o.grid_count()) + ")");
  // Birth dates go back 96 years from as_of and may not be before 1900 (GB 11643) nor
  // after today.
  if (o.as_of.year() < 1900 + kMaxAge + 1 || o.as_of > rt.context().today())
    return Status::invalid(
        "demo_options",
        "as_of must lie between " + std::to_string(1900 + kMaxAge + 1) + "-01-01 and today");
  CORDON_ASSIGN_OR_RETURN(auto existing, find_existing(rt, o));
  if (existing) return std::move(*existing);

  DemoSummary summary;
  summary.city_name = kDemoCityName;
  CORDON_ASSIGN_OR_RETURN(std::vector<GridPlan> grids, store_jurisdictions(rt, o, summary));

  Registry registry;
  registry.id_prefixes.reserve(static_cast<size_t>(o.residents));
  registry.phones.reserve(static_cast<size_t>(o.residents));
  const int64_t chunk = o.rows_per_chunk();
  int64_t compound_counter = 0, stored = 0;
  std::vector<PersonInput> pending;
  auto flush = [&](size_t count) -> Status {
    std::vector<PersonInput> rows(std::make_move_iterator(pending.begin()),
                                  std::make_move_iterator(pending.begin() + count));
    pending.erase(pending.begin(), pending.begin() + count);
    CORDON_RETURN_IF_ERROR(import_chunk(rt, rows));
    stored += static_cast<int64_t>(count);
    if (progress) progress(stored, o.residents);
    return Status();
  };
  // Grids go in batches of about one chunk of residents: their address nodes in one write,
  // then their persons.
  for (size_t start = 0; start < grids.size();) {
    size_t end = start;
    int64_t batch_residents = 0;
    while (end < grids.size() && (end == start || batch_residents < chunk))
      batch_residents += grids[end++].residents;
    std::span<GridPlan> batch(grids.data() + start, end - start);
    for (GridPlan& g : batch) plan_grid(g, compound_counter);
    CORDON_RETURN_IF_ERROR(store_addresses(rt, batch, summary));
    for (GridPlan& g : batch) {
      CORDON_RETURN_IF_ERROR(generate_grid_persons(g, registry, o, pending));
      summary.households += static_cast<int64_t>(g.household_sizes.size());
      g.household_sizes = {};
      g.compounds = {};
      g.unit_ids = {};
    }
    while (pending.size() >= static_cast<size_t>(chunk))
      CORDON_RETURN_IF_ERROR(flush(static_cast<size_t>(chunk)));
    start = end;
  }
  if (!pending.empty()) CORDON_RETURN_IF_ERROR(flush(pending.size()));
  summary.residents = stored;
  return summary;
}

Result<std::vector<DemoAccount>> create_demo_accounts(Runtime& rt) {
  std::vector<DemoAccount> out;
  CORDON_ASSIGN_OR_RETURN(auto existing, rt.auth().list_users(service::Actor::system(), 0, 1));
  if (!existing.empty()) return out;
  // (username, role, code of the place; "" for the whole deployment)
  static constexpr std::array<std::array<const char*, 3>, 9> kAccounts = {{
      {"admin", "administrator", ""},
      {"commander", "commander", "CITY"},
      {"health", "health_staff", "D01"},
      {"police", "community_police", "S001"},
      {"auxiliary", "auxiliary_police", "S001"},
      {"grid", "grid_worker", "G0001"},
      {"community", "community_worker", "C0001"},
      {"site", "site_staff", "CITY"},
      {"hotel", "hotel_front_desk", "S001"},
  }};
  for (const auto& [username, role, code] : kAccounts) {
    service::UserInput in;
    in.username = username;
    in.role = role;
    in.password = std::string("cordon-") + username;
    std::string place = "the whole city";
    if (*code) {
      auto node = std::string_view(code) == "CITY"
                      ? rt.places().children(service::Actor::system(), std::nullopt, 0, 1)
                            .value().items.at(0)
                      : rt.places().by_code(service::Actor::system(), code).value();
      in.jurisdiction_id = node.id;
      place = node.name;
    }
    auto created = rt.auth().create_user(service::Actor::system(), in);
    if (!created.ok()) return created.status();
    out.push_back({username, *in.password, role, place});
  }
  return out;
}

Status remove_database_files(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    std::error_code ec;
    std::filesystem::remove(path + suffix, ec);
    if (ec)
      return Status::unavailable("remove_failed",
                                 "cannot remove " + path + suffix + ": " + ec.message());
  }
  return Status();
}

}  // namespace cordon::cli
