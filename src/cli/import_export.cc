// `cordon import persons FILE.csv` and `cordon export persons`: option parsing and the
// summary; the work is in person_import.cc and person_export.cc.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <map>
#include <memory>

#include "cli/commands.h"
#include "cli/contact_import.h"
#include "cli/options.h"
#include "cli/person_export.h"
#include "cli/person_import.h"
#include "core/text.h"
#include "service/site_exports.h"
#include "service/sites.h"

namespace cordon::cli {

using service::TextEncoding;

namespace {

// Exit codes: 0 done (an import may have rejected rows), 1 failed partway or could not
// open the database, 2 refused before starting (bad file, bad header, bad option).
constexpr int kExitFailed = 1;
constexpr int kExitRefused = 2;

bool is_refusal(const Status& s) {
  return s.kind() == Status::Kind::kInvalid || s.kind() == Status::Kind::kNotFound;
}

std::unique_ptr<Runtime> open_runtime(const RuntimeOptions& options) {
  auto runtime = Runtime::open(options);
  if (!runtime.ok()) {
    std::cerr << "cordon: " << runtime.status().message() << "\n";
    throw CLI::RuntimeError(kExitFailed);
  }
  return std::move(*runtime);
}

std::string per_second(int64_t rows, double seconds) {
  return group_thousands(seconds > 0 ? static_cast<uint64_t>(rows / seconds) : 0);
}

int run_import(const RuntimeOptions& ro, const PersonImportOptions& options) {
  // Check the file exists before creating a database for it.
  if (std::FILE* f = std::fopen(options.path.c_str(), "rb")) {
    std::fclose(f);
  } else {
    std::cerr << "cordon: cannot open " << options.path << ": " << std::strerror(errno) << "\n";
    return kExitRefused;
  }
  // A million-row file inserts into five indexes on random keys; keeping them in memory
  // is what makes a bulk import fast (bench/import_bench.py). Memory is given back on exit.
  RuntimeOptions bulk = ro;
  bulk.writer_cache_mib = std::max(bulk.writer_cache_mib, 1024);
  auto runtime = open_runtime(bulk);
  // Decided here, so that a failure can say what it left behind.
  PersonImportOptions decided = options;
  decided.database = ro.db;
  auto in_bulk = bulk_pays(*runtime, decided);
  if (!in_bulk.ok()) {
    runtime->store().close();
    std::cerr << "cordon: " << in_bulk.status().message() << "\n";
    return is_refusal(in_bulk.status()) ? kExitRefused : kExitFailed;
  }
  decided.bulk = *in_bulk ? PersonImportOptions::Bulk::kOn : PersonImportOptions::Bulk::kOff;
  if (*in_bulk)
    std::cerr << "cordon: bulk import: one transaction, the search indexes rebuilt at the end "
                 "(after the bar reaches 100%)\n";
  ProgressBar progress(std::cerr, stderr_is_terminal());
  auto report = import_persons(*runtime, decided, progress);
  runtime->store().close();
  if (!report.ok()) {
    if (is_refusal(report.status())) {
      std::cerr << "cordon: " << report.status().message() << "\n";
      return kExitRefused;
    }
    if (*in_bulk) {
      std::cerr << "cordon: bulk import failed: " << report.status().message()
                << "\ncordon: nothing of the file was stored; the database is as it was\n";
    } else {
      std::cerr << "cordon: import stopped partway: " << report.status().message()
                << "\ncordon: the rows committed before it stay; re-running the file is safe\n";
    }
    return kExitFailed;
  }
  if (report->encoding == TextEncoding::kGb18030)
    std::cerr << "cordon: " << options.path << " converted from GB18030/GBK\n";
  std::printf("rows read        %s\n", group_thousands(report->rows_read).c_str());
  std::printf("created          %s\n", group_thousands(report->created).c_str());
  std::printf("already present  %s\n", group_thousands(report->existing).c_str());
  std::printf("rejected         %s%s\n", group_thousands(report->rejected).c_str(),
              report->rejected > 0 ? ("  (see " + report->errors_path + ")").c_str() : "");
  std::printf("seconds          %.2f\n", report->seconds);
  std::printf("rows/s           %s\n", per_second(report->rows_read, report->seconds).c_str());
  std::printf("mode             %s\n", report->bulk ? "bulk (search indexes rebuilt)" : "chunked");
  return 0;
}

int run_export(const RuntimeOptions& ro, const PersonExportOptions& options) {
  auto runtime = open_runtime(ro);
  ProgressBar progress(std::cerr, stderr_is_terminal());
  auto report = export_persons(*runtime, options, progress);
  runtime->store().close();
  if (!report.ok()) {
    std::cerr << "cordon: " << report.status().message() << "\n";
    return is_refusal(report.status()) ? kExitRefused : kExitFailed;
  }
  // The summary goes to stderr: stdout may be the CSV itself.
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.2f", report->seconds);
  std::cerr << "cordon: exported " << group_thousands(report->rows) << " persons"
            << (options.out == "-" ? "" : " to " + options.out) << " in " << seconds
            << " s (" << per_second(report->rows, report->seconds) << " rows/s)\n";
  return 0;
}

int run_contact_import(const RuntimeOptions& ro, const ContactImportOptions& options) {
  if (std::FILE* f = std::fopen(options.path.c_str(), "rb")) {
    std::fclose(f);
  } else {
    std::cerr << "cordon: cannot open " << options.path << ": " << std::strerror(errno) << "\n";
    return kExitRefused;
  }
  auto runtime = open_runtime(ro);
  auto report = import_contacts(*runtime, options);
  runtime->store().close();
  if (!report.ok()) {
    std::cerr << "cordon: " << report.status().message() << "\n";
    for (const auto& e : report.status().errors()) std::cerr << "  " << e.field << ": " << e.message << "\n";
    return is_refusal(report.status()) ? kExitRefused : kExitFailed;
  }
  std::printf("rows read        %s\n", group_thousands(report->rows_read).c_str());
  std::printf("recorded         %s\n", group_thousands(report->created).c_str());
  std::printf("already present  %s\n", group_thousands(report->existing).c_str());
  std::printf("rejected         %s%s\n", group_thousands(report->rejected).c_str(),
              report->rejected > 0 ? ("  (see " + report->errors_path + ")").c_str() : "");
  return 0;
}

}  // namespace

void add_import_command(CLI::App& app) {
  CLI::App* cmd = app.add_subcommand("import", "import records from a file");
  cmd->require_subcommand(1);
  struct Opts {
    RuntimeOptions runtime;
    PersonImportOptions import;
  };
  auto opts = std::make_shared<Opts>();
  CLI::App* persons = cmd->add_subcommand(
      "persons",
      "import persons from a CSV file (UTF-8, or GBK converted); columns name, id_type, "
      "id_number, sex, birth_date, phone, grid (code or path) or grid_id, address, tags");
  add_runtime_options(*persons, opts->runtime);
  persons->add_option("file", opts->import.path, "the CSV file")->required();
  persons->add_option("--errors", opts->import.errors_path,
                      "where to write the bad rows (default FILE.errors.csv)");
  persons->add_option("--batch", opts->import.chunk_rows,
                      "rows per write transaction and per audit entry (larger: faster, but "
                      "holds the database longer against other writers)")
      ->capture_default_str()->check(CLI::Range(1, 1000000));
  persons
      ->add_option("--bulk", opts->import.bulk,
                   "on: one transaction, search indexes dropped and rebuilt after (fast, all "
                   "or nothing, holds the database for the whole import); off: chunks; auto "
                   "(default): on for SQLite when the file has >= 20,000 rows and >= 1/4 of "
                   "the persons stored")
      ->transform(CLI::CheckedTransformer(
          std::map<std::string, PersonImportOptions::Bulk>{
              {"auto", PersonImportOptions::Bulk::kAuto},
              {"on", PersonImportOptions::Bulk::kOn},
              {"off", PersonImportOptions::Bulk::kOff}},
          CLI::ignore_case));
  persons->callback([opts] {
    int rc = run_import(opts->runtime, opts->import);
    if (rc != 0) throw CLI::RuntimeError(rc);
  });

  struct ContactOpts {
    RuntimeOptions runtime;
    ContactImportOptions import;
  };
  auto copts = std::make_shared<ContactOpts>();
  CLI::App* contacts = cmd->add_subcommand(
      "contacts",
      "import the contact list of a case from a CSV file; columns person_id or id_number, "
      "setting, last_date, first_date, place");
  add_runtime_options(*contacts, copts->runtime);
  contacts->add_option("file", copts->import.path, "the CSV file")->required();
  contacts->add_option("--case", copts->import.case_id, "the case whose contacts these are")
      ->required();
  contacts->add_option("--errors", copts->import.errors_path,
                       "where to write the bad rows (default FILE.errors.csv)");
  contacts->callback([copts] {
    int rc = run_contact_import(copts->runtime, copts->import);
    if (rc != 0) throw CLI::RuntimeError(rc);
  });
}

namespace {

// Writes a rendered table to `out` ("-": standard output). Returns the exit code.
int write_table(const Result<service::ExportTable>& table, const std::string& out,
                const std::string& format_name) {
  if (!table.ok()) {
    std::cerr << "cordon: " << table.status().message() << "\n";
    return is_refusal(table.status()) ? kExitRefused : kExitFailed;
  }
  std::string name = format_name;
  if (name.empty())
    name = out.size() > 5 && ascii_lower(out.substr(out.size() - 5)) == ".xlsx" ? "xlsx" : "csv";
  auto format = service::parse_export_format(name);
  if (!format.ok()) {
    std::cerr << "cordon: --format must be csv or xlsx\n";
    return kExitRefused;
  }
  auto bytes = service::render_table(*table, *format);
  if (!bytes.ok()) {
    std::cerr << "cordon: " << bytes.status().message() << "\n";
    return kExitFailed;
  }
  std::FILE* f = out == "-" ? stdout : std::fopen(out.c_str(), "wb");
  if (!f) {
    std::cerr << "cordon: cannot write " << out << ": " << std::strerror(errno) << "\n";
    return kExitFailed;
  }
  bool ok = std::fwrite(bytes->data(), 1, bytes->size(), f) == bytes->size();
  ok = (out == "-" ? std::fflush(f) : std::fclose(f)) == 0 && ok;
  if (!ok) {
    std::cerr << "cordon: cannot write " << out << "\n";
    return kExitFailed;
  }
  std::cerr << "cordon: " << table->rows.size() << " rows written to " << out << "\n";
  return 0;
}

// `cordon export roster --site ID` and `cordon export releases`.
void add_table_exports(CLI::App& cmd) {
  struct Opts {
    RuntimeOptions runtime;
    std::string out = "-";
    std::string format;
    int64_t site_id = 0;
    std::optional<int64_t> grid_id, release_site_id;
    std::optional<std::string> date;
  };
  auto opts = std::make_shared<Opts>();
  CLI::App* roster = cmd.add_subcommand("roster", "export a quarantine site's roster as CSV or XLSX");
  add_runtime_options(*roster, opts->runtime);
  roster->add_option("--site", opts->site_id, "the site's id")->required();
  CLI::App* releases = cmd.add_subcommand(
      "releases", "export the release list (due on the date and the day after) as CSV or XLSX");
  add_runtime_options(*releases, opts->runtime);
  releases->add_option("--grid", opts->grid_id, "only orders of this node's grids");
  releases->add_option("--site", opts->release_site_id, "only orders at this site");
  releases->add_option("--date", opts->date, "YYYY-MM-DD (default today)");
  for (CLI::App* sub : {roster, releases}) {
    sub->add_option("--out", opts->out, "file to write (.xlsx: XLSX), or - for standard output")
        ->capture_default_str();
    sub->add_option("--format", opts->format, "csv or xlsx (default: from the --out name)");
  }
  roster->callback([opts] {
    auto runtime = open_runtime(opts->runtime);
    int rc = write_table(runtime->sites().roster(service::Actor::system(), opts->site_id),
                         opts->out, opts->format);
    if (rc != 0) throw CLI::RuntimeError(rc);
  });
  releases->callback([opts] {
    auto runtime = open_runtime(opts->runtime);
    service::ReleaseListQuery q{opts->grid_id, opts->release_site_id, opts->date};
    int rc = write_table(
        runtime->sites().release_list(service::Actor::system(), runtime->orders(), q),
        opts->out, opts->format);
    if (rc != 0) throw CLI::RuntimeError(rc);
  });
}

}  // namespace

void add_export_command(CLI::App& app) {
  CLI::App* cmd = app.add_subcommand("export", "export records to a file");
  cmd->require_subcommand(1);
  struct Opts {
    RuntimeOptions runtime;
    PersonExportOptions export_;
  };
  auto opts = std::make_shared<Opts>();
  CLI::App* persons = cmd->add_subcommand("persons", "export persons as CSV or XLSX");
  add_runtime_options(*persons, opts->runtime);
  persons->add_option("--out", opts->export_.out,
                      "file to write (a name ending .xlsx writes XLSX), or - for standard "
                      "output")
      ->capture_default_str();
  persons
      ->add_option("--format", opts->export_.format,
                   "csv or xlsx (default: from the --out name, else csv)")
      ->transform(CLI::CheckedTransformer(
          std::map<std::string, ExportFormat>{{"csv", ExportFormat::kCsv},
                                              {"xlsx", ExportFormat::kXlsx}},
          CLI::ignore_case));
  persons->add_option("--jurisdiction", opts->export_.jurisdiction_id,
                      "only persons of grids below this node id");
  persons->add_flag("--bom,!--no-bom", opts->export_.bom,
                    "start with a UTF-8 byte order mark, so Excel reads it (default: on)");
  add_table_exports(*cmd);
  persons->callback([opts, persons] {
    const std::string& out = opts->export_.out;
    if (persons->count("--format") == 0 && out.size() > 5 &&
        ascii_lower(out.substr(out.size() - 5)) == ".xlsx")
      opts->export_.format = ExportFormat::kXlsx;
    int rc = run_export(opts->runtime, opts->export_);
    if (rc != 0) throw CLI::RuntimeError(rc);
  });
}

}  // namespace cordon::cli
