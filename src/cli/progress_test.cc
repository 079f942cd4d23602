#include "cli/progress.h"

#include <gtest/gtest.h>

#include <sstream>

namespace cordon::cli {
namespace {

TEST(Progress, GroupsThousands) {
  EXPECT_EQ(group_thousands(0), "0");
  EXPECT_EQ(group_thousands(999), "999");
  EXPECT_EQ(group_thousands(1000), "1,000");
  EXPECT_EQ(group_thousands(1234567), "1,234,567");
}

TEST(Progress, RendersPercentRowsAndRate) {
  EXPECT_EQ(render_progress(50, 100, 1500, 2.0, 10), "[#####-----]  50.0%  1,500 rows  750 rows/s");
  EXPECT_EQ(render_progress(100, 100, 10, 0.0, 4), "[####] 100.0%  10 rows  0 rows/s");
  // An empty file is done; a count that grew past the total stays at 100%.
  EXPECT_EQ(render_progress(0, 0, 0, 1.0, 2), "[##] 100.0%  0 rows  0 rows/s");
  EXPECT_EQ(render_progress(7, 5, 7, 1.0, 2), "[##] 100.0%  7 rows  7 rows/s");
}

TEST(Progress, WithoutTotalShowsRowsOnly) {
  EXPECT_EQ(render_progress(12345, std::nullopt, 12345, 0.5), "12,345 rows  24,690 rows/s");
}

TEST(ProgressBar, RedrawsAtMostTenTimesASecond) {
  std::ostringstream out;
  double now = 100.0;
  ProgressBar bar(out, true, [&] { return now; });
  for (int i = 0; i < 1000; ++i) {
    bar.update(i, 1000, i);
    now += 0.001;  // 1000 updates over one second
  }
  EXPECT_GE(bar.draws(), 9);
  EXPECT_LE(bar.draws(), 11);
  bar.finish(1000, 1000, 1000);
  std::string s = out.str();
  EXPECT_EQ(s.front(), '\r');
  EXPECT_EQ(s.back(), '\n');
  EXPECT_NE(s.find("100.0%  1,000 rows"), std::string::npos);
}

TEST(ProgressBar, DrawsNothingWhenNotATerminal) {
  std::ostringstream out;
  double now = 0;
  ProgressBar bar(out, false, [&] { return now; });
  for (int i = 0; i < 100; ++i) {
    now += 1;
    bar.update(i, 100, i);
  }
  bar.finish(100, 100, 100);
  EXPECT_EQ(out.str(), "");
  EXPECT_EQ(bar.draws(), 0);
  EXPECT_DOUBLE_EQ(bar.elapsed(), 100.0);
}

TEST(ProgressBar, BlanksWhatALongerLineLeft) {
  std::ostringstream out;
  double now = 0;
  ProgressBar bar(out, true, [&] { return now; });
  bar.update(0, std::nullopt, 1000000);  // long line
  now = 1000;
  out.str("");
  bar.update(0, std::nullopt, 1);  // short line, padded to the long one's width
  std::string s = out.str();
  EXPECT_EQ(s, "\r1 rows  0 rows/s" + std::string(s.size() - 17, ' '));
  EXPECT_GT(s.size(), 17u);
}

}  // namespace
}  // namespace cordon::cli
