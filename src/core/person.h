// A person known to cordon (人员): a resident of a grid, an arrival, a contact.
//
// PersonInput is what a client submits; validate_person() turns it into a Person whose
// derived fields (name keys, sex and birth date from a resident ID, canonical phone and
// document number) are filled in, or reports every invalid field at once.
//
// Plain values; pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/name.h"
#include "core/resident_id.h"
#include "core/status.h"

namespace cordon {

// Vulnerability tags a person may carry.
inline constexpr std::string_view kPersonTags[] = {"elderly", "pregnant", "chronic_illness",
                                                   "disabled", "child", "lives_alone"};

struct Person {
  int64_t id = 0;
  std::string name;      // as written
  NameKeys name_keys;    // derived
  DocumentType id_type = DocumentType::kResidentId;
  std::optional<std::string> id_number;  // canonical
  Sex sex = Sex::kUnknown;
  std::optional<LocalDate> birth_date;
  std::optional<std::string> phone;  // 11 digits
  int64_t grid_id = 0;
  std::optional<int64_t> address_id;  // a node below the grid
  std::string address;                // free text, e.g. "3栋2单元501"
  std::vector<std::string> tags;
  Instant created_at;
  Instant updated_at;
  int64_t version = 1;
};

// Fields as submitted. Absent optionals mean "not given".
struct PersonInput {
  std::optional<std::string> name;
  std::optional<std::string> id_type;  // default resident_id when id_number is given
  std::optional<std::string> id_number;
  std::optional<std::string> sex;
  std::optional<std::string> birth_date;  // YYYY-MM-DD
  std::optional<std::string> phone;
  std::optional<int64_t> grid_id;
  std::optional<int64_t> address_id;
  std::optional<std::string> address;
  std::optional<std::vector<std::string>> tags;
};

// Validates a complete input (a create, or an update merged over the current values) and
// builds the person, with id, timestamps and version left for the caller.
//
// Rules: name required (1-50 characters); a resident ID is checked per GB 11643 and fixes
// sex and birth date (a submitted sex or birth date that contradicts it is invalid with
// code "contradicts_id_number"); phone must be a mainland mobile; birth date not after
// `today`; grid_id required; tags from kPersonTags. Every invalid field is reported.
Result<Person> validate_person(const PersonInput& input, LocalDate today);

// Applies `patch` over `current` (fields present in the patch win) into an input that
// validate_person() can check.
PersonInput merge_person_input(const Person& current, const PersonInput& patch);

// Masks for roles that do not see identifiers in full: a resident ID keeps its first 3 and
// last 4 characters (150***********0015), other documents their first 2 and last 2
// (E1****67); a mobile number keeps 3 and 4 (138****5678). Short values are fully masked.
std::string mask_document_number(DocumentType type, std::string_view number);
std::string mask_phone(std::string_view phone);

}  // namespace cordon
