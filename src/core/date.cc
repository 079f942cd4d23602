#include "core/date.h"

#include <unicode/basictz.h>
#include <unicode/timezone.h>
#include <unicode/ucal.h>
#include <unicode/tztrans.h>
#include <unicode/unistr.h>

#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <mutex>

namespace cordon {
namespace {

constexpr int64_t kMicrosPerSecond = 1000000;
constexpr int64_t kSecondsPerDay = 86400;
constexpr int64_t kMicrosPerDay = kSecondsPerDay * kMicrosPerSecond;

// Integer division rounding toward negative infinity: instants and dates before 1970 must
// land on the earlier day/second, not the one nearer zero.
int64_t floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

std::chrono::year_month_day civil(int64_t days) {
  return std::chrono::year_month_day(
      std::chrono::sys_days(std::chrono::days(days)));
}

// Reads exactly `n` ASCII digits at `pos`; nullopt on anything else or past the end.
std::optional<int> read_digits(std::string_view s, size_t pos, size_t n) {
  if (pos + n > s.size()) return std::nullopt;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

// Parses "YYYY-MM-DD" at the start of `s` (which may continue); nullopt unless the shape
// is exact and the date exists.
std::optional<LocalDate> parse_ymd_prefix(std::string_view s) {
  if (s.size() < 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  auto y = read_digits(s, 0, 4), m = read_digits(s, 5, 2), d = read_digits(s, 8, 2);
  if (!y || !m || !d) return std::nullopt;
  return LocalDate::from_ymd(*y, *m, *d);
}

std::string quoted(std::string_view text) {
  // Echoing a whole request body into an error message helps nobody; keep it short.
  constexpr size_t kMaxEcho = 40;
  std::string out = "\"";
  out.append(text.substr(0, kMaxEcho));
  if (text.size() > kMaxEcho) out += "...";
  return out + "\"";
}

}  // namespace

// ---------------------------------------------------------------------------- LocalDate

std::optional<LocalDate> LocalDate::from_ymd(int year, int month, int day) {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > 31) {
    return std::nullopt;
  }
  std::chrono::year_month_day ymd{std::chrono::year(year),
                                  std::chrono::month(static_cast<unsigned>(month)),
                                  std::chrono::day(static_cast<unsigned>(day))};
  if (!ymd.ok()) return std::nullopt;
  return LocalDate(std::chrono::sys_days(ymd).time_since_epoch().count());
}

Result<LocalDate> LocalDate::parse(std::string_view text, std::string_view field) {
  std::optional<LocalDate> d;
  if (text.size() == 10) d = parse_ymd_prefix(text);
  if (!d) {
    return Status::invalid_field(std::string(field), "invalid_date",
                                 "expected a date YYYY-MM-DD, got " + quoted(text));
  }
  return *d;
}

int LocalDate::year() const { return static_cast<int>(civil(days_).year()); }
int LocalDate::month() const { return static_cast<int>(unsigned(civil(days_).month())); }
int LocalDate::day() const { return static_cast<int>(unsigned(civil(days_).day())); }

namespace {

// Digits written by hand: dates and instants are formatted for every record of every
// list, and snprintf costs several times the rest of the conversion.
char* put_digits(char* out, unsigned value, int width) {
  for (int i = width - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  return out + width;
}

}  // namespace

std::string LocalDate::to_string() const {
  auto ymd = civil(days_);
  int year = static_cast<int>(ymd.year());
  char buf[32];
  if (year < 0 || year > 9999) {
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", year, unsigned(ymd.month()),
                  unsigned(ymd.day()));
    return buf;
  }
  char* p = put_digits(buf, static_cast<unsigned>(year), 4);
  *p++ = '-';
  p = put_digits(p, unsigned(ymd.month()), 2);
  *p++ = '-';
  p = put_digits(p, unsigned(ymd.day()), 2);
  return std::string(buf, p);
}

int LocalDate::years_until(LocalDate on) const {
  auto born = civil(days_), then = civil(on.days_);
  int years = static_cast<int>(then.year()) - static_cast<int>(born.year());
  // Comparing (month, day) pairs makes a Feb 29 birthday complete on Mar 1 in common
  // years: (2, 28) is still before (2, 29).
  auto md = [](std::chrono::year_month_day x) {
    return unsigned(x.month()) * 100 + unsigned(x.day());
  };
  if (md(then) < md(born)) --years;
  return years;
}

// ------------------------------------------------------------------------------ Instant

Result<Instant> Instant::parse(std::string_view text, std::string_view field) {
  auto fail = [&] {
    return Status::invalid_field(
        std::string(field), "invalid_instant",
        "expected an RFC 3339 time like 2020-02-05T10:30:00Z, got " + quoted(text));
  };
  // date "T" HH ":" MM ":" SS ["." 1*DIGIT] ("Z" / ("+" / "-") HH ":" MM)
  auto date = parse_ymd_prefix(text);
  if (!date || text.size() < 20) return fail();
  if (text[10] != 'T' && text[10] != 't') return fail();
  auto hh = read_digits(text, 11, 2), mm = read_digits(text, 14, 2),
       ss = read_digits(text, 17, 2);
  if (!hh || !mm || !ss || text[13] != ':' || text[16] != ':') return fail();
  // A leap second (":60") has no representation in a Unix-time instant; refusing it is
  // clearer than silently moving it.
  if (*hh > 23 || *mm > 59 || *ss > 59) return fail();

  size_t pos = 19;
  int64_t frac_micros = 0;
  if (text[pos] == '.') {
    ++pos;
    size_t start = pos;
    int64_t scale = 100000;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      // Digits past microseconds are truncated: the stored resolution is 1 µs.
      frac_micros += (text[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
    if (pos == start) return fail();
  }

  if (pos >= text.size()) return fail();
  int offset_seconds = 0;
  if (text[pos] == 'Z' || text[pos] == 'z') {
    ++pos;
  } else if (text[pos] == '+' || text[pos] == '-') {
    auto oh = read_digits(text, pos + 1, 2), om = read_digits(text, pos + 4, 2);
    if (!oh || !om || text[pos + 3] != ':' || *oh > 23 || *om > 59) return fail();
    // "-00:00" means "offset unknown" in RFC 3339; the instant is the same as "Z".
    offset_seconds = (*oh * 3600 + *om * 60) * (text[pos] == '-' ? -1 : 1);
    pos += 6;
  } else {
    return fail();
  }
  if (pos != text.size()) return fail();

  int64_t local_seconds = int64_t{date->days()} * kSecondsPerDay + *hh * 3600 + *mm * 60 + *ss;
  return Instant((local_seconds - offset_seconds) * kMicrosPerSecond + frac_micros);
}

int64_t Instant::seconds() const { return floor_div(micros_, kMicrosPerSecond); }

std::string Instant::to_string() const {
  int64_t secs = seconds();
  int64_t sub = micros_ - secs * kMicrosPerSecond;
  int64_t days = floor_div(secs, kSecondsPerDay);
  int64_t sod = secs - days * kSecondsPerDay;
  std::string out = LocalDate::from_days(static_cast<int32_t>(days)).to_string();
  char buf[32];
  char* p = buf;
  *p++ = 'T';
  p = put_digits(p, static_cast<unsigned>(sod / 3600), 2);
  *p++ = ':';
  p = put_digits(p, static_cast<unsigned>(sod / 60 % 60), 2);
  *p++ = ':';
  p = put_digits(p, static_cast<unsigned>(sod % 60), 2);
  if (sub != 0) {
    *p++ = '.';
    p = put_digits(p, static_cast<unsigned>(sub), 6);
  }
  *p++ = 'Z';
  out.append(buf, p);
  return out;
}

// ----------------------------------------------------------------------------- TimeZone

struct TimeZone::Impl {
  // ICU's const TimeZone methods are not documented as safe for concurrent callers, so
  // every use goes through `mutex`; the calls are short (table lookups), so a shared
  // zone under a lock is cheaper than cloning it per call.
  mutable std::mutex mutex;
  std::unique_ptr<icu::TimeZone> zone;  // GUARDED_BY(mutex)

  // Offset from UTC in ms at UTC time `ms`.
  int32_t offset_ms(double ms) const {
    std::lock_guard lock(mutex);
    int32_t raw = 0, dst = 0;
    UErrorCode status = U_ZERO_ERROR;
    zone->getOffset(ms, false, raw, dst, status);
    return U_SUCCESS(status) ? raw + dst : 0;
  }
};

Result<TimeZone> TimeZone::load(std::string_view name) {
  auto fail = [&] {
    return Status::invalid_field("time_zone", "unknown_time_zone",
                                 "unknown time zone " + quoted(name));
  };
  if (name.empty()) return fail();
  icu::UnicodeString id =
      icu::UnicodeString::fromUTF8(icu::StringPiece(name.data(), static_cast<int32_t>(name.size())));
  std::unique_ptr<icu::TimeZone> zone(icu::TimeZone::createTimeZone(id));
  // ICU answers an unknown name with a copy of the "Etc/Unknown" zone (offset 0) rather
  // than an error; that zone must never stand in for a real one, even when asked by name.
  icu::UnicodeString loaded_id;
  if (!zone || *zone == icu::TimeZone::getUnknown() ||
      zone->getID(loaded_id) == icu::UnicodeString(UCAL_UNKNOWN_ZONE_ID)) {
    return fail();
  }
  if (!dynamic_cast<icu::BasicTimeZone*>(zone.get())) return fail();
  auto impl = std::make_shared<Impl>();
  impl->zone = std::move(zone);
  return TimeZone(std::move(impl), std::string(name));
}

TimeZone TimeZone::shanghai() {
  // Loaded once: the zone is immutable and shared by every copy.
  static const TimeZone kShanghai = [] {
    auto tz = load("Asia/Shanghai");
    if (!tz.ok()) {
      // Without ICU's zone data no date in cordon is right; this is a broken install.
      std::fprintf(stderr, "cordon: ICU has no Asia/Shanghai zone data\n");
      std::abort();
    }
    return std::move(tz).value();
  }();
  return kShanghai;
}

int32_t TimeZone::offset_seconds(Instant t) const {
  double ms = static_cast<double>(floor_div(t.micros(), 1000));
  return impl_->offset_ms(ms) / 1000;
}

LocalDate TimeZone::local_date(Instant t) const {
  double ms = static_cast<double>(floor_div(t.micros(), 1000));
  int64_t local = t.micros() + int64_t{impl_->offset_ms(ms)} * 1000;
  return LocalDate::from_days(static_cast<int32_t>(floor_div(local, kMicrosPerDay)));
}

Instant TimeZone::start_of_day(LocalDate d) const {
  const double local_midnight_ms = static_cast<double>(d.days()) * kSecondsPerDay * 1000;
  double utc_ms;
  {
    std::lock_guard lock(impl_->mutex);
    auto* basic = static_cast<const icu::BasicTimeZone*>(impl_->zone.get());
    int32_t raw = 0, dst = 0;
    UErrorCode status = U_ZERO_ERROR;
    // FORMER for a repeated midnight picks its first occurrence. For a skipped midnight it
    // applies the offset from before the jump, which lands on or after the jump.
    basic->getOffsetFromLocal(local_midnight_ms, UCAL_TZ_LOCAL_FORMER, UCAL_TZ_LOCAL_FORMER,
                              raw, dst, status);
    utc_ms = local_midnight_ms - raw - dst;
    if (U_SUCCESS(status)) {
      int32_t raw2 = 0, dst2 = 0;
      basic->getOffset(utc_ms, false, raw2, dst2, status);
      // Midnight was skipped when the wall clock at that instant is not midnight: the day
      // then starts at the jump itself, the latest transition at or before `utc_ms`.
      icu::TimeZoneTransition jump;
      if (U_SUCCESS(status) && utc_ms + raw2 + dst2 != local_midnight_ms &&
          basic->getPreviousTransition(utc_ms, true, jump)) {
        utc_ms = jump.getTime();
      }
    }
  }
  return Instant::from_micros(static_cast<int64_t>(utc_ms) * 1000);
}

}  // namespace cordon
