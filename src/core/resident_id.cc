#include "core/resident_id.h"

#include "core/text.h"

#include <array>
#include <cstdint>

namespace cordon {
namespace {

// ISO 7064 MOD 11-2 as GB 11643-1999 tabulates it: weight of position i is 2^(17-i) mod 11,
// and the check character for sum mod 11 = r makes the full weighted sum ≡ 1 (mod 11).
constexpr std::array<int, 17> kWeights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
constexpr std::array<char, 11> kCheckChars = {'1', '0', 'X', '9', '8', '7',
                                              '6', '5', '4', '3', '2'};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Province-level codes of GB/T 2260 (the first two digits of the region code), plus the
// residence permits for Hong Kong (81), Macao (82) and Taiwan (83) residents, which use
// the same 18-character layout. 71 (Taiwan) is in GB/T 2260 though no mainland ID
// carries it; it is accepted so a valid number is never refused.
bool is_province_code(int code) {
  return (code >= 11 && code <= 15) || (code >= 21 && code <= 23) ||
         (code >= 31 && code <= 37) || (code >= 41 && code <= 46) ||
         (code >= 50 && code <= 54) || (code >= 61 && code <= 65) || code == 71 ||
         code == 81 || code == 82 || code == 83;
}

Status id_error(std::string_view field, const char* code, std::string message) {
  return Status::invalid_field(std::string(field), code, std::move(message));
}

bool is_ascii_alnum(char c) {
  return is_digit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

// Counts the code points of valid UTF-8 that holds no control character; nullopt
// otherwise. Other documents (military IDs, foreign permits) may carry Chinese text.
std::optional<size_t> printable_code_points(std::string_view s) {
  size_t count = 0;
  for (size_t i = 0; i < s.size();) {
    auto b = static_cast<unsigned char>(s[i]);
    size_t len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + len > s.size()) return std::nullopt;
    uint32_t cp = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
    for (size_t k = 1; k < len; ++k) {
      auto c = static_cast<unsigned char>(s[i + k]);
      if ((c & 0xC0) != 0x80) return std::nullopt;
      cp = (cp << 6) | (c & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not valid UTF-8.
    static constexpr uint32_t kMinForLen[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMinForLen[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return std::nullopt;
    }
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) return std::nullopt;
    i += len;
    ++count;
  }
  return count;
}

}  // namespace

const char* sex_name(Sex sex) {
  switch (sex) {
    case Sex::kUnknown: return "unknown";
    case Sex::kMale: return "male";
    case Sex::kFemale: return "female";
  }
  return "unknown";
}

std::optional<Sex> parse_sex(std::string_view text) {
  for (Sex s : {Sex::kUnknown, Sex::kMale, Sex::kFemale}) {
    if (text == sex_name(s)) return s;
  }
  return std::nullopt;
}

const char* document_type_name(DocumentType t) {
  switch (t) {
    case DocumentType::kResidentId: return "resident_id";
    case DocumentType::kPassport: return "passport";
    case DocumentType::kOther: return "other";
  }
  return "other";
}

std::optional<DocumentType> parse_document_type(std::string_view text) {
  for (DocumentType t : {DocumentType::kResidentId, DocumentType::kPassport, DocumentType::kOther}) {
    if (text == document_type_name(t)) return t;
  }
  return std::nullopt;
}

char resident_id_check_char(std::string_view first17) {
  int sum = 0;
  for (size_t i = 0; i < kWeights.size() && i < first17.size(); ++i) {
    sum += (first17[i] - '0') * kWeights[i];
  }
  return kCheckChars[sum % 11];
}

Result<ResidentId> parse_resident_id(std::string_view text, std::optional<LocalDate> today,
                                     std::string_view field) {
  std::string_view s = trim_view(text);
  if (s.empty()) return id_error(field, "id_number.empty", "the ID number is empty");

  bool all_digits = true;
  for (char c : s) all_digits = all_digits && is_digit(c);
  if (s.size() == 15 && all_digits) {
    return id_error(field, "id_number.legacy_15",
                    "15-digit ID numbers are no longer valid; enter the 18-character number "
                    "on the current card");
  }
  if (s.size() != 18) {
    return id_error(field, "id_number.length",
                    "an ID number has 18 characters, got " + std::to_string(s.size()));
  }

  std::string number(s);
  if (number[17] == 'x') number[17] = 'X';
  for (size_t i = 0; i < 17; ++i) {
    if (!is_digit(number[i])) {
      return id_error(field, "id_number.characters",
                      "an ID number is 17 digits followed by a digit or X");
    }
  }
  if (!is_digit(number[17]) && number[17] != 'X') {
    return id_error(field, "id_number.characters",
                    "an ID number is 17 digits followed by a digit or X");
  }

  int province = (number[0] - '0') * 10 + (number[1] - '0');
  if (!is_province_code(province)) {
    return id_error(field, "id_number.region",
                    "the ID number starts with " + number.substr(0, 2) +
                        ", which is not a province code");
  }

  auto digits = [&](size_t pos, size_t n) {
    int v = 0;
    for (size_t i = pos; i < pos + n; ++i) v = v * 10 + (number[i] - '0');
    return v;
  };
  std::optional<LocalDate> birth = LocalDate::from_ymd(digits(6, 4), digits(10, 2), digits(12, 2));
  if (!birth) {
    return id_error(field, "id_number.birth_date",
                    "the birth date in the ID number (" + number.substr(6, 8) +
                        ") does not exist");
  }
  // No card was issued to anyone born before 1900; such a number is a typo.
  if (birth->year() < 1900) {
    return id_error(field, "id_number.birth_date",
                    "the birth date in the ID number (" + birth->to_string() +
                        ") is before 1900");
  }
  if (today && *birth > *today) {
    return id_error(field, "id_number.birth_date",
                    "the birth date in the ID number (" + birth->to_string() +
                        ") is in the future");
  }

  char expected = resident_id_check_char(std::string_view(number).substr(0, 17));
  if (number[17] != expected) {
    return id_error(field, "id_number.checksum",
                    "the ID number's check character does not match; a digit is probably "
                    "mistyped");
  }

  ResidentId id;
  id.region_code = number.substr(0, 6);
  id.birth_date = *birth;
  id.sex = (number[16] - '0') % 2 == 1 ? Sex::kMale : Sex::kFemale;
  id.number = std::move(number);
  return id;
}

Result<std::string> canonical_document_number(DocumentType type, std::string_view text,
                                              std::string_view field) {
  if (type == DocumentType::kResidentId) {
    CORDON_ASSIGN_OR_RETURN(ResidentId id, parse_resident_id(text, std::nullopt, field));
    return std::move(id.number);
  }
  std::string_view s = trim_view(text);
  if (s.empty()) return id_error(field, "id_number.empty", "the document number is empty");
  if (type == DocumentType::kPassport) {
    bool ok = s.size() >= 5 && s.size() <= 20;
    for (char c : s) ok = ok && is_ascii_alnum(c);
    if (!ok) {
      return id_error(field, "id_number.passport",
                      "a passport number is 5 to 20 letters and digits");
    }
    std::string out(s);
    for (char& c : out) {
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
    return out;
  }
  auto n = printable_code_points(s);
  if (!n || *n > 40) {
    return id_error(field, "id_number.other",
                    "a document number is 1 to 40 printable characters");
  }
  return std::string(s);
}

}  // namespace cordon
