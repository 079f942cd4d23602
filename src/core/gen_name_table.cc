// gen_name_table: writes name_table.inc, the character table behind core/name.h.
//
//   gen_name_table <path to OpenCC t2s.json> <output .inc>
//
// A build-time tool, not part of cordon_core: OpenCC and ICU's Han-Latin transliterator
// are far too slow to call per name during an import (tens of microseconds per
// character), so their answers for every CJK code point are computed once here and
// compiled into name.cc as sorted static arrays. The tool is deterministic: the same
// OpenCC and ICU give a byte-identical file.
//
// For each Han code point (CJK Unified Ideographs and Extensions A-H, compatibility
// ideographs and Kangxi/CJK radicals, the last two first folded by NFKC to the ideograph
// they stand for):
//  - simplified: OpenCC t2s's first candidate for the single character, except where
//    OpenCC lists the character itself among its simplified forms (乾, 於, 徵, 夥...):
//    these are standard simplified characters too, and a name written 乾 must not turn
//    into 干 (gan).
//  - pinyin: ICU Han-Latin of the simplified character (so 劉 and 刘 both read "liu"),
//    or of the character itself when ICU has no reading for the simplified one; tone
//    marks removed, lowercase, and ü written "v" ("lv", "nv") as Chinese input methods
//    and the old passport spelling do. Characters ICU leaves untransliterated get no
//    reading. ICU gives the common reading of a polyphonic character; surname readings
//    (单 shan, 曾 zeng) are name.cc's business.
//
// For each precomposed or fullwidth Latin letter (É, ü, ǚ, Ｌ): the lowercase form and the
// ASCII letters it folds to ("e", "v", "v", "l"), so that "Lǚ" and "ＬＩＵ" typed in a search
// box match pinyin keys. ASCII itself is handled in name.cc without the table.
#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uvernum.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <opencc/Config.hpp>
#include <opencc/Conversion.hpp>
#include <opencc/ConversionChain.hpp>
#include <opencc/Converter.hpp>
#include <opencc/Dict.hpp>
#include <opencc/DictEntry.hpp>
#include <opencc/Exception.hpp>
#include <optional>
#include <string>
#include <vector>

namespace {

struct CodePointRange {
  UChar32 first;
  UChar32 last;
};

constexpr CodePointRange kHanRanges[] = {
    {0x2E80, 0x2FDF},    // CJK radicals supplement, Kangxi radicals (via NFKC)
    {0x3400, 0x4DBF},    // Extension A
    {0x4E00, 0x9FFF},    // Unified Ideographs
    {0xF900, 0xFAFF},    // Compatibility Ideographs (via NFKC)
    {0x20000, 0x323AF},  // Extensions B-H and the compatibility supplement
};

constexpr CodePointRange kLatinRanges[] = {
    {0x00C0, 0x024F},  // Latin-1 letters, Latin Extended-A and -B (pinyin's ǎ ǚ live here)
    {0x1E00, 0x1EFF},  // Latin Extended Additional
    {0xFF21, 0xFF3A},  // fullwidth A-Z, typed by Chinese input methods in fullwidth mode
    {0xFF41, 0xFF5A},  // fullwidth a-z
};

struct Entry {
  UChar32 code_point;
  UChar32 simplified;
  std::string pinyin;  // ASCII a-z; empty if none
  bool latin;
};

std::string to_utf8(const icu::UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

// The single code point `s` holds, or nullopt if it holds zero or several.
std::optional<UChar32> single_code_point(const icu::UnicodeString& s) {
  if (s.countChar32() != 1) return std::nullopt;
  return s.char32At(0);
}

class TableBuilder {
 public:
  // Throws opencc::Exception or returns false (ICU) on failure; main reports either.
  bool init(const std::string& t2s_config) {
    UErrorCode status = U_ZERO_ERROR;
    nfkc_ = icu::Normalizer2::getNFKCInstance(status);
    nfd_ = icu::Normalizer2::getNFDInstance(status);
    han_latin_.reset(icu::Transliterator::createInstance("Han-Latin", UTRANS_FORWARD, status));
    latin_ascii_.reset(icu::Transliterator::createInstance("Latin-ASCII", UTRANS_FORWARD, status));
    if (U_FAILURE(status)) {
      std::cerr << "gen_name_table: ICU: " << u_errorName(status) << "\n";
      return false;
    }
    opencc::Config config;
    converter_ = config.NewFromFile(t2s_config);
    return true;
  }

  void add_han(UChar32 c) {
    std::optional<UChar32> base = normalized(c);
    if (!base || !u_hasBinaryProperty(*base, UCHAR_IDEOGRAPHIC)) return;
    UChar32 simplified = simplify(*base);
    std::string pinyin = han_pinyin(simplified);
    if (pinyin.empty()) pinyin = han_pinyin(*base);
    if (simplified == c && pinyin.empty()) return;  // nothing to know beyond the default
    entries_.push_back({c, simplified, pinyin, false});
  }

  void add_latin(UChar32 c) {
    if (!u_isalpha(c)) return;  // × and ÷ sit among the Latin-1 letters
    std::optional<UChar32> base = normalized(c);
    if (!base) return;
    std::string letters = fold_to_ascii(icu::UnicodeString(c));
    if (letters.empty()) return;
    entries_.push_back({c, u_tolower(*base), letters, true});
  }

  bool write(const std::string& path) const;

  size_t size() const { return entries_.size(); }

 private:
  // NFKC of `c` when that is one code point (兀 U+F929 -> 兀 U+5140, ⾦ -> 金), else nullopt.
  std::optional<UChar32> normalized(UChar32 c) const {
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString s = nfkc_->normalize(icu::UnicodeString(c), status);
    if (U_FAILURE(status)) return std::nullopt;
    return single_code_point(s);
  }

  UChar32 simplify(UChar32 c) const {
    std::string key = to_utf8(icu::UnicodeString(c));
    // Only the dictionaries are consulted (phrase dictionaries hold no single
    // characters), so that all candidates are visible, not just the first.
    for (const opencc::ConversionPtr& conversion :
         converter_->GetConversionChain()->GetConversions()) {
      opencc::Optional<const opencc::DictEntry*> match = conversion->GetDict()->Match(key);
      if (match.IsNull()) continue;
      std::vector<std::string> values = match.Get()->Values();
      if (values.empty() || std::find(values.begin(), values.end(), key) != values.end()) return c;
      std::optional<UChar32> first =
          single_code_point(icu::UnicodeString::fromUTF8(values.front()));
      return first.value_or(c);
    }
    return c;
  }

  // Toneless pinyin of one Han character, or "" if ICU has no reading for it.
  std::string han_pinyin(UChar32 c) const {
    icu::UnicodeString s(c);
    han_latin_->transliterate(s);
    if (s == icu::UnicodeString(c)) return "";
    return fold_to_ascii(s);
  }

  // Lowercase ASCII letters for Latin text: marks dropped, except that u with a
  // diaeresis (ü ǖ ǘ ǚ ǜ) becomes v; Latin-ASCII for letters without a decomposition
  // (æ -> ae, ß -> ss, ø -> o). "" unless the result is letters only.
  std::string fold_to_ascii(const icu::UnicodeString& text) const {
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString decomposed = nfd_->normalize(text, status);
    if (U_FAILURE(status)) return "";
    icu::UnicodeString stripped;
    for (int32_t i = 0; i < decomposed.length();) {
      UChar32 c = decomposed.char32At(i);
      i += U16_LENGTH(c);
      if (u_charType(c) == U_NON_SPACING_MARK) {
        int32_t last = stripped.length() - 1;
        if (c == 0x0308 && last >= 0 && (stripped[last] == u'u' || stripped[last] == u'U'))
          stripped.setCharAt(last, u'v');
        continue;
      }
      stripped.append(c);
    }
    latin_ascii_->transliterate(stripped);
    std::string out = to_utf8(stripped.toLower(icu::Locale::getRoot()));
    bool letters_only =
        std::all_of(out.begin(), out.end(), [](char ch) { return ch >= 'a' && ch <= 'z'; });
    return letters_only ? out : "";
  }

  const icu::Normalizer2* nfkc_ = nullptr;
  const icu::Normalizer2* nfd_ = nullptr;
  std::unique_ptr<icu::Transliterator> han_latin_;
  std::unique_ptr<icu::Transliterator> latin_ascii_;
  opencc::ConverterPtr converter_;
  std::vector<Entry> entries_;
};

bool TableBuilder::write(const std::string& path) const {
  if (!std::is_sorted(entries_.begin(), entries_.end(),
                      [](const Entry& a, const Entry& b) { return a.code_point < b.code_point; })) {
    std::cerr << "gen_name_table: entries out of order\n";  // name.cc binary-searches them
    return false;
  }
  // The pool holds each distinct reading once, sorted so the output is deterministic.
  std::map<std::string, size_t> offsets;
  for (const Entry& e : entries_)
    if (!e.pinyin.empty()) offsets.emplace(e.pinyin, 0);
  std::string pool;
  for (auto& [pinyin, offset] : offsets) {
    offset = pool.size();
    pool += pinyin;
  }
  if (pool.size() > UINT16_MAX) {
    std::cerr << "gen_name_table: pinyin pool too large for 16-bit offsets\n";
    return false;
  }

  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << "// Generated by gen_name_table (src/core/gen_name_table.cc) from OpenCC t2s and ICU "
      << U_ICU_VERSION << " Han-Latin. Do not edit.\n"
      << "// " << entries_.size() << " characters, " << offsets.size()
      << " distinct readings. Included by name.cc only.\n\n";
  out << "constexpr char kPinyinPool[] =";
  for (size_t i = 0; i < pool.size(); i += 96) out << "\n    \"" << pool.substr(i, 96) << "\"";
  out << ";\n\n";

  out << "// Sorted; kCharData[i] describes kCharCodePoints[i].\n";
  out << "constexpr char32_t kCharCodePoints[] = {";
  for (size_t i = 0; i < entries_.size(); ++i) {
    out << (i % 12 == 0 ? "\n    " : " ");
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%X,", static_cast<unsigned>(entries_[i].code_point));
    out << buf;
  }
  out << "\n};\n\n";

  out << "// {simplified, pinyin offset, pinyin length, latin}\n";
  out << "constexpr CharData kCharData[] = {";
  for (size_t i = 0; i < entries_.size(); ++i) {
    const Entry& e = entries_[i];
    size_t offset = e.pinyin.empty() ? 0 : offsets.at(e.pinyin);
    char buf[64];
    std::snprintf(buf, sizeof buf, "{0x%X,%zu,%zu,%d},", static_cast<unsigned>(e.simplified),
                  offset, e.pinyin.size(), e.latin ? 1 : 0);
    out << (i % 6 == 0 ? "\n    " : " ") << buf;
  }
  out << "\n};\n";
  out.close();
  if (!out) {
    std::cerr << "gen_name_table: cannot write " << path << "\n";
    return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: gen_name_table <opencc t2s.json> <output.inc>\n";
    return 2;
  }
  try {
    TableBuilder builder;
    if (!builder.init(argv[1])) return 1;
    // Entries are added in code point order; the ranges are sorted and disjoint.
    std::vector<std::pair<CodePointRange, bool>> ranges;
    for (CodePointRange r : kHanRanges) ranges.push_back({r, false});
    for (CodePointRange r : kLatinRanges) ranges.push_back({r, true});
    std::sort(ranges.begin(), ranges.end(),
              [](const auto& a, const auto& b) { return a.first.first < b.first.first; });
    for (const auto& [range, latin] : ranges) {
      for (UChar32 c = range.first; c <= range.last; ++c) {
        if (latin)
          builder.add_latin(c);
        else
          builder.add_han(c);
      }
    }
    if (!builder.write(argv[2])) return 1;
    std::cerr << "gen_name_table: " << builder.size() << " characters -> " << argv[2] << "\n";
    return 0;
  } catch (const opencc::Exception& e) {  // a missing or broken config; not a std::exception
    std::cerr << "gen_name_table: OpenCC: " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "gen_name_table: " << e.what() << "\n";
    return 1;
  }
}
