#include "core/date.h"

#include <gtest/gtest.h>
#include <unicode/basictz.h>
#include <unicode/strenum.h>
#include <unicode/timezone.h>
#include <unicode/tztrans.h>

#include <algorithm>
#include <thread>
#include <vector>

namespace cordon {
namespace {

LocalDate ymd(int y, int m, int d) {
  auto date = LocalDate::from_ymd(y, m, d);
  EXPECT_TRUE(date.has_value()) << y << "-" << m << "-" << d;
  return date.value_or(LocalDate());
}

Instant at(std::string_view rfc3339) {
  auto t = Instant::parse(rfc3339);
  EXPECT_TRUE(t.ok()) << rfc3339 << ": " << t.status().to_string();
  return t.ok() ? *t : Instant();
}

TimeZone zone(std::string_view name) {
  auto tz = TimeZone::load(name);
  EXPECT_TRUE(tz.ok()) << name << ": " << tz.status().to_string();
  return tz.ok() ? *tz : TimeZone::shanghai();
}

// ---------------------------------------------------------------------------- LocalDate

TEST(LocalDate, DefaultIsEpoch) {
  LocalDate d;
  EXPECT_EQ(d.days(), 0);
  EXPECT_EQ(d.to_string(), "1970-01-01");
  EXPECT_EQ(d.year(), 1970);
  EXPECT_EQ(d.month(), 1);
  EXPECT_EQ(d.day(), 1);
}

TEST(LocalDate, FromYmdCountsDaysSinceEpoch) {
  EXPECT_EQ(ymd(1970, 1, 2).days(), 1);
  EXPECT_EQ(ymd(1969, 12, 31).days(), -1);
  EXPECT_EQ(ymd(2000, 1, 1).days(), 10957);
  EXPECT_EQ(ymd(2020, 2, 5).days(), 18297);
  EXPECT_EQ(ymd(1900, 1, 1).days(), -25567);
  EXPECT_EQ(ymd(1, 1, 1).days(), -719162);
  EXPECT_EQ(ymd(9999, 12, 31).days(), 2932896);
}

TEST(LocalDate, LeapDays) {
  EXPECT_TRUE(LocalDate::from_ymd(2020, 2, 29).has_value());   // divisible by 4
  EXPECT_FALSE(LocalDate::from_ymd(2021, 2, 29).has_value());  // common year
  EXPECT_FALSE(LocalDate::from_ymd(1900, 2, 29).has_value());  // century, not by 400
  EXPECT_TRUE(LocalDate::from_ymd(2000, 2, 29).has_value());   // divisible by 400
  EXPECT_FALSE(LocalDate::from_ymd(2100, 2, 29).has_value());
  EXPECT_FALSE(LocalDate::from_ymd(2020, 2, 30).has_value());
  EXPECT_EQ(ymd(2020, 2, 29).plus_days(1), ymd(2020, 3, 1));
  EXPECT_EQ(ymd(2021, 2, 28).plus_days(1), ymd(2021, 3, 1));
  EXPECT_EQ(ymd(1900, 2, 28).plus_days(1), ymd(1900, 3, 1));
  EXPECT_EQ(ymd(2000, 2, 28).plus_days(1), ymd(2000, 2, 29));
}

TEST(LocalDate, MonthEnds) {
  const int lengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  for (int m = 1; m <= 12; ++m) {
    int last = lengths[m - 1];
    EXPECT_TRUE(LocalDate::from_ymd(2021, m, last).has_value()) << m;
    EXPECT_FALSE(LocalDate::from_ymd(2021, m, last + 1).has_value()) << m;
    LocalDate next = ymd(2021, m, last).plus_days(1);
    EXPECT_EQ(next.day(), 1) << m;
    EXPECT_EQ(next.month(), m % 12 + 1) << m;
  }
  EXPECT_EQ(ymd(2021, 12, 31).plus_days(1), ymd(2022, 1, 1));
}

TEST(LocalDate, RejectsOutOfRangeFields) {
  EXPECT_FALSE(LocalDate::from_ymd(2020, 0, 1).has_value());
  EXPECT_FALSE(LocalDate::from_ymd(2020, 13, 1).has_value());
  EXPECT_FALSE(LocalDate::from_ymd(2020, 1, 0).has_value());
  EXPECT_FALSE(LocalDate::from_ymd(2020, 1, 32).has_value());
  EXPECT_FALSE(LocalDate::from_ymd(2020, -1, 1).has_value());
  EXPECT_FALSE(LocalDate::from_ymd(2020, 1, -1).has_value());
  EXPECT_FALSE(LocalDate::from_ymd(0, 1, 1).has_value());
  EXPECT_FALSE(LocalDate::from_ymd(10000, 1, 1).has_value());
  EXPECT_FALSE(LocalDate::from_ymd(-5, 1, 1).has_value());
}

TEST(LocalDate, RoundTripsEveryDayAcrossFourCenturies) {
  // 1900..2300 covers every leap rule; each day must decode to the fields it came from.
  LocalDate d = ymd(1900, 1, 1);
  LocalDate end = ymd(2300, 1, 1);
  int32_t expected_days = d.days();
  for (; d < end; d = d.plus_days(1), ++expected_days) {
    auto back = LocalDate::from_ymd(d.year(), d.month(), d.day());
    ASSERT_TRUE(back.has_value()) << d.to_string();
    ASSERT_EQ(back->days(), expected_days) << d.to_string();
    ASSERT_EQ(LocalDate::parse(d.to_string()).value(), d) << d.to_string();
  }
  EXPECT_EQ(expected_days - ymd(1900, 1, 1).days(), 146097);  // 400 years
}

TEST(LocalDate, NegativeDays) {
  LocalDate d = LocalDate::from_days(-1);
  EXPECT_EQ(d.to_string(), "1969-12-31");
  EXPECT_EQ(LocalDate::from_days(-365).to_string(), "1969-01-01");
  EXPECT_EQ(LocalDate::from_days(-366).to_string(), "1968-12-31");
  EXPECT_EQ(LocalDate::from_days(-719162).to_string(), "0001-01-01");
  EXPECT_EQ(ymd(1969, 12, 31).plus_days(-365).to_string(), "1968-12-31");  // 1968 is leap
  EXPECT_EQ(ymd(1960, 3, 1).plus_days(-1).to_string(), "1960-02-29");
}

TEST(LocalDate, ToStringPadsFields) {
  EXPECT_EQ(ymd(2020, 2, 5).to_string(), "2020-02-05");
  EXPECT_EQ(ymd(999, 1, 9).to_string(), "0999-01-09");
  EXPECT_EQ(ymd(9999, 12, 31).to_string(), "9999-12-31");
}

TEST(LocalDate, DaysSinceAndOrdering) {
  EXPECT_EQ(ymd(2020, 3, 1).days_since(ymd(2020, 2, 1)), 29);
  EXPECT_EQ(ymd(2021, 3, 1).days_since(ymd(2021, 2, 1)), 28);
  EXPECT_EQ(ymd(2020, 2, 1).days_since(ymd(2020, 3, 1)), -29);
  EXPECT_EQ(ymd(2021, 1, 1).days_since(ymd(2020, 1, 1)), 366);
  EXPECT_EQ(ymd(2020, 1, 1).days_since(ymd(2020, 1, 1)), 0);
  EXPECT_LT(ymd(2020, 1, 31), ymd(2020, 2, 1));
  EXPECT_GT(ymd(2020, 2, 1), ymd(2019, 12, 31));
  EXPECT_EQ(ymd(2020, 1, 22).plus_days(14), ymd(2020, 2, 5));
}

TEST(LocalDate, YearsUntilCountsCompletedYears) {
  LocalDate born = ymd(1990, 6, 15);
  EXPECT_EQ(born.years_until(ymd(1990, 6, 15)), 0);
  EXPECT_EQ(born.years_until(ymd(2020, 6, 14)), 29);
  EXPECT_EQ(born.years_until(ymd(2020, 6, 15)), 30);
  EXPECT_EQ(born.years_until(ymd(2020, 12, 31)), 30);
  EXPECT_EQ(born.years_until(ymd(2021, 1, 1)), 30);
  EXPECT_EQ(born.years_until(ymd(1991, 6, 14)), 0);
  EXPECT_EQ(born.years_until(ymd(1990, 6, 14)), -1);  // documented: negative before birth
  EXPECT_EQ(ymd(1949, 12, 31).years_until(ymd(2020, 1, 1)), 70);
  EXPECT_EQ(ymd(1949, 12, 31).years_until(ymd(2019, 12, 30)), 69);
}

TEST(LocalDate, YearsUntilForFeb29Birthday) {
  LocalDate born = ymd(2000, 2, 29);
  EXPECT_EQ(born.years_until(ymd(2001, 2, 28)), 0);  // common year: not until Mar 1
  EXPECT_EQ(born.years_until(ymd(2001, 3, 1)), 1);
  EXPECT_EQ(born.years_until(ymd(2004, 2, 28)), 3);
  EXPECT_EQ(born.years_until(ymd(2004, 2, 29)), 4);  // leap year: on the day itself
  EXPECT_EQ(born.years_until(ymd(2018, 2, 28)), 17);
  EXPECT_EQ(born.years_until(ymd(2018, 3, 1)), 18);  // comes of age on Mar 1
  // Born Mar 1 in a leap year is not affected by Feb 29 of later years.
  EXPECT_EQ(ymd(2004, 3, 1).years_until(ymd(2005, 2, 28)), 0);
  EXPECT_EQ(ymd(2004, 3, 1).years_until(ymd(2005, 3, 1)), 1);
  // Born Feb 28 completes a year on Feb 28, leap or not.
  EXPECT_EQ(ymd(2003, 2, 28).years_until(ymd(2004, 2, 28)), 1);
}

TEST(LocalDate, ParseAcceptsExactForm) {
  auto d = LocalDate::parse("2020-02-05");
  ASSERT_TRUE(d.ok()) << d.status().to_string();
  EXPECT_EQ(*d, ymd(2020, 2, 5));
  EXPECT_EQ(LocalDate::parse("2020-02-29").value(), ymd(2020, 2, 29));
  EXPECT_EQ(LocalDate::parse("2000-02-29").value(), ymd(2000, 2, 29));
  EXPECT_EQ(LocalDate::parse("0001-01-01").value().days(), -719162);
}

TEST(LocalDate, ParseRejectsMalformedWithFieldAndCode) {
  const char* bad[] = {"2020-2-5",   "2020-02-05x", "",           "2020-13-01", "2021-02-29",
                       "1900-02-29", "2020-02-30",  "2020-00-10", "2020-01-00", "0000-01-01",
                       "20200205",   "2020/02/05",  " 2020-02-05", "2020-02-05 ", "+202-02-05",
                       "2020-0a-05", "２020-02-05", "2020-02-05T00:00:00Z", "-020-02-05"};
  for (const char* text : bad) {
    auto r = LocalDate::parse(text, "arrival_date");
    ASSERT_FALSE(r.ok()) << '"' << text << '"';
    EXPECT_EQ(r.status().kind(), Status::Kind::kInvalid) << text;
    EXPECT_EQ(r.status().code(), "invalid_date") << text;
    ASSERT_EQ(r.status().errors().size(), 1u) << text;
    EXPECT_EQ(r.status().errors()[0].field, "arrival_date") << text;
    EXPECT_EQ(r.status().errors()[0].code, "invalid_date") << text;
  }
}

TEST(LocalDate, ParseDefaultFieldIsDate) {
  auto r = LocalDate::parse("2020-13-01");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().errors()[0].field, "date");
}

// ------------------------------------------------------------------------------ Instant

TEST(Instant, ParsesUtc) {
  Instant t = at("2020-02-05T10:30:00Z");
  EXPECT_EQ(t.seconds(), 1580898600);
  EXPECT_EQ(t.micros(), int64_t{1580898600} * 1000000);
  EXPECT_EQ(at("1970-01-01T00:00:00Z"), Instant());
  EXPECT_EQ(at("1970-01-01T00:00:01Z"), Instant::from_seconds(1));
}

TEST(Instant, AppliesOffsets) {
  Instant utc = at("2020-02-05T02:30:00Z");
  EXPECT_EQ(at("2020-02-05T10:30:00+08:00"), utc);
  EXPECT_EQ(at("2020-02-04T21:30:00-05:00"), utc);
  EXPECT_EQ(at("2020-02-05T08:00:00+05:30"), utc);
  EXPECT_EQ(at("2020-02-05T02:30:00+00:00"), utc);
  EXPECT_EQ(at("2020-02-05T02:30:00-00:00"), utc);  // "unknown offset", same instant
  EXPECT_EQ(at("2020-02-05T02:30:00z"), utc);
  EXPECT_EQ(at("2020-02-05t02:30:00Z"), utc);
  // An offset that crosses a day, a month and a leap day.
  EXPECT_EQ(at("2020-03-01T07:00:00+08:00"), at("2020-02-29T23:00:00Z"));
  EXPECT_EQ(at("2021-01-01T06:00:00+14:00"), at("2020-12-31T16:00:00Z"));
  EXPECT_EQ(at("2020-12-31T14:00:00-12:00"), at("2021-01-01T02:00:00Z"));
}

TEST(Instant, FractionalSeconds) {
  EXPECT_EQ(at("2020-02-05T18:30:00.5+08:00").micros(),
            at("2020-02-05T10:30:00Z").micros() + 500000);
  EXPECT_EQ(at("1970-01-01T00:00:00.000001Z").micros(), 1);
  EXPECT_EQ(at("1970-01-01T00:00:00.123456Z").micros(), 123456);
  EXPECT_EQ(at("1970-01-01T00:00:00.12Z").micros(), 120000);
  // Past microseconds, digits are truncated, not rounded.
  EXPECT_EQ(at("1970-01-01T00:00:00.1234569Z").micros(), 123456);
  EXPECT_EQ(at("1970-01-01T00:00:00.999999999Z").micros(), 999999);
  EXPECT_EQ(at("1969-12-31T23:59:59.5Z").micros(), -500000);
}

TEST(Instant, BeforeEpochFloorsSeconds) {
  Instant t = Instant::from_micros(-1);
  EXPECT_EQ(t.seconds(), -1);
  EXPECT_EQ(t.to_string(), "1969-12-31T23:59:59.999999Z");
  EXPECT_EQ(Instant::from_micros(-1000000).seconds(), -1);
  EXPECT_EQ(Instant::from_micros(-1000001).seconds(), -2);
  EXPECT_EQ(Instant::from_micros(999999).seconds(), 0);
  EXPECT_EQ(at("1949-10-01T15:00:00+08:00").to_string(), "1949-10-01T07:00:00Z");
}

TEST(Instant, FractionKeepsLeadingZeros) {
  EXPECT_EQ(Instant::from_micros(100).to_string(), "1970-01-01T00:00:00.000100Z");
  EXPECT_EQ(Instant::from_micros(86399000001).to_string(), "1970-01-01T23:59:59.000001Z");
  EXPECT_EQ(at("2020-02-29T23:59:59.5Z").to_string(), "2020-02-29T23:59:59.500000Z");
}

TEST(Instant, ToStringIsUtcWithFractionOnlyWhenNeeded) {
  EXPECT_EQ(Instant().to_string(), "1970-01-01T00:00:00Z");
  EXPECT_EQ(at("2020-02-05T10:30:00+08:00").to_string(), "2020-02-05T02:30:00Z");
  EXPECT_EQ(at("2020-02-05T10:30:00.5+08:00").to_string(), "2020-02-05T02:30:00.500000Z");
  EXPECT_EQ(at("2020-02-05T10:30:00.000+08:00").to_string(), "2020-02-05T02:30:00Z");
  EXPECT_EQ(Instant::from_micros(1).to_string(), "1970-01-01T00:00:00.000001Z");
  EXPECT_EQ(at("2020-02-29T23:59:59Z").plus_seconds(1).to_string(), "2020-03-01T00:00:00Z");
  EXPECT_EQ(at("9999-12-31T23:59:59Z").to_string(), "9999-12-31T23:59:59Z");
  EXPECT_EQ(at("0001-01-01T00:00:00Z").to_string(), "0001-01-01T00:00:00Z");
}

TEST(Instant, ToStringRoundTrips) {
  for (int64_t micros : {int64_t{0}, int64_t{1}, int64_t{-1}, int64_t{1580898600123456},
                         int64_t{-2208988800000000}, int64_t{253402300799999999}}) {
    Instant t = Instant::from_micros(micros);
    EXPECT_EQ(at(t.to_string()), t) << t.to_string();
  }
}

TEST(Instant, RejectsMalformed) {
  const char* bad[] = {
      "",
      "2020-02-05",
      "2020-02-05T10:30Z",          // seconds are required
      "2020-02-05T10:30:00",        // offset is required
      "2020-02-05 10:30:00Z",       // RFC 3339 allows it as a note; cordon's API does not
      "2020-02-05T24:00:00Z",
      "2020-02-05T10:60:00Z",
      "2020-02-05T10:30:60Z",       // leap second
      "2020-02-30T10:30:00Z",
      "2021-02-29T10:30:00Z",
      "2020-13-05T10:30:00Z",
      "2020-02-05T10:30:00.Z",      // fraction needs a digit
      "2020-02-05T10:30:00+8:00",
      "2020-02-05T10:30:00+0800",
      "2020-02-05T10:30:00+08",
      "2020-02-05T10:30:00+24:00",
      "2020-02-05T10:30:00+08:60",
      "2020-02-05T10:30:00Zx",
      "2020-02-05T10:30:00+08:00 ",
      " 2020-02-05T10:30:00Z",
      "2020-02-05T1:30:00Z",
      "2020-2-5T10:30:00Z",
      "2020-02-05X10:30:00Z",
      "2020-02-05T10-30-00Z",
      "1580898600",
  };
  for (const char* text : bad) {
    auto r = Instant::parse(text, "checked_at");
    ASSERT_FALSE(r.ok()) << '"' << text << '"';
    EXPECT_EQ(r.status().code(), "invalid_instant") << text;
    ASSERT_EQ(r.status().errors().size(), 1u) << text;
    EXPECT_EQ(r.status().errors()[0].field, "checked_at") << text;
  }
  EXPECT_EQ(Instant::parse("nope").status().errors()[0].field, "time");
}

TEST(Instant, Ordering) {
  EXPECT_LT(at("2020-02-05T10:30:00+08:00"), at("2020-02-05T10:30:00Z"));
  EXPECT_EQ(Instant::from_seconds(5).plus_seconds(-5), Instant());
}

// ----------------------------------------------------------------------------- TimeZone

TEST(TimeZone, ShanghaiIsUtcPlusEight) {
  TimeZone tz = TimeZone::shanghai();
  EXPECT_EQ(tz.name(), "Asia/Shanghai");
  EXPECT_EQ(tz.offset_seconds(at("2020-02-05T00:00:00Z")), 28800);
  EXPECT_EQ(tz.offset_seconds(at("2020-07-05T00:00:00Z")), 28800);
}

TEST(TimeZone, ShanghaiLocalDate) {
  TimeZone tz = TimeZone::shanghai();
  EXPECT_EQ(tz.local_date(at("2020-02-04T16:00:00Z")), ymd(2020, 2, 5));
  EXPECT_EQ(tz.local_date(at("2020-02-04T15:59:59.999999Z")), ymd(2020, 2, 4));
  EXPECT_EQ(tz.local_date(at("2020-02-05T15:59:59Z")), ymd(2020, 2, 5));
  EXPECT_EQ(tz.local_date(at("2020-02-28T16:00:00Z")), ymd(2020, 2, 29));
  EXPECT_EQ(tz.local_date(at("2020-12-31T16:00:00Z")), ymd(2021, 1, 1));
  EXPECT_EQ(tz.local_date(at("1969-12-31T16:00:00Z")), ymd(1970, 1, 1));
  EXPECT_EQ(tz.local_date(at("1969-12-31T15:59:59Z")), ymd(1969, 12, 31));
}

TEST(TimeZone, ShanghaiStartOfDay) {
  TimeZone tz = TimeZone::shanghai();
  EXPECT_EQ(tz.start_of_day(ymd(2020, 2, 5)).to_string(), "2020-02-04T16:00:00Z");
  EXPECT_EQ(tz.start_of_day(ymd(2020, 2, 29)).to_string(), "2020-02-28T16:00:00Z");
  EXPECT_EQ(tz.start_of_day(ymd(1970, 1, 1)).to_string(), "1969-12-31T16:00:00Z");
  for (LocalDate d = ymd(2019, 12, 25); d < ymd(2020, 3, 5); d = d.plus_days(1)) {
    Instant start = tz.start_of_day(d);
    EXPECT_EQ(tz.local_date(start), d) << d.to_string();
    EXPECT_EQ(tz.local_date(start.plus_seconds(-1)), d.plus_days(-1)) << d.to_string();
    EXPECT_EQ(tz.start_of_day(d.plus_days(1)).seconds() - start.seconds(), 86400);
  }
}

TEST(TimeZone, ShanghaiHadDaylightSavingUntil1991) {
  // China observed DST 1986-1991; local dates from those summers must use +9.
  TimeZone tz = TimeZone::shanghai();
  EXPECT_EQ(tz.offset_seconds(at("1988-07-01T00:00:00Z")), 9 * 3600);
  EXPECT_EQ(tz.start_of_day(ymd(1988, 7, 1)).to_string(), "1988-06-30T15:00:00Z");
  EXPECT_EQ(tz.offset_seconds(at("1992-07-01T00:00:00Z")), 8 * 3600);
}

TEST(TimeZone, NewYorkSpringForward) {
  // 2020-03-08: 02:00 EST jumps to 03:00 EDT (07:00Z); the day is 23 hours long.
  TimeZone tz = zone("America/New_York");
  EXPECT_EQ(tz.name(), "America/New_York");
  EXPECT_EQ(tz.offset_seconds(at("2020-03-08T06:59:59Z")), -5 * 3600);
  EXPECT_EQ(tz.offset_seconds(at("2020-03-08T07:00:00Z")), -4 * 3600);
  Instant start = tz.start_of_day(ymd(2020, 3, 8));
  EXPECT_EQ(start.to_string(), "2020-03-08T05:00:00Z");
  Instant next = tz.start_of_day(ymd(2020, 3, 9));
  EXPECT_EQ(next.to_string(), "2020-03-09T04:00:00Z");
  EXPECT_EQ(next.seconds() - start.seconds(), 23 * 3600);
  EXPECT_EQ(tz.local_date(at("2020-03-09T03:59:59Z")), ymd(2020, 3, 8));
  EXPECT_EQ(tz.local_date(at("2020-03-09T04:00:00Z")), ymd(2020, 3, 9));
}

TEST(TimeZone, NewYorkFallBack) {
  // 2020-11-01: 02:00 EDT falls back to 01:00 EST; the day is 25 hours long.
  TimeZone tz = zone("America/New_York");
  Instant start = tz.start_of_day(ymd(2020, 11, 1));
  EXPECT_EQ(start.to_string(), "2020-11-01T04:00:00Z");
  EXPECT_EQ(tz.start_of_day(ymd(2020, 11, 2)).seconds() - start.seconds(), 25 * 3600);
  EXPECT_EQ(tz.local_date(at("2020-11-02T04:59:59Z")), ymd(2020, 11, 1));
  EXPECT_EQ(tz.local_date(at("2020-11-02T05:00:00Z")), ymd(2020, 11, 2));
}

TEST(TimeZone, SkippedMidnightStartsAtTheJump) {
  // Sao Paulo began DST on 2018-11-04 at 00:00 (-03), jumping to 01:00 (-02): local
  // midnight never happened and the day started at 01:00 local = 03:00Z.
  TimeZone tz = zone("America/Sao_Paulo");
  Instant start = tz.start_of_day(ymd(2018, 11, 4));
  EXPECT_EQ(start.to_string(), "2018-11-04T03:00:00Z");
  EXPECT_EQ(tz.local_date(start), ymd(2018, 11, 4));
  EXPECT_EQ(tz.local_date(start.plus_seconds(-1)), ymd(2018, 11, 3));
  EXPECT_EQ(tz.start_of_day(ymd(2018, 11, 5)).seconds() - start.seconds(), 23 * 3600);
}

TEST(TimeZone, RepeatedHourBeforeMidnight) {
  // Sao Paulo ended DST on 2019-02-17 at 00:00 (-02), going back to 23:00 (-03) of the
  // 16th: the 16th lasted 25 hours and the 17th began at 03:00Z.
  TimeZone tz = zone("America/Sao_Paulo");
  EXPECT_EQ(tz.start_of_day(ymd(2019, 2, 16)).to_string(), "2019-02-16T02:00:00Z");
  EXPECT_EQ(tz.start_of_day(ymd(2019, 2, 17)).to_string(), "2019-02-17T03:00:00Z");
  EXPECT_EQ(tz.local_date(at("2019-02-17T02:30:00Z")), ymd(2019, 2, 16));
}

TEST(TimeZone, SkippedDayStartsAtTheNextDay) {
  // Samoa crossed the date line: 2011-12-29 23:59:59 (-10) was followed by 2011-12-31
  // 00:00 (+14); the 30th never happened locally.
  TimeZone tz = zone("Pacific/Apia");
  Instant skipped = tz.start_of_day(ymd(2011, 12, 30));
  EXPECT_EQ(skipped.to_string(), "2011-12-30T10:00:00Z");
  EXPECT_EQ(skipped, tz.start_of_day(ymd(2011, 12, 31)));
  EXPECT_EQ(tz.local_date(skipped), ymd(2011, 12, 31));
  EXPECT_EQ(tz.local_date(skipped.plus_seconds(-1)), ymd(2011, 12, 29));
}

TEST(TimeZone, MidnightInsideAGapStartsAtTheJump) {
  // Toronto began DST on 1919-03-30 at 23:30 EST, jumping to 00:30 EDT on the 31st:
  // midnight fell inside the gap, so the 31st began at the jump (04:30Z), not at
  // "midnight EST" (05:00Z), which would already be 01:00 EDT.
  TimeZone tz = zone("America/Toronto");
  Instant start = tz.start_of_day(ymd(1919, 3, 31));
  EXPECT_EQ(start.to_string(), "1919-03-31T04:30:00Z");
  EXPECT_EQ(tz.local_date(start), ymd(1919, 3, 31));
  EXPECT_EQ(tz.local_date(start.plus_seconds(-1)), ymd(1919, 3, 30));
}

TEST(TimeZone, StartOfDayAroundEveryTransitionOfEveryZone) {
  // Every zone ICU knows, every offset change from 1900 to 2040, and the days around it:
  // the start instant belongs to the day (or, for a skipped day, to a later one) and the
  // microsecond before it to an earlier day.
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::StringEnumeration> ids(icu::TimeZone::createEnumeration(status));
  ASSERT_TRUE(U_SUCCESS(status));
  int zones = 0, transitions = 0;
  const icu::UnicodeString* id;
  while ((id = ids->snext(status)) != nullptr) {
    std::string name;
    id->toUTF8String(name);
    auto tz = TimeZone::load(name);
    ASSERT_TRUE(tz.ok()) << name;
    ++zones;
    std::unique_ptr<icu::TimeZone> icu_zone(icu::TimeZone::createTimeZone(*id));
    auto* basic = dynamic_cast<icu::BasicTimeZone*>(icu_zone.get());
    ASSERT_NE(basic, nullptr) << name;
    icu::TimeZoneTransition transition;
    double base = at("1900-01-01T00:00:00Z").seconds() * 1000.0;
    const double end = at("2040-01-01T00:00:00Z").seconds() * 1000.0;
    while (basic->getNextTransition(base, false, transition) && transition.getTime() < end) {
      base = transition.getTime();
      ++transitions;
      Instant jump = Instant::from_micros(static_cast<int64_t>(base) * 1000);
      LocalDate before = tz->local_date(Instant::from_micros(jump.micros() - 1));
      LocalDate after = tz->local_date(jump);
      LocalDate first = std::min(before, after).plus_days(-1);
      LocalDate last = std::max(before, after).plus_days(1);
      for (LocalDate d = first; d <= last; d = d.plus_days(1)) {
        Instant start = tz->start_of_day(d);
        bool skipped = before < d && d < after;
        LocalDate got = tz->local_date(start);
        ASSERT_TRUE(skipped ? got > d : got == d)
            << name << " " << d.to_string() << " starts " << start.to_string();
        ASSERT_LT(tz->local_date(Instant::from_micros(start.micros() - 1)), d)
            << name << " " << d.to_string() << " starts " << start.to_string();
      }
    }
  }
  EXPECT_GT(zones, 400);
  EXPECT_GT(transitions, 10000);
}

TEST(TimeZone, StartOfDayIsFirstInstantOfTheDayAcrossYears) {
  // Every day of several years in zones with DST: the start instant belongs to the day and
  // the instant before it to an earlier day.
  for (const char* name : {"America/New_York", "Europe/London", "Australia/Lord_Howe",
                           "America/Sao_Paulo", "Asia/Tehran", "America/Havana"}) {
    TimeZone tz = zone(name);
    for (LocalDate d = ymd(2017, 1, 1); d < ymd(2021, 1, 1); d = d.plus_days(1)) {
      Instant start = tz.start_of_day(d);
      ASSERT_EQ(tz.local_date(start), d) << name << " " << d.to_string();
      ASSERT_LT(tz.local_date(start.plus_seconds(-1)), d) << name << " " << d.to_string();
    }
  }
}

TEST(TimeZone, LoadRejectsUnknownNames) {
  for (const char* name : {"", "Asia/Shanghia", "Mars/Olympus_Mons", "Etc/Unknown",
                           "asia/shanghai", "Asia/Shanghai ", "\xff\xfe"}) {
    auto r = TimeZone::load(name);
    ASSERT_FALSE(r.ok()) << '"' << name << '"';
    EXPECT_EQ(r.status().kind(), Status::Kind::kInvalid) << name;
    EXPECT_EQ(r.status().code(), "unknown_time_zone") << name;
    ASSERT_EQ(r.status().errors().size(), 1u);
    EXPECT_EQ(r.status().errors()[0].field, "time_zone");
  }
}

TEST(TimeZone, LoadAcceptsUtcAndFixedZones) {
  TimeZone utc = zone("UTC");
  EXPECT_EQ(utc.offset_seconds(at("2020-07-01T00:00:00Z")), 0);
  EXPECT_EQ(utc.local_date(at("2020-02-04T23:59:59Z")), ymd(2020, 2, 4));
  EXPECT_EQ(utc.start_of_day(ymd(2020, 2, 5)).to_string(), "2020-02-05T00:00:00Z");
  TimeZone urumqi = zone("Asia/Urumqi");  // +06 in the tz database
  EXPECT_EQ(urumqi.offset_seconds(at("2020-07-01T00:00:00Z")), 6 * 3600);
}

TEST(TimeZone, CopiesShareTheZoneAcrossThreads) {
  TimeZone tz = zone("America/New_York");
  std::vector<std::thread> threads;
  std::vector<int> failures(4, 0);
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([tz, i, &failures] {
      for (int k = 0; k < 2000; ++k) {
        LocalDate d = LocalDate::from_ymd(2020, 3, 8).value().plus_days(k % 300);
        if (tz.local_date(tz.start_of_day(d)) != d) ++failures[i];
      }
    });
  }
  for (auto& t : threads) t.join();
  for (int f : failures) EXPECT_EQ(f, 0);
}

}  // namespace
}  // namespace cordon
