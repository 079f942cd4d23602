// Calendar dates and instants, kept as distinct types.
//
// A LocalDate is a day on the calendar of the deployment's time zone (quarantine days,
// birth dates, arrival dates); it has no time and no zone. An Instant is a point in time in
// UTC with microsecond resolution (when a check was recorded). A TimeZone converts between
// them. None of these read a clock: the current time is injected by the caller.
//
// All types are immutable values, safe to share across threads.
#pragma once

#include <compare>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"

namespace cordon {

class LocalDate {
 public:
  LocalDate() = default;  // 1970-01-01
  // Days since 1970-01-01 (negative before). year()/month()/day()/to_string() are
  // specified for years 1..9999 only; from_days and plus_days do not check the range.
  static LocalDate from_days(int32_t days) { return LocalDate(days); }
  // nullopt for an impossible date (2023-02-29, month 13, ...). Years 1..9999.
  static std::optional<LocalDate> from_ymd(int year, int month, int day);
  // Parses exactly "YYYY-MM-DD" (ASCII digits, no sign, no spaces, no time part). Fails
  // invalid with code "invalid_date", field `field`.
  static Result<LocalDate> parse(std::string_view text, std::string_view field = "date");

  int32_t days() const { return days_; }
  int year() const;
  int month() const;  // 1..12
  int day() const;    // 1..31
  std::string to_string() const;  // "YYYY-MM-DD"

  LocalDate plus_days(int32_t n) const { return LocalDate(days_ + n); }
  // Whole days from `earlier` to this date (this - earlier).
  int32_t days_since(LocalDate earlier) const { return days_ - earlier.days_; }
  // Completed years of age on `on` (a person born on Feb 29 turns a year older on Mar 1
  // in common years). Negative when `on` is before this date (-1 the day before).
  int years_until(LocalDate on) const;

  auto operator<=>(const LocalDate&) const = default;

 private:
  explicit LocalDate(int32_t days) : days_(days) {}
  int32_t days_ = 0;
};

class Instant {
 public:
  Instant() = default;  // the Unix epoch
  static Instant from_micros(int64_t micros) { return Instant(micros); }
  static Instant from_seconds(int64_t seconds) { return Instant(seconds * 1000000); }
  // Parses RFC 3339 ("2020-02-05T10:30:00Z", "2020-02-05T18:30:00.5+08:00"); the
  // offset is applied, so the result is in UTC. "t" and "z" may be lowercase; fraction
  // digits past microseconds are truncated; a space for "T" and a leap second (":60")
  // are refused. Fails invalid with code "invalid_instant", field `field`.
  static Result<Instant> parse(std::string_view text, std::string_view field = "time");

  int64_t micros() const { return micros_; }
  int64_t seconds() const;  // floor
  // RFC 3339 in UTC: "2020-02-05T02:30:00Z", with ".ffffff" only when not whole seconds.
  std::string to_string() const;

  Instant plus_seconds(int64_t s) const { return Instant(micros_ + s * 1000000); }
  auto operator<=>(const Instant&) const = default;

 private:
  explicit Instant(int64_t micros) : micros_(micros) {}
  int64_t micros_ = 0;
};

// A named IANA time zone, backed by ICU's zone data. Default for cordon: Asia/Shanghai.
// Thread-safe: every method is const; copies share one ICU zone, used under a mutex.
class TimeZone {
 public:
  // Fails invalid with code "unknown_time_zone" (field "time_zone") for a name ICU does
  // not know, including "Etc/Unknown" and "". ICU zone IDs are case-sensitive.
  static Result<TimeZone> load(std::string_view name);
  static TimeZone shanghai();

  const std::string& name() const { return name_; }
  // The local calendar date at instant `t`.
  LocalDate local_date(Instant t) const;
  // The first instant of local date `d` (local midnight, or the first existing local time
  // when midnight is skipped by a DST change; the first of two midnights when one is
  // repeated). For a day the zone skipped entirely (Pacific/Apia, 2011-12-30) it is the
  // start of the next day that exists.
  Instant start_of_day(LocalDate d) const;
  // Offset from UTC at `t`, in seconds (Asia/Shanghai: +28800).
  int32_t offset_seconds(Instant t) const;

 private:
  struct Impl;
  explicit TimeZone(std::shared_ptr<const Impl> impl, std::string name)
      : impl_(std::move(impl)), name_(std::move(name)) {}
  std::shared_ptr<const Impl> impl_;
  std::string name_;
};

}  // namespace cordon
