#include "core/name.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iterator>

namespace cordon {
namespace {

// One row of the generated character table.
struct CharData {
  char32_t simplified;     // the character itself when it has no other simplified form
  uint16_t pinyin_offset;  // into kPinyinPool
  uint8_t pinyin_length;   // 0: no reading known
  uint8_t latin;           // 1: a Latin letter, part of a word; 0: a Han character, one syllable
};

// kPinyinPool, kCharCodePoints and kCharData, written by gen_name_table.cc at build time.
#include "name_table.inc"

static_assert(std::size(kCharCodePoints) == std::size(kCharData));

// The table holds nothing below U+00C0; ASCII never needs a search.
constexpr char32_t kFirstTableCodePoint = 0xC0;

const CharData* find_char(char32_t c) {
  if (c < kFirstTableCodePoint) return nullptr;
  const char32_t* begin = std::begin(kCharCodePoints);
  const char32_t* end = std::end(kCharCodePoints);
  const char32_t* it = std::lower_bound(begin, end, c);
  if (it == end || *it != c) return nullptr;
  return &kCharData[it - begin];
}

std::string_view pinyin_of(const CharData& d) {
  return std::string_view(kPinyinPool + d.pinyin_offset, d.pinyin_length);
}

// Decodes the code point starting at text[pos] into `out` and advances `pos` past it.
// Bytes that do not begin a well-formed UTF-8 sequence (stray continuation bytes,
// truncated or overlong sequences, surrogates, values above U+10FFFF) are skipped one
// at a time, so a damaged import row still yields what is readable in it.
// Returns false at the end of `text`.
bool next_code_point(std::string_view text, size_t& pos, char32_t& out) {
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  while (pos < text.size()) {
    unsigned char lead = byte(pos);
    if (lead < 0x80) {
      out = lead;
      ++pos;
      return true;
    }
    // Sequence length and the allowed range of the second byte (Unicode table 3-7).
    size_t length = 0;
    unsigned char low = 0x80, high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      if (lead == 0xE0) low = 0xA0;   // overlong
      if (lead == 0xED) high = 0x9F;  // surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      if (lead == 0xF0) low = 0x90;   // overlong
      if (lead == 0xF4) high = 0x8F;  // above U+10FFFF
    }
    bool ok =
        length != 0 && pos + length <= text.size() && byte(pos + 1) >= low && byte(pos + 1) <= high;
    for (size_t i = 2; ok && i < length; ++i) ok = (byte(pos + i) & 0xC0) == 0x80;
    if (!ok) {
      ++pos;
      continue;
    }
    char32_t c = lead & (0x7F >> length);
    for (size_t i = 1; i < length; ++i) c = (c << 6) | (byte(pos + i) & 0x3F);
    out = c;
    pos += length;
    return true;
  }
  return false;
}

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

bool is_space(char32_t c) {
  return c == ' ' || (c >= '\t' && c <= '\r') || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
         c == 0x3000;
}

// Invisible characters that pasted names carry: controls, zero-width spaces and joiners,
// the byte order mark, the soft hyphen. They are dropped as if absent.
bool is_ignorable(char32_t c) {
  return c < 0x20 || (c >= 0x7F && c < 0xA0) || c == 0xAD || (c >= 0x200B && c <= 0x200D) ||
         c == 0x2060 || c == 0xFEFF;
}

// The separator in transliterated minority names (阿不都·热合曼) is typed with many
// look-alikes; all become U+00B7 so that the simplified keys agree.
bool is_middle_dot(char32_t c) {
  return c == 0xB7 || c == 0x387 || c == 0x2022 || c == 0x2027 || c == 0x2219 || c == 0x22C5 ||
         c == 0x30FB || c == 0xFF65;
}
constexpr char32_t kMiddleDot = 0xB7;

// The ranges gen_name_table walks; a Han character outside the table (no reading, no
// other simplified form) is still Han.
bool is_han(char32_t c) {
  return (c >= 0x2E80 && c <= 0x2FDF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0x20000 && c <= 0x323AF);
}

// Surname readings that differ from the common reading ICU gives a character: 单 is
// dān in 简单 but Shàn as a surname. They apply to the first character(s) of a name
// that starts with Han characters, keyed by the simplified character. Compound surnames
// are matched on the first two characters and take precedence (长孙 is Zhǎngsūn, 长
// alone is Cháng). Keep this list to readings that are the usual ones for the surname;
// where a surname has two common readings (e.g. 乐 Yuè and Lè) the commoner one wins.
struct SurnameReading {
  char32_t first;
  char32_t second;  // 0 for a single-character surname
  std::string_view first_pinyin;
  std::string_view second_pinyin;
};

constexpr SurnameReading kSurnameReadings[] = {
    // Compound surnames ICU reads wrongly.
    {U'万', U'俟', "mo", "qi"},
    {U'单', U'于', "chan", "yu"},
    {U'尉', U'迟', "yu", "chi"},
    {U'澹', U'台', "tan", "tai"},
    {U'长', U'孙', "zhang", "sun"},
    // Single-character surnames.
    {U'卜', 0, "bu", ""},
    {U'仇', 0, "qiu", ""},
    {U'区', 0, "ou", ""},
    {U'单', 0, "shan", ""},
    {U'召', 0, "shao", ""},
    {U'句', 0, "gou", ""},
    {U'员', 0, "yun", ""},
    {U'乐', 0, "yue", ""},
    {U'朴', 0, "piao", ""},
    {U'折', 0, "she", ""},
    {U'曾', 0, "zeng", ""},
    {U'查', 0, "zha", ""},
    {U'洗', 0, "xian", ""},
    {U'盖', 0, "ge", ""},
    {U'种', 0, "chong", ""},
    {U'秘', 0, "bi", ""},
    {U'祭', 0, "zhai", ""},
    {U'繁', 0, "po", ""},
    {U'缪', 0, "miao", ""},
    {U'翟', 0, "zhai", ""},
    {U'能', 0, "nai", ""},
    {U'蕃', 0, "pi", ""},
    {U'薄', 0, "bo", ""},
    {U'藏', 0, "zang", ""},
    {U'覃', 0, "qin", ""},
    {U'解', 0, "xie", ""},
    {U'都', 0, "du", ""},
    {U'重', 0, "chong", ""},
    {U'长', 0, "chang", ""},
    {U'阚', 0, "kan", ""},
    {U'隗', 0, "wei", ""},
    {U'黑', 0, "he", ""},
};

// Surname readings for the first `count` Han characters of a name.
struct SurnameMatch {
  int count = 0;
  std::string_view pinyin[2];
};

char32_t simplified_han(char32_t c) {
  const CharData* d = find_char(c);
  return d != nullptr && !d->latin ? d->simplified : c;
}

// The surname reading `name` starts with, if any: its first one or two characters,
// blanks and ignorable characters skipped, must be Han and simplify to an entry of
// kSurnameReadings.
SurnameMatch match_surname(std::string_view name) {
  char32_t head[2] = {0, 0};
  size_t pos = 0;
  char32_t c = 0;
  for (int n = 0; n < 2 && next_code_point(name, pos, c);) {
    if (is_space(c) || is_ignorable(c)) continue;
    if (!is_han(c)) break;
    head[n++] = simplified_han(c);
  }
  SurnameMatch match;
  if (head[0] == 0) return match;
  for (const SurnameReading& r : kSurnameReadings) {
    if (r.first != head[0] || (r.second != 0 && r.second != head[1])) continue;
    match.count = r.second != 0 ? 2 : 1;
    match.pinyin[0] = r.first_pinyin;
    match.pinyin[1] = r.second_pinyin;
    return match;  // compound entries come first, so the longest match wins
  }
  return match;
}

// Builds the three keys in one pass over the name's code points.
class KeyBuilder {
 public:
  explicit KeyBuilder(SurnameMatch surname) : surname_(surname) {}

  void add(char32_t c) {
    if (is_space(c)) {  // before is_ignorable: tab and newline are controls too
      space_pending_ = true;
      word_open_ = false;
      return;
    }
    if (is_ignorable(c)) return;
    if (is_middle_dot(c)) {
      put_simplified(kMiddleDot, Spacing::kTight);
      word_open_ = false;
      return;
    }
    if (c < 0x80) {
      char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c);
      put_simplified(static_cast<char32_t>(lower), Spacing::kLoose);
      if (lower >= 'a' && lower <= 'z')
        add_letters(std::string_view(&lower, 1));
      else
        word_open_ = false;  // digits and punctuation separate words
      return;
    }
    const CharData* d = find_char(c);
    if (d != nullptr && d->latin) {
      put_simplified(d->simplified, Spacing::kLoose);
      add_letters(pinyin_of(*d));
      return;
    }
    if (d != nullptr || is_han(c)) {
      put_simplified(d != nullptr ? d->simplified : c, Spacing::kTight);
      std::string_view syllable = d != nullptr ? pinyin_of(*d) : std::string_view();
      if (han_seen_ < surname_.count) syllable = surname_.pinyin[han_seen_];
      ++han_seen_;
      add_syllable(syllable);
      return;
    }
    put_simplified(c, Spacing::kLoose);  // other scripts and symbols pass through
    word_open_ = false;
  }

  NameKeys finish() && { return std::move(keys_); }

 private:
  // Whitespace next to a tight character (Han, ·) is dropped: 刘 东升 is 刘东升. Between
  // two loose ones (Latin words, digits) a run of it becomes one space.
  enum class Spacing { kTight, kLoose };

  void put_simplified(char32_t c, Spacing spacing) {
    if (space_pending_ && last_loose_ && spacing == Spacing::kLoose) keys_.simplified += ' ';
    space_pending_ = false;
    last_loose_ = spacing == Spacing::kLoose;
    append_utf8(keys_.simplified, c);
  }

  void add_letters(std::string_view letters) {
    keys_.pinyin += letters;
    if (!word_open_ && !letters.empty()) keys_.initials += letters.front();
    word_open_ = true;
  }

  void add_syllable(std::string_view syllable) {
    keys_.pinyin += syllable;
    if (!syllable.empty()) keys_.initials += syllable.front();
    word_open_ = false;
  }

  SurnameMatch surname_;
  NameKeys keys_;
  int han_seen_ = 0;
  bool space_pending_ = false;  // whitespace seen since the last character put
  bool last_loose_ = false;     // false also at the start: leading whitespace is dropped
  bool word_open_ = false;      // inside a Latin word: its initial is already taken
};

}  // namespace

NameKeys name_keys(std::string_view name) {
  KeyBuilder builder(match_surname(name));
  size_t pos = 0;
  char32_t c = 0;
  while (next_code_point(name, pos, c)) builder.add(c);
  return std::move(builder).finish();
}

NameQuery name_query(std::string_view query) {
  bool has_han = false;
  size_t pos = 0;
  char32_t c = 0;
  while (!has_han && next_code_point(query, pos, c)) has_han = is_han(c);

  NameKeys keys = name_keys(query);
  NameQuery result;
  if (has_han) {
    result.kind = NameQuery::Kind::kHan;
    result.key = std::move(keys.simplified);
  } else if (!keys.pinyin.empty()) {
    result.kind = NameQuery::Kind::kLatin;
    result.key = std::move(keys.pinyin);
  }
  return result;
}

std::string to_simplified(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  char32_t c = 0;
  while (next_code_point(text, pos, c)) append_utf8(out, simplified_han(c));
  return out;
}

}  // namespace cordon
