// `cordon audit verify`: checks the audit log's hash chain of a database file.
//
// Exit status: 0 intact, 3 tampered (the problem names the first bad entry), 1 when the
// database cannot be opened or read. The first line of standard output is the verdict,
// so scripts can match it; a progress bar goes to standard error only when that is a
// terminal.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "cli/options.h"
#include "cli/runtime.h"
#include "service/audit.h"

namespace cordon::cli {

namespace {

constexpr int kExitTampered = 3;

// "\rverifying audit log [##########----------]  50%  1000/2000"; redrawn only when the
// percentage moves, so a long log does not spend its time drawing.
class VerifyProgress {
 public:
  explicit VerifyProgress(bool enabled) : enabled_(enabled) {}

  void update(int64_t done, int64_t total) {
    if (!enabled_ || total <= 0) return;
    int percent = static_cast<int>(done * 100 / total);
    if (percent == last_percent_) return;
    last_percent_ = percent;
    constexpr int kWidth = 30;
    int filled = percent * kWidth / 100;
    std::fprintf(stderr, "\rverifying audit log [%s%s] %3d%%  %lld/%lld",
                 std::string(filled, '#').c_str(), std::string(kWidth - filled, '-').c_str(),
                 percent, static_cast<long long>(done), static_cast<long long>(total));
    std::fflush(stderr);
    drawn_ = true;
  }

  // Ends the bar's line so the verdict starts on a fresh one.
  void finish() {
    if (drawn_) std::fputs("\n", stderr);
  }

 private:
  bool enabled_;
  bool drawn_ = false;
  int last_percent_ = -1;
};

int verify(const RuntimeOptions& options) {
  // Opening creates a missing database; an empty new log would then "verify".
  if (!std::filesystem::exists(options.db)) {
    std::cerr << "cordon: no database at " << options.db << "\n";
    return 1;
  }
  auto runtime = Runtime::open(options);
  if (!runtime.ok()) {
    std::cerr << "cordon: " << runtime.status().message() << "\n";
    return 1;
  }
  service::AuditService audit((*runtime)->context());
  VerifyProgress progress(::isatty(STDERR_FILENO) == 1);
  auto result = audit.verify(service::Actor::system(), [&](int64_t done, int64_t total) {
    progress.update(done, total);
  });
  progress.finish();
  (*runtime)->store().close();
  if (!result.ok()) {
    std::cerr << "cordon: cannot read the audit log: " << result.status().message() << "\n";
    return 1;
  }
  if (!result->ok) {
    std::cout << "audit log TAMPERED: " << result->problem << "\n"
              << "entries verified before the break: " << result->entries_checked << std::endl;
    return kExitTampered;
  }
  std::cout << "audit log intact: " << result->entries_checked << " entries\n";
  // Worth keeping elsewhere: whoever can rewrite the whole file can rebuild a valid chain,
  // but not one whose entry N still has this hash (docs/audit.md).
  if (result->entries_checked > 0)
    std::cout << "head: entry " << result->entries_checked << ", hash " << result->head_hash
              << "\n";
  std::cout << std::flush;
  return 0;
}

}  // namespace

void add_audit_command(CLI::App& app) {
  CLI::App* audit = app.add_subcommand("audit", "the tamper-evident audit log");
  audit->require_subcommand(1);
  auto opts = std::make_shared<RuntimeOptions>();
  CLI::App* cmd = audit->add_subcommand(
      "verify", "check the audit log's hash chain; exit 3 and name the entry when tampered");
  add_runtime_options(*cmd, *opts);
  cmd->callback([opts] {
    int rc = verify(*opts);
    if (rc != 0) throw CLI::RuntimeError(rc);
  });
}

}  // namespace cordon::cli
