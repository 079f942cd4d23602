// `cordon import contacts --case ID FILE.csv`: the contact list of one case, as health
// staff receive it from an investigation, recorded as exposures to the case's person.
//
// Columns (header row, any order): person_id or id_number (the contact, already
// registered), setting, last_date, and optionally first_date and place. The file is
// refused whole, before anything is written, for an unknown or missing column. The rows
// go to ExposureService::import_for_case in one unit: each good row is recorded (with
// the order the policy in force requires), a row already recorded is left as it is, a
// bad row is written to the errors file with its line number and reason.
#pragma once

#include <cstdint>
#include <string>

#include "cli/runtime.h"
#include "core/status.h"

namespace cordon::cli {

struct ContactImportOptions {
  std::string path;
  int64_t case_id = 0;
  std::string errors_path;  // empty: path + ".errors.csv"
};

struct ContactImportReport {
  int64_t rows_read = 0;
  int64_t created = 0;
  int64_t existing = 0;
  int64_t rejected = 0;
  std::string errors_path;
};

// Refusals before anything is written: invalid "empty_file", "csv.malformed_header",
// "csv.unknown_column", "csv.missing_column", "errors_file_unwritable"; not found
// ("case_not_found") for an unknown case.
Result<ContactImportReport> import_contacts(Runtime& runtime, const ContactImportOptions& options);

}  // namespace cordon::cli
