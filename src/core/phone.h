// Mainland China mobile numbers (11 digits, 1[3-9]XXXXXXXXX).
//
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace cordon {

// Accepts "13812345678", "138 1234 5678", "138-1234-5678", "+86 138 1234 5678",
// "8613812345678" and "008613812345678"; returns the 11 digits. Surrounding whitespace is
// trimmed; inside, single spaces or dashes may separate digit groups. Fails invalid for
// field `field` with code "phone.invalid" (wrong length, characters or prefix, or a
// country code other than +86).
Result<std::string> normalize_mobile(std::string_view text, std::string_view field = "phone");

// True when `text` looks like a phone number query (digits and separators only): the
// same shape normalize_mobile accepts, of any length, so "5678" (a number's last digits)
// is a phone query too.
bool looks_like_phone(std::string_view text);

}  // namespace cordon
