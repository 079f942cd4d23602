// Chinese names: the keys cordon indexes a person's name by, so that 刘东升, 劉東升,
// "liu dongsheng", "Liu Dong Sheng", "liudongsheng" and "lds" all find the same person.
//
// Conversion uses a character table generated at build time from OpenCC (traditional to
// simplified, t2s) and ICU (Han-Latin, tones removed): see gen_name_table.cc. Lookups are
// a binary search in static data, so the functions are pure, fast and thread-safe.
// Characters outside the table (Latin, digits, ·) pass through lowercased.
#pragma once

#include <string>
#include <string_view>

namespace cordon {

struct NameKeys {
  std::string simplified;  // 刘东升 for 劉東升; trimmed, inner whitespace collapsed
  std::string pinyin;      // "liudongsheng": toneless, lowercase, no separators
  std::string initials;    // "lds": first letter of each syllable / Latin word
};

NameKeys name_keys(std::string_view name);

// How a search query should be matched against NameKeys.
struct NameQuery {
  enum class Kind { kEmpty, kHan, kLatin };
  Kind kind = Kind::kEmpty;
  // kHan: the simplified query, matched as a prefix of NameKeys::simplified.
  // kLatin: lowercase letters only ("liudongsheng"), matched as a prefix of
  // NameKeys::pinyin or of NameKeys::initials.
  std::string key;
};

NameQuery name_query(std::string_view query);

// Simplified form of any text (per character), e.g. for addresses.
std::string to_simplified(std::string_view text);

}  // namespace cordon
