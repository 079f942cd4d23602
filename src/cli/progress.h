// A one-line progress bar for long imports and exports, redrawn in place with '\r'.
//
// It draws only when told the output is a terminal (see stderr_is_terminal()), so that
// logs and pipes never fill with carriage returns, and at most every `min_interval`
// seconds, so that a fast loop does not spend its time drawing. Time comes from an
// injected function so tests need no wall clock.
//
// Not synchronized.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <ostream>
#include <string>

namespace cordon::cli {

// "[##########----------]  50.0%  12,345 rows  6,789 rows/s" when `total` bytes are
// known, else "12,345 rows  6,789 rows/s". `done` counts bytes; `width` is the bar's.
// `unit` names what is counted ("rows", "residents", "entries").
std::string render_progress(uint64_t done, std::optional<uint64_t> total, uint64_t rows,
                            double seconds, int width = 30, const std::string& unit = "rows");

// 1234567 -> "1,234,567".
std::string group_thousands(uint64_t n);

// Seconds since some fixed point.
using SecondsClock = std::function<double()>;
SecondsClock steady_seconds();

bool stderr_is_terminal();

class ProgressBar {
 public:
  // Draws on `out` only when `enabled`. `out` must outlive the bar.
  ProgressBar(std::ostream& out, bool enabled, SecondsClock clock = steady_seconds(),
              double min_interval = 0.1, std::string unit = "rows");

  // Reports progress; redraws when the last draw is at least min_interval old.
  void update(uint64_t done, std::optional<uint64_t> total, uint64_t rows);
  // Draws the final state and ends the line (so what follows starts on a fresh line).
  void finish(uint64_t done, std::optional<uint64_t> total, uint64_t rows);

  double elapsed() const { return clock_() - start_; }
  int draws() const { return draws_; }

 private:
  void draw(uint64_t done, std::optional<uint64_t> total, uint64_t rows);

  std::ostream& out_;
  bool enabled_;
  SecondsClock clock_;
  double min_interval_;
  double start_;
  std::string unit_;
  std::optional<double> last_draw_;
  int draws_ = 0;
  std::size_t last_width_ = 0;
};

}  // namespace cordon::cli
