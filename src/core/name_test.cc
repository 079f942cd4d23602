#include "core/name.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace cordon {
namespace {

// What a person search does with the keys: a prefix match of the query key.
bool finds(const NameKeys& keys, const NameQuery& query) {
  const auto prefix_of = [&](const std::string& s) { return s.starts_with(query.key); };
  switch (query.kind) {
    case NameQuery::Kind::kEmpty:
      return false;
    case NameQuery::Kind::kHan:
      return prefix_of(keys.simplified);
    case NameQuery::Kind::kLatin:
      return prefix_of(keys.pinyin) || prefix_of(keys.initials);
  }
  return false;
}

void expect_keys(std::string_view name, std::string_view simplified, std::string_view pinyin,
                 std::string_view initials) {
  NameKeys keys = name_keys(name);
  EXPECT_EQ(keys.simplified, simplified) << name;
  EXPECT_EQ(keys.pinyin, pinyin) << name;
  EXPECT_EQ(keys.initials, initials) << name;
}

TEST(NameKeys, SimplifiedAndTraditionalGiveTheSameKeys) {
  expect_keys("刘东升", "刘东升", "liudongsheng", "lds");
  expect_keys("劉東升", "刘东升", "liudongsheng", "lds");
}

TEST(NameKeys, SixSpellingsFindTheSamePerson) {
  const NameKeys simplified = name_keys("刘东升");
  const NameKeys traditional = name_keys("劉東升");
  for (std::string_view spelling :
       {"刘东升", "劉東升", "liu dongsheng", "Liu Dong Sheng", "liudongsheng", "lds"}) {
    NameQuery query = name_query(spelling);
    EXPECT_TRUE(finds(simplified, query)) << spelling;
    EXPECT_TRUE(finds(traditional, query)) << spelling;
  }
  // Prefixes find him too; other names do not.
  EXPECT_TRUE(finds(simplified, name_query("liu dong")));
  EXPECT_TRUE(finds(simplified, name_query("劉")));
  EXPECT_FALSE(finds(simplified, name_query("liudongshang")));
  EXPECT_FALSE(finds(name_keys("刘冬生"), name_query("刘东")));
  EXPECT_FALSE(finds(name_keys("王东升"), name_query("lds")));  // 李东升 is "lds" too
}

TEST(NameKeys, TraditionalNames) {
  expect_keys("張偉", "张伟", "zhangwei", "zw");
  expect_keys("陳建國", "陈建国", "chenjianguo", "cjg");
  expect_keys("黃", "黄", "huang", "h");
  expect_keys("歐陽修", "欧阳修", "ouyangxiu", "oyx");
  expect_keys("鄭", "郑", "zheng", "z");
}

TEST(NameKeys, UmlautIsWrittenV) {
  expect_keys("吕", "吕", "lv", "l");
  expect_keys("呂小軍", "吕小军", "lvxiaojun", "lxj");
  expect_keys("女", "女", "nv", "n");
  // Typed with the diaeresis or a tone mark, as on documents, it means the same.
  EXPECT_EQ(name_query("Lü").key, "lv");
  EXPECT_EQ(name_query("Lǚ Xiǎojūn").key, "lvxiaojun");
  EXPECT_TRUE(finds(name_keys("吕小军"), name_query("Lǚ Xiǎojūn")));
}

TEST(NameKeys, SurnameReadingsApplyToTheFirstCharacter) {
  expect_keys("单雄信", "单雄信", "shanxiongxin", "sxx");
  expect_keys("單雄信", "单雄信", "shanxiongxin", "sxx");
  expect_keys("曾国藩", "曾国藩", "zengguofan", "zgf");
  expect_keys("解缙", "解缙", "xiejin", "xj");
  expect_keys("朴 正洙", "朴正洙", "piaozhengzhu", "pzz");
  // Compound surnames win over the single character's reading.
  expect_keys("长孙无忌", "长孙无忌", "zhangsunwuji", "zswj");
  expect_keys("长城", "长城", "changcheng", "cc");
  expect_keys("尉迟恭", "尉迟恭", "yuchigong", "ycg");
  expect_keys("单于", "单于", "chanyu", "cy");
  // Elsewhere in a name the common reading stays.
  expect_keys("王单", "王单", "wangdan", "wd");
  expect_keys("何曾", "何曾", "heceng", "hc");
  // Only when the name starts with Han characters.
  expect_keys("Anna 单", "anna单", "annadan", "ad");
}

TEST(NameKeys, StandardSimplifiedCharactersOpenCcMightMergeStayApart) {
  // OpenCC maps 乾 to 干 by default, but 乾 is standard in simplified text too.
  expect_keys("乾隆", "乾隆", "qianlong", "ql");
}

TEST(NameKeys, EmptyAndBlankInput) {
  expect_keys("", "", "", "");
  expect_keys(" \t\n\u3000\u00a0", "", "", "");
  expect_keys("\u200b\ufeff", "", "", "");
}

TEST(NameKeys, WhitespaceIsTrimmedAndCollapsed) {
  expect_keys("  刘 东 升\u3000", "刘东升", "liudongsheng", "lds");
  expect_keys(" Anna \t  Li ", "anna li", "annali", "al");
}

TEST(NameKeys, LatinWordsContributeLettersAndInitials) {
  expect_keys("Anna Li", "anna li", "annali", "al");
  expect_keys("李Anna", "李anna", "lianna", "la");
  expect_keys("李 Anna-Maria", "李anna-maria", "liannamaria", "lam");
  expect_keys("José", "josé", "jose", "j");
  expect_keys("ＬＩＵ　Ｄｏｎｇ", "liu dong", "liudong", "ld");  // fullwidth
  expect_keys("刘2", "刘2", "liu", "l");
}

TEST(NameKeys, MiddleDotIsKeptInSimplifiedAndSkippedInPinyin) {
  NameKeys keys = name_keys("阿不都·热合曼");
  EXPECT_EQ(keys.simplified, "阿不都·热合曼");
  EXPECT_TRUE(keys.pinyin.starts_with("abu")) << keys.pinyin;
  EXPECT_TRUE(keys.pinyin.ends_with("reheman")) << keys.pinyin;
  EXPECT_EQ(keys.pinyin.find_first_not_of("abcdefghijklmnopqrstuvwxyz"), std::string::npos);
  EXPECT_EQ(keys.initials, "abdrhm");
  // Look-alike dots and spaces around the dot give the same key.
  EXPECT_EQ(name_keys("阿不都•热合曼").simplified, "阿不都·热合曼");
  EXPECT_EQ(name_keys("阿不都 ・ 热合曼").simplified, "阿不都·热合曼");
  EXPECT_EQ(name_keys("阿不都 · 热合曼").pinyin, keys.pinyin);
}

TEST(NameKeys, InvalidUtf8IsSkipped) {
  expect_keys("刘\xff东\xc0\xaf升", "刘东升", "liudongsheng", "lds");  // stray, overlong
  expect_keys("\x80\xbf刘", "刘", "liu", "l");                         // lone continuations
  expect_keys("刘\xed\xa0\x80", "刘", "liu", "l");                     // a surrogate
  expect_keys("刘\xe4\xb8", "刘", "liu", "l");                         // truncated 东
  expect_keys("\xf4\x90\x80\x80li", "li", "li", "l");                  // above U+10FFFF
}

TEST(NameKeys, CompatibilityFormsFoldToTheIdeograph) {
  expect_keys("\u2fa6", "金", "jin", "j");            // KANGXI RADICAL GOLD, from PDF copy-paste
  expect_keys("\uf92b王", "狼王", "langwang", "lw");  // CJK COMPATIBILITY IDEOGRAPH-F92B
}

TEST(NameQuery, ClassifiesEachKindOfInput) {
  NameQuery han = name_query(" 劉 東 ");
  EXPECT_EQ(han.kind, NameQuery::Kind::kHan);
  EXPECT_EQ(han.key, "刘东");

  NameQuery latin = name_query(" Liu D'ong-Sheng. ");
  EXPECT_EQ(latin.kind, NameQuery::Kind::kLatin);
  EXPECT_EQ(latin.key, "liudongsheng");

  NameQuery initials = name_query("LDS");
  EXPECT_EQ(initials.kind, NameQuery::Kind::kLatin);
  EXPECT_EQ(initials.key, "lds");

  NameQuery mixed = name_query("阿不都·");
  EXPECT_EQ(mixed.kind, NameQuery::Kind::kHan);
  EXPECT_EQ(mixed.key, "阿不都·");

  for (std::string_view nothing : {"", "   ", "·", "123", "-'.", "\xff\xfe"}) {
    NameQuery q = name_query(nothing);
    EXPECT_EQ(q.kind, NameQuery::Kind::kEmpty) << nothing;
    EXPECT_EQ(q.key, "") << nothing;
  }
}

TEST(ToSimplified, ConvertsEachHanCharacterAndKeepsTheRest) {
  EXPECT_EQ(to_simplified("歡迎來到臺灣，這裡的風景很美。"), "欢迎来到台湾，这里的风景很美。");
  EXPECT_EQ(to_simplified("Room 3B, 長安街 12號"), "Room 3B, 长安街 12号");
  EXPECT_EQ(to_simplified(""), "");
  EXPECT_EQ(to_simplified("東\xff區"), "东区");
}

// The 100 most common surnames in mainland China (2020 household registration ranking).
TEST(NameTable, CoversTheHundredCommonestSurnames) {
  const std::vector<std::string_view> surnames = {
      "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡",
      "郭", "何", "林", "高", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "邓", "冯", "曹",
      "彭", "曾", "肖", "田", "董", "潘", "袁", "蔡", "蒋", "余", "于", "杜", "叶", "程", "魏",
      "苏", "吕", "丁", "任", "卢", "姚", "沈", "钟", "姜", "崔", "谭", "陆", "范", "汪", "廖",
      "石", "金", "韦", "贾", "夏", "付", "方", "邹", "熊", "白", "孟", "秦", "邱", "侯", "江",
      "尹", "薛", "闫", "段", "雷", "龙", "黎", "史", "陶", "贺", "毛", "郝", "顾", "龚", "邵",
      "万", "覃", "武", "钱", "戴", "严", "莫", "孔", "向", "常"};
  ASSERT_EQ(surnames.size(), 100u);
  for (std::string_view surname : surnames) {
    NameKeys keys = name_keys(surname);
    EXPECT_EQ(keys.simplified, surname);
    EXPECT_FALSE(keys.pinyin.empty()) << surname << " has no reading";
    EXPECT_EQ(keys.initials.size(), 1u) << surname;
  }
  expect_keys("覃", "覃", "qin", "q");  // a surname reading: ICU alone says "tan"

  // Their traditional forms simplify to them and read the same.
  const std::string_view traditional =
      "張劉陳楊黃趙吳孫馬羅鄭謝許韓鄧馮葉蘇呂盧鍾譚陸賈韋鄒龍賀顧龔萬錢嚴";
  const std::string_view simplified =
      "张刘陈杨黄赵吴孙马罗郑谢许韩邓冯叶苏吕卢钟谭陆贾韦邹龙贺顾龚万钱严";
  EXPECT_EQ(to_simplified(traditional), simplified);
  for (size_t i = 0; i < traditional.size(); i += 3) {  // all three bytes in UTF-8
    std::string_view t = traditional.substr(i, 3), s = simplified.substr(i, 3);
    EXPECT_EQ(name_keys(t).pinyin, name_keys(s).pinyin) << t;
  }
}

}  // namespace
}  // namespace cordon
