#include "cli/progress.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>

namespace cordon::cli {

std::string group_thousands(uint64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string render_progress(uint64_t done, std::optional<uint64_t> total, uint64_t rows,
                            double seconds, int width, const std::string& unit) {
  std::string out;
  if (total) {
    double fraction = *total == 0 ? 1.0 : static_cast<double>(done) / static_cast<double>(*total);
    if (fraction > 1.0) fraction = 1.0;
    int filled = static_cast<int>(fraction * width);
    out += '[';
    out.append(filled, '#');
    out.append(width - filled, '-');
    char pct[16];
    std::snprintf(pct, sizeof pct, "] %5.1f%%  ", fraction * 100.0);
    out += pct;
  }
  out += group_thousands(rows) + " " + unit;
  uint64_t rate = seconds > 0 ? static_cast<uint64_t>(static_cast<double>(rows) / seconds) : 0;
  out += "  " + group_thousands(rate) + " " + unit + "/s";
  return out;
}

SecondsClock steady_seconds() {
  return [] {
    using namespace std::chrono;
    return duration<double>(steady_clock::now().time_since_epoch()).count();
  };
}

bool stderr_is_terminal() { return ::isatty(STDERR_FILENO) == 1; }

ProgressBar::ProgressBar(std::ostream& out, bool enabled, SecondsClock clock, double min_interval,
                         std::string unit)
    : out_(out), enabled_(enabled), clock_(std::move(clock)), min_interval_(min_interval),
      start_(clock_()), unit_(std::move(unit)) {}

void ProgressBar::update(uint64_t done, std::optional<uint64_t> total, uint64_t rows) {
  if (!enabled_) return;
  double now = clock_();
  if (last_draw_ && now - *last_draw_ < min_interval_) return;
  last_draw_ = now;
  draw(done, total, rows);
}

void ProgressBar::finish(uint64_t done, std::optional<uint64_t> total, uint64_t rows) {
  if (!enabled_) return;
  draw(done, total, rows);
  out_ << '\n' << std::flush;
}

void ProgressBar::draw(uint64_t done, std::optional<uint64_t> total, uint64_t rows) {
  std::string line = render_progress(done, total, rows, elapsed(), 30, unit_);
  // Blank out what a longer previous line left behind.
  std::size_t width = line.size();
  if (line.size() < last_width_) line.append(last_width_ - line.size(), ' ');
  last_width_ = width;
  out_ << '\r' << line << std::flush;
  ++draws_;
}

}  // namespace cordon::cli
