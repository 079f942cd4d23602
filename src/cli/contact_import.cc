#include "cli/contact_import.h"

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <map>

#include "service/csv.h"
#include "service/text_source.h"
#include "core/text.h"

namespace cordon::cli {

using service::CsvReader;
using service::CsvRecord;
using service::CsvWriter;
using service::TextFile;
using service::open_text_file;

namespace {

constexpr const char* kColumns[] = {"person_id", "id_number", "setting", "first_date",
                                    "last_date", "place"};

// Column name to index; refuses unknown names and a header without the required ones.
Result<std::map<std::string, size_t>> parse_header(const std::vector<std::string>& fields) {
  std::map<std::string, size_t> at;
  Validation v;
  for (size_t i = 0; i < fields.size(); ++i) {
    std::string name = trim(fields[i]);
    bool known = false;
    for (const char* c : kColumns) known |= name == c;
    if (!known) v.add(name, "csv.unknown_column", "unknown column '" + name + "'");
    else at[name] = i;
  }
  if (!at.count("person_id") && !at.count("id_number"))
    v.add("person_id", "csv.missing_column", "a column person_id or id_number is required");
  for (const char* required : {"setting", "last_date"})
    if (!at.count(required))
      v.add(required, "csv.missing_column", std::string("the column ") + required + " is required");
  CORDON_RETURN_IF_ERROR(v.status());
  return at;
}

void write_problem(CsvWriter& errors, int64_t line, const Status& s) {
  std::string l = std::to_string(line);
  if (s.errors().empty()) errors.write({l, "", s.code(), s.message()});
  for (const auto& e : s.errors()) errors.write({l, e.field, e.code, e.message});
}

}  // namespace

Result<ContactImportReport> import_contacts(Runtime& runtime, const ContactImportOptions& options) {
  ContactImportReport report;
  report.errors_path =
      options.errors_path.empty() ? options.path + ".errors.csv" : options.errors_path;
  service::Actor actor = service::Actor::system();
  CORDON_RETURN_IF_ERROR(runtime.cases().get(actor, options.case_id).status());
  CORDON_ASSIGN_OR_RETURN(TextFile text, open_text_file(options.path));
  CsvReader reader(text.utf8());
  CsvRecord record;
  CORDON_ASSIGN_OR_RETURN(bool has_header, reader.next(record));
  if (!has_header)
    return Status::invalid("empty_file", options.path + " is empty; its first line must name the columns");
  if (!record.error.empty())
    return Status::invalid("csv.malformed_header", "the header row is malformed: " + record.error);
  CORDON_ASSIGN_OR_RETURN(auto at, parse_header(record.fields));

  // A contact list is one case's: small enough to read whole and record in one unit.
  std::vector<int64_t> lines;
  std::vector<Status> early;  // per row: why it was refused before the service
  std::vector<ExposureInput> inputs;
  auto cell = [&](const char* name) -> std::optional<std::string> {
    auto it = at.find(name);
    if (it == at.end() || it->second >= record.fields.size()) return std::nullopt;
    std::string v = trim(record.fields[it->second]);
    return v.empty() ? std::nullopt : std::optional<std::string>(v);
  };
  for (;;) {
    CORDON_ASSIGN_OR_RETURN(bool more, reader.next(record));
    if (!more) break;
    ++report.rows_read;
    lines.push_back(record.line);
    if (!record.error.empty()) {
      early.push_back(Status::invalid("csv.malformed", record.error));
      continue;
    }
    ExposureInput in;
    in.setting = cell("setting");
    in.first_date = cell("first_date");
    in.last_date = cell("last_date");
    in.place = cell("place");
    Status problem;
    if (auto id = cell("person_id")) {
      int64_t parsed = 0;
      auto r = std::from_chars(id->data(), id->data() + id->size(), parsed);
      if (r.ec == std::errc() && r.ptr == id->data() + id->size()) in.person_id = parsed;
      else problem = Status::invalid_field("person_id", "expected_integer", "person_id must be a whole number");
    } else if (auto number = cell("id_number")) {
      service::PersonListQuery q;
      q.q = *number;
      CORDON_ASSIGN_OR_RETURN(auto found, runtime.persons().list(actor, q));
      if (found.items.size() == 1) in.person_id = found.items[0].id;
      else problem = Status::invalid_field("id_number", "person_not_found", "no person registered with this document");
    } else {
      problem = Status::invalid_field("person_id", "required", "give person_id or id_number");
    }
    early.push_back(problem);
    if (problem.ok()) inputs.push_back(std::move(in));
  }

  std::FILE* errors_file = std::fopen(report.errors_path.c_str(), "wb");
  if (errors_file == nullptr)
    return Status::invalid("errors_file_unwritable", "cannot write the errors file " +
                                                         report.errors_path + ": " +
                                                         std::strerror(errno));
  auto results = runtime.exposures().import_for_case(actor, options.case_id, inputs);
  Status flushed;
  {
    CsvWriter errors(errors_file);
    errors.write_bom();
    errors.write({"line", "field", "code", "message"});
    size_t j = 0;
    for (size_t i = 0; results.ok() && i < lines.size(); ++i) {
      Status problem = early[i];
      if (problem.ok()) {
        const auto& r = (*results)[j++];
        if (r.outcome == service::ContactImportRow::Outcome::kCreated) ++report.created;
        if (r.outcome == service::ContactImportRow::Outcome::kExisting) ++report.existing;
        problem = r.status;
      }
      if (!problem.ok()) {
        ++report.rejected;
        write_problem(errors, lines[i], problem);
      }
    }
    flushed = errors.flush();
  }
  std::fclose(errors_file);
  if (!results.ok()) return results.status();
  CORDON_RETURN_IF_ERROR(flushed);
  return report;
}

}  // namespace cordon::cli
