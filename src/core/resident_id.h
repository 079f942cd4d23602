// Identity documents: the 18-character mainland resident ID number (居民身份证号码,
// GB 11643-1999) and the document types cordon accepts.
//
// Layout of an 18-character number: 6-digit administrative region code, 8-digit birth
// date YYYYMMDD, 3-digit sequence (odd = male, even = female), and an ISO 7064 MOD 11-2
// check character (0-9 or X). Legacy 15-digit numbers (pre-1999: 6 region, 6 birth date
// YYMMDD in the 1900s, 3 sequence, no check character) are refused with code
// "id_number.legacy_15": cordon stores one canonical form, and a 15-digit number's
// conversion would invent a century the owner never wrote; docs/identity.md explains.
//
// Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/date.h"
#include "core/status.h"

namespace cordon {

enum class Sex { kUnknown, kMale, kFemale };
const char* sex_name(Sex sex);                       // "unknown", "male", "female"
std::optional<Sex> parse_sex(std::string_view text);  // accepts those names

enum class DocumentType { kResidentId, kPassport, kOther };
const char* document_type_name(DocumentType t);  // "resident_id", "passport", "other"
std::optional<DocumentType> parse_document_type(std::string_view text);

struct ResidentId {
  std::string number;  // canonical: 18 characters, uppercase X
  std::string region_code;  // first 6 digits
  LocalDate birth_date;
  Sex sex = Sex::kUnknown;
};

// The check character (0-9 or 'X') for the first 17 digits of a number. `first17` must
// be 17 ASCII digits (a longer view is read up to its 17th character).
char resident_id_check_char(std::string_view first17);

// Validates and decodes a resident ID number. Surrounding spaces are trimmed and a
// lowercase x is accepted. Failures are invalid statuses for field `field` with codes:
// "id_number.empty", "id_number.legacy_15", "id_number.length", "id_number.characters",
// "id_number.region", "id_number.birth_date" (impossible date, before 1900, or after
// `today` when given), "id_number.checksum".
// The checks run in that order and the first failure is returned. "region" checks only
// the province (first two digits: 11-15, 21-23, 31-37, 41-46, 50-54, 61-65, 71, and
// 81/82/83 for the residence permits of Hong Kong, Macao and Taiwan residents); county
// codes are not checked, since old numbers keep codes that GB/T 2260 has since retired.
Result<ResidentId> parse_resident_id(std::string_view text,
                                     std::optional<LocalDate> today = std::nullopt,
                                     std::string_view field = "id_number");

// Validates the number of a document of type `type` and returns its canonical form:
// resident IDs via parse_resident_id (no `today` check); passports 5-20 ASCII letters and
// digits, uppercased; other documents 1-40 printable characters (valid UTF-8 code points,
// no control characters), trimmed. Codes besides parse_resident_id's:
// "id_number.empty" (blank, any type), "id_number.passport", "id_number.other".
Result<std::string> canonical_document_number(DocumentType type, std::string_view text,
                                              std::string_view field = "id_number");

}  // namespace cordon
