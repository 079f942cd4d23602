// Use cases of exposures (接触): record one, record the contacts of a case in bulk, import
// a contact list, read and list them, and show a case's close and secondary contacts.
//
// An exposure's category (close, secondary, none) is derived by the policy in force when
// it is recorded and re-derived whenever its source becomes a case or changes
// (service/tracing.h). An exposure that would close a cycle (A exposed to B while B is
// already downstream of A) is refused with conflict "exposure_cycle".
//
// Thread-safe: holds only references to the Context.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/case.h"
#include "service/context.h"

namespace cordon::service {

struct ExposureListQuery {
  std::optional<int64_t> jurisdiction_id;
  std::optional<int64_t> person_id;  // as the exposed person or the source
  std::optional<std::string> cursor;
  std::optional<std::string> limit;
};

struct ExposureList {
  std::vector<Exposure> items;
  std::optional<std::string> next_cursor;
};

// The contacts of one case.
struct CaseContacts {
  std::vector<Exposure> close;      // exposed to the case
  std::vector<Exposure> secondary;  // exposed to one of those
};

// One row's outcome in an import.
struct ContactImportRow {
  enum class Outcome { kCreated, kExisting, kRejected };
  Outcome outcome = Outcome::kRejected;
  Status status;  // why it was rejected
};

class ExposureService {
 public:
  explicit ExposureService(Context& ctx) : ctx_(ctx) {}

  // Records that input.person_id was exposed to input.source_person_id. Both persons must
  // lie inside the actor's jurisdiction (invalid "person_not_found" on the field).
  // Conflict "duplicate_exposure", "exposure_cycle". Idempotent with a key.
  Result<Exposure> create(const Actor& actor, const ExposureInput& input,
                          const std::optional<std::string>& idempotency_key = std::nullopt);

  // Records many contacts of case `case_id` in one unit: all or none. Each input's
  // source_person_id must be absent or the case's person; field errors are named
  // "contacts.N.field". A person listed twice in one setting is invalid
  // ("duplicate_in_request"). With a key, a retry returns the exposures the first
  // attempt recorded.
  Result<std::vector<Exposure>> create_for_case(
      const Actor& actor, int64_t case_id, const std::vector<ExposureInput>& contacts,
      const std::optional<std::string>& idempotency_key = std::nullopt);

  // Imports contact rows of case `case_id` in one unit: each valid row is recorded, a
  // row already recorded is left as it is, an invalid row is rejected with its reason.
  Result<std::vector<ContactImportRow>> import_for_case(const Actor& actor, int64_t case_id,
                                                        const std::vector<ExposureInput>& rows);

  Result<Exposure> get(const Actor& actor, int64_t id);
  Result<ExposureList> list(const Actor& actor, const ExposureListQuery& query);
  Result<CaseContacts> contacts_of_case(const Actor& actor, int64_t case_id);

 private:
  Context& ctx_;
};

}  // namespace cordon::service
