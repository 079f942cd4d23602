#include "core/phone.h"

#include "core/text.h"

namespace cordon {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_separator(char c) { return c == ' ' || c == '-'; }
// The digits of `s` when it is an optional leading '+', then digits with single spaces or
// dashes between groups; nullopt for anything else. `plus` tells whether '+' was there.
std::optional<std::string> phone_digits(std::string_view s, bool& plus) {
  plus = !s.empty() && s.front() == '+';
  if (plus) s.remove_prefix(1);
  if (s.empty() || !is_digit(s.front()) || !is_digit(s.back())) return std::nullopt;
  std::string digits;
  for (size_t i = 0; i < s.size(); ++i) {
    if (is_digit(s[i])) {
      digits += s[i];
    } else if (!is_separator(s[i]) || is_separator(s[i - 1])) {
      // A doubled separator is more likely two numbers pasted together than one.
      return std::nullopt;
    }
  }
  return digits;
}

}  // namespace

Result<std::string> normalize_mobile(std::string_view text, std::string_view field) {
  auto fail = [&](std::string message) {
    return Status::invalid_field(std::string(field), "phone.invalid", std::move(message));
  };
  bool plus = false;
  std::string_view trimmed = trim_view(text);
  std::optional<std::string> digits = phone_digits(trimmed, plus);
  if (!digits) return fail("a mobile number has 11 digits, optionally grouped by spaces or dashes");

  std::string_view d = *digits;
  // "+86", "86" and "0086" are China's country code; any other country code is refused,
  // since the number could not be called as a mainland mobile. After '+' the "86" must be
  // written together: "+8 6138..." is a different country code.
  if (plus) {
    if (!trimmed.substr(1).starts_with("86")) {
      return fail("only mainland China (+86) mobile numbers are accepted");
    }
    d.remove_prefix(2);
  } else if (d.size() == 13 && d.starts_with("86")) {
    d.remove_prefix(2);
  } else if (d.size() == 15 && d.starts_with("0086")) {
    d.remove_prefix(4);
  }
  if (d.size() != 11) {
    return fail("a mobile number has 11 digits, got " + std::to_string(d.size()));
  }
  if (d[0] != '1' || d[1] < '3') return fail("a mainland mobile number starts with 13 to 19");
  return std::string(d);
}

bool looks_like_phone(std::string_view text) {
  bool plus = false;
  return phone_digits(trim_view(text), plus).has_value();
}

}  // namespace cordon
