// `cordon backup --db city.db --out copy.db [--force]`: an online, consistent copy of a
// SQLite database, taken while a server may be writing to it.
//
// The copy is written under a temporary name beside --out, checked (PRAGMA
// integrity_check, then the audit chain as `cordon audit verify` checks it) and only then
// renamed to --out, so a failure at any point leaves --out as it was and no partial file.
// A PostgreSQL database is backed up with PostgreSQL's own tools (docs/deploy.md).
//
// Exit status: 0 written and verified; 2 refused before copying (a PostgreSQL URL, --out
// exists without --force, no database file); 1 failed (cannot read or write, the copy did
// not verify).
#include <fcntl.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/progress.h"
#include "cli/runtime.h"
#include "service/audit.h"
#include "store/sqlite/sqlite_backup.h"
#include "store/store.h"

namespace cordon::cli {

namespace {

namespace fs = std::filesystem;

constexpr int kExitFailed = 1;
constexpr int kExitRefused = 2;
constexpr int kPagesPerStep = 1024;  // 4 MiB of 4 KiB pages between progress updates

struct BackupOptions {
  std::string db = "cordon.db";
  std::string out;
  bool force = false;
};

int fail(int code, const std::string& why) {
  std::cerr << "cordon: " << why << "\n";
  return code;
}

// Removes the temporary copy and the files SQLite may have put beside it.
void remove_copy(const std::string& path) {
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(path + suffix, ec);
}

// The copy's audit chain, checked as `cordon audit verify` does; its verdict line.
Result<std::string> verify_audit(const std::string& copy) {
  RuntimeOptions ro;
  ro.db = copy;
  ro.read_connections = 1;
  CORDON_ASSIGN_OR_RETURN(auto runtime, Runtime::open(ro));
  auto result = runtime->audit().verify(service::Actor::system(), nullptr);
  runtime->store().close();
  if (!result.ok()) return result.status();
  if (!result->ok)
    return Status::internal("audit_tampered", "the copy's audit log is broken: " + result->problem);
  std::string line = "audit log intact: " + std::to_string(result->entries_checked) + " entries";
  if (result->entries_checked > 0) line += ", head hash " + result->head_hash;
  return line;
}

// Puts `from` at `to`: atomically replacing it with `replace`, else only if `to` does
// not exist (a link fails when it does, so a file that appeared meanwhile is kept).
Status publish(const std::string& from, const std::string& to, bool replace) {
  if (replace) {
    if (std::rename(from.c_str(), to.c_str()) != 0)
      return Status::unavailable("backup_failed", "cannot rename to " + to + ": " + std::strerror(errno));
  } else {
    if (link(from.c_str(), to.c_str()) != 0) {
      if (errno == EEXIST) return Status::conflict("exists", to + " exists (--force replaces it)");
      return Status::unavailable("backup_failed", "cannot create " + to + ": " + std::strerror(errno));
    }
    unlink(from.c_str());
  }
  // The rename is durable once the directory is.
  std::string dir = fs::path(to).parent_path().string();
  int fd = open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    fsync(fd);
    close(fd);
  }
  return Status();
}

int backup(const BackupOptions& o) {
  if (store::is_postgres_url(o.db))
    return fail(kExitRefused,
                "`cordon backup` copies a SQLite file. Back up PostgreSQL with pg_dump "
                "(logical) or pg_basebackup with WAL archiving (point in time), then run "
                "`cordon audit verify` on the restored copy: see docs/deploy.md, \"Backups\".");
  if (!fs::is_regular_file(o.db)) return fail(kExitRefused, "no database at " + o.db);
  std::error_code ec;
  if (fs::exists(o.out, ec) && !o.force)
    return fail(kExitRefused, o.out + " exists (--force replaces it)");
  if (fs::weakly_canonical(o.out, ec) == fs::weakly_canonical(o.db, ec))
    return fail(kExitRefused, "--out names the database itself");

  std::string partial = o.out + ".partial-" + std::to_string(getpid());
  ProgressBar bar(std::cerr, stderr_is_terminal(), steady_seconds(), 0.1, "pages");
  store::BackupProgress last;
  Status s = store::backup_sqlite(o.db, partial, kPagesPerStep, [&](const store::BackupProgress& p) {
    last = p;
    bar.update(p.pages_done, p.pages_total, p.pages_done);
  });
  if (last.pages_total > 0) bar.finish(last.pages_done, last.pages_total, last.pages_done);
  Result<std::string> verdict = s.ok() ? verify_audit(partial) : Result<std::string>(s);
  if (verdict.ok()) s = publish(partial, o.out, o.force);
  else s = verdict.status();
  if (!s.ok()) {
    remove_copy(partial);
    return fail(s.code() == "exists" ? kExitRefused : kExitFailed, s.message());
  }
  std::cout << "backup written: " << o.out << " (" << group_thousands(last.pages_total)
            << " pages, " << group_thousands(fs::file_size(o.out, ec)) << " bytes)\n"
            << *verdict << std::endl;
  return 0;
}

}  // namespace

void add_backup_command(CLI::App& app) {
  auto opts = std::make_shared<BackupOptions>();
  CLI::App* cmd = app.add_subcommand(
      "backup", "copy a SQLite database while it is in use, verified before it is kept");
  cmd->add_option("--db", opts->db, "the SQLite database file")->capture_default_str();
  cmd->add_option("--out", opts->out, "the copy to write (must not exist unless --force)")
      ->required();
  cmd->add_flag("--force", opts->force, "replace --out if it exists");
  cmd->callback([opts] {
    int rc = backup(*opts);
    if (rc != 0) throw CLI::RuntimeError(rc);
  });
}

}  // namespace cordon::cli
