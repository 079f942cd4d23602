// Chinese names: the keys cordon indexes a person's name by, so that 刘东升, 劉東升,
// "liu dongsheng", "Liu Dong Sheng", "liudongsheng" and "lds" all find the same person.
//
// Conversion uses a character table generated at build time from OpenCC (traditional to
// simplified, t2s) and ICU (Han-Latin, tones removed): see gen_name_table.cc. Lookups are
// a binary search in static data, so the functions are pure, fast (about 0.25 µs for a
// three-character name) and thread-safe.
//
// - Han characters are simplified one by one (no phrase context) and read with their
//   common reading, except that a name starting with a surname whose reading differs
//   (单 Shan, 曾 Zeng, 尉迟 Yuchi...) gets the surname reading: see name.cc.
// - ü is written "v" (吕 "lv", 女 "nv"), as Chinese input methods do; typed pinyin with
//   tone marks or ü ("Lǚ") folds the same way. Accented and fullwidth Latin letters fold
//   to ASCII in pinyin ("José" -> "jose", "ＬＩＵ" -> "liu").
// - ASCII letters and the table's Latin letters are lowercased; other characters (digits,
//   other scripts) pass through into `simplified` and are left out of pinyin and initials.
//   The middle dot of transliterated names (阿不都·热合曼) and its look-alikes become
//   U+00B7 in `simplified` and separate words in pinyin.
// - Bytes that are not well-formed UTF-8 are skipped; controls, zero-width characters
//   and the BOM are dropped.
#pragma once

#include <string>
#include <string_view>

namespace cordon {

struct NameKeys {
  // 刘东升 for 劉東升; trimmed; whitespace next to a Han character or a middle dot is
  // removed (刘 东升 -> 刘东升), other runs collapse to one space ("anna li").
  std::string simplified;
  std::string pinyin;    // "liudongsheng": toneless, lowercase a-z only, no separators
  std::string initials;  // "lds": first letter of each syllable / Latin word
};

NameKeys name_keys(std::string_view name);

// How a search query should be matched against NameKeys.
struct NameQuery {
  enum class Kind { kEmpty, kHan, kLatin };
  Kind kind = Kind::kEmpty;
  // kHan (the query holds a Han character): the query normalized exactly like
  // NameKeys::simplified, matched as a prefix of it.
  // kLatin: lowercase letters only ("liudongsheng"; spaces, apostrophes, hyphens, dots
  // and digits dropped), matched as a prefix of NameKeys::pinyin or NameKeys::initials.
  // kEmpty: nothing to match (blank, punctuation or digits only); key is empty.
  std::string key;
};

NameQuery name_query(std::string_view query);

// Simplified form of any text (per character, no phrase context), e.g. for addresses.
// Only Han characters change; everything else is kept as is, except that bytes that are
// not well-formed UTF-8 are dropped.
std::string to_simplified(std::string_view text);

}  // namespace cordon
